/*
 * The EFI memory map: an array of ranges sorted by address. Every change rewrites one span
 * [start, end) and merges alike neighbours, so the map never needs a separate clean-up.
 * Pure: no firmware calls, host-tested.
 */
#include "lib/lib.h"
#include "services/memmap.h"

#define PAGE_MASK (PAGE_SIZE - 1)
#define FOUR_GIB (4ULL << 30)
#define MAX_PAGES (UINT64_MAX / PAGE_SIZE)

void memmap_init(struct memmap *m)
{
	m->count = 0;
	m->capacity = MEMMAP_INITIAL_RANGES;
	m->r = m->initial;
	m->key = 1;
}

/* How many ranges a change may leave: frees may use the reserve, nothing else may. */
static uint32_t limit(const struct memmap *m, bool freeing)
{
	return freeing ? m->capacity : m->capacity - MEMMAP_FREE_RESERVE;
}

static bool alike(const struct memmap_range *a, const struct memmap_range *b)
{
	return memmap_range_end(a) == b->start && a->type == b->type && a->attr == b->attr;
}

static void merge(struct memmap *m)
{
	uint32_t out = 0;

	for (uint32_t i = 0; i < m->count; i++) {
		if (out && alike(&m->r[out - 1], &m->r[i]) && m->r[out - 1].allocated == m->r[i].allocated)
			m->r[out - 1].pages += m->r[i].pages;
		else
			m->r[out++] = m->r[i];
	}
	m->count = out;
}

/* Replaces whatever lies in [start, end) (page-aligned, start < end) by one range, when the
 * map then holds at most max ranges. */
static EFI_STATUS put(struct memmap *m, uint64_t start, uint64_t end, uint32_t type, uint64_t attr,
		      bool allocated, uint32_t max)
{
	struct memmap_range left, right, mid = { start, (end - start) / PAGE_SIZE, attr, type, allocated };
	uint32_t first = 0, last, n, i;
	bool has_left, has_right;

	while (first < m->count && memmap_range_end(&m->r[first]) <= start)
		first++;
	for (last = first; last < m->count && m->r[last].start < end; last++)
		;
	/* r[first, last) overlap the span; the first and last may stick out of it. */
	has_left = last > first && m->r[first].start < start;
	has_right = last > first && memmap_range_end(&m->r[last - 1]) > end;
	if (has_left) {
		left = m->r[first];
		left.pages = (start - left.start) / PAGE_SIZE;
	}
	if (has_right) {
		right = m->r[last - 1];
		right.pages = (memmap_range_end(&right) - end) / PAGE_SIZE;
		right.start = end;
	}
	n = has_left + 1 + has_right;
	if (m->count - (last - first) + n > max)
		return EFI_OUT_OF_RESOURCES;
	memmove(&m->r[first + n], &m->r[last], (m->count - last) * sizeof(m->r[0]));
	m->count = m->count - (last - first) + n;
	i = first;
	if (has_left)
		m->r[i++] = left;
	m->r[i++] = mid;
	if (has_right)
		m->r[i] = right;
	merge(m);
	m->key++;
	return EFI_SUCCESS;
}

/* [start, start + pages pages) is page-aligned and ends inside the address space. */
static bool span_ok(uint64_t start, uint64_t pages)
{
	return !(start & PAGE_MASK) && pages && pages <= MAX_PAGES &&
	       pages * PAGE_SIZE <= UINT64_MAX - start;
}

EFI_STATUS memmap_set(struct memmap *m, uint64_t start, uint64_t pages, uint32_t type, uint64_t attr)
{
	if (!span_ok(start, pages))
		return EFI_INVALID_PARAMETER;
	return put(m, start, start + pages * PAGE_SIZE, type, attr, false, limit(m, false));
}

static bool is_free(const struct memmap_range *r)
{
	return r->type == EfiConventionalMemory;
}

/* The first range that ends after addr, or NULL. */
static const struct memmap_range *range_after(const struct memmap *m, uint64_t addr)
{
	for (uint32_t i = 0; i < m->count; i++)
		if (memmap_range_end(&m->r[i]) > addr)
			return &m->r[i];
	return NULL;
}

/* The ranges claiming [start, end) adds at most: each free range it cuts into gains a piece on
 * each side that sticks out of the span (merging may take some back). */
static uint32_t claim_growth(const struct memmap *m, uint64_t start, uint64_t end)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < m->count; i++) {
		const struct memmap_range *r = &m->r[i];

		if (is_free(r) && r->start < end && memmap_range_end(r) > start)
			n += (r->start < start) + (memmap_range_end(r) > end);
	}
	return n;
}

