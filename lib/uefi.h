/*
 * What UEFI 2.10 defines and gnu-efi 3.0.15 lacks, under the specification's names (each
 * defined only where gnu-efi does not), and pvhefi's own GUIDs.
 */
#ifndef PVHEFI_UEFI_H
#define PVHEFI_UEFI_H

#include <efi.h>

/* Event groups (CreateEventEx), UEFI 2.10 7.1. */
#ifndef EFI_EVENT_GROUP_EXIT_BOOT_SERVICES
#define EFI_EVENT_GROUP_EXIT_BOOT_SERVICES \
	{ 0x27abf055, 0xb1b8, 0x4c26, { 0x80, 0x48, 0x74, 0x8f, 0x37, 0xba, 0xa2, 0xdf } }
#endif
#ifndef EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES
#define EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES \
	{ 0x8be0e274, 0x3970, 0x4b44, { 0x80, 0xc5, 0x1a, 0xb9, 0x50, 0x2f, 0x3b, 0xfc } }
#endif
#ifndef EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE
#define EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE \
	{ 0x13fa7698, 0xc831, 0x49c7, { 0x87, 0xea, 0x8f, 0x43, 0xfc, 0xc2, 0x51, 0x96 } }
#endif

/* EFI_LOAD_FILE2_PROTOCOL (UEFI 2.10 13.2): the same interface layout as EFI_LOAD_FILE. */
#ifndef EFI_LOAD_FILE2_PROTOCOL_GUID
#define EFI_LOAD_FILE2_PROTOCOL_GUID \
	{ 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } }
#endif
/* EFI_RT_PROPERTIES_TABLE (UEFI 2.10 4.6.2): which runtime services work after ExitBootServices. */
#ifndef EFI_RT_PROPERTIES_TABLE_GUID
#define EFI_RT_PROPERTIES_TABLE_GUID \
	{ 0xeb66918a, 0x7eef, 0x402a, { 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } }
#endif
/* The table's layout and its RuntimeServicesSupported bits. */
#ifndef EFI_RT_PROPERTIES_TABLE_VERSION
#define EFI_RT_PROPERTIES_TABLE_VERSION 0x1
typedef struct {
	UINT16 Version;
	UINT16 Length;
	UINT32 RuntimeServicesSupported;
} EFI_RT_PROPERTIES_TABLE;
#define EFI_RT_SUPPORTED_GET_TIME 0x0001
#define EFI_RT_SUPPORTED_SET_TIME 0x0002
#define EFI_RT_SUPPORTED_GET_WAKEUP_TIME 0x0004
#define EFI_RT_SUPPORTED_SET_WAKEUP_TIME 0x0008
#define EFI_RT_SUPPORTED_GET_VARIABLE 0x0010
#define EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020
#define EFI_RT_SUPPORTED_SET_VARIABLE 0x0040
#define EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080
#define EFI_RT_SUPPORTED_CONVERT_POINTER 0x0100
#define EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT 0x0200
#define EFI_RT_SUPPORTED_RESET_SYSTEM 0x0400
#define EFI_RT_SUPPORTED_UPDATE_CAPSULE 0x0800
#define EFI_RT_SUPPORTED_QUERY_CAPSULE_CAPABILITIES 0x1000
#define EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO 0x2000
#endif
/* The vendor media node whose LoadFile2 Linux's EFI stub asks for its initrd (Linux's name). */
#ifndef LINUX_EFI_INITRD_MEDIA_GUID
#define LINUX_EFI_INITRD_MEDIA_GUID \
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } }
#endif

/* Variable attributes beyond gnu-efi's. */
#ifndef EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS
#define EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS 0x00000080
#endif

/* Memory types and attributes of UEFI 2.10 7.2 beyond gnu-efi's EfiMaxMemoryType (14). */
#define EFI_PERSISTENT_MEMORY 14 /* EfiPersistentMemory */
#define EFI_UNACCEPTED_MEMORY 15 /* EfiUnacceptedMemory */
#define EFI_MEMORY_TYPE_COUNT 16
#define EFI_MEMORY_TYPE_OEM_MIN 0x70000000u
#define EFI_MEMORY_TYPE_OS_MIN 0x80000000u
#ifndef EFI_MEMORY_NV
#define EFI_MEMORY_NV 0x0000000000008000ULL
#endif
#ifndef EFI_MEMORY_RO
#define EFI_MEMORY_RO 0x0000000000020000ULL
#endif

