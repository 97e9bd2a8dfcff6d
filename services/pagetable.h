/*
 * x86-64 four-level page tables for an identity map, and the permissions of its pages: present,
 * writable, executable. Pure (tables come from a callback): host-tested (services/pagetable.c).
 */
#ifndef PVHEFI_PAGETABLE_H
#define PVHEFI_PAGETABLE_H

#include <efi.h>
#include <stdbool.h>
#include <stdint.h>

/* A page's permissions, as the bits of its page-table entry. A page that is not present keeps
 * its other two bits, so that making it present again restores them. */
#define PT_PRESENT 0x1ULL
#define PT_WRITE 0x2ULL
#define PT_NX (1ULL << 63)
#define PT_PERMS (PT_PRESENT | PT_WRITE | PT_NX)
/* What four levels of 4 KiB tables reach: the lower half of the 48-bit address space. */
#define PT_LIMIT (1ULL << 47)

struct pagetable {
	uint64_t *root; /* the PML4 */
	/* A zeroed, page-aligned page for a new table, at an address the map already reaches
	 * (its address is its pointer); NULL when there is none. */
	uint64_t *(*new_table)(void);
	bool gib_pages; /* 1 GiB leaves are allowed */
	uint64_t nx;    /* PT_NX when the CPU enforces it (EFER.NXE), else 0: then it is never set */
};

/*
 * Identity-maps [start, end) (page-aligned, below PT_LIMIT) with perms, a combination of the
 * PT_ bits. A large page the range covers only in part is split; a whole one becomes (or stays)
 * a large page; pages that have these permissions already are left alone, so they need no
 * table. EFI_OUT_OF_RESOURCES when a table was needed and none came: the pages done until then
 * keep their new permissions. EFI_INVALID_PARAMETER for a range out of bounds.
 */
EFI_STATUS pt_set(struct pagetable *pt, uint64_t start, uint64_t end, uint64_t perms);
/* The permissions of the page at addr (0 where nothing maps it), and in *next the end of the
 * page or large page, or of the unmapped stretch, that holds it. */
uint64_t pt_get(const struct pagetable *pt, uint64_t addr, uint64_t *next);

#endif
