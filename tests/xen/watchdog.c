/*
 * Arms the watchdog for 1 s and stalls past it: the firmware resets the machine, which on Xen
 * must end the domain with SHUTDOWN_reboot (tests/xen/run.sh). Returning is the failure.
 */
#include <efi.h>
#include <efilib.h>

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	InitializeLib(image, systab);
	if (uefi_call_wrapper(BS->SetWatchdogTimer, 4, 1, 0x10000, 0, NULL) != EFI_SUCCESS) {
		Print(L"watchdog: SetWatchdogTimer failed\n");
		return EFI_DEVICE_ERROR;
	}
	Print(L"watchdog: armed for 1 s, stalling for 5 s\n");
	uefi_call_wrapper(BS->Stall, 1, 5000000);
	Print(L"watchdog: still running after 5 s\n");
	return EFI_ABORTED;
}
