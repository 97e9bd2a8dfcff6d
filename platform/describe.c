/* From start_info to the machine's description. Pure: host-tested. */
#include <stdint.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "lib/lib.h"
#include "lib/uefi.h"
#include "platform/describe.h"

static uint32_t efi_type_of_e820(uint32_t type)
{
	switch (type) {
	case XEN_HVM_MEMMAP_TYPE_RAM:
		return EfiConventionalMemory;
	case XEN_HVM_MEMMAP_TYPE_ACPI:
		return EfiACPIReclaimMemory;
	case XEN_HVM_MEMMAP_TYPE_NVS:
		return EfiACPIMemoryNVS;
	case XEN_HVM_MEMMAP_TYPE_UNUSABLE:
		return EfiUnusableMemory;
	case XEN_HVM_MEMMAP_TYPE_PMEM:
		return EFI_PERSISTENT_MEMORY;
	default: /* reserved, disabled and types we do not know: the OS leaves them alone */
		return EfiReservedMemoryType;
	}
}

/* start_info's memory map, else the platform's. */
static const char *describe_memory(struct description *d, memory_map_fn *memory_map)
{
	struct boot_info *bi = &d->bi;

	if (!bi->nr_memmap && memory_map)
		bi->nr_memmap = MIN(memory_map(bi->memmap, BOOT_MAX_MEMMAP), BOOT_MAX_MEMMAP);
	if (!bi->nr_memmap)
		return "no memory map in start_info";
	for (uint32_t i = 0; i < bi->nr_memmap; i++)
		d->ranges[i] = (struct machine_range){ bi->memmap[i].addr, bi->memmap[i].size,
						       efi_type_of_e820(bi->memmap[i].type) };
	d->machine.ranges = d->ranges;
	d->machine.nr_ranges = bi->nr_memmap;
	for (uint32_t i = 0; i < bi->nr_blobs; i++)
		d->used[i] = (struct machine_blob){ bi->blobs[i].addr, bi->blobs[i].size };
	d->machine.used = d->used;
	d->machine.nr_used = bi->nr_blobs;
	return NULL;
}

static void describe_payload_inputs(struct description *d)
{
	const struct boot_info *bi = &d->bi;

	for (uint32_t i = 0; i < bi->nr_modules; i++)
		d->modules[i] = (struct machine_blob){ bi->modules[i].addr, bi->modules[i].size };
	d->machine.modules = d->modules;
	d->machine.nr_modules = bi->nr_modules;
	d->machine.cmdline = bi->cmdline;
	d->machine.cmdline_len = bi->cmdline_len;
}

const char *describe_start_info(struct description *d, memory_map_fn *memory_map)
{
	const char *err = describe_memory(d, memory_map);

	if (!err)
		describe_payload_inputs(d);
	return err;
}
