/* The EFI system table, boot services and runtime services tables (services/systab.c). */
#ifndef PVHEFI_SYSTAB_H
#define PVHEFI_SYSTAB_H

#include <efi.h>

extern EFI_SYSTEM_TABLE *gST;
extern EFI_BOOT_SERVICES *gBS;

/* Builds the tables; every entry that no service group fills returns EFI_UNSUPPORTED. */
void systab_init(void);
/* Fills ExitBootServices (services/exit_boot_services.c). */
void exit_boot_services_install(EFI_BOOT_SERVICES *bs);
/* True once the OS owns the machine: the firmware must not touch the console any more. */
BOOLEAN boot_services_exited(void);

/* Recomputes a table header's CRC32 after a change. */
void systab_update_crc(EFI_TABLE_HEADER *hdr);

#endif
