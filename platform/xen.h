/* Xen PVH (platform/xen.c) and its PV console (platform/xen_console.c). */
#ifndef PVHEFI_XEN_H
#define PVHEFI_XEN_H

#include "runtime/xen_hypercall.h" /* first: it selects the hypercall interface */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HVMOP_get_param for this domain: 0 and *value, or -errno. */
long xen_get_param(uint32_t index, uint64_t *value);

/* The PV console ring (HVM_PARAM_CONSOLE_PFN/EVTCHN); every call a no-op until it is found. */
bool xen_console_init(void);
void xen_console_write(const char *s, size_t n);
/* Next byte the backend sent, or -1. */
int xen_console_read_byte(void);
/* Waits (bounded) until the backend has read everything written. */
void xen_console_flush(void);

#endif
