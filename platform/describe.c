/* From start_info to the machine's description. Pure: host-tested. */
#include <stdbool.h>
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

/* One past a range's last byte; a range from the platform's map that runs past 2^64 ends there. */
static uint64_t range_end(const struct boot_range *r)
{
	return r->size > UINT64_MAX - r->addr ? UINT64_MAX : r->addr + r->size;
}

static const struct boot_range *ram_holding(const struct boot_info *bi, uint64_t addr)
{
	for (uint32_t i = 0; i < bi->nr_memmap; i++) {
		const struct boot_range *r = &bi->memmap[i];

		if (r->type == XEN_HVM_MEMMAP_TYPE_RAM && r->addr <= addr && addr < range_end(r))
			return r;
	}
	return NULL;
}

/*
 * [addr, end) lies in RAM ranges of the map, without a gap (the VMM may split RAM into adjacent
 * or overlapping entries). RAM of the map is what services/paging.c identity-maps before anyone
 * reads a module; anything else may be MMIO, a hole, or above what is mapped at all. Each step
 * moves to the end of another range, so the walk ends after at most nr_memmap steps.
 */
static bool in_ram(const struct boot_info *bi, uint64_t addr, uint64_t end)
{
	const struct boot_range *r;

	while ((r = ram_holding(bi, addr))) {
		if (range_end(r) >= end)
			return true;
		addr = range_end(r);
	}
	return false;
}

/*
 * Modules are read only when the payload asks for the initrd, long after this: a module the
 * VMM put outside RAM or over the firmware (whose .bss was cleared at entry) is a named error
 * now, not a page fault or a corrupt initrd then. Their sum is checked for the same reason as
 * initrd_image_init's: sizes come from outside.
 */
static const char *describe_modules(struct description *d, uint64_t image_start, uint64_t image_end)
{
	const struct boot_info *bi = &d->bi;
	uint64_t total = 0;

	for (uint32_t i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		const char *what = NULL;

		if (!m->size)
			continue; /* never read */
		if (m->size > UINT64_MAX - total)
			return "start_info: the modules add up to 2^64 bytes or more";
		total += m->size;
		if (m->size > UINT64_MAX - m->addr)
			what = "outside RAM";
		else if (m->addr < image_end && image_start < m->addr + m->size)
			what = "overlaps the firmware";
		else if (!in_ram(bi, m->addr, m->addr + m->size))
			what = "outside RAM";
		if (what) {
			snprintf(d->error, sizeof(d->error), "start_info: module %u (0x%lx, 0x%lx bytes) %s",
				 i, m->addr, m->size, what);
			return d->error;
		}
	}
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

const char *describe_start_info(struct description *d, memory_map_fn *memory_map,
				uint64_t image_start, uint64_t image_end)
{
	const char *err = describe_memory(d, memory_map);

	if (!err)
		err = describe_modules(d, image_start, image_end);
	if (!err)
		describe_payload_inputs(d);
	return err;
}
