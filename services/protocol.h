/* The protocol database: handles, protocol interfaces, open information (services/protocol.c). */
#ifndef PVHEFI_PROTOCOL_H
#define PVHEFI_PROTOCOL_H

#include <efi.h>

/* InstallProtocolInterface(EFI_NATIVE_INTERFACE) semantics; *handle NULL creates a handle. */
EFI_STATUS proto_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface);
/* UninstallProtocolInterface semantics; the handle goes away with its last protocol. */
EFI_STATUS proto_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface);
/* What proto_uninstall would answer, changing nothing: EFI_SUCCESS when it would go. */
EFI_STATUS proto_check_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface);
/* Closes every open whose agent is this handle, on every interface (an image going away). */
void proto_close_agent(EFI_HANDLE agent);
/* HandleProtocol semantics. */
EFI_STATUS proto_lookup(EFI_HANDLE handle, EFI_GUID *guid, void **iface);

/* CloseEvent must call this: RegisterProtocolNotify registrations of ev go away with it. */
void proto_event_closed(EFI_EVENT ev);

/* Fills every protocol-handling entry of the boot services table (all but PCHandleProtocol). */
void protocol_install(EFI_BOOT_SERVICES *bs);

/* Device paths (services/devpath.c, pure). A node shorter than its header is malformed. */
UINTN devpath_node_len(const EFI_DEVICE_PATH *node);
/* True for the node ending the entire path (not one ending an instance). */
BOOLEAN devpath_is_end(const EFI_DEVICE_PATH *node);
/* Bytes of the whole path with its end node; 0 when malformed. */
UINTN devpath_size(const EFI_DEVICE_PATH *dp);
/* Bytes before the first end node (instance or entire); -1 when malformed. */
INTN devpath_instance_len(const EFI_DEVICE_PATH *dp);

/* The node that ends a device path, and a path of one vendor node (firmware-made handles). */
#define DEVPATH_END_NODE { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { sizeof(EFI_DEVICE_PATH), 0 } }
struct vendor_device_path {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed));
#define VENDOR_DEVICE_PATH_OF(type, subtype, guid) \
	{ { { type, subtype, { sizeof(VENDOR_DEVICE_PATH), 0 } }, guid }, DEVPATH_END_NODE }

#endif
