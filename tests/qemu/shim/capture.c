/*
 * The shim's case "capture": what the VMM gave it, as lines
 *   CAPTURE <what> <physical address, hex> <length, decimal>
 *   CAPTURE-DATA <up to 32 bytes, hex>     as many as the length needs
 * (short: Xen prints a guest's port 0xE9 output in lines of 80 characters) for
 * tests/fuzz/corpus/pack.py, which makes the fuzz targets' seeds from them: start_info
 * and all it points to (a module's first 4 KiB), every ACPI table reachable from the RSDP (the
 * FADT's DSDT too), and each 4 KiB page of the BIOS area that holds an SMBIOS anchor. Only
 * memory below 4 GiB is read (the shim runs without paging); the VM ends afterwards.
 */
#include "shim.h"

#define MODULE_MAX 4096
#define TABLE_MAX (256u << 10)
#define BIOS_AREA 0xe0000u
#define BIOS_END 0x100000u

static void dump(const char *what, uint64_t addr, uint32_t len)
{
	const uint8_t *p = (const uint8_t *)(uint32_t)addr;

	if (!addr || addr + len > 0x100000000ULL)
		return;
	out("CAPTURE ");
	out(what);
	out(" ");
	out_hex(addr, 16);
	out(" ");
	out_dec(len);
	for (uint32_t i = 0; i < len; i++) {
		if (i % 32 == 0)
			out("\nCAPTURE-DATA ");
		out_hex(p[i], 2);
	}
	out("\n");
}

static void dump_string(const char *what, uint64_t addr)
{
	if (addr && addr < 0x100000000ULL)
		dump(what, addr, strlen((const char *)(uint32_t)addr) + 1);
}

static void dump_table(uint64_t addr)
{
	uint32_t len;

	if (!addr || addr + 8 > 0x100000000ULL)
		return;
	len = get(addr + 4, 4);
	if (len >= 36 && len <= TABLE_MAX)
		dump("table", addr, len);
}

/* The tables a root (RSDT: 4-byte entries, XSDT: 8) lists, and the FADT's DSDTs. */
static void dump_root(uint64_t root, unsigned width)
{
	uint32_t len;

	if (!root || root >= 0x100000000ULL || (len = get(root + 4, 4)) < 36 || len > TABLE_MAX)
		return;
	dump_table(root);
	for (uint32_t off = 36; off + width <= len; off += width) {
		uint64_t t = get(root + off, width);

		if (!t || t >= 0x100000000ULL)
			continue;
		dump_table(t);
		if (!memcmp((const void *)(uint32_t)t, "FACP", 4)) {
			dump_table(get(t + 40, 4));
			if (get(t + 4, 4) >= 148)
				dump_table(get(t + 140, 8));
		}
	}
}

static uint32_t scan_rsdp(void)
{
	for (uint32_t a = BIOS_AREA; a < BIOS_END; a += 16)
		if (!memcmp((const void *)a, "RSD PTR ", 8))
			return a;
	return 0;
}

static void dump_acpi(uint64_t rsdp)
{
	uint32_t r = rsdp && rsdp < 0x100000000ULL ? (uint32_t)rsdp : scan_rsdp();
	uint8_t rev;

	if (!r)
		return;
	rev = *(const uint8_t *)(r + 15);
	dump("rsdp", r, rev >= 2 ? 36 : 20);
	dump_root(get(r + 16, 4), 4);
	if (rev >= 2)
		dump_root(get(r + 24, 8), 8);
}

/* Each page of the F segment with an "_SM_" or "_SM3_" anchor on a 16-byte boundary. */
static void dump_smbios(void)
{
	for (uint32_t page = 0xf0000; page < BIOS_END; page += 4096) {
		for (uint32_t a = page; a < page + 4096; a += 16) {
			if (!memcmp((const void *)a, "_SM_", 4) || !memcmp((const void *)a, "_SM3_", 5)) {
				dump("bios", page, 4096);
				break;
			}
		}
	}
}

void capture(uint32_t start_info)
{
	struct hvm_start_info si;

	memcpy(&si, (const void *)start_info, sizeof(si));
	dump("start_info", start_info, sizeof(si));
	dump_string("cmdline", si.cmdline_paddr);
	if (si.nr_modules && si.nr_modules <= 32) {
		dump("modlist", si.modlist_paddr, si.nr_modules * sizeof(struct hvm_modlist_entry));
		for (uint32_t i = 0; i < si.nr_modules; i++) {
			uint32_t e = si.modlist_paddr + i * sizeof(struct hvm_modlist_entry);
			uint64_t size = get(e + 8, 8);
			dump("module", get(e, 8), size < MODULE_MAX ? (uint32_t)size : MODULE_MAX);
			dump_string("modcmd", get(e + 16, 8));
		}
	}
	if (si.version >= 1 && si.memmap_entries && si.memmap_entries <= 256)
		dump("memmap", si.memmap_paddr, si.memmap_entries * sizeof(struct hvm_memmap_table_entry));
	dump_acpi(si.rsdp_paddr);
	dump_smbios();
	out("CAPTURE end\n");
	shim_exit();
}
