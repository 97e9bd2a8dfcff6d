/*
 * The firmware glue (services/memory.c) on the host: a page-aligned arena plays the RAM the
 * E820 table describes, the linker symbols point into it, so pool buffers are real memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/lib.h"
#include "lib/log.h"
#include "services/memmap.h"
#include "services/memory.h"
#include "services/paging.h"

#define PG 4096ULL
#define ARENA_PAGES 1024

_Alignas(4096) char arena[ARENA_PAGES * PG];

/* The firmware image inside the arena, laid out as linker.ld would (pages 16-22), then a
 * payload of PAYLOAD_SIZE bytes (pages 23-24). */
__asm__(".globl __image_start, __rtcode_start, __rtcode_end, __rtdata_start, __rtdata_end\n"
	".globl __payload_start, __image_end\n"
	".set __image_start, arena + 16 * 4096\n"
	".set __rtcode_start, arena + 18 * 4096\n"
	".set __rtcode_end, arena + 19 * 4096\n"
	".set __rtdata_start, arena + 19 * 4096\n"
	".set __rtdata_end, arena + 20 * 4096\n"
	".set __image_end, arena + 23 * 4096\n"
	".set __payload_start, arena + 23 * 4096\n");
#define PAYLOAD_SIZE 0x1800

static char log_buf[16384];
static size_t log_len;

static void log_append(const char *fmt, va_list ap)
{
	log_len += vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
}

/* Both the console and the debug port land in log_buf. */
void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_append(fmt, ap);
	va_end(ap);
}

void debug_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_append(fmt, ap);
	va_end(ap);
}

/* services/paging.c's part, played: what memory.c last asked, and whether to refuse it. */
static struct {
	uint64_t addr, pages;
	uint32_t type;
	bool refuse;
} paged;

EFI_STATUS paging_for_type(uint64_t addr, uint64_t pages, uint32_t type)
{
	paged.addr = addr;
	paged.pages = pages;
	paged.type = type;
	return paged.refuse ? EFI_OUT_OF_RESOURCES : EFI_SUCCESS;
}

static uint64_t at(uint64_t page)
{
	return (uint64_t)arena + page * PG;
}

static struct machine m;
static struct machine_range ranges[8], kept[1];
static struct machine_blob used[2];
static EFI_BOOT_SERVICES bs;

static void add_range(uint64_t addr, uint64_t size, uint32_t type)
{
	ranges[m.nr_ranges++] = (struct machine_range){ addr, size, type };
}

/* RAM with ragged ends, each kind of range once, two blobs the VMM filled, one kept page. */
static int setup(void **state)
{
	memset(&m, 0, sizeof(m));
	m.ranges = ranges;
	add_range(at(0) - 0x800, ARENA_PAGES * PG + 0x1000, EfiConventionalMemory);
	add_range(at(100) + 0x10, 0x20, EfiReservedMemoryType);
	add_range(at(120), 2 * PG, EfiACPIReclaimMemory);
	add_range(at(130), PG, EfiACPIMemoryNVS);
	add_range(at(140), PG, EfiUnusableMemory);
	add_range(at(150), PG, EFI_PERSISTENT_MEMORY);
	used[0] = (struct machine_blob){ at(200) + 0x123, 0x2000 };
	used[1] = (struct machine_blob){ at(99) + 0x800, 0x1000 };
	m.used = used;
	m.nr_used = 2;
	kept[0] = (struct machine_range){ at(21), PG, EfiACPIReclaimMemory }; /* in .bss */
	m.kept = kept;
	m.nr_kept = 1;
	memset(&bs, 0, sizeof(bs));
	memory_install(&bs);
	return memory_init(&m, PAYLOAD_SIZE) ? -1 : 0;
}

