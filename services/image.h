/* EFI images: LoadImage, StartImage, Exit, UnloadImage, LoadedImage (services/image.c). */
#ifndef PVHEFI_IMAGE_H
#define PVHEFI_IMAGE_H

#include <efi.h>

void image_install(EFI_BOOT_SERVICES *bs);
/* The firmware's own image handle: the parent of the payload. */
extern EFI_HANDLE firmware_image_handle;
/* Loads a PE image from memory (no copy of the file) with the given LoadOptions (UTF-16,
 * NUL-terminated, may be NULL); where it lies when room bytes from pe on are the firmware's to
 * give it (the embedded payload's) and the file allows it. Prints which check failed on error. */
EFI_STATUS image_load_from_memory(const void *pe, UINTN size, UINTN room, const CHAR16 *load_options,
				  EFI_HANDLE *image);

#endif
