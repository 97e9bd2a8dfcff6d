/*
 * Freestanding helpers every layer uses: memory and string functions, formatted output,
 * checksums. Pure, host-tested; lib/ depends on nothing of pvhefi.
 */
#ifndef PVHEFI_LIB_H
#define PVHEFI_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define PAGE_SIZE 4096ULL

#ifdef PVHEFI_HOST
/* Host unit tests link the pure modules against the C library. */
#include <stdio.h>
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);

/* printf subset: %d %i %u %x %X %p %s %c %%, with l/ll/z, width, '0' and '-'. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif

/* The 8-bit sum of n bytes: ACPI and SMBIOS structures sum to 0 (lib/checksum.c). */
uint8_t sum8(const void *data, size_t n);
/* CRC32 (IEEE 802.3, as UEFI table headers use it) (lib/crc32.c). */
uint32_t crc32(const void *data, size_t len);

#endif
