/*
 * memattrtest: EFI_MEMORY_ATTRIBUTES_TABLE, checked as Linux checks it before it maps the
 * runtime regions by it, and EFI_MEMORY_ATTRIBUTE_PROTOCOL (UEFI 2.10 37.7) as Linux's EFI stub
 * uses it, with the W^X the firmware gives loaded images and allocations. pvhefi has the
 * protocol; edk2 2022.11 (Debian 12's OVMF) predates it: there the check is that it is absent.
 */
#include "lib/uefi.h"
#include "check.h"
#include "memmap.h"
#include "tables.h"

#define PAGE 4096ULL
#define ACCESS (EFI_MEMORY_RP | EFI_MEMORY_RO | EFI_MEMORY_XP)

static EFI_MEMORY_ATTRIBUTE_PROTOCOL *ma;
static UINT64 some_data = 1; /* in the image's .data */

/* The attributes of [addr, addr + len); ~0 when Get fails. */
static UINT64 get(UINT64 addr, UINT64 len)
{
	UINT64 attrs = ~0ULL;

	if (ma->GetMemoryAttributes(ma, addr, len, &attrs) != EFI_SUCCESS)
		return ~0ULL;
	return attrs;
}

static void test_parameters(UINT64 page)
{
	UINT64 attrs;

	CHECK_ST(ma->GetMemoryAttributes(ma, page, 0, &attrs), EFI_INVALID_PARAMETER, "params: Get of 0 bytes");
	CHECK_ST(ma->GetMemoryAttributes(ma, page, PAGE, NULL), EFI_INVALID_PARAMETER,
		 "params: Get without Attributes");
	CHECK_ST(ma->GetMemoryAttributes(ma, page + 8, PAGE, &attrs), EFI_INVALID_PARAMETER,
		 "params: Get of an unaligned base");
	CHECK_ST(ma->SetMemoryAttributes(ma, page, 0, EFI_MEMORY_RO), EFI_INVALID_PARAMETER,
		 "params: Set of 0 bytes");
	CHECK_ST(ma->SetMemoryAttributes(ma, page, 100, EFI_MEMORY_RO), EFI_INVALID_PARAMETER,
		 "params: Set of an unaligned length");
	CHECK_ST(ma->SetMemoryAttributes(ma, page, PAGE, 0), EFI_INVALID_PARAMETER,
		 "params: Set of no attribute");
	CHECK_ST(ma->SetMemoryAttributes(ma, page, PAGE, EFI_MEMORY_WB), EFI_INVALID_PARAMETER,
		 "params: Set of a caching attribute");
	CHECK_ST(ma->ClearMemoryAttributes(ma, page, PAGE, EFI_MEMORY_RO | EFI_MEMORY_UC),
		 EFI_INVALID_PARAMETER, "params: Clear of a caching attribute");
	CHECK_ST(ma->SetMemoryAttributes(ma, ~0ULL & ~(PAGE - 1), 2 * PAGE, EFI_MEMORY_RO),
		 EFI_INVALID_PARAMETER, "params: Set of a range that wraps");
}

/* mov eax, 42; ret */
static const UINT8 return_42[] = { 0xb8, 42, 0, 0, 0, 0xc3 };

static void test_data_pages(void)
{
	EFI_PHYSICAL_ADDRESS a;
	UINT32 (*fn)(void);

	if (!CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 4, &a), EFI_SUCCESS,
		      "data: four pages of loader data"))
		return;
	test_parameters(a);
	CHECK_EQ(get(a, 4 * PAGE), EFI_MEMORY_XP, "data: loader data is not executable");
	CHECK_ST(ma->SetMemoryAttributes(ma, a + PAGE, PAGE, EFI_MEMORY_RO), EFI_SUCCESS, "data: Set RO");
	CHECK_EQ(get(a + PAGE, PAGE), EFI_MEMORY_RO | EFI_MEMORY_XP, "data: ... the page is RO and XP");
	CHECK_EQ(get(a, PAGE), EFI_MEMORY_XP, "data: ... its neighbour is not RO");
	CHECK_ST(ma->GetMemoryAttributes(ma, a, 4 * PAGE, &(UINT64){ 0 }), EFI_NO_MAPPING,
		 "data: Get across different attributes gives EFI_NO_MAPPING");
	CHECK_ST(ma->ClearMemoryAttributes(ma, a + PAGE, PAGE, EFI_MEMORY_RO), EFI_SUCCESS, "data: Clear RO");
	CHECK_EQ(get(a, 4 * PAGE), EFI_MEMORY_XP, "data: ... all four alike again");
	CHECK_ST(ma->SetMemoryAttributes(ma, a + 3 * PAGE, PAGE, EFI_MEMORY_RP), EFI_SUCCESS, "data: Set RP");
	CHECK_EQ(get(a + 3 * PAGE, PAGE), EFI_MEMORY_RP | EFI_MEMORY_XP, "data: ... the page is RP");
	CHECK_ST(ma->ClearMemoryAttributes(ma, a + 3 * PAGE, PAGE, EFI_MEMORY_RP), EFI_SUCCESS,
		 "data: Clear RP");
	/* What the stub does with its 5-level trampoline: data made executable, then run. */
	CopyMem((void *)(a + 2 * PAGE), (void *)return_42, sizeof(return_42));
	CHECK_ST(ma->ClearMemoryAttributes(ma, a + 2 * PAGE, PAGE, EFI_MEMORY_XP), EFI_SUCCESS, "data: Clear XP");
	CHECK_EQ(get(a + 2 * PAGE, PAGE), 0, "data: ... the page is executable");
	fn = (UINT32(*)(void))(a + 2 * PAGE);
	CHECK_EQ(fn(), 42, "data: ... and code copied there runs");
	/* Freed pages lose what was changed: allocated again, they are data again. */
	CHECK_ST(BS->FreePages(a, 4), EFI_SUCCESS, "data: FreePages");
	CHECK_ST(BS->AllocatePages(AllocateAddress, EfiLoaderData, 4, &a), EFI_SUCCESS,
		 "data: the same pages again");
	CHECK_EQ(get(a, 4 * PAGE), EFI_MEMORY_XP, "data: ... not executable any more");
	BS->FreePages(a, 4);
}

