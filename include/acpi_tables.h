/*
 * The configuration tables describing the platform: ACPI RSDP, SMBIOS entry points and
 * EFI_RT_PROPERTIES_TABLE (services/acpi_tables.c; SMBIOS parsing in services/smbios.c).
 */
#ifndef PVHEFI_ACPI_TABLES_H
#define PVHEFI_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Installs the RSDP at rsdp (0: none) under the GUID of its revision, the SMBIOS entry points
 * the BIOS left in 0xF0000-0xFFFFF, and the runtime properties table. Needs config_table_set.
 */
void acpi_tables_install(uint64_t rsdp);

/* Pure (host-tested). */
enum { SMBIOS_NONE = 0, SMBIOS_ENTRY_32 = 2, SMBIOS_ENTRY_64 = 3 };

/* The kind of valid entry point ("_SM_" 2.x or "_SM3_" 3.x) at p, of which avail bytes may be read. */
int smbios_entry_kind(const void *p, size_t avail);

struct smbios_entries {
	const void *ep32, *ep64; /* NULL when absent */
};

/* Looks on 16-byte boundaries of [base, base + len) for the first entry point of each kind. */
void smbios_scan(const void *base, size_t len, struct smbios_entries *out);

#endif
