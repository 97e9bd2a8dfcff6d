/*
 * The memory map, fetched into a static buffer (getting the map must not itself change the
 * map), and the descriptor that holds an address.
 */
#ifndef PVHEFI_EFI_MEMMAP_H
#define PVHEFI_EFI_MEMMAP_H

#include <efi.h>
#include <efilib.h>

#define MAP_BYTES (64 * 1024)

/* Fetches the current map; the accessors below read the last one fetched. */
EFI_STATUS map_get(void);
UINTN map_count(void);
EFI_MEMORY_DESCRIPTOR *map_desc(UINTN i);
UINTN map_key(void);
UINTN map_desc_size(void);
/* The descriptor holding addr in a freshly fetched map; NULL when none does. */
EFI_MEMORY_DESCRIPTOR *map_find(EFI_PHYSICAL_ADDRESS addr);

#endif
