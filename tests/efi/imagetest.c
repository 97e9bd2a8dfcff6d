/*
 * imagetest: LoadImage/StartImage/Exit/UnloadImage with child.efi, which this program carries
 * (efi.mk links it in as data). The child checks itself and answers through its exit status
 * and ExitData; corrupt copies of it check that LoadImage refuses bad images.
 */
#include "check.h"
#include "memmap.h"
#include "tables.h"

#define CHILD_STATUS EFIERR(0x42)

extern const UINT8 child_efi[] __attribute__((visibility("hidden")));
extern const UINT8 child_efi_end[] __attribute__((visibility("hidden")));

static EFI_HANDLE self;
/* A protocol of the test's own, on handles it makes (random GUID). */
static EFI_GUID tag_guid = { 0x3a4b5c6d, 0x7e8f, 0x4a0b, { 0x8c, 0x1d, 0x2e, 0x3f, 0x40, 0x51, 0x62, 0x73 } };

static UINTN child_size(void)
{
	return child_efi_end - child_efi;
}

/* Offsets in the child's PE headers. */
static UINTN pe_offset(const UINT8 *file)
{
	return read32(file + 0x3c);
}

static UINTN opt_offset(const UINT8 *file)
{
	return pe_offset(file) + 24;
}

static EFI_LOADED_IMAGE *loaded_image(EFI_HANDLE h)
{
	EFI_LOADED_IMAGE *li = NULL;

	if (BS->HandleProtocol(h, &LoadedImageProtocol, (void **)&li) != EFI_SUCCESS)
		return NULL;
	return li;
}

static EFI_STATUS load_child(EFI_HANDLE *h)
{
	*h = NULL;
	return BS->LoadImage(FALSE, self, NULL, (void *)child_efi, child_size(), h);
}

/* The memory map type of the page holding addr, or -1. */
static INT32 map_type(UINT64 addr)
{
	EFI_MEMORY_DESCRIPTOR *d = map_find(addr);

	return d ? (INT32)d->Type : -1;
}

static void test_load_and_start(void)
{
	static CHAR16 options[] = L"exit 42 and more words";
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE h;
	UINTN data_size = 0;
	CHAR16 *data = NULL;
	UINT8 *base;
	EFI_STATUS st;
	UINT32 size_of_image = read32(child_efi + opt_offset(child_efi) + 56);

	if (!CHECK_ST(load_child(&h), EFI_SUCCESS, "load: LoadImage of child.efi from memory"))
		return;
	CHECK(h != NULL, "load: gives an image handle");
	li = loaded_image(h);
	if (!CHECK(li != NULL, "load: the child has a LoadedImage protocol"))
		return;
	base = li->ImageBase;
	CHECK(li->ParentHandle == self, "load: ParentHandle is our image");
	CHECK(li->SystemTable == ST, "load: SystemTable is ST");
	CHECK(base != child_efi, "load: ImageBase is not the source buffer");
	CHECKF((UINT64)base % 4096 == 0, "load: ImageBase is page-aligned", L"0x%lx", (UINT64)base);
	CHECKF(li->ImageSize >= size_of_image, "load: ImageSize >= the PE SizeOfImage",
	       L"0x%lx < 0x%x", li->ImageSize, size_of_image);
	CHECK(base[0] == 'M' && base[1] == 'Z', "load: the headers are loaded at ImageBase");
	CHECK_EQ(li->ImageCodeType, EfiLoaderCode, "load: ImageCodeType is EfiLoaderCode");
	CHECK_EQ(li->ImageDataType, EfiLoaderData, "load: ImageDataType is EfiLoaderData");
	CHECK_EQ(map_type((UINT64)base), EfiLoaderCode, "load: the map shows the image as EfiLoaderCode");
	CHECK(li->LoadOptionsSize == 0, "load: no LoadOptions yet");

	li->LoadOptions = options;
	li->LoadOptionsSize = sizeof(options);
	st = BS->StartImage(h, &data_size, &data);
	Print(L"  StartImage: %r, ExitData %a\n", st, data ? "set" : "NULL");
	CHECK_ST(st, CHILD_STATUS, "start: StartImage gives the child's Exit status");
	CHECKF(data && data_size >= sizeof(L"child: ok") && !StrCmp(data, L"child: ok"),
	       "start: the child's ExitData comes back", L"size %ld", (INT64)data_size);
	if (data)
		CHECK_ST(BS->FreePool(data), EFI_SUCCESS, "start: FreePool of ExitData");
	/* An application is unloaded when it exits: its handle is gone. */
	CHECK(loaded_image(h) == NULL, "start: the exited child's handle is gone");
	CHECK_ST(BS->UnloadImage(h), EFI_INVALID_PARAMETER,
		 "start: UnloadImage of the exited child gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->StartImage(h, NULL, NULL), EFI_INVALID_PARAMETER,
		 "start: StartImage of it again gives EFI_INVALID_PARAMETER");
}

