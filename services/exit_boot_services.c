/*
 * ExitBootServices: the hand-over to the OS. The MapKey must be the current one (the Linux
 * stub retries with a fresh map when it is not); then the exit-boot-services event group runs
 * and the system table forgets everything that was boot-time only.
 */
#include "lib/log.h"
#include "lib/uefi.h"
#include "runtime/runtime.h"
#include "services/events.h"
#include "services/memory.h"
#include "services/systab.h"

static EFI_STATUS EFIAPI bs_exit_boot_services(EFI_HANDLE image, UINTN map_key)
{
	static EFI_GUID before_exit_group = EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES;
	static EFI_GUID exit_group = EFI_EVENT_GROUP_EXIT_BOOT_SERVICES;

	if (runtime_exited())
		return EFI_INVALID_PARAMETER;
	if (map_key != mem_map_key()) {
		debug_printf("pvhefi: ExitBootServices: stale MapKey %lu (current %lu)\n",
			     (unsigned long)map_key, (unsigned long)mem_map_key());
		return EFI_INVALID_PARAMETER;
	}
	debug_printf("pvhefi: ExitBootServices\n");
	events_signal_group(&before_exit_group);
	events_signal_group(&exit_group);
	mat_refresh(); /* the runtime ranges are final now */
	runtime_enter();
	gST->ConsoleInHandle = NULL;
	gST->ConIn = NULL;
	gST->ConsoleOutHandle = NULL;
	gST->ConOut = NULL;
	gST->StandardErrorHandle = NULL;
	gST->StdErr = NULL;
	gST->BootServices = NULL;
	table_update_crc(&gST->Hdr);
	return EFI_SUCCESS;
}

void exit_boot_services_install(EFI_BOOT_SERVICES *bs)
{
	bs->ExitBootServices = bs_exit_boot_services;
}
