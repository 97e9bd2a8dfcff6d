/* Shared by the event service tests (tests/unit/events_fixture.c). */
#ifndef PVHEFI_EVENTS_FIXTURE_H
#define PVHEFI_EVENTS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/uefi.h"

/* The fake clock: timer_us() reads now_us, then moves it on by auto_step. */
extern uint64_t now_us, auto_step;
/* The protocol database's hook: how often an event was closed, and the last one. */
extern int closed_calls;
extern EFI_EVENT last_closed;
/* The runtime's list of virtual-address-change notifications (room for two). */
extern EFI_EVENT va_events[2];

/* The table under test, filled by setup() before each test. */
extern EFI_BOOT_SERVICES bs;

/* A notify function's context: probe_fn logs its name in order[] and the TPL it ran at. */
struct probe {
	char name;
	int calls;
	EFI_TPL tpl;
	EFI_EVENT signal_me; /* for EVT_NOTIFY_WAIT: signalled by the function */
	int close_self;
	EFI_EVENT reused; /* with close_self: a new event, signalled, made after the close */
};

extern char order[64];
extern size_t norder;

VOID EFIAPI probe_fn(EFI_EVENT ev, VOID *ctx);
int setup(void **state);
/* A new event, asserted to succeed; p (or NULL) is probe_fn's context. */
EFI_EVENT make(UINT32 type, EFI_TPL tpl, struct probe *p);

#endif
