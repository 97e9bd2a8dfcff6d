/* The embedded payload's header: good layouts and every rejected one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/payload.h"
#include "pe/pe_build.h"

static _Alignas(8) uint8_t section[3 * 4096];
static struct payload p;

static struct payload_header *hdr(void)
{
	return (struct payload_header *)section;
}

/* kernel at 4096 (100 bytes), cmdline at 8192 (11 bytes) */
static void make_good(void)
{
	memset(section, 0, sizeof(section));
	memcpy(hdr()->magic, PAYLOAD_MAGIC, 8);
	hdr()->version = PAYLOAD_VERSION;
	hdr()->nr_entries = 2;
	hdr()->entries[0] = (struct payload_entry){ PAYLOAD_KERNEL, 0, 4096, 100 };
	hdr()->entries[1] = (struct payload_entry){ PAYLOAD_CMDLINE, 0, 8192, 11 };
	memcpy(section + 8192, "console=hvc", 11);
}

static void test_good(void **state)
{
	make_good();
	assert_null(payload_parse(section, sizeof(section), &p));
	assert_ptr_equal(p.kernel.data, section + 4096);
	assert_int_equal(p.kernel.size, 100);
	assert_memory_equal(p.cmdline.data, "console=hvc", 11);
	assert_int_equal(p.initrd.size, 0);
	assert_null(p.initrd.data);
}

static void test_empty_section_says_no_payload(void **state)
{
	const char *err = payload_parse(section, 0, &p);

	assert_non_null(err);
	assert_non_null(strstr(err, "no payload embedded"));
}

static void expect(const char *substring, uint64_t size)
{
	const char *err = payload_parse(section, size, &p);

	assert_non_null(err);
	assert_non_null(strstr(err, substring));
}

static void test_bad_magic(void **state)
{
	make_good();
	hdr()->magic[0] = 'X';
	expect("no payload embedded", sizeof(section));
}

static void test_bad_version(void **state)
{
	make_good();
	hdr()->version = 2;
	expect("unknown version", sizeof(section));
}

static void test_too_many_entries(void **state)
{
	make_good();
	hdr()->nr_entries = PAYLOAD_MAX_ENTRIES + 1;
	expect("too many entries", sizeof(section));
}

static void test_table_truncated(void **state)
{
	make_good();
	expect("truncated", sizeof(struct payload_header) + sizeof(struct payload_entry));
}

static void test_entry_outside(void **state)
{
	make_good();
	hdr()->entries[0].size = sizeof(section); /* runs past the end */
	expect("outside the section", sizeof(section));
	make_good();
	hdr()->entries[0].offset = UINT64_MAX - 10; /* offset + size overflows */
	hdr()->entries[0].size = 100;
	expect("outside the section", sizeof(section));
	make_good();
	hdr()->entries[0].offset = 8; /* overlaps the header */
	expect("outside the section", sizeof(section));
}

static void test_unknown_kind_and_duplicates(void **state)
{
	make_good();
	hdr()->entries[1].kind = 99;
	expect("unknown entry kind", sizeof(section));
	make_good();
	hdr()->entries[1].kind = PAYLOAD_KERNEL;
	expect("duplicate", sizeof(section));
	make_good();
	hdr()->entries[0].size = 0; /* an empty first one counts too */
	hdr()->entries[1].kind = PAYLOAD_KERNEL;
	expect("duplicate", sizeof(section));
}

/* ---- the embedded parts joined with the VMM's ---------------------------------------- */
static char cmdline_of(const char *embedded, const char *vmm, char *out)
{
	struct payload pl = { .cmdline = { embedded, strlen(embedded) } };
	struct machine m = { .cmdline = vmm, .cmdline_len = strlen(vmm) };
	size_t len = payload_cmdline_len(&pl, &m);

	memset(out, '#', 64);
	payload_cmdline(&pl, &m, out);
	return out[len]; /* untouched: no NUL is written */
}

static void test_cmdline_joined(void **state)
{
	char out[64];

	assert_int_equal(cmdline_of("console=hvc0", "root=/dev/xvda1", out), '#');
	assert_memory_equal(out, "console=hvc0 root=/dev/xvda1", 28);
	cmdline_of("console=hvc0", "", out);
	assert_memory_equal(out, "console=hvc0#", 13); /* no space without a second part */
	cmdline_of("", "quiet", out);
	assert_memory_equal(out, "quiet#", 6);
	cmdline_of("", "", out);
	assert_int_equal(out[0], '#');
}

/*
 * Found by fuzz_payload: a payload without an embedded command line has a NULL blob of size 0,
 * and payload_cmdline passed it to memcpy (undefined behaviour even for 0 bytes; UBSan:
 * null pointer passed as argument declared nonnull).
 */
