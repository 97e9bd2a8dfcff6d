/*
 * EFI memory services: the map built from the machine's ranges and the firmware's own layout,
 * AllocatePages/FreePages/GetMemoryMap on top of services/memmap.c, and the pool.
 */
#include <efi.h>

#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "services/memmap.h"
#include "services/memory.h"
#include "services/paging.h"

static struct memmap map;
static struct slab *slabs; /* the pool's pages of small buffers (see below) */
static uint64_t payload_end; /* the embedded payload: [__payload_start, payload_end) */

static uint64_t array_pages(uint32_t capacity)
{
	return ALIGN_UP(capacity * sizeof(struct memmap_range), PAGE_SIZE) / PAGE_SIZE;
}

/*
 * Before a change of the map, room for it and for the frees that may follow: a map that could
 * eat into its reserve gets an array twice as big, from free memory the identity map already
 * covers. Without memory for one, the reserve is left for the frees.
 */
static void map_keep_room(void)
{
	struct memmap_range *old = map.r;
	uint32_t old_capacity = map.capacity;
	uint64_t addr;

	if (map.capacity - map.count > 2 * MEMMAP_FREE_RESERVE ||
	    memmap_take(&map, array_pages(2 * old_capacity), LAYOUT_IDENTITY_MAPPED, &addr) != EFI_SUCCESS)
		return;
	memmap_move(&map, (struct memmap_range *)addr, 2 * old_capacity);
	if (old != map.initial)
		memmap_untake(&map, (uint64_t)old, array_pages(old_capacity));
}

/* Pages allocated as code are executable, all others not: without a page table for that, the
 * allocation fails. */
static EFI_STATUS map_alloc(uint32_t how, uint32_t type, uint64_t pages, uint64_t *addr)
{
	EFI_STATUS st;

	map_keep_room();
	if ((st = memmap_alloc(&map, how, type, pages, addr)) != EFI_SUCCESS)
		return st;
	if ((st = paging_for_type(*addr, pages, type)) == EFI_SUCCESS) {
		mat_refresh();
		return st;
	}
	memmap_free(&map, *addr, pages);
	paging_for_type(*addr, pages, EfiConventionalMemory);
	return EFI_OUT_OF_RESOURCES;
}

/*
 * FreePages and FreePool never fail for want of room. Should the map be unable to record a
 * free even so (all memory allocated in pieces, the reserve used up), the pages stay
 * allocated: a leak, said on the console, rather than an error the spec does not allow.
 */
static EFI_STATUS map_free(uint64_t addr, uint64_t pages)
{
	EFI_STATUS st;

	map_keep_room();
	st = memmap_free(&map, addr, pages);
	/* Freed pages are not executable, whatever they were (were they left so for want of a
	 * page table, nothing would run there: they are free). */
	if (st == EFI_SUCCESS) {
		paging_for_type(addr, pages, EfiConventionalMemory);
		mat_refresh();
	}
	if (st != EFI_OUT_OF_RESOURCES)
		return st;
	log_printf("pvhefi: memory map full: %lu pages at 0x%lx stay allocated\n", (unsigned long)pages,
		   (unsigned long)addr);
	return EFI_SUCCESS;
}

static uint64_t attributes_of(uint32_t type)
{
	switch (type) {
	case EfiReservedMemoryType:
		return 0;
	case EFI_PERSISTENT_MEMORY:
		return MEM_ATTR_RAM | EFI_MEMORY_NV;
	default:
		return MEM_ATTR_RAM;
	}
}

/* Free RAM shrinks to whole pages; anything else grows to whole pages, and comes second so a
 * page shared by RAM and a reserved range is reserved. */
