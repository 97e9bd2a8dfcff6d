/*
 * libFuzzer target for the SMBIOS entry point scan (platform/smbios.c): the input is the
 * BIOS area. What smbios_scan finds must be the first valid entry point of its kind on a
 * 16-byte boundary, and smbios_entry_kind must agree with it; neither reads past the input.
 */
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "platform/smbios.h"

/* The first 16-byte boundary holding a valid entry point of this kind, or NULL. */
static const uint8_t *first_of(const uint8_t *data, size_t size, int kind)
{
	for (size_t off = 0; off < size; off += 16)
		if (smbios_entry_kind(data + off, size - off) == kind)
			return data + off;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smbios_entries found;
	int kind = smbios_entry_kind(data, size);

	CHECK(kind == SMBIOS_NONE || kind == SMBIOS_ENTRY_32 || kind == SMBIOS_ENTRY_64);
	smbios_scan(data, size, &found);
	CHECK((const uint8_t *)found.ep32 == first_of(data, size, SMBIOS_ENTRY_32));
	CHECK((const uint8_t *)found.ep64 == first_of(data, size, SMBIOS_ENTRY_64));
	return 0;
}
