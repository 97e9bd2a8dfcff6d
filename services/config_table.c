/* InstallConfigurationTable: the array the OS finds ACPI, SMBIOS and the like through. */
#include "lib/lib.h"
#include "runtime/runtime.h"
#include "services/config_table.h"
#include "services/systab.h"

/* The OS reads the array after ExitBootServices: it is the runtime's. */
static EFI_CONFIGURATION_TABLE *const tables = runtime_config_tables;

static int find_table(const EFI_GUID *guid)
{
	for (UINTN i = 0; i < gST->NumberOfTableEntries; i++)
		if (!memcmp(&tables[i].VendorGuid, guid, sizeof(*guid)))
			return (int)i;
	return -1;
}

EFI_STATUS config_table_set(EFI_GUID *guid, void *table)
{
	int i;

	if (!guid)
		return EFI_INVALID_PARAMETER;
	i = find_table(guid);
	if (!table) {
		if (i < 0)
			return EFI_NOT_FOUND;
		memmove(&tables[i], &tables[i + 1], (gST->NumberOfTableEntries - i - 1) * sizeof(tables[0]));
		gST->NumberOfTableEntries--;
	} else if (i >= 0) {
		tables[i].VendorTable = table;
	} else {
		if (gST->NumberOfTableEntries == RUNTIME_MAX_CONFIG_TABLES)
			return EFI_OUT_OF_RESOURCES;
		tables[gST->NumberOfTableEntries].VendorGuid = *guid;
		tables[gST->NumberOfTableEntries].VendorTable = table;
		gST->NumberOfTableEntries++;
	}
	table_update_crc(&gST->Hdr);
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bs_install_configuration_table(EFI_GUID *guid, void *table)
{
	return config_table_set(guid, table);
}

void config_table_install(EFI_BOOT_SERVICES *bs)
{
	bs->InstallConfigurationTable = bs_install_configuration_table;
}
