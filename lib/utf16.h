/* UTF-16 (UCS-2 and surrogate pairs) <-> UTF-8. Pure: host-tested (lib/utf16.c). */
#ifndef PVHEFI_UTF16_H
#define PVHEFI_UTF16_H

#include <stddef.h>
#include <stdint.h>

/* One code point from s[0..n), n > 0; *used is how many units it took (1 or 2). A lone half
 * of a surrogate pair comes back as itself, for the caller to judge. */
uint32_t utf16_decode(const uint16_t *s, size_t n, size_t *used);
/* Length in code units up to the NUL, looking at no more than max units. */
size_t utf16_len(const uint16_t *s, size_t max);
/*
 * Converts up to n UTF-16 units (stopping at a NUL) to UTF-8 in out (size outsz, always
 * NUL-terminated when outsz > 0). Unpaired surrogates become U+FFFD. Returns bytes written
 * (without the NUL).
 */
size_t utf16_to_utf8(const uint16_t *s, size_t n, char *out, size_t outsz);
/* UTF-8 to NUL-terminated UTF-16; invalid sequences become U+FFFD. Returns units written. */
size_t utf8_to_utf16(const char *s, size_t n, uint16_t *out, size_t outsz);

#endif
