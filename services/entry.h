/* The payload's way into the boot services, and the call trace (services/entry.c). */
#ifndef PVHEFI_ENTRY_H
#define PVHEFI_ENTRY_H

#include <stdbool.h>

/* Gives the payload the table of entries: every service lets due timers fire first. */
void entries_install(void);
/* From now on every boot and runtime service call of the payload is logged on port 0xE9. */
void trace_enable(void);
/* True once trace_enable ran: protocols the payload calls trace their own members then. */
bool trace_enabled(void);

#endif
