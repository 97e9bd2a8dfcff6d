/*
 * Ending the VM, for the firmware's own exit and for ResetSystem: one sequence, following the
 * plan the platform made. ResetSystem has a boot-time variant (the firmware's exit: the reason
 * on the console, consoles drained) until ExitBootServices; this is the runtime one.
 */
#include "runtime/xen_hypercall.h"

#include "lib/io.h"
#include "runtime/internal.h"

#define SLP_EN (1u << 13)
#define HWR_SLP_EN (1u << 5)
#define PORT_RESET_CONTROL 0xcf9
#define RESET_CONTROL_SYS 0x02
#define RESET_CONTROL_CPU 0x04
#define PORT_KBC 0x64
#define KBC_PULSE_RESET 0xfe

/* The plan ResetSystem follows after ExitBootServices. */
static struct runtime_plan rt_plan;

static void write8(const struct io_reg *r, uint8_t v)
{
	if (r->space == IO_PORT)
		outb((uint16_t)r->address, v);
	else if (r->space == IO_MEMORY)
		*(volatile uint8_t *)r->address = v;
}

static void write16(const struct io_reg *r, uint16_t v)
{
	if (r->space == IO_PORT)
		outw((uint16_t)r->address, v);
	else if (r->space == IO_MEMORY)
		*(volatile uint16_t *)r->address = v;
}

/* QEMU acts on an S5 or reset write from its main loop, a moment later: give it that moment
 * (bounded: about a second or less) before admitting that nothing happened. */
static void wait_for_vmm(void)
{
	for (uint64_t i = 0; i < 100000000; i++)
		cpu_relax();
}

static void xen_shutdown(enum reset_kind kind)
{
	struct sched_shutdown arg = { .reason = kind == RESET_POWER_OFF ? SHUTDOWN_poweroff :
					       kind == RESET_REBOOT	  ? SHUTDOWN_reboot :
									    SHUTDOWN_crash };

	xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)&arg);
}

bool reset_now(const struct runtime_plan *plan, enum reset_kind kind)
{
	if (plan->xen) {
		xen_shutdown(kind);
		return true;
	}
	if (kind != RESET_REBOOT) {
		if (!plan->sleep_ctrl.space && !plan->pm1a_cnt.space)
			return false;
		write8(&plan->sleep_ctrl, (uint8_t)(((plan->s5_typ & 7) << 2) | HWR_SLP_EN));
		write16(&plan->pm1a_cnt, (uint16_t)(((plan->s5_typ & 7) << 10) | SLP_EN));
	} else {
		write8(&plan->reset_reg, plan->reset_value);
		outb(PORT_RESET_CONTROL, RESET_CONTROL_SYS);
		outb(PORT_RESET_CONTROL, RESET_CONTROL_SYS | RESET_CONTROL_CPU); /* full reset */
		outb(PORT_KBC, KBC_PULSE_RESET);
	}
	wait_for_vmm();
	return true;
}

/* The spec's ResetSystem does not return; gnu-efi's type returns a status: what could not be done. */
EFI_STATUS EFIAPI rt_reset_system(EFI_RESET_TYPE type, EFI_STATUS status, UINTN size, CHAR16 *data)
{
	trace_rt("pvhefi: trace: runtime ResetSystem(%u)\n", type);
	if (!reset_now(&rt_plan, type == EfiResetShutdown ? RESET_POWER_OFF : RESET_REBOOT))
		return EFI_UNSUPPORTED;
	return EFI_DEVICE_ERROR;
}

void reset_set_plan(const struct runtime_plan *plan)
{
	rt_plan = *plan;
}

/* Claimed in EFI_RT_PROPERTIES_TABLE where a reset and a power-off both work from the OS:
 * Xen's hypercall, or an ACPI sleep register beside the reset ports or register. */
bool reset_claimed(void)
{
	return rt_plan.xen || ((rt_plan.pm1a_cnt.space || rt_plan.sleep_ctrl.space) &&
			       (rt_plan.reset_reg.space || rt_plan.pm1a_cnt.space));
}

static void convert_register(struct io_reg *r, EFI_STATUS (*convert)(UINT64 *address))
{
	if (r->space == IO_MEMORY && convert(&r->address) != EFI_SUCCESS)
		r->space = IO_NONE; /* unmapped by the OS: not ours to write any more */
}

void reset_convert_registers(EFI_STATUS (*convert)(UINT64 *address))
{
	convert_register(&rt_plan.pm1a_cnt, convert);
	convert_register(&rt_plan.sleep_ctrl, convert);
	convert_register(&rt_plan.reset_reg, convert);
}
