/*
 * The system table and what it points at in runtime memory: the configuration table array and
 * the vendor string. Their pointers are initialised here, at link time, so SetVirtualAddressMap
 * moves them with the unit; boot-time pointers (boot services, consoles) are filled in at boot
 * and cleared at ExitBootServices.
 */
#include "lib/lib.h"
#include "runtime/internal.h"

static CHAR16 firmware_vendor[] = u"pvhefi";

EFI_CONFIGURATION_TABLE runtime_config_tables[RUNTIME_MAX_CONFIG_TABLES];

EFI_SYSTEM_TABLE runtime_system_table = {
	.Hdr = { EFI_SYSTEM_TABLE_SIGNATURE, UEFI_REVISION, sizeof(EFI_SYSTEM_TABLE), 0, 0 },
	.FirmwareVendor = firmware_vendor,
	.FirmwareRevision = 0x00010000,
	.RuntimeServices = &runtime_services,
	.ConfigurationTable = runtime_config_tables,
};

void table_header_init(EFI_TABLE_HEADER *hdr, UINT64 signature, UINT32 size)
{
	*hdr = (EFI_TABLE_HEADER){ .Signature = signature, .Revision = UEFI_REVISION, .HeaderSize = size };
}

void table_update_crc(EFI_TABLE_HEADER *hdr)
{
	hdr->CRC32 = 0;
	hdr->CRC32 = crc32(hdr, hdr->HeaderSize);
}
