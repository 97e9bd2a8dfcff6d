/*
 * EFI memory services: the map built from start_info's E820 table and the firmware's own
 * layout, AllocatePages/FreePages/GetMemoryMap on top of services/memmap.c, and the pool.
 */
#include <efi.h>

#include "lib.h"
#include "log.h"
#include "memmap.h"
#include "memory.h"
#include "xen_platform.h"

/* linker.ld: the image by what the memory map must call each part. */
extern char __image_start[], __rtcode_start[], __rtcode_end[], __rtdata_start[], __rtdata_end[];
extern char __payload_start[], __payload_end[], __image_end[];

static struct memmap map;
static struct slab *slabs; /* the pool's pages of small buffers (see below) */

static uint32_t efi_type_of_e820(uint32_t type)
{
	switch (type) {
	case E820_RAM:
		return EfiConventionalMemory;
	case E820_ACPI:
		return EfiACPIReclaimMemory;
	case E820_NVS:
		return EfiACPIMemoryNVS;
	case E820_UNUSABLE:
		return EfiUnusableMemory;
	default: /* E820_RESERVED and types we do not know: the OS leaves them alone */
		return EfiReservedMemoryType;
	}
}

/* Free RAM shrinks to whole pages; anything else grows to whole pages, and comes second so a
 * page shared by RAM and a reserved range is reserved. */
static const char *add_e820(const struct boot_range *e820, uint32_t n, bool ram)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct boot_range *e = &e820[i];
		uint32_t type = efi_type_of_e820(e->type);
		uint64_t start, end = e->addr + e->size;

		if ((type == EfiConventionalMemory) != ram)
			continue;
		if (ram) {
			start = ALIGN_UP(e->addr, PAGE_SIZE);
			end = ALIGN_DOWN(end, PAGE_SIZE);
		} else {
			start = ALIGN_DOWN(e->addr, PAGE_SIZE);
			end = end > UINT64_MAX - PAGE_SIZE ? ALIGN_DOWN(UINT64_MAX, PAGE_SIZE) : ALIGN_UP(end, PAGE_SIZE);
		}
		if (end <= start)
			continue;
		if (memmap_set(&map, start, (end - start) / PAGE_SIZE, type,
			       type == EfiReservedMemoryType ? 0 : MEM_ATTR_RAM) != EFI_SUCCESS)
			return "memory map: too many E820 ranges";
	}
	return NULL;
}

/* Gives the firmware's part [start, end) of the image its type; empty sections are fine. */
static const char *mark_image(const char *start, const char *end, uint32_t type)
{
	uint64_t s = ALIGN_DOWN((uint64_t)start, PAGE_SIZE), e = ALIGN_UP((uint64_t)end, PAGE_SIZE);
	uint64_t attr = MEM_ATTR_RAM;

	if (type == EfiRuntimeServicesCode || type == EfiRuntimeServicesData)
		attr |= EFI_MEMORY_RUNTIME;
	if (e > s && memmap_set(&map, s, (e - s) / PAGE_SIZE, type, attr) != EFI_SUCCESS)
		return "memory map full while marking the firmware image";
	return NULL;
}

static const char *mark_firmware(void)
{
	const char *err;

	/* text, rodata and data: one boot-services code range until W^X splits it. */
	if ((err = mark_image(__image_start, __rtcode_start, EfiBootServicesCode)) ||
	    (err = mark_image(__rtcode_start, __rtcode_end, EfiRuntimeServicesCode)) ||
	    (err = mark_image(__rtdata_start, __rtdata_end, EfiRuntimeServicesData)) ||
	    (err = mark_image(__payload_start, __payload_end, EfiBootServicesData)))
		return err;
	/* Then comes .bss: stacks and page tables, in use until ExitBootServices. (Not named by
	 * __bss_start: hosted linkers define that symbol themselves, and the unit test is hosted.) */
	return mark_image(__payload_end, __image_end, EfiBootServicesData);
}

/* start_info, command lines, modules and the E820 table: boot-services data, so the OS gets
 * the memory back once it has read them. Only free RAM changes type: a blob the VMM put in
 * reserved memory keeps it reserved. */
