/* Reading what the firmware hands over. */
#include "lib/lib.h"
#include "tables.h"

UINT64 read64(const void *p)
{
	UINT64 v;
	CopyMem(&v, (void *)p, 8);
	return v;
}

UINT32 read32(const void *p)
{
	UINT32 v;
	CopyMem(&v, (void *)p, 4);
	return v;
}

void *config_table(EFI_GUID *guid)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
		if (!CompareGuid(&ST->ConfigurationTable[i].VendorGuid, guid))
			return ST->ConfigurationTable[i].VendorTable;
	return NULL;
}

UINT32 table_crc(const EFI_TABLE_HEADER *hdr)
{
	/* A copy: the table itself is left as it is. */
	static UINT8 copy[4096];

	if (hdr->HeaderSize > sizeof(copy) || hdr->HeaderSize < sizeof(*hdr))
		return 0;
	CopyMem(copy, (void *)hdr, hdr->HeaderSize);
	((EFI_TABLE_HEADER *)copy)->CRC32 = 0;
	return crc32(copy, hdr->HeaderSize);
}
