/* The EFI memory map and its page allocator. Pure: host-tested (services/memmap.c). */
#ifndef PVHEFI_MEMMAP_H
#define PVHEFI_MEMMAP_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/uefi.h"

#define MEMMAP_MAX_RANGES 512
/* GetMemoryMap's stride: bigger than sizeof(EFI_MEMORY_DESCRIPTOR) (40), as OVMF's is, so a
 * caller that steps by sizeof breaks here and not only on real machines. */
#define MEMMAP_DESC_SIZE 48

/* The caching modes RAM supports (what OVMF reports for RAM). */
#define MEM_ATTR_RAM (EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB)

struct memmap_range {
	uint64_t start; /* page-aligned */
	uint64_t pages;
	uint64_t attr;
	uint32_t type;
	bool allocated; /* handed out by memmap_alloc: only such pages may be freed */
};

/* Sorted by address, non-overlapping; neighbours that are alike are always merged. */
struct memmap {
	uint32_t count;
	uint64_t key; /* changes with every change of the map */
	struct memmap_range r[MEMMAP_MAX_RANGES];
};

void memmap_init(struct memmap *m);
/* Makes [start, start + pages pages) one range of that type (not allocated), whatever was
 * there. start page-aligned; EFI_INVALID_PARAMETER otherwise, EFI_OUT_OF_RESOURCES when full. */
EFI_STATUS memmap_set(struct memmap *m, uint64_t start, uint64_t pages, uint32_t type, uint64_t attr);
/* Like memmap_set, but only the EfiConventionalMemory parts of the range change. */
EFI_STATUS memmap_claim(struct memmap *m, uint64_t start, uint64_t pages, uint32_t type, uint64_t attr);

/* True for the types AllocatePages and AllocatePool accept. */
bool memmap_type_allocatable(uint32_t type);
/* AllocatePages and FreePages semantics and status codes. */
EFI_STATUS memmap_alloc(struct memmap *m, uint32_t how, uint32_t type, uint64_t pages, uint64_t *addr);
EFI_STATUS memmap_free(struct memmap *m, uint64_t addr, uint64_t pages);
/* GetMemoryMap semantics: descriptors MEMMAP_DESC_SIZE apart, alike neighbours merged. */
EFI_STATUS memmap_get(const struct memmap *m, UINTN *size, EFI_MEMORY_DESCRIPTOR *buf, UINTN *key,
		      UINTN *desc_size, UINT32 *desc_version);
/* The exported descriptor whose run starts at range i; returns the index after the run. */
uint32_t memmap_export(const struct memmap *m, uint32_t i, EFI_MEMORY_DESCRIPTOR *d);

/* The range holding addr, or NULL. */
const struct memmap_range *memmap_find(const struct memmap *m, uint64_t addr);
/* One past the highest address of any range; 0 when empty. */
uint64_t memmap_top(const struct memmap *m);

static inline uint64_t memmap_range_end(const struct memmap_range *r)
{
	return r->start + r->pages * 4096;
}

#endif
