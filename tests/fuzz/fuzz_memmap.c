/*
 * libFuzzer target for the memory map and its allocator (services/memmap.c): the input is a
 * sequence of calls (memmap_alloc and memmap_free with any address, size, type and kind;
 * memmap_set and memmap_claim inside the model; memmap_set and memmap_claim with invalid
 * spans; memmap_get into a buffer of any size; the map's growth as services/memory.c makes it:
 * memmap_take, memmap_move, memmap_untake). Each call is checked against the page model
 * of tests/unit/memmap_model.h (status, chosen address), the map's invariants after every call
 * (tests/unit/memmap_invariants.h), and the whole map against the model page by page at the end.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define assert_true(x) CHECK(x)
#define assert_false(x) CHECK(!(x))
#define assert_int_equal(a, b) CHECK((uint64_t)(a) == (uint64_t)(b))
#define MODEL_PAGES 256ULL /* two spans of 1 MiB: 512 pages can fill the first array past its reserve */
#include "tests/unit/memmap_model.h"

struct reader {
	const uint8_t *p;
	size_t n;
};

/* The next bytes of the input, little-endian; zeros once it is used up. */
static uint64_t take(struct reader *r, size_t bytes)
{
	uint64_t v = 0;

	for (size_t i = 0; i < bytes && r->n; i++, r->n--)
		v |= (uint64_t)*r->p++ << (8 * i);
	return v;
}

static uint32_t pick_type(struct reader *r)
{
	static const uint32_t types[] = {
		EfiLoaderCode, EfiLoaderData, EfiBootServicesData, EfiRuntimeServicesCode,
		EfiRuntimeServicesData, EfiReservedMemoryType, EfiACPIReclaimMemory, 0x80000001u,
		/* refused by AllocatePages */
		EfiConventionalMemory, EFI_PERSISTENT_MEMORY, EFI_UNACCEPTED_MEMORY, EFI_MEMORY_TYPE_COUNT,
		0x6fffffffu,
	};
	return types[take(r, 1) % ARRAY_SIZE(types)];
}

static uint64_t model_page(struct reader *r)
{
	return model_addr(take(r, 2) % (2 * MODEL_PAGES));
}

/* Mostly inside the model, sometimes unaligned, anywhere, or just below 2^64. */
static uint64_t pick_addr(struct reader *r)
{
	switch (take(r, 1) % 5) {
	case 0:
		return model_page(r) + take(r, 2) % MODEL_PG;
	case 1:
		return take(r, 8);
	case 2:
		return UINT64_MAX - take(r, 2) * MODEL_PG;
	default:
		return model_page(r);
	}
}

static uint64_t pick_pages(struct reader *r)
{
	switch (take(r, 1) % 6) {
	case 0:
		return 0;
	case 1:
		return take(r, 8);
	case 2:
		return 1 + take(r, 2) % (2 * MODEL_PAGES);
	default:
		return 1 + take(r, 1) % 32;
	}
}

/* GetMemoryMap into a buffer of exactly bufsize bytes (ASan: not one byte past it). */
static void check_get(const struct memmap *map, UINTN bufsize)
{
	UINTN size = bufsize, key = 0, dsz = 0, need = 0, pages = 0;
	UINT32 ver = 0;
	uint8_t *buf = bufsize ? malloc(bufsize) : NULL;
	EFI_STATUS st = memmap_get(map, &size, (EFI_MEMORY_DESCRIPTOR *)buf, &key, &dsz, &ver);

	for (uint32_t i = 0; i < map->count; i++)
		if (!i || memmap_range_end(&map->r[i - 1]) != map->r[i].start || map->r[i - 1].type != map->r[i].type ||
		    map->r[i - 1].attr != map->r[i].attr)
			need += MEMMAP_DESC_SIZE;
	CHECK(key == map->key && dsz == MEMMAP_DESC_SIZE && ver == EFI_MEMORY_DESCRIPTOR_VERSION);
	if (bufsize < need) {
		CHECK(st == EFI_BUFFER_TOO_SMALL && size == need);
	} else {
		CHECK(st == EFI_SUCCESS && size == need);
		for (UINTN off = 0; off < need; off += MEMMAP_DESC_SIZE) {
			EFI_MEMORY_DESCRIPTOR d;
			memcpy(&d, buf + off, sizeof(d));
			CHECK(model_index(d.PhysicalStart) >= 0 && d.NumberOfPages);
			CHECK(d.Type == model[model_index(d.PhysicalStart)].type);
			CHECK(d.Attribute == model[model_index(d.PhysicalStart)].attr);
			pages += d.NumberOfPages;
		}
		CHECK(pages == 2 * MODEL_PAGES);
	}
	free(buf);
}

