/*
 * The memory map against a page-by-page model: random sequences of memmap_set, memmap_claim,
 * memmap_alloc and memmap_free (a fixed-seed PRNG), each checked page by page, with the map's
 * invariants and the total number of pages after every step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/lib.h"
#include "memmap_invariants.h"
#include "services/memmap.h"

#define GIB (1ULL << 30)
#define RAM MEM_ATTR_RAM
#define PG 4096ULL

static struct memmap map;

static void check_invariants(void)
{
	check_map_invariants(&map);
}

#define MODEL_PAGES 1024ULL
struct page_model {
	uint64_t addr, attr;
	uint32_t type;
	bool allocated;
};
static struct page_model model[2 * MODEL_PAGES]; /* 0..4 MiB and 4 GiB..4 GiB + 4 MiB */
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int model_index(uint64_t addr)
{
	if (addr < MODEL_PAGES * PG)
		return addr / PG;
	if (addr >= 4 * GIB && addr < 4 * GIB + MODEL_PAGES * PG)
		return MODEL_PAGES + (addr - 4 * GIB) / PG;
	return -1;
}

static uint64_t model_addr(uint64_t i)
{
	return i < MODEL_PAGES ? i * PG : 4 * GIB + (i - MODEL_PAGES) * PG;
}

static void model_set(uint64_t addr, uint64_t pages, uint32_t type, uint64_t attr, bool allocated)
{
	for (uint64_t p = 0; p < pages; p++) {
		struct page_model *m = &model[model_index(addr + p * PG)];
		m->type = type;
		m->attr = attr;
		m->allocated = allocated;
	}
}

/* All pages exist in the model and pass ok. */
static bool model_all(uint64_t addr, uint64_t pages, bool (*ok)(const struct page_model *))
{
	for (uint64_t p = 0; p < pages; p++) {
		int i = model_index(addr + p * PG);
		if (i < 0 || !ok(&model[i]))
			return false;
	}
	return true;
}

static bool page_free(const struct page_model *m) { return m->type == EfiConventionalMemory; }
static bool page_allocated(const struct page_model *m) { return m->allocated; }

/* Highest base of a run of pages free, contiguous, of one attribute, inside [lo, hi). */
static uint64_t model_find_top(uint64_t pages, uint64_t lo, uint64_t hi)
{
	uint64_t run = 0;

	for (uint64_t i = 2 * MODEL_PAGES; i-- > 0;) {
		const struct page_model *m = &model[i], *up = i + 1 < 2 * MODEL_PAGES ? &model[i + 1] : NULL;
		bool joins = run && up && up->addr == m->addr + PG && up->attr == m->attr;

		if (!page_free(m) || m->addr < lo || m->addr + PG > hi) {
			run = 0;
			continue;
		}
		run = joins ? run + 1 : 1;
		if (run == pages)
			return m->addr;
	}
	return 0;
}

static void check_against_model(void)
{
	uint64_t total = 0;

	check_invariants();
	for (uint32_t i = 0; i < map.count; i++) {
		const struct memmap_range *r = &map.r[i];
		for (uint64_t p = 0; p < r->pages; p++) {
			int k = model_index(r->start + p * PG);
			assert_true(k >= 0);
			assert_int_equal(model[k].type, r->type);
			assert_int_equal(model[k].attr, r->attr);
			assert_int_equal(model[k].allocated, r->allocated);
		}
		total += r->pages;
	}
	assert_int_equal(total, 2 * MODEL_PAGES);
}

static uint64_t random_addr(void)
{
	return model_addr(next_rand() % (2 * MODEL_PAGES));
}

static const uint32_t some_types[] = { EfiLoaderData, EfiBootServicesData, EfiRuntimeServicesData,
				       EfiReservedMemoryType, 0x80000001u };

