/* The protocol database: handles, protocol interfaces, open information (services/protocol.c). */
#ifndef PVHEFI_PROTOCOL_H
#define PVHEFI_PROTOCOL_H

#include <efi.h>

/* InstallProtocolInterface(EFI_NATIVE_INTERFACE) semantics; *handle NULL creates a handle. */
EFI_STATUS proto_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface);
/* UninstallProtocolInterface semantics; the handle goes away with its last protocol. */
EFI_STATUS proto_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface);
/* HandleProtocol semantics. */
EFI_STATUS proto_lookup(EFI_HANDLE handle, EFI_GUID *guid, void **iface);
/* True when handle is a live handle of the database. */
BOOLEAN proto_handle_valid(EFI_HANDLE handle);

/* Fills every protocol-handling entry of the boot services table. */
void protocol_install(EFI_BOOT_SERVICES *bs);

#endif