/* A span memmap_set and memmap_claim must refuse, changing nothing. */
static void check_invalid_span(struct memmap *map, struct reader *r)
{
	uint64_t a = pick_addr(r), pages = pick_pages(r), key = map->key;
	uint32_t count = map->count;

	switch (take(r, 1) % 3) {
	case 0:
		a |= 1 + take(r, 2) % (MODEL_PG - 1);
		break;
	case 1:
		pages = 0;
		break;
	default: /* runs past 2^64 */
		pages = UINT64_MAX / MODEL_PG - take(r, 1);
		a = (UINT64_MAX - take(r, 2) * MODEL_PG) & ~(MODEL_PG - 1);
	}
	CHECK(!model_span(a, pages));
	CHECK(memmap_set(map, a, pages, EfiReservedMemoryType, 0) == EFI_INVALID_PARAMETER);
	CHECK(memmap_claim(map, a, pages, EfiBootServicesData, 0) == EFI_INVALID_PARAMETER);
	CHECK(map->key == key && map->count == count);
}

/* The array the map grew into (host memory; the pages taken stand for it), and those pages. */
static struct memmap_range *grown;
static uint64_t grown_at, grown_pages;

/*
 * What services/memory.c does before a change could eat into the reserve: pages for an array
 * twice as big, taken below a limit, the ranges moved there, the old array's pages given back.
 */
static void grow(struct memmap *map, struct reader *r)
{
	uint32_t capacity = 2 * map->capacity;
	uint64_t pages = (capacity * sizeof(struct memmap_range) + MODEL_PG - 1) / MODEL_PG;
	uint64_t below = take(r, 1) % 2 ? 4 * MODEL_GIB : model_page(r), want, at = 0;
	struct memmap_range *array;
	uint32_t count = map->count;
	EFI_STATUS st;

	if (capacity > 4 * MEMMAP_INITIAL_RANGES) /* the model's pages never need more ranges */
		return;
	want = model_find_top(pages, MODEL_PG, below);
	st = memmap_take(map, pages, below, &at);
	if (st == EFI_OUT_OF_RESOURCES && want && count + 2 > map->capacity)
		return; /* not even the reserve had room */
	CHECK(want ? st == EFI_SUCCESS && at == want : st == EFI_OUT_OF_RESOURCES);
	if (!want)
		return;
	model_set(at, pages, EfiBootServicesData, model[model_index(at)].attr, false);
	if (!(array = malloc(capacity * sizeof(*array))))
		abort();
	count = map->count;
	memmap_move(map, array, capacity);
	CHECK(map->r == array && map->capacity == capacity && map->count == count);
	free(grown);
	if (grown_pages) {
		memmap_untake(map, grown_at, grown_pages);
		model_set(grown_at, grown_pages, EfiConventionalMemory, model[model_index(grown_at)].attr, false);
	}
	grown = array;
	grown_at = at;
	grown_pages = pages;
}

static void one_call(struct memmap *map, struct reader *r)
{
	static const uint64_t attrs[] = { MEM_ATTR_RAM, EFI_MEMORY_WB, 0, MEM_ATTR_RAM | EFI_MEMORY_RUNTIME };
	uint32_t how, type;
	uint64_t a, pages;

	switch (take(r, 1) % 8) {
	case 0:
	case 1:
		how = take(r, 1) % 4; /* 3: not an EFI_ALLOCATE_TYPE */
		type = pick_type(r);
		pages = pick_pages(r);
		model_alloc(map, how, type, pages, pick_addr(r));
		break;
	case 2:
		a = pick_addr(r);
		model_free(map, a, pick_pages(r));
		break;
	case 3:
	case 4:
		a = model_page(r);
		pages = 1 + take(r, 1) % 32;
		type = take(r, 1) % 2 ? EfiConventionalMemory : pick_type(r);
		model_change(map, a, pages, type, attrs[take(r, 1) % ARRAY_SIZE(attrs)], take(r, 1) % 2);
		break;
	case 5:
		check_get(map, take(r, 2) % (map->capacity * MEMMAP_DESC_SIZE + 64));
		break;
	case 6:
		grow(map, r);
		break;
	default:
		check_invalid_span(map, r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct memmap map;
	struct reader r = { data, size };

	model_reset(&map);
	free(grown);
	grown = NULL;
	grown_at = grown_pages = 0;
	while (r.n) {
		uint64_t key = map.key;

		one_call(&map, &r);
		check_map_invariants(&map);
		CHECK(map.key >= key);
	}
	check_against_model(&map);
	return 0;
}
