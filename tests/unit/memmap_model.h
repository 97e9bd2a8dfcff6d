/*
 * The memory map against a page-by-page model: each operation is made on the map and on the
 * model, and its status, the address it chose and the model's pages must agree. Driven by
 * test_memmap_random.c (a fixed-seed PRNG) and tests/fuzz/fuzz_memmap.c (libFuzzer).
 *
 * The includer defines MODEL_PAGES and provides cmocka's assert_true, assert_false and
 * assert_int_equal (or stand-ins). The map and the model cover two spans of MODEL_PAGES pages,
 * [0, ...) and [4 GiB, ...); only memmap_alloc and memmap_free may be given addresses and sizes
 * from anywhere (whatever lies outside the model they must refuse).
 */
#ifndef PVHEFI_TEST_MEMMAP_MODEL_H
#define PVHEFI_TEST_MEMMAP_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/lib.h"
#include "memmap_invariants.h"
#include "services/memmap.h"

#define MODEL_GIB (1ULL << 30)
#define MODEL_PG 4096ULL

struct page_model {
	uint64_t addr, attr;
	uint32_t type;
	bool allocated;
};
static struct page_model model[2 * MODEL_PAGES];

static inline int model_index(uint64_t addr)
{
	if (addr < MODEL_PAGES * MODEL_PG)
		return addr / MODEL_PG;
	if (addr >= 4 * MODEL_GIB && addr < 4 * MODEL_GIB + MODEL_PAGES * MODEL_PG)
		return MODEL_PAGES + (addr - 4 * MODEL_GIB) / MODEL_PG;
	return -1;
}

static inline uint64_t model_addr(uint64_t i)
{
	return i < MODEL_PAGES ? i * MODEL_PG : 4 * MODEL_GIB + (i - MODEL_PAGES) * MODEL_PG;
}

static inline void model_reset(struct memmap *map)
{
	memmap_init(map);
	memmap_set(map, 0, MODEL_PAGES, EfiConventionalMemory, MEM_ATTR_RAM);
	memmap_set(map, 4 * MODEL_GIB, MODEL_PAGES, EfiConventionalMemory, MEM_ATTR_RAM);
	for (uint64_t i = 0; i < 2 * MODEL_PAGES; i++)
		model[i] = (struct page_model){ model_addr(i), MEM_ATTR_RAM, EfiConventionalMemory, false };
}

static inline void model_set(uint64_t addr, uint64_t pages, uint32_t type, uint64_t attr, bool allocated)
{
	for (uint64_t p = 0; p < pages; p++) {
		struct page_model *m = &model[model_index(addr + p * MODEL_PG)];
		m->type = type;
		m->attr = attr;
		m->allocated = allocated;
	}
}

/* A page-aligned span of 1 or more pages that ends inside the address space. */
static inline bool model_span(uint64_t addr, uint64_t pages)
{
	return !(addr % MODEL_PG) && pages && pages <= UINT64_MAX / MODEL_PG && pages * MODEL_PG <= UINT64_MAX - addr;
}

/* All pages exist in the model and pass ok. */
static inline bool model_all(uint64_t addr, uint64_t pages, bool (*ok)(const struct page_model *))
{
	if (!model_span(addr, pages) || pages > 2 * MODEL_PAGES)
		return false;
	for (uint64_t p = 0; p < pages; p++) {
		int i = model_index(addr + p * MODEL_PG);
		if (i < 0 || !ok(&model[i]))
			return false;
	}
	return true;
}

static inline bool page_free(const struct page_model *m) { return m->type == EfiConventionalMemory; }
static inline bool page_allocated(const struct page_model *m) { return m->allocated; }

/* Highest base of a run of pages free, contiguous, of one attribute, inside [lo, hi). */
static inline uint64_t model_find_top(uint64_t pages, uint64_t lo, uint64_t hi)
{
	uint64_t run = 0;

	for (uint64_t i = 2 * MODEL_PAGES; i-- > 0;) {
		const struct page_model *m = &model[i], *up = i + 1 < 2 * MODEL_PAGES ? &model[i + 1] : NULL;
		bool joins = run && up && up->addr == m->addr + MODEL_PG && up->attr == m->attr;

		if (!page_free(m) || m->addr < lo || m->addr + MODEL_PG > hi) {
			run = 0;
			continue;
		}
		run = joins ? run + 1 : 1;
		if (run == pages)
			return m->addr;
	}
	return 0;
}

/* The types AllocatePages accepts (UEFI 2.10), and not free memory itself. */
static inline bool model_type_ok(uint32_t type)
{
	if (type == EfiConventionalMemory || type == EFI_PERSISTENT_MEMORY || type == EFI_UNACCEPTED_MEMORY)
		return false;
	return type < EFI_MEMORY_TYPE_COUNT || type >= EFI_MEMORY_TYPE_OEM_MIN;
}

