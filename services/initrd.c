/*
 * The initrd handle: EFI_LOAD_FILE2_PROTOCOL on a handle whose device path is the one node
 * Linux's EFI stub (5.7 and later) looks for, VenMedia(LINUX_EFI_INITRD_MEDIA_GUID).
 */
#include <efi.h>

#include "guids.h"
#include "initrd.h"
#include "log.h"
#include "protocol.h"

static struct initrd_image initrd;

static struct {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed)) initrd_path = {
	.vendor = {
		.Header = { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } },
		.Guid = PVHEFI_LINUX_INITRD_MEDIA_GUID,
	},
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { sizeof(EFI_DEVICE_PATH), 0 } },
};

static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
static EFI_GUID lf2_guid = PVHEFI_LOAD_FILE2_PROTOCOL_GUID;

EFI_STATUS initrd_init(const struct payload_blob *embedded, const struct boot_info *bi)
{
	EFI_HANDLE handle = NULL;
	EFI_STATUS st;

	initrd_image_init(&initrd, embedded, bi);
	if (!initrd.nr_pieces) {
		log_printf("pvhefi: initrd: none\n");
		return EFI_SUCCESS;
	}
	log_printf("pvhefi: initrd: %llu bytes (embedded %llu, modules %llu)\n",
		   (unsigned long long)initrd.size, (unsigned long long)initrd.embedded_size,
		   (unsigned long long)initrd.modules_size);
	/* The path first: whoever is notified of LoadFile2 finds the handle complete. */
	st = proto_install(&handle, &devpath_guid, &initrd_path);
	if (st != EFI_SUCCESS)
		return st;
	st = proto_install(&handle, &lf2_guid, &initrd.lf2);
	if (st != EFI_SUCCESS)
		proto_uninstall(handle, &devpath_guid, &initrd_path);
	return st;
}