static void test_code_and_pool(void)
{
	EFI_PHYSICAL_ADDRESS a;
	void *p = NULL;

	if (CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderCode, 1, &a), EFI_SUCCESS,
		     "code: a page of loader code")) {
		CHECK_EQ(get(a, PAGE), 0, "code: loader code is writable and executable");
		BS->FreePages(a, 1);
	}
	if (CHECK_ST(BS->AllocatePool(EfiBootServicesData, 100, &p), EFI_SUCCESS, "pool: a buffer")) {
		CHECK_EQ(get((UINT64)p & ~(PAGE - 1), PAGE), EFI_MEMORY_XP, "pool: its page is not executable");
		BS->FreePool(p);
	}
}

/* W^X from the PE sections: headers read-only, .text read-execute, .data read-write. */
static void test_own_image(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL;
	UINT64 text = (UINT64)test_own_image & ~(PAGE - 1), data = (UINT64)&some_data & ~(PAGE - 1);

	if (!CHECK_ST(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li), EFI_SUCCESS,
		      "image: our LoadedImage"))
		return;
	CHECK_EQ(get((UINT64)li->ImageBase, PAGE), EFI_MEMORY_RO | EFI_MEMORY_XP, "image: headers are RO and XP");
	CHECK_EQ(get(text, PAGE), EFI_MEMORY_RO, "image: .text is RO, executable");
	CHECK_EQ(get(data, PAGE), EFI_MEMORY_XP, "image: .data is writable, XP");
	/* The image is the payload's own: it may loosen it (and put it back). */
	CHECK_ST(ma->ClearMemoryAttributes(ma, text, PAGE, EFI_MEMORY_RO), EFI_SUCCESS,
		 "image: Clear RO on its own .text");
	CHECK_ST(ma->SetMemoryAttributes(ma, text, PAGE, EFI_MEMORY_RO), EFI_SUCCESS, "image: ... and Set again");
}

/* Memory the payload was not handed out stays the firmware's. */
static void test_not_ours(void)
{
	EFI_MEMORY_DESCRIPTOR *d;
	UINT64 free_page = 0, fw_code = 0;

	if (!CHECK_ST(map_get(), EFI_SUCCESS, "owner: GetMemoryMap"))
		return;
	for (UINTN i = 0; i < map_count(); i++) {
		d = map_desc(i);
		if (d->Type == EfiConventionalMemory && !free_page)
			free_page = d->PhysicalStart;
		if (d->Type == EfiRuntimeServicesCode && !fw_code)
			fw_code = d->PhysicalStart;
	}
	CHECK_ST(ma->ClearMemoryAttributes(ma, free_page, PAGE, EFI_MEMORY_XP), EFI_ACCESS_DENIED,
		 "owner: Clear XP on free memory gives EFI_ACCESS_DENIED");
	CHECK_ST(ma->SetMemoryAttributes(ma, fw_code, PAGE, EFI_MEMORY_RP), EFI_ACCESS_DENIED,
		 "owner: Set RP on the firmware's runtime code gives EFI_ACCESS_DENIED");
	CHECK_ST(ma->SetMemoryAttributes(ma, 0x7ffffffff000ULL, PAGE, EFI_MEMORY_RO), EFI_UNSUPPORTED,
		 "owner: Set on an address outside the memory map gives EFI_UNSUPPORTED");
	CHECK_EQ(get(fw_code, PAGE), EFI_MEMORY_RO, "owner: the firmware's runtime code is RO, executable");
	if (check_option(L"pvhefi"))
		CHECK_EQ(get(0, PAGE), EFI_MEMORY_RP | EFI_MEMORY_XP, "owner: page 0 is not mapped (pvhefi)");
}

