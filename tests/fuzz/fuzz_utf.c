/*
 * libFuzzer target for lib/utf16.c, both directions: the input as UTF-8 (a VMM's command
 * line) and as UTF-16 (a payload's strings), into output buffers of every size from the input's
 * first byte up. The output must be NUL-terminated inside the buffer, hold no NUL and no
 * unpaired surrogate, never cut a character in half, and survive a round trip unchanged.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/utf16.h"

#define MAX_UNITS 4096

static bool high(uint16_t c) { return c >= 0xd800 && c <= 0xdbff; }
static bool low(uint16_t c) { return c >= 0xdc00 && c <= 0xdfff; }

/* Well-formed UTF-16 without NUL: every surrogate in a pair. */
static void check_utf16(const uint16_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		CHECK(s[i] != 0 && !low(s[i]));
		if (high(s[i]))
			CHECK(i + 1 < n && low(s[++i]));
	}
}

static void from_utf8(const uint8_t *data, size_t size, size_t outsz)
{
	uint16_t *out = malloc(outsz * sizeof(*out)), back16[MAX_UNITS + 1];
	char back8[4 * MAX_UNITS + 1];
	size_t n = utf8_to_utf16((const char *)data, size, out, outsz), m;

	CHECK(n < outsz && out[n] == 0);
	check_utf16(out, n);
	/* Well-formed UTF-16 goes to UTF-8 and back unchanged. */
	m = utf16_to_utf8(out, n, back8, sizeof(back8));
	CHECK(back8[m] == 0 && strlen(back8) == m);
	CHECK(utf8_to_utf16(back8, m, back16, MAX_UNITS + 1) == n && !memcmp(back16, out, n * 2));
	free(out);
}

static void from_utf16(const uint16_t *s, size_t n, size_t outsz)
{
	char *out = malloc(outsz);
	uint16_t back[MAX_UNITS + 1];
	size_t len = utf16_to_utf8(s, n, out, outsz), used, k;

	CHECK(len < outsz && out[len] == 0 && strlen(out) == len);
	/* What came out is UTF-8 that converts back to the input, unpaired halves as U+FFFD. */
	k = utf8_to_utf16(out, len, back, MAX_UNITS + 1);
	for (size_t i = 0, j = 0; j < k; i += used) {
		uint32_t cp = utf16_decode(s + i, n - i, &used);
		CHECK(used == 1 || used == 2);
		if (cp >= 0xd800 && cp <= 0xdfff)
			CHECK(back[j++] == 0xfffd);
		else
			for (size_t u = 0; u < used; u++)
				CHECK(back[j++] == s[i + u]);
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t units[MAX_UNITS];
	size_t n = size / 2 < MAX_UNITS ? size / 2 : MAX_UNITS, outsz;

	if (!size || size > MAX_UNITS)
		return 0;
	outsz = 1 + data[0] % 16 + (data[0] & 0x80 ? 4 * size : 0); /* tight, or room for all */
	from_utf8(data + 1, size - 1, outsz);
	memcpy(units, data, n * 2);
	from_utf16(units, utf16_len(units, n), outsz);
	return 0;
}
