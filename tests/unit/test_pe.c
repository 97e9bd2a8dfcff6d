/*
 * PE32+ loader tests: a built image must parse and load (sections placed, BSS and padding
 * zeroed, relocations applied at another base), and each check must reject the one field that
 * breaks it. Real files (built programs, Debian kernels) are test_pe_samples.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/lib.h"
#include "pe/pe.h"
#include "pe/pe_build.h"

static uint8_t file[PEB_FILE_SIZE];

static uint8_t *new_image(void)
{
	uint8_t *img = aligned_alloc(4096, PEB_IMAGE_SIZE);
	assert_non_null(img);
	memset(img, 0xaa, PEB_IMAGE_SIZE); /* anything not loaded must come out zero */
	return img;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void assert_zero(const uint8_t *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (p[i]) {
			fail_msg("image byte 0x%zx is 0x%02x, not zero", i, p[i]);
		}
}

static void expect_error(const char *err, const char *msg)
{
	if (!err)
		fail_msg("accepted; expected \"%s\"", msg);
	assert_string_equal(err, msg);
}

static void test_parse_good(void **state)
{
	struct pe_info info;

	pe_build(file, PEB_DEFAULT_BASE);
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_int_equal(info.image_size, PEB_IMAGE_SIZE);
	assert_int_equal(info.section_alignment, 0x1000);
	assert_int_equal(info.preferred_base, PEB_DEFAULT_BASE);
	assert_int_equal(info.entry_rva, PEB_ENTRY);
	assert_int_equal(info.subsystem, 10);
	assert_int_equal(info.size_of_headers, PEB_HEADERS);
	assert_false(info.relocs_stripped);
	/* IMAGE_FILE_RELOCS_STRIPPED in the COFF Characteristics. */
	file[PEB_PE + 22] |= 0x01;
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_true(info.relocs_stripped);
}

static void test_load_relocates(void **state)
{
	struct pe_info info;
	uint8_t *img = new_image();
	uint64_t at = (uintptr_t)img;

	pe_build(file, PEB_DEFAULT_BASE);
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_null(pe_load(file, sizeof(file), &info, img));
	assert_memory_equal(img, file, PEB_HEADERS);
	assert_zero(img, PEB_HEADERS, 0x1000);
	assert_memory_equal(img + 0x1000, file + 0x400, 0x100);
	assert_int_equal(rd64(img + 0x1100), at + 0x2000);
	assert_int_equal(rd32(img + 0x1108), (uint32_t)(at + 0x2010));
	assert_memory_equal(img + 0x110c, file + 0x50c, 0x113 - 0x10c);
	assert_int_equal(rd64(img + 0x1113), at + 0x3000);
	assert_memory_equal(img + 0x111b, file + 0x51b, 0x300 - 0x11b);
	assert_zero(img, 0x1300, 0x2000); /* raw bytes past VirtualSize are not copied */
	assert_memory_equal(img + 0x2000, file + 0x800, 8);
	assert_int_equal(rd64(img + 0x2008), at + 0x1010);
	assert_memory_equal(img + 0x2010, file + 0x810, 0x200 - 0x10);
	assert_zero(img, 0x2200, 0x5000); /* BSS */
	assert_memory_equal(img + 0x5000, file + PEB_RELOC_FILE, PEB_RELOC_SIZE);
	assert_zero(img, 0x5000 + PEB_RELOC_SIZE, PEB_IMAGE_SIZE);
	free(img);
}

/* At the preferred base nothing moves, but bad relocations are still refused. */
static void test_load_at_preferred_base(void **state)
{
	struct pe_info info;
	uint8_t *img = new_image();
	uint64_t at = (uintptr_t)img;

	pe_build(file, at);
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_null(pe_load(file, sizeof(file), &info, img));
	assert_int_equal(rd64(img + 0x1100), at + 0x2000);
	assert_int_equal(rd32(img + 0x1108), (uint32_t)(at + 0x2010));
	assert_int_equal(rd64(img + 0x2008), at + 0x1010);
	peb_put16(file, PEB_BLOCK1 + 8, 0x4000 | 0x100);
	expect_error(pe_load(file, sizeof(file), &info, img), "PE: unsupported relocation type");
	free(img);
}