static void random_alloc(void)
{
	uint32_t how = next_rand() % 3, type = some_types[next_rand() % ARRAY_SIZE(some_types)];
	uint64_t pages = 1 + next_rand() % 24, a = how == AllocateAnyPages ? 0 : random_addr() + next_rand() % PG;
	uint64_t want = 0, attr;
	uint32_t count = map.count;
	EFI_STATUS st;

	if (how == AllocateAddress)
		a &= ~0xfffULL;
	if (how == AllocateAddress)
		want = a >= PG && model_all(a, pages, page_free) ? a : 0;
	else if (how == AllocateMaxAddress)
		want = model_find_top(pages, PG, (a + 1) & ~0xfffULL);
	else if (!(want = model_find_top(pages, PG, 4 * GIB)))
		want = model_find_top(pages, 4 * GIB, UINT64_MAX);
	st = memmap_alloc(&map, how, type, pages, &a);
	if (st == EFI_OUT_OF_RESOURCES && want && count + 2 > map.capacity - MEMMAP_FREE_RESERVE)
		return; /* the map is full */
	if (!want) {
		assert_int_equal(st, how == AllocateAddress ? EFI_NOT_FOUND : EFI_OUT_OF_RESOURCES);
		return;
	}
	assert_int_equal(st, EFI_SUCCESS);
	assert_int_equal(a, want);
	attr = model[model_index(a)].attr & ~EFI_MEMORY_RUNTIME;
	if (type == EfiRuntimeServicesData)
		attr |= EFI_MEMORY_RUNTIME;
	model_set(a, pages, type, attr, true);
}

static void random_free(void)
{
	uint64_t a = random_addr(), pages = 1 + next_rand() % 8;
	bool ok = model_all(a, pages, page_allocated);
	EFI_STATUS st = memmap_free(&map, a, pages);

	if (st == EFI_OUT_OF_RESOURCES && ok && map.count + 2 > map.capacity)
		return; /* even the reserve is used up (nothing here grows the map) */
	assert_int_equal(st, ok ? EFI_SUCCESS : EFI_NOT_FOUND);
	if (ok)
		model_set(a, pages, EfiConventionalMemory, model[model_index(a)].attr & ~EFI_MEMORY_RUNTIME,
			  false);
}

static void random_set(void)
{
	static const uint64_t attrs[] = { RAM, EFI_MEMORY_WB, 0 };
	uint64_t a = random_addr(), pages = 1 + next_rand() % 32, attr = attrs[next_rand() % 3];
	uint32_t type = next_rand() % 2 ? EfiConventionalMemory : some_types[next_rand() % ARRAY_SIZE(some_types)];
	bool claim = next_rand() % 4 == 0;
	EFI_STATUS st;

	/* Stay inside one model half so the total is conserved. */
	pages = MIN(pages, MODEL_PAGES - model_index(a) % MODEL_PAGES);
	st = claim ? memmap_claim(&map, a, pages, type, attr) : memmap_set(&map, a, pages, type, attr);
	if (st == EFI_OUT_OF_RESOURCES && map.count + 2 > map.capacity - MEMMAP_FREE_RESERVE)
		return; /* the map is full */
	assert_int_equal(st, EFI_SUCCESS);
	for (uint64_t p = 0; p < pages; p++)
		if (!claim || page_free(&model[model_index(a + p * PG)]))
			model_set(a + p * PG, 1, type, attr, false);
}

static void test_random_operations(void **state)
{
	memmap_init(&map);
	memmap_set(&map, 0, MODEL_PAGES, EfiConventionalMemory, RAM);
	memmap_set(&map, 4 * GIB, MODEL_PAGES, EfiConventionalMemory, RAM);
	for (uint64_t i = 0; i < 2 * MODEL_PAGES; i++)
		model[i] = (struct page_model){ model_addr(i), RAM, EfiConventionalMemory, false };
	for (int i = 0; i < 6000; i++) {
		uint64_t key = map.key;
		uint64_t r = next_rand() % 10;

		if (r < 5)
			random_alloc();
		else if (r < 8)
			random_free();
		else
			random_set();
		check_against_model();
		assert_true(map.key >= key);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_operations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
