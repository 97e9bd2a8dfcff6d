/* A payload that reads through a NULL pointer: pvhefi must say so, naming the address. */
#include <efi.h>
#include <efilib.h>

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	volatile UINT64 *null;

	InitializeLib(image, systab);
	/* A NULL the compiler cannot see, so that it emits the load rather than a trap. */
	__asm__("" : "=r"(null) : "0"(0));
	Print(L"null_deref.efi: reading 0x%lx\n", (UINT64)&null[1]);
	return (EFI_STATUS)null[1];
}