static const char *mark_blobs(const struct boot_info *bi)
{
	for (uint32_t i = 0; i < bi->nr_blobs; i++) {
		uint64_t s = ALIGN_DOWN(bi->blobs[i].addr, PAGE_SIZE);
		uint64_t e = ALIGN_UP(bi->blobs[i].addr + bi->blobs[i].size, PAGE_SIZE);

		if (e > s && memmap_claim(&map, s, (e - s) / PAGE_SIZE, EfiBootServicesData,
					  MEM_ATTR_RAM) != EFI_SUCCESS)
			return "memory map full while marking start_info";
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

const char *memory_init(const struct boot_info *bi)
{
	static struct boot_range xen_e820[BOOT_MAX_MEMMAP];
	const struct boot_range *e820 = bi->memmap;
	uint32_t n = bi->nr_memmap;
	const char *err;

	memmap_init(&map);
	slabs = NULL;
	if (n == 0) { /* start_info version 0 has no map: on Xen, ask for it */
		e820 = xen_e820;
		n = xen_memory_map(xen_e820, BOOT_MAX_MEMMAP);
	}
	if (n == 0)
		return "no memory map in start_info";
	if ((err = add_e820(e820, n, true)) || (err = add_e820(e820, n, false)) || (err = mark_firmware()) ||
	    (err = mark_blobs(bi)))
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
	return memmap_alloc(&map, (uint32_t)type, (uint32_t)mtype, pages, addr);
}

EFI_STATUS mem_free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
	return memmap_free(&map, addr, pages);
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

	if (memmap_alloc(&map, AllocateAnyPages, type, 1, &addr) != EFI_SUCCESS)
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
	memmap_free(&map, page, 1);
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
	if (memmap_alloc(&map, AllocateAnyPages, type, pages, &addr) != EFI_SUCCESS)
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
	if (memmap_free(&map, page, h->pages) != EFI_SUCCESS)
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

static EFI_STATUS EFIAPI efi_allocate_pages(EFI_ALLOCATE_TYPE type, EFI_MEMORY_TYPE mtype, UINTN pages,
					    EFI_PHYSICAL_ADDRESS *addr)
{
	return mem_alloc_pages(type, mtype, pages, addr);
}

static EFI_STATUS EFIAPI efi_free_pages(EFI_PHYSICAL_ADDRESS addr, UINTN pages)
{
	return mem_free_pages(addr, pages);
}

static EFI_STATUS EFIAPI efi_get_memory_map(UINTN *size, EFI_MEMORY_DESCRIPTOR *buf, UINTN *key,
					    UINTN *desc_size, UINT32 *desc_version)
{
	return memmap_get(&map, size, buf, key, desc_size, desc_version);
}

static EFI_STATUS EFIAPI efi_allocate_pool(EFI_MEMORY_TYPE mtype, UINTN size, void **buf)
{
	return mem_alloc_pool(mtype, size, buf);
}

static EFI_STATUS EFIAPI efi_free_pool(void *buf)
{
	return mem_free_pool(buf);
}

void memory_install(EFI_BOOT_SERVICES *bs)
{
	bs->AllocatePages = efi_allocate_pages;
	bs->FreePages = efi_free_pages;
	bs->GetMemoryMap = efi_get_memory_map;
	bs->AllocatePool = efi_allocate_pool;
	bs->FreePool = efi_free_pool;
}

/* ---- the boot log ------------------------------------------------------------------------ */

static const char *const type_names[] = {
	"reserved", "loader code", "loader data", "BS code", "BS data", "RT code", "RT data",
	"free", "unusable", "ACPI reclaim", "ACPI NVS", "MMIO", "MMIO ports", "PAL code",
	"persistent", "unaccepted",
};

static const char *type_name(uint32_t type)
{
	if (type < ARRAY_SIZE(type_names))
		return type_names[type];
	return type >= MEM_TYPE_OS_MIN ? "OS" : type >= MEM_TYPE_OEM_MIN ? "OEM" : "?";
}

/* A line on the console; the whole map on the debug port, for whoever debugs. */
void mem_dump(void)
{
	EFI_MEMORY_DESCRIPTOR d;
	uint64_t free_pages = 0;

	debug_printf("pvhefi: memory map (key %lu):\n", map.key);
	for (uint32_t i = 0; i < map.count;) {
		uint64_t last;

		i = memmap_export(&map, i, &d);
		last = d.PhysicalStart + d.NumberOfPages * PAGE_SIZE - 1;
		debug_printf("  %-12s %016lx-%016lx %9lu pages  attr %016lx\n", type_name(d.Type),
			     d.PhysicalStart, last, d.NumberOfPages, d.Attribute);
		if (d.Type == EfiConventionalMemory)
			free_pages += d.NumberOfPages;
	}
	log_printf("pvhefi: memory: %lu MiB free in a map of %u ranges (the map: port 0xE9)\n",
		   (unsigned long)(free_pages >> 8), map.count);
}
