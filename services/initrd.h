/*
 * The initrd Linux's EFI stub loads through EFI_LOAD_FILE2_PROTOCOL: pieces (the embedded
 * INITRD, then every PVH module, joined by boot/payload.c) read from where they lie
 * (services/initrd.c, initrd_image.c).
 */
#ifndef PVHEFI_INITRD_H
#define PVHEFI_INITRD_H

#include <efi.h>

#include "services/machine.h"

#define INITRD_MAX_PIECES (1 + MACHINE_MAX_MODULES)

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
};

/*
 * Pure (host-tested). Lists the non-empty pieces (at most INITRD_MAX_PIECES) and fills
 * lf2.LoadFile. Every piece but the last is followed by zeros up to a 4-byte boundary.
 * EFI_BAD_BUFFER_SIZE when the whole would not fit in 64 bits.
 */
EFI_STATUS initrd_image_init(struct initrd_image *rd, const struct initrd_piece *pieces, UINT32 n);
/* Writes the rd->size bytes of the initrd to buf, each source byte read once. */
void initrd_image_copy(const struct initrd_image *rd, void *buf);

/*
 * Installs the LoadFile2 handle with the LINUX_EFI_INITRD_MEDIA_GUID device path. With no
 * non-empty piece it installs nothing and returns EFI_SUCCESS.
 */
EFI_STATUS initrd_install(const struct initrd_piece *pieces, UINT32 n);

#endif