static const char *add_ranges(const struct machine *m, bool ram)
{
	for (uint32_t i = 0; i < m->nr_ranges; i++) {
		const struct machine_range *r = &m->ranges[i];
		uint64_t start, end = r->addr + r->size;

		if ((r->type == EfiConventionalMemory) != ram)
			continue;
		if (ram) {
			start = ALIGN_UP(r->addr, PAGE_SIZE);
			end = ALIGN_DOWN(end, PAGE_SIZE);
		} else {
			start = ALIGN_DOWN(r->addr, PAGE_SIZE);
			end = end > UINT64_MAX - PAGE_SIZE ? ALIGN_DOWN(UINT64_MAX, PAGE_SIZE) : ALIGN_UP(end, PAGE_SIZE);
		}
		if (end <= start)
			continue;
		map_keep_room();
		if (memmap_set(&map, start, (end - start) / PAGE_SIZE, r->type, attributes_of(r->type)) != EFI_SUCCESS)
			return "memory map: too many ranges";
	}
	return NULL;
}

/* Gives the firmware's part [start, end) of the image its type; empty sections are fine. */
static const char *mark_image(const char *start, const char *end, uint32_t type)
{
	uint64_t s = ALIGN_DOWN((uint64_t)start, PAGE_SIZE), e = ALIGN_UP((uint64_t)end, PAGE_SIZE);
	uint64_t attr = MEM_ATTR_RAM;

	if (type == EfiRuntimeServicesCode) /* the runtime unit, code and data: one range */
		attr |= EFI_MEMORY_RUNTIME;
	if (e > s && memmap_set(&map, s, (e - s) / PAGE_SIZE, type, attr) != EFI_SUCCESS)
		return "memory map full while marking the firmware image";
	return NULL;
}

/*
 * The payload's size is its header's word, room included (a kernel's SizeOfImage): every page
 * of it must be RAM the VMM described, as a module's must. Else the map would call a hole or
 * MMIO the firmware's, and a kernel loaded where it lies would be handed and zeroed there.
 */
static const char *check_payload_in_ram(uint64_t start, uint64_t end)
{
	const struct memmap_range *r;

	for (uint64_t cur = start; cur < end; cur = memmap_range_end(r))
		if (!(r = memmap_find(&map, cur)) || r->type != EfiConventionalMemory)
			return "the embedded payload (its header's size, the kernel's room included) "
			       "runs past the RAM of the memory map";
	return NULL;
}

static const char *mark_firmware(uint64_t payload_size)
{
	const char *err;

	/* text, rodata and data: one boot-services code range until W^X splits it. The runtime
	 * unit is one range of runtime code, code and data together, as a runtime driver's image
	 * is: the OS maps it at one offset, which is what SetVirtualAddressMap relocates by. */
	if ((err = mark_image(__image_start, __rtcode_start, EfiBootServicesCode)) ||
	    (err = mark_image(__rtcode_start, __rtdata_end, EfiRuntimeServicesCode)))
		return err;
	/* Then .bss (stacks and page tables, in use until ExitBootServices) and the payload. */
	if ((err = mark_image(__rtdata_end, __image_end, EfiBootServicesData)))
		return err;
	payload_end = ALIGN_UP((uint64_t)__payload_start + payload_size, PAGE_SIZE);
	if ((err = check_payload_in_ram((uint64_t)__payload_start, payload_end)))
		return err;
	return mark_image(__payload_start, (const char *)payload_end, EfiBootServicesData);
}

/* What the VMM filled (start_info, command lines, modules, the E820 table): boot-services
 * data, so the OS gets the memory back once it has read them. Only free RAM changes type: a
 * blob the VMM put in reserved memory keeps it reserved. */
static const char *mark_used(const struct machine *m)
{
	for (uint32_t i = 0; i < m->nr_used; i++) {
		uint64_t s = ALIGN_DOWN(m->used[i].addr, PAGE_SIZE);
		uint64_t e = ALIGN_UP(m->used[i].addr + m->used[i].size, PAGE_SIZE);

		map_keep_room();
		if (e > s && memmap_claim(&map, s, (e - s) / PAGE_SIZE, EfiBootServicesData,
					  MEM_ATTR_RAM) != EFI_SUCCESS)
			return "memory map full while marking start_info";
	}
	return NULL;
}

