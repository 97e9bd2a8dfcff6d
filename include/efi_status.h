/* Readable EFI status codes (services/status.c). */
#ifndef PVHEFI_EFI_STATUS_H
#define PVHEFI_EFI_STATUS_H

#include <efi.h>

const char *efi_status_str(EFI_STATUS st);

#endif
