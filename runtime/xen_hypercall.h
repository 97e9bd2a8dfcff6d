/*
 * Xen's hypercall page and the hypercall ABI (runtime/xen_hypercall.c), part of the runtime
 * unit: ResetSystem calls Xen after ExitBootServices. Include this header
 * before any other Xen header: it selects the current hypercall interface.
 */
#ifndef PVHEFI_XEN_HYPERCALL_H
#define PVHEFI_XEN_HYPERCALL_H

/* The current hypercall ABI: without it xen.h maps sched_op to its pre-3.2 form. */
#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ 0x00040e00
#endif

#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>

#if __XEN_INTERFACE_VERSION__ < 0x00040e00
#error "a Xen header came before xen_hypercall.h"
#endif

#pragma GCC visibility push(default) /* exports of the runtime unit */

/*
 * Xen fills it with one 32-byte call stub per hypercall when the platform writes its address
 * to Xen's MSR. It leads the runtime code: ResetSystem still calls it after ExitBootServices.
 */
extern uint8_t xen_hypercall_page[4096];

/* A two-argument hypercall: returns what Xen returns in rax (0 or -errno). Runtime code. */
long xen_hypercall2(unsigned int op, uint64_t a1, uint64_t a2);

#pragma GCC visibility pop

#endif
