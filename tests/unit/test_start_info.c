/* start_info parsing: versions 0 and 1, and every bounds check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "platform/start_info.h"

/* One block of host memory laid out as a VMM would: start_info and what it points to. */
struct fake {
	struct hvm_start_info si;
	struct hvm_modlist_entry mods[3];
	struct hvm_memmap_table_entry map[3];
	char cmdline[32];
	char modcmd[16];
	char initrd[64];
};

static struct fake f;
static struct boot_info bi;

#define ADDR(p) ((uint64_t)(uintptr_t)(p))
#define LIMIT_ALL UINT64_MAX

static void make_good(void)
{
	memset(&f, 0, sizeof(f));
	f.si.magic = XEN_HVM_START_MAGIC_VALUE;
	f.si.version = 1;
	strcpy(f.cmdline, "console=ttyS0 quiet");
	f.si.cmdline_paddr = ADDR(f.cmdline);
	strcpy(f.modcmd, "initrd");
	f.mods[0] = (struct hvm_modlist_entry){ ADDR(f.initrd), sizeof(f.initrd), ADDR(f.modcmd), 0 };
	f.mods[1] = (struct hvm_modlist_entry){ ADDR(f.initrd), 16, 0, 0 };
	f.si.nr_modules = 2;
	f.si.modlist_paddr = ADDR(f.mods);
	f.map[0] = (struct hvm_memmap_table_entry){ 0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM, 0 };
	f.map[1] = (struct hvm_memmap_table_entry){ 0xf0000, 0x10000, XEN_HVM_MEMMAP_TYPE_RESERVED, 0 };
	f.map[2] = (struct hvm_memmap_table_entry){ 0x100000, 0x7ff00000, XEN_HVM_MEMMAP_TYPE_RAM, 0 };
	f.si.memmap_paddr = ADDR(f.map);
	f.si.memmap_entries = 3;
	f.si.rsdp_paddr = 0xf5a40;
}

static const char *parse(uint64_t limit)
{
	return start_info_parse(ADDR(&f.si), limit, &bi);
}

