/* A payload that exits with an error status and exit data: pvhefi must print both. */
#include <efi.h>
#include <efilib.h>

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static const CHAR16 msg[] = L"status.efi gave up on purpose";
	CHAR16 *data = NULL;

	InitializeLib(image, systab);
	if (uefi_call_wrapper(BS->AllocatePool, 3, EfiBootServicesData, sizeof(msg), (void **)&data) != EFI_SUCCESS)
		return EFI_OUT_OF_RESOURCES;
	CopyMem(data, (void *)msg, sizeof(msg));
	return uefi_call_wrapper(BS->Exit, 4, image, EFI_ACCESS_DENIED, sizeof(msg), data);
}
