/*
 * A payload that reports what pvhefi handed it, for the bad-input boots (tests/qemu/shim):
 * its command line (length, how many U+FFFD, the last characters, and all of it when short)
 * and the initrd read through LoadFile2 as Linux's stub reads it (size, byte sum). Then it
 * returns EFI_SUCCESS.
 */
#include <efi.h>
#include <efilib.h>

/* EFI_LOAD_FILE2_PROTOCOL_GUID (gnu-efi 3.0.15 has no name for it). */
static EFI_GUID lf2_guid = { 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } };

static struct {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed)) initrd_path = {
	.vendor = {
		.Header = { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } },
		.Guid = { 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } },
	},
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { sizeof(EFI_DEVICE_PATH), 0 } },
};

static void show_cmdline(const EFI_LOADED_IMAGE *li)
{
	const CHAR16 *s = li->LoadOptions;
	UINTN max = li->LoadOptionsSize / sizeof(CHAR16), len = 0, bad = 0;

	while (s && len < max && s[len]) {
		bad += s[len] == 0xfffd;
		len++;
	}
	Print(L"inputs: command line %ld characters, %ld U+FFFD, ending \"%s\"\n", len, bad,
	      s ? s + (len > 12 ? len - 12 : 0) : L"");
	if (s && len < 200)
		Print(L"inputs: command line \"%s\"\n", s);
}

static void show_initrd(void)
{
	EFI_DEVICE_PATH *dp = (EFI_DEVICE_PATH *)&initrd_path;
	EFI_LOAD_FILE_PROTOCOL *lf2;
	EFI_HANDLE h;
	UINTN size = 0;
	UINT8 *buf;
	UINT64 sum = 0;

	if (uefi_call_wrapper(BS->LocateDevicePath, 3, &lf2_guid, &dp, &h) != EFI_SUCCESS ||
	    uefi_call_wrapper(BS->HandleProtocol, 3, h, &lf2_guid, (void **)&lf2) != EFI_SUCCESS) {
		Print(L"inputs: no initrd\n");
		return;
	}
	if (uefi_call_wrapper(lf2->LoadFile, 5, lf2, dp, FALSE, &size, NULL) != EFI_BUFFER_TOO_SMALL ||
	    uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, size ? size : 1, (void **)&buf) != EFI_SUCCESS ||
	    uefi_call_wrapper(lf2->LoadFile, 5, lf2, dp, FALSE, &size, buf) != EFI_SUCCESS) {
		Print(L"inputs: the initrd cannot be read\n");
		return;
	}
	for (UINTN i = 0; i < size; i++)
		sum += buf[i];
	Print(L"inputs: initrd %ld bytes, byte sum %ld\n", size, sum);
	uefi_call_wrapper(BS->FreePool, 1, buf);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li = NULL;

	InitializeLib(image, systab);
	if (uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li) == EFI_SUCCESS)
		show_cmdline(li);
	show_initrd();
	return EFI_SUCCESS;
}
