/*
 * libFuzzer target for what a VMM's start_info becomes: start_info_parse reads it as physical
 * memory, describe_start_info builds the machine's description, payload_initrd joins an
 * embedded initrd and the modules, initrd_image_init sizes the whole and initrd_image_copy
 * writes it into a heap buffer of exactly the announced size (ASan: not one byte past it).
 *
 * The input is the VMM's memory: start_info at offset 0, and every physical address in it
 * (command lines, module list, memory map, modules, memory ranges) is an offset into the
 * input. The harness makes them host addresses before parsing, as a loader placing the input
 * at FAKE_MEM_BASE would (fake_mem.h): an address beyond the input lies beyond the readable
 * limit the parser gets. The fake firmware image is at FAKE_IMAGE_START..FAKE_IMAGE_END, and
 * start_info's reserved field (ignored by the parser) chooses the embedded initrd's size (its
 * low bits) and whether a kernel is embedded too (else, as for the generic firmware, the first
 * module must be one: payload_choose, and the initrd starts at the second).
 * Each stage's result is checked against what it promises (check_* below).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "boot/payload.h"
#include "check.h"
#include "fake_mem.h"
#include "platform/describe.h"
#include "services/initrd.h"

#define FAKE_IMAGE_START 0x8000u
#define FAKE_IMAGE_END 0xa000u
#define COPY_MAX (16u << 20) /* larger initrds are sized, not copied */

static uint8_t *mem;
static size_t mem_size;
static struct description d;
static const uint8_t embedded[7] = "0707010";

/* ---- the fake address space ------------------------------------------------------------ */

/* A fake physical address as the firmware would see it; one past 2^64 stays beyond anyway. */
static uint64_t phys(uint64_t a)
{
	return a > UINT64_MAX - FAKE_MEM_BASE ? a : a + FAKE_MEM_BASE;
}

/* A pointer field: 0 means none. */
static uint64_t pointer(uint64_t a)
{
	return a ? phys(a) : 0;
}

/* The input's n bytes at fake address a, or NULL. */
static void *in_input(uint64_t a, uint64_t n)
{
	return a <= mem_size && n <= mem_size - a ? mem + a : NULL;
}

static bool inside_input(uint64_t host, uint64_t n)
{
	return host >= (uint64_t)mem && in_input(host - (uint64_t)mem, n);
}

/* Fields are read and written byte-wise: the structures may lie at any offset. */
static uint64_t get(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, p, n);
	return v;
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

#define SI(field) (offsetof(struct hvm_start_info, field))
#define MOD(field) (offsetof(struct hvm_modlist_entry, field))

static bool overlap(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return an && bn && a < b + bn && b < a + an;
}

/*
 * Makes the input's fake addresses host addresses. Only for start_info, the module list and
 * the memory map apart: relocating a field of one that overlaps another would change the
 * other's fields too (a pointer into the unbacked space below FAKE_MEM_BASE, a count the
 * harness did not see). The parser does nothing special for overlaps, so such an input is
 * skipped (false) rather than made up.
 */
static bool relocate(void)
{
	uint8_t *si = in_input(0, sizeof(struct hvm_start_info)), *mods, *map;
	uint64_t mods_at, map_at, mods_len, map_len;
	uint32_t nr_mods, nr_map;

	if (!si)
		return true;
	nr_mods = get(si + SI(nr_modules), 4) < BOOT_MAX_MODULES ? get(si + SI(nr_modules), 4) : BOOT_MAX_MODULES;
	nr_map = get(si + SI(memmap_entries), 4) < BOOT_MAX_MEMMAP ? get(si + SI(memmap_entries), 4) : BOOT_MAX_MEMMAP;
	mods_at = get(si + SI(modlist_paddr), 8);
	map_at = get(si + SI(memmap_paddr), 8);
	mods_len = (uint64_t)nr_mods * sizeof(struct hvm_modlist_entry);
	map_len = (uint64_t)nr_map * sizeof(struct hvm_memmap_table_entry);
	mods = in_input(mods_at, mods_len);
	map = in_input(map_at, map_len);
	if ((mods && overlap(0, sizeof(struct hvm_start_info), mods_at, mods_len)) ||
	    (map && overlap(0, sizeof(struct hvm_start_info), map_at, map_len)) ||
	    (mods && map && overlap(mods_at, mods_len, map_at, map_len)))
		return false;
	put64(si + SI(cmdline_paddr), pointer(get(si + SI(cmdline_paddr), 8)));
	put64(si + SI(modlist_paddr), pointer(mods_at));
	put64(si + SI(memmap_paddr), pointer(map_at));
	for (uint32_t i = 0; mods && i < nr_mods; i++) {
		uint8_t *e = mods + i * sizeof(struct hvm_modlist_entry);
		put64(e + MOD(paddr), phys(get(e + MOD(paddr), 8)));
		put64(e + MOD(cmdline_paddr), pointer(get(e + MOD(cmdline_paddr), 8)));
	}
	for (uint32_t i = 0; map && i < nr_map; i++) {
		uint8_t *e = map + i * sizeof(struct hvm_memmap_table_entry);
		put64(e + offsetof(struct hvm_memmap_table_entry, addr), phys(get(e, 8)));
	}
	return true;
}