/* The type the map gives addr (through GetMemoryMap), or -1. */
static int64_t type_at(uint64_t addr)
{
	static _Alignas(8) uint8_t buf[2 * ARENA_PAGES * MEMMAP_DESC_SIZE];
	UINTN size = sizeof(buf), key, dsize;
	UINT32 version;

	assert_int_equal(bs.GetMemoryMap(&size, (void *)buf, &key, &dsize, &version), EFI_SUCCESS);
	for (UINTN off = 0; off < size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)(buf + off);
		if (addr >= d->PhysicalStart && addr < d->PhysicalStart + d->NumberOfPages * PG)
			return d->Type;
	}
	return -1;
}

static void test_init_map(void **state)
{
	static const struct { uint64_t first, pages; uint32_t type; uint64_t attr; } want[] = {
		{ 0, 16, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 16, 2, EfiBootServicesCode, MEM_ATTR_RAM },
		{ 18, 2, EfiRuntimeServicesCode, MEM_ATTR_RAM | EFI_MEMORY_RUNTIME }, /* the unit */
		{ 20, 1, EfiBootServicesData, MEM_ATTR_RAM }, /* .bss */
		{ 21, 1, EfiACPIReclaimMemory, MEM_ATTR_RAM }, /* kept for the OS */
		{ 22, 3, EfiBootServicesData, MEM_ATTR_RAM }, /* .bss, then the payload's 1.5 pages */
		{ 25, 74, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 99, 1, EfiBootServicesData, MEM_ATTR_RAM }, /* blob next to the reserved page */
		{ 100, 1, EfiReservedMemoryType, 0 },
		{ 101, 19, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 120, 2, EfiACPIReclaimMemory, MEM_ATTR_RAM },
		{ 122, 8, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 130, 1, EfiACPIMemoryNVS, MEM_ATTR_RAM },
		{ 131, 9, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 140, 1, EfiUnusableMemory, MEM_ATTR_RAM },
		{ 141, 9, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 150, 1, EFI_PERSISTENT_MEMORY, MEM_ATTR_RAM | EFI_MEMORY_NV },
		{ 151, 49, EfiConventionalMemory, MEM_ATTR_RAM },
		{ 200, 3, EfiBootServicesData, MEM_ATTR_RAM },
		{ 203, ARENA_PAGES - 203, EfiConventionalMemory, MEM_ATTR_RAM },
	};
	_Alignas(8) uint8_t buf[32 * MEMMAP_DESC_SIZE];
	UINTN size = sizeof(buf), key, dsize;
	UINT32 version;

	assert_int_equal(bs.GetMemoryMap(&size, (void *)buf, &key, &dsize, &version), EFI_SUCCESS);
	assert_int_equal(key, mem_map_key());
	assert_int_equal(size, ARRAY_SIZE(want) * MEMMAP_DESC_SIZE);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)(buf + i * dsize);
		assert_int_equal(d->PhysicalStart, at(want[i].first));
		assert_int_equal(d->NumberOfPages, want[i].pages);
		assert_int_equal(d->Type, want[i].type);
		assert_int_equal(d->Attribute, want[i].attr);
	}
	assert_int_equal(mem_top(), at(ARENA_PAGES));
	assert_true(mem_in_map(at(255), at(256)));
	assert_true(mem_in_map(0, at(1)));
	assert_false(mem_in_map(at(ARENA_PAGES), UINT64_MAX));
	assert_false(mem_in_map(0, at(0)));
}

static void test_init_errors(void **state)
{
	m.nr_ranges = 0;
	assert_string_equal(memory_init(&m, PAYLOAD_SIZE), "no usable RAM in the memory map");
	add_range(at(0), ARENA_PAGES * PG, EfiReservedMemoryType);
	assert_string_equal(memory_init(&m, PAYLOAD_SIZE), "no usable RAM in the memory map");
	/* A RAM range smaller than a page once trimmed gives no free memory either. */
	m.nr_ranges = 0;
	add_range(at(0) + 1, PG, EfiConventionalMemory);
	assert_non_null(memory_init(&m, PAYLOAD_SIZE));
}

