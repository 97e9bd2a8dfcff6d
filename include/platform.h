/* Ending the VM: ACPI S5 or a reset (QEMU's -no-reboot turns it into an exit). */
#ifndef PVHEFI_PLATFORM_H
#define PVHEFI_PLATFORM_H

#include <stdint.h>

enum platform_exit_kind {
	PLATFORM_EXIT_SUCCESS,
	PLATFORM_EXIT_FAILURE,
	PLATFORM_EXIT_RESET,
};

struct acpi_power;

void platform_init_power(uint64_t rsdp);
/* The power-off and reset registers found in the FADT (for the runtime ResetSystem). */
const struct acpi_power *platform_power(void);
void platform_exit(enum platform_exit_kind kind) __attribute__((noreturn));

#endif
