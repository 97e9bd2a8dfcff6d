/* The EFI memory map and its page allocator. Pure: host-tested (services/memmap.c). */
#ifndef PVHEFI_MEMMAP_H
#define PVHEFI_MEMMAP_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/uefi.h"

/* The ranges a map starts with, in its own array; the firmware gives it bigger ones. */
#ifndef MEMMAP_INITIAL_RANGES
#define MEMMAP_INITIAL_RANGES 512
#endif
/*
 * Slots only frees (and the map's own growth) may take. A free needs at most two (it may split
 * an allocation in three), and FreePages must not fail for want of room: every other change
 * stops short of these, and the firmware grows the array (memmap_take, memmap_move) long before.
 */
#define MEMMAP_FREE_RESERVE 16
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
	uint32_t count, capacity;
	uint64_t key; /* changes with every change of the map */
	struct memmap_range *r; /* initial, until memmap_move gives a bigger array */
	struct memmap_range initial[MEMMAP_INITIAL_RANGES];
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

/* Pages below `below` for a bigger range array (the firmware's: FreePages refuses them), taken
 * with the reserve's help; EFI_OUT_OF_RESOURCES when no free range holds them. */
EFI_STATUS memmap_take(struct memmap *m, uint64_t pages, uint64_t below, uint64_t *addr);
/* Makes pages that memmap_take took free again (with the reserve's help). */
void memmap_untake(struct memmap *m, uint64_t addr, uint64_t pages);
/* Moves the ranges into r, an array of capacity ranges (more than count). */
void memmap_move(struct memmap *m, struct memmap_range *r, uint32_t capacity);

/* The range holding addr, or NULL. */
const struct memmap_range *memmap_find(const struct memmap *m, uint64_t addr);
/* One past the highest address of any range; 0 when empty. */
uint64_t memmap_top(const struct memmap *m);

static inline uint64_t memmap_range_end(const struct memmap_range *r)
{
	return r->start + r->pages * 4096;
}

#endif
