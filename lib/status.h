/* Readable EFI status codes, for messages (lib/status.c). */
#ifndef PVHEFI_STATUS_H
#define PVHEFI_STATUS_H

#include <efi.h>

const char *status_name(EFI_STATUS st);

#endif
