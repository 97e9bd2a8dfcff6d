/*
 * SetVirtualAddressMap: the OS gives every runtime range a virtual address, once, after
 * ExitBootServices, calling in the physical (identity) mapping. The unit moves as a whole:
 * every absolute address in its data (listed at build time by tools/rtrelocs.c, between
 * __rtrelocs_start and __rtrelocs_end) grows by the unit's offset; its code is
 * position-independent and needs nothing.
 */
#include "lib/layout.h"
#include "lib/status.h"
#include "runtime/internal.h"

extern const uint32_t __rtrelocs_start[], __rtrelocs_end[];

bool runtime_virtual;

/* The offset the map gives the unit, which must lie in one runtime descriptor; false if none. */
static bool unit_offset(const UINT8 *map, UINTN map_size, UINTN desc_size, INT64 *offset)
{
	UINT64 start = (UINT64)__rtcode_start, end = (UINT64)__rtdata_end;

	for (UINTN off = 0; off + desc_size <= map_size; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)(map + off);

		if ((d->Attribute & EFI_MEMORY_RUNTIME) && d->PhysicalStart <= start &&
		    end - d->PhysicalStart <= d->NumberOfPages * 4096) {
			*offset = (INT64)(d->VirtualStart - d->PhysicalStart);
			return true;
		}
	}
	return false;
}

static void relocate(INT64 offset)
{
	for (const uint32_t *r = __rtrelocs_start; r < __rtrelocs_end; r++)
		*(UINT64 *)(__rtcode_start + *r) += offset;
}

static EFI_STATUS set_virtual_address_map(UINTN map_size, UINTN desc_size, UINT32 version,
					  EFI_MEMORY_DESCRIPTOR *map)
{
	INT64 offset;

	if (!runtime_at_runtime || runtime_virtual)
		return EFI_UNSUPPORTED;
	if (!map || version != EFI_MEMORY_DESCRIPTOR_VERSION || desc_size < sizeof(EFI_MEMORY_DESCRIPTOR) ||
	    map_size % desc_size)
		return EFI_INVALID_PARAMETER;
	if (!unit_offset((const UINT8 *)map, map_size, desc_size, &offset))
		return EFI_NO_MAPPING;
	relocate(offset);
	runtime_virtual = true;
	table_update_crc(&runtime_services.Hdr);
	table_update_crc(&runtime_system_table.Hdr);
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI rt_set_virtual_address_map(UINTN map_size, UINTN desc_size, UINT32 version,
					     EFI_MEMORY_DESCRIPTOR *map)
{
	EFI_STATUS st = set_virtual_address_map(map_size, desc_size, version, map);

	trace_rt("pvhefi: trace: runtime SetVirtualAddressMap(%lu bytes) = %s\n", map_size,
		 status_name(st));
	return st;
}