/* Data directories past NumberOfRvaAndSizes do not exist: no relocation is done. */
static void test_no_reloc_directory(void **state)
{
	struct pe_info info;
	uint8_t *img = new_image();

	pe_build(file, PEB_DEFAULT_BASE);
	peb_put32(file, PEB_NR_DIRS, 5);
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_null(pe_load(file, sizeof(file), &info, img));
	assert_int_equal(rd64(img + 0x1100), PEB_DEFAULT_BASE + 0x2000);
	free(img);
}

/* VirtualSize 0 means SizeOfRawData; a section without raw data ignores PointerToRawData. */
static void test_section_size_rules(void **state)
{
	struct pe_info info;
	uint8_t *img = new_image();

	pe_build(file, PEB_DEFAULT_BASE);
	peb_put32(file, PEB_SEC_VSIZE(PEB_TEXT), 0);
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_null(pe_load(file, sizeof(file), &info, img));
	assert_memory_equal(img + 0x1300, file + 0x700, 0x100);
	peb_put32(file, PEB_SEC_RVA(PEB_DATA), 0x1300); /* .text now ends at 0x1400 */
	expect_error(pe_parse(file, sizeof(file), &info), "PE: sections overlap");
	peb_put32(file, PEB_SEC_RVA(PEB_DATA), 0x2000);
	peb_put32(file, PEB_SEC_RAW_SIZE(PEB_DATA), 0);
	peb_put32(file, PEB_SEC_RAW_PTR(PEB_DATA), 0xffffffff);
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_null(pe_load(file, sizeof(file), &info, img));
	assert_int_equal(rd64(img + 0x2008), (uintptr_t)img - PEB_DEFAULT_BASE); /* 0 + delta */
	free(img);
}

static void test_other_good_variants(void **state)
{
	struct pe_info info;

	pe_build(file, PEB_DEFAULT_BASE);
	peb_put32(file, PEB_SECTION_ALIGN, 0x200); /* small alignments are allowed */
	assert_null(pe_parse(file, sizeof(file), &info));
	assert_int_equal(info.section_alignment, 0x200);
	for (uint16_t s = 11; s <= 12; s++) { /* boot service and runtime drivers */
		peb_put16(file, PEB_SUBSYSTEM, s);
		assert_null(pe_parse(file, sizeof(file), &info));
		assert_int_equal(info.subsystem, s);
	}
	pe_build(file, PEB_DEFAULT_BASE);
	peb_put32(file, PEB_SEC_RVA(PEB_DATA), 0x1300); /* adjacent, not overlapping */
	assert_null(pe_parse(file, sizeof(file), &info));
	pe_build(file, PEB_DEFAULT_BASE);
	peb_put32(file, PEB_SEC_VSIZE(PEB_RELOC), 0x1000); /* ends exactly at SizeOfImage */
	peb_put32(file, PEB_ENTRY_FIELD, PEB_IMAGE_SIZE - 1);
	assert_null(pe_parse(file, sizeof(file), &info));
}

static void test_info_mismatch(void **state)
{
	struct pe_info info;
	uint8_t *img = new_image();

	pe_build(file, PEB_DEFAULT_BASE);
	assert_null(pe_parse(file, sizeof(file), &info));
	info.image_size = 0x1000;
	expect_error(pe_load(file, sizeof(file), &info, img), "PE: pe_info does not match the file");
	free(img);
}

