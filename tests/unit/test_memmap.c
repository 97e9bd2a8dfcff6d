/* The memory map and page allocator (services/memmap.c). */
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

struct want {
	uint64_t start, pages;
	uint32_t type;
	uint64_t attr;
};

/* The internal ranges must be exactly these (and in order). */
static void check_ranges(const struct want *w, uint32_t n)
{
	assert_int_equal(map.count, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(map.r[i].start, w[i].start);
		assert_int_equal(map.r[i].pages, w[i].pages);
		assert_int_equal(map.r[i].type, w[i].type);
		assert_int_equal(map.r[i].attr, w[i].attr);
	}
}

static void check_invariants(void)
{
	check_map_invariants(&map);
}

/* Like QEMU's PVH E820: low RAM with a reserved EBDA page, BIOS area, RAM, a reserved page
 * below 4 GiB and RAM above 4 GiB. */
static void build_qemu_like(void)
{
	memmap_init(&map);
	assert_int_equal(memmap_set(&map, 0, 0x9f, EfiConventionalMemory, RAM), EFI_SUCCESS);
	assert_int_equal(memmap_set(&map, 0x100000, 0x7f00, EfiConventionalMemory, RAM), EFI_SUCCESS);
	assert_int_equal(memmap_set(&map, 4 * GIB, 0x80000, EfiConventionalMemory, RAM), EFI_SUCCESS);
	assert_int_equal(memmap_set(&map, 0x9f000, 1, EfiReservedMemoryType, 0), EFI_SUCCESS);
	assert_int_equal(memmap_set(&map, 0xf0000, 0x10, EfiReservedMemoryType, 0), EFI_SUCCESS);
	assert_int_equal(memmap_set(&map, 0xfeffc000, 4, EfiReservedMemoryType, 0), EFI_SUCCESS);
}

static void test_build_from_e820(void **state)
{
	const struct want w[] = {
		{ 0, 0x9f, EfiConventionalMemory, RAM },
		{ 0x9f000, 1, EfiReservedMemoryType, 0 },
		{ 0xf0000, 0x10, EfiReservedMemoryType, 0 },
		{ 0x100000, 0x7f00, EfiConventionalMemory, RAM },
		{ 0xfeffc000, 4, EfiReservedMemoryType, 0 },
		{ 4 * GIB, 0x80000, EfiConventionalMemory, RAM },
	};

	build_qemu_like();
	check_ranges(w, ARRAY_SIZE(w));
	assert_int_equal(memmap_top(&map), 6 * GIB);
	check_invariants();
}

static void test_set_splits_and_merges(void **state)
{
	const struct want split[] = {
		{ 0x100000, 0x10, EfiConventionalMemory, RAM },
		{ 0x110000, 0x20, EfiBootServicesData, RAM },
		{ 0x130000, 0xd0, EfiConventionalMemory, RAM },
	};
	const struct want whole[] = { { 0x100000, 0x100, EfiConventionalMemory, RAM } };
	uint64_t key;

	memmap_init(&map);
	memmap_set(&map, 0x100000, 0x100, EfiConventionalMemory, RAM);
	key = map.key;
	assert_int_equal(memmap_set(&map, 0x110000, 0x20, EfiBootServicesData, RAM), EFI_SUCCESS);
	check_ranges(split, ARRAY_SIZE(split));
	assert_true(map.key != key);
	/* Painting it back merges the three into one. */
	assert_int_equal(memmap_set(&map, 0x110000, 0x20, EfiConventionalMemory, RAM), EFI_SUCCESS);
	check_ranges(whole, ARRAY_SIZE(whole));
	/* A different attribute is a different range. */
	assert_int_equal(memmap_set(&map, 0x1ff000, 1, EfiConventionalMemory, RAM | EFI_MEMORY_RUNTIME),
			 EFI_SUCCESS);
	assert_int_equal(map.count, 2);
}

