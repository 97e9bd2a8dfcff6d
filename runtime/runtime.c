/*
 * The runtime services table and SetVirtualAddressMap. Entries not implemented return
 * EFI_UNSUPPORTED (and EFI_RT_PROPERTIES_TABLE leaves their bits clear); they touch no data, so
 * they work at any address. ResetSystem has a boot-time variant, swapped at ExitBootServices.
 */
#include "lib/layout.h"
#include "lib/lib.h"
#include "runtime/runtime.h"

static RTDATA EFI_RUNTIME_SERVICES runtime_services;
static RTDATA EFI_SYSTEM_TABLE *rt_systab;
static RTDATA BOOLEAN at_runtime, virtual_mode;
static RTDATA EFI_RESET_SYSTEM runtime_reset;
/* The physical bounds of the runtime sections, kept where runtime code can read them. */
static RTDATA UINT64 code_start, code_end, data_start, data_end;

/* The ms_abi caller cleans up its arguments, so one stub fits every signature. */
static RTCODE EFI_STATUS EFIAPI unsupported(void)
{
	return EFI_UNSUPPORTED;
}

RTCODE void table_update_crc(EFI_TABLE_HEADER *hdr)
{
	hdr->CRC32 = 0;
	hdr->CRC32 = crc32(hdr, hdr->HeaderSize);
}

void table_header_init(EFI_TABLE_HEADER *hdr, UINT64 signature, UINT32 size)
{
	*hdr = (EFI_TABLE_HEADER){ .Signature = signature, .Revision = UEFI_REVISION, .HeaderSize = size };
}

void runtime_enter(void)
{
	at_runtime = TRUE;
	runtime_services.ResetSystem = runtime_reset;
	table_update_crc(&runtime_services.Hdr);
}

bool runtime_exited(void)
{
	return at_runtime;
}

/* The offset the virtual map gives the physical range [start, end), or -1 when it has none. */
static RTCODE INT64 find_delta(UINT64 start, UINT64 end, UINTN map_size, UINTN desc_size,
				     const UINT8 *map, BOOLEAN *found)
{
	for (UINTN off = 0; off + desc_size <= map_size; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)(map + off);
		UINT64 d_end = d->PhysicalStart + d->NumberOfPages * 4096;
		if ((d->Attribute & EFI_MEMORY_RUNTIME) && d->PhysicalStart <= start && end <= d_end) {
			*found = TRUE;
			return (INT64)(d->VirtualStart - d->PhysicalStart);
		}
	}
	*found = FALSE;
	return 0;
}

static RTCODE BOOLEAN in_range(const void *p, UINT64 start, UINT64 end)
{
	return (UINT64)p >= start && (UINT64)p < end;
}

/* Moves every pointer the firmware keeps into runtime memory to its virtual address. */
static RTCODE void convert_pointers(INT64 code_delta, INT64 data_delta)
{
	EFI_SYSTEM_TABLE *st = rt_systab;
	void **entry = (void **)&runtime_services.GetTime;
	void **end = (void **)(&runtime_services + 1);

	for (; entry < end; entry++)
		if (in_range(*entry, code_start, code_end))
			*entry = (UINT8 *)*entry + code_delta;
	for (UINTN i = 0; i < st->NumberOfTableEntries; i++)
		if (in_range(st->ConfigurationTable[i].VendorTable, data_start, data_end))
			st->ConfigurationTable[i].VendorTable = (UINT8 *)st->ConfigurationTable[i].VendorTable + data_delta;
	st->ConfigurationTable = (void *)((UINT8 *)st->ConfigurationTable + data_delta);
	st->FirmwareVendor = (void *)((UINT8 *)st->FirmwareVendor + data_delta);
	st->RuntimeServices = (void *)((UINT8 *)st->RuntimeServices + data_delta);
	table_update_crc(&runtime_services.Hdr);
	table_update_crc(&st->Hdr);
}

/* Called once, after ExitBootServices, in the physical (identity) mapping. */
static RTCODE EFI_STATUS EFIAPI rt_set_virtual_address_map(UINTN map_size, UINTN desc_size, UINT32 version,
							      EFI_MEMORY_DESCRIPTOR *map)
{
	BOOLEAN code_found, data_found;
	INT64 code_delta, data_delta;

	if (!at_runtime || virtual_mode)
		return EFI_UNSUPPORTED;
	if (!map || version != EFI_MEMORY_DESCRIPTOR_VERSION || desc_size < sizeof(EFI_MEMORY_DESCRIPTOR) ||
	    map_size % desc_size)
		return EFI_INVALID_PARAMETER;
	code_delta = find_delta(code_start, code_end, map_size, desc_size, (const UINT8 *)map, &code_found);
	data_delta = find_delta(data_start, data_end, map_size, desc_size, (const UINT8 *)map, &data_found);
	if (!code_found || !data_found)
		return EFI_NOT_FOUND;
	convert_pointers(code_delta, data_delta);
	virtual_mode = TRUE;
	return EFI_SUCCESS;
}

EFI_RUNTIME_SERVICES *runtime_init(EFI_SYSTEM_TABLE *st, const struct runtime_plan *plan,
				   EFI_RESET_SYSTEM boot_reset)
{
	EFI_RUNTIME_SERVICES *rt = &runtime_services;
	void **entry = (void **)&rt->GetTime;
	void **end = (void **)(rt + 1);

	rt_systab = st;
	code_start = (UINT64)__rtcode_start;
	code_end = (UINT64)__rtcode_end;
	data_start = (UINT64)__rtdata_start;
	data_end = (UINT64)__rtdata_end;
	table_header_init(&rt->Hdr, EFI_RUNTIME_SERVICES_SIGNATURE, sizeof(*rt));
	while (entry < end)
		*entry++ = (void *)unsupported;
	rt->SetVirtualAddressMap = rt_set_virtual_address_map;
	variables_install(rt);
	reset_install(rt, plan);
	runtime_reset = rt->ResetSystem;
	rt->ResetSystem = boot_reset;
	table_update_crc(&rt->Hdr);
	return rt;
}
