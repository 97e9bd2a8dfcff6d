/*
 * memtest: GetMemoryMap, AllocatePages/FreePages, AllocatePool/FreePool, as the UEFI 2.10 spec
 * states them and OVMF behaves. Only what every correct firmware must do is asserted: e.g.
 * whether neighbouring descriptors of one type are merged is left open.
 */
#include "lib/lib.h"
#include "lib/uefi.h"
#include "check.h"
#include "machine.h"
#include "memmap.h"

/* True when [addr, addr + pages) lies in one descriptor of this type. */
static BOOLEAN map_shows(EFI_PHYSICAL_ADDRESS addr, UINTN pages, EFI_MEMORY_TYPE type)
{
	EFI_MEMORY_DESCRIPTOR *d = map_find(addr);

	return d && d->Type == type &&
	       addr + pages * PAGE_SIZE <= d->PhysicalStart + d->NumberOfPages * PAGE_SIZE;
}

static void test_map_calls(void)
{
	/* Static, like map_get()'s: a buffer from the pool would change the map. */
	static EFI_MEMORY_DESCRIPTOR map_buf[MAP_BYTES / sizeof(EFI_MEMORY_DESCRIPTOR)];
	UINTN size = 0, key, dsz = 0, needed;
	UINT32 ver = 0;
	EFI_STATUS st;

	st = BS->GetMemoryMap(&size, NULL, &key, &dsz, &ver);
	CHECK_ST(st, EFI_BUFFER_TOO_SMALL, "map: size 0 gives EFI_BUFFER_TOO_SMALL");
	CHECKF(size > 0 && size <= MAP_BYTES, "map: size 0 call returns the needed size",
	       L"size %ld", (INT64)size);
	CHECKF(dsz >= sizeof(EFI_MEMORY_DESCRIPTOR), "map: DescriptorSize >= sizeof descriptor",
	       L"DescriptorSize %ld", (INT64)dsz);
	CHECK_EQ(ver, EFI_MEMORY_DESCRIPTOR_VERSION, "map: DescriptorVersion is 1");
	CHECK_ST(BS->GetMemoryMap(NULL, NULL, &key, &dsz, &ver), EFI_INVALID_PARAMETER,
		 "map: NULL MemoryMapSize gives EFI_INVALID_PARAMETER");
	needed = size;
	size = MAP_BYTES;
	CHECK_ST(BS->GetMemoryMap(&size, NULL, &key, &dsz, &ver), EFI_INVALID_PARAMETER,
		 "map: big size with NULL buffer gives EFI_INVALID_PARAMETER");

	/* Nothing was allocated since: the size given must be enough. */
	size = needed;
	st = BS->GetMemoryMap(&size, map_buf, &key, &dsz, &ver);
	CHECK_ST(st, EFI_SUCCESS, "map: exactly the needed size is enough");
	/* OVMF asks for room for descriptors it may split off: the map may be smaller. */
	CHECKF(size <= needed, "map: returned size <= the needed size", L"0x%lx > 0x%lx",
	       (UINT64)size, (UINT64)needed);
	CHECKF(dsz && size % dsz == 0, "map: size is a multiple of DescriptorSize",
	       L"size %ld, DescriptorSize %ld", (INT64)size, (INT64)dsz);

	size = needed - 1;
	st = BS->GetMemoryMap(&size, map_buf, &key, &dsz, &ver);
	CHECK_ST(st, EFI_BUFFER_TOO_SMALL, "map: one byte short gives EFI_BUFFER_TOO_SMALL");
	CHECK_EQ(size, needed, "map: one byte short reports the needed size");
}

static BOOLEAN is_runtime_type(UINT32 t)
{
	return t == EfiRuntimeServicesCode || t == EfiRuntimeServicesData;
}

/* Some pair of descriptors shares an address; descriptors must not wrap (checked apart). */
static EFI_MEMORY_DESCRIPTOR *overlapping(void)
{
	for (UINTN i = 0; i < map_count(); i++)
		for (UINTN j = i + 1; j < map_count(); j++) {
			EFI_MEMORY_DESCRIPTOR *a = map_desc(i), *b = map_desc(j);
			if (a->PhysicalStart < b->PhysicalStart + b->NumberOfPages * PAGE_SIZE &&
			    b->PhysicalStart < a->PhysicalStart + a->NumberOfPages * PAGE_SIZE)
				return b;
		}
	return NULL;
}