/* What the firmware keeps for the OS: the ACPI 2.0 twin in its image, and the registers its
 * runtime writes, which the OS must map for it (runtime MMIO, uncached, as edk2 does). */
static const char *mark_kept(const struct machine *m)
{
	for (uint32_t i = 0; i < m->nr_kept; i++) {
		const struct machine_range *k = &m->kept[i];
		uint64_t s = ALIGN_DOWN(k->addr, PAGE_SIZE), e = ALIGN_UP(k->addr + k->size, PAGE_SIZE);
		uint64_t attr = k->type == EfiMemoryMappedIO ? EFI_MEMORY_UC | EFI_MEMORY_RUNTIME : MEM_ATTR_RAM;

		if (e > s && memmap_set(&map, s, (e - s) / PAGE_SIZE, k->type, attr) != EFI_SUCCESS)
			return "memory map full while marking what the firmware keeps";
	}
	return NULL;
}

static bool has_free_ram(void)
{
	for (uint32_t i = 0; i < map.count; i++)
		if (map.r[i].type == EfiConventionalMemory)
			return true;
	return false;
}

const char *memory_init(const struct machine *m, uint64_t payload_size)
{
	const char *err;

	memmap_init(&map);
	slabs = NULL;
	if ((err = add_ranges(m, true)) || (err = add_ranges(m, false)))
		return err;
	if (!has_free_ram()) /* said first: no RAM at all is why nothing else fits either */
		return "no usable RAM in the memory map";
	if ((err = mark_firmware(payload_size)) || (err = mark_kept(m)) || (err = mark_used(m)))
		return err;
	/*
	 * Page 0 becomes boot-services data rather than reserved: nothing is ever allocated there,
	 * so no allocation is a NULL pointer (and FreePages refuses it), yet the OS still gets the
	 * RAM back after ExitBootServices.
	 */
	if (memmap_claim(&map, 0, 1, EfiBootServicesData, MEM_ATTR_RAM) != EFI_SUCCESS)
		return "memory map full";
	if (!has_free_ram())
		return "no usable RAM in the memory map";
	return NULL;
}

EFI_STATUS mem_alloc_pages(EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mtype, UINTN pages,
			   EFI_PHYSICAL_ADDRESS *addr)
{
	return map_alloc((uint32_t)type, (uint32_t)mtype, pages, addr);
}

EFI_STATUS mem_free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
	return map_free(addr, pages);
}

EFI_STATUS mem_hand_over(EFI_PHYSICAL_ADDRESS addr, UINTN pages, EFI_MEMORY_TYPE type)
{
	EFI_STATUS st;

	if (addr % PAGE_SIZE || addr < (uint64_t)__payload_start || addr > payload_end ||
	    pages > (payload_end - addr) / PAGE_SIZE || !pages)
		return EFI_INVALID_PARAMETER;
	map_keep_room();
	if ((st = memmap_set(&map, addr, pages, EfiConventionalMemory, MEM_ATTR_RAM)) != EFI_SUCCESS)
		return st;
	if ((st = map_alloc(AllocateAddress, type, pages, &addr)) != EFI_SUCCESS)
		memmap_set(&map, addr, pages, EfiBootServicesData, MEM_ATTR_RAM);
	return st;
}

uint32_t mem_runtime_ranges(struct runtime_range *out, uint32_t max)
{
	EFI_MEMORY_DESCRIPTOR d;
	uint32_t n = 0;

	for (uint32_t i = 0; i < map.count && n < max;) {
		i = memmap_export(&map, i, &d);
		if (d.Attribute & EFI_MEMORY_RUNTIME)
			out[n++] = (struct runtime_range){ d.PhysicalStart, d.NumberOfPages };
	}
	return n;
}

UINTN mem_map_key(void)
{
	return map.key;
}

UINT64 mem_top(void)
{
	return memmap_top(&map);
}

BOOLEAN mem_in_map(UINT64 start, UINT64 end)
{
	for (uint32_t i = 0; i < map.count; i++)
		if (map.r[i].start < end && start < memmap_range_end(&map.r[i]))
			return TRUE;
	return FALSE;
}

