/* The memory map for memtest, imagetest and rttest. */
#include "lib/lib.h"
#include "memmap.h"

static UINT8 map_buf[MAP_BYTES] __attribute__((aligned(8)));
static UINTN map_size, key, desc_size;

EFI_STATUS map_get(void)
{
	UINT32 version;

	map_size = sizeof(map_buf);
	return BS->GetMemoryMap(&map_size, (EFI_MEMORY_DESCRIPTOR *)map_buf, &key, &desc_size,
				&version);
}

UINTN map_count(void)
{
	return desc_size ? map_size / desc_size : 0;
}

EFI_MEMORY_DESCRIPTOR *map_desc(UINTN i)
{
	return (EFI_MEMORY_DESCRIPTOR *)(map_buf + i * desc_size);
}

UINTN map_key(void)
{
	return key;
}

UINTN map_desc_size(void)
{
	return desc_size;
}

EFI_MEMORY_DESCRIPTOR *map_find(EFI_PHYSICAL_ADDRESS addr)
{
	if (map_get() != EFI_SUCCESS)
		return NULL;
	for (UINTN i = 0; i < map_count(); i++) {
		EFI_MEMORY_DESCRIPTOR *d = map_desc(i);
		if (addr >= d->PhysicalStart && addr - d->PhysicalStart < d->NumberOfPages * PAGE_SIZE)
			return d;
	}
	return NULL;
}
