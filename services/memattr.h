/* EFI_MEMORY_ATTRIBUTE_PROTOCOL over the firmware's page tables (services/memattr.c). */
#ifndef PVHEFI_MEMATTR_H
#define PVHEFI_MEMATTR_H

#include <efi.h>

/* Installs the protocol on a handle of its own (a vendor device path). */
EFI_STATUS memattr_install(void);

#endif
