/*
 * Configuration tables that describe the platform to the OS. The RSDP and the SMBIOS entry
 * points stay where the VMM or BIOS put them (memory the E820 map already reserves); the
 * runtime properties table lives in .rtdata, which the OS keeps after ExitBootServices.
 */
#include <efi.h>

#include "acpi.h"
#include "acpi_tables.h"
#include "runtime.h"
#include "config_table.h"
#include "guids.h"
#include "log.h"

#define BIOS_AREA 0xf0000
#define BIOS_AREA_LEN 0x10000

/* EFI_RT_PROPERTIES_TABLE, version 1. */
struct rt_properties {
	UINT16 version;
	UINT16 length;
	UINT32 supported;
};

/* Claims exactly the runtime services that work, so the OS calls no other. */
static struct rt_properties rt_properties RTDATA = {
	.version = 1,
	.length = sizeof(struct rt_properties),
	.supported = RUNTIME_SUPPORTED_MASK,
};

static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;
static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID smbios_guid = SMBIOS_TABLE_GUID;
static EFI_GUID smbios3_guid = SMBIOS3_TABLE_GUID;
static EFI_GUID rt_properties_guid = PVHEFI_RT_PROPERTIES_TABLE_GUID;

static void install(EFI_GUID *guid, const void *table, const char *what)
{
	EFI_STATUS st = config_table_set(guid, (void *)table);

	if (st != EFI_SUCCESS)
		log_printf("pvhefi: cannot install the %s table (status 0x%llx)\n", what,
			   (unsigned long long)st);
}

/*
 * One entry per RSDP, under the GUID its revision promises. OVMF adds a separate 1.0 copy
 * next to a 2.0 RSDP; OSes look for the 2.0 GUID first, and a 2.0 RSDP listed as 1.0 would
 * send a 1.0 reader to an RSDT that may not exist (QEMU microvm builds an XSDT only).
 */
static void install_rsdp(uint64_t rsdp)
{
	int rev = rsdp ? acpi_rsdp_check((const void *)rsdp) : -1;

	if (rev < 0) {
		log_printf("pvhefi: no ACPI RSDP\n");
		return;
	}
	log_printf("pvhefi: ACPI RSDP revision %d at 0x%llx\n", rev, (unsigned long long)rsdp);
	if (rev >= 2)
		install(&acpi20_guid, (const void *)rsdp, "ACPI 2.0");
	else
		install(&acpi10_guid, (const void *)rsdp, "ACPI 1.0");
}

/* Both kinds when the BIOS made both: they describe the same structure table. */
static void install_smbios(void)
{
	struct smbios_entries found;

	smbios_scan((const void *)BIOS_AREA, BIOS_AREA_LEN, &found);
	if (found.ep32) {
		log_printf("pvhefi: SMBIOS 2.x entry point at %p\n", found.ep32);
		install(&smbios_guid, found.ep32, "SMBIOS");
	}
	if (found.ep64) {
		log_printf("pvhefi: SMBIOS 3.x entry point at %p\n", found.ep64);
		install(&smbios3_guid, found.ep64, "SMBIOS3");
	}
	if (!found.ep32 && !found.ep64)
		log_printf("pvhefi: no SMBIOS entry point\n");
}

void acpi_tables_install(uint64_t rsdp)
{
	install_rsdp(rsdp);
	install_smbios();
	install(&rt_properties_guid, &rt_properties, "runtime properties");
}