/* Starts a child with these options; returns the status, ExitData must be NULL/0. */
static EFI_STATUS start_plain(const CHAR16 *options, UINTN options_size, BOOLEAN *no_data)
{
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE h;
	UINTN data_size = 99;
	CHAR16 *data = (CHAR16 *)&data_size;
	EFI_STATUS st;

	*no_data = FALSE;
	if (load_child(&h) != EFI_SUCCESS || !(li = loaded_image(h)))
		return EFI_LOAD_ERROR;
	li->LoadOptions = (void *)options;
	li->LoadOptionsSize = (UINT32)options_size;
	st = BS->StartImage(h, &data_size, &data);
	*no_data = data_size == 0 && data == NULL;
	return st;
}

static void test_exit_kinds(void)
{
	BOOLEAN no_data;
	EFI_STATUS st;
	EFI_TPL tpl;

	st = start_plain(L"return", sizeof(L"return"), &no_data);
	CHECK_ST(st, EFI_SUCCESS, "start: a child returning EFI_SUCCESS from its entry point");
	CHECK(no_data, "start: ... gives ExitDataSize 0 and ExitData NULL");
	st = start_plain(L"exit-success", sizeof(L"exit-success"), &no_data);
	CHECK_ST(st, EFI_SUCCESS, "start: a child calling Exit(EFI_SUCCESS)");
	CHECK(no_data, "start: ... without ExitData gives ExitDataSize 0 and ExitData NULL");
	/* Exit at a raised TPL: StartImage's caller gets its TPL back (edk2 restores it too). */
	st = start_plain(L"exit-raised", sizeof(L"exit-raised"), &no_data);
	CHECK_ST(st, EFI_SUCCESS, "start: a child calling Exit at TPL_CALLBACK");
	tpl = BS->RaiseTPL(TPL_HIGH_LEVEL);
	BS->RestoreTPL(TPL_APPLICATION);
	CHECK(tpl == TPL_APPLICATION, "start: ... StartImage returns at its caller's TPL_APPLICATION");
}

static void test_unload(void)
{
	EFI_HANDLE h, h2;
	EFI_LOADED_IMAGE *a, *b;

	if (!CHECK_ST(load_child(&h), EFI_SUCCESS, "unload: LoadImage"))
		return;
	CHECK_ST(load_child(&h2), EFI_SUCCESS, "unload: LoadImage of the same buffer again");
	a = loaded_image(h);
	b = loaded_image(h2);
	CHECK(h != h2 && a && b && a->ImageBase != b->ImageBase,
	      "unload: two loads give two images");
	CHECK_ST(BS->UnloadImage(h), EFI_SUCCESS, "unload: UnloadImage of a loaded, unstarted image");
	CHECK(loaded_image(h) == NULL, "unload: its handle is gone");
	CHECK_ST(BS->UnloadImage(h), EFI_INVALID_PARAMETER,
		 "unload: UnloadImage again gives EFI_INVALID_PARAMETER");
	/* Exit on an image that was loaded but never started unloads it. */
	CHECK_ST(BS->Exit(h2, EFI_SUCCESS, 0, NULL), EFI_SUCCESS,
		 "unload: Exit of an unstarted image unloads it");
	CHECK(loaded_image(h2) == NULL, "unload: ... and its handle is gone");
	CHECK_ST(BS->UnloadImage(NULL), EFI_INVALID_PARAMETER,
		 "unload: UnloadImage(NULL) gives EFI_INVALID_PARAMETER");
}