/* The payload's size is its header's (a kernel's room included): all of it must be RAM, else
 * the map would call a hole or MMIO the firmware's and an in-place kernel would be zeroed
 * there. The arena's RAM ends at page 1024; page 100 holds a reserved range. */
static void test_payload_outside_ram(void **state)
{
	static const char *err = "the embedded payload (its header's size, the kernel's room "
				 "included) runs past the RAM of the memory map";

	assert_string_equal(memory_init(&m, (100 - 23) * PG + 1), err); /* over the reserved page */
	assert_null(memory_init(&m, (100 - 23) * PG));
	m.nr_ranges = 1; /* the RAM alone */
	assert_null(memory_init(&m, (ARENA_PAGES - 23) * PG)); /* up to the end of RAM */
	assert_string_equal(memory_init(&m, (ARENA_PAGES - 23) * PG + 1), err);
}

static void test_dump(void **state)
{
	log_len = 0;
	mem_dump();
	assert_non_null(strstr(log_buf, "RT code"));
	assert_non_null(strstr(log_buf, "ACPI NVS"));
	assert_non_null(strstr(log_buf, "attr 800000000000000f"));
	assert_non_null(strstr(log_buf, "MiB free in a map of"));
}

static void test_pool(void **state)
{
	static const UINTN sizes[] = { 0, 1, 8, 33, 100, 1024, 1025, 4064, 4065, 10000 };
	static const uint32_t types[] = { EfiLoaderData, EfiRuntimeServicesData, 0x70000000, 0x80000000 };
	void *p[ARRAY_SIZE(sizes)];

	for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			assert_int_equal(bs.AllocatePool(types[t], sizes[i], &p[i]), EFI_SUCCESS);
			assert_int_equal((uint64_t)p[i] % 8, 0);
			assert_true((uint64_t)p[i] >= at(1) && (uint64_t)p[i] + sizes[i] <= at(ARENA_PAGES));
			memset(p[i], 0x5a, sizes[i]);
			assert_int_equal(type_at((uint64_t)p[i]), types[t]);
		}
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
			assert_int_equal(bs.FreePool(p[i]), EFI_SUCCESS);
		/* Small buffers share pages: those go back with their last buffer. */
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
			assert_int_equal(type_at((uint64_t)p[i]), EfiConventionalMemory);
	}
}

