/* EFI text console protocols on the byte console (services/console.c). */
#ifndef PVHEFI_EFI_CONSOLE_H
#define PVHEFI_EFI_CONSOLE_H

#include <efi.h>

/* Creates the console handles (ConIn, ConOut, StdErr) with SimpleTextInput/Output and a device
 * path, and sets the system table's console fields. */
EFI_STATUS console_install(EFI_SYSTEM_TABLE *st);
/* The ConIn protocol with its WaitForKey event (services/console_in.c), for console_install. */
EFI_STATUS conin_init(SIMPLE_INPUT_INTERFACE **in);

#endif
