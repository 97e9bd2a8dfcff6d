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

#define MODEL_PAGES 1024ULL
#include "memmap_model.h"

static struct memmap map;
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
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
	uint64_t pages = 1 + next_rand() % 24, a = how == AllocateAnyPages ? 0 : random_addr() + next_rand() % MODEL_PG;

	model_alloc(&map, how, type, pages, a);
}

static void random_free(void)
{
	model_free(&map, random_addr(), 1 + next_rand() % 8);
}

static void random_set(void)
{
	static const uint64_t attrs[] = { MEM_ATTR_RAM, EFI_MEMORY_WB, 0 };
	uint64_t a = random_addr(), pages = 1 + next_rand() % 32, attr = attrs[next_rand() % 3];
	uint32_t type = next_rand() % 2 ? EfiConventionalMemory : some_types[next_rand() % ARRAY_SIZE(some_types)];

	model_change(&map, a, pages, type, attr, next_rand() % 4 == 0);
}

static void test_random_operations(void **state)
{
	model_reset(&map);
	for (int i = 0; i < 6000; i++) {
		uint64_t key = map.key;
		uint64_t r = next_rand() % 10;

		if (r < 5)
			random_alloc();
		else if (r < 8)
			random_free();
		else
			random_set();
		check_against_model(&map);
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
