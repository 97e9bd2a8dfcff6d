/* The UEFI layer's door for boot/main.c (services/efi_init.c). */
#ifndef PVHEFI_EFI_H
#define PVHEFI_EFI_H

#include <stdint.h>

#include "services/initrd.h"
#include "services/machine.h"

/* The machine the services run on: its consoles, its way out. Set by efi_init. */
extern const struct machine *efi_machine;

/* Ends the VM the machine's way (efi_machine->exit, which GCC does not know never returns). */
void efi_exit(enum reset_kind kind) __attribute__((noreturn));

/*
 * Brings up the UEFI services on the machine, in the one order they depend on: the system
 * table with the boot and runtime services, the consoles, the configuration tables and, when
 * there is an initrd (pieces joined in order), the initrd handle. Needs memory_init first.
 * A failure is fatal.
 */
void efi_init(const struct machine *m, const struct initrd_piece *initrd, uint32_t nr_pieces);

#endif
