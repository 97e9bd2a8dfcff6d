/*
 * What the harness says the run's machine has, read past the firmware under test: run.sh gives
 * QEMU -fw_cfg name=opt/pvhefi/machine,string="<words>" and the programs read that file through
 * fw_cfg's I/O ports. A check whose answer depends on the machine (RAM above 4 GiB, an ACPI PM
 * timer) asks for the word instead of skipping when the firmware shows nothing: a firmware that
 * lost the RAM or the timer then fails the check.
 */
#ifndef PVHEFI_EFI_MACHINE_H
#define PVHEFI_EFI_MACHINE_H

#include <efi.h>
#include <efilib.h>

/* True when the machine words name this one (e.g. "pm-timer"); FALSE for all without fw_cfg. */
BOOLEAN machine_has(const char *word);

#endif
