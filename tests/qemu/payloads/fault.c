/* A payload that takes a page fault on purpose: pvhefi must report it and end the VM. */
#include <efi.h>
#include <efilib.h>

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	volatile UINT64 *bad = (volatile UINT64 *)0x00007ffffffff000ULL; /* far above any RAM */

	InitializeLib(image, systab);
	Print(L"fault.efi: reading 0x%lx\n", (UINT64)bad);
	return (EFI_STATUS)*bad;
}
