/* EFI memory services: the memory map, page and pool allocation (services/memory.c). */
#ifndef PVHEFI_MEMORY_H
#define PVHEFI_MEMORY_H

#include <efi.h>

#include "runtime/runtime.h"
#include "services/machine.h"

/*
 * Builds the EFI memory map from the machine's ranges and marks what the firmware uses: its
 * image by section (boot-services code/data, runtime code/data), the embedded payload
 * (payload_size bytes at __payload_start, as its header says: tools/pvhefi-pack may have
 * changed it after the link), what it keeps for the OS, and what the VMM filled. Returns NULL
 * or what is wrong (e.g. no usable RAM).
 */
const char *memory_init(const struct machine *m, uint64_t payload_size);

/* The same semantics and status codes as the boot services, callable from firmware C. */
EFI_STATUS mem_alloc_pages(EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mtype, UINTN pages,
			   EFI_PHYSICAL_ADDRESS *addr);
EFI_STATUS mem_free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages);
EFI_STATUS mem_alloc_pool(EFI_MEMORY_TYPE mtype, UINTN size, void **buf);
EFI_STATUS mem_free_pool(void *buf);
/*
 * Hands pages of the embedded payload over as though AllocatePages(AllocateAddress) had found
 * them free: a kernel that is loaded where it lies owns its pages as any image does (FreePages
 * frees them, its type and permissions are an allocation's). EFI_INVALID_PARAMETER for pages
 * outside the payload.
 */
EFI_STATUS mem_hand_over(EFI_PHYSICAL_ADDRESS addr, UINTN pages, EFI_MEMORY_TYPE type);

/* The map's ranges with EFI_MEMORY_RUNTIME (at most max): the runtime keeps them. */
uint32_t mem_runtime_ranges(struct runtime_range *out, uint32_t max);
/* The current MapKey: it changes on every change of the map. */
UINTN mem_map_key(void);
/* One past the highest address of any range in the map (what paging must cover). */
UINT64 mem_top(void);
/* True when some range of the map overlaps [start, end): paging skips the gigabytes in which
 * no range lies (e.g. the 1 TiB between RAM and QEMU's HyperTransport hole). */
BOOLEAN mem_in_map(UINT64 start, UINT64 end);
/* Whether a payload may change [start, end)'s access attributes: EFI_SUCCESS when it was all
 * handed out by AllocatePages or AllocatePool, EFI_UNSUPPORTED when some of it is outside the
 * map, else EFI_ACCESS_DENIED (free memory, the firmware's own). */
EFI_STATUS mem_check_owned(UINT64 start, UINT64 end);
/* The map's descriptors in order, as GetMemoryMap gives them: from *i = 0, each call fills d and
 * moves *i on; FALSE after the last. */
BOOLEAN mem_next_descriptor(UINT32 *i, EFI_MEMORY_DESCRIPTOR *d);
/* The name of the memory type at addr ("loader code", "BS data", ...), for messages. */
const char *mem_type_at(uint64_t addr);
/* Prints the map on the console (boot log). */
void mem_dump(void);

/*
 * EFI_MEMORY_ATTRIBUTES_TABLE (services/mat.c): mat_create gives the table with the runtime
 * ranges of now, or NULL without memory for it; mat_refresh fills it again with those of the
 * map as it is, after every allocation and free and at ExitBootServices. It allocates
 * nothing (at ExitBootServices the OS holds the final map).
 */
void *mat_create(void);
void mat_refresh(void);

/* Fills AllocatePages, FreePages, GetMemoryMap, AllocatePool, FreePool. */
void memory_install(EFI_BOOT_SERVICES *bs);

#endif
