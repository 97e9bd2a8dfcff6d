/* The embedded payload's header: good layouts and every rejected one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "payload.h"

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
	};
	return cmocka_run_group_tests_name("payload", tests, NULL, NULL);
}
