/* The memory map in words, for the boot log and the fault messages (services/memory.h). */
#include <efi.h>

#include "lib/lib.h"
#include "lib/log.h"
#include "services/memory.h"

static const char *const type_names[] = {
	"reserved", "loader code", "loader data", "BS code", "BS data", "RT code", "RT data",
	"free", "unusable", "ACPI reclaim", "ACPI NVS", "MMIO", "MMIO ports", "PAL code",
	"persistent", "unaccepted",
};

static const char *type_name(uint32_t type)
{
	if (type < ARRAY_SIZE(type_names))
		return type_names[type];
	return type >= EFI_MEMORY_TYPE_OS_MIN ? "OS" : type >= EFI_MEMORY_TYPE_OEM_MIN ? "OEM" : "?";
}

const char *mem_type_at(uint64_t addr)
{
	EFI_MEMORY_DESCRIPTOR d;
	UINT32 i = 0;

	while (mem_next_descriptor(&i, &d))
		if (addr >= d.PhysicalStart && (addr - d.PhysicalStart) / PAGE_SIZE < d.NumberOfPages)
			return type_name(d.Type);
	return "outside the memory map";
}

/* A line on the console; the whole map on the debug port, for whoever debugs. */
void mem_dump(void)
{
	EFI_MEMORY_DESCRIPTOR d;
	uint64_t free_pages = 0;
	UINT32 i = 0, n = 0;

	debug_printf("pvhefi: memory map (key %lu):\n", (unsigned long)mem_map_key());
	while (mem_next_descriptor(&i, &d)) {
		uint64_t last = d.PhysicalStart + d.NumberOfPages * PAGE_SIZE - 1;

		debug_printf("  %-12s %016lx-%016lx %9lu pages  attr %016lx\n", type_name(d.Type),
			     d.PhysicalStart, last, d.NumberOfPages, d.Attribute);
		if (d.Type == EfiConventionalMemory)
			free_pages += d.NumberOfPages;
		n++;
	}
	log_printf("pvhefi: memory: %lu MiB free in a map of %u descriptors (the map: port 0xE9)\n",
		   (unsigned long)(free_pages >> 8), n);
}
