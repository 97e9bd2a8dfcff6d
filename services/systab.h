/* The EFI system table, boot services and runtime services tables (services/systab.c). */
#ifndef PVHEFI_SYSTAB_H
#define PVHEFI_SYSTAB_H

#include <efi.h>

#include "services/machine.h"

extern EFI_SYSTEM_TABLE *gST;
extern EFI_BOOT_SERVICES *gBS;

/* Builds the tables; every entry that no service group fills returns EFI_UNSUPPORTED. */
void systab_init(const struct machine *m);
/* Fills ExitBootServices (services/exit_boot_services.c). */
void exit_boot_services_install(EFI_BOOT_SERVICES *bs);

/* X(name) for every boot service of the table, in its order (the reserved PCHandleProtocol
 * slot apart): systab.c's named stubs and entry.c's traced entries both come from it. */
#define BOOT_SERVICES(X)                                                                           \
	X(RaiseTPL) X(RestoreTPL) X(AllocatePages) X(FreePages) X(GetMemoryMap) X(AllocatePool)     \
	X(FreePool) X(CreateEvent) X(SetTimer) X(WaitForEvent) X(SignalEvent) X(CloseEvent)         \
	X(CheckEvent) X(InstallProtocolInterface) X(ReinstallProtocolInterface)                      \
	X(UninstallProtocolInterface) X(HandleProtocol) X(RegisterProtocolNotify) X(LocateHandle)    \
	X(LocateDevicePath) X(InstallConfigurationTable) X(LoadImage) X(StartImage) X(Exit)         \
	X(UnloadImage) X(ExitBootServices) X(GetNextMonotonicCount) X(Stall) X(SetWatchdogTimer)    \
	X(ConnectController) X(DisconnectController) X(OpenProtocol) X(CloseProtocol)               \
	X(OpenProtocolInformation) X(ProtocolsPerHandle) X(LocateHandleBuffer) X(LocateProtocol)    \
	X(InstallMultipleProtocolInterfaces) X(UninstallMultipleProtocolInterfaces)                 \
	X(CalculateCrc32) X(CopyMem) X(SetMem) X(CreateEventEx)

#endif