static void test_pool_errors(void **state)
{
	static const uint32_t bad[] = { EfiConventionalMemory, EFI_PERSISTENT_MEMORY, EFI_UNACCEPTED_MEMORY,
					EFI_MEMORY_TYPE_COUNT, 0x6fffffff };
	EFI_PHYSICAL_ADDRESS page;
	void *p = arena, *q;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(bs.AllocatePool(bad[i], 8, &p), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.AllocatePool(EfiLoaderData, 8, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.AllocatePool(EfiLoaderData, ARENA_PAGES * PG, &p), EFI_OUT_OF_RESOURCES);
	assert_null(p);
	assert_int_equal(bs.AllocatePool(EfiLoaderData, UINT64_MAX - 8, &p), EFI_OUT_OF_RESOURCES);

	assert_int_equal(bs.AllocatePool(EfiBootServicesData, 64, &p), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.FreePool((char *)p + 8), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.FreePool((void *)0x20), EFI_INVALID_PARAMETER); /* not in the map */
	assert_int_equal(bs.FreePool((void *)(at(30) + 32)), EFI_INVALID_PARAMETER); /* free page */
	assert_int_equal(bs.FreePool((void *)(at(16) + 32)), EFI_INVALID_PARAMETER); /* firmware */
	/* Pages from AllocatePages carry no pool header. */
	assert_int_equal(bs.AllocatePages(AllocateAnyPages, EfiBootServicesData, 1, &page), EFI_SUCCESS);
	memset((void *)page, 0, PG);
	assert_int_equal(bs.FreePool((void *)(page + 32)), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.FreePages(page, 1), EFI_SUCCESS);
	/* Twice, even once the page is allocated again with its old contents. */
	assert_int_equal(bs.AllocatePool(EfiBootServicesData, 2000, &p), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(p), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(p), EFI_INVALID_PARAMETER);
	page = (uint64_t)p - 32;
	assert_int_equal(bs.AllocatePages(AllocateAddress, EfiBootServicesData, 1, &page), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(p), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.AllocatePool(EfiBootServicesData, 2000, &q), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(q), EFI_SUCCESS);
}

/* The whole map as GetMemoryMap gives it, to compare two states. */
static UINTN snapshot(uint8_t *buf, UINTN size)
{
	UINTN key, dsize;
	UINT32 version;

	assert_int_equal(bs.GetMemoryMap(&size, (void *)buf, &key, &dsize, &version), EFI_SUCCESS);
	return size;
}

static void test_small_buffers_share_pages(void **state)
{
	_Alignas(8) uint8_t before[64 * MEMMAP_DESC_SIZE], after[sizeof(before)];
	UINTN size = snapshot(before, sizeof(before));
	void *p[100], *other;

	for (int i = 0; i < 100; i++) {
		assert_int_equal(bs.AllocatePool(EfiLoaderData, 24, &p[i]), EFI_SUCCESS);
		assert_int_equal((uint64_t)p[i] & ~(PG - 1), (uint64_t)p[0] & ~(PG - 1));
		assert_int_equal((uint64_t)p[i] % 32, 0);
		memset(p[i], i, 24);
	}
	for (int i = 1; i < 100; i++)
		assert_ptr_not_equal(p[i], p[i - 1]);
	/* Another type, another page. */
	assert_int_equal(bs.AllocatePool(EfiBootServicesData, 24, &other), EFI_SUCCESS);
	assert_true(((uint64_t)other ^ (uint64_t)p[0]) >= PG);
	assert_int_equal(bs.FreePool(other), EFI_SUCCESS);

	assert_int_equal(bs.FreePool(p[7]), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(p[7]), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.FreePool((char *)p[8] + 8), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.FreePool((char *)p[99] + 32), EFI_INVALID_PARAMETER); /* never handed out */
	assert_int_equal(bs.FreePool((void *)((uint64_t)p[0] & ~(PG - 1))), EFI_INVALID_PARAMETER);
	/* A freed slot is used again. */
	assert_int_equal(bs.AllocatePool(EfiLoaderData, 20, &other), EFI_SUCCESS);
	assert_ptr_equal(other, p[7]);
	for (int i = 0; i < 100; i++) {
		if (i != 7)
			assert_int_equal(((uint8_t *)p[i])[23], i);
		assert_int_equal(bs.FreePool(p[i]), EFI_SUCCESS);
	}
	/* The last free gives the page back: the map is as it was. */
	assert_int_equal(snapshot(after, sizeof(after)), size);
	assert_memory_equal(before, after, size);
}

static void test_pages_through_table(void **state)
{
	EFI_PHYSICAL_ADDRESS a = at(60) - 1;
	UINTN key = mem_map_key();

	assert_int_equal(bs.AllocatePages(AllocateMaxAddress, EfiLoaderCode, 2, &a), EFI_SUCCESS);
	assert_int_equal(a, at(58));
	assert_true(mem_map_key() != key);
	assert_int_equal(bs.FreePages(at(16), 1), EFI_NOT_FOUND); /* the firmware's code */
	assert_int_equal(bs.FreePages(0, 1), EFI_NOT_FOUND);
	assert_int_equal(bs.FreePages(a, 2), EFI_SUCCESS);
}

/* Allocated pages get their type's permissions and free ones lose them; an allocation whose
 * permissions cannot be had (no memory for a page table) fails and leaves the map as it was. */
static void test_permissions(void **state)
{
	_Alignas(8) uint8_t before[64 * MEMMAP_DESC_SIZE], after[sizeof(before)];
	EFI_PHYSICAL_ADDRESS a;
	UINTN size;

	paged.refuse = false;
	assert_int_equal(bs.AllocatePages(AllocateAnyPages, EfiLoaderCode, 3, &a), EFI_SUCCESS);
	assert_int_equal(paged.addr, a);
	assert_int_equal(paged.pages, 3);
	assert_int_equal(paged.type, EfiLoaderCode);
	assert_int_equal(bs.FreePages(a + PG, 1), EFI_SUCCESS);
	assert_int_equal(paged.addr, a + PG);
	assert_int_equal(paged.type, EfiConventionalMemory);
	bs.FreePages(a, 1);
	bs.FreePages(a + 2 * PG, 1);
	size = snapshot(before, sizeof(before));
	paged.refuse = true;
	assert_int_equal(bs.AllocatePages(AllocateAnyPages, EfiLoaderCode, 3, &a), EFI_OUT_OF_RESOURCES);
	assert_int_equal(paged.type, EfiConventionalMemory); /* put back */
	paged.refuse = false;
	assert_int_equal(snapshot(after, sizeof(after)), size);
	assert_memory_equal(before, after, size);
}

/*
 * Issue 9 #6: FreePages and FreePool never fail for room in the map. Two-page allocations of
 * alternating types fill the memory with as many ranges as the map first holds (each its own
 * range); freeing the first page of each then splits every one. The map grows as it fills and
 * keeps its reserve for the frees once no memory is left to grow into.
 */
static void test_map_grows(void **state)
{
	static EFI_PHYSICAL_ADDRESS a[ARENA_PAGES / 2];
	UINTN n = 0;
	void *big;

	assert_int_equal(bs.AllocatePool(EfiLoaderData, 3 * PG, &big), EFI_SUCCESS);
	while (n < ARRAY_SIZE(a) &&
	       bs.AllocatePages(AllocateAnyPages, n % 2 ? EfiLoaderCode : EfiLoaderData, 2, &a[n]) == EFI_SUCCESS)
		n++;
	assert_true(n > MEMMAP_INITIAL_RANGES - 100);
	for (UINTN i = 0; i < n; i++)
		assert_int_equal(bs.FreePages(a[i], 1), EFI_SUCCESS);
	assert_int_equal(bs.FreePool(big), EFI_SUCCESS);
	assert_null(strstr(log_buf, "stay allocated"));
	for (UINTN i = 0; i < n; i++) {
		assert_int_equal(type_at(a[i]), EfiConventionalMemory);
		assert_int_equal(bs.FreePages(a[i] + PG, 1), EFI_SUCCESS);
	}
}

/* The n-th entry of the memory attributes table. */
static EFI_MEMORY_DESCRIPTOR *mat_entry(EFI_MEMORY_ATTRIBUTES_TABLE *t, UINT32 n)
{
	return (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)(t + 1) + n * t->DescriptorSize);
}

