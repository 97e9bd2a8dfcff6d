/*
 * Hypercalls. A PVH guest has no firmware interface to Xen but hypercalls, which go through a
 * page Xen fills with the right instruction (vmcall or vmmcall).
 */
#include "runtime/xen_hypercall.h"

#define HYPERCALL_STUB_SIZE 32

/* Xen writes it, so page-table permissions do not matter to Xen; it is executed, so it is
 * runtime code (runtime/unit.ld puts it first), kept by the OS. */
uint8_t xen_hypercall_page[4096] __attribute__((section(".rtcode.hypercall"), aligned(4096)));

/*
 * The 64-bit hypercall ABI: arguments in rdi, rsi, rdx, r10, r8, the result in rax. Debug
 * builds of Xen scribble on the argument registers a hypercall does not use. The page is found
 * RIP-relative, at whatever address the OS maps the runtime region.
 */
long xen_hypercall2(unsigned int op, uint64_t a1, uint64_t a2)
{
	register uint64_t rdi __asm__("rdi") = a1;
	register uint64_t rsi __asm__("rsi") = a2;
	uint8_t *page;
	long ret;

	__asm__("lea xen_hypercall_page(%%rip), %0" : "=r"(page));
	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+r"(rdi), "+r"(rsi)
			 : [stub] "r"(page + op * HYPERCALL_STUB_SIZE)
			 : "rdx", "r10", "r8", "memory", "cc");
	return ret;
}
