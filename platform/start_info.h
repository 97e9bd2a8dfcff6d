/* What the VMM told us in hvm_start_info, copied out and checked. */
#ifndef PVHEFI_START_INFO_H
#define PVHEFI_START_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "services/machine.h"

#define BOOT_MAX_MEMMAP MACHINE_MAX_RANGES
#define BOOT_MAX_MODULES MACHINE_MAX_MODULES
#define BOOT_MAX_CMDLINE 65536
/* start_info, its command line, module list and memory map, and each module with its own. */
#define BOOT_MAX_BLOBS (2 * BOOT_MAX_MODULES + 4)

struct boot_range {
	uint64_t addr, size;
	uint32_t type; /* XEN_HVM_MEMMAP_TYPE_* (E820) */
};

struct boot_module {
	uint64_t addr, size;
	const char *cmdline; /* NULL when none */
};

struct boot_info {
	uint32_t version;
	const char *cmdline; /* never NULL: "" when none */
	size_t cmdline_len;
	uint64_t rsdp;
	uint32_t nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	uint32_t nr_memmap;
	struct boot_range memmap[BOOT_MAX_MEMMAP];
	/* Where the VMM put start_info's own structures: the memory map keeps them. */
	uint32_t nr_blobs;
	struct boot_range blobs[BOOT_MAX_BLOBS];
};

/*
 * Reads the hvm_start_info at physical address paddr. Every structure it points to must lie
 * below readable_limit (what is identity-mapped now). Returns NULL or what is wrong.
 */
const char *start_info_parse(uint64_t paddr, uint64_t readable_limit, struct boot_info *out);

#endif
