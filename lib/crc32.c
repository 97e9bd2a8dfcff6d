/* CRC32 as UEFI table headers use it: reflected polynomial 0xEDB88320, inverted in and out. */
#include "lib/lib.h"

uint32_t crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffff;

	/* Bitwise: no table to keep in the image; the firmware only sums small tables. */
	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}
