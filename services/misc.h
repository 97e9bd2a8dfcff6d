/* Small boot services: Stall, watchdog, monotonic count, CRC32, CopyMem, SetMem (services/misc.c). */
#ifndef PVHEFI_MISC_SERVICES_H
#define PVHEFI_MISC_SERVICES_H

#include <efi.h>

/* Fills Stall, SetWatchdogTimer, GetNextMonotonicCount, CalculateCrc32, CopyMem, SetMem. */
void misc_install(EFI_BOOT_SERVICES *bs);

#endif
