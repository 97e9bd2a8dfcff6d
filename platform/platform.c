/*
 * Which VMM started us, and the machine's one description. The platforms are tried in the
 * order below; the generic PVH platform, last, takes any VMM. What every PVH VMM has in common
 * (start_info, ACPI, the BIOS area) is read here; a platform adds what is its own.
 */
#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/timer.h"
#include "lib/uefi.h"
#include "platform/acpi.h"
#include "platform/consoles.h"
#include "platform/describe.h"
#include "platform/platform.h"
#include "platform/smbios.h"
#include "platform/tsc.h"

#define BIOS_AREA 0xf0000
#define BIOS_AREA_LEN 0x10000

static const struct platform *const platforms[] = { &xen_platform, &pvh_platform };

static const struct platform *platform;
static struct description desc;
static struct machine *const m = &desc.machine;
/* ACPI is read before services/paging.c maps what lies above the first 4 GiB. */
static struct acpi_mem acpi_mem = { 0, LAYOUT_IDENTITY_MAPPED, false };
/* The revision-2 twin of a revision-0 RSDP, with its XSDT: ACPI reclaim memory for the OS. */
static uint8_t acpi_twin[4096] __attribute__((aligned(4096)));

/* The firmware's own end of the VM: why, on every console, then the plan. */
static void __attribute__((noreturn)) machine_exit(enum reset_kind kind)
{
	static int exiting;

	__asm__ volatile("cli");
	if (!exiting++) {
		log_printf("pvhefi: %s\n", kind == RESET_REBOOT ? "resetting" : "powering off");
		if (platform && platform->before_exit)
			platform->before_exit(kind);
		reset_now(&m->plan, kind);
	}
	/* Nothing ended the VM (or we failed on the way out): a reset, then wait for the VMM. */
	reset_now(&m->plan, RESET_REBOOT);
	for (;;)
		__asm__ volatile("hlt");
}

/* Messages go to the platform's consoles once it has set them, to port 0xE9 before. */
static void log_write(const char *s, size_t n)
{
	if (m->console_write)
		m->console_write(s, n);
	else
		debugcon_write(s, n);
}

static void __attribute__((noreturn)) fail(void)
{
	machine_exit(RESET_FAILURE);
}

static const struct log_sink sink = { log_write, debugcon_write, fail };

static const struct platform *find_platform(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(platforms); i++)
		if (platforms[i]->detect(m))
			return platforms[i];
	panic("no platform claims this machine"); /* the generic one always does */
}

/* A stated rate at once; else the PIT counts while we boot, and the first timer reads it. */
static void tsc_rate(void)
{
	const char *source;
	uint64_t hz = platform->tsc_hz(&source);

	if (!hz) {
		tsc_calibration_start();
		timer_set_tsc_measure(tsc_calibrated_hz);
		return;
	}
	timer_set_tsc_hz(hz);
	log_printf("pvhefi: TSC %lu.%03lu MHz (%s)\n", hz / 1000000, hz / 1000 % 1000, source);
}

static void keep(uint64_t addr, uint64_t size, uint32_t type)
{
	if (m->nr_kept < ARRAY_SIZE(desc.kept))
		desc.kept[m->nr_kept++] = (struct machine_range){ addr, size, type };
	m->kept = desc.kept;
}

/* The reset plan's memory-mapped registers (hardware-reduced ACPI: microvm), which the
 * runtime writes after ExitBootServices: the OS maps them for it. */
static void keep_registers(void)
{
	const struct io_reg *regs[] = { &m->plan.pm1a_cnt, &m->plan.sleep_ctrl, &m->plan.reset_reg };

	for (size_t i = 0; i < ARRAY_SIZE(regs); i++)
		if (regs[i]->space == IO_MEMORY)
			keep(regs[i]->address, 1, EfiMemoryMappedIO);
}

/* The VMM's RSDP when it is readable now and valid, else the BIOS area's. */
static uint64_t find_rsdp(void)
{
	if (desc.bi.rsdp && acpi_rsdp_check(&acpi_mem, desc.bi.rsdp) >= 0)
		return desc.bi.rsdp;
	return platform->bios_area ? acpi_scan_rsdp(&acpi_mem) : 0;
}

/* Once: ACPI structures the firmware could not read yet were treated as absent. */
static void report_unreadable_acpi(void)
{
	static bool said;

	if (acpi_mem.unreadable && !said) {
		said = true;
		log_printf("pvhefi: ACPI: a table above the first 4 GiB (not mapped yet) is treated as absent\n");
	}
}

/* The RSDP under the GUID its revision promises; a revision-0 one also gets a 2.0 twin. A 2.0
 * RSDP is not listed as 1.0: its RSDT may not exist (QEMU microvm builds an XSDT only). */
static void describe_acpi(uint64_t rsdp)
{
	int rev = rsdp ? acpi_rsdp_check(&acpi_mem, rsdp) : -1;

	if (rev < 0) {
		log_printf("pvhefi: no ACPI RSDP\n");
		return;
	}
	log_printf("pvhefi: ACPI RSDP revision %d at 0x%lx\n", rev, rsdp);
	if (rev >= 2) {
		m->acpi20 = (const void *)rsdp;
		return;
	}
	m->acpi10 = (const void *)rsdp;
	if (acpi_build_v2_rsdp(&acpi_mem, rsdp, acpi_twin, sizeof(acpi_twin)) == 0) {
		m->acpi20 = acpi_twin;
		keep((uint64_t)acpi_twin, sizeof(acpi_twin), EfiACPIReclaimMemory);
	}
}

/* Both kinds when the BIOS made both: they describe the same structure table. */
static void describe_smbios(void)
{
	struct smbios_entries found;

	smbios_scan((const void *)BIOS_AREA, BIOS_AREA_LEN, &found);
	m->smbios = found.ep32;
	m->smbios3 = found.ep64;
	if (found.ep32)
		log_printf("pvhefi: SMBIOS 2.x entry point at %p\n", found.ep32);
	if (found.ep64)
		log_printf("pvhefi: SMBIOS 3.x entry point at %p\n", found.ep64);
	if (!found.ep32 && !found.ep64)
		log_printf("pvhefi: no SMBIOS entry point\n");
}

const struct machine *platform_detect(uint32_t start_info_paddr, uint64_t firmware_end)
{
	const char *err;
	uint64_t rsdp;

	log_set_sink(&sink);
	m->exit = machine_exit;
	platform = find_platform();
	tsc_rate();
	log_printf("pvhefi: PVH UEFI firmware on %s\n", platform->name);
	if (platform->describe)
		platform->describe(m);

	err = start_info_parse(start_info_paddr, LAYOUT_IDENTITY_MAPPED, &desc.bi);
	rsdp = find_rsdp(); /* even for a bad start_info: ACPI is how the VM ends */
	acpi_read_power(&acpi_mem, rsdp, &m->plan);
	report_unreadable_acpi();
	if (err)
		panic("%s", err);
	log_printf("pvhefi: start_info v%u: %u memory ranges, %u modules, cmdline \"%s\"\n",
		   desc.bi.version, desc.bi.nr_memmap, desc.bi.nr_modules, desc.bi.cmdline);
	if ((err = describe_start_info(&desc, platform->memory_map, (uint64_t)__image_start,
				       firmware_end)))
		panic("%s", err);
	describe_acpi(rsdp);
	report_unreadable_acpi();
	keep_registers();
	if (platform->bios_area)
		describe_smbios();
	return m;
}
