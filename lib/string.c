/* The handful of C library functions the firmware (and gcc's code generation) needs. */
#include "lib/lib.h"

/*
 * Eight bytes per step, then the tail: under QEMU's TCG every step of a rep string instruction
 * costs alike, so moving quadwords copies the kernel image about eight times faster.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t quads = n / 8, tail = n % 8;

	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(quads) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(tail) : : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	uint64_t pattern = 0x0101010101010101ULL * (uint8_t)c;
	size_t quads = n / 8, tail = n % 8;

	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(quads) : "a"(pattern) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(tail) : "a"(pattern) : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t strlen(const char *s)
{
	return strnlen(s, SIZE_MAX);
}
