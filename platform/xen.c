/*
 * Xen PVH: found through its CPUID leaves. Consoles are the PV console ring and port 0xE9 (into
 * Xen's log); the memory map may come from Xen when start_info has none; the TSC rate is Xen's
 * CPUID time leaf; the wall clock is read once from the shared-info page and carried on with
 * the TSC; the VM ends by hypercall.
 */
#include "platform/xen.h"

#include <xen/arch-x86/cpuid.h>
#include <xen/hvm/hvm_op.h>
#include <xen/memory.h>

#include "lib/io.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/timer.h"
#include "platform/consoles.h"
#include "platform/platform.h"
#include "platform/tsc.h"

#define NS_PER_S 1000000000ULL

static uint32_t cpuid_base;
/* Where the shared-info page is mapped for one reading of the wall clock. */
static uint8_t shared_page[4096] __attribute__((aligned(4096)));

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

/* Nanoseconds since the epoch at TSC value *tsc, from a consistent reading of both clocks. */
static uint64_t wall_clock_ns(const struct shared_info *si, uint64_t *tsc)
{
	const volatile struct vcpu_time_info *t = &si->vcpu_info[0].time;
	uint32_t wc_version, version;
	uint64_t wc, delta, system;

	do {
		wc_version = si->wc_version;
		compiler_barrier();
		wc = ((uint64_t)si->wc_sec_hi << 32 | si->wc_sec) * NS_PER_S + si->wc_nsec;
		compiler_barrier();
	} while ((wc_version & 1) || wc_version != si->wc_version);
	do {
		version = t->version;
		compiler_barrier();
		*tsc = rdtsc();
		delta = *tsc - t->tsc_timestamp;
		delta = t->tsc_shift >= 0 ? delta << t->tsc_shift : delta >> -t->tsc_shift;
		system = t->system_time + (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		compiler_barrier();
	} while ((version & 1) || version != t->version);
	return wc + system;
}

/*
 * The wall clock, read through the shared-info page mapped over a page of ours, which then
 * becomes RAM again: the OS maps shared info for itself, and would leave a hole here.
 */
static void read_wall_clock(struct runtime_clock *clock, uint64_t tsc_hz)
{
	xen_pfn_t pfn = (uintptr_t)shared_page >> 12;
	struct xen_add_to_physmap add = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
					  .gpfn = pfn };
	struct xen_remove_from_physmap remove = { .domid = DOMID_SELF, .gpfn = pfn };
	struct xen_memory_reservation back = { .nr_extents = 1, .domid = DOMID_SELF };
	uint64_t ns, tsc;

	if (xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, (uint64_t)(uintptr_t)&add))
		return; /* no clock: GetTime stays unsupported */
	ns = wall_clock_ns((const struct shared_info *)shared_page, &tsc);
	set_xen_guest_handle(back.extent_start, &pfn);
	if (xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_remove_from_physmap, (uint64_t)(uintptr_t)&remove) ||
	    xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_populate_physmap, (uint64_t)(uintptr_t)&back) != 1)
		panic("Xen: cannot give back the page the shared info was read through");
	/* The TSC at the last whole second: kHz keeps the product in 64 bits. */
	*clock = (struct runtime_clock){ CLOCK_TSC, ns / NS_PER_S,
					 tsc - ns % NS_PER_S * (tsc_hz / 1000) / 1000000, tsc_hz };
}

/* Once the TSC's rate is known: the wall clock it carries on. */
static void describe(struct machine *m)
{
	read_wall_clock(&m->plan.clock, timer_tsc_hz());
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
	.describe = describe,
	.before_exit = before_exit,
};
