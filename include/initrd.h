/*
 * The initrd Linux's EFI stub loads through EFI_LOAD_FILE2_PROTOCOL: the embedded INITRD, then
 * every PVH module in order, read from where they lie (services/initrd.c, initrd_image.c).
 */
#ifndef PVHEFI_INITRD_H
#define PVHEFI_INITRD_H

#include <efi.h>

#include "boot_info.h"
#include "payload.h"

#define INITRD_MAX_PIECES (1 + BOOT_MAX_MODULES)

struct initrd_piece {
	const void *data;
	UINT64 size;
};

/* The LoadFile2 interface comes first: the interface pointer is a pointer to the whole. */
struct initrd_image {
	EFI_LOAD_FILE_PROTOCOL lf2;
	UINT32 nr_pieces;
	struct initrd_piece pieces[INITRD_MAX_PIECES];
	UINT64 size; /* what LoadFile2 delivers, padding included */
	UINT64 embedded_size, modules_size;
};

/*
 * Pure (host-tested). Lists the non-empty pieces and fills lf2.LoadFile. embedded or bi may be
 * NULL. Every piece but the last is followed by zeros up to a 4-byte boundary.
 */
void initrd_image_init(struct initrd_image *rd, const struct payload_blob *embedded,
		       const struct boot_info *bi);
/* Writes the rd->size bytes of the initrd to buf, each source byte read once. */
void initrd_image_copy(const struct initrd_image *rd, void *buf);

/*
 * Installs the LoadFile2 handle with the LINUX_EFI_INITRD_MEDIA_GUID device path, and logs the
 * size. Without embedded initrd nor modules it installs nothing and returns EFI_SUCCESS.
 */
EFI_STATUS initrd_init(const struct payload_blob *embedded, const struct boot_info *bi);

#endif