EFI_STATUS memmap_claim(struct memmap *m, uint64_t start, uint64_t pages, uint32_t type, uint64_t attr)
{
	uint64_t end = start + pages * PAGE_SIZE, cur = start;
	const struct memmap_range *r;
	EFI_STATUS st;

	if (!span_ok(start, pages))
		return EFI_INVALID_PARAMETER;
	/* Room for every piece first: like memmap_set, a claim that cannot make all of its changes
	 * makes none (put() checks one change at a time). */
	if (m->count + claim_growth(m, start, end) > limit(m, false))
		return EFI_OUT_OF_RESOURCES;
	while (cur < end && (r = range_after(m, cur)) && r->start < end) {
		uint64_t s = MAX(r->start, cur);
		bool was_free = is_free(r);

		cur = MIN(memmap_range_end(r), end);
		/* put() moves the ranges around: r is not used after it. */
		if (was_free && (st = put(m, s, cur, type, attr, false, limit(m, false))) != EFI_SUCCESS)
			return st;
	}
	return EFI_SUCCESS;
}

const struct memmap_range *memmap_find(const struct memmap *m, uint64_t addr)
{
	for (uint32_t i = 0; i < m->count; i++)
		if (m->r[i].start <= addr && addr < memmap_range_end(&m->r[i]))
			return &m->r[i];
	return NULL;
}

uint64_t memmap_top(const struct memmap *m)
{
	return m->count ? memmap_range_end(&m->r[m->count - 1]) : 0;
}

static bool is_allocated(const struct memmap_range *r)
{
	return r->allocated;
}

/* Every byte of [start, end) lies in ranges, without gaps, that pass ok(). */
static bool covered(const struct memmap *m, uint64_t start, uint64_t end,
		    bool (*ok)(const struct memmap_range *))
{
	uint64_t cur = start;

	for (uint32_t i = 0; i < m->count; i++) {
		const struct memmap_range *r = &m->r[i];

		if (memmap_range_end(r) <= cur)
			continue;
		if (r->start > cur || !ok(r))
			return false;
		cur = memmap_range_end(r);
		if (cur >= end)
			return true;
	}
	return false;
}

/*
 * UEFI 2.10 rejects the reserved types EfiMaxMemoryType..0x6FFFFFFF, EfiPersistentMemory and
 * EfiUnacceptedMemory; OEM and OS types are fine. EfiConventionalMemory is refused too, as edk2
 * does: "allocated" free memory would still be handed out to others.
 */
bool memmap_type_allocatable(uint32_t type)
{
	if (type == EfiConventionalMemory || type == EFI_PERSISTENT_MEMORY || type == EFI_UNACCEPTED_MEMORY)
		return false;
	return type < EFI_MEMORY_TYPE_COUNT || type >= EFI_MEMORY_TYPE_OEM_MIN;
}

/* Highest base of len bytes inside one free range and inside [lo, hi); 0 when none fits. */
static uint64_t find_top(const struct memmap *m, uint64_t len, uint64_t lo, uint64_t hi)
{
	for (uint32_t i = m->count; i-- > 0;) {
		const struct memmap_range *r = &m->r[i];
		uint64_t s = MAX(r->start, lo), e = MIN(memmap_range_end(r), hi);

		if (is_free(r) && e > s && e - s >= len)
			return e - len;
	}
	return 0;
}

/* Exclusive page-aligned end for AllocateMaxAddress: the last allocated byte must be <= max. */
static uint64_t limit_below(uint64_t max)
{
	if (max >= UINT64_MAX - PAGE_MASK)
		return UINT64_MAX;
	return (max + 1) & ~PAGE_MASK;
}

static uint64_t alloc_attr(uint64_t attr, uint32_t type)
{
	attr &= ~EFI_MEMORY_RUNTIME;
	if (type == EfiRuntimeServicesCode || type == EfiRuntimeServicesData)
		attr |= EFI_MEMORY_RUNTIME;
	return attr;
}

/*
 * Status codes as edk2 and U-Boot give them where UEFI 2.10 leaves room: AllocateAnyPages and
 * AllocateMaxAddress that find no room (or are asked for 0 pages) return EFI_OUT_OF_RESOURCES;
 * AllocateAddress returns EFI_NOT_FOUND when the range is not free, not page-aligned or empty.
 * Page 0 is never handed out (lo starts at one page), so NULL is never a valid allocation.
 */
