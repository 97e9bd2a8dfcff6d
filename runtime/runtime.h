/*
 * The runtime: what must keep working after ExitBootServices, when the OS owns the machine.
 * Its code lives in .rtcode and its data in .rtdata: the memory map marks both
 * EFI_MEMORY_RUNTIME, so the OS keeps them and maps them where SetVirtualAddressMap says.
 * Runtime code reaches only runtime code and data, and never prints: the console is the OS's.
 */
#ifndef PVHEFI_RUNTIME_H
#define PVHEFI_RUNTIME_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

#define RTCODE __attribute__((section(".rtcode")))
#define RTDATA __attribute__((section(".rtdata")))

/* A register a reset or power-off writes: an I/O port or a memory address. */
enum io_space { IO_NONE, IO_PORT, IO_MEMORY };
struct io_reg {
	uint8_t space; /* enum io_space */
	uint64_t address;
};

/* How this machine powers off and resets: filled by the platform, used at boot and at runtime. */
struct runtime_plan {
	bool xen; /* SCHEDOP_shutdown through the hypercall page */
	struct io_reg pm1a_cnt; /* ACPI PM1a control: SLP_TYPa | SLP_EN, 16 bits */
	struct io_reg sleep_ctrl; /* hardware-reduced ACPI (microvm): SLP_TYPa | SLP_EN, 8 bits */
	uint8_t s5_typ; /* SLP_TYPa of \_S5 */
	struct io_reg reset_reg; /* the FADT's reset register, 8 bits */
	uint8_t reset_value;
};

enum reset_kind { RESET_POWER_OFF, RESET_FAILURE, RESET_REBOOT };

/*
 * The one sequence that ends the VM, for the runtime ResetSystem and the firmware's own exit:
 * Xen's shutdown hypercall (a failure is a crash); else ACPI S5 for a power-off or a failure,
 * the reset registers (FADT, port 0xCF9, the keyboard controller) for a reboot. Returns, after
 * giving the VMM a moment to act, only when that did nothing: true when it tried, false when
 * the plan has no way to do this kind. Runtime code.
 */
bool reset_now(const struct runtime_plan *plan, enum reset_kind kind);

/* EFI_RT_PROPERTIES_TABLE bits (UEFI 2.10 4.6.2). */
#define RT_SUPPORTED_GET_VARIABLE 0x0010
#define RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020
#define RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080

/* What works after ExitBootServices; the others return EFI_UNSUPPORTED. */
#define RUNTIME_SUPPORTED_MASK                                                   \
	(RT_SUPPORTED_GET_VARIABLE | RT_SUPPORTED_GET_NEXT_VARIABLE_NAME |      \
	 RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP)

/* The UEFI revision whose rules pvhefi follows, in every table header: UEFI 2.7. */
#define UEFI_REVISION ((2 << 16) | 70)

/* A table header with no CRC yet, and its CRC32 after a change (runtime code). */
void table_header_init(EFI_TABLE_HEADER *hdr, UINT64 signature, UINT32 size);
void table_update_crc(EFI_TABLE_HEADER *hdr);

/*
 * Builds the runtime services table for the system table st; ResetSystem follows plan (copied)
 * and, until ExitBootServices, is the boot-time variant boot_reset.
 */
EFI_RUNTIME_SERVICES *runtime_init(EFI_SYSTEM_TABLE *st, const struct runtime_plan *plan,
				   EFI_RESET_SYSTEM boot_reset);
/* ExitBootServices: boot-time variants give way to runtime ones; SetVirtualAddressMap may come. */
void runtime_enter(void);
/* True once ExitBootServices succeeded: the one place this fact is kept. */
bool runtime_exited(void);

/* The variable services (runtime/variables.c) and ResetSystem (runtime/reset.c). */
void variables_install(EFI_RUNTIME_SERVICES *rt);
void reset_install(EFI_RUNTIME_SERVICES *rt, const struct runtime_plan *plan);

#endif