EFI_STATUS mem_check_owned(UINT64 start, UINT64 end)
{
	EFI_STATUS st = EFI_SUCCESS;

	for (UINT64 at = start; at < end;) {
		const struct memmap_range *r = memmap_find(&map, at);

		if (!r)
			return EFI_UNSUPPORTED;
		if (!r->allocated)
			st = EFI_ACCESS_DENIED;
		at = memmap_range_end(r);
	}
	return st;
}

/*
 * The pool. A buffer of up to 1 KiB is a slot in a "slab", a page of equal slots of one pool
 * type whose header has a bitmap of the slots in use; a bigger buffer gets pages of its own
 * after a header. FreePool checks a pointer against the memory map before it reads any header,
 * then against the header, so a wrong pointer is refused instead of freeing someone else's
 * memory. Every buffer is 32-byte aligned (UEFI asks for 8).
 */
#define BIG_MAGIC 0x6c6f6f7069666568ULL /* "hefipool" */
#define SLAB_MAGIC 0x62616c7369666568ULL /* "hefislab" */
#define SLAB_HEADER 64
#define SLOT_MIN 32
#define SLOT_MAX 1024

struct big_header {
	uint64_t magic;
	uint64_t pages;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

struct slab {
	uint64_t magic;
	struct slab *next;
	uint32_t type;
	uint32_t slot_size;
	uint32_t slots, used;
	uint64_t in_use[2]; /* (4096 - 64) / 32 = 126 slots at most */
};

_Static_assert(sizeof(struct big_header) == 32 && sizeof(struct slab) <= SLAB_HEADER, "pool headers");

static bool slot_busy(const struct slab *s, uint32_t i)
{
	return s->in_use[i / 64] & (1ULL << (i % 64));
}

static struct slab *new_slab(uint32_t type, uint32_t slot_size)
{
	EFI_PHYSICAL_ADDRESS addr;
	struct slab *s;

