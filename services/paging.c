/*
 * The firmware's page tables. boot/entry.asm identity-maps 0-4 GiB read-write-executable with
 * large pages before any C runs; paging_init() maps the rest of the memory map (UEFI wants all
 * of it identity-mapped) and gives every page its permissions:
 *   .text, runtime code          read, execute
 *   .rodata, the payload         read
 *   .data, runtime data, .bss    read, write
 *   page 0, the stacks' guards   not present: a NULL dereference or a stack overflow faults
 *   all other memory             read, write, no execute
 * 4 KiB pages only where a permission changes inside a large page. Afterwards pages allocated
 * as code are executable again until freed (services/memory.c), a loaded image gets its
 * sections' permissions (services/image.c), and the payload changes what it allocated through
 * EFI_MEMORY_ATTRIBUTE_PROTOCOL (services/memattr.c).
 */
#include "lib/io.h"
#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/uefi.h"
#include "services/memory.h"
#include "services/pagetable.h"
#include "services/paging.h"

#define MSR_EFER 0xc0000080
#define EFER_NXE (1ULL << 11)
#define CPUID_GIB_PAGES (1u << 26) /* leaf 0x80000001, EDX */
#define GIB (1ULL << 30)
#define DATA (PT_PRESENT | PT_WRITE | PT_NX)
#define CODE (PT_PRESENT | PT_WRITE)

static struct pagetable pt;
static bool protecting; /* paging_init is done: allocations get their permissions */

/* A zeroed page for a table, below 4 GiB: there the map reaches it whatever it is mapping. */
static uint64_t *new_table(void)
{
	EFI_PHYSICAL_ADDRESS addr = LAYOUT_IDENTITY_MAPPED - 1;

	if (mem_alloc_pages(AllocateMaxAddress, EfiBootServicesData, 1, &addr) != EFI_SUCCESS)
		return NULL;
	memset((void *)addr, 0, PAGE_SIZE);
	return (uint64_t *)addr;
}

/* Every page-table change goes through here: no stale translation may outlive it. */
static EFI_STATUS set(uint64_t start, uint64_t end, uint64_t perms)
{
	EFI_STATUS st = pt_set(&pt, start, end, perms);

	write_cr3(read_cr3());
	return st;
}

/* What the memory map describes above 4 GiB, whole gigabytes at a time. */
static const char *map_above_4gib(void)
{
	for (uint64_t g = LAYOUT_IDENTITY_MAPPED; g < mem_top(); g += GIB) {
		if (g >= PT_LIMIT)
			return "paging: memory above 128 TiB cannot be identity-mapped";
		if (mem_in_map(g, g + GIB) && pt_set(&pt, g, g + GIB, DATA) != EFI_SUCCESS)
			return "paging: no memory for page tables";
	}
	return NULL;
}

/* The firmware's own pages, its code first: it runs from them while the rest changes. */
static const char *protect_firmware(uint64_t payload_size)
{
	const char *payload_end = __payload_start + ALIGN_UP(payload_size, PAGE_SIZE);
	const struct {
		const char *start, *end;
		uint64_t perms;
	} segs[] = {
		{ __image_start, __rodata_start, PT_PRESENT },
		{ __rtcode_start, __rtcode_end, PT_PRESENT },
		{ __rodata_start, __data_start, PT_PRESENT | PT_NX },
		{ __data_start, __rtcode_start, DATA },
		{ __rtdata_start, __rtdata_end, DATA },
		{ __bss_start, __image_end, DATA }, /* .bss and the stacks, */
		{ __boot_stack_guard, __boot_stack_guard + PAGE_SIZE, PT_WRITE | PT_NX }, /* but guards */
		{ __exception_stack_guard, __exception_stack_guard + PAGE_SIZE, PT_WRITE | PT_NX },
		{ __fatal_stack_guard, __fatal_stack_guard + PAGE_SIZE, PT_WRITE | PT_NX },
		{ __payload_start, payload_end, PT_PRESENT | PT_NX },
		{ NULL, (const char *)PAGE_SIZE, PT_WRITE | PT_NX }, /* page 0 */
		{ (const char *)PAGE_SIZE, __image_start, DATA },
		{ payload_end, (const char *)LAYOUT_IDENTITY_MAPPED, DATA },
	};

	for (size_t i = 0; i < ARRAY_SIZE(segs); i++) {
		uint64_t s = (uint64_t)segs[i].start, e = ALIGN_UP((uint64_t)segs[i].end, PAGE_SIZE);

		if (e > s && pt_set(&pt, s, e, segs[i].perms) != EFI_SUCCESS)
			return "paging: no memory for page tables";
	}
	return NULL;
}

const char *paging_init(uint64_t payload_size)
{
	uint32_t a, b, c, d;
	const char *err;

	cpuid(0x80000001, 0, &a, &b, &c, &d);
	pt = (struct pagetable){ boot_pml4, new_table, (d & CPUID_GIB_PAGES) != 0,
				 rdmsr(MSR_EFER) & EFER_NXE ? PT_NX : 0 };
	err = map_above_4gib();
	if (!err)
		err = protect_firmware(payload_size);
	write_cr3(read_cr3());
	protecting = !err;
	return err;
}

static bool is_code(uint32_t type)
{
	return type == EfiLoaderCode || type == EfiBootServicesCode || type == EfiRuntimeServicesCode;
}

EFI_STATUS paging_for_type(uint64_t addr, uint64_t pages, uint32_t type)
{
	if (!protecting)
		return EFI_SUCCESS;
	return set(addr, addr + pages * PAGE_SIZE, is_code(type) ? CODE : DATA);
}

bool paging_nx(void)
{
	return pt.nx != 0;
}

static uint64_t attrs_of(uint64_t perms)
{
	return (perms & PT_PRESENT ? 0 : EFI_MEMORY_RP) | (perms & PT_WRITE ? 0 : EFI_MEMORY_RO) |
	       (perms & PT_NX ? EFI_MEMORY_XP : 0);
}

static uint64_t perms_of(uint64_t attrs)
{
	return (attrs & EFI_MEMORY_RP ? 0 : PT_PRESENT) | (attrs & EFI_MEMORY_RO ? 0 : PT_WRITE) |
	       (attrs & EFI_MEMORY_XP ? PT_NX : 0);
}

EFI_STATUS paging_get_attributes(uint64_t start, uint64_t end, uint64_t *attrs)
{
	uint64_t next, first = 0;

	if (end > PT_LIMIT)
		return EFI_UNSUPPORTED;
	for (uint64_t at = start; at < end; at = next) {
		uint64_t a = attrs_of(pt_get(&pt, at, &next));

		if (at == start)
			first = a;
		else if (a != first)
			return EFI_NO_MAPPING;
	}
	*attrs = first;
	return EFI_SUCCESS;
}

EFI_STATUS paging_change_attributes(uint64_t start, uint64_t end, uint64_t set_attrs, uint64_t clear)
{
	uint64_t next;
	EFI_STATUS st = EFI_SUCCESS;

	if (end > PT_LIMIT)
		return EFI_UNSUPPORTED;
	for (uint64_t at = start; at < end && st == EFI_SUCCESS; at = next) {
		uint64_t a = (attrs_of(pt_get(&pt, at, &next)) | set_attrs) & ~clear & PAGING_ACCESS_ATTRS;

		st = pt_set(&pt, at, MIN(next, end), perms_of(a));
	}
	write_cr3(read_cr3());
	return st;
}
