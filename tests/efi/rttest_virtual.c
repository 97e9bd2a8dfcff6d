/*
 * rttest, part 2: SetVirtualAddressMap and ConvertPointer (the flow is in rttest.c). Two pages
 * of runtime data of our own, each with its own descriptor: at SetVirtualAddressMap page A
 * moves and page B is left out of one map; two notifications record what ConvertPointer says.
 */
#include "lib/uefi.h"
#include "check.h"
#include "memmap.h"
#include "rttest.h"
#include "tables.h"

/* Where our first runtime page moves at SetVirtualAddressMap: 16 TiB up (canonical). */
#define MOVE_OFFSET 0x100000000000ULL

/* ---- SetVirtualAddressMap and ConvertPointer ------------------------------------------- */

static EFI_PHYSICAL_ADDRESS page_a, page_b; /* our runtime pages: A moves, B is left out once */
static UINTN svam_call; /* which SetVirtualAddressMap call is running (1-based) */

struct vac {
	UINTN calls, call; /* how often notified, and during which call first */
	EFI_STATUS conv_st, null_opt_st, null_st, outside_st, no_address_st;
	void *conv, *null_opt;
};
/* EFI_NOT_STARTED: what a status reads until the notification sets it. */
#define VAC_INIT { 0, 0, EFI_NOT_STARTED, EFI_NOT_STARTED, EFI_NOT_STARTED, EFI_NOT_STARTED, EFI_NOT_STARTED, NULL, NULL }
static struct vac vac_event = VAC_INIT, vac_group = VAC_INIT;

static VOID EFIAPI notify_vac(EFI_EVENT ev, VOID *ctx)
{
	struct vac *v = ctx;
	static UINT8 outside; /* our image's data: no runtime range holds it */
	void *p;

	if (v->calls++)
		return;
	v->call = svam_call;
	v->conv = (void *)(page_a + 0x123);
	v->conv_st = RT->ConvertPointer(0, &v->conv);
	v->null_opt = NULL;
	v->null_opt_st = RT->ConvertPointer(EFI_OPTIONAL_PTR, &v->null_opt);
	p = NULL;
	v->null_st = RT->ConvertPointer(0, &p);
	p = &outside;
	v->outside_st = RT->ConvertPointer(0, &p);
	v->no_address_st = RT->ConvertPointer(0, NULL);
}

static void check_vac(struct vac *v, const char *what)
{
	CHECK_EQ(v->calls, 1, named(what, "notified once"));
	/* edk2 commits to the new map before it looks at it (see test_virtual): on OVMF the
	 * notifications run during the call that leaves a range out. */
	CHECK_EQ(v->call, BY_FIRMWARE(4, 3),
		 named(what, "notified during the call that took the map: "
			     "the 4th (complete map) on pvhefi, the 3rd (partial) on OVMF"));
	CHECK_ST(v->conv_st, EFI_SUCCESS, named(what, "ConvertPointer into our runtime page"));
	CHECKF(v->conv == (void *)(page_a + MOVE_OFFSET + 0x123),
	       named(what, "ConvertPointer gives the pointer's new virtual address"), L"%lx from %lx",
	       (UINT64)v->conv, page_a + 0x123);
	CHECK(v->null_opt_st == EFI_SUCCESS && v->null_opt == NULL,
	      named(what, "ConvertPointer(EFI_OPTIONAL_PTR) of NULL gives EFI_SUCCESS, NULL"));
	CHECK_ST(v->null_st, EFI_INVALID_PARAMETER,
		 named(what, "ConvertPointer of NULL without EFI_OPTIONAL_PTR gives EFI_INVALID_PARAMETER"));
	CHECK_ST(v->outside_st, EFI_NOT_FOUND,
		 named(what, "ConvertPointer outside every runtime range gives EFI_NOT_FOUND"));
	CHECK_ST(v->no_address_st, EFI_INVALID_PARAMETER,
		 named(what, "ConvertPointer(NULL address) gives EFI_INVALID_PARAMETER"));
}

/* A page of runtime data in the middle of free RAM, so that its descriptor is its own. */
static EFI_PHYSICAL_ADDRESS own_runtime_page(UINTN nth)
{
	EFI_PHYSICAL_ADDRESS want = 0;
	EFI_MEMORY_DESCRIPTOR *d;
	UINTN seen = 0;

	if (map_get() != EFI_SUCCESS)
		return 0;
	for (UINTN i = 0; i < map_count() && !want; i++) {
		d = map_desc(i);
		if (d->Type == EfiConventionalMemory && d->NumberOfPages >= 256 &&
		    d->PhysicalStart + d->NumberOfPages * 4096 <= 0x100000000ULL && seen++ == 0)
			want = d->PhysicalStart + (64 + 64 * nth) * 4096;
	}
	if (!want || BS->AllocatePages(AllocateAddress, EfiRuntimeServicesData, 1, &want) != EFI_SUCCESS)
		return 0;
	d = map_find(want);
	CHECKF(d && d->PhysicalStart == want && d->NumberOfPages == 1 && d->Type == EfiRuntimeServicesData &&
		       (d->Attribute & EFI_MEMORY_RUNTIME),
	       "svam: our runtime page has its own EFI_MEMORY_RUNTIME descriptor", L"page %lx", want);
	return want;
}

