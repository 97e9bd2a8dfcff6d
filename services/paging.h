/*
 * The firmware's page tables: the identity map of what the memory map describes, and who may
 * write and execute each page (services/paging.c).
 */
#ifndef PVHEFI_PAGING_H
#define PVHEFI_PAGING_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Maps what the memory map describes above the first 4 GiB, then gives every page its
 * permissions: the firmware's segments as linker.ld made them, the embedded payload
 * (payload_size bytes at __payload_start) read-only, page 0 and the guard pages below the stacks
 * not present, every other page not executable. Needs the memory map (page tables come from
 * it). NULL or what went wrong.
 */
const char *paging_init(uint64_t payload_size);
/*
 * What pages of this type get when allocated (EfiConventionalMemory: when freed): the code
 * types are executable, all else is not. EFI_OUT_OF_RESOURCES when a page table was needed and
 * there was no memory for it. Does nothing before paging_init.
 */
EFI_STATUS paging_for_type(uint64_t addr, uint64_t pages, uint32_t type);
/* The attributes the page tables keep: the others are the memory map's. */
#define PAGING_ACCESS_ATTRS (EFI_MEMORY_RP | EFI_MEMORY_RO | EFI_MEMORY_XP)

/* [start, end)'s EFI_MEMORY_RP, _RO and _XP, when they are the same throughout; EFI_NO_MAPPING
 * when they are not, EFI_UNSUPPORTED beyond what the page tables reach. */
EFI_STATUS paging_get_attributes(uint64_t start, uint64_t end, uint64_t *attrs);
/* Sets, then clears, EFI_MEMORY_RP, _RO and _XP on each page of [start, end): the other two of
 * each page's bits stay as they were. EFI_OUT_OF_RESOURCES when a page table was needed. */
EFI_STATUS paging_change_attributes(uint64_t start, uint64_t end, uint64_t set, uint64_t clear);
/* True when the CPU enforces EFI_MEMORY_XP (EFER.NXE). */
bool paging_nx(void);

#endif
