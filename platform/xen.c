/*
 * Xen PVH: found through its CPUID leaves. Consoles are the PV console ring and port 0xE9 (into
 * Xen's log); the memory map may come from Xen when start_info has none; the TSC rate is Xen's
 * CPUID time leaf; the VM ends by hypercall.
 */
#include "platform/xen.h"

#include <xen/arch-x86/cpuid.h>
#include <xen/hvm/hvm_op.h>
#include <xen/memory.h>

#include "lib/io.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "platform/consoles.h"
#include "platform/platform.h"
#include "platform/tsc.h"

#define CPUID_HYPERVISOR (1u << 31) /* leaf 1, ECX */

static uint32_t cpuid_base;

/* The first of Xen's CPUID leaves (0x40000000 + 0x100 * i), or 0 when not on Xen. */
static uint32_t find_cpuid_base(void)
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

static void console_write(const char *s, size_t n)
{
	debugcon_write(s, n);
	xen_console_write(s, n);
}

/* Installs the hypercall page; then the PV console, before the first message. */
static bool detect(struct machine *m)
{
	uint32_t base = find_cpuid_base(), version, pages, msr, b, c, d;

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
	cpuid_base = base;
	m->console_write = console_write;
	m->console_read = xen_console_read_byte;
	m->plan.xen = true;
	xen_console_init();
	log_printf("pvhefi: Xen %u.%u (CPUID 0x%x)\n", version >> 16, version & 0xffff, base);
	return true;
}

long xen_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, (uint64_t)(uintptr_t)&p);

	*value = p.value;
	return rc;
}

/* Xen's time leaf (ECX: the guest's TSC kHz) states the rate the guest sees. */
static uint64_t tsc_hz(const char **source)
{
	uint32_t max, b, c, d;

	cpuid(cpuid_base, 0, &max, &b, &c, &d);
	if (max >= cpuid_base + 3) {
		cpuid(cpuid_base + 3, 0, &max, &b, &c, &d);
		if (c) {
			*source = "Xen CPUID time leaf";
			return (uint64_t)c * 1000 + 999;
		}
	}
	return tsc_stated_hz(source);
}

/* An E820 entry as XENMEM_memory_map writes it (the BIOS format: Xen's public headers leave
 * the buffer untyped). */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

/* The map Xen holds for this domain: for start_info version 0, which has none. */
static uint32_t memory_map(struct boot_range *out, uint32_t max)
{
	static struct e820_entry e820[BOOT_MAX_MEMMAP];
	struct xen_memory_map map = { .nr_entries = MIN(max, ARRAY_SIZE(e820)) };

	set_xen_guest_handle(map.buffer, e820);
	if (xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map, (uint64_t)(uintptr_t)&map))
		return 0;
	map.nr_entries = MIN(map.nr_entries, max);
	for (uint32_t i = 0; i < map.nr_entries; i++)
		out[i] = (struct boot_range){ e820[i].addr, e820[i].size, e820[i].type };
	return map.nr_entries;
}

/* A failure ends the domain as a crash, so the toolstack reports (or preserves) it as one. */
static void before_exit(enum reset_kind kind)
{
	log_printf("pvhefi: Xen shutdown: %s\n", kind == RESET_POWER_OFF ? "poweroff" :
						 kind == RESET_REBOOT	 ? "reboot" :
									   "crash");
	xen_console_flush();
}

const struct platform xen_platform = {
	.name = "Xen PVH",
	.detect = detect,
	.tsc_hz = tsc_hz,
	.memory_map = memory_map,
	.before_exit = before_exit,
};
