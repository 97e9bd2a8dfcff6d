/*
 * The machine's description from a parsed start_info: memory, what the VMM filled, the
 * payload's inputs (platform/describe.c). Pure: host-tested.
 */
#ifndef PVHEFI_DESCRIBE_H
#define PVHEFI_DESCRIBE_H

#include "platform/start_info.h"
#include "services/machine.h"

/* The machine and the arrays its pointers point into. */
struct description {
	struct machine machine;
	struct boot_info bi;
	struct machine_range ranges[BOOT_MAX_MEMMAP], kept[4]; /* ACPI twin, MMIO registers */
	struct machine_blob used[BOOT_MAX_BLOBS], modules[BOOT_MAX_MODULES];
	char error[96]; /* what describe_start_info returns when it names a module */
};

/* Where a platform finds the memory map when start_info has none (version 0). */
typedef uint32_t memory_map_fn(struct boot_range *out, uint32_t max);

/*
 * Fills d->machine's memory ranges (E820 types become EFI types), used memory, modules and
 * command line from d->bi; memory_map (may be NULL) stands in for a missing map. Every module
 * must lie in RAM of the map and off the firmware's image [image_start, image_end), and their
 * sizes must add up to less than 2^64. Returns NULL or what is wrong.
 */
const char *describe_start_info(struct description *d, memory_map_fn *memory_map,
				uint64_t image_start, uint64_t image_end);

#endif
