/*
 * Any VMM that starts a PVH ELF (QEMU -kernel on q35, pc and microvm): the platform tried last.
 * Consoles are COM1 when a 16550 answers and port 0xE9; the TSC's rate is the one CPUID states,
 * else measured against the PIT; a BIOS (SeaBIOS, qboot) may have left an RSDP and SMBIOS entry
 * points below 1 MiB; the clock is the CMOS RTC when one answers; the VM ends through ACPI S5
 * or a reset.
 */
#include "platform/consoles.h"
#include "platform/platform.h"
#include "platform/tsc.h"

static void console_write(const char *s, size_t n)
{
	uart_write(s, n);
	debugcon_write(s, n);
}

static bool detect(struct machine *m)
{
	uart_init();
	m->console_write = console_write;
	m->console_read = uart_read_byte;
	if (rtc_present()) /* pc, q35; microvm unless rtc=off */
		m->plan.clock.kind = CLOCK_CMOS;
	return true;
}

const struct platform pvh_platform = {
	.name = "generic PVH",
	.detect = detect,
	.tsc_hz = tsc_stated_hz,
	.bios_area = true,
};