/*
 * EFI_MEMORY_ATTRIBUTE_PROTOCOL (UEFI 2.10 37.7): the access attributes of memory, the
 * EFI_MEMORY_RP, _RO and _XP bits, read, set and cleared on page-aligned ranges.
 */
#ifndef EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID
#define EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID \
	{ 0xf4560cf6, 0x40ec, 0x4b4a, { 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89 } }
typedef struct _EFI_MEMORY_ATTRIBUTE_PROTOCOL EFI_MEMORY_ATTRIBUTE_PROTOCOL;
typedef EFI_STATUS(EFIAPI *EFI_GET_MEMORY_ATTRIBUTES)(EFI_MEMORY_ATTRIBUTE_PROTOCOL *This,
						      EFI_PHYSICAL_ADDRESS BaseAddress, UINT64 Length,
						      UINT64 *Attributes);
typedef EFI_STATUS(EFIAPI *EFI_SET_MEMORY_ATTRIBUTES)(EFI_MEMORY_ATTRIBUTE_PROTOCOL *This,
						      EFI_PHYSICAL_ADDRESS BaseAddress, UINT64 Length,
						      UINT64 Attributes);
typedef EFI_STATUS(EFIAPI *EFI_CLEAR_MEMORY_ATTRIBUTES)(EFI_MEMORY_ATTRIBUTE_PROTOCOL *This,
							EFI_PHYSICAL_ADDRESS BaseAddress, UINT64 Length,
							UINT64 Attributes);
struct _EFI_MEMORY_ATTRIBUTE_PROTOCOL {
	EFI_GET_MEMORY_ATTRIBUTES GetMemoryAttributes;
	EFI_SET_MEMORY_ATTRIBUTES SetMemoryAttributes;
	EFI_CLEAR_MEMORY_ATTRIBUTES ClearMemoryAttributes;
};
#endif

/*
 * EFI_MEMORY_ATTRIBUTES_TABLE (UEFI 2.10 4.6.4): the runtime regions with the access
 * attributes the OS should map them with, each inside one runtime descriptor of the memory map.
 */
#ifndef EFI_MEMORY_ATTRIBUTES_TABLE_GUID
#define EFI_MEMORY_ATTRIBUTES_TABLE_GUID \
	{ 0xdcfa911d, 0x26eb, 0x469f, { 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } }
#define EFI_MEMORY_ATTRIBUTES_TABLE_VERSION 0x00000001
typedef struct {
	UINT32 Version;
	UINT32 NumberOfEntries;
	UINT32 DescriptorSize;
	UINT32 Reserved; /* Flags in version 2 */
	/* EFI_MEMORY_DESCRIPTOR Entry[NumberOfEntries], DescriptorSize apart */
} EFI_MEMORY_ATTRIBUTES_TABLE;
#endif

/* Vendor device-path nodes for pvhefi's own handles (random, fixed forever). */
#define PVHEFI_CONSOLE_DEVICE_GUID \
	{ 0x5f1c3a2e, 0x8d4b, 0x4e6f, { 0x9a, 0x17, 0x3c, 0x60, 0xb2, 0x84, 0xd1, 0x05 } }
#define PVHEFI_PAYLOAD_DEVICE_GUID \
	{ 0x9b2e7c41, 0x06fa, 0x4d83, { 0xb5, 0x2c, 0xe1, 0x7a, 0x48, 0x93, 0x6f, 0x20 } }
#define PVHEFI_MEMORY_DEVICE_GUID \
	{ 0x2d6a91c3, 0x5b47, 0x4e0f, { 0x8c, 0x3a, 0x71, 0xe4, 0x09, 0xb6, 0x52, 0xd8 } }

#endif