/* Every prefix of the file is refused, without reading past it (ASan checks). */
static void test_truncated(void **state)
{
	struct pe_info info, good;
	uint8_t *img = new_image();

	pe_build(file, PEB_DEFAULT_BASE);
	assert_null(pe_parse(file, sizeof(file), &good));
	for (size_t len = 0; len < sizeof(file); len++) {
		uint8_t *cut = malloc(len ? len : 1);
		const char *err;
		memcpy(cut, file, len);
		err = pe_parse(cut, len, &info);
		if (!err)
			fail_msg("a file cut at %zu bytes was accepted", len);
		if (len < 0x40)
			assert_string_equal(err, "PE: file too small for a DOS header");
		else if (len < PEB_PE + 24)
			assert_string_equal(err, "PE: PE header outside the file");
		else if (len < PEB_SECTIONS + 3 * 40)
			assert_string_equal(err, "PE: section table outside the file");
		else if (len < PEB_HEADERS)
			assert_string_equal(err, "PE: SizeOfHeaders exceeds the file");
		else
			assert_string_equal(err, "PE: section data outside the file");
		expect_error(pe_load(cut, len, &good, img), err);
		free(cut);
	}
	free(img);
}

/* Random corruption: whatever pe_parse accepts, pe_load handles without a memory error. */
static void test_random_corruption(void **state)
{
	struct pe_info info;
	uint8_t *img = new_image();
	uint32_t seed = 12345, accepted = 0;

	for (int round = 0; round < 20000; round++) {
		pe_build(file, PEB_DEFAULT_BASE);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245 + 12345;
			size_t off = (seed >> 8) % (round % 2 ? PEB_SECTIONS + 120 : sizeof(file));
			file[off] ^= (uint8_t)(1 << (seed >> 28 & 7));
		}
		if (!pe_parse(file, sizeof(file), &info) && info.image_size <= PEB_IMAGE_SIZE) {
			accepted++;
			pe_load(file, sizeof(file), &info, img);
		}
	}
	assert_true(accepted > 0);
	free(img);
}

static void test_too_many_sections(void **state)
{
	size_t size = PEB_SECTIONS + 1025 * 40;
	uint8_t *big = calloc(1, size);
	struct pe_info info;
	const char *err;

	pe_build(file, PEB_DEFAULT_BASE);
	memcpy(big, file, sizeof(file));
	peb_put16(big, PEB_NR_SECTIONS, 1025);
	expect_error(pe_parse(big, size, &info), "PE: too many sections");
	peb_put16(big, PEB_NR_SECTIONS, 1024);
	err = pe_parse(big, size, &info);
	assert_true(!err || strcmp(err, "PE: too many sections"));
	free(big);
}

/* One corrupted field and the message of the check it breaks. */
struct corruption {
	const char *name;
	size_t off;
	int width;
	uint64_t value;
	const char *msg;
	int at_load; /* pe_parse accepts it, pe_load refuses it */
};

#define P(name, off, width, value, msg) { name, off, width, value, "PE: " msg, 0 }
#define L(name, off, width, value, msg) { name, off, width, value, "PE: " msg, 1 }
#define B1 PEB_BLOCK1
#define B2 PEB_BLOCK2
#define RELOC_DIR_SIZE (PEB_RELOC_DIR + 4)