/* LoadImage of a copy of the child with one byte changed; the status and no handle. */
static EFI_STATUS load_corrupt(UINTN offset, UINT8 value, UINTN size, BOOLEAN *no_handle)
{
	EFI_HANDLE h = NULL;
	UINT8 *copy = NULL;
	EFI_STATUS st;

	*no_handle = FALSE;
	if (BS->AllocatePool(EfiLoaderData, child_size(), (void **)&copy) != EFI_SUCCESS)
		return EFI_OUT_OF_RESOURCES;
	CopyMem(copy, (void *)child_efi, child_size());
	if (offset < size)
		copy[offset] = value;
	st = BS->LoadImage(FALSE, self, NULL, copy, size, &h);
	*no_handle = h == NULL;
	if (st == EFI_SUCCESS)
		BS->UnloadImage(h);
	BS->FreePool(copy);
	return st;
}

static void check_refused(const char *name, UINTN offset, UINT8 value, UINTN size,
			  EFI_STATUS want)
{
	BOOLEAN no_handle;
	EFI_STATUS st = load_corrupt(offset, value, size, &no_handle);

	CHECKF(st == want && no_handle, name, L"%r, handle %a; want %r", st,
	       no_handle ? "none" : "made", want);
}

static void test_bad_images(void)
{
	UINTN pe = pe_offset(child_efi), opt = opt_offset(child_efi), all = child_size();
	BOOLEAN no_handle;
	EFI_HANDLE h = NULL, tag = NULL;
	UINT64 iface = 0;

	/* UEFI 2.10 asks for EFI_UNSUPPORTED where the image type is not supported (machine,
	 * subsystem) and EFI_LOAD_ERROR where the format is corrupt. edk2's PE/COFF library says
	 * EFI_UNSUPPORTED to all five; pvhefi's pe_parse tells no kinds apart: EFI_LOAD_ERROR. */
	check_refused("bad: LoadImage of a bad PE signature", pe, 'X', all,
		      BY_FIRMWARE(EFI_LOAD_ERROR, EFI_UNSUPPORTED));
	check_refused("bad: LoadImage of a bad MZ signature", 0, 'X', all,
		      BY_FIRMWARE(EFI_LOAD_ERROR, EFI_UNSUPPORTED));
	check_refused("bad: LoadImage of an unknown machine", pe + 4, 0x4c, all,
		      BY_FIRMWARE(EFI_LOAD_ERROR, EFI_UNSUPPORTED)); /* 0x8664 -> 0x864c */
	check_refused("bad: LoadImage of a Windows GUI subsystem", opt + 68, 2, all,
		      BY_FIRMWARE(EFI_LOAD_ERROR, EFI_UNSUPPORTED));
	check_refused("bad: LoadImage of the first 512 bytes", all, 0, 512,
		      BY_FIRMWARE(EFI_LOAD_ERROR, EFI_UNSUPPORTED));
	/* Issue 10: pvhefi cannot move a runtime driver with its runtime at SetVirtualAddressMap,
	 * so it refuses one; OVMF loads it. */
	if (BY_FIRMWARE(TRUE, FALSE))
		check_refused("bad: LoadImage of a runtime driver gives EFI_UNSUPPORTED (pvhefi)", opt + 68,
			      12, all, EFI_UNSUPPORTED);
	else
		CHECK_ST(load_corrupt(opt + 68, 12, all, &no_handle), EFI_SUCCESS,
			 "bad: LoadImage of a runtime driver gives EFI_SUCCESS (OVMF)");

	/* The spec names EFI_NOT_FOUND; OVMF answers EFI_INVALID_PARAMETER, and so does pvhefi. */
	CHECK_ST(BS->LoadImage(FALSE, self, NULL, NULL, 0, &h), EFI_INVALID_PARAMETER,
		 "bad: LoadImage with neither buffer nor path gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->LoadImage(FALSE, NULL, NULL, (void *)child_efi, child_size(), &h),
		 EFI_INVALID_PARAMETER, "bad: LoadImage with NULL parent gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->LoadImage(FALSE, self, NULL, (void *)child_efi, child_size(), NULL),
		 EFI_INVALID_PARAMETER, "bad: LoadImage with NULL ImageHandle: EFI_INVALID_PARAMETER");
	BS->InstallProtocolInterface(&tag, &tag_guid, EFI_NATIVE_INTERFACE, &iface);
	CHECK_ST(BS->LoadImage(FALSE, tag, NULL, (void *)child_efi, child_size(), &h),
		 EFI_INVALID_PARAMETER, "bad: a parent that is not an image: EFI_INVALID_PARAMETER");
	BS->UninstallProtocolInterface(tag, &tag_guid, &iface);
	CHECK_ST(BS->StartImage(NULL, NULL, NULL), EFI_INVALID_PARAMETER,
		 "bad: StartImage(NULL) gives EFI_INVALID_PARAMETER");
}

