/* crc32(): the standard check value, the empty input and a long buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/lib.h"

static void test_empty(void **state)
{
	assert_int_equal(crc32("", 0), 0);
}

static void test_check_value(void **state)
{
	assert_int_equal(crc32("123456789", 9), 0xcbf43926);
	assert_int_equal(crc32("a", 1), 0xe8b7be43);
	assert_int_equal(crc32("The quick brown fox jumps over the lazy dog", 43), 0x414fa339);
}

static void test_long_buffer(void **state)
{
	size_t len = 1 << 20;
	uint8_t *buf = malloc(len);

	assert_non_null(buf);
	/* 1 MiB of zeroes and of 0xff: values from zlib's crc32(). */
	memset(buf, 0, len);
	assert_int_equal(crc32(buf, len), 0xa738ea1c);
	memset(buf, 0xff, len);
	assert_int_equal(crc32(buf, len), 0x956bac74);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_long_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