static void test_cmdline_without_embedded_part(void **state)
{
	struct payload pl;
	struct machine m = { .cmdline = "root=/dev/xvda1", .cmdline_len = 15 };
	char out[16];

	make_good();
	hdr()->nr_entries = 1; /* the kernel only */
	assert_null(payload_parse(section, sizeof(section), &pl));
	assert_null(pl.cmdline.data);
	assert_int_equal(payload_cmdline_len(&pl, &m), 15);
	payload_cmdline(&pl, &m, out);
	assert_memory_equal(out, "root=/dev/xvda1", 15);
}

static void test_initrd_embedded_then_modules(void **state)
{
	static const uint8_t emb[4], mod[2][8];
	struct machine_blob mods[2] = { { (uintptr_t)mod[0], 8 }, { (uintptr_t)mod[1], 3 } };
	struct payload pl = { .initrd = { emb, sizeof(emb) } };
	struct machine m = { .modules = mods, .nr_modules = 2 };
	struct initrd_piece out[INITRD_MAX_PIECES];

	assert_int_equal(payload_initrd(&pl, &m, out), 3);
	assert_ptr_equal(out[0].data, emb);
	assert_int_equal(out[0].size, 4);
	assert_ptr_equal(out[1].data, mod[0]);
	assert_int_equal(out[1].size, 8);
	assert_ptr_equal(out[2].data, mod[1]);
	assert_int_equal(out[2].size, 3);
	pl.initrd.size = 0; /* no embedded initrd: an empty first piece, which adds nothing */
	m.nr_modules = 0;
	assert_int_equal(payload_initrd(&pl, &m, out), 1);
	assert_int_equal(out[0].size, 0);
}

/* ---- the size the header states (the section may have been replaced after the link) ---- */
static void test_extent(void **state)
{
	make_good();
	assert_int_equal(payload_extent(section, sizeof(section)), 8192 + 11);
	assert_int_equal(payload_extent(section, 5000), 5000); /* never past max */
	hdr()->nr_entries = 0; /* the generic firmware's: a header alone */
	assert_int_equal(payload_extent(section, sizeof(section)), sizeof(struct payload_header));
	hdr()->magic[0] = 'X';
	assert_int_equal(payload_extent(section, sizeof(section)), 0);
}

/* A kernel's room (the pages it may be loaded in) belongs to it: in the extent, in the
 * section and no other blob in it, or the payload is refused. */
/* Blobs start on pages: a kernel handed its pages in place shares none with another blob. */
static void test_entry_not_on_a_page(void **state)
{
	make_good();
	hdr()->entries[0].size = 0x1800; /* the kernel's last page is half used... */
	hdr()->entries[1].offset = 0x2800; /* ...and the cmdline would start in it */
	expect("entry not on a page", sizeof(section));
	make_good();
	hdr()->entries[0].offset = 4096 + 8;
	expect("entry not on a page", sizeof(section));
}

static void test_room(void **state)
{
	make_good();
	assert_int_equal(p.kernel.room, 0);
	hdr()->entries[0].room_pages = 1; /* 4096 bytes at 4096: up to the cmdline */
	assert_null(payload_parse(section, sizeof(section), &p));
	assert_int_equal(p.kernel.room, 4096);
	assert_int_equal(p.cmdline.room, 11); /* no room: its own bytes */
	hdr()->entries[0].room_pages = 2; /* 4096 to 12288: over the cmdline */
	expect("entries overlap", sizeof(section));
	hdr()->entries[1].offset = 4096; /* on the kernel's own bytes */
	hdr()->entries[0].room_pages = 0;
	expect("entries overlap", sizeof(section));
	hdr()->entries[1] = (struct payload_entry){ PAYLOAD_CMDLINE, 0, 4096, 11 };
	hdr()->entries[0] = (struct payload_entry){ PAYLOAD_KERNEL, 1, 8192, 100 }; /* room to the end */
	assert_int_equal(payload_extent(section, sizeof(section)), 3 * 4096);
	assert_null(payload_parse(section, sizeof(section), &p));
	assert_int_equal(p.kernel.room, 4096);
	expect("outside the section", 3 * 4096 - 1);
	hdr()->entries[0].room_pages = UINT32_MAX;
	assert_int_equal(payload_extent(section, sizeof(section)), sizeof(section)); /* at most max */
	expect("outside the section", sizeof(section));
}

/* An entry whose end wraps is cut at max, where payload_parse finds it outside. */
static void test_extent_wraps(void **state)
{
	make_good();
	hdr()->entries[0].offset = UINT64_MAX - 10;
	assert_int_equal(payload_extent(section, sizeof(section)), sizeof(section));
	expect("outside the section", payload_extent(section, sizeof(section)));
}

/*
 * Found by fuzz_payload: payload_extent read the magic and the whole entry table whatever max
 * said, past a section shorter than a header or than its table (ASan: heap-buffer-overflow).
 * It reads only max bytes now; a table it cannot read ends the section at max, where
 * payload_parse finds it truncated.
 */
