/* The EFI system table, boot services and runtime services tables (services/systab.c). */
#ifndef PVHEFI_SYSTAB_H
#define PVHEFI_SYSTAB_H

#include <efi.h>

#include "services/machine.h"

extern EFI_SYSTEM_TABLE *gST;
extern EFI_BOOT_SERVICES *gBS;

/* Builds the tables; every entry that no service group fills returns EFI_UNSUPPORTED. */
void systab_init(const struct machine *m);
/* Fills ExitBootServices (services/bs_exit_boot_services.c). */
void exit_boot_services_install(EFI_BOOT_SERVICES *bs);

#endif