/* Where AllocatePages must put the pages (0: nowhere). */
static inline uint64_t model_alloc_where(uint32_t how, uint64_t pages, uint64_t a)
{
	uint64_t want;

	if (how == AllocateAddress)
		return a >= MODEL_PG && model_all(a, pages, page_free) ? a : 0;
	if (!pages || pages > 2 * MODEL_PAGES)
		return 0;
	if (how == AllocateMaxAddress) /* the last page must end at or below a */
		return model_find_top(pages, MODEL_PG, a >= UINT64_MAX - 0xfff ? UINT64_MAX : (a + 1) & ~0xfffULL);
	if (!(want = model_find_top(pages, MODEL_PG, 4 * MODEL_GIB)))
		want = model_find_top(pages, 4 * MODEL_GIB, UINT64_MAX);
	return want;
}

static inline void model_alloc(struct memmap *map, uint32_t how, uint32_t type, uint64_t pages, uint64_t a)
{
	uint64_t want, attr;
	uint32_t count = map->count;
	EFI_STATUS st;

	if (how >= MaxAllocateType || !model_type_ok(type)) {
		assert_int_equal(memmap_alloc(map, how, type, pages, &a), EFI_INVALID_PARAMETER);
		return;
	}
	if (how == AllocateAddress)
		a &= ~0xfffULL;
	want = model_alloc_where(how, pages, a);
	st = memmap_alloc(map, how, type, pages, &a);
	if (st == EFI_OUT_OF_RESOURCES && want && count + 2 > map->capacity - MEMMAP_FREE_RESERVE)
		return; /* the map is full */
	if (!want) {
		assert_int_equal(st, how == AllocateAddress ? EFI_NOT_FOUND : EFI_OUT_OF_RESOURCES);
		return;
	}
	assert_int_equal(st, EFI_SUCCESS);
	assert_int_equal(a, want);
	attr = model[model_index(a)].attr & ~EFI_MEMORY_RUNTIME;
	if (type == EfiRuntimeServicesCode || type == EfiRuntimeServicesData)
		attr |= EFI_MEMORY_RUNTIME;
	model_set(a, pages, type, attr, true);
}

static inline void model_free(struct memmap *map, uint64_t a, uint64_t pages)
{
	bool ok = model_all(a, pages, page_allocated);
	EFI_STATUS st = memmap_free(map, a, pages);

	if (!model_span(a, pages)) {
		assert_int_equal(st, EFI_INVALID_PARAMETER);
		return;
	}
	if (st == EFI_OUT_OF_RESOURCES && ok && map->count + 2 > map->capacity)
		return; /* even the reserve is used up */
	assert_int_equal(st, ok ? EFI_SUCCESS : EFI_NOT_FOUND);
	if (ok)
		model_set(a, pages, EfiConventionalMemory, model[model_index(a)].attr & ~EFI_MEMORY_RUNTIME,
			  false);
}

/* memmap_set or memmap_claim of pages inside one half of the model. */
static inline void model_change(struct memmap *map, uint64_t a, uint64_t pages, uint32_t type, uint64_t attr,
				bool claim)
{
	EFI_STATUS st;

	pages = MIN(pages, MODEL_PAGES - model_index(a) % MODEL_PAGES); /* the total stays */
	st = claim ? memmap_claim(map, a, pages, type, attr) : memmap_set(map, a, pages, type, attr);
	if (st == EFI_OUT_OF_RESOURCES && map->count + 2 > map->capacity - MEMMAP_FREE_RESERVE)
		return; /* the map is full */
	assert_int_equal(st, EFI_SUCCESS);
	for (uint64_t p = 0; p < pages; p++)
		if (!claim || page_free(&model[model_index(a + p * MODEL_PG)]))
			model_set(a + p * MODEL_PG, 1, type, attr, false);
}

static inline void check_against_model(const struct memmap *map)
{
	uint64_t total = 0;

	check_map_invariants(map);
	for (uint32_t i = 0; i < map->count; i++) {
		const struct memmap_range *r = &map->r[i];
		for (uint64_t p = 0; p < r->pages; p++) {
			int k = model_index(r->start + p * MODEL_PG);
			assert_true(k >= 0);
			assert_int_equal(model[k].type, r->type);
			assert_int_equal(model[k].attr, r->attr);
			assert_int_equal(model[k].allocated, r->allocated);
		}
		total += r->pages;
	}
	assert_int_equal(total, 2 * MODEL_PAGES);
}

#endif