static void expect_entry(EFI_MEMORY_ATTRIBUTES_TABLE *t, UINT32 n, uint64_t start, uint64_t pages,
			 uint32_t type, uint64_t attrs)
{
	EFI_MEMORY_DESCRIPTOR *e = mat_entry(t, n);

	assert_int_equal(e->PhysicalStart, start);
	assert_int_equal(e->NumberOfPages, pages);
	assert_int_equal(e->Type, type);
	assert_int_equal(e->Attribute, EFI_MEMORY_RUNTIME | attrs);
}

/* The runtime unit is one runtime-code descriptor; the table splits it into code (RO) and data
 * (XP) of that type, and follows the payload's runtime allocations. */
static void test_memory_attributes_table(void **state)
{
	EFI_MEMORY_ATTRIBUTES_TABLE *t = mat_create();
	EFI_PHYSICAL_ADDRESS a = at(50) - 1, c = at(40) - 1;

	assert_non_null(t);
	assert_int_equal(t->Version, 1);
	assert_int_equal(t->DescriptorSize, MEMMAP_DESC_SIZE);
	assert_int_equal(t->NumberOfEntries, 2);
	expect_entry(t, 0, at(18), 1, EfiRuntimeServicesCode, EFI_MEMORY_RO);
	expect_entry(t, 1, at(19), 1, EfiRuntimeServicesCode, EFI_MEMORY_XP);
	assert_int_equal(bs.AllocatePages(AllocateMaxAddress, EfiRuntimeServicesData, 2, &a), EFI_SUCCESS);
	assert_int_equal(bs.AllocatePages(AllocateMaxAddress, EfiRuntimeServicesCode, 1, &c), EFI_SUCCESS);
	assert_int_equal(t->NumberOfEntries, 4);
	expect_entry(t, 2, at(39), 1, EfiRuntimeServicesCode, EFI_MEMORY_RO);
	expect_entry(t, 3, at(48), 2, EfiRuntimeServicesData, EFI_MEMORY_XP);
	assert_int_equal(bs.FreePages(a, 2), EFI_SUCCESS);
	assert_int_equal(t->NumberOfEntries, 3);
	mat_refresh(); /* what ExitBootServices calls: the same table, the same entries */
	assert_int_equal(t->NumberOfEntries, 3);
	expect_entry(t, 2, at(39), 1, EfiRuntimeServicesCode, EFI_MEMORY_RO);
}

