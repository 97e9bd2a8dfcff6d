/* Ends the VM: a Xen shutdown hypercall on Xen, else ACPI S5, then every reset path a PC-like
 * VMM offers. */
#include "xen_platform.h"

#include "acpi.h"
#include "io.h"
#include "log.h"
#include "platform.h"

#define SLP_EN (1u << 13)
#define HWR_SLP_EN (1u << 5)

static struct acpi_power power;

void platform_init_power(uint64_t rsdp)
{
	acpi_read_power(rsdp, &power);
}

const struct acpi_power *platform_power(void)
{
	return &power;
}

static void gas_write8(const struct acpi_gas *g, uint8_t v)
{
	if (g->space_id == 1)
		outb((uint16_t)g->address, v);
	else if (g->space_id == 0)
		*(volatile uint8_t *)g->address = v;
}

static void acpi_poweroff(void)
{
	if (power.have_sleep_ctrl)
		gas_write8(&power.sleep_ctrl, (uint8_t)(((power.s5_typ & 7) << 2) | HWR_SLP_EN));
	if (power.have_pm1a)
		outw(power.pm1a_cnt, (uint16_t)(((power.s5_typ & 7) << 10) | SLP_EN));
}

static void reset(void)
{
	if (power.have_reset)
		gas_write8(&power.reset_reg, power.reset_value);
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06); /* PCI reset control: full reset */
	outb(0x64, 0xfe); /* keyboard controller pulse */
}

/* Xen PVH has neither ACPI sleep registers nor reset ports: the domain ends by hypercall,
 * and a failure ends it as a crash, so the toolstack reports (or preserves) it as one. */
static const struct {
	unsigned int reason;
	const char *name;
} xen_exits[] = {
	[PLATFORM_EXIT_SUCCESS] = { SHUTDOWN_poweroff, "poweroff" },
	[PLATFORM_EXIT_FAILURE] = { SHUTDOWN_crash, "crash" },
	[PLATFORM_EXIT_RESET] = { SHUTDOWN_reboot, "reboot" },
};

void platform_exit(enum platform_exit_kind kind)
{
	static int exiting;

	__asm__ volatile("cli");
	if (!exiting++) {
		log_printf("pvhefi: %s\n", kind == PLATFORM_EXIT_RESET ? "resetting" : "powering off");
		if (xen_present())
			log_printf("pvhefi: Xen shutdown: %s\n", xen_exits[kind].name);
		xen_shutdown(xen_exits[kind].reason);
		if (kind != PLATFORM_EXIT_RESET)
			acpi_poweroff();
	}
	xen_shutdown(SHUTDOWN_crash); /* we failed on the way out, or Xen refused the reason */
	reset();
	for (;;) /* nothing stopped us: wait with interrupts off for the VMM to notice */
		__asm__ volatile("hlt");
}