static void test_set_across_ranges_and_gaps(void **state)
{
	const struct want w[] = {
		{ 0, 0x9f, EfiConventionalMemory, RAM },
		{ 0x9f000, 0x71, EfiBootServicesCode, RAM },
		{ 0x110000, 0x7ef0, EfiConventionalMemory, RAM },
		{ 0xfeffc000, 4, EfiReservedMemoryType, 0 },
		{ 4 * GIB, 0x80000, EfiConventionalMemory, RAM },
	};

	build_qemu_like();
	/* Over the reserved page, the gap below 0xf0000, the BIOS area and into RAM. */
	assert_int_equal(memmap_set(&map, 0x9f000, 0x71, EfiBootServicesCode, RAM), EFI_SUCCESS);
	check_ranges(w, ARRAY_SIZE(w));
}

static void test_set_bad_spans(void **state)
{
	memmap_init(&map);
	assert_int_equal(memmap_set(&map, 0x1001, 1, EfiConventionalMemory, RAM), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_set(&map, 0x1000, 0, EfiConventionalMemory, RAM), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_set(&map, UINT64_MAX & ~0xfffULL, 1, EfiConventionalMemory, RAM),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_set(&map, 0x1000, UINT64_MAX / PG, EfiConventionalMemory, RAM),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(map.count, 0);
}

static void test_claim_only_free(void **state)
{
	const struct want w[] = {
		{ 0, 0x9f, EfiConventionalMemory, RAM },
		{ 0x9f000, 1, EfiReservedMemoryType, 0 },
		{ 0xf0000, 0x10, EfiReservedMemoryType, 0 },
		{ 0x100000, 0x10, EfiLoaderData, RAM },
		{ 0x110000, 0x7ef0, EfiConventionalMemory, RAM },
		{ 0xfeffc000, 4, EfiConventionalMemory, RAM },
		{ 4 * GIB, 0x80000, EfiUnusableMemory, RAM },
	};

	build_qemu_like();
	memmap_set(&map, 4 * GIB, 0x80000, EfiUnusableMemory, RAM);
	memmap_set(&map, 0xfeffc000, 4, EfiConventionalMemory, RAM);
	assert_int_equal(memmap_claim(&map, 0x9f000, 0x71, EfiLoaderData, RAM), EFI_SUCCESS);
	check_ranges(w, ARRAY_SIZE(w));
}

/* Every change but a free stops MEMMAP_FREE_RESERVE ranges short of the array's end. */
static void test_map_full(void **state)
{
	const uint32_t full = MEMMAP_INITIAL_RANGES - MEMMAP_FREE_RESERVE;
	struct memmap_range copy[MEMMAP_INITIAL_RANGES];
	uint64_t addr = 0x1000 + 600 * PG;

	memmap_init(&map);
	assert_int_equal(map.capacity, MEMMAP_INITIAL_RANGES);
	memmap_set(&map, 0x1000, 2 * MEMMAP_INITIAL_RANGES, EfiConventionalMemory, RAM);
	/* Loader data on every even page: each adds two ranges, the last free one is long. */
	for (uint64_t n = 0; map.count < full; n += 2)
		assert_int_equal(memmap_set(&map, 0x1000 + n * PG, 1, EfiLoaderData, RAM), EFI_SUCCESS);
	assert_int_equal(map.count, full);
	memcpy(copy, map.r, full * sizeof(copy[0]));
	/* Splitting the long range in three does not fit; the map stays as it was. */
	assert_int_equal(memmap_set(&map, addr, 1, EfiLoaderData, RAM), EFI_OUT_OF_RESOURCES);
	assert_int_equal(memmap_claim(&map, addr, 1, EfiLoaderData, RAM), EFI_OUT_OF_RESOURCES);
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 1, &addr), EFI_OUT_OF_RESOURCES);
	assert_int_equal(addr, 0x1000 + 600 * PG);
	assert_int_equal(map.count, full);
	assert_memory_equal(copy, map.r, full * sizeof(copy[0]));
	/* Filling a hole merges three ranges into one: that always works. */
	assert_int_equal(memmap_set(&map, 0x2000, 1, EfiLoaderData, RAM), EFI_SUCCESS);
	assert_int_equal(map.count, full - 2);
	check_invariants();
}