	if (map_alloc(AllocateAnyPages, type, 1, &addr) != EFI_SUCCESS)
		return NULL;
	s = (struct slab *)addr;
	*s = (struct slab){ SLAB_MAGIC, slabs, type, slot_size, (PAGE_SIZE - SLAB_HEADER) / slot_size, 0, { 0, 0 } };
	slabs = s;
	return s;
}

static EFI_STATUS alloc_slot(uint32_t type, UINTN size, void **buf)
{
	uint32_t slot_size = SLOT_MIN, i = 0;
	struct slab *s;

	while (slot_size < size)
		slot_size *= 2;
	for (s = slabs; s; s = s->next)
		if (s->type == type && s->slot_size == slot_size && s->used < s->slots)
			break;
	if (!s && !(s = new_slab(type, slot_size)))
		return EFI_OUT_OF_RESOURCES;
	while (slot_busy(s, i))
		i++;
	s->in_use[i / 64] |= 1ULL << (i % 64);
	s->used++;
	*buf = (uint8_t *)s + SLAB_HEADER + i * slot_size;
	return EFI_SUCCESS;
}

static EFI_STATUS free_slot(const struct memmap_range *r, uint64_t page, uint64_t off)
{
	struct slab *s = (struct slab *)page, **link;
	uint32_t i;

	if (s->magic != SLAB_MAGIC || s->type != r->type || s->slot_size < SLOT_MIN ||
	    s->slot_size > SLOT_MAX || off < SLAB_HEADER || (off - SLAB_HEADER) % s->slot_size)
		return EFI_INVALID_PARAMETER;
	i = (off - SLAB_HEADER) / s->slot_size;
	if (i >= s->slots || !slot_busy(s, i))
		return EFI_INVALID_PARAMETER;
	s->in_use[i / 64] &= ~(1ULL << (i % 64));
	if (--s->used)
		return EFI_SUCCESS;
	/* An empty slab goes back to the free memory. */
	for (link = &slabs; *link != s; link = &(*link)->next)
		;
	*link = s->next;
	s->magic = 0;
	map_free(page, 1);
	return EFI_SUCCESS;
}

static EFI_STATUS alloc_big(uint32_t type, UINTN size, void **buf)
{
	struct big_header *h;
	EFI_PHYSICAL_ADDRESS addr;
	UINTN pages;

	if (size > UINT64_MAX - sizeof(*h) - PAGE_SIZE)
		return EFI_OUT_OF_RESOURCES;
	pages = (size + sizeof(*h) + PAGE_SIZE - 1) / PAGE_SIZE;
	if (map_alloc(AllocateAnyPages, type, pages, &addr) != EFI_SUCCESS)
		return EFI_OUT_OF_RESOURCES;
	h = (struct big_header *)addr;
	*h = (struct big_header){ BIG_MAGIC, pages, size, type, 0 };
	*buf = h + 1;
	return EFI_SUCCESS;
}

static EFI_STATUS free_big(const struct memmap_range *r, uint64_t page)
{
	struct big_header *h = (struct big_header *)page;

	if (h->magic != BIG_MAGIC || h->type != r->type ||
	    h->pages > (memmap_range_end(r) - page) / PAGE_SIZE)
		return EFI_INVALID_PARAMETER;
	if (map_free(page, h->pages) != EFI_SUCCESS)
		return EFI_INVALID_PARAMETER;
	h->magic = 0; /* a second FreePool fails even once the page is allocated again */
	return EFI_SUCCESS;
}

/* AllocatePool's only failure besides bad parameters is EFI_OUT_OF_RESOURCES. */
EFI_STATUS mem_alloc_pool(EFI_MEMORY_TYPE mtype, UINTN size, void **buf)
{
	if (!memmap_type_allocatable(mtype) || !buf)
		return EFI_INVALID_PARAMETER;
	*buf = NULL;
	return size <= SLOT_MAX ? alloc_slot(mtype, size, buf) : alloc_big(mtype, size, buf);
}

EFI_STATUS mem_free_pool(void *buf)
{
	uint64_t page = ALIGN_DOWN((uint64_t)buf, PAGE_SIZE), off = (uint64_t)buf - page;
	const struct memmap_range *r;

	/* The map first: buf may point anywhere, even where nothing is mapped. */
	if (!buf || !(r = memmap_find(&map, page)) || !r->allocated)
		return EFI_INVALID_PARAMETER;
	return off == sizeof(struct big_header) ? free_big(r, page) : free_slot(r, page, off);
}

/* ---- the boot services ------------------------------------------------------------------ */

static EFI_STATUS EFIAPI bs_allocate_pages(EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mtype, UINTN pages,
					    EFI_PHYSICAL_ADDRESS *addr)
{
	return mem_alloc_pages(type, mtype, pages, addr);
}

static EFI_STATUS EFIAPI bs_free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
	return mem_free_pages(addr, pages);
}

static EFI_STATUS EFIAPI bs_get_memory_map(UINTN *size, EFI_MEMORY_DESCRIPTOR *buf, UINTN *key,
					    UINTN *desc_size, UINT32 *desc_version)
{
	return memmap_get(&map, size, buf, key, desc_size, desc_version);
}

static EFI_STATUS EFIAPI bs_allocate_pool(EFI_MEMORY_TYPE mtype, UINTN size, void **buf)
{
	return mem_alloc_pool(mtype, size, buf);
}

static EFI_STATUS EFIAPI bs_free_pool(void *buf)
{
	return mem_free_pool(buf);
}

void memory_install(EFI_BOOT_SERVICES *bs)
{
	bs->AllocatePages = bs_allocate_pages;
	bs->FreePages = bs_free_pages;
	bs->GetMemoryMap = bs_get_memory_map;
	bs->AllocatePool = bs_allocate_pool;
	bs->FreePool = bs_free_pool;
}

BOOLEAN mem_next_descriptor(UINT32 *i, EFI_MEMORY_DESCRIPTOR *d)
{
	if (*i >= map.count)
		return FALSE;
	*i = memmap_export(&map, *i, d);
	return TRUE;
}
