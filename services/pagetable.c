/*
 * x86-64 page tables for an identity map: level 3 is the PML4, level 0 the page tables of 4 KiB
 * pages. Only leaves carry permissions: every table entry is present and writable without NX,
 * so the leaf under it decides alone. Pure: host-tested.
 */
#include "lib/lib.h"
#include "services/pagetable.h"

#define PTE_LARGE 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define TABLE_PERMS (PT_PRESENT | PT_WRITE)
#define ENTRIES 512

static unsigned shift_of(int level)
{
	return 12 + 9 * level;
}

/* Every entry of a page table maps a page itself, a large page above it. A leaf that is not
 * present keeps PTE_LARGE (the CPU reads no bit of it), so that it stays a leaf. */
static bool is_table(uint64_t e, int level)
{
	return e && level > 0 && !(e & PTE_LARGE);
}

static uint64_t leaf(uint64_t addr, int level, uint64_t perms)
{
	return addr | perms | (level ? PTE_LARGE : 0);
}

/* An empty entry maps nothing: it has no permissions. */
static uint64_t perms_of(uint64_t e)
{
	return e & PT_PERMS;
}

static bool leaf_allowed(const struct pagetable *pt, int level)
{
	return level <= 1 || (level == 2 && pt->gib_pages);
}

/* The table under entry e (level > 0); a leaf there becomes a table of its pages, one level down. */
static uint64_t *table_under(struct pagetable *pt, uint64_t *e, int level)
{
	uint64_t *t;

	if (is_table(*e, level))
		return (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
	if (!(t = pt->new_table()))
		return NULL;
	if (*e)
		for (uint64_t i = 0; i < ENTRIES; i++)
			t[i] = leaf((*e & PTE_ADDR) + (i << shift_of(level - 1)), level - 1, perms_of(*e));
	*e = (uint64_t)(uintptr_t)t | TABLE_PERMS;
	return t;
}

static EFI_STATUS set_level(struct pagetable *pt, uint64_t *table, int level, uint64_t start,
			    uint64_t end, uint64_t perms)
{
	uint64_t span = 1ULL << shift_of(level);

	for (uint64_t at = start; at < end;) {
		uint64_t base = ALIGN_DOWN(at, span), stop = MIN(end, base + span);
		uint64_t *e = &table[(at >> shift_of(level)) % ENTRIES], *sub;
		EFI_STATUS st;

		if (is_table(*e, level) || perms_of(*e) != perms) {
			if (at == base && stop == base + span && leaf_allowed(pt, level) && !is_table(*e, level))
				*e = leaf(base, level, perms);
			else if (!(sub = table_under(pt, e, level)))
				return EFI_OUT_OF_RESOURCES;
			else if ((st = set_level(pt, sub, level - 1, at, stop, perms)) != EFI_SUCCESS)
				return st;
		}
		at = stop;
	}
	return EFI_SUCCESS;
}

EFI_STATUS pt_set(struct pagetable *pt, uint64_t start, uint64_t end, uint64_t perms)
{
	if ((start | end) % PAGE_SIZE || start >= end || end > PT_LIMIT || (perms & ~PT_PERMS))
		return EFI_INVALID_PARAMETER;
	return set_level(pt, pt->root, 3, start, end, perms & (PT_PRESENT | PT_WRITE | pt->nx));
}

uint64_t pt_get(const struct pagetable *pt, uint64_t addr, uint64_t *next)
{
	const uint64_t *table = pt->root;

	if (addr >= PT_LIMIT) {
		*next = UINT64_MAX;
		return 0;
	}
	for (int level = 3;; level--) {
		uint64_t span = 1ULL << shift_of(level), e = table[(addr >> shift_of(level)) % ENTRIES];

		if (!is_table(e, level)) {
			*next = ALIGN_DOWN(addr, span) + span;
			return perms_of(e);
		}
		table = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
	}
}