static const struct corruption corruptions[] = {
	P("no MZ", 0, 2, 0x4d5a, "no MZ signature"),
	P("e_lfanew past the end", PEB_LFANEW_FIELD, 4, PEB_FILE_SIZE - 23, "PE header outside the file"),
	P("e_lfanew wrapping 32 bits", PEB_LFANEW_FIELD, 4, 0xfffffff0, "PE header outside the file"),
	P("no PE signature", PEB_PE, 4, 0x01004550, "no PE signature"),
	P("i386 machine", PEB_MACHINE, 2, 0x14c, "machine is not x86_64"),
	P("arm64 machine", PEB_MACHINE, 2, 0xaa64, "machine is not x86_64"),
	P("no sections", PEB_NR_SECTIONS, 2, 0, "no sections"),
	P("optional header too small", PEB_OPT_SIZE, 2, 111, "optional header too small for PE32+"),
	P("optional header past the end", PEB_OPT_SIZE, 2, 0xffff, "section table outside the file"),
	P("65535 sections", PEB_NR_SECTIONS, 2, 0xffff, "section table outside the file"),
	P("PE32 magic", PEB_MAGIC, 2, 0x10b, "not PE32+ (optional header magic is not 0x20b)"),
	P("Windows subsystem", PEB_SUBSYSTEM, 2, 3, "subsystem is not an EFI application or driver"),
	P("subsystem 9", PEB_SUBSYSTEM, 2, 9, "subsystem is not an EFI application or driver"),
	P("EFI ROM subsystem", PEB_SUBSYSTEM, 2, 13, "subsystem is not an EFI application or driver"),
	P("17 directories", PEB_NR_DIRS, 4, 17, "NumberOfRvaAndSizes exceeds the optional header"),
	P("2^32-1 directories", PEB_NR_DIRS, 4, 0xffffffff, "NumberOfRvaAndSizes exceeds the optional header"),
	P("directories cut by header size", PEB_OPT_SIZE, 2, 232, "NumberOfRvaAndSizes exceeds the optional header"),
	P("FileAlignment 0", PEB_FILE_ALIGN, 4, 0, "FileAlignment is not a power of two"),
	P("FileAlignment 0x300", PEB_FILE_ALIGN, 4, 0x300, "FileAlignment is not a power of two"),
	P("SectionAlignment 0", PEB_SECTION_ALIGN, 4, 0, "SectionAlignment is not a power of two"),
	P("SectionAlignment 0x1800", PEB_SECTION_ALIGN, 4, 0x1800, "SectionAlignment is not a power of two"),
	P("SectionAlignment < FileAlignment", PEB_SECTION_ALIGN, 4, 0x100, "SectionAlignment is smaller than FileAlignment"),
	P("SizeOfHeaders > SizeOfImage", PEB_SIZE_OF_HEADERS, 4, PEB_IMAGE_SIZE + 1, "SizeOfHeaders exceeds SizeOfImage"),
	P("SizeOfHeaders 2^32-1", PEB_SIZE_OF_HEADERS, 4, 0xffffffff, "SizeOfHeaders exceeds SizeOfImage"),
	P("SizeOfImage < SizeOfHeaders", PEB_SIZE_OF_IMAGE, 4, PEB_HEADERS - 1, "SizeOfHeaders exceeds SizeOfImage"),
	P("SizeOfHeaders past the file", PEB_SIZE_OF_HEADERS, 4, PEB_FILE_SIZE + 1, "SizeOfHeaders exceeds the file"),
	P("entry 0", PEB_ENTRY_FIELD, 4, 0, "entry point outside the image"),
	P("entry at SizeOfImage", PEB_ENTRY_FIELD, 4, PEB_IMAGE_SIZE, "entry point outside the image"),
	P("entry 2^32-1", PEB_ENTRY_FIELD, 4, 0xffffffff, "entry point outside the image"),
	P("raw data one past the end", PEB_SEC_RAW_PTR(PEB_RELOC), 4, 0xa01, "section data outside the file"),
	P("raw pointer wrapping 32 bits", PEB_SEC_RAW_PTR(PEB_TEXT), 4, 0xffffffff, "section data outside the file"),
	P("raw size 2^32-1", PEB_SEC_RAW_SIZE(PEB_DATA), 4, 0xffffffff, "section data outside the file"),
	P("section one past SizeOfImage", PEB_SEC_VSIZE(PEB_RELOC), 4, 0x1001, "section outside SizeOfImage"),
	P("section rva wrapping 32 bits", PEB_SEC_RVA(PEB_RELOC), 4, 0xfffff000, "section outside SizeOfImage"),
	P("VirtualSize 2^32-1", PEB_SEC_VSIZE(PEB_DATA), 4, 0xffffffff, "section outside SizeOfImage"),
	P("overlap by one byte", PEB_SEC_RVA(PEB_DATA), 4, 0x12ff, "sections overlap"),
	P("same address", PEB_SEC_RVA(PEB_RELOC), 4, 0x1000, "sections overlap"),
	P("later section inside the first", PEB_SEC_RVA(PEB_TEXT), 4, 0x4000, "sections overlap"),
	P("reloc directory past the image", PEB_RELOC_DIR, 4, 0x5ff0, "relocation directory outside the image"),
	P("reloc directory wrapping 32 bits", PEB_RELOC_DIR, 4, 0xfffffff8, "relocation directory outside the image"),
	P("reloc directory size 2^32-1", RELOC_DIR_SIZE, 4, 0xffffffff, "relocation directory outside the image"),
	L("block size 0", B1 + 4, 4, 0, "relocation block smaller than 8 bytes"),
	L("block size 7", B1 + 4, 4, 7, "relocation block smaller than 8 bytes"),
	L("block past the directory", B2 + 4, 4, 13, "relocation block runs past the directory"),
	L("block size 2^32-1", B1 + 4, 4, 0xffffffff, "relocation block runs past the directory"),
	L("directory cuts a block", RELOC_DIR_SIZE, 4, PEB_RELOC_SIZE - 1, "relocation block runs past the directory"),
	L("4 bytes after the last block", RELOC_DIR_SIZE, 4, PEB_RELOC_SIZE + 4, "relocation block header runs past the directory"),
	L("zeros after the last block", RELOC_DIR_SIZE, 4, PEB_RELOC_SIZE + 8, "relocation block smaller than 8 bytes"),
	L("HIGH relocation", B1 + 8, 2, 0x1100, "unsupported relocation type"),
	L("LOW relocation", B1 + 8, 2, 0x2100, "unsupported relocation type"),
	L("HIGHADJ relocation", B1 + 14, 2, 0x4000, "unsupported relocation type"),
	L("type 9 relocation", B2 + 8, 2, 0x9008, "unsupported relocation type"),
	L("type 15 relocation", B2 + 10, 2, 0xf000, "unsupported relocation type"),
	/* page + entry offset + width, one byte past SizeOfImage */
	L("DIR64 past the image", B2, 4, 0x6000 + 1 - 8 - 0x008, "relocation outside the image"),
	L("page wrapping 32 bits", B1, 4, 0xfffff000, "relocation outside the image"),
	L("HIGHLOW past the image", B1, 4, 0x6000 + 1 - 4 - 0x108, "relocation outside the image"),
	/* page 0: the first block's fixups (0x100, 0x108, 0x113) land in the headers */
	L("relocation in the headers", B1, 4, 0, "relocation in the headers"),
	L("DIR64 starting in the headers", B1, 4, PEB_HEADERS - 0x100 - 4, "relocation in the headers"),
};

