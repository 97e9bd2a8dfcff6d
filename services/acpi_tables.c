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
#include "lib.h"
#include "log.h"
#include "memory.h"

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
 * The ACPI 2.0 entry always (what OSes look for first), under the GUID its revision promises.
 * A revision-0 RSDP (SeaBIOS on pc and q35) stays the ACPI 1.0 entry, and the 2.0 entry gets
 * a revision-2 RSDP with an XSDT listing the same tables, in ACPI reclaim memory, as OVMF does.
 * A 2.0 RSDP is not listed as 1.0: its RSDT may not exist (QEMU microvm builds an XSDT only).
 */
static void install_rsdp(uint64_t rsdp)
{
	int rev = rsdp ? acpi_rsdp_check((const void *)rsdp) : -1;
	EFI_PHYSICAL_ADDRESS v2;

	if (rev < 0) {
		log_printf("pvhefi: no ACPI RSDP\n");
		return;
	}
	log_printf("pvhefi: ACPI RSDP revision %d at 0x%llx\n", rev, (unsigned long long)rsdp);
	if (rev >= 2) {
		install(&acpi20_guid, (const void *)rsdp, "ACPI 2.0");
		return;
	}
	install(&acpi10_guid, (const void *)rsdp, "ACPI 1.0");
	if (mem_alloc_pages(AllocateAnyPages, EfiACPIReclaimMemory, 1, &v2) != EFI_SUCCESS)
		return;
	if (acpi_build_v2_rsdp(rsdp, (void *)v2, PAGE_SIZE) == 0)
		install(&acpi20_guid, (const void *)v2, "ACPI 2.0");
	else
		mem_free_pages(v2, 1);
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
