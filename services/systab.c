/*
 * The EFI system table and the boot and runtime services tables. Every table entry is valid:
 * each starts as a stub that names itself on the debug port and returns EFI_UNSUPPORTED, and the
 * service groups (the other files in services/) overwrite what they implement.
 */
#include "lib/lib.h"
#include "lib/log.h"
#include "runtime/runtime.h"
#include "services/config_table.h"
#include "services/efi.h"
#include "services/events.h"
#include "services/image.h"
#include "services/memory.h"
#include "services/misc.h"
#include "services/protocol.h"
#include "services/systab.h"

/* The system table is the runtime's (the OS reads it after ExitBootServices); the boot
 * services table is ours, gone with them. */
static EFI_BOOT_SERVICES boot_services;

EFI_SYSTEM_TABLE *gST = &runtime_system_table;
EFI_BOOT_SERVICES *gBS = &boot_services;

/* One named stub per boot service: the ms_abi caller cleans up, so any signature is safe. */
#define STUB(name)                                                          \
	static EFI_STATUS EFIAPI unsupported_##name(void)                   \
	{                                                                   \
		debug_printf("pvhefi: boot service " #name ": unsupported\n"); \
		return EFI_UNSUPPORTED;                                     \
	}
#define SET_STUB(name) boot_services.name = (void *)unsupported_##name

#define SEMI_SET_STUB(name) SET_STUB(name);

BOOT_SERVICES(STUB)
STUB(PCHandleProtocol)

/* ResetSystem before ExitBootServices: the firmware's own exit, which says why first. */
static EFI_STATUS EFIAPI rt_reset_system_boot(EFI_RESET_TYPE type, EFI_STATUS status, UINTN size,
					      CHAR16 *data)
{
	log_printf("pvhefi: ResetSystem(%s) called by the payload\n",
		   type == EfiResetShutdown ? "shutdown" : "reset");
	efi_exit(type == EfiResetShutdown ? RESET_POWER_OFF : RESET_REBOOT);
}

void systab_init(const struct machine *m)
{
	table_header_init(&boot_services.Hdr, EFI_BOOT_SERVICES_SIGNATURE, sizeof(boot_services));
	BOOT_SERVICES(SEMI_SET_STUB)
	SET_STUB(PCHandleProtocol);
	memory_install(&boot_services);
	protocol_install(&boot_services);
	events_install(&boot_services);
	misc_install(&boot_services);
	image_install(&boot_services);
	config_table_install(&boot_services);
	exit_boot_services_install(&boot_services);
	table_update_crc(&boot_services.Hdr);

	runtime_init(&m->plan, rt_reset_system_boot);
	gST->BootServices = &boot_services;
	table_update_crc(&gST->Hdr);
}
