/* The configuration table array of the system table (services/config_table.c). */
#ifndef PVHEFI_CONFIG_TABLE_H
#define PVHEFI_CONFIG_TABLE_H

#include <efi.h>

/* InstallConfigurationTable semantics: add, replace, or (table NULL) remove. */
EFI_STATUS config_table_set(EFI_GUID *guid, void *table);
void config_table_install(EFI_BOOT_SERVICES *bs);

#endif
