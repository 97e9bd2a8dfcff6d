/*
 * The runtime: what keeps working after ExitBootServices, when the OS owns the machine. It is
 * its own unit (the files of runtime/ with the lib/ code they call, linked apart by runtime/unit.ld
 * and placed by linker.ld): runtime code, then runtime data, one range of the memory map that
 * the OS keeps and maps where SetVirtualAddressMap says. Its code is position-independent and
 * reaches only the unit (a build check refuses anything else); the absolute addresses in its
 * data are listed at build time (tools/rtrelocs.c), so SetVirtualAddressMap moves code and
 * data together by one offset, as a PE runtime driver is relocated. Runtime code never
 * prints: the console is the OS's. What follows is all that the rest of the firmware sees.
 */
#ifndef PVHEFI_RUNTIME_H
#define PVHEFI_RUNTIME_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/uefi.h"

#pragma GCC visibility push(default) /* the unit's exports; all else in it stays inside */

/* A register a reset or power-off writes: an I/O port or a memory address. */
enum io_space { IO_NONE, IO_PORT, IO_MEMORY };
struct io_reg {
	uint8_t space; /* enum io_space */
	uint64_t address;
};

/* The wall clock: the CMOS RTC, or a reading of the VMM's wall clock carried on by the TSC. */
enum clock_kind { CLOCK_NONE, CLOCK_CMOS, CLOCK_TSC };
struct runtime_clock {
	uint8_t kind; /* enum clock_kind */
	uint64_t epoch_seconds, tsc, tsc_hz; /* CLOCK_TSC: seconds since 1970 when the TSC read tsc */
};

/* How this machine powers off, resets and keeps time: filled by the platform, used at boot and
 * at runtime. Memory-mapped registers are described to the OS as runtime MMIO, and
 * SetVirtualAddressMap moves them to the addresses the OS maps them at. */
struct runtime_plan {
	bool xen; /* SCHEDOP_shutdown through the hypercall page */
	struct io_reg pm1a_cnt; /* ACPI PM1a control: SLP_TYPa | SLP_EN, 16 bits */
	struct io_reg sleep_ctrl; /* hardware-reduced ACPI (microvm): SLP_TYPa | SLP_EN, 8 bits */
	uint8_t s5_typ; /* SLP_TYPa of \_S5 */
	struct io_reg reset_reg; /* the FADT's reset register, 8 bits */
	uint8_t reset_value;
	struct runtime_clock clock;
};

/* True when a CMOS RTC answers at ports 0x70/0x71. */
bool rtc_present(void);

enum reset_kind { RESET_POWER_OFF, RESET_FAILURE, RESET_REBOOT };

/*
 * The one sequence that ends the VM, for the runtime ResetSystem and the firmware's own exit:
 * Xen's shutdown hypercall (a failure is a crash); else ACPI S5 for a power-off or a failure,
 * the reset registers (FADT, port 0xCF9, the keyboard controller) for a reboot. Returns, after
 * giving the VMM a moment to act, only when that did nothing: true when it tried, false when
 * the plan has no way to do this kind.
 */
bool reset_now(const struct runtime_plan *plan, enum reset_kind kind);

/* The UEFI revision whose rules pvhefi follows, in every table header: UEFI 2.7. */
#define UEFI_REVISION ((2 << 16) | 70)

/* A table header with no CRC yet, and its CRC32 after a change. */
void table_header_init(EFI_TABLE_HEADER *hdr, UINT64 signature, UINT32 size);
void table_update_crc(EFI_TABLE_HEADER *hdr);

/* What the OS reads after ExitBootServices. The system table points at the runtime services
 * table, the configuration table array and the vendor string, all in the unit. */
#define RUNTIME_MAX_CONFIG_TABLES 32
extern EFI_SYSTEM_TABLE runtime_system_table;
extern EFI_CONFIGURATION_TABLE runtime_config_tables[RUNTIME_MAX_CONFIG_TABLES];
/* EFI_RT_PROPERTIES_TABLE: exactly the runtime services that work after ExitBootServices on
 * this machine (runtime_init decides). */
extern EFI_RT_PROPERTIES_TABLE runtime_properties;

/*
 * Readies the runtime services: ResetSystem follows plan (copied) and, until ExitBootServices,
 * is the boot-time variant boot_reset.
 */
void runtime_init(const struct runtime_plan *plan, EFI_RESET_SYSTEM boot_reset);

/* A range of the memory map with EFI_MEMORY_RUNTIME. */
struct runtime_range {
	uint64_t start, pages;
};
#define RUNTIME_MAX_RANGES 64

/* ExitBootServices: boot-time variants give way to runtime ones, and the runtime keeps the
 * memory map's runtime ranges, which SetVirtualAddressMap checks the OS's map against. */
void runtime_enter(const struct runtime_range *ranges, uint32_t n);
/* EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE events (and the group's): notified during
 * SetVirtualAddressMap. EFI_OUT_OF_RESOURCES when too many are registered. */
EFI_STATUS runtime_add_va_event(EFI_EVENT ev, EFI_EVENT_NOTIFY fn, void *ctx);
void runtime_remove_va_event(EFI_EVENT ev);
/* The monotonic count: GetNextMonotonicCount's value, its high half shared with the runtime's
 * GetNextHighMonotonicCount. */
uint64_t monotonic_next(void);
/* True once ExitBootServices succeeded: the one place this fact is kept. */
bool runtime_exited(void);
/*
 * A variable the firmware sets (the systemd loader interface, its own globals), replacing one
 * of that name; read_only ones refuse SetVariable with EFI_WRITE_PROTECTED.
 */
EFI_STATUS variable_set_firmware(const CHAR16 *name, const EFI_GUID *guid, UINT32 attributes,
				 UINTN data_size, const void *data, bool read_only);
/* The runtime half of the call trace (pvhefi.trace): every runtime service call, on port 0xE9. */
void runtime_trace(bool on);

#pragma GCC visibility pop

#endif
