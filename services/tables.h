/* The configuration tables that describe the machine (services/tables.c). */
#ifndef PVHEFI_TABLES_H
#define PVHEFI_TABLES_H

struct machine;

/* The machine's ACPI and SMBIOS tables, and EFI_RT_PROPERTIES_TABLE. Needs config_table_set. */
void tables_install(const struct machine *m);

#endif
