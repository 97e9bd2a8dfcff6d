/* The memory map's invariants, asserted by both memmap test programs (cmocka included first). */
#ifndef PVHEFI_TEST_MEMMAP_INVARIANTS_H
#define PVHEFI_TEST_MEMMAP_INVARIANTS_H

#include "services/memmap.h"

/* Sorted, non-overlapping, no empty range, nothing left to merge. */
static inline void check_map_invariants(const struct memmap *m)
{
	for (uint32_t i = 0; i < m->count; i++) {
		const struct memmap_range *r = &m->r[i], *p = i ? &m->r[i - 1] : NULL;
		assert_true(r->pages > 0);
		assert_int_equal(r->start % 4096, 0);
		if (!p)
			continue;
		assert_true(memmap_range_end(p) <= r->start);
		assert_false(memmap_range_end(p) == r->start && p->type == r->type && p->attr == r->attr &&
			     p->allocated == r->allocated);
	}
}

#endif
