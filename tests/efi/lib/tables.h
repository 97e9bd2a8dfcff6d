/*
 * The tables the firmware hands over, as the test programs read them: unaligned little-endian
 * fields, configuration tables, and the CRC32 of a UEFI table header (lib/crc32.c, the
 * firmware's own, is linked into the programs).
 */
#ifndef PVHEFI_EFI_TABLES_H
#define PVHEFI_EFI_TABLES_H

#include <efi.h>
#include <efilib.h>

/* Unaligned little-endian reads (ACPI structures, PE headers). */
UINT32 read32(const void *p);
UINT64 read64(const void *p);
/* The VendorTable of this configuration table GUID, or NULL. */
void *config_table(EFI_GUID *guid);
/* The CRC32 of a table's HeaderSize bytes with its CRC32 field taken as zero (0 when
 * HeaderSize is absurd). Plain code: it works after ExitBootServices too. */
UINT32 table_crc(const EFI_TABLE_HEADER *hdr);

#endif
