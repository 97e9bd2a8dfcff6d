/*
 * Loading a PE image where it lies (pe_load_in_place): for a file whose sections lie at their
 * RVAs, the result must be byte for byte what pe_load makes at the same address; any other
 * file is refused before a byte changes. The files are pe_build's, laid out flat here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pe/pe.h"
#include "pe/pe_build.h"

#define GARBAGE 0x5a

static size_t flat_file(uint8_t *room, uint64_t base)
{
	return pe_build_flat(room, base, GARBAGE); /* the garbage is what loading must zero */
}

/* Loads in place at img, then pe_load from a copy of the same file to the same address. */
static void check_same_as_copy(uint8_t *img, size_t size)
{
	uint8_t *copy = malloc(size), *in_place = malloc(PEB_IMAGE_SIZE);
	struct pe_info info;

	memcpy(copy, img, size);
	assert_null(pe_check_in_place(img, size));
	assert_null(pe_parse(img, size, &info));
	assert_null(pe_load_in_place(img, size, &info));
	memcpy(in_place, img, PEB_IMAGE_SIZE);
	memset(img, GARBAGE, PEB_IMAGE_SIZE);
	assert_null(pe_load(copy, size, &info, img));
	assert_memory_equal(in_place, img, PEB_IMAGE_SIZE);
	free(in_place);
	free(copy);
}

/* Relocated (linked elsewhere) and not (linked here): padding past VirtualSize, the BSS and
 * the gaps between sections come out zero, the relocations applied. */
static void test_matches_pe_load(void **state)
{
	uint8_t *img = aligned_alloc(4096, PEB_IMAGE_SIZE);
	size_t size;

	size = flat_file(img, PEB_DEFAULT_BASE);
	check_same_as_copy(img, size);
	assert_int_equal(img[0x1300], 0); /* .text's raw padding, past its VirtualSize */
	assert_int_equal(img[0x2200], 0); /* .data's BSS */
	size = flat_file(img, (uintptr_t)img);
	check_same_as_copy(img, size);
	/* VirtualSize 0: the whole raw size is the section. */
	size = flat_file(img, PEB_DEFAULT_BASE);
	peb_put32(img, PEB_SEC_VSIZE(PEB_TEXT), 0);
	check_same_as_copy(img, size);
	free(img);
}

static void expect_refused(uint8_t *img, size_t size, const char *why)
{
	uint8_t *before = malloc(PEB_IMAGE_SIZE);
	struct pe_info info = { .image_size = PEB_IMAGE_SIZE };
	const char *err = pe_check_in_place(img, size);

	memcpy(before, img, PEB_IMAGE_SIZE);
	if (!err)
		fail_msg("accepted; expected \"%s\"", why);
	assert_string_equal(err, why);
	assert_string_equal(pe_load_in_place(img, size, &info), why);
	assert_memory_equal(before, img, PEB_IMAGE_SIZE); /* untouched */
	free(before);
}

static void test_refuses(void **state)
{
	uint8_t *img = aligned_alloc(4096, PEB_IMAGE_SIZE);
	size_t size;

	memset(img, 0, PEB_IMAGE_SIZE);
	pe_build(img, PEB_DEFAULT_BASE); /* sections at file offsets other than their RVAs */
	expect_refused(img, PEB_FILE_SIZE, "PE: a section's data is not at its address in the file");
	size = flat_file(img, PEB_DEFAULT_BASE);
	peb_put32(img, PEB_SIZE_OF_HEADERS, 0x1c0); /* the section table ends at 0x200 */
	expect_refused(img, size, "PE: the section table is not in the headers");
	size = flat_file(img, PEB_DEFAULT_BASE);
	img[0] = 'X';
	expect_refused(img, size, "PE: no MZ signature");
	/* Without relocations it runs at its ImageBase only, not where the payload put it. */
	size = flat_file(img, PEB_DEFAULT_BASE);
	img[PEB_PE + 22] |= 0x01; /* IMAGE_FILE_RELOCS_STRIPPED */
	expect_refused(img, size, "PE: relocations stripped");
	free(img);
}

/* What the caller passes must be the file's own figures. */
static void test_info_mismatch(void **state)
{
	uint8_t *img = aligned_alloc(4096, PEB_IMAGE_SIZE);
	size_t size = flat_file(img, PEB_DEFAULT_BASE);
	struct pe_info info;

	assert_null(pe_parse(img, size, &info));
	info.image_size += 0x1000;
	assert_string_equal(pe_load_in_place(img, size, &info), "PE: pe_info does not match the file");
	free(img);
}

/*
 * A relocation aimed at the headers would change, in place, the section table that
 * services/image.c reads after loading for W^X: here .reloc's VirtualSize, Characteristics
 * and SizeOfImage, all shifted by 0xa0000000, would make it a 2.5 GiB RWX section. Refused,
 * by pe_load too, so the two still agree.
 */
static void test_relocation_in_headers(void **state)
{
	uint8_t *img = aligned_alloc(4096, PEB_IMAGE_SIZE), *copy = malloc(PEB_IMAGE_SIZE);
	size_t size = flat_file(img, (uintptr_t)img - 0xa0000000u);
	uint32_t blk = 0x5000 + 16; /* the second block, at its RVA */
	struct pe_info info;

	peb_put32(img, blk, 0); /* page 0: the headers */
	peb_put16(img, blk + 8, 0x3000 | PEB_SEC_VSIZE(PEB_RELOC));
	peb_put16(img, blk + 10, 0x3000 | (PEB_SEC(PEB_RELOC) + 36)); /* Characteristics */
	peb_put32(img, blk + 12, 0);
	peb_put32(img, blk + 16, 12);
	peb_put16(img, blk + 20, 0x3000 | PEB_SIZE_OF_IMAGE);
	peb_put16(img, blk + 22, 0);
	peb_put32(img, PEB_RELOC_DIR + 4, PEB_RELOC_SIZE + 12);
	peb_put32(img, PEB_SEC_VSIZE(PEB_RELOC), PEB_RELOC_SIZE + 12);
	memcpy(copy, img, size);
	assert_null(pe_check_in_place(img, size));
	assert_null(pe_parse(img, size, &info));
	assert_string_equal(pe_load_in_place(img, size, &info), "PE: relocation in the headers");
	memset(img, GARBAGE, PEB_IMAGE_SIZE);
	assert_string_equal(pe_load(copy, size, &info, img), "PE: relocation in the headers");
	free(copy);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_pe_load),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_info_mismatch),
		cmocka_unit_test(test_relocation_in_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