static void test_extent_reads_only_max(void **state)
{
	uint8_t *tiny = malloc(8), *short_table = malloc(sizeof(struct payload_header) + 24);

	make_good();
	memcpy(tiny, section, 8); /* the magic, and no more */
	assert_int_equal(payload_extent(tiny, 8), 0);
	memcpy(short_table, section, sizeof(struct payload_header) + 24); /* 1 of its 2 entries */
	assert_int_equal(payload_extent(short_table, sizeof(struct payload_header) + 24),
			 sizeof(struct payload_header) + 24);
	free(tiny);
	free(short_table);
}

/* ---- the kernel: embedded, else the first module when it is a PE image ------------------ */
static _Alignas(8) uint8_t pe[PEB_FILE_SIZE], cpio[64] = "070701";

static const char *choose(struct payload *pl, const void *mod0, uint64_t size0, uint32_t nr)
{
	static struct machine_blob mods[2];
	struct machine m = { .modules = mods, .nr_modules = nr };

	mods[0] = (struct machine_blob){ (uintptr_t)mod0, size0 };
	mods[1] = (struct machine_blob){ (uintptr_t)cpio, sizeof(cpio) };
	return payload_choose(pl, &m);
}

static void test_choose_embedded_kernel_first(void **state)
{
	make_good();
	pe_build(pe, PEB_DEFAULT_BASE);
	assert_null(payload_parse(section, sizeof(section), &p));
	assert_null(choose(&p, pe, sizeof(pe), 2));
	assert_ptr_equal(p.kernel.data, section + 4096); /* the module stays an initrd */
	assert_int_equal(p.first_initrd_module, 0);
}

static void test_choose_first_module(void **state)
{
	struct machine_blob mods[2] = { { (uintptr_t)pe, sizeof(pe) }, { (uintptr_t)cpio, 6 } };
	struct machine m = { .modules = mods, .nr_modules = 2 };
	struct initrd_piece out[INITRD_MAX_PIECES];

	make_good();
	hdr()->nr_entries = 0;
	pe_build(pe, PEB_DEFAULT_BASE);
	assert_null(payload_parse(section, sizeof(struct payload_header), &p));
	assert_null(payload_choose(&p, &m));
	assert_ptr_equal(p.kernel.data, pe);
	assert_int_equal(p.kernel.size, sizeof(pe));
	/* The modules after it are the initrd, after the (here empty) embedded one. */
	assert_int_equal(payload_initrd(&p, &m, out), 2);
	assert_int_equal(out[0].size, 0);
	assert_ptr_equal(out[1].data, cpio);
	assert_int_equal(out[1].size, 6);
}

static void expect_choice_error(const void *mod0, uint64_t size0, uint32_t nr, const char *what)
{
	const char *err;

	make_good();
	hdr()->nr_entries = 0;
	assert_null(payload_parse(section, sizeof(struct payload_header), &p));
	err = choose(&p, mod0, size0, nr);
	assert_non_null(err);
	assert_non_null(strstr(err, "no payload embedded")); /* the message every user knows */
	assert_non_null(strstr(err, what));
	assert_non_null(strstr(err, "pvhefi-pack")); /* and what to do */
	assert_non_null(strstr(err, "-initrd"));
	assert_int_equal(p.kernel.size, 0);
}

static void test_choose_errors(void **state)
{
	pe_build(pe, PEB_DEFAULT_BASE);
	expect_choice_error(pe, sizeof(pe), 0, "no module");
	expect_choice_error(cpio, sizeof(cpio), 1, "first module is not an x86_64 EFI image (PE: no MZ");
	peb_put16(pe, PEB_MACHINE, 0xaa64); /* an arm64 UKI: the loader's reason is named */
	expect_choice_error(pe, sizeof(pe), 2, "machine");
	pe_build(pe, PEB_DEFAULT_BASE);
	expect_choice_error(pe, 0x100, 1, "first module is not an x86_64 EFI image"); /* truncated */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_empty_section_says_no_payload),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_table_truncated),
		cmocka_unit_test(test_entry_outside),
		cmocka_unit_test(test_unknown_kind_and_duplicates),
		cmocka_unit_test(test_cmdline_joined),
		cmocka_unit_test(test_cmdline_without_embedded_part),
		cmocka_unit_test(test_initrd_embedded_then_modules),
		cmocka_unit_test(test_extent),
		cmocka_unit_test(test_extent_wraps),
		cmocka_unit_test(test_entry_not_on_a_page),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_extent_reads_only_max),
		cmocka_unit_test(test_choose_embedded_kernel_first),
		cmocka_unit_test(test_choose_first_module),
		cmocka_unit_test(test_choose_errors),
	};
	return cmocka_run_group_tests_name("payload", tests, NULL, NULL);
}
