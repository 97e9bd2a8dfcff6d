/* PE32+ loader: validate, map, relocate. Pure: host-tested (pe/pe.c). */
#ifndef PVHEFI_PE_H
#define PVHEFI_PE_H

#include <stddef.h>
#include <stdint.h>

struct pe_info {
	uint64_t image_size; /* SizeOfImage */
	uint64_t section_alignment;
	uint64_t preferred_base; /* ImageBase */
	uint32_t entry_rva; /* AddressOfEntryPoint */
	uint16_t subsystem;
	uint32_t size_of_headers;
	/* IMAGE_FILE_RELOCS_STRIPPED: it runs only at preferred_base. */
	uint8_t relocs_stripped;
};

/*
 * Checks the whole file: DOS and PE headers, machine 0x8664, PE32+ magic, an EFI subsystem,
 * every section and data directory against the file and SizeOfImage, overflow-safe.
 * Returns NULL or which check failed.
 */
const char *pe_parse(const void *file, size_t size, struct pe_info *info);
/* A section as the loader maps it: its place in the image (the larger of VirtualSize and the
 * bytes copied from the file) and its Characteristics (IMAGE_SCN_*). */
struct pe_section {
	uint32_t rva;
	uint64_t size;
	uint32_t characteristics;
};

/* Calls fn for each section of the file, in file order; NULL, or what pe_parse would say. */
const char *pe_each_section(const void *file, size_t size,
			    void (*fn)(void *ctx, const struct pe_section *s), void *ctx);
/*
 * Copies headers and sections to dest (info->image_size bytes, aligned to
 * info->section_alignment), zeroes the rest and applies base relocations for the image living
 * at dest. Returns NULL or what failed (e.g. an unknown relocation type, or a fixup in the
 * headers, which pe_load_in_place keeps as they are).
 */
const char *pe_load(const void *file, size_t size, const struct pe_info *info, void *dest);

/*
 * Whether the file can be loaded where it lies (pe_load_in_place): pe_parse's checks, and every
 * section's data at its RVA in the file, as in Linux's bzImage, and relocations (an image
 * without them runs at its ImageBase only, wherever it lies). NULL or why not.
 */
const char *pe_check_in_place(const void *file, size_t size);
/*
 * pe_load with dest = the file itself: the image (info->image_size bytes from image, which the
 * caller must own, aligned to info->section_alignment) ends up as pe_load would make it, with
 * nothing copied. Refused, before anything changes, when pe_check_in_place refuses the file.
 */
const char *pe_load_in_place(void *image, size_t size, const struct pe_info *info);

#endif
