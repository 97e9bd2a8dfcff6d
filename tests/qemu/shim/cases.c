/*
 * The start_info of each bad-input case (tests/qemu/run.sh expects pvhefi's answer to each):
 * QEMU's memory map and RSDP, no module, and what the case changes. Everything pvhefi reads
 * lies in the shim's .bss, which pvhefi keeps as start_info memory.
 */
#include "shim.h"

#define MAX_MAP 120
#define GIB (1ULL << 30)

static struct hvm_start_info si;
static const struct hvm_start_info *vmm_si;
static struct hvm_memmap_table_entry map[MAX_MAP + 8];
static struct hvm_modlist_entry mods[8];
static char cmdline[65536 + 64];
static char vmm_args[4096]; /* the VMM's command line after the case's name */
static uint64_t vmm_mod0, vmm_mod0_size; /* pvhefi.elf, perhaps with files after it */

static void copy_args(const struct hvm_start_info *vmm)
{
	const char *s = vmm->cmdline_paddr ? (const char *)(uint32_t)vmm->cmdline_paddr : "";

	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;
	if (*s)
		s++;
	if (strlen(s) >= sizeof(vmm_args))
		fail("the command line after the case's name is too long");
	memcpy(vmm_args, s, strlen(s) + 1);
}

void cases_base(const struct hvm_start_info *vmm)
{
	uint32_t n = vmm->version >= 1 ? vmm->memmap_entries : 0;

	if (n > MAX_MAP)
		fail("the VMM's memory map is too large");
	memcpy(map, (const void *)(uint32_t)vmm->memmap_paddr, n * sizeof(map[0]));
	vmm_si = vmm;
	copy_args(vmm);
	if (vmm->nr_modules) {
		vmm_mod0 = get(vmm->modlist_paddr, 8);
		vmm_mod0_size = get(vmm->modlist_paddr + 8, 8);
	}
	si = (struct hvm_start_info){
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.cmdline_paddr = (uint32_t)cmdline,
		.rsdp_paddr = vmm->rsdp_paddr,
		.memmap_paddr = (uint32_t)map,
		.memmap_entries = n,
	};
}

static void add_range(uint64_t addr, uint64_t size, uint32_t type)
{
	map[si.memmap_entries++] = (struct hvm_memmap_table_entry){ addr, size, type, 0 };
}

static void add_module(uint64_t addr, uint64_t size)
{
	mods[si.nr_modules++] = (struct hvm_modlist_entry){ addr, size, 0, 0 };
	si.modlist_paddr = (uint32_t)mods;
}

static void set_cmdline(const char *s)
{
	memcpy(cmdline, s, strlen(s) + 1);
}

/* len bytes of letters, the last 8 "--END--!", then a NUL. */
static void long_cmdline(uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		cmdline[i] = (char)('a' + i % 26);
	memcpy(cmdline + len - 8, "--END--!", 8);
	cmdline[len] = 0;
}

static void c_pass(void) { set_cmdline("shim=pass"); }

/*
 * "modules WORDS...": what QEMU cannot do for a PVH guest, more than one module. QEMU's module
 * (the shim's 0) is pvhefi.elf with files after it, each on a page, and a table in its last
 * 4 KiB (tests/linux/run.sh, shim_bundle): "SHIMMODS" then the offset and size of each, in
 * decimal. They become pvhefi's modules in that order, and the words after the case's name
 * its command line. (Module 0 itself lies above pvhefi's segments: load_pvhefi checks.)
 */
static uint64_t number(const char **s)
{
	uint64_t v = 0;

	while (**s == ' ')
		(*s)++;
	if (**s < '0' || **s > '9')
		fail("modules: a number expected in the table");
	while (**s >= '0' && **s <= '9')
		v = v * 10 + (uint64_t)(*(*s)++ - '0');
	return v;
}

static void c_modules(void)
{
	uint64_t base = vmm_mod0, size = vmm_mod0_size;
	const char *s = (const char *)(uint32_t)(base + size - 4096);

	if (size < 4096 || memcmp(s, "SHIMMODS", 8))
		fail("modules: no table at the end of module 0");
	for (s += 8; *s == ' '; s++)
		;
	while (*s >= '0' && *s <= '9' && si.nr_modules < sizeof(mods) / sizeof(mods[0])) {
		uint64_t at = number(&s), len = number(&s);

		if (at > size - 4096 || len > size - 4096 - at)
			fail("modules: a file lies outside module 0");
		add_module(base + at, len);
		while (*s == ' ')
			s++;
	}
	set_cmdline(vmm_args);
}
static void c_no_memmap(void) { si.memmap_entries = 0; si.memmap_paddr = 0; }
static void c_version0(void) { si.version = 0; }

static void c_memmap_overlap(void)
{
	add_range(0x100000, 64 << 20, XEN_HVM_MEMMAP_TYPE_RAM); /* again, inside QEMU's RAM */
	add_range(0x3000000, 0x1000, XEN_HVM_MEMMAP_TYPE_RESERVED); /* a hole in it */
	set_cmdline("shim=memmap-overlap");
}

