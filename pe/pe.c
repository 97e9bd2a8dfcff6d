/*
 * PE32+ loader: validates an EFI image file, maps it at its destination and applies its base
 * relocations. Pure: host-tested. Fields are read byte by byte (little endian) because nothing
 * in the file is guaranteed to be aligned, and every sum is done in 64 bits from 32-bit
 * fields so that no check can wrap.
 */
#include <efi.h>
#include <x86_64/pe.h>

#include "lib/lib.h"
#include "pe/pe.h"

/* Offsets from the PE/COFF specification. */
#define DOS_HEADER_SIZE 0x40
#define DOS_LFANEW 0x3c
#define COFF_MACHINE 4 /* from the "PE\0\0" signature */
#define COFF_NR_SECTIONS 6
#define COFF_OPT_SIZE 20
#define COFF_CHARACTERISTICS 22
#define COFF_END 24
#define OPT_MAGIC 0
#define OPT_ENTRY 16
#define OPT_IMAGE_BASE 24
#define OPT_SECTION_ALIGN 32
#define OPT_FILE_ALIGN 36
#define OPT_SIZE_OF_IMAGE 56
#define OPT_SIZE_OF_HEADERS 60
#define OPT_SUBSYSTEM 68
#define OPT_NR_DIRS 108
#define OPT_DIRS 112 /* the PE32+ optional header without its data directories */
#define SEC_HEADER_SIZE 40
#define SEC_VSIZE 8
#define SEC_RVA 12
#define SEC_RAW_SIZE 16
#define SEC_RAW_PTR 20
#define SEC_CHARACTERISTICS 36

/* The PE32+ magic, which gnu-efi's PE32 header lacks; the other constants are gnu-efi's. */
#define IMAGE_NT_OPTIONAL_HDR64_MAGIC 0x20b
/* Bounds the pairwise overlap check; real EFI images have a handful of sections. */
#define MAX_SECTIONS 1024

/* What pe_parse learnt, kept for pe_load. */
struct layout {
	struct pe_info info;
	uint64_t sections; /* file offset of the section table */
	uint32_t nr_sections;
	uint32_t reloc_rva, reloc_size;
};

struct section {
	uint32_t rva, raw_ptr, copy; /* copy: bytes taken from the file */
	uint64_t end; /* rva + max(VirtualSize, copy) */
};

static uint16_t get16(const uint8_t *p, uint64_t off)
{
	return (uint16_t)(p[off] | p[off + 1] << 8);
}

static uint32_t get32(const uint8_t *p, uint64_t off)
{
	return get16(p, off) | (uint32_t)get16(p, off + 2) << 16;
}

static uint64_t get64(const uint8_t *p, uint64_t off)
{
	return get32(p, off) | (uint64_t)get32(p, off + 4) << 32;
}

