/* Xen: detection, hypercalls (boot/xen.c) and the PV console (boot/xen_console.c). */
#ifndef PVHEFI_XEN_PLATFORM_H
#define PVHEFI_XEN_PLATFORM_H

/* The current hypercall ABI: without it xen.h maps sched_op to its pre-3.2 form. Include this
 * header before any other Xen header. */
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ 0x00040e00
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>

#if __XEN_INTERFACE_VERSION__ < 0x00040e00
#error "a Xen header came before xen_platform.h"
#endif

#include "boot_info.h"

/* Finds Xen's CPUID leaves and installs the hypercall page; then the PV console. False (and
 * nothing changes) when not running on Xen. */
bool xen_init(void);
bool xen_present(void);
/* The first of Xen's CPUID leaves (0x40000000 + 0x100 * i), or 0 when not on Xen. */
uint32_t xen_cpuid_base(void);

/* Xen fills it with one 32-byte call stub per hypercall (boot/xen.c, in runtime code). */
extern uint8_t xen_hypercall_page[4096];

/* A two-argument hypercall: returns what Xen returns in rax (0 or -errno). */
long xen_hypercall2(unsigned int op, uint64_t a1, uint64_t a2);
/* HVMOP_get_param for this domain: 0 and *value, or -errno. */
long xen_get_param(uint32_t index, uint64_t *value);

/* The E820 map Xen holds for this domain (XENMEM_memory_map): ranges written, 0 when not on
 * Xen or the call failed. For start_info version 0, which has no map. */
uint32_t xen_memory_map(struct boot_range *out, uint32_t max);

/* Ends the domain with a SHUTDOWN_* reason, after the PV console drained (bounded wait).
 * Returns only when not on Xen or Xen refused. */
void xen_shutdown(unsigned int reason);

/* The PV console ring (HVM_PARAM_CONSOLE_PFN/EVTCHN); all no-ops until found. */
bool xen_console_init(void);
void xen_console_write(const char *s, size_t n);
/* Next byte the backend sent, or -1. */
int xen_console_read_byte(void);
/* Waits (bounded) until the backend has read everything written. */
void xen_console_flush(void);

#endif
