/*
 * The ACPI PM timer (3.579545 MHz, found through the FADT), a clock the firmware does not
 * drive, so Stall and timer events can be judged without trusting the firmware's own sense of
 * time.
 */
#ifndef PVHEFI_EFI_ACPI_H
#define PVHEFI_EFI_ACPI_H

#include <efi.h>
#include <efilib.h>

/* The PM timer's I/O port from the FADT, or 0 when there is none (hardware-reduced ACPI). */
UINT16 pm_timer_find(void);
UINT32 pm_timer_read(UINT16 port);
/* Microseconds between two readings less than 4.6 s apart (the counter may be 24 bits). */
UINT64 pm_timer_us(UINT32 from, UINT32 to);

#endif