static void test_corruption(void **state)
{
	const struct corruption *c = *state;
	struct pe_info info;
	uint8_t *img;

	pe_build(file, PEB_DEFAULT_BASE);
	if (c->width == 2)
		peb_put16(file, c->off, (uint16_t)c->value);
	else
		peb_put32(file, c->off, (uint32_t)c->value);
	if (!c->at_load) {
		expect_error(pe_parse(file, sizeof(file), &info), c->msg);
		return;
	}
	assert_null(pe_parse(file, sizeof(file), &info));
	img = new_image();
	expect_error(pe_load(file, sizeof(file), &info, img), c->msg);
	free(img);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_load_relocates),
		cmocka_unit_test(test_load_at_preferred_base),
		cmocka_unit_test(test_no_reloc_directory),
		cmocka_unit_test(test_section_size_rules),
		cmocka_unit_test(test_other_good_variants),
		cmocka_unit_test(test_info_mismatch),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_random_corruption),
		cmocka_unit_test(test_too_many_sections),
	};
	size_t nr_fixed = ARRAY_SIZE(fixed), n = nr_fixed + ARRAY_SIZE(corruptions);
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));

	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < ARRAY_SIZE(corruptions); i++) {
		tests[nr_fixed + i].name = corruptions[i].name;
		tests[nr_fixed + i].test_func = test_corruption;
		tests[nr_fixed + i].initial_state = (void *)&corruptions[i];
	}
	return _cmocka_run_group_tests("pe", tests, n, NULL, NULL);
}
