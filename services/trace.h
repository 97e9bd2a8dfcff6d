/* The call trace, pvhefi.trace on the command line (services/trace.c). */
#ifndef PVHEFI_TRACE_H
#define PVHEFI_TRACE_H

#include <stdbool.h>

/* From now on every boot and runtime service call of the payload is logged on port 0xE9. */
void trace_install(void);
/* True once trace_install ran: protocols the payload calls trace their own members then. */
bool trace_enabled(void);

#endif
