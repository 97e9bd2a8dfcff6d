/*
 * ResetSystem. Before ExitBootServices it is the firmware's own way out (boot/power.c: the
 * reason on the console, the Xen console drained, then Xen's shutdown hypercall, ACPI S5 or a
 * reset). After it only runtime code may run: Xen's hypercall page, or the I/O ports the FADT
 * names. It is not claimed in EFI_RT_PROPERTIES_TABLE: on microvm the sleep register is MMIO
 * that the OS does not map for the firmware, so a runtime power-off could not be kept there.
 */
#include "xen_platform.h"

#include "acpi.h"
#include "io.h"
#include "log.h"
#include "platform.h"
#include "runtime.h"

#define SLP_EN (1u << 13)

/*
 * What ResetSystem needs at runtime. It lies beside the code, in the same runtime region, and
 * the code reads it RIP-relative: so it is found at whatever address the OS maps the region.
 */
static struct {
	UINT8 at_runtime, on_xen, have_pm1a, s5_typ, have_reset_io, reset_value;
	UINT16 pm1a_cnt, reset_io;
} plan __attribute__((section(".rtcode.plan")));

static RTCODE void xen_shutdown_now(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (uint64_t)&arg);
}

/* QEMU acts on an S5 or reset write from its main loop, a moment later: give it that moment
 * (bounded: about a second or less) before admitting that nothing happened. */
static RTCODE void wait_for_vmm(void)
{
	for (UINT64 i = 0; i < 100000000; i++)
		__asm__ volatile("pause");
}

/* The spec's ResetSystem does not return; gnu-efi's type returns a status: what could not be done. */
static RTCODE EFI_STATUS EFIAPI reset_system(EFI_RESET_TYPE type, EFI_STATUS status, UINTN size, CHAR16 *data)
{
	if (!plan.at_runtime) {
		log_printf("pvhefi: ResetSystem(%s) called by the payload\n",
			   type == EfiResetShutdown ? "shutdown" : "reset");
		platform_exit(type == EfiResetShutdown ? PLATFORM_EXIT_SUCCESS : PLATFORM_EXIT_RESET);
	}
	if (plan.on_xen)
		xen_shutdown_now(type == EfiResetShutdown ? SHUTDOWN_poweroff : SHUTDOWN_reboot);
	if (type == EfiResetShutdown) {
		if (!plan.have_pm1a)
			return EFI_UNSUPPORTED;
		outw(plan.pm1a_cnt, (uint16_t)(((plan.s5_typ & 7) << 10) | SLP_EN));
		wait_for_vmm();
		return EFI_DEVICE_ERROR;
	}
	if (plan.have_reset_io)
		outb(plan.reset_io, plan.reset_value);
	outb(0xcf9, 0x06);
	wait_for_vmm();
	return EFI_DEVICE_ERROR;
}

void reset_install(EFI_RUNTIME_SERVICES *rt)
{
	const struct acpi_power *pw = platform_power();

	plan.on_xen = xen_present();
	plan.have_pm1a = pw->have_pm1a;
	plan.pm1a_cnt = pw->pm1a_cnt;
	plan.s5_typ = pw->s5_typ;
	plan.have_reset_io = pw->have_reset && pw->reset_reg.space_id == 1;
	plan.reset_io = (UINT16)pw->reset_reg.address;
	plan.reset_value = pw->reset_value;
	rt->ResetSystem = reset_system;
}

void reset_enter_runtime(void)
{
	plan.at_runtime = 1;
}
