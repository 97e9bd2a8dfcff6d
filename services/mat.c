/*
 * EFI_MEMORY_ATTRIBUTES_TABLE: the permissions the OS is to map the runtime regions with. The
 * runtime unit is one EfiRuntimeServicesCode range of the memory map, code then data, because
 * SetVirtualAddressMap moves it as a whole (runtime/runtime.h). Linux takes an entry only when
 * it lies inside one runtime descriptor of the map and has that descriptor's type, with RO or
 * XP set (drivers/firmware/efi/memattr.c): so the unit's code pages are an
 * EfiRuntimeServicesCode entry with RO, its data pages one with XP, both inside the unit's
 * descriptor; a runtime allocation of the payload's is XP (data) or RO (code) as a whole.
 * The table is allocated once, with room for MAT_ROOM entries, and filled again whenever the
 * map changes and at ExitBootServices. Runtime regions beyond its room keep the OS's defaults:
 * Linux maps runtime data not executable, runtime code writable and executable.
 */
#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/uefi.h"
#include "services/memmap.h"
#include "services/memory.h"

#define MAT_ROOM 64

static EFI_MEMORY_ATTRIBUTES_TABLE *mat;

static void add(uint64_t start, uint64_t end, uint32_t type, uint64_t attrs)
{
	EFI_MEMORY_DESCRIPTOR *d;

	if (end <= start)
		return;
	if (mat->NumberOfEntries == MAT_ROOM) {
		debug_printf("pvhefi: memory attributes table full: 0x%lx-0x%lx left out\n",
			     (unsigned long)start, (unsigned long)end - 1);
		return;
	}
	d = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)(mat + 1) + mat->NumberOfEntries++ * MEMMAP_DESC_SIZE);
	memset(d, 0, MEMMAP_DESC_SIZE);
	d->Type = type;
	d->PhysicalStart = start;
	d->NumberOfPages = (end - start) / PAGE_SIZE;
	d->Attribute = EFI_MEMORY_RUNTIME | attrs;
}

/* The runtime descriptors of the map as it is now, the unit's split into code and data. */
static void fill(void)
{
	uint64_t data = (uint64_t)__rtdata_start, data_end = (uint64_t)__rtdata_end;
	EFI_MEMORY_DESCRIPTOR d;
	UINT32 i = 0;

	mat->NumberOfEntries = 0;
	while (mem_next_descriptor(&i, &d)) {
		uint64_t start = d.PhysicalStart, end = start + d.NumberOfPages * PAGE_SIZE;

		if (!(d.Attribute & EFI_MEMORY_RUNTIME))
			continue;
		if (d.Type == EfiRuntimeServicesCode && start <= data && data_end <= end) {
			add(start, data, d.Type, EFI_MEMORY_RO);
			add(data, data_end, d.Type, EFI_MEMORY_XP);
			add(data_end, end, d.Type, EFI_MEMORY_RO);
		} else if (d.Type == EfiRuntimeServicesCode) {
			add(start, end, d.Type, EFI_MEMORY_RO);
		} else if (d.Type == EfiRuntimeServicesData) {
			add(start, end, d.Type, EFI_MEMORY_XP);
		}
	}
}

void *mat_create(void)
{
	if (mem_alloc_pool(EfiBootServicesData, sizeof(*mat) + MAT_ROOM * MEMMAP_DESC_SIZE,
			   (void **)&mat) != EFI_SUCCESS)
		return mat = NULL;
	*mat = (EFI_MEMORY_ATTRIBUTES_TABLE){ EFI_MEMORY_ATTRIBUTES_TABLE_VERSION, 0, MEMMAP_DESC_SIZE, 0 };
	fill();
	return mat;
}

void mat_refresh(void)
{
	if (mat)
		fill();
}
