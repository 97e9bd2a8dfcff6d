/* The one owner of the order in which the UEFI services come up. */
#include "lib/log.h"
#include "runtime/runtime.h"
#include "services/console.h"
#include "services/efi.h"
#include "services/entry.h"
#include "services/memattr.h"
#include "services/systab.h"
#include "services/tables.h"

const struct machine *efi_machine;

void efi_exit(enum reset_kind kind)
{
	efi_machine->exit(kind);
	__builtin_unreachable();
}

void efi_init(const struct machine *m, const struct initrd_piece *initrd, uint32_t nr_pieces)
{
	efi_machine = m;
	systab_init(m); /* boot and runtime services, the firmware's image handle */
	if (console_install(gST) != EFI_SUCCESS)
		panic("cannot create the EFI console");
	tables_install(m);
	if (memattr_install() != EFI_SUCCESS)
		panic("cannot install the memory attribute protocol");
	if (initrd_install(initrd, nr_pieces) != EFI_SUCCESS)
		panic("cannot install the initrd");
	entries_install(); /* last: the payload's table, once the real one is complete */
}
