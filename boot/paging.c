/*
 * The identity map above 4 GiB. boot/entry.asm mapped 0-4 GiB through PML4[0] and the first
 * four entries of boot_pdpt; the rest is mapped here once the memory map is known, every GiB
 * that holds a range of it (UEFI wants all of the map identity-mapped): one PDPT entry each
 * with 1 GiB pages, else a page directory of 2 MiB pages. Beyond 512 GiB each further PML4
 * entry needs a PDPT of its own.
 */
#include <efi.h>

#include "boot/cpu.h"
#include "boot/paging.h"
#include "lib/io.h"
#include "lib/layout.h"
#include "lib/lib.h"
#include "services/memory.h"

#define PTE_PRESENT 0x1ULL
#define PTE_P_RW 0x3ULL
#define PTE_LARGE 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define GIB (1ULL << 30)
/* The lower half of the 48-bit address space: identity mapping needs canonical addresses. */
#define MAPPABLE_LIMIT (128ULL << 40)

extern uint64_t boot_pml4[512];

/* A zeroed page-table page below 4 GiB, where the current map already reaches it. */
static uint64_t *new_table(void)
{
	EFI_PHYSICAL_ADDRESS addr = LAYOUT_IDENTITY_MAPPED - 1;

	if (mem_alloc_pages(AllocateMaxAddress, EfiBootServicesData, 1, &addr) != EFI_SUCCESS)
		return NULL;
	memset((void *)addr, 0, PAGE_SIZE);
	return (uint64_t *)addr;
}

/* The PDPT that maps GiB number gib, made when missing. */
static uint64_t *pdpt_of(uint64_t gib)
{
	uint64_t *pml4e = &boot_pml4[gib / 512], *pdpt;

	if (*pml4e & PTE_PRESENT)
		return (uint64_t *)(*pml4e & PTE_ADDR);
	if (!(pdpt = new_table()))
		return NULL;
	*pml4e = (uint64_t)pdpt | PTE_P_RW;
	return pdpt;
}

static const char *map_gib(uint64_t gib)
{
	uint64_t *pdpt = pdpt_of(gib), *pdpte, *pd;

	if (!pdpt)
		return "paging: no memory for page tables";
	pdpte = &pdpt[gib % 512];
	if (*pdpte & PTE_PRESENT)
		return NULL;
	if (cpu_has_gib_pages()) {
		*pdpte = gib * GIB | PTE_P_RW | PTE_LARGE;
		return NULL;
	}
	if (!(pd = new_table()))
		return "paging: no memory for page tables";
	for (uint64_t i = 0; i < 512; i++)
		pd[i] = (gib * GIB + (i << 21)) | PTE_P_RW | PTE_LARGE;
	*pdpte = (uint64_t)pd | PTE_P_RW;
	return NULL;
}

const char *paging_map_up_to(uint64_t top)
{
	const char *err;

	if (top > MAPPABLE_LIMIT)
		return "paging: memory above 128 TiB cannot be identity-mapped";
	for (uint64_t gib = LAYOUT_IDENTITY_MAPPED / GIB; gib < ALIGN_UP(top, GIB) / GIB; gib++)
		if (mem_in_map(gib * GIB, (gib + 1) * GIB) && (err = map_gib(gib)))
			return err;
	write_cr3(read_cr3()); /* cheap insurance: no cached paging structure outlives this */
	return NULL;
}
