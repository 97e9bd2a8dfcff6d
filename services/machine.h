/*
 * The machine, as the platform (platform/) found it: what the UEFI services need to know of
 * it, and the few things they ask of it. The platform fills it in once; nothing changes it
 * later. services/ knows no VMM: no Xen, ACPI or start_info header is included here.
 */
#ifndef PVHEFI_MACHINE_H
#define PVHEFI_MACHINE_H

#include <efi.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/runtime.h"

#define MACHINE_MAX_RANGES 256 /* of the VMM's memory map */
#define MACHINE_MAX_MODULES 32

/* A span of the physical address space with its EFI memory type (EfiConventionalMemory...). */
struct machine_range {
	uint64_t addr, size;
	uint32_t type;
};

/* A span of memory the VMM filled: a module, or one of start_info's own structures. */
struct machine_blob {
	uint64_t addr, size;
};

struct machine {
	/* The VMM's memory map (Xen's fallback applied), in EFI types, in the VMM's order. */
	const struct machine_range *ranges;
	uint32_t nr_ranges;
	/* RAM the VMM filled (start_info, its strings, the module list, the modules): boot-services
	 * data, so the OS gets it back once it has what it needs. */
	const struct machine_blob *used;
	uint32_t nr_used;
	/* Memory the firmware keeps for the OS, with its type: the ACPI 2.0 twin of an RSDP, the
	 * reset plan's MMIO registers (runtime MMIO, so that the OS maps them). */
	const struct machine_range *kept;
	uint32_t nr_kept;
	/* What the VMM gives the payload: its command line (UTF-8, never NULL) and modules. */
	const char *cmdline;
	size_t cmdline_len;
	const struct machine_blob *modules;
	uint32_t nr_modules;
	/* Configuration tables to publish, NULL when absent: the RSDP under the GUID of its
	 * revision (a revision-0 one also gets a revision-2 twin, as OVMF offers: OSes look for
	 * the ACPI 2.0 entry first) and the SMBIOS entry points. */
	const void *acpi10, *acpi20, *smbios, *smbios3;
	struct runtime_plan plan; /* how to power off and reset, now and after ExitBootServices */
	/* Console bytes out (every console) and in (a byte, or -1 when none is waiting). */
	void (*console_write)(const char *s, size_t n);
	int (*console_read)(void);
	/* Ends the VM: says why on the console, drains it, follows the plan. */
	void (*exit)(enum reset_kind kind) __attribute__((noreturn));
};

#endif