static int is_power_of_two(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* Like common loaders: VirtualSize 0 means "use SizeOfRawData", raw bytes past VirtualSize are
 * padding and are not copied. */
static void read_section(const uint8_t *f, uint64_t off, struct section *s)
{
	uint32_t vsize = get32(f, off + SEC_VSIZE);
	uint32_t raw_size = get32(f, off + SEC_RAW_SIZE);

	s->rva = get32(f, off + SEC_RVA);
	s->raw_ptr = get32(f, off + SEC_RAW_PTR);
	s->copy = vsize == 0 ? raw_size : MIN(vsize, raw_size);
	s->end = (uint64_t)s->rva + MAX(vsize, s->copy);
}

/* DOS stub, PE signature, COFF header, and where the optional header and section table are. */
static const char *check_coff(const uint8_t *f, size_t size, struct layout *l, uint64_t *opt,
			      uint16_t *opt_size)
{
	uint64_t pe;

	if (size < DOS_HEADER_SIZE)
		return "PE: file too small for a DOS header";
	if (f[0] != 'M' || f[1] != 'Z')
		return "PE: no MZ signature";
	pe = get32(f, DOS_LFANEW);
	if (pe + COFF_END > size)
		return "PE: PE header outside the file";
	if (get32(f, pe) != 0x00004550)
		return "PE: no PE signature";
	if (get16(f, pe + COFF_MACHINE) != IMAGE_FILE_MACHINE_X64)
		return "PE: machine is not x86_64";
	l->nr_sections = get16(f, pe + COFF_NR_SECTIONS);
	if (l->nr_sections == 0)
		return "PE: no sections";
	l->info.relocs_stripped = (get16(f, pe + COFF_CHARACTERISTICS) & IMAGE_FILE_RELOCS_STRIPPED) != 0;
	*opt_size = get16(f, pe + COFF_OPT_SIZE);
	if (*opt_size < OPT_DIRS)
		return "PE: optional header too small for PE32+";
	*opt = pe + COFF_END;
	l->sections = *opt + *opt_size;
	if (l->sections + (uint64_t)l->nr_sections * SEC_HEADER_SIZE > size)
		return "PE: section table outside the file";
	return NULL;
}

/* The PE32+ optional header: kind of image, alignments, sizes, entry point, directories. */
static const char *check_optional(const uint8_t *f, size_t size, uint64_t opt, uint16_t opt_size,
				  struct layout *l)
{
	struct pe_info *i = &l->info;
	uint32_t file_align, section_align, nr_dirs;

	if (get16(f, opt + OPT_MAGIC) != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
		return "PE: not PE32+ (optional header magic is not 0x20b)";
	i->subsystem = get16(f, opt + OPT_SUBSYSTEM);
	if (i->subsystem < IMAGE_SUBSYSTEM_EFI_APPLICATION || i->subsystem > IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER)
		return "PE: subsystem is not an EFI application or driver";
	nr_dirs = get32(f, opt + OPT_NR_DIRS);
	if (nr_dirs > (uint32_t)(opt_size - OPT_DIRS) / 8)
		return "PE: NumberOfRvaAndSizes exceeds the optional header";
	file_align = get32(f, opt + OPT_FILE_ALIGN);
	section_align = get32(f, opt + OPT_SECTION_ALIGN);
	if (!is_power_of_two(file_align))
		return "PE: FileAlignment is not a power of two";
	if (!is_power_of_two(section_align))
		return "PE: SectionAlignment is not a power of two";
	if (section_align < file_align)
		return "PE: SectionAlignment is smaller than FileAlignment";
	i->section_alignment = section_align;
	i->image_size = get32(f, opt + OPT_SIZE_OF_IMAGE);
	i->size_of_headers = get32(f, opt + OPT_SIZE_OF_HEADERS);
	if (i->size_of_headers > i->image_size)
		return "PE: SizeOfHeaders exceeds SizeOfImage";
	if (i->size_of_headers > size)
		return "PE: SizeOfHeaders exceeds the file";
	i->entry_rva = get32(f, opt + OPT_ENTRY);
	if (i->entry_rva == 0 || i->entry_rva >= i->image_size)
		return "PE: entry point outside the image";
	i->preferred_base = get64(f, opt + OPT_IMAGE_BASE);
	if (nr_dirs > IMAGE_DIRECTORY_ENTRY_BASERELOC) {
		l->reloc_rva = get32(f, opt + OPT_DIRS + 8 * IMAGE_DIRECTORY_ENTRY_BASERELOC);
		l->reloc_size = get32(f, opt + OPT_DIRS + 8 * IMAGE_DIRECTORY_ENTRY_BASERELOC + 4);
	}
	if (l->reloc_size && (uint64_t)l->reloc_rva + l->reloc_size > i->image_size)
		return "PE: relocation directory outside the image";
	return NULL;
}

/* Every section inside the file and the image, no two of them sharing an address. */
static const char *check_sections(const uint8_t *f, size_t size, const struct layout *l)
{
	if (l->nr_sections > MAX_SECTIONS)
		return "PE: too many sections";
	for (uint32_t n = 0; n < l->nr_sections; n++) {
		uint64_t off = l->sections + (uint64_t)n * SEC_HEADER_SIZE;
		uint32_t raw_size = get32(f, off + SEC_RAW_SIZE);
		struct section s, t;

		read_section(f, off, &s);
		if (raw_size && (uint64_t)s.raw_ptr + raw_size > size)
			return "PE: section data outside the file";
		if (s.end > l->info.image_size)
			return "PE: section outside SizeOfImage";
		for (uint32_t m = 0; m < n && s.end > s.rva; m++) {
			read_section(f, l->sections + (uint64_t)m * SEC_HEADER_SIZE, &t);
			if (t.end > t.rva && s.rva < t.end && t.rva < s.end)
				return "PE: sections overlap";
		}
	}
	return NULL;
}

static const char *parse(const void *file, size_t size, struct layout *l)
{
	const char *err;
	uint64_t opt;
	uint16_t opt_size;

	memset(l, 0, sizeof(*l));
	err = check_coff(file, size, l, &opt, &opt_size);
	if (!err)
		err = check_optional(file, size, opt, opt_size, l);
	if (!err)
		err = check_sections(file, size, l);
	return err;
}

const char *pe_parse(const void *file, size_t size, struct pe_info *info)
{
	struct layout l;
	const char *err = parse(file, size, &l);

	if (!err)
		*info = l.info;
	return err;
}

/*
 * One fixup: bytes at page + low 12 bits of entry, inside the image past its headers, shifted
 * by delta. None may patch the headers: an image loaded where it lies keeps its headers, and
 * services/image.c reads its section table (the W^X ranges) from them after loading.
 */
static const char *apply(uint8_t *img, const struct pe_info *info, uint32_t page, uint16_t entry,
			 uint64_t delta)
{
	uint64_t image_size = info->image_size;
	uint64_t at = (uint64_t)page + (entry & 0xfff);
	uint64_t width;

	switch (entry >> 12) {
	case IMAGE_REL_BASED_ABSOLUTE:
		return NULL;
	case IMAGE_REL_BASED_HIGHLOW:
		width = 4;
		break;
	case IMAGE_REL_BASED_DIR64:
		width = 8;
		break;
	default:
		return "PE: unsupported relocation type";
	}
	if (at > image_size || width > image_size - at)
		return "PE: relocation outside the image";
	if (at < info->size_of_headers)
		return "PE: relocation in the headers";
	if (width == 8) {
		uint64_t v;
		memcpy(&v, img + at, 8);
		v += delta;
		memcpy(img + at, &v, 8);
	} else {
		uint32_t v;
		memcpy(&v, img + at, 4);
		v += (uint32_t)delta;
		memcpy(img + at, &v, 4);
	}
	return NULL;
}

/*
 * Walks the relocation blocks in the loaded image (a block may be patched by an earlier one:
 * every field is checked when it is read). Validates even when delta is 0.
 */
static const char *relocate(uint8_t *img, const struct layout *l, uint64_t delta)
{
	uint64_t pos = l->reloc_rva, end = pos + l->reloc_size;

	while (pos < end) {
		uint32_t page, block;

		if (end - pos < 8)
			return "PE: relocation block header runs past the directory";
		page = get32(img, pos);
		block = get32(img, pos + 4);
		if (block < 8)
			return "PE: relocation block smaller than 8 bytes";
		if (block > end - pos)
			return "PE: relocation block runs past the directory";
		for (uint64_t e = pos + 8; e + 2 <= pos + block; e += 2) {
			const char *err = apply(img, &l->info, page, get16(img, e), delta);
			if (err)
				return err;
		}
		pos += block;
	}
	return NULL;
}

const char *pe_each_section(const void *file, size_t size,
			    void (*fn)(void *ctx, const struct pe_section *s), void *ctx)
{
	struct layout l;
	const char *err = parse(file, size, &l);

	for (uint32_t n = 0; !err && n < l.nr_sections; n++) {
		uint64_t off = l.sections + (uint64_t)n * SEC_HEADER_SIZE;
		struct section s;

		read_section(file, off, &s);
		fn(ctx, &(struct pe_section){ s.rva, s.end - s.rva, get32(file, off + SEC_CHARACTERISTICS) });
	}
	return err;
}

const char *pe_load(const void *file, size_t size, const struct pe_info *info, void *dest)
{
	const uint8_t *f = file;
	uint8_t *img = dest;
	struct layout l;
	const char *err = parse(file, size, &l);

	if (err)
		return err;
	if (info->image_size != l.info.image_size)
		return "PE: pe_info does not match the file";
	memset(img, 0, l.info.image_size);
	memcpy(img, f, l.info.size_of_headers);
	for (uint32_t n = 0; n < l.nr_sections; n++) {
		struct section s;
		read_section(f, l.sections + (uint64_t)n * SEC_HEADER_SIZE, &s);
		if (s.copy) /* PointerToRawData means nothing without raw data */
			memcpy(img + s.rva, f + s.raw_ptr, s.copy);
	}
	return relocate(img, &l, (uint64_t)(uintptr_t)dest - l.info.preferred_base);
}

/* Each section's bytes lie in the file where they lie in the image: at their RVA. The section
 * table lies in the headers, which stay as they are. */
static const char *check_flat(const uint8_t *f, const struct layout *l)
{
	if (l->info.relocs_stripped) /* it runs at its ImageBase only: copied there, if free */
		return "PE: relocations stripped";
	if (l->sections + (uint64_t)l->nr_sections * SEC_HEADER_SIZE > l->info.size_of_headers)
		return "PE: the section table is not in the headers";
	for (uint32_t n = 0; n < l->nr_sections; n++) {
		struct section s;

		read_section(f, l->sections + (uint64_t)n * SEC_HEADER_SIZE, &s);
		if (s.copy && s.raw_ptr != s.rva)
			return "PE: a section's data is not at its address in the file";
	}
	return NULL;
}

const char *pe_check_in_place(const void *file, size_t size)
{
	struct layout l;
	const char *err = parse(file, size, &l);

	return err ? err : check_flat(file, &l);
}

/* The kept interval that holds at (headers or a section's data), or the next one's start. */
static uint64_t kept_from(const uint8_t *img, const struct layout *l, uint64_t at, uint64_t *next)
{
	uint64_t end = 0;

	*next = l->info.image_size;
	if (at < l->info.size_of_headers)
		end = l->info.size_of_headers;
	for (uint32_t n = 0; n < l->nr_sections; n++) {
		struct section s;

		read_section(img, l->sections + (uint64_t)n * SEC_HEADER_SIZE, &s);
		if (!s.copy)
			continue;
		if (s.rva <= at && at < (uint64_t)s.rva + s.copy)
			end = MAX(end, (uint64_t)s.rva + s.copy);
		else if (s.rva > at)
			*next = MIN(*next, s.rva);
	}
	return end;
}

/*
 * What pe_load copies is already in place; the rest of the image, which pe_load zeroes, is
 * zeroed here: the gaps between headers and sections, and each section's tail past its data.
 * The section table is read before anything is zeroed, and no zeroed byte holds it.
 */
static void zero_unkept(uint8_t *img, const struct layout *l)
{
	uint64_t at = 0, next, end;

	while (at < l->info.image_size) {
		end = kept_from(img, l, at, &next);
		if (end > at) {
			at = end;
			continue;
		}
		memset(img + at, 0, next - at);
		at = next;
	}
}

const char *pe_load_in_place(void *image, size_t size, const struct pe_info *info)
{
	struct layout l;
	const char *err = parse(image, size, &l);

	if (!err)
		err = check_flat(image, &l);
	if (err)
		return err;
	if (info->image_size != l.info.image_size)
		return "PE: pe_info does not match the file";
	zero_unkept(image, &l);
	return relocate(image, &l, (uint64_t)(uintptr_t)image - l.info.preferred_base);
}