/* The embedded payload's pages, and only those, can be handed over to a kernel loaded where
 * it lies: then they are its own, as allocated pages are. */
static void test_hand_over(void **state)
{
	assert_int_equal(mem_hand_over(at(22), 1, EfiLoaderCode), EFI_INVALID_PARAMETER); /* .bss */
	assert_int_equal(mem_hand_over(at(23), 3, EfiLoaderCode), EFI_INVALID_PARAMETER); /* past it */
	assert_int_equal(mem_hand_over(at(23) + 8, 1, EfiLoaderCode), EFI_INVALID_PARAMETER);
	assert_int_equal(mem_hand_over(at(23), 0, EfiLoaderCode), EFI_INVALID_PARAMETER);
	assert_int_equal(mem_hand_over(at(25), 1, EfiLoaderCode), EFI_INVALID_PARAMETER);
	paged.refuse = true; /* no page table for it: the pages stay the payload's */
	assert_int_equal(mem_hand_over(at(23), 2, EfiLoaderCode), EFI_OUT_OF_RESOURCES);
	assert_int_equal(type_at(at(23)), EfiBootServicesData);
	assert_int_equal(mem_check_owned(at(23), at(25)), EFI_ACCESS_DENIED);
	paged.refuse = false;
	assert_int_equal(mem_hand_over(at(23), 2, EfiLoaderCode), EFI_SUCCESS);
	assert_int_equal(type_at(at(23)), EfiLoaderCode);
	assert_int_equal(type_at(at(24)), EfiLoaderCode);
	assert_int_equal(paged.type, EfiLoaderCode); /* executable, as code allocations are */
	assert_int_equal(mem_check_owned(at(23), at(25)), EFI_SUCCESS);
	assert_int_equal(bs.FreePages(at(23), 2), EFI_SUCCESS);
	assert_int_equal(type_at(at(23)), EfiConventionalMemory);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_map, setup),
		cmocka_unit_test_setup(test_init_errors, setup),
		cmocka_unit_test_setup(test_payload_outside_ram, setup),
		cmocka_unit_test_setup(test_dump, setup),
		cmocka_unit_test_setup(test_pool, setup),
		cmocka_unit_test_setup(test_pool_errors, setup),
		cmocka_unit_test_setup(test_small_buffers_share_pages, setup),
		cmocka_unit_test_setup(test_pages_through_table, setup),
		cmocka_unit_test_setup(test_map_grows, setup),
		cmocka_unit_test_setup(test_permissions, setup),
		cmocka_unit_test_setup(test_memory_attributes_table, setup),
		cmocka_unit_test_setup(test_hand_over, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
