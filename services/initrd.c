/*
 * The initrd handle: EFI_LOAD_FILE2_PROTOCOL on a handle whose device path is the one node
 * Linux's EFI stub (x86 since 5.8) looks for, VenMedia(LINUX_EFI_INITRD_MEDIA_GUID).
 */
#include <efi.h>

#include "lib/uefi.h"
#include "services/initrd.h"
#include "services/protocol.h"

static struct initrd_image initrd;

static struct vendor_device_path initrd_path =
	VENDOR_DEVICE_PATH_OF(MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, LINUX_EFI_INITRD_MEDIA_GUID);

static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
static EFI_GUID lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;

EFI_STATUS initrd_install(const struct initrd_piece *pieces, UINT32 n)
{
	EFI_HANDLE handle = NULL;
	EFI_STATUS st;

	if ((st = initrd_image_init(&initrd, pieces, n)) != EFI_SUCCESS || !initrd.nr_pieces)
		return st;
	/* The path first: whoever is notified of LoadFile2 finds the handle complete. */
	st = proto_install(&handle, &devpath_guid, &initrd_path);
	if (st != EFI_SUCCESS)
		return st;
	st = proto_install(&handle, &lf2_guid, &initrd.lf2);
	if (st != EFI_SUCCESS)
		proto_uninstall(handle, &devpath_guid, &initrd_path);
	return st;
}