/*
 * Issue 9 #2: the LoadedImage interface is the image's record. Opened BY_DRIVER by someone
 * else it cannot be uninstalled, so the image must stay loaded rather than be freed under it.
 * edk2 frees the image anyway and leaves the interface installed (the defect pvhefi had):
 * OVMF answers EFI_SUCCESS, and nothing more is asked of it.
 */
static void test_unload_held(void)
{
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE h;
	void *iface = NULL;
	UINT8 *base;
	EFI_STATUS st;

	if (!CHECK_ST(load_child(&h), EFI_SUCCESS, "held: LoadImage") || !(li = loaded_image(h)))
		return;
	base = li->ImageBase;
	CHECK_ST(BS->OpenProtocol(h, &LoadedImageProtocol, &iface, self, h, EFI_OPEN_PROTOCOL_BY_DRIVER),
		 EFI_SUCCESS, "held: we open the child's LoadedImage BY_DRIVER");
	st = BS->UnloadImage(h);
	CHECK_ST(st, BY_FIRMWARE(EFI_ACCESS_DENIED, EFI_SUCCESS),
		 "held: UnloadImage gives EFI_ACCESS_DENIED (pvhefi) / EFI_SUCCESS (OVMF)");
	if (st != EFI_ACCESS_DENIED)
		return;
	CHECK(loaded_image(h) == li && li->ImageBase == base && base[0] == 'M',
	      "held: the image is still loaded, its LoadedImage intact");
	CHECK_ST(BS->CloseProtocol(h, &LoadedImageProtocol, self, h), EFI_SUCCESS, "held: CloseProtocol");
	CHECK_ST(BS->UnloadImage(h), EFI_SUCCESS, "held: UnloadImage once it is closed");
	CHECK(loaded_image(h) == NULL, "held: ... and the handle is gone");
}