/* For a version-0 start_info: the platform's map (Xen's hypercall) says the input is RAM. */
static uint32_t platform_map(struct boot_range *out, uint32_t max)
{
	out[0] = (struct boot_range){ phys(0), mem_size, XEN_HVM_MEMMAP_TYPE_RAM };
	return 1;
}

/* ---- what each stage promises ----------------------------------------------------------- */

static void check_string(const char *s, size_t len)
{
	CHECK(inside_input((uint64_t)s, len + 1) && s[len] == '\0' && strlen(s) == len);
	CHECK(len < BOOT_MAX_CMDLINE);
}

static void check_parsed(const struct boot_info *bi)
{
	if (bi->cmdline_len || *bi->cmdline)
		check_string(bi->cmdline, bi->cmdline_len);
	CHECK(bi->nr_modules <= BOOT_MAX_MODULES && bi->nr_memmap <= BOOT_MAX_MEMMAP);
	CHECK(bi->nr_blobs <= BOOT_MAX_BLOBS);
	for (uint32_t i = 0; i < bi->nr_modules; i++)
		if (bi->modules[i].cmdline)
			check_string(bi->modules[i].cmdline, strlen(bi->modules[i].cmdline));
	for (uint32_t i = 0; i < bi->nr_memmap; i++)
		CHECK(bi->memmap[i].size <= UINT64_MAX - bi->memmap[i].addr);
}

static uint64_t end_of(const struct boot_range *r)
{
	return r->size > UINT64_MAX - r->addr ? UINT64_MAX : r->addr + r->size;
}

static bool ram_at(const struct boot_info *bi, uint64_t p)
{
	for (uint32_t i = 0; i < bi->nr_memmap; i++)
		if (bi->memmap[i].type == XEN_HVM_MEMMAP_TYPE_RAM && bi->memmap[i].addr <= p && p < end_of(&bi->memmap[i]))
			return true;
	return false;
}

/* [a, e) is RAM throughout. Not describe.c's walk: a gap can only begin at a or where a RAM
 * range ends inside (a, e), so those points are all there is to look at. */
static bool ram_throughout(const struct boot_info *bi, uint64_t a, uint64_t e)
{
	if (!ram_at(bi, a))
		return false;
	for (uint32_t i = 0; i < bi->nr_memmap; i++) {
		uint64_t end = end_of(&bi->memmap[i]);
		if (bi->memmap[i].type == XEN_HVM_MEMMAP_TYPE_RAM && a < end && end < e && !ram_at(bi, end))
			return false;
	}
	return true;
}

static void check_described(const struct description *dd)
{
	const struct machine *m = &dd->machine;
	unsigned __int128 total = 0;

	CHECK(m->nr_ranges == dd->bi.nr_memmap && m->nr_modules == dd->bi.nr_modules);
	CHECK(m->cmdline == dd->bi.cmdline && m->cmdline_len == dd->bi.cmdline_len);
	for (uint32_t i = 0; i < m->nr_modules; i++) {
		uint64_t a = m->modules[i].addr, n = m->modules[i].size;
		if (!n)
			continue;
		total += n;
		CHECK(n <= UINT64_MAX - a && ram_throughout(&dd->bi, a, a + n));
		CHECK(a + n <= phys(FAKE_IMAGE_START) || a >= phys(FAKE_IMAGE_END));
	}
	CHECK(total <= UINT64_MAX);
}