/* Whether entry e lies inside one runtime descriptor of the map, of its type (what Linux's
 * drivers/firmware/efi/memattr.c asks before it uses an entry). */
static BOOLEAN entry_in_map(const EFI_MEMORY_DESCRIPTOR *e)
{
	EFI_MEMORY_DESCRIPTOR *d = map_find(e->PhysicalStart);

	return d && (d->Attribute & EFI_MEMORY_RUNTIME) && d->Type == e->Type &&
	       e->PhysicalStart + e->NumberOfPages * PAGE <= d->PhysicalStart + d->NumberOfPages * PAGE;
}

/* Every entry is valid for Linux and is code (RO, executable) or data (XP, writable); together
 * they cover every runtime code and data page of the map. */
static void check_attributes_table(void)
{
	EFI_GUID guid = EFI_MEMORY_ATTRIBUTES_TABLE_GUID;
	EFI_MEMORY_ATTRIBUTES_TABLE *t = config_table(&guid);
	UINT64 covered = 0, runtime = 0;
	BOOLEAN valid = TRUE, code_or_data = TRUE;

	if (!CHECK(t != NULL, "table: EFI_MEMORY_ATTRIBUTES_TABLE is installed") ||
	    !CHECK_ST(map_get(), EFI_SUCCESS, "table: GetMemoryMap"))
		return;
	CHECK_EQ(t->Version, EFI_MEMORY_ATTRIBUTES_TABLE_VERSION, "table: version 1");
	CHECKF(t->DescriptorSize >= sizeof(EFI_MEMORY_DESCRIPTOR) && t->DescriptorSize % 8 == 0,
	       "table: DescriptorSize holds a descriptor", L"%d", t->DescriptorSize);
	CHECK(t->NumberOfEntries > 0, "table: has entries");
	for (UINT32 i = 0; i < t->NumberOfEntries; i++) {
		EFI_MEMORY_DESCRIPTOR *e = (void *)((UINT8 *)(t + 1) + i * t->DescriptorSize);
		UINT64 access = e->Attribute & (EFI_MEMORY_RO | EFI_MEMORY_XP);

		if (!entry_in_map(e) || !(e->Attribute & EFI_MEMORY_RUNTIME)) {
			Print(L"  entry %d: 0x%lx, %ld pages, type %d, attributes 0x%lx\n", i, e->PhysicalStart,
			      e->NumberOfPages, e->Type, e->Attribute);
			valid = FALSE;
		}
		code_or_data &= access == EFI_MEMORY_RO || access == EFI_MEMORY_XP;
		covered += e->NumberOfPages;
	}
	CHECK(valid, "table: each entry is runtime memory inside one runtime descriptor of its type");
	CHECK(code_or_data, "table: each entry is RO (code) or XP (data), not both, not neither");
	/* Runtime MMIO (a reset register, a flash) is the OS's to map as MMIO: no entry is asked. */
	for (UINTN i = 0; i < map_count(); i++)
		if (map_desc(i)->Type == EfiRuntimeServicesCode || map_desc(i)->Type == EfiRuntimeServicesData)
			runtime += map_desc(i)->NumberOfPages;
	CHECK_EQ(covered, runtime, "table: its entries cover the map's runtime code and data pages");
}

/* The table follows the map: runtime data the payload allocates is in it, then gone again. */
static void test_attributes_table(void)
{
	EFI_PHYSICAL_ADDRESS a;
	void *p = NULL;

	check_attributes_table();
	if (!CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiRuntimeServicesData, 3, &a), EFI_SUCCESS,
		      "table: three pages of runtime data") ||
	    !CHECK_ST(BS->AllocatePool(EfiRuntimeServicesCode, 5000, &p), EFI_SUCCESS,
		      "table: a pool buffer of runtime code"))
		return;
	check_attributes_table();
	BS->FreePool(p);
	BS->FreePages(a, 3);
	check_attributes_table();
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_GUID guid = EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID;
	EFI_STATUS st;

	check_init(image, systab, "memattrtest");
	test_attributes_table();
	st = BS->LocateProtocol(&guid, NULL, (void **)&ma);
	CHECK_ST(st, BY_FIRMWARE(EFI_SUCCESS, EFI_NOT_FOUND),
		 "LocateProtocol(EFI_MEMORY_ATTRIBUTE_PROTOCOL): EFI_SUCCESS (pvhefi) / EFI_NOT_FOUND (OVMF)");
	if (st == EFI_SUCCESS) {
		test_data_pages();
		test_code_and_pool();
		test_own_image(image);
		test_not_ours();
	}
	return check_finish();
}
