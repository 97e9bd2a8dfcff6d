/* The call trace, pvhefi.trace on the command line (services/trace.c). */
#ifndef PVHEFI_TRACE_H
#define PVHEFI_TRACE_H

/* From now on every boot and runtime service call of the payload is logged on port 0xE9. */
void trace_install(void);

#endif
