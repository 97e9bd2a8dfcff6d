/* Runtime services (services/runtime.c): code in .rtcode, tables in .rtdata. */
#ifndef PVHEFI_RUNTIME_H
#define PVHEFI_RUNTIME_H

#include <efi.h>

/* Builds the runtime services table: every entry valid, EFI_UNSUPPORTED for now. */
EFI_RUNTIME_SERVICES *runtime_init(void);

#endif