/* Pairs of descriptors that touch and have the same type and attributes. */
static UINTN unmerged(void)
{
	UINTN n = 0;

	for (UINTN i = 0; i < map_count(); i++)
		for (UINTN j = 0; j < map_count(); j++) {
			EFI_MEMORY_DESCRIPTOR *a = map_desc(i), *b = map_desc(j);
			if (a->PhysicalStart + a->NumberOfPages * PAGE_SIZE == b->PhysicalStart &&
			    a->Type == b->Type && a->Attribute == b->Attribute)
				n++;
		}
	return n;
}

static void test_map_layout(void)
{
	UINT64 prev_end = 0, conventional = 0;
	BOOLEAN sorted = TRUE, aligned = TRUE, nonempty = TRUE, types = TRUE, runtime = TRUE;
	BOOLEAN wb = TRUE, overflow = FALSE;
	EFI_MEMORY_DESCRIPTOR *bad = NULL;

	if (!CHECK_ST(map_get(), EFI_SUCCESS, "map: GetMemoryMap into a 64 KiB buffer"))
		return;
	CHECKF(map_count() >= 2, "map: has several descriptors", L"%ld", (INT64)map_count());
	for (UINTN i = 0; i < map_count(); i++) {
		EFI_MEMORY_DESCRIPTOR *d = map_desc(i);
		UINT64 len = d->NumberOfPages * PAGE_SIZE;

		if (d->PhysicalStart % PAGE_SIZE)
			aligned = FALSE, bad = d;
		if (d->NumberOfPages == 0)
			nonempty = FALSE, bad = d;
		if (d->NumberOfPages > (~0ULL - d->PhysicalStart) / PAGE_SIZE)
			overflow = TRUE, bad = d;
		if (i > 0 && d->PhysicalStart < prev_end)
			sorted = FALSE;
		if (d->Type >= EFI_MEMORY_TYPE_COUNT)
			types = FALSE, bad = d;
		if (is_runtime_type(d->Type) && !(d->Attribute & EFI_MEMORY_RUNTIME))
			runtime = FALSE, bad = d;
		if (d->Type == EfiConventionalMemory) {
			conventional += len;
			if (!(d->Attribute & EFI_MEMORY_WB))
				wb = FALSE, bad = d;
		}
		prev_end = d->PhysicalStart + len;
	}
	CHECK(aligned, "map: every PhysicalStart is page-aligned");
	CHECK(nonempty, "map: every NumberOfPages > 0");
	CHECK(!overflow, "map: no descriptor wraps past 2^64");
	if (!overflow && overlapping())
		bad = overlapping();
	CHECK(!overflow && !overlapping(), "map: no two descriptors overlap");
	/* The spec does not ask for order, and OVMF with RAM above 4 GiB lists its PCIe
	 * window after that RAM; pvhefi promises a sorted map. */
	if (check_option(L"pvhefi"))
		CHECK(sorted, "map: sorted by address (pvhefi)");
	else
		Print(L"INFO map: %a by address (asserted on pvhefi only)\n",
		      sorted ? "sorted" : "not sorted");
	/* Merging neighbours of one kind is not required either; pvhefi does it. */
	if (check_option(L"pvhefi"))
		CHECK_EQ(unmerged(), 0, "map: touching descriptors of one type+attr merged (pvhefi)");
	else
		Print(L"INFO map: %ld touching pairs of one type+attr (asserted 0 on pvhefi only)\n",
		      (INT64)unmerged());
	CHECK(types, "map: every Type is a UEFI 2.10 type");
	CHECK(runtime, "map: RuntimeServicesCode/Data carry EFI_MEMORY_RUNTIME");
	CHECK(wb, "map: ConventionalMemory is write-back capable");
	CHECKF(conventional >= (16ULL << 20), "map: at least 16 MiB of ConventionalMemory",
	       L"%ld KiB", (INT64)(conventional >> 10));
	if (bad) {
		Print(L"  offending descriptor: start 0x%lx; the map:\n", bad->PhysicalStart);
		for (UINTN i = 0; i < map_count(); i++)
			Print(L"  type %2d start 0x%lx pages 0x%lx attr 0x%lx\n", map_desc(i)->Type,
			      map_desc(i)->PhysicalStart, map_desc(i)->NumberOfPages, map_desc(i)->Attribute);
	}
}

