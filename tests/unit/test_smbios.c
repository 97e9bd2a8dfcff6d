/* SMBIOS entry points: anchors, lengths, checksums, table address, and the F-segment scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "platform/smbios.h"

static void seal(uint8_t *p, size_t at, size_t len)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s += p[i];
	p[at] = (uint8_t)-s;
}

/* A 2.8 entry point like SeaBIOS writes: "_SM_", length 0x1f, "_DMI_" at 0x10. */
static void make_ep32(uint8_t *p, uint8_t len)
{
	memset(p, 0, 0x20);
	memcpy(p, "_SM_", 4);
	p[5] = len;
	p[6] = 2;
	p[7] = 8;
	memcpy(p + 0x10, "_DMI_", 5);
	p[0x16] = 0x40; /* table length */
	p[0x18] = 0x00, p[0x19] = 0x10, p[0x1a] = 0x0f; /* table at 0xf1000 */
	p[0x1c] = 9; /* structures */
	p[0x1e] = 0x28;
	seal(p + 0x10, 5, 15);
	seal(p, 4, len);
}

/* A 3.0 entry point: "_SM3_", length 0x18, 64-bit table address at 0x10. */
static void make_ep64(uint8_t *p)
{
	memset(p, 0, 0x18);
	memcpy(p, "_SM3_", 5);
	p[6] = 0x18;
	p[7] = 3;
	p[10] = 1;
	p[0x0c] = 0x40; /* maximum size */
	p[0x11] = 0x10, p[0x12] = 0xf0, p[0x13] = 0xbf; /* table at 0xbff01000 */
	seal(p, 5, 0x18);
}

static void test_valid_entries(void **state)
{
	uint8_t a[0x20], b[0x20];

	make_ep32(a, 0x1f);
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_ENTRY_32);
	make_ep32(a, 0x1e); /* SMBIOS 2.1 tables said 0x1e */
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_ENTRY_32);
	make_ep64(b);
	assert_int_equal(smbios_entry_kind(b, sizeof(b)), SMBIOS_ENTRY_64);
	assert_int_equal(smbios_entry_kind(b, 0x18), SMBIOS_ENTRY_64);
}

static void test_bad_ep32(void **state)
{
	uint8_t a[0x20];

	make_ep32(a, 0x1f);
	a[0x1c] ^= 1; /* outer checksum */
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_NONE);
	make_ep32(a, 0x1f);
	a[0x10] = 'X', a[0x15] -= 'X' - '_'; /* both sums fine, anchor wrong */
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_NONE);
	make_ep32(a, 0x1f);
	a[0x17] += 1, a[4] -= 1; /* outer sum fine, intermediate wrong */
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_NONE);
	make_ep32(a, 0x1d);
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_NONE);
	make_ep32(a, 0x1f);
	assert_int_equal(smbios_entry_kind(a, 0x1e), SMBIOS_NONE); /* runs past the area */
	make_ep32(a, 0x1f);
	memset(a + 0x18, 0, 4); /* no table */
	seal(a + 0x10, 5, 15);
	seal(a, 4, 0x1f);
	assert_int_equal(smbios_entry_kind(a, sizeof(a)), SMBIOS_NONE);
}

static void test_bad_ep64(void **state)
{
	uint8_t b[0x20];

	make_ep64(b);
	b[0x17] = 1; /* checksum */
	assert_int_equal(smbios_entry_kind(b, sizeof(b)), SMBIOS_NONE);
	make_ep64(b);
	b[6] = 0x17, b[5] += 1; /* too short, sum kept */
	assert_int_equal(smbios_entry_kind(b, sizeof(b)), SMBIOS_NONE);
	make_ep64(b);
	assert_int_equal(smbios_entry_kind(b, 0x17), SMBIOS_NONE);
	make_ep64(b);
	memset(b + 0x10, 0, 8);
	seal(b, 5, 0x18);
	assert_int_equal(smbios_entry_kind(b, sizeof(b)), SMBIOS_NONE);
	memcpy(b, "_SM4_", 5);
	assert_int_equal(smbios_entry_kind(b, sizeof(b)), SMBIOS_NONE);
}

static void test_scan(void **state)
{
	static _Alignas(16) uint8_t area[0x1000];
	struct smbios_entries e;

	memset(area, 0, sizeof(area));
	smbios_scan(area, sizeof(area), &e);
	assert_null(e.ep32);
	assert_null(e.ep64);

	make_ep64(area + 0x100);
	make_ep32(area + 0x208, 0x1f); /* not on a paragraph: a BIOS never puts it there */
	make_ep32(area + 0x300, 0x1f);
	make_ep32(area + 0x400, 0x1f); /* a second one: the first wins */
	smbios_scan(area, sizeof(area), &e);
	assert_ptr_equal(e.ep32, area + 0x300);
	assert_ptr_equal(e.ep64, area + 0x100);

	memset(area, 0, sizeof(area));
	make_ep64(area + 0x500);
	memmove(area + sizeof(area) - 0x10, area + 0x500, 0x10); /* would run past the end */
	memset(area + 0x500, 0, 0x18);
	smbios_scan(area, sizeof(area), &e);
	assert_null(e.ep64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_entries),
		cmocka_unit_test(test_bad_ep32),
		cmocka_unit_test(test_bad_ep64),
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
