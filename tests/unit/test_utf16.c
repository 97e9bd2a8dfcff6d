/* UTF-16 <-> UTF-8: ASCII, 2-, 3- and 4-byte forms, bad input, truncation, embedded NULs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/utf16.h"

static char out8[64];
static uint16_t out16[64];

static size_t to8(const uint16_t *s, size_t n, size_t outsz)
{
	memset(out8, 0x55, sizeof(out8));
	return utf16_to_utf8(s, n, out8, outsz);
}

static size_t to16(const char *s, size_t n, size_t outsz)
{
	memset(out16, 0x55, sizeof(out16));
	return utf8_to_utf16(s, n, out16, outsz);
}

static void test_len(void **state)
{
	const uint16_t s[] = { 'a', 'b', 'c', 0, 'd' };

	assert_int_equal(utf16_len(s, 5), 3);
	assert_int_equal(utf16_len(s, 2), 2);
	assert_int_equal(utf16_len(s, 0), 0);
}

static void test_to_utf8_forms(void **state)
{
	const uint16_t ascii[] = { 'H', 'i', '!', 0 };
	const uint16_t mixed[] = { 0xe9, 0x20ac, 0xd83d, 0xde00, 'x', 0 };

	assert_int_equal(to8(ascii, 64, sizeof(out8)), 3);
	assert_string_equal(out8, "Hi!");
	assert_int_equal(to8(mixed, 64, sizeof(out8)), 2 + 3 + 4 + 1);
	assert_string_equal(out8, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80x");
}

static void test_to_utf8_unpaired(void **state)
{
	const uint16_t lone_high_end[] = { 'a', 0xd800, 0 };
	const uint16_t lone_low[] = { 0xdc00, 'b', 0 };
	const uint16_t high_high_low[] = { 0xd800, 0xd801, 0xdc37, 0 };

	to8(lone_high_end, 64, sizeof(out8));
	assert_string_equal(out8, "a\xef\xbf\xbd");
	to8(lone_low, 64, sizeof(out8));
	assert_string_equal(out8, "\xef\xbf\xbd" "b");
	/* The first high surrogate is lone; the second pairs with the low one: U+10437. */
	to8(high_high_low, 64, sizeof(out8));
	assert_string_equal(out8, "\xef\xbf\xbd\xf0\x90\x90\xb7");
	/* A pair cut by the unit count n is two halves. */
	to8(high_high_low + 1, 1, sizeof(out8));
	assert_string_equal(out8, "\xef\xbf\xbd");
}

static void test_to_utf8_truncation(void **state)
{
	const uint16_t s[] = { 'a', 0x20ac, 'b', 0 };

	/* "a" + 3 bytes + NUL needs 5: with 4 the euro sign must not be cut. */
	assert_int_equal(to8(s, 64, 4), 1);
	assert_memory_equal(out8, "a\0", 2);
	assert_int_equal(to8(s, 64, 5), 4);
	assert_string_equal(out8, "a\xe2\x82\xac");
	assert_int_equal(to8(s, 64, 1), 0);
	assert_int_equal(out8[0], 0);
	assert_int_equal(to8(s, 64, 0), 0);
	assert_int_equal((uint8_t)out8[0], 0x55); /* nothing written */
	assert_int_equal(to8(s, 1, sizeof(out8)), 1); /* n bounds the input */
	assert_string_equal(out8, "a");
}

static void test_to_utf8_embedded_nul(void **state)
{
	const uint16_t s[] = { 'a', 0, 'b', 0 };

	assert_int_equal(to8(s, 4, sizeof(out8)), 1);
	assert_string_equal(out8, "a");
}

static void test_to_utf16_forms(void **state)
{
	const char *s = "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	const uint16_t want[] = { 'A', 0xe9, 0x20ac, 0xd83d, 0xde00, 0 };

	assert_int_equal(to16(s, strlen(s), 64), 5);
	assert_memory_equal(out16, want, sizeof(want));
}

static void test_to_utf16_invalid(void **state)
{
	const struct {
		const char *in;
		uint16_t want[8];
	} cases[] = {
		{ "\x80" "a", { 0xfffd, 'a', 0 } }, /* stray continuation */
		{ "\xc0\x80", { 0xfffd, 0xfffd, 0 } }, /* overlong NUL */
		{ "\xe0\x80\x80", { 0xfffd, 0xfffd, 0xfffd, 0 } }, /* overlong */
		{ "\xed\xa0\x80", { 0xfffd, 0xfffd, 0xfffd, 0 } }, /* encoded surrogate */
		{ "\xe2\x82" "A", { 0xfffd, 'A', 0 } }, /* truncated: one U+FFFD, 'A' kept */
		{ "\xf4\x90\x80\x80", { 0xfffd, 0xfffd, 0xfffd, 0xfffd, 0 } }, /* > U+10FFFF */
		{ "\xff" "b", { 0xfffd, 'b', 0 } },
		{ "\xf0\x9f\x98", { 0xfffd, 0 } }, /* cut at the end of the input */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = 0;

		while (cases[i].want[n])
			n++;
		assert_int_equal(to16(cases[i].in, strlen(cases[i].in), 64), n);
		assert_memory_equal(out16, cases[i].want, (n + 1) * 2);
	}
}

static void test_to_utf16_truncation_and_nul(void **state)
{
	const char *s = "ab\xf0\x9f\x98\x80";

	/* Room for "ab" and the NUL but not for both halves of the pair. */
	assert_int_equal(to16(s, strlen(s), 4), 2);
	assert_int_equal(out16[2], 0);
	assert_int_equal(to16(s, strlen(s), 5), 4);
	assert_int_equal(out16[4], 0);
	assert_int_equal(to16("ab\0cd", 5, 64), 2);
	assert_int_equal(out16[2], 0);
	assert_int_equal(to16("abc", 3, 0), 0);
	assert_int_equal(out16[0], 0x5555);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_len),
		cmocka_unit_test(test_to_utf8_forms),
		cmocka_unit_test(test_to_utf8_unpaired),
		cmocka_unit_test(test_to_utf8_truncation),
		cmocka_unit_test(test_to_utf8_embedded_nul),
		cmocka_unit_test(test_to_utf16_forms),
		cmocka_unit_test(test_to_utf16_invalid),
		cmocka_unit_test(test_to_utf16_truncation_and_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