BOOLEAN svam_prepare(void)
{
	EFI_GUID vac_guid = EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE;
	EFI_EVENT ev, group;

	page_a = own_runtime_page(0);
	page_b = own_runtime_page(1);
	CHECK_ST(BS->CreateEvent(EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE, TPL_NOTIFY, notify_vac, &vac_event, &ev),
		 EFI_SUCCESS, "svam: CreateEvent EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE");
	CHECK_ST(BS->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, notify_vac, &vac_group, &vac_guid, &group),
		 EFI_SUCCESS, "svam: CreateEventEx in EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE");
	return page_a && page_b;
}

/* The map's runtime descriptors, identity-mapped but page A (moved) and, if asked, page B
 * (left out). Returns the map's size. */
static UINTN virtual_map(UINT8 *out, BOOLEAN leave_b)
{
	UINTN n = 0, size = map_desc_size();

	for (UINTN i = 0; i < map_count(); i++) {
		EFI_MEMORY_DESCRIPTOR *d = map_desc(i);
		EFI_MEMORY_DESCRIPTOR *v = (EFI_MEMORY_DESCRIPTOR *)(out + n * size);

		if (!(d->Attribute & EFI_MEMORY_RUNTIME) || (leave_b && d->PhysicalStart == page_b))
			continue;
		CopyMem(v, d, size);
		v->VirtualStart = d->PhysicalStart == page_a ? d->PhysicalStart + MOVE_OFFSET : d->PhysicalStart;
		n++;
	}
	return n * size;
}

void test_virtual(void)
{
	static UINT8 full[MAP_BYTES], partial[MAP_BYTES];
	UINTN desc_size = map_desc_size();
	UINTN full_size = virtual_map(full, FALSE), partial_size = virtual_map(partial, TRUE);
	EFI_RUNTIME_SERVICES *rt = ST->RuntimeServices;
	EFI_STATUS st;
	void *p;

	CHECK(partial_size + desc_size == full_size, "svam: the partial map lacks page B's descriptor alone");
	svam_call = 1;
	CHECK_ST(rt->SetVirtualAddressMap(full_size, desc_size, EFI_MEMORY_DESCRIPTOR_VERSION + 1,
					  (EFI_MEMORY_DESCRIPTOR *)full),
		 EFI_INVALID_PARAMETER, "svam: a bad descriptor version gives EFI_INVALID_PARAMETER");
	svam_call = 2;
	CHECK_ST(rt->SetVirtualAddressMap(full_size / desc_size * 32, 32, EFI_MEMORY_DESCRIPTOR_VERSION,
					  (EFI_MEMORY_DESCRIPTOR *)full),
		 EFI_INVALID_PARAMETER, "svam: a descriptor size below the descriptor's gives EFI_INVALID_PARAMETER");
	/* The spec's answer is EFI_NO_MAPPING. edk2 does not look for missing ranges: it commits to
	 * the map at once and converts what it finds (page B is ours, nothing of OVMF's is in it,
	 * so OVMF carries on), and then refuses every later call as a second one. */
	svam_call = 3;
	st = rt->SetVirtualAddressMap(partial_size, desc_size, EFI_MEMORY_DESCRIPTOR_VERSION,
				      (EFI_MEMORY_DESCRIPTOR *)partial);
	CHECK_ST(st, BY_FIRMWARE(EFI_NO_MAPPING, EFI_SUCCESS),
		 "svam: a map without one runtime range: EFI_NO_MAPPING on pvhefi, EFI_SUCCESS on OVMF");
	svam_call = 4;
	st = rt->SetVirtualAddressMap(full_size, desc_size, EFI_MEMORY_DESCRIPTOR_VERSION,
				      (EFI_MEMORY_DESCRIPTOR *)full);
	CHECK_ST(st, BY_FIRMWARE(EFI_SUCCESS, EFI_UNSUPPORTED),
		 "svam: the complete map: EFI_SUCCESS on pvhefi, EFI_UNSUPPORTED on OVMF (already set)");
	svam_call = 5;
	CHECK_ST(rt->SetVirtualAddressMap(full_size, desc_size, EFI_MEMORY_DESCRIPTOR_VERSION,
					  (EFI_MEMORY_DESCRIPTOR *)full),
		 EFI_UNSUPPORTED, "svam: a second call gives EFI_UNSUPPORTED");
	svam_call = 0;

	check_vac(&vac_event, "svam: EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE event");
	check_vac(&vac_group, "svam: EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE event");
	/* edk2 forgets the map when SetVirtualAddressMap returns: nothing converts any more. */
	p = (void *)(page_a + 0x123);
	CHECK_ST(rt->ConvertPointer(0, &p), EFI_NOT_FOUND,
		 "svam: ConvertPointer after SetVirtualAddressMap gives EFI_NOT_FOUND");
	p = NULL;
	CHECK_ST(rt->ConvertPointer(EFI_OPTIONAL_PTR, &p), EFI_SUCCESS,
		 "svam: ... but of NULL with EFI_OPTIONAL_PTR, EFI_SUCCESS");

	/* Identity everywhere the firmware lives: the tables stay where they were. */
	CHECK(ST->RuntimeServices == rt, "svam: the system table's RuntimeServices (identity-mapped)");
	CHECK_EQ(table_crc(&ST->Hdr), ST->Hdr.CRC32, "svam: system table CRC32");
	CHECK_EQ(table_crc(&rt->Hdr), rt->Hdr.CRC32, "svam: runtime services table CRC32");
}