/*
 * Found by fuzz_memmap: on a full map a claim changed the free pieces it had room for, then
 * failed on the next one, leaving a half-claimed span behind EFI_OUT_OF_RESOURCES. Like
 * memmap_set it changes nothing now when it cannot change everything.
 */
static void test_claim_on_a_full_map_changes_nothing(void **state)
{
	const uint32_t full = MEMMAP_INITIAL_RANGES - MEMMAP_FREE_RESERVE;
	struct memmap_range copy[MEMMAP_INITIAL_RANGES];
	uint64_t tail;

	memmap_init(&map);
	memmap_set(&map, 0x1000, 2 * MEMMAP_INITIAL_RANGES, EfiConventionalMemory, RAM);
	for (uint64_t n = 0; map.count < full; n += 2)
		assert_int_equal(memmap_set(&map, 0x1000 + n * PG, 1, EfiLoaderData, RAM), EFI_SUCCESS);
	memcpy(copy, map.r, full * sizeof(copy[0]));
	/* A single free page (claimed in place), a loader page, then the long free range's first
	 * page, which would split it: one range more than the map may take. */
	tail = map.r[map.count - 1].start;
	assert_int_equal(memmap_claim(&map, tail - 2 * PG, 3, EfiACPIReclaimMemory, RAM), EFI_OUT_OF_RESOURCES);
	assert_int_equal(map.count, full);
	assert_memory_equal(copy, map.r, full * sizeof(copy[0]));
	/* Where it fits, it claims every free piece. */
	assert_int_equal(memmap_claim(&map, tail - 4 * PG, 3, EfiACPIReclaimMemory, RAM), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, tail - 4 * PG)->type, EfiACPIReclaimMemory);
	assert_int_equal(memmap_find(&map, tail - 2 * PG)->type, EfiACPIReclaimMemory);
	check_invariants();
}

/*
 * Issue 9 #6: frees may use the reserve that other changes leave, so FreePages does not fail
 * for room when allocations already do; memmap_take, memmap_move and memmap_untake give the
 * map a bigger array, after which allocations work again.
 */
static void test_free_reserve(void **state)
{
	static struct memmap_range bigger[2 * MEMMAP_INITIAL_RANGES];
	const uint32_t full = MEMMAP_INITIAL_RANGES - MEMMAP_FREE_RESERVE;
	uint64_t a, blocks = 0, take;

	memmap_init(&map);
	memmap_set(&map, 0x100000, 4 * MEMMAP_INITIAL_RANGES, EfiConventionalMemory, RAM);
	/* Three-page allocations one page apart, until the map refuses the next one. */
	for (;; blocks++) {
		a = 0x100000 + blocks * 4 * PG;
		if (memmap_alloc(&map, AllocateAddress, EfiLoaderData, 3, &a) != EFI_SUCCESS)
			break;
	}
	assert_true(map.count + 2 > full);
	/* Freeing the middle page of a block splits it in three: two ranges more each time. */
	for (uint64_t i = 0; i < MEMMAP_FREE_RESERVE / 2; i++)
		assert_int_equal(memmap_free(&map, 0x100000 + i * 4 * PG + PG, 1), EFI_SUCCESS);
	assert_true(map.count > full);
	check_invariants();
	/* The array grows into free pages the map then calls the firmware's. */
	assert_int_equal(memmap_take(&map, 1, 4 * GIB, &take), EFI_OUT_OF_RESOURCES);
	memmap_free(&map, 0x100000 + (blocks - 1) * 4 * PG, 3); /* room: the last block merges */
	assert_int_equal(memmap_take(&map, 2, 4 * GIB, &take), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, take)->type, EfiBootServicesData);
	assert_false(memmap_find(&map, take)->allocated);
	assert_int_equal(memmap_free(&map, take, 2), EFI_NOT_FOUND);
	memmap_move(&map, bigger, ARRAY_SIZE(bigger));
	assert_ptr_equal(map.r, bigger);
	a = 0x100000 + (blocks - 1) * 4 * PG;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderData, 1, &a), EFI_SUCCESS);
	for (uint64_t i = MEMMAP_FREE_RESERVE / 2; i < blocks - 1; i++)
		assert_int_equal(memmap_free(&map, 0x100000 + i * 4 * PG + PG, 1), EFI_SUCCESS);
	memmap_untake(&map, take, 2);
	assert_int_equal(memmap_find(&map, take)->type, EfiConventionalMemory);
	check_invariants();
}

