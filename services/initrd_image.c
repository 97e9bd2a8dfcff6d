/*
 * The initrd as one file made of pieces, and LoadFile2 on it. Pure: host-tested.
 *
 * Pieces are cpio archives (plain or compressed) and the kernel unpacks their concatenation.
 * Its unpacker skips zero bytes between archives but wants a plain cpio header to start on a
 * 4-byte boundary of the whole (init/initramfs.c: "broken padding", and a '0' at an unaligned
 * offset is taken for a compressed archive). So a piece whose length is not a multiple of 4
 * is followed by zeros; the last piece is not, and a single piece is delivered unchanged.
 */
#include <efi.h>

#include "lib/lib.h"
#include "services/initrd.h"
#include "services/protocol.h"

#define CPIO_ALIGN 4

/* The sum is checked: sizes come from outside (a VMM's module list). */
static EFI_STATUS add_piece(struct initrd_image *rd, const struct initrd_piece *p)
{
	UINT64 start = rd->nr_pieces ? ALIGN_UP(rd->size, CPIO_ALIGN) : 0;

	if (!p->size)
		return EFI_SUCCESS;
	if (start < rd->size || p->size > UINT64_MAX - start)
		return EFI_BAD_BUFFER_SIZE;
	rd->pieces[rd->nr_pieces++] = *p;
	rd->size = start + p->size;
	return EFI_SUCCESS;
}

void initrd_image_copy(const struct initrd_image *rd, void *buf)
{
	UINT8 *out = buf;

	for (UINT32 i = 0; i < rd->nr_pieces; i++) {
		const struct initrd_piece *p = &rd->pieces[i];
		UINT64 pad;

		memcpy(out, p->data, p->size);
		out += p->size;
		pad = i + 1 < rd->nr_pieces ? ALIGN_UP(p->size, CPIO_ALIGN) - p->size : 0;
		memset(out, 0, pad);
		out += pad;
	}
}

/*
 * Linux's stub asks twice: with no buffer for the size (EFI_BUFFER_TOO_SMALL expected), then
 * with a buffer of that size. FilePath is what LocateDevicePath left of the initrd path: the
 * end node; anything more names a file this handle does not have.
 */
static EFI_STATUS EFIAPI initrd_load_file(EFI_LOAD_FILE_PROTOCOL *this, EFI_DEVICE_PATH *path,
					  BOOLEAN boot_policy, UINTN *size, VOID *buf)
{
	const struct initrd_image *rd = (const struct initrd_image *)this;

	if (!this || !path || !size || !devpath_size(path))
		return EFI_INVALID_PARAMETER;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!devpath_is_end(path))
		return EFI_NOT_FOUND;
	if (!buf || *size < rd->size) {
		*size = rd->size;
		return EFI_BUFFER_TOO_SMALL;
	}
	initrd_image_copy(rd, buf);
	*size = rd->size;
	return EFI_SUCCESS;
}

EFI_STATUS initrd_image_init(struct initrd_image *rd, const struct initrd_piece *pieces, UINT32 n)
{
	EFI_STATUS st = EFI_SUCCESS;

	memset(rd, 0, sizeof(*rd));
	rd->lf2.LoadFile = initrd_load_file;
	for (UINT32 i = 0; i < n && i < INITRD_MAX_PIECES && st == EFI_SUCCESS; i++)
		st = add_piece(rd, &pieces[i]);
	return st;
}
