/* A payload that writes to its own code: pvhefi must stop it (its .text is read-execute). */
#include <efi.h>
#include <efilib.h>

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	volatile UINT8 *code = (volatile UINT8 *)efi_main;

	InitializeLib(image, systab);
	Print(L"code_write.efi: writing to 0x%lx\n", (UINT64)code);
	code[0] = 0xc3; /* ret */
	Print(L"code_write.efi: the write went through\n");
	return EFI_SUCCESS;
}