static void test_alloc_any_prefers_low(void **state)
{
	uint64_t a = 0, b = 0;

	build_qemu_like();
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 2, &a), EFI_SUCCESS);
	assert_int_equal(a, 0x8000000 - 2 * PG);
	assert_true(memmap_find(&map, a)->allocated);
	assert_int_equal(memmap_find(&map, a)->type, EfiLoaderData);
	/* Too big for anything below 4 GiB: it comes from above. */
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 0x10000, &b), EFI_SUCCESS);
	assert_int_equal(b, 6 * GIB - 0x10000 * PG);
	/* Bigger than any range. */
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 0x80000, &b),
			 EFI_OUT_OF_RESOURCES);
}

static void test_alloc_max_address(void **state)
{
	uint64_t a;

	memmap_init(&map);
	memmap_set(&map, 0x100000, 0x100, EfiConventionalMemory, RAM);
	memmap_set(&map, 4 * GIB, 0x100, EfiConventionalMemory, RAM);
	/* The last byte may be max itself. */
	a = 0x1fffff;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiBootServicesData, 1, &a), EFI_SUCCESS);
	assert_int_equal(a, 0x1ff000);
	a = 0x1ffffe;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiBootServicesData, 1, &a), EFI_SUCCESS);
	assert_int_equal(a, 0x1fe000);
	/* No limit: the highest fit, above 4 GiB. */
	a = UINT64_MAX;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiBootServicesData, 4, &a), EFI_SUCCESS);
	assert_int_equal(a, 4 * GIB + 0xfc * PG);
	/* Below the RAM: nothing. */
	a = 0xfffff;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiBootServicesData, 1, &a),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(a, 0xfffff);
	/* Exactly the size of what is left below max. */
	a = 0x1fdfff;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiBootServicesData, 0xfe, &a), EFI_SUCCESS);
	assert_int_equal(a, 0x100000);
	a = UINT32_MAX;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiBootServicesData, 1, &a),
			 EFI_OUT_OF_RESOURCES);
}

static void test_alloc_address(void **state)
{
	uint64_t a;

	memmap_init(&map);
	memmap_set(&map, 0x100000, 0x10, EfiConventionalMemory, RAM);
	memmap_set(&map, 0x110000, 0x10, EfiConventionalMemory, EFI_MEMORY_WB);
	memmap_set(&map, 0x121000, 0x10, EfiConventionalMemory, RAM);
	memmap_set(&map, 0x131000, 1, EfiACPIReclaimMemory, RAM);
	/* Across two free ranges that differ only in attributes. */
	a = 0x10f000;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 2, &a), EFI_SUCCESS);
	assert_int_equal(a, 0x10f000);
	assert_int_equal(memmap_find(&map, 0x110000)->type, EfiLoaderCode);
	/* Across the gap at 0x120000. */
	a = 0x11f000;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 2, &a), EFI_NOT_FOUND);
	/* Into a range that is not free, or already allocated. */
	a = 0x130000;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 2, &a), EFI_NOT_FOUND);
	a = 0x10e000;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 2, &a), EFI_NOT_FOUND);
	/* Misaligned, empty, past the end of the address space. */
	a = 0x100800;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 1, &a), EFI_NOT_FOUND);
	a = 0x100000;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 0, &a), EFI_NOT_FOUND);
	a = UINT64_MAX & ~0xfffULL;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 2, &a), EFI_NOT_FOUND);
	/* The whole last free range, exactly. */
	a = 0x121000;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderCode, 0x10, &a), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, 0x121000)->pages, 0x10);
}