/* Our own image lies in memory of its ImageCodeType (EfiLoaderCode for applications). */
static void test_own_image(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li;
	EFI_MEMORY_DESCRIPTOR *d;
	UINT64 base;

	if (!CHECK_ST(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li), EFI_SUCCESS,
		      "image: HandleProtocol(LoadedImage)"))
		return;
	base = (UINT64)li->ImageBase;
	d = map_find(base);
	CHECKF(d && d->Type == EfiLoaderCode, "image: map shows the image as EfiLoaderCode",
	       L"type %d", d ? (INT32)d->Type : -1);
	d = map_find((UINT64)&test_own_image);
	CHECKF(d && d->Type == EfiLoaderCode, "image: map shows our code as EfiLoaderCode",
	       L"type %d", d ? (INT32)d->Type : -1);
}

static void fill(UINT8 *p, UINTN n, UINT8 seed)
{
	for (UINTN i = 0; i < n; i++)
		p[i] = (UINT8)(seed + i * 7 + (i >> 12));
}

static BOOLEAN same(const UINT8 *p, UINTN n, UINT8 seed)
{
	for (UINTN i = 0; i < n; i++)
		if (p[i] != (UINT8)(seed + i * 7 + (i >> 12)))
			return FALSE;
	return TRUE;
}

static void test_map_key(void)
{
	UINTN key0, key1, key2;
	EFI_PHYSICAL_ADDRESS a = 0;
	EFI_STATUS st_alloc, st_free;

	map_get();
	key0 = map_key();
	map_get();
	CHECK_EQ(map_key(), key0, "key: unchanged when nothing changed");
	st_alloc = BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 1, &a);
	map_get();
	key1 = map_key();
	st_free = st_alloc == EFI_SUCCESS ? BS->FreePages(a, 1) : EFI_NOT_STARTED;
	map_get();
	key2 = map_key();
	CHECK_ST(st_alloc, EFI_SUCCESS, "key: AllocatePages 1 page");
	CHECK_ST(st_free, EFI_SUCCESS, "key: FreePages it");
	CHECKF(key1 != key0, "key: changes after AllocatePages", L"key 0x%lx", (UINT64)key0);
	CHECKF(key2 != key1, "key: changes after FreePages", L"key 0x%lx", (UINT64)key1);
}

static void test_any_pages(void)
{
	EFI_PHYSICAL_ADDRESS a = 0;
	EFI_STATUS st;

	st = BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 3, &a);
	if (!CHECK_ST(st, EFI_SUCCESS, "pages: AllocateAnyPages 3 pages"))
		return;
	CHECKF(a % PAGE_SIZE == 0 && a != 0, "pages: result is page-aligned and not 0", L"0x%lx", a);
	CHECK(map_shows(a, 3, EfiLoaderData), "pages: map shows them as EfiLoaderData");
	fill((UINT8 *)a, 3 * PAGE_SIZE, 0x11);
	CHECK(same((UINT8 *)a, 3 * PAGE_SIZE, 0x11), "pages: write and read back 12 KiB");
	CHECK_ST(BS->FreePages(a, 3), EFI_SUCCESS, "pages: FreePages");
	CHECK(map_shows(a, 3, EfiConventionalMemory), "pages: freed pages are free in the map");
	CHECK_ST(BS->FreePages(a, 3), EFI_NOT_FOUND, "pages: FreePages twice gives EFI_NOT_FOUND");
	CHECK_ST(BS->FreePages(a + 1, 1), EFI_INVALID_PARAMETER,
		 "pages: FreePages of an unaligned address gives EFI_INVALID_PARAMETER");
}

static void test_max_address(void)
{
	static const UINT64 maxes[] = { 0x7fffffff, 0xffffffff, 0x1fffffff };
	EFI_PHYSICAL_ADDRESS a;
	EFI_STATUS st;

	for (UINTN i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		a = maxes[i];
		st = BS->AllocatePages(AllocateMaxAddress, EfiBootServicesData, 5, &a);
		if (!CHECKF(st == EFI_SUCCESS, "pages: AllocateMaxAddress 5 pages", L"max 0x%lx: %r",
			    maxes[i], st))
			continue;
		CHECKF(a % PAGE_SIZE == 0 && a + 5 * PAGE_SIZE - 1 <= maxes[i],
		       "pages: AllocateMaxAddress result + size <= max + 1", L"0x%lx max 0x%lx", a,
		       maxes[i]);
		CHECK(map_shows(a, 5, EfiBootServicesData),
		      "pages: map shows them as EfiBootServicesData");
		CHECK_ST(BS->FreePages(a, 5), EFI_SUCCESS, "pages: FreePages of them");
	}
	/* Below any RAM: page 0 is the only candidate and is never handed out. */
	a = 0xfff;
	CHECK_ST(BS->AllocatePages(AllocateMaxAddress, EfiBootServicesData, 2, &a),
		 EFI_OUT_OF_RESOURCES,
		 "pages: AllocateMaxAddress 2 pages below 4 KiB gives EFI_OUT_OF_RESOURCES");
}

