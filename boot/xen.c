/*
 * Xen: found through its CPUID leaves. A PVH guest has no firmware interface to Xen but
 * hypercalls, which go through a page Xen fills with the right instruction (vmcall/vmmcall).
 */
#include "xen_platform.h"

#include <xen/arch-x86/cpuid.h>
#include <xen/hvm/hvm_op.h>
#include <xen/memory.h>

#include "io.h"
#include "lib.h"
#include "log.h"
#include "runtime.h"

#define CPUID_HYPERVISOR (1u << 31) /* leaf 1, ECX */
#define HYPERCALL_STUB_SIZE 32

/* In the runtime code region (kept by the OS, executable): ResetSystem still calls it after
 * ExitBootServices. Xen writes it, so page-table permissions do not matter to Xen. */
uint8_t xen_hypercall_page[4096] __attribute__((section(".rtcode.hypercall"), aligned(4096)));
static bool present;

/* An E820 entry as XENMEM_memory_map writes it (the BIOS format: Xen's public headers leave
 * the buffer untyped). */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static struct e820_entry e820_buf[BOOT_MAX_MEMMAP];

uint32_t xen_cpuid_base(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID_HYPERVISOR))
		return 0;
	/* Other hypervisor interfaces (Viridian) may come first: Xen takes the next free 0x100. */
	for (uint32_t base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
		cpuid(base, 0, &a, &b, &c, &d);
		if (b == XEN_CPUID_SIGNATURE_EBX && c == XEN_CPUID_SIGNATURE_ECX &&
		    d == XEN_CPUID_SIGNATURE_EDX && a >= base + 2)
			return base;
	}
	return 0;
}

bool xen_init(void)
{
	uint32_t base = xen_cpuid_base(), version, pages, msr, b, c, d;

	if (!base)
		return false;
	cpuid(base + 1, 0, &version, &b, &c, &d);
	cpuid(base + 2, 0, &pages, &msr, &c, &d);
	wrmsr(msr, (uint64_t)(uintptr_t)xen_hypercall_page);
	/* Every stub begins with "mov $nr, %eax": a zero byte means Xen wrote nothing. */
	if (pages < 1 || xen_hypercall_page[0] == 0) {
		log_printf("pvhefi: Xen %u.%u gave no hypercall page\n", version >> 16, version & 0xffff);
		return false;
	}
	present = true;
	xen_console_init(); /* first: this line goes there too */
	log_printf("pvhefi: Xen %u.%u (CPUID 0x%x)\n", version >> 16, version & 0xffff, base);
	return true;
}

bool xen_present(void)
{
	return present;
}

/*
 * The 64-bit hypercall ABI: arguments in rdi, rsi, rdx, r10, r8, the result in rax. Debug
 * builds of Xen scribble on the argument registers a hypercall does not use. Runtime code: the
 * runtime ResetSystem calls it too, so it finds the page RIP-relative, at whatever address the
 * OS maps the runtime region.
 */
RTCODE long xen_hypercall2(unsigned int op, uint64_t a1, uint64_t a2)
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

long xen_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, (uint64_t)(uintptr_t)&p);

	*value = p.value;
	return rc;
}

uint32_t xen_memory_map(struct boot_range *out, uint32_t max)
{
	struct xen_memory_map map = { .nr_entries = MIN(max, ARRAY_SIZE(e820_buf)) };

	if (!present)
		return 0;
	set_xen_guest_handle(map.buffer, e820_buf);
	if (xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map, (uint64_t)(uintptr_t)&map))
		return 0;
	for (uint32_t i = 0; i < map.nr_entries && i < max; i++)
		out[i] = (struct boot_range){ e820_buf[i].addr, e820_buf[i].size, e820_buf[i].type };
	return MIN(map.nr_entries, max);
}

void xen_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	if (!present)
		return;
	xen_console_flush();
	xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)(uintptr_t)&s);
}