static void test_page_zero_never_returned(void **state)
{
	uint64_t a;

	memmap_init(&map);
	memmap_set(&map, 0, 2, EfiConventionalMemory, RAM);
	a = 0;
	assert_int_equal(memmap_alloc(&map, AllocateAddress, EfiLoaderData, 1, &a), EFI_NOT_FOUND);
	a = 0xfff;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiLoaderData, 1, &a), EFI_OUT_OF_RESOURCES);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 2, &a), EFI_OUT_OF_RESOURCES);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 1, &a), EFI_SUCCESS);
	assert_int_equal(a, PG);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 1, &a), EFI_OUT_OF_RESOURCES);
}

static void test_alloc_bad_parameters(void **state)
{
	static const uint32_t bad[] = { EfiConventionalMemory, EFI_PERSISTENT_MEMORY, EFI_UNACCEPTED_MEMORY,
					EFI_MEMORY_TYPE_COUNT, 0x6fffffff };
	static const uint32_t good[] = { EfiReservedMemoryType, EfiRuntimeServicesCode, EfiPalCode,
					 EFI_MEMORY_TYPE_OEM_MIN, 0x7fffffff, EFI_MEMORY_TYPE_OS_MIN, 0xffffffff };
	uint64_t a = 0;

	build_qemu_like();
	for (uint32_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(memmap_alloc(&map, AllocateAnyPages, bad[i], 1, &a), EFI_INVALID_PARAMETER);
	for (uint32_t i = 0; i < ARRAY_SIZE(good); i++) {
		assert_int_equal(memmap_alloc(&map, AllocateAnyPages, good[i], 1, &a), EFI_SUCCESS);
		assert_int_equal(memmap_find(&map, a)->type, good[i]);
	}
	assert_int_equal(memmap_alloc(&map, MaxAllocateType, EfiLoaderData, 1, &a), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_alloc(&map, 0x80000000u, EfiLoaderData, 1, &a), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 1, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 0, &a), EFI_OUT_OF_RESOURCES);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, UINT64_MAX, &a),
			 EFI_OUT_OF_RESOURCES);
	a = UINT64_MAX;
	assert_int_equal(memmap_alloc(&map, AllocateMaxAddress, EfiLoaderData, UINT64_MAX / PG, &a),
			 EFI_OUT_OF_RESOURCES);
}

static void test_runtime_attribute(void **state)
{
	uint64_t a;

	build_qemu_like();
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiRuntimeServicesData, 3, &a), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, a)->attr, RAM | EFI_MEMORY_RUNTIME);
	assert_int_equal(memmap_free(&map, a, 3), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, a)->attr, RAM);
	assert_int_equal(memmap_find(&map, a)->type, EfiConventionalMemory);
	assert_int_equal(memmap_find(&map, a)->pages, 0x7f00); /* merged back */
}

static void test_free_pages(void **state)
{
	uint64_t a, b;

	build_qemu_like();
	memmap_set(&map, 0x100000, 0x10, EfiBootServicesData, RAM);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiBootServicesData, 4, &a), EFI_SUCCESS);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiLoaderData, 4, &b), EFI_SUCCESS);
	assert_int_equal(b, a - 4 * PG);
	assert_int_equal(memmap_free(&map, a + 1, 1), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_free(&map, a, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_free(&map, UINT64_MAX & ~0xfffULL, 2), EFI_INVALID_PARAMETER);
	/* Free memory, the firmware's own data, reserved memory, beyond the allocation. */
	assert_int_equal(memmap_free(&map, 0x200000, 1), EFI_NOT_FOUND);
	assert_int_equal(memmap_free(&map, 0x100000, 1), EFI_NOT_FOUND);
	assert_int_equal(memmap_free(&map, 0xf0000, 1), EFI_NOT_FOUND);
	assert_int_equal(memmap_free(&map, a, 5), EFI_NOT_FOUND);
	assert_int_equal(memmap_free(&map, 0x30000000, 1), EFI_NOT_FOUND); /* in no range */
	/* Part of an allocation, then two allocations at once. */
	assert_int_equal(memmap_free(&map, a + PG, 1), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, a + PG)->type, EfiConventionalMemory);
	assert_int_equal(memmap_free(&map, a + PG, 1), EFI_NOT_FOUND);
	assert_int_equal(memmap_free(&map, b, 5), EFI_SUCCESS);
	assert_int_equal(memmap_free(&map, a + 2 * PG, 2), EFI_SUCCESS);
	assert_int_equal(memmap_find(&map, a)->pages, 0x7f00 - 0x10);
	check_invariants();
}