/* Issue 9 #2: what the unloaded image had open (as agent) is closed with it, as edk2 does. */
static void test_unload_closes_opens(void)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info = NULL;
	EFI_HANDLE h, tag = NULL;
	UINT64 tag_iface = 0;
	void *iface = NULL;
	UINTN count = 99;

	if (!CHECK_ST(load_child(&h), EFI_SUCCESS, "agent: LoadImage") ||
	    !CHECK_ST(BS->InstallProtocolInterface(&tag, &tag_guid, EFI_NATIVE_INTERFACE, &tag_iface),
		      EFI_SUCCESS, "agent: a handle with a protocol of our own"))
		return;
	CHECK_ST(BS->OpenProtocol(tag, &tag_guid, &iface, h, tag, EFI_OPEN_PROTOCOL_BY_DRIVER), EFI_SUCCESS,
		 "agent: the child's handle opens it BY_DRIVER");
	CHECK_ST(BS->UnloadImage(h), EFI_SUCCESS, "agent: UnloadImage of the child");
	CHECK_ST(BS->OpenProtocolInformation(tag, &tag_guid, &info, &count), EFI_SUCCESS,
		 "agent: OpenProtocolInformation");
	CHECK_EQ(count, 0, "agent: the unloaded child's open is gone");
	if (info)
		BS->FreePool(info);
	CHECK_ST(BS->UninstallProtocolInterface(tag, &tag_guid, &tag_iface), EFI_SUCCESS,
		 "agent: nothing pins the protocol any more: it uninstalls");
}

static BOOLEAN parent_unload_called;

static EFI_STATUS EFIAPI parent_unload(EFI_HANDLE image)
{
	parent_unload_called = TRUE;
	return EFI_SUCCESS;
}

/*
 * Issue 9 #3: UnloadImage of an image on the StartImage chain, by the child (child.efi checks
 * the status itself). pvhefi refuses it even for an image with an Unload function, which it
 * does not call; edk2 would call it and free the running image, so on OVMF the images have no
 * Unload function, where both firmware answer EFI_UNSUPPORTED.
 */
static void test_unload_running(void)
{
	EFI_LOADED_IMAGE *li = loaded_image(self);
	BOOLEAN pvhefi = check_option(L"pvhefi"), no_data;
	static const CHAR16 with[] = L"unload-self with-unload", without[] = L"unload-self";

	if (!CHECK(li != NULL, "running: our own LoadedImage"))
		return;
	CHECK_ST(start_plain(pvhefi ? with : without, pvhefi ? sizeof(with) : sizeof(without), &no_data),
		 EFI_SUCCESS, "running: a child's UnloadImage of itself is refused (child.efi checks)");
	if (pvhefi)
		li->Unload = parent_unload;
	CHECK_ST(start_plain(L"unload-parent", sizeof(L"unload-parent"), &no_data), EFI_SUCCESS,
		 "running: a child's UnloadImage of its parent is refused (child.efi checks)");
	li->Unload = NULL;
	CHECK(!parent_unload_called, "running: ... and the parent's Unload function is not called");
}

/*
 * The FilePath LoadImage is given becomes LoadedImage's: a copy of it. Issue 9 #4: a path
 * whose first node is shorter than a node header was copied as a zero-size buffer and given
 * out as the image's FilePath; it must be refused. edk2 2022.11 hangs walking that path, so
 * OVMF is asked about a well-formed one only.
 */
static void test_file_path(void)
{
	static const UINT8 bad_path[] = { MEDIA_DEVICE_PATH, MEDIA_FILEPATH_DP, 2, 0, 0x7f, 0xff, 4, 0 };
	static const struct {
		VENDOR_DEVICE_PATH vendor;
		EFI_DEVICE_PATH end;
	} __attribute__((packed)) good_path = {
		{ { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } },
		  { 0x3a4b5c6d, 0x7e8f, 0x4a0b, { 0x8c, 0x1d, 0x2e, 0x3f, 0x40, 0x51, 0x62, 0x74 } } },
		{ END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { sizeof(EFI_DEVICE_PATH), 0 } },
	};
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE h = NULL;
	EFI_STATUS st;

	st = BS->LoadImage(FALSE, self, (EFI_DEVICE_PATH *)&good_path, (void *)child_efi, child_size(), &h);
	if (CHECK_ST(st, EFI_SUCCESS, "path: LoadImage with a FilePath") && (li = loaded_image(h))) {
		CHECK(li->FilePath && (void *)li->FilePath != (void *)&good_path &&
			      !CompareMem(li->FilePath, (void *)&good_path, sizeof(good_path)),
		      "path: LoadedImage FilePath is a copy of it");
		BS->UnloadImage(h);
	}
	if (!check_option(L"pvhefi"))
		return;
	h = NULL;
	st = BS->LoadImage(FALSE, self, (EFI_DEVICE_PATH *)bad_path, (void *)child_efi, child_size(), &h);
	CHECK_ST(st, EFI_INVALID_PARAMETER, "path: LoadImage with a malformed FilePath: EFI_INVALID_PARAMETER");
	if (st == EFI_SUCCESS)
		BS->UnloadImage(h);
}

