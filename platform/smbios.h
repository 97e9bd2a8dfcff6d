/* SMBIOS entry points a BIOS left in the F segment (platform/smbios.c). Pure: host-tested. */
#ifndef PVHEFI_SMBIOS_H
#define PVHEFI_SMBIOS_H

#include <stddef.h>

enum { SMBIOS_NONE = 0, SMBIOS_ENTRY_32 = 2, SMBIOS_ENTRY_64 = 3 };

/* The kind of valid entry point ("_SM_" 2.x or "_SM3_" 3.x) at p, of which avail bytes may be read. */
int smbios_entry_kind(const void *p, size_t avail);

struct smbios_entries {
	const void *ep32, *ep64; /* NULL when absent */
};

/* Looks on 16-byte boundaries of [base, base + len) for the first entry point of each kind. */
void smbios_scan(const void *base, size_t len, struct smbios_entries *out);

#endif
