/* The byte checksum of ACPI and SMBIOS structures. */
#include "lib/lib.h"

uint8_t sum8(const void *data, size_t n)
{
	const uint8_t *b = data;
	uint8_t s = 0;

	while (n--)
		s += *b++;
	return s;
}