static void c_memmap_zero(void)
{
	add_range(0x5000000, 0, XEN_HVM_MEMMAP_TYPE_RAM);
	add_range(0, 0, XEN_HVM_MEMMAP_TYPE_RESERVED);
	set_cmdline("shim=memmap-zero");
}

static void c_memmap_wrap(void) { add_range(0xfffffffffffff000ULL, 0x2000, XEN_HVM_MEMMAP_TYPE_RAM); }
static void c_module_firmware(void) { add_module(0x110000, 0x1000); }
/* Over pvhefi's payload, its last segment: past __image_end, the firmware all the same. */
static void c_module_payload(void) { add_module(pvhefi_last_segment + 0x1000, 0x1000); }
static void c_module_outside_ram(void) { add_module(0xfee00000, 0x1000); } /* the local APIC */
static void c_module_above_4g(void) { add_module(5 * GIB, 0x1000); }

/* RAM from 4 GiB to nearly 2^64 holds four modules of 2^62 bytes: 2^64 in all. */
static void c_module_sum(void)
{
	add_range(4 * GIB, 0xfffffffe00000000ULL, XEN_HVM_MEMMAP_TYPE_RAM);
	for (int i = 0; i < 4; i++)
		add_module(4 * GIB, 1ULL << 62);
}

static void c_cmdline_64k(void) { long_cmdline(65535); } /* the longest pvhefi takes */
static void c_cmdline_too_long(void) { long_cmdline(65536); }

/* An invalid byte, a lead byte without its continuation, a UTF-16 surrogate, a good emoji
 * and an overlong '/': seven U+FFFD in all (one per byte that starts no valid character). */
static void c_cmdline_utf8(void) { set_cmdline("bad=\xff \xc3( \xed\xa0\x80 \xf0\x9f\x98\x80 \xc0\xaf end"); }

/* Sets the byte at sum so that the len bytes at p sum to 0 (ACPI checksums). */
static void seal(uint8_t *p, uint32_t len, uint8_t *sum)
{
	uint8_t s = 0;

	*sum = 0;
	for (uint32_t i = 0; i < len; i++)
		s += p[i];
	*sum = (uint8_t)-s;
}

/*
 * QEMU's ACPI tables behind a revision-2 RSDP of the shim's whose XSDT lists a table at 5 GiB
 * first: pvhefi reads ACPI before it maps anything above 4 GiB, so it must treat that table as
 * absent (and say so) and still find QEMU's FADT after it. The page is ACPI memory in the map.
 */
static void c_acpi_above_4g(void)
{
	static uint8_t page[4096] __attribute__((aligned(4096)));
	uint8_t *rsdp = page, *xsdt = page + 64;
	uint32_t old = vmm_si->rsdp_paddr, width = get(old + 15, 1) >= 2 ? 8 : 4;
	uint32_t root = width == 8 ? get(old + 24, 4) : get(old + 16, 4), n = ((uint32_t)get(root + 4, 4) - 36) / width;
	uint64_t high = 5 * GIB, e;

	if (!old || n > 400)
		fail("the VMM gave no usable RSDP");
	memcpy(xsdt, (const void *)root, 36);
	memcpy(xsdt, "XSDT", 4);
	memcpy(xsdt + 36, &high, 8);
	for (uint32_t i = 0; i < n; i++) {
		e = get(root + 36 + i * width, width);
		memcpy(xsdt + 44 + 8 * i, &e, 8);
	}
	e = 44 + 8 * n;
	memcpy(xsdt + 4, &e, 4);
	seal(xsdt, (uint32_t)e, xsdt + 9);
	memcpy(rsdp, (const void *)old, 20);
	rsdp[15] = 2;
	e = 36;
	memcpy(rsdp + 20, &e, 4);
	e = (uint32_t)xsdt;
	memcpy(rsdp + 24, &e, 8);
	seal(rsdp, 20, rsdp + 8);
	seal(rsdp, 36, rsdp + 32);
	si.rsdp_paddr = (uint32_t)rsdp;
	add_range((uint32_t)page, sizeof(page), XEN_HVM_MEMMAP_TYPE_ACPI);
	set_cmdline("shim=acpi-above-4g");
}

static const struct {
	const char *name;
	void (*build)(void);
} cases[] = {
	{ "pass", c_pass },
	{ "modules", c_modules },
	{ "no-memmap", c_no_memmap },
	{ "version0", c_version0 },
	{ "memmap-overlap", c_memmap_overlap },
	{ "memmap-zero", c_memmap_zero },
	{ "memmap-wrap", c_memmap_wrap },
	{ "module-firmware", c_module_firmware },
	{ "module-payload", c_module_payload },
	{ "module-outside-ram", c_module_outside_ram },
	{ "module-above-4g", c_module_above_4g },
	{ "module-sum", c_module_sum },
	{ "cmdline-64k", c_cmdline_64k },
	{ "cmdline-too-long", c_cmdline_too_long },
	{ "cmdline-utf8", c_cmdline_utf8 },
	{ "acpi-above-4g", c_acpi_above_4g },
};

const struct hvm_start_info *cases_build(const char *name)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (streq(cases[i].name, name)) {
			cases[i].build();
			return &si;
		}
	}
	return NULL;
}
