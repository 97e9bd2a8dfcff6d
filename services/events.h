/* Events, timers and TPL (services/events.c), polled: the firmware runs without interrupts. */
#ifndef PVHEFI_EVENTS_H
#define PVHEFI_EVENTS_H

#include <efi.h>

/* Fills RaiseTPL, RestoreTPL, CreateEvent, CreateEventEx, SetTimer, WaitForEvent, SignalEvent,
 * CloseEvent, CheckEvent. */
void events_install(EFI_BOOT_SERVICES *bs);
/* Internal use (e.g. the console's WaitForKey): same semantics as the boot services. */
EFI_STATUS event_create(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn, void *ctx, EFI_EVENT *ev);
EFI_STATUS event_signal(EFI_EVENT ev);
EFI_STATUS event_set_timer(EFI_EVENT ev, EFI_TIMER_DELAY type, UINT64 time_100ns);
/* Signals every event of a group, e.g. EFI_EVENT_GROUP_EXIT_BOOT_SERVICES. */
void events_signal_group(const EFI_GUID *group);
/* Runs timers that expired and pending notifications; called while the firmware polls. */
void events_poll(void);
/* The current TPL; RestoreTPL for the firmware (StartImage puts its caller's TPL back). */
EFI_TPL events_tpl(void);
void events_restore_tpl(EFI_TPL tpl);

#endif