/* LoadImage of copy (the child with IMAGE_FILE_RELOCS_STRIPPED) linked at image_base: the
 * status, and where the image went. */
static EFI_STATUS load_stripped(UINT8 *copy, UINT64 image_base, UINT64 *loaded_at)
{
	EFI_LOADED_IMAGE *li;
	EFI_HANDLE h = NULL;
	EFI_STATUS st;

	*loaded_at = 0;
	CopyMem(copy + opt_offset(copy) + 24, &image_base, sizeof(image_base));
	st = BS->LoadImage(FALSE, self, NULL, copy, child_size(), &h);
	if (st == EFI_SUCCESS && (li = loaded_image(h)))
		*loaded_at = (UINT64)li->ImageBase;
	if (st == EFI_SUCCESS)
		BS->UnloadImage(h);
	return st;
}

/*
 * Issue 10: an image without relocations runs at its ImageBase or not at all. A free ImageBase
 * is found by allocating pages and giving them back: the image goes at their bottom, and the
 * spare pages above take what LoadImage allocates for itself (both allocate from the top).
 * Refused: pvhefi says EFI_OUT_OF_RESOURCES, edk2 passes on AllocatePages' EFI_NOT_FOUND.
 */
static void test_stripped_relocations(void)
{
	UINT32 size_of_image = read32(child_efi + opt_offset(child_efi) + 56);
	UINTN pages = (size_of_image + 4095) / 4096 + 64;
	EFI_PHYSICAL_ADDRESS free_at = 0, busy = 0;
	UINT8 *copy = NULL;
	UINT64 at;

	if (!CHECK_ST(BS->AllocatePool(EfiLoaderData, child_size(), (void **)&copy), EFI_SUCCESS,
		      "stripped: a copy of the child") ||
	    !CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, pages, &free_at), EFI_SUCCESS,
		      "stripped: pages for the ImageBase"))
		return;
	CopyMem(copy, (void *)child_efi, child_size());
	copy[pe_offset(copy) + 22] |= 0x01; /* IMAGE_FILE_RELOCS_STRIPPED */
	BS->FreePages(free_at, pages);
	CHECK_ST(load_stripped(copy, free_at, &at), EFI_SUCCESS, "stripped: LoadImage at a free ImageBase");
	CHECKF(at == free_at, "stripped: ... loads it at its ImageBase", L"0x%lx, ImageBase 0x%lx", at, free_at);
	if (CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, pages, &busy), EFI_SUCCESS,
		     "stripped: pages to take its ImageBase")) {
		CHECK_ST(load_stripped(copy, busy, &at), BY_FIRMWARE(EFI_OUT_OF_RESOURCES, EFI_NOT_FOUND),
			 "stripped: LoadImage at a busy ImageBase: EFI_OUT_OF_RESOURCES (pvhefi) / EFI_NOT_FOUND (OVMF)");
		BS->FreePages(busy, pages);
	}
	BS->FreePool(copy);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	self = image;
	check_init(image, systab, "imagetest");
	Print(L"  child.efi: %d bytes\n", child_size());
	test_load_and_start();
	test_exit_kinds();
	test_unload();
	test_bad_images();
	test_file_path();
	test_stripped_relocations();
	test_unload_held();
	test_unload_closes_opens();
	test_unload_running(); /* last: before issue 9 #3 it unloaded this program */
	return check_finish();
}
