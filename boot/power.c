/* Ends the VM: ACPI S5 first, then every reset path a PC-like VMM offers. */
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

void platform_exit(enum platform_exit_kind kind)
{
	static int exiting;

	__asm__ volatile("cli");
	if (!exiting++) {
		log_printf("pvhefi: %s\n", kind == PLATFORM_EXIT_RESET ? "resetting" : "powering off");
		if (kind != PLATFORM_EXIT_RESET)
			acpi_poweroff();
	}
	reset();
	for (;;) /* nothing stopped us: wait with interrupts off for the VMM to notice */
		__asm__ volatile("hlt");
}
