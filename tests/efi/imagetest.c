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

	st = start_plain(L"return", sizeof(L"return"), &no_data);
	CHECK_ST(st, EFI_SUCCESS, "start: a child returning EFI_SUCCESS from its entry point");
	CHECK(no_data, "start: ... gives ExitDataSize 0 and ExitData NULL");
	st = start_plain(L"exit-success", sizeof(L"exit-success"), &no_data);
	CHECK_ST(st, EFI_SUCCESS, "start: a child calling Exit(EFI_SUCCESS)");
	CHECK(no_data, "start: ... without ExitData gives ExitDataSize 0 and ExitData NULL");
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
	EFI_HANDLE h = NULL, tag = NULL;
	UINT64 iface = 0;
	EFI_GUID tag_guid = { 0x3a4b5c6d, 0x7e8f, 0x4a0b, { 0x8c, 0x1d, 0x2e, 0x3f, 0x40, 0x51, 0x62, 0x73 } };

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

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	self = image;
	check_init(image, systab, "imagetest");
	Print(L"  child.efi: %d bytes\n", child_size());
	test_load_and_start();
	test_exit_kinds();
	test_unload();
	test_bad_images();
	return check_finish();
}