/* A run of free pages: lo..hi bounds where it may start (hi excluded). */
static BOOLEAN find_free(UINT64 lo, UINT64 hi, UINT64 pages, EFI_PHYSICAL_ADDRESS *out)
{
	if (map_get() != EFI_SUCCESS)
		return FALSE;
	for (UINTN i = 0; i < map_count(); i++) {
		EFI_MEMORY_DESCRIPTOR *d = map_desc(i);
		UINT64 start = d->PhysicalStart + 4 * PAGE_SIZE; /* split the range, not just cut it */

		if (d->Type != EfiConventionalMemory || d->NumberOfPages < pages + 8)
			continue;
		if (start < lo || start >= hi)
			continue;
		*out = start;
		return TRUE;
	}
	return FALSE;
}

static void test_at_address(const char *what, UINT64 lo, UINT64 hi)
{
	EFI_PHYSICAL_ADDRESS a, want;
	EFI_STATUS st;

	if (!find_free(lo, hi, 4, &want)) {
		check_report(FALSE, what, L"no free RAM range in the map there");
		return;
	}
	Print(L"  %a: using 0x%lx\n", what, want);
	a = want;
	st = BS->AllocatePages(AllocateAddress, EfiLoaderData, 4, &a);
	if (!CHECKF(st == EFI_SUCCESS && a == want, what, L"%r at 0x%lx", st, a))
		return;
	CHECK(map_shows(want, 4, EfiLoaderData), "address: map shows the range as EfiLoaderData");
	fill((UINT8 *)want, 4 * PAGE_SIZE, 0x5a);
	CHECK(same((UINT8 *)want, 4 * PAGE_SIZE, 0x5a), "address: write and read back");
	a = want;
	CHECK_ST(BS->AllocatePages(AllocateAddress, EfiLoaderData, 4, &a), EFI_NOT_FOUND,
		 "address: same range again gives EFI_NOT_FOUND");
	a = want + 2 * PAGE_SIZE;
	CHECK_ST(BS->AllocatePages(AllocateAddress, EfiLoaderData, 4, &a), EFI_NOT_FOUND,
		 "address: overlapping range gives EFI_NOT_FOUND");
	CHECK_ST(BS->FreePages(want, 4), EFI_SUCCESS, "address: FreePages");
	CHECK(map_shows(want, 4, EfiConventionalMemory), "address: free again in the map");
}

/* Where the machine has no RAM above 4 GiB, the map shows none and there is none to take. */
static void test_no_ram_above_4g(void)
{
	EFI_PHYSICAL_ADDRESS a = 1ULL << 32;
	UINT64 above = 0;

	if (map_get() == EFI_SUCCESS)
		for (UINTN i = 0; i < map_count(); i++)
			if (map_desc(i)->Type == EfiConventionalMemory &&
			    map_desc(i)->PhysicalStart + map_desc(i)->NumberOfPages * PAGE_SIZE > a)
				above++;
	CHECK_EQ(above, 0, "address: the map shows no free RAM above 4 GiB");
	CHECK_ST(BS->AllocatePages(AllocateAddress, EfiLoaderData, 1, &a), EFI_NOT_FOUND,
		 "address: AllocateAddress at 4 GiB without RAM there gives EFI_NOT_FOUND");
}

static void test_bad_pages(void)
{
	EFI_PHYSICAL_ADDRESS a, never;

	a = 0;
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, EFI_MEMORY_TYPE_COUNT, 1, &a),
		 EFI_INVALID_PARAMETER, "pages: EfiMaxMemoryType gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, EFI_UNACCEPTED_MEMORY, 1, &a),
		 EFI_INVALID_PARAMETER, "pages: EfiUnacceptedMemory gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, (EFI_MEMORY_TYPE)0x6fffffff, 1, &a),
		 EFI_INVALID_PARAMETER, "pages: type 0x6fffffff gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, EFI_PERSISTENT_MEMORY, 1, &a),
		 EFI_INVALID_PARAMETER, "pages: EfiPersistentMemory gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePages(MaxAllocateType, EfiLoaderData, 1, &a), EFI_INVALID_PARAMETER,
		 "pages: bad allocate type gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 1, NULL),
		 EFI_INVALID_PARAMETER, "pages: NULL Memory gives EFI_INVALID_PARAMETER");
	a = 0;
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 1ULL << 40, &a),
		 EFI_OUT_OF_RESOURCES, "pages: 2^40 pages gives EFI_OUT_OF_RESOURCES");
	if (find_free(1ULL << 20, ~0ULL, 1, &never))
		CHECK_ST(BS->FreePages(never, 1), EFI_NOT_FOUND,
			 "pages: FreePages of a free page gives EFI_NOT_FOUND");
}