static EFI_MEMORY_DESCRIPTOR *desc(uint8_t *buf, uint32_t i)
{
	return (EFI_MEMORY_DESCRIPTOR *)(buf + i * MEMMAP_DESC_SIZE);
}

static void test_get_memory_map(void **state)
{
	_Alignas(8) uint8_t buf[10 * MEMMAP_DESC_SIZE];
	UINTN size = 0, key = 0, key2 = 0, dsize = 0;
	UINT32 version = 0;
	uint64_t a;

	build_qemu_like();
	assert_int_equal(memmap_get(&map, NULL, (void *)buf, &key, &dsize, &version), EFI_INVALID_PARAMETER);
	assert_int_equal(memmap_get(&map, &size, NULL, &key, &dsize, &version), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 6 * 48);
	assert_int_equal(dsize, 48);
	assert_int_equal(version, 1);
	size = sizeof(buf);
	assert_int_equal(memmap_get(&map, &size, NULL, &key, &dsize, &version), EFI_INVALID_PARAMETER);
	size = 6 * 48 - 1;
	assert_int_equal(memmap_get(&map, &size, (void *)buf, &key, &dsize, &version), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 6 * 48);
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(memmap_get(&map, &size, (void *)buf, &key, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(size, 6 * 48);
	assert_int_equal(desc(buf, 1)->Type, EfiReservedMemoryType);
	assert_int_equal(desc(buf, 1)->PhysicalStart, 0x9f000);
	assert_int_equal(desc(buf, 1)->NumberOfPages, 1);
	assert_int_equal(desc(buf, 5)->PhysicalStart, 4 * GIB);
	assert_int_equal(desc(buf, 5)->Attribute, RAM);
	assert_int_equal(desc(buf, 5)->VirtualStart, 0);
	assert_int_equal(desc(buf, 5)->Pad, 0);
	for (uint32_t i = 40; i < 48; i++)
		assert_int_equal(buf[3 * 48 + i], 0);
	assert_int_equal(buf[6 * 48], 0xaa);

	/* An allocation next to firmware data of the same type is one descriptor. */
	memmap_set(&map, 0x7ff0000, 0x10, EfiBootServicesData, RAM);
	assert_int_equal(memmap_alloc(&map, AllocateAnyPages, EfiBootServicesData, 2, &a), EFI_SUCCESS);
	assert_int_equal(map.count, 8);
	size = sizeof(buf);
	assert_int_equal(memmap_get(&map, &size, (void *)buf, &key2, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(size, 7 * 48);
	assert_true(key2 != key);
	assert_int_equal(desc(buf, 4)->Type, EfiBootServicesData);
	assert_int_equal(desc(buf, 4)->PhysicalStart, 0x7fee000);
	assert_int_equal(desc(buf, 4)->NumberOfPages, 0x12);
	/* No change, same key. */
	assert_int_equal(memmap_get(&map, &size, (void *)buf, &key, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(key, key2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_from_e820),
		cmocka_unit_test(test_set_splits_and_merges),
		cmocka_unit_test(test_set_across_ranges_and_gaps),
		cmocka_unit_test(test_set_bad_spans),
		cmocka_unit_test(test_claim_only_free),
		cmocka_unit_test(test_map_full),
		cmocka_unit_test(test_claim_on_a_full_map_changes_nothing),
		cmocka_unit_test(test_free_reserve),
		cmocka_unit_test(test_alloc_any_prefers_low),
		cmocka_unit_test(test_alloc_max_address),
		cmocka_unit_test(test_alloc_address),
		cmocka_unit_test(test_page_zero_never_returned),
		cmocka_unit_test(test_alloc_bad_parameters),
		cmocka_unit_test(test_runtime_attribute),
		cmocka_unit_test(test_free_pages),
		cmocka_unit_test(test_get_memory_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
