/* UTF-16 <-> UTF-8 for the console and command lines. Bad input becomes U+FFFD, never UB. */
#include <stdbool.h>

#include "lib/lib.h"
#include "lib/utf16.h"

#define REPLACEMENT 0xfffd

size_t utf16_len(const uint16_t *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

uint32_t utf16_decode(const uint16_t *s, size_t n, size_t *used)
{
	uint16_t c = s[0];

	*used = 1;
	if (c >= 0xd800 && c <= 0xdbff && n > 1 && s[1] >= 0xdc00 && s[1] <= 0xdfff) {
		*used = 2;
		return 0x10000 + ((uint32_t)(c - 0xd800) << 10) + (s[1] - 0xdc00);
	}
	return c; /* a BMP character, or a lone half of a pair */
}

static bool is_surrogate(uint32_t cp)
{
	return cp >= 0xd800 && cp <= 0xdfff;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t utf16_to_utf8(const uint16_t *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, len = 0, used, k;
	char buf[4];

	if (!outsz)
		return 0;
	n = utf16_len(s, n);
	while (i < n) {
		uint32_t cp = utf16_decode(s + i, n - i, &used);

		k = utf8_encode(is_surrogate(cp) ? REPLACEMENT : cp, buf);
		if (len + k >= outsz) /* keep room for the NUL; never cut a character in half */
			break;
		memcpy(out + len, buf, k);
		len += k;
		i += used;
	}
	out[len] = 0;
	return len;
}

/*
 * One code point from s[0..n). A bad sequence yields U+FFFD and consumes its longest valid
 * prefix (at least one byte), as Unicode recommends: the next character is never swallowed.
 */
static uint32_t utf8_decode(const uint8_t *s, size_t n, size_t *used)
{
	uint8_t c = s[0], lo = 0x80, hi = 0xbf;
	uint32_t cp;
	size_t need;

	*used = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		cp = c & 0x0f;
		lo = c == 0xe0 ? 0xa0 : lo; /* overlong */
		hi = c == 0xed ? 0x9f : hi; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		cp = c & 0x07;
		lo = c == 0xf0 ? 0x90 : lo; /* overlong */
		hi = c == 0xf4 ? 0x8f : hi; /* above U+10FFFF */
	} else {
		return REPLACEMENT;
	}
	for (size_t k = 1; k <= need; k++) {
		if (k >= n || s[k] < lo || s[k] > hi)
			return REPLACEMENT;
		cp = (cp << 6) | (s[k] & 0x3f);
		*used = k + 1;
		lo = 0x80;
		hi = 0xbf;
	}
	return cp;
}

size_t utf8_to_utf16(const char *s, size_t n, uint16_t *out, size_t outsz)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, len = 0, used;
	uint32_t cp;

	if (!outsz)
		return 0;
	while (i < n && p[i]) {
		cp = utf8_decode(p + i, n - i, &used);
		if (len + (cp >= 0x10000 ? 2 : 1) >= outsz)
			break;
		if (cp >= 0x10000) {
			out[len++] = (uint16_t)(0xd800 + ((cp - 0x10000) >> 10));
			out[len++] = (uint16_t)(0xdc00 + ((cp - 0x10000) & 0x3ff));
		} else {
			out[len++] = (uint16_t)cp;
		}
		i += used;
	}
	out[len] = 0;
	return len;
}