static void test_pool(void)
{
	static const UINTN sizes[] = { 1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 63, 100, 255, 1000,
				       4000, 4095, 4096, 4097, 8191, 12345, 65536, 300000 };
	static const EFI_MEMORY_TYPE types[] = {
		EfiLoaderCode, EfiLoaderData, EfiBootServicesCode, EfiBootServicesData,
		EfiRuntimeServicesCode, EfiRuntimeServicesData, EfiACPIReclaimMemory,
		EfiACPIMemoryNVS, EfiReservedMemoryType,
	};
	void *bufs[sizeof(sizes) / sizeof(sizes[0])];
	UINTN n = sizeof(sizes) / sizeof(sizes[0]);

	for (UINTN t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		BOOLEAN alloc = TRUE, aligned = TRUE, data = TRUE, freed = TRUE, typed = TRUE;
		UINTN bad = 0;

		for (UINTN i = 0; i < n; i++) {
			bufs[i] = NULL;
			if (BS->AllocatePool(types[t], sizes[i], &bufs[i]) != EFI_SUCCESS || !bufs[i]) {
				alloc = FALSE, bad = sizes[i], bufs[i] = NULL;
				continue;
			}
			if ((UINT64)bufs[i] % 8)
				aligned = FALSE, bad = sizes[i];
			fill(bufs[i], sizes[i], (UINT8)(i + t));
		}
		for (UINTN i = 0; i < n; i++) {
			EFI_MEMORY_DESCRIPTOR *d;

			if (!bufs[i])
				continue;
			if (!same(bufs[i], sizes[i], (UINT8)(i + t)))
				data = FALSE, bad = sizes[i];
			d = map_find((UINT64)bufs[i]);
			if (!d || d->Type != types[t])
				typed = FALSE, bad = sizes[i];
			if (BS->FreePool(bufs[i]) != EFI_SUCCESS)
				freed = FALSE, bad = sizes[i];
		}
		Print(L"  pool type %d:\n", types[t]);
		CHECKF(alloc, "pool: AllocatePool of 1 byte .. 300000 bytes", L"size %ld",
		       (INT64)bad);
		CHECKF(aligned, "pool: every buffer is 8-byte aligned", L"size %ld", (INT64)bad);
		CHECKF(data, "pool: buffers keep their data (no overlap)", L"size %ld", (INT64)bad);
		CHECKF(typed, "pool: map shows each buffer with the pool's type", L"size %ld",
		       (INT64)bad);
		CHECKF(freed, "pool: FreePool of each", L"size %ld", (INT64)bad);
	}
}

static void test_bad_pool(void)
{
	void *p = NULL;

	CHECK_ST(BS->AllocatePool(EFI_MEMORY_TYPE_COUNT, 16, &p), EFI_INVALID_PARAMETER,
		 "pool: EfiMaxMemoryType gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePool(EFI_PERSISTENT_MEMORY, 16, &p), EFI_INVALID_PARAMETER,
		 "pool: EfiPersistentMemory gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePool(EfiLoaderData, 16, NULL), EFI_INVALID_PARAMETER,
		 "pool: NULL Buffer gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->AllocatePool(EfiLoaderData, 1ULL << 44, &p), EFI_OUT_OF_RESOURCES,
		 "pool: 16 TiB gives EFI_OUT_OF_RESOURCES");
	CHECK_ST(BS->FreePool(NULL), EFI_INVALID_PARAMETER,
		 "pool: FreePool(NULL) gives EFI_INVALID_PARAMETER");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	check_init(image, systab, "memtest");
	test_map_calls();
	test_map_layout();
	test_own_image(image);
	test_map_key();
	test_any_pages();
	test_max_address();
	test_at_address("address: AllocateAddress below 4 GiB", 1ULL << 20,
			1ULL << 32);
	if (machine_has("ram-above-4g"))
		test_at_address("address: AllocateAddress above 4 GiB", 1ULL << 32, ~0ULL);
	else
		test_no_ram_above_4g();
	test_bad_pages();
	test_pool();
	test_bad_pool();
	return check_finish();
}
