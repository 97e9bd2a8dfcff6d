/* What the VMM told us in hvm_start_info, copied out and checked. */
#ifndef PVHEFI_BOOT_INFO_H
#define PVHEFI_BOOT_INFO_H

#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_MEMMAP 256
#define BOOT_MAX_MODULES 32
#define BOOT_MAX_CMDLINE 65536

/* E820 types, as hvm_memmap_table_entry uses them. */
enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4, E820_UNUSABLE = 5 };

struct boot_range {
	uint64_t addr, size;
	uint32_t type;
};

struct boot_module {
	uint64_t addr, size;
	const char *cmdline; /* NULL when none */
};

struct boot_info {
	uint32_t version;
	uint32_t flags;
	const char *cmdline; /* never NULL: "" when none */
	size_t cmdline_len;
	uint64_t rsdp;
	uint32_t nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	uint32_t nr_memmap;
	struct boot_range memmap[BOOT_MAX_MEMMAP];
	/* Where the VMM put start_info's own structures: the memory map keeps them. */
	uint32_t nr_blobs;
	struct boot_range blobs[2 * BOOT_MAX_MODULES + 4];
};

/*
 * Reads the hvm_start_info at physical address paddr. Every structure it points to must lie
 * below readable_limit (what is identity-mapped now). Returns NULL or what is wrong.
 */
const char *start_info_parse(uint64_t paddr, uint64_t readable_limit, struct boot_info *out);

#endif