EFI_STATUS memmap_alloc(struct memmap *m, uint32_t how, uint32_t type, uint64_t pages, uint64_t *addr)
{
	uint64_t base, len = pages * PAGE_SIZE;
	EFI_STATUS st;

	if (how >= MaxAllocateType || !memmap_type_allocatable(type) || !addr)
		return EFI_INVALID_PARAMETER;
	if (how == AllocateAddress) {
		base = *addr;
		if (base < PAGE_SIZE || !span_ok(base, pages) || !covered(m, base, base + len, is_free))
			return EFI_NOT_FOUND;
	} else if (!pages || pages > MAX_PAGES) {
		return EFI_OUT_OF_RESOURCES;
	} else if (how == AllocateMaxAddress) {
		base = find_top(m, len, PAGE_SIZE, limit_below(*addr));
	} else {
		/* Low memory first: many EFI programs keep addresses in 32-bit fields or hand them
		 * to devices that can only reach 4 GiB. */
		base = find_top(m, len, PAGE_SIZE, FOUR_GIB);
		if (!base)
			base = find_top(m, len, FOUR_GIB, UINT64_MAX);
	}
	if (!base)
		return EFI_OUT_OF_RESOURCES;
	st = put(m, base, base + len, type, alloc_attr(memmap_find(m, base)->attr, type), true,
		 limit(m, false));
	if (st == EFI_SUCCESS)
		*addr = base;
	return st;
}

/* Only pages that memmap_alloc handed out can be freed: not free memory, not the firmware's. */
EFI_STATUS memmap_free(struct memmap *m, uint64_t addr, uint64_t pages)
{
	uint64_t end = addr + pages * PAGE_SIZE;

	if (!span_ok(addr, pages))
		return EFI_INVALID_PARAMETER;
	if (!covered(m, addr, end, is_allocated))
		return EFI_NOT_FOUND;
	return put(m, addr, end, EfiConventionalMemory, memmap_find(m, addr)->attr & ~EFI_MEMORY_RUNTIME,
		   false, limit(m, true));
}

EFI_STATUS memmap_take(struct memmap *m, uint64_t pages, uint64_t below, uint64_t *addr)
{
	uint64_t len = pages * PAGE_SIZE, base;

	if (!pages || pages > MAX_PAGES || !(base = find_top(m, len, PAGE_SIZE, below)))
		return EFI_OUT_OF_RESOURCES;
	*addr = base;
	return put(m, base, base + len, EfiBootServicesData, memmap_find(m, base)->attr, false,
		   limit(m, true));
}

void memmap_untake(struct memmap *m, uint64_t addr, uint64_t pages)
{
	put(m, addr, addr + pages * PAGE_SIZE, EfiConventionalMemory, memmap_find(m, addr)->attr, false,
	    limit(m, true));
}

void memmap_move(struct memmap *m, struct memmap_range *r, uint32_t capacity)
{
	memcpy(r, m->r, m->count * sizeof(*r));
	m->r = r;
	m->capacity = capacity;
}

uint32_t memmap_export(const struct memmap *m, uint32_t i, EFI_MEMORY_DESCRIPTOR *d)
{
	const struct memmap_range *r = &m->r[i];

	*d = (EFI_MEMORY_DESCRIPTOR){ .Type = r->type, .PhysicalStart = r->start,
				      .NumberOfPages = r->pages, .Attribute = r->attr };
	/* Allocated and firmware ranges of one type are one descriptor to the caller. */
	while (++i < m->count && alike(&m->r[i - 1], &m->r[i]))
		d->NumberOfPages += m->r[i].pages;
	return i;
}

static UINTN export_count(const struct memmap *m)
{
	UINTN n = 0;

	for (uint32_t i = 0; i < m->count; i++)
		if (i == 0 || !alike(&m->r[i - 1], &m->r[i]))
			n++;
	return n;
}

/* MapKey, DescriptorSize and DescriptorVersion are optional, as in edk2: filled when given. */
EFI_STATUS memmap_get(const struct memmap *m, UINTN *size, EFI_MEMORY_DESCRIPTOR *buf, UINTN *key,
		      UINTN *desc_size, UINT32 *desc_version)
{
	UINTN need = export_count(m) * MEMMAP_DESC_SIZE;
	uint8_t *out = (uint8_t *)buf;
	EFI_MEMORY_DESCRIPTOR d;

	if (!size)
		return EFI_INVALID_PARAMETER;
	if (desc_size)
		*desc_size = MEMMAP_DESC_SIZE;
	if (desc_version)
		*desc_version = EFI_MEMORY_DESCRIPTOR_VERSION;
	if (key)
		*key = m->key;
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buf)
		return EFI_INVALID_PARAMETER;
	*size = need;
	for (uint32_t i = 0; i < m->count; out += MEMMAP_DESC_SIZE) {
		i = memmap_export(m, i, &d);
		memset(out, 0, MEMMAP_DESC_SIZE);
		memcpy(out, &d, sizeof(d));
	}
	return EFI_SUCCESS;
}
