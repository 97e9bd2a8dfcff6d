/*
 * EFI_MEMORY_ATTRIBUTE_PROTOCOL over the page tables (services/paging.c): Linux's EFI stub
 * (6.x, and 6.1 from Debian) uses it to make the kernel it decompressed, or the trampoline it
 * copied for a switch to 5-level paging, executable where it allocated them as data, and its
 * text read-only. Ranges are page-aligned and not empty. A payload may change what it was
 * handed out (AllocatePages, AllocatePool, its image), not the firmware's own pages nor free
 * memory; a later FreePages takes the pages back to not executable.
 */
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/status.h"
#include "lib/uefi.h"
#include "services/entry.h"
#include "services/memattr.h"
#include "services/memory.h"
#include "services/paging.h"
#include "services/protocol.h"

/* [base, base + length) is whole pages, not empty, inside the address space. */
static BOOLEAN range_ok(EFI_PHYSICAL_ADDRESS base, UINT64 length)
{
	return length && !((base | length) % PAGE_SIZE) && base <= UINT64_MAX - length;
}

/* The protocol's members are not in the boot services table: they trace themselves. */
static EFI_STATUS traced(const char *member, EFI_PHYSICAL_ADDRESS base, UINT64 length, UINT64 attrs,
			 EFI_STATUS st)
{
	if (trace_enabled())
		debug_printf("pvhefi: trace: MemoryAttribute.%s(0x%lx, %lu bytes, 0x%lx) = %s\n", member,
			     (unsigned long)base, (unsigned long)length, (unsigned long)attrs,
			     status_name(st));
	return st;
}

static EFI_STATUS EFIAPI memattr_get_memory_attributes(EFI_MEMORY_ATTRIBUTE_PROTOCOL *this,
						       EFI_PHYSICAL_ADDRESS base, UINT64 length,
						       UINT64 *attrs)
{
	EFI_STATUS st = EFI_INVALID_PARAMETER;

	if (attrs && range_ok(base, length))
		st = paging_get_attributes(base, base + length, attrs);
	return traced("GetMemoryAttributes", base, length, st == EFI_SUCCESS ? *attrs : 0, st);
}

/* What Set and Clear share: the checks, then the change of each page's attributes. */
static EFI_STATUS change(EFI_PHYSICAL_ADDRESS base, UINT64 length, UINT64 set, UINT64 clear)
{
	UINT64 attrs = set | clear;
	EFI_STATUS st;

	if (!attrs || (attrs & ~PAGING_ACCESS_ATTRS) || !range_ok(base, length))
		return EFI_INVALID_PARAMETER;
	/* Without NX nothing is non-executable: XP cannot be set, and clearing it is done. */
	if ((set & EFI_MEMORY_XP) && !paging_nx())
		return EFI_UNSUPPORTED;
	if ((st = mem_check_owned(base, base + length)) != EFI_SUCCESS)
		return st;
	return paging_change_attributes(base, base + length, set, clear);
}

static EFI_STATUS EFIAPI memattr_set_memory_attributes(EFI_MEMORY_ATTRIBUTE_PROTOCOL *this,
						       EFI_PHYSICAL_ADDRESS base, UINT64 length,
						       UINT64 attrs)
{
	return traced("SetMemoryAttributes", base, length, attrs, change(base, length, attrs, 0));
}

static EFI_STATUS EFIAPI memattr_clear_memory_attributes(EFI_MEMORY_ATTRIBUTE_PROTOCOL *this,
							 EFI_PHYSICAL_ADDRESS base, UINT64 length,
							 UINT64 attrs)
{
	return traced("ClearMemoryAttributes", base, length, attrs, change(base, length, 0, attrs));
}

static EFI_MEMORY_ATTRIBUTE_PROTOCOL memattr = {
	memattr_get_memory_attributes,
	memattr_set_memory_attributes,
	memattr_clear_memory_attributes,
};

static struct vendor_device_path memattr_path =
	VENDOR_DEVICE_PATH_OF(HARDWARE_DEVICE_PATH, HW_VENDOR_DP, PVHEFI_MEMORY_DEVICE_GUID);

EFI_STATUS memattr_install(void)
{
	static EFI_GUID path_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;
	static EFI_GUID memattr_guid = EFI_MEMORY_ATTRIBUTE_PROTOCOL_GUID;
	EFI_HANDLE handle = NULL;
	EFI_STATUS st;

	if ((st = proto_install(&handle, &path_guid, &memattr_path)) != EFI_SUCCESS)
		return st;
	if ((st = proto_install(&handle, &memattr_guid, &memattr)) != EFI_SUCCESS)
		proto_uninstall(handle, &path_guid, &memattr_path);
	return st;
}
