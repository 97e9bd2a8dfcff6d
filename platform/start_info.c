/*
 * Parses and bounds-checks the PVH start_info (versions 0 and 1). Pure: host-tested. The ABI
 * promises no alignment: each structure is copied out (memcpy) before a field is read.
 */
#include <stdint.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "lib/lib.h"
#include "platform/start_info.h"

static int range_ok(uint64_t addr, uint64_t size, uint64_t limit)
{
	return addr != 0 && size <= limit && addr <= limit - size;
}

static void add_blob(struct boot_info *bi, uint64_t addr, uint64_t size)
{
	if (size && bi->nr_blobs < sizeof(bi->blobs) / sizeof(bi->blobs[0]))
		bi->blobs[bi->nr_blobs++] = (struct boot_range){ addr, size, 0 };
}

/* A NUL-terminated string of at most BOOT_MAX_CMDLINE bytes below limit, or NULL. */
static const char *read_string(uint64_t paddr, uint64_t limit, size_t *len, struct boot_info *bi)
{
	const char *s = (const char *)(uintptr_t)paddr;
	uint64_t room;

	if (!paddr || paddr >= limit)
		return NULL;
	room = limit - paddr;
	for (size_t n = 0; n < BOOT_MAX_CMDLINE && n < room; n++) {
		if (s[n] == '\0') {
			*len = n;
			add_blob(bi, paddr, n + 1);
			return s;
		}
	}
	return NULL;
}

static const char *parse_modules(const struct hvm_start_info *si, uint64_t limit, struct boot_info *bi)
{
	struct hvm_modlist_entry mod;
	uint64_t bytes = (uint64_t)si->nr_modules * sizeof(mod);
	size_t len;

	if (si->nr_modules == 0)
		return NULL;
	if (si->nr_modules > BOOT_MAX_MODULES)
		return "start_info: too many modules";
	if (!range_ok(si->modlist_paddr, bytes, limit))
		return "start_info: module list outside memory";
	add_blob(bi, si->modlist_paddr, bytes);
	for (uint32_t i = 0; i < si->nr_modules; i++) {
		struct boot_module *m = &bi->modules[i];
		memcpy(&mod, (const void *)(uintptr_t)(si->modlist_paddr + i * sizeof(mod)), sizeof(mod));
		if (mod.size && !range_ok(mod.paddr, mod.size, UINT64_MAX))
			return "start_info: module address overflows";
		m->addr = mod.paddr;
		m->size = mod.size;
		m->cmdline = NULL;
		if (mod.cmdline_paddr && !(m->cmdline = read_string(mod.cmdline_paddr, limit, &len, bi)))
			return "start_info: bad module command line";
		add_blob(bi, m->addr, m->size);
	}
	bi->nr_modules = si->nr_modules;
	return NULL;
}

static const char *parse_memmap(const struct hvm_start_info *si, uint64_t limit, struct boot_info *bi)
{
	struct hvm_memmap_table_entry e;
	uint64_t bytes = (uint64_t)si->memmap_entries * sizeof(e);

	if (si->version < 1 || si->memmap_entries == 0)
		return NULL;
	if (si->memmap_entries > BOOT_MAX_MEMMAP)
		return "start_info: memory map too large";
	if (!range_ok(si->memmap_paddr, bytes, limit))
		return "start_info: memory map outside memory";
	add_blob(bi, si->memmap_paddr, bytes);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		memcpy(&e, (const void *)(uintptr_t)(si->memmap_paddr + i * sizeof(e)), sizeof(e));
		if (e.size && !range_ok(e.addr ? e.addr : 1, e.size, UINT64_MAX))
			return "start_info: memory map entry overflows";
		bi->memmap[i] = (struct boot_range){ e.addr, e.size, e.type };
	}
	bi->nr_memmap = si->memmap_entries;
	return NULL;
}

const char *start_info_parse(uint64_t paddr, uint64_t limit, struct boot_info *bi)
{
	struct hvm_start_info copy, *si = &copy;
	const char *err;

	memset(bi, 0, sizeof(*bi));
	bi->cmdline = "";
	if (!range_ok(paddr, sizeof(*si), limit))
		return "start_info: pointer outside memory";
	memcpy(si, (const void *)(uintptr_t)paddr, sizeof(*si));
	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		return "start_info: bad magic (not started through the PVH entry?)";
	if (si->version > 1)
		return "start_info: unknown version";
	bi->version = si->version;
	bi->rsdp = si->rsdp_paddr;
	add_blob(bi, paddr, si->version >= 1 ? sizeof(*si) : offsetof(struct hvm_start_info, memmap_paddr));
	if (si->cmdline_paddr && !(bi->cmdline = read_string(si->cmdline_paddr, limit, &bi->cmdline_len, bi)))
		return "start_info: bad command line";
	if ((err = parse_modules(si, limit, bi)))
		return err;
	return parse_memmap(si, limit, bi);
}
