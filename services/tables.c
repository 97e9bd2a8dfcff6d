/*
 * Configuration tables that describe the machine to the OS. The RSDP and the SMBIOS entry
 * points stay where the VMM, the BIOS or the platform put them (memory the map keeps); the
 * runtime properties table is the runtime's, which the OS keeps after ExitBootServices; the
 * memory attributes table is filled again at ExitBootServices (services/mat.c).
 */
#include <efi.h>

#include "lib/log.h"
#include "lib/uefi.h"
#include "runtime/runtime.h"
#include "services/config_table.h"
#include "services/machine.h"
#include "services/memory.h"
#include "services/tables.h"

static void install(EFI_GUID guid, const void *table, const char *what)
{
	EFI_STATUS st;

	if (!table)
		return;
	st = config_table_set(&guid, (void *)table);
	if (st != EFI_SUCCESS)
		log_printf("pvhefi: cannot install the %s table (status 0x%llx)\n", what,
			   (unsigned long long)st);
}

void tables_install(const struct machine *m)
{
	install((EFI_GUID)ACPI_TABLE_GUID, m->acpi10, "ACPI 1.0");
	install((EFI_GUID)ACPI_20_TABLE_GUID, m->acpi20, "ACPI 2.0");
	install((EFI_GUID)SMBIOS_TABLE_GUID, m->smbios, "SMBIOS");
	install((EFI_GUID)SMBIOS3_TABLE_GUID, m->smbios3, "SMBIOS3");
	install((EFI_GUID)EFI_RT_PROPERTIES_TABLE_GUID, &runtime_properties, "runtime properties");
	install((EFI_GUID)EFI_MEMORY_ATTRIBUTES_TABLE_GUID, mat_create(), "memory attributes");
}