static void test_good_v1(void **state)
{
	make_good();
	assert_null(parse(LIMIT_ALL));
	assert_int_equal(bi.version, 1);
	assert_string_equal(bi.cmdline, "console=ttyS0 quiet");
	assert_int_equal(bi.cmdline_len, 19);
	assert_int_equal(bi.rsdp, 0xf5a40);
	assert_int_equal(bi.nr_modules, 2);
	assert_int_equal(bi.modules[0].addr, ADDR(f.initrd));
	assert_int_equal(bi.modules[0].size, sizeof(f.initrd));
	assert_string_equal(bi.modules[0].cmdline, "initrd");
	assert_null(bi.modules[1].cmdline);
	assert_int_equal(bi.nr_memmap, 3);
	assert_int_equal(bi.memmap[2].addr, 0x100000);
	assert_int_equal(bi.memmap[2].size, 0x7ff00000);
	assert_int_equal(bi.memmap[1].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
	/* start_info, cmdline, modlist, module cmdline, 2 modules, memmap */
	assert_int_equal(bi.nr_blobs, 7);
	assert_int_equal(bi.blobs[0].addr, ADDR(&f.si));
	assert_int_equal(bi.blobs[0].size, sizeof(f.si));
}

static void test_version0_has_no_memmap(void **state)
{
	make_good();
	f.si.version = 0;
	f.si.memmap_paddr = 0x1234; /* not part of a v0 structure: must be ignored */
	f.si.memmap_entries = 99;
	assert_null(parse(LIMIT_ALL));
	assert_int_equal(bi.version, 0);
	assert_int_equal(bi.nr_memmap, 0);
	assert_int_equal(bi.blobs[0].size, offsetof(struct hvm_start_info, memmap_paddr));
}

static void test_no_cmdline_is_empty_string(void **state)
{
	make_good();
	f.si.cmdline_paddr = 0;
	assert_null(parse(LIMIT_ALL));
	assert_string_equal(bi.cmdline, "");
	assert_int_equal(bi.cmdline_len, 0);
}

static void expect_error(const char *substring)
{
	const char *err = parse(LIMIT_ALL);

	assert_non_null(err);
	assert_non_null(strstr(err, substring));
}

static void test_bad_magic(void **state)
{
	make_good();
	f.si.magic ^= 1;
	expect_error("bad magic");
}

static void test_unknown_version(void **state)
{
	make_good();
	f.si.version = 2;
	expect_error("unknown version");
}

static void test_null_or_out_of_range_start_info(void **state)
{
	make_good();
	assert_non_null(start_info_parse(0, LIMIT_ALL, &bi));
	/* start_info straddling the readable limit */
	assert_non_null(start_info_parse(ADDR(&f.si), ADDR(&f.si) + sizeof(f.si) - 1, &bi));
	assert_null(start_info_parse(ADDR(&f.si), ADDR(&f.si) + sizeof(f) , &bi));
}

static void test_unterminated_cmdline(void **state)
{
	make_good();
	memset(f.cmdline, 'x', sizeof(f.cmdline));
	memset(f.modcmd, 'y', sizeof(f.modcmd));
	/* The limit ends the string before a NUL: the parser must not read past it. */
	assert_non_null(parse(ADDR(f.cmdline) + sizeof(f.cmdline)));
}

static void test_cmdline_beyond_limit(void **state)
{
	make_good();
	assert_non_null(parse(ADDR(f.cmdline)));
}

static void test_too_many_modules(void **state)
{
	make_good();
	f.si.nr_modules = BOOT_MAX_MODULES + 1;
	expect_error("too many modules");
}

static void test_modlist_null(void **state)
{
	make_good();
	f.si.modlist_paddr = 0;
	expect_error("module list");
}

static void test_module_overflow(void **state)
{
	make_good();
	f.mods[1].paddr = UINT64_MAX - 8;
	f.mods[1].size = 16;
	expect_error("module address overflows");
}

static void test_module_bad_cmdline(void **state)
{
	make_good();
	f.mods[0].cmdline_paddr = UINT64_MAX;
	expect_error("module command line");
}

static void test_memmap_too_large(void **state)
{
	make_good();
	f.si.memmap_entries = BOOT_MAX_MEMMAP + 1;
	expect_error("memory map too large");
}

static void test_memmap_outside(void **state)
{
	make_good();
	f.si.memmap_paddr = UINT64_MAX - 16;
	expect_error("memory map outside");
}

static void test_memmap_entry_overflow(void **state)
{
	make_good();
	f.map[2].addr = UINT64_MAX - 0xfff;
	f.map[2].size = 0x2000;
	expect_error("memory map entry overflows");
}

/*
 * Found by fuzz_start_info: the PVH ABI promises no alignment, and a VMM may put start_info,
 * the module list and the memory map at any address. Reading them through typed pointers was
 * undefined behaviour (UBSan: misaligned member access); the parser copies them out.
 */
static void test_structures_at_odd_addresses(void **state)
{
	static _Alignas(8) uint8_t buf[1024];
	uint8_t *si = buf + 1, *mods = buf + 131, *map = buf + 211;
	char *cmd = (char *)buf + 300;

	make_good();
	strcpy(cmd, "odd");
	f.si.cmdline_paddr = ADDR(cmd);
	f.si.modlist_paddr = ADDR(mods);
	f.si.memmap_paddr = ADDR(map);
	memcpy(si, &f.si, sizeof(f.si));
	memcpy(mods, f.mods, 2 * sizeof(f.mods[0]));
	memcpy(map, f.map, sizeof(f.map));
	assert_null(start_info_parse(ADDR(si), LIMIT_ALL, &bi));
	assert_string_equal(bi.cmdline, "odd");
	assert_int_equal(bi.nr_modules, 2);
	assert_int_equal(bi.modules[0].size, sizeof(f.initrd));
	assert_string_equal(bi.modules[0].cmdline, "initrd");
	assert_int_equal(bi.modules[1].size, 16);
	assert_int_equal(bi.nr_memmap, 3);
	assert_int_equal(bi.memmap[2].addr, 0x100000);
	assert_int_equal(bi.memmap[2].size, 0x7ff00000);
	assert_int_equal(bi.memmap[1].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_v1),
		cmocka_unit_test(test_version0_has_no_memmap),
		cmocka_unit_test(test_no_cmdline_is_empty_string),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_unknown_version),
		cmocka_unit_test(test_null_or_out_of_range_start_info),
		cmocka_unit_test(test_unterminated_cmdline),
		cmocka_unit_test(test_cmdline_beyond_limit),
		cmocka_unit_test(test_too_many_modules),
		cmocka_unit_test(test_modlist_null),
		cmocka_unit_test(test_module_overflow),
		cmocka_unit_test(test_module_bad_cmdline),
		cmocka_unit_test(test_memmap_too_large),
		cmocka_unit_test(test_memmap_outside),
		cmocka_unit_test(test_memmap_entry_overflow),
		cmocka_unit_test(test_structures_at_odd_addresses),
	};
	return cmocka_run_group_tests_name("start_info", tests, NULL, NULL);
}
