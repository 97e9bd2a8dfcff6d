/*
 * SetVirtualAddressMap and ConvertPointer. The OS gives every runtime range a virtual address,
 * once, after ExitBootServices, calling in the physical (identity) mapping. Then:
 *   - the virtual-address-change notifications run, and may call ConvertPointer;
 *   - the memory-mapped registers of the reset plan move to their virtual addresses;
 *   - the unit moves as a whole: every absolute address in its data (listed at build time by
 *     tools/rtrelocs.c, between __rtrelocs_start and __rtrelocs_end) grows by the unit's
 *     offset; its code is position-independent and needs nothing.
 */
#include "lib/layout.h"
#include "lib/status.h"
#include "runtime/internal.h"

#define MAX_VA_EVENTS 16

bool runtime_virtual;
static struct runtime_range ranges[RUNTIME_MAX_RANGES]; /* the firmware's, at ExitBootServices */
static uint32_t nr_ranges;
static struct {
	EFI_EVENT event;
	EFI_EVENT_NOTIFY fn;
	void *ctx;
} va_events[MAX_VA_EVENTS];
/* The OS's map, while SetVirtualAddressMap runs: what ConvertPointer converts through. */
static struct {
	const UINT8 *start;
	UINTN size, desc_size;
} os_map;

void runtime_keep_ranges(const struct runtime_range *r, uint32_t n)
{
	nr_ranges = n < RUNTIME_MAX_RANGES ? n : RUNTIME_MAX_RANGES;
	for (uint32_t i = 0; i < nr_ranges; i++)
		ranges[i] = r[i];
}

EFI_STATUS runtime_add_va_event(EFI_EVENT ev, EFI_EVENT_NOTIFY fn, void *ctx)
{
	for (int i = 0; i < MAX_VA_EVENTS; i++) {
		if (!va_events[i].event) {
			va_events[i].event = ev;
			va_events[i].fn = fn;
			va_events[i].ctx = ctx;
			return EFI_SUCCESS;
		}
	}
	return EFI_OUT_OF_RESOURCES;
}

void runtime_remove_va_event(EFI_EVENT ev)
{
	for (int i = 0; i < MAX_VA_EVENTS; i++)
		if (va_events[i].event == ev)
			va_events[i].event = NULL;
}

static const EFI_MEMORY_DESCRIPTOR *descriptor(UINTN i)
{
	return (const EFI_MEMORY_DESCRIPTOR *)(os_map.start + i * os_map.desc_size);
}

static UINTN descriptors(void)
{
	return os_map.size / os_map.desc_size;
}

/* The OS's runtime descriptor that holds the len > 0 bytes at start, or NULL. Sizes, not ends:
 * the last byte of the address space ends at 0. A descriptor bigger than the address space
 * holds nothing. */
static const EFI_MEMORY_DESCRIPTOR *holding(UINT64 start, UINT64 len)
{
	for (UINTN i = 0; i < descriptors(); i++) {
		const EFI_MEMORY_DESCRIPTOR *d = descriptor(i);
		UINT64 size = d->NumberOfPages * 4096, at = start - d->PhysicalStart;

		if ((d->Attribute & EFI_MEMORY_RUNTIME) && d->NumberOfPages <= UINT64_MAX / 4096 &&
		    d->PhysicalStart <= start && at < size && len <= size - at)
			return d;
	}
	return NULL;
}

/*
 * Every runtime range of ours has a virtual address. The OS may map more than ours as runtime
 * (Linux does page 0, for firmware that touches it): that is its business.
 */
static EFI_STATUS check_map(void)
{
	for (uint32_t i = 0; i < nr_ranges; i++)
		if (!holding(ranges[i].start, ranges[i].pages * 4096))
			return EFI_NO_MAPPING;
	return EFI_SUCCESS;
}

static EFI_STATUS convert(UINT64 *address)
{
	const EFI_MEMORY_DESCRIPTOR *d = holding(*address, 1);

	if (!d)
		return EFI_NOT_FOUND;
	*address += d->VirtualStart - d->PhysicalStart;
	return EFI_SUCCESS;
}

static void notify_va_change(void)
{
	for (int i = 0; i < MAX_VA_EVENTS; i++)
		if (va_events[i].event)
			va_events[i].fn(va_events[i].event, va_events[i].ctx);
}

static void relocate(INT64 offset)
{
	for (const uint32_t *r = __rtrelocs_start; r < __rtrelocs_end; r++)
		*(UINT64 *)(__rtcode_start + *r) += offset;
}

static EFI_STATUS set_virtual_address_map(UINTN map_size, UINTN desc_size, UINT32 version,
					  EFI_MEMORY_DESCRIPTOR *map)
{
	const EFI_MEMORY_DESCRIPTOR *unit;
	EFI_STATUS st;

	/* os_map.start: a virtual-address-change notification calling again; the unit must move
	 * once. */
	if (!runtime_at_runtime || runtime_virtual || os_map.start)
		return EFI_UNSUPPORTED;
	if (!map || version != EFI_MEMORY_DESCRIPTOR_VERSION || desc_size < sizeof(EFI_MEMORY_DESCRIPTOR) ||
	    desc_size % 8 || map_size % desc_size)
		return EFI_INVALID_PARAMETER;
	os_map.start = (const UINT8 *)map;
	os_map.size = map_size;
	os_map.desc_size = desc_size;
	unit = holding((UINT64)__rtcode_start, (UINT64)(__rtdata_end - __rtcode_start));
	if ((st = check_map()) == EFI_SUCCESS && !unit)
		st = EFI_NO_MAPPING;
	if (st == EFI_SUCCESS) {
		notify_va_change();
		reset_convert_registers(convert);
		relocate((INT64)(unit->VirtualStart - unit->PhysicalStart));
		runtime_virtual = true;
		table_update_crc(&runtime_services.Hdr);
		table_update_crc(&runtime_system_table.Hdr);
	}
	os_map.start = NULL; /* ConvertPointer is for the notifications only */
	return st;
}

/* Outside SetVirtualAddressMap there is no map to convert through: nothing is found (what
 * edk2 answers too). */
static EFI_STATUS convert_pointer(UINTN disposition, void **address)
{
	if (!address)
		return EFI_INVALID_PARAMETER;
	if (!*address)
		return disposition & EFI_OPTIONAL_PTR ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
	return os_map.start ? convert((UINT64 *)address) : EFI_NOT_FOUND;
}

EFI_STATUS EFIAPI rt_set_virtual_address_map(UINTN map_size, UINTN desc_size, UINT32 version,
					     EFI_MEMORY_DESCRIPTOR *map)
{
	EFI_STATUS st = set_virtual_address_map(map_size, desc_size, version, map);

	trace_rt("pvhefi: trace: runtime SetVirtualAddressMap(%lu bytes) = %s\n", map_size,
		 status_name(st));
	return st;
}

EFI_STATUS EFIAPI rt_convert_pointer(UINTN disposition, void **address)
{
	EFI_STATUS st = convert_pointer(disposition, address);

	trace_rt("pvhefi: trace: runtime ConvertPointer = %s\n", status_name(st));
	return st;
}
