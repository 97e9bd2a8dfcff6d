/*
 * ExitBootServices: the hand-over to the OS. The exit event groups run, then the MapKey must
 * be the current one (the Linux stub retries with a fresh map when it is not); then the
 * runtime takes over and the system table forgets everything that was boot-time only.
 */
#include "lib/log.h"
#include "lib/timeline.h"
#include "lib/uefi.h"
#include "runtime/runtime.h"
#include "services/events.h"
#include "services/memory.h"
#include "services/systab.h"

/*
 * The before-exit group, then the exit group and EVT_SIGNAL_EXIT_BOOT_SERVICES events, on the
 * first call, whatever the key: a notification may still use boot services, and one that
 * changes the memory map makes the key stale, so that the caller gets a fresh map and calls
 * again. Each group is signalled once, however many calls it takes (UEFI 2.10 7.4).
 */
static void signal_exit_groups(void)
{
	static EFI_GUID before_exit_group = EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES;
	static EFI_GUID exit_group = EFI_EVENT_GROUP_EXIT_BOOT_SERVICES;
	static BOOLEAN signalled;

	if (signalled)
		return;
	signalled = TRUE;
	events_signal_group(&before_exit_group);
	events_signal_group(&exit_group);
}

static EFI_STATUS EFIAPI bs_exit_boot_services(EFI_HANDLE image, UINTN map_key)
{
	struct runtime_range ranges[RUNTIME_MAX_RANGES];

	if (runtime_exited())
		return EFI_INVALID_PARAMETER;
	signal_exit_groups();
	if (map_key != mem_map_key()) {
		debug_printf("pvhefi: ExitBootServices: stale MapKey %lu (current %lu)\n",
			     (unsigned long)map_key, (unsigned long)mem_map_key());
		return EFI_INVALID_PARAMETER;
	}
	debug_printf("pvhefi: ExitBootServices\n");
	timeline_mark(MILESTONE_EXIT_BOOT_SERVICES); /* the last line the firmware prints */
	mat_refresh(); /* the runtime ranges are final now */
	runtime_enter(ranges, mem_runtime_ranges(ranges, RUNTIME_MAX_RANGES));
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
