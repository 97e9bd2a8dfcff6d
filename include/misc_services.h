/* Small boot services: Stall, watchdog, monotonic count, CRC32, CopyMem, SetMem (services/misc.c). */
#ifndef PVHEFI_MISC_SERVICES_H
#define PVHEFI_MISC_SERVICES_H

#include <efi.h>
#include <stddef.h>
#include <stdint.h>

/* CRC32 (IEEE 802.3, as UEFI table headers use it). Pure: host-tested (services/crc32.c). */
uint32_t crc32(const void *data, size_t len);

/* Fills Stall, SetWatchdogTimer, GetNextMonotonicCount, CalculateCrc32, CopyMem, SetMem. */
void misc_install(EFI_BOOT_SERVICES *bs);

#endif