/* The initrd's size: pieces in order, each but the last non-empty one padded to 4 bytes. */
static unsigned __int128 expected_size(const struct initrd_piece *p, uint32_t n)
{
	unsigned __int128 total = 0;
	bool first = true;

	for (uint32_t i = 0; i < n; i++) {
		if (!p[i].size)
			continue;
		if (!first)
			total = (total + 3) & ~(unsigned __int128)3;
		total += p[i].size;
		first = false;
	}
	return total;
}

/* Copies the initrd into a buffer of exactly its size when every piece can be read here. */
static void copy_and_check(const struct initrd_image *rd)
{
	uint64_t at = 0;
	uint8_t *buf;

	if (!rd->size || rd->size > COPY_MAX)
		return;
	for (uint32_t i = 0; i < rd->nr_pieces; i++)
		if (rd->pieces[i].data != embedded && !inside_input((uint64_t)rd->pieces[i].data, rd->pieces[i].size))
			return; /* RAM of the map that this fake machine does not back */
	if (!(buf = malloc(rd->size)))
		abort();
	initrd_image_copy(rd, buf);
	for (uint32_t i = 0; i < rd->nr_pieces; i++) {
		CHECK(!memcmp(buf + at, rd->pieces[i].data, rd->pieces[i].size));
		at += rd->pieces[i].size;
		for (; i + 1 < rd->nr_pieces && at % 4; at++)
			CHECK(buf[at] == 0);
	}
	CHECK(at == rd->size);
	free(buf);
}

/* The generic firmware's kernel: the first module, when it is a PE image (and can be read here). */
static bool choose_kernel(struct payload *p, bool embedded_kernel)
{
	const struct machine_blob *mod = d.machine.nr_modules ? &d.machine.modules[0] : NULL;

	if (embedded_kernel) {
		p->kernel = (struct payload_blob){ embedded, 1, 0 };
		CHECK(!payload_choose(p, &d.machine) && p->first_initrd_module == 0);
		return true;
	}
	if (mod && mod->size && !inside_input(mod->addr, mod->size))
		return false;
	if (payload_choose(p, &d.machine))
		return false;
	CHECK(p->kernel.data == (const void *)mod->addr && p->first_initrd_module == 1);
	return true;
}

static void join_initrd(uint32_t embedded_size, bool embedded_kernel)
{
	struct payload p = { .initrd = { embedded, embedded_size, 0 } };
	struct initrd_piece pieces[INITRD_MAX_PIECES];
	static struct initrd_image rd;
	unsigned __int128 want;
	uint32_t n;
	EFI_STATUS st;

	if (!choose_kernel(&p, embedded_kernel))
		return;
	n = payload_initrd(&p, &d.machine, pieces);
	st = initrd_image_init(&rd, pieces, n);
	CHECK(n == 1 + d.machine.nr_modules - p.first_initrd_module);
	want = expected_size(pieces, n);
	if (want > UINT64_MAX) {
		CHECK(st == EFI_BAD_BUFFER_SIZE);
		return;
	}
	CHECK(st == EFI_SUCCESS && rd.size == want);
	copy_and_check(&rd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t reserved = 0;

	if (size > FAKE_MEM_MAX)
		return 0;
	mem = fake_mem_place(data, size);
	mem_size = size;
	if (size >= sizeof(struct hvm_start_info))
		reserved = get(mem + SI(reserved), 4);
	if (!relocate())
		return 0;
	if (start_info_parse((uint64_t)mem, (uint64_t)mem + size, &d.bi))
		return 0;
	check_parsed(&d.bi);
	if (describe_start_info(&d, platform_map, phys(FAKE_IMAGE_START), phys(FAKE_IMAGE_END)))
		return 0;
	check_described(&d);
	join_initrd(reserved % (sizeof(embedded) + 1), !(reserved & 0x100));
	return 0;
}
