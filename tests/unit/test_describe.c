/* The machine's description from a parsed start_info: memory types, Xen's map, modules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "lib/uefi.h"
#include "platform/describe.h"

static struct description d;

/* Where the firmware image lies in these tests: at 1 MiB, as pvhefi is loaded. */
#define IMAGE_START 0x100000ULL
#define IMAGE_END 0x180000ULL
#define GIB (1ULL << 30)

static const char *describe(memory_map_fn *memory_map)
{
	return describe_start_info(&d, memory_map, IMAGE_START, IMAGE_END);
}

static void add_e820(uint64_t addr, uint64_t size, uint32_t type)
{
	d.bi.memmap[d.bi.nr_memmap++] = (struct boot_range){ addr, size, type };
}

static int setup(void **state)
{
	memset(&d, 0, sizeof(d));
	d.bi.cmdline = "";
	return 0;
}

static void test_e820_types(void **state)
{
	static const struct { uint32_t e820, efi; } want[] = {
		{ XEN_HVM_MEMMAP_TYPE_RAM, EfiConventionalMemory },
		{ XEN_HVM_MEMMAP_TYPE_RESERVED, EfiReservedMemoryType },
		{ XEN_HVM_MEMMAP_TYPE_ACPI, EfiACPIReclaimMemory },
		{ XEN_HVM_MEMMAP_TYPE_NVS, EfiACPIMemoryNVS },
		{ XEN_HVM_MEMMAP_TYPE_UNUSABLE, EfiUnusableMemory },
		{ XEN_HVM_MEMMAP_TYPE_DISABLED, EfiReservedMemoryType },
		{ XEN_HVM_MEMMAP_TYPE_PMEM, EFI_PERSISTENT_MEMORY },
		{ 12, EfiReservedMemoryType }, /* unknown: the OS leaves it alone */
	};

	for (uint32_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		add_e820(0x100000 * (i + 1), 0x1000, want[i].e820);
	assert_null(describe(NULL));
	assert_int_equal(d.machine.nr_ranges, sizeof(want) / sizeof(want[0]));
	for (uint32_t i = 0; i < d.machine.nr_ranges; i++) {
		assert_int_equal(d.machine.ranges[i].addr, 0x100000 * (i + 1));
		assert_int_equal(d.machine.ranges[i].size, 0x1000);
		assert_int_equal(d.machine.ranges[i].type, want[i].efi);
	}
}

/* Xen's map (XENMEM_memory_map): nothing, unless a test fills it. */
static struct boot_range xen_map[2];
static uint32_t xen_map_len;

static uint32_t xen_memory_map(struct boot_range *out, uint32_t max)
{
	memcpy(out, xen_map, xen_map_len * sizeof(*out));
	return xen_map_len > max ? max : xen_map_len;
}

/* start_info version 0 has no memory map: the platform's takes its place. */
static void test_map_from_the_platform(void **state)
{
	assert_string_equal(describe(NULL), "no memory map in start_info");
	xen_map_len = 0;
	assert_string_equal(describe(xen_memory_map), "no memory map in start_info");
	xen_map[0] = (struct boot_range){ 0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM };
	xen_map[1] = (struct boot_range){ 0xfc000000, 0x1000, XEN_HVM_MEMMAP_TYPE_RESERVED };
	xen_map_len = 2;
	assert_null(describe(xen_memory_map));
	assert_int_equal(d.machine.nr_ranges, 2);
	assert_int_equal(d.machine.ranges[0].type, EfiConventionalMemory);
	assert_int_equal(d.machine.ranges[1].addr, 0xfc000000);
	assert_int_equal(d.machine.ranges[1].type, EfiReservedMemoryType);
}

/* start_info's own map wins over the platform's. */
static void test_start_info_map_first(void **state)
{
	add_e820(0x100000, 0x100000, XEN_HVM_MEMMAP_TYPE_RAM);
	xen_map_len = 2;
	assert_null(describe(xen_memory_map));
	assert_int_equal(d.machine.nr_ranges, 1);
	assert_int_equal(d.machine.ranges[0].addr, 0x100000);
}

static void test_payload_inputs_and_used_memory(void **state)
{
	add_e820(0, 0x80000000, XEN_HVM_MEMMAP_TYPE_RAM);
	d.bi.cmdline = "root=/dev/xvda1";
	d.bi.cmdline_len = 15;
	d.bi.nr_modules = 2;
	d.bi.modules[0] = (struct boot_module){ 0x1000000, 0x2000, NULL };
	d.bi.modules[1] = (struct boot_module){ 0x1800000, 0x1234, "initrd" };
	d.bi.nr_blobs = 1;
	d.bi.blobs[0] = (struct boot_range){ 0x5000, 0x38, 0 };
	assert_null(describe(NULL));
	assert_string_equal(d.machine.cmdline, "root=/dev/xvda1");
	assert_int_equal(d.machine.cmdline_len, 15);
	assert_int_equal(d.machine.nr_modules, 2);
	assert_int_equal(d.machine.modules[1].addr, 0x1800000);
	assert_int_equal(d.machine.modules[1].size, 0x1234);
	assert_int_equal(d.machine.nr_used, 1);
	assert_int_equal(d.machine.used[0].addr, 0x5000);
	assert_int_equal(d.machine.used[0].size, 0x38);
}

static void add_module(uint64_t addr, uint64_t size)
{
	d.bi.modules[d.bi.nr_modules++] = (struct boot_module){ addr, size, NULL };
}

/* What QEMU q35 with 6 GiB describes: low RAM, the hole, RAM above 4 GiB. */
static void add_q35_6g(void)
{
	add_e820(0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM);
	add_e820(0x9fc00, 0x400, XEN_HVM_MEMMAP_TYPE_RESERVED);
	add_e820(0xf0000, 0x10000, XEN_HVM_MEMMAP_TYPE_RESERVED);
	add_e820(0x100000, 0x7ff00000, XEN_HVM_MEMMAP_TYPE_RAM);
	add_e820(0xb0000000, 0x10000000, XEN_HVM_MEMMAP_TYPE_RESERVED);
	add_e820(4 * GIB, 4 * GIB, XEN_HVM_MEMMAP_TYPE_RAM);
}

static void expect_error(const char *want)
{
	const char *err = describe(NULL);

	assert_non_null(err);
	assert_string_equal(err, want);
}

/* Issue 9 defect 1: a module must lie in RAM, or the initrd's copy faults or reads MMIO. */
static void test_module_in_ram_below_and_above_4g(void **state)
{
	add_q35_6g();
	add_module(0x7f000000, 0x100000);
	add_module(5 * GIB, 0x1000);
	add_module(0x200000, 0); /* empty: never read, so it may be anywhere */
	add_module(0xfee00000, 0);
	assert_null(describe(NULL));
	assert_int_equal(d.machine.nr_modules, 4);
}

static void test_module_outside_ram(void **state)
{
	add_q35_6g();
	add_module(0x7f000000, 0x1000);
	add_module(0xc0000000, 0x1000); /* in the PCI hole */
	expect_error("start_info: module 1 (0xc0000000, 0x1000 bytes) outside RAM");
}

static void test_module_in_reserved_memory(void **state)
{
	add_q35_6g();
	add_module(0xb0000000, 0x1000);
	expect_error("start_info: module 0 (0xb0000000, 0x1000 bytes) outside RAM");
}

static void test_module_beyond_the_map(void **state)
{
	add_q35_6g();
	add_module(8 * GIB - 0x1000, 0x2000); /* its last page is past the map's end */
	expect_error("start_info: module 0 (0x1fffff000, 0x2000 bytes) outside RAM");
	memset(&d, 0, sizeof(d));
	add_q35_6g();
	add_module(64 * GIB, 0x1000); /* far above any range: never identity-mapped */
	expect_error("start_info: module 0 (0x1000000000, 0x1000 bytes) outside RAM");
}

/* Across the low RAM's end into the hole below 1 MiB. */
static void test_module_across_a_gap(void **state)
{
	add_q35_6g();
	add_module(0x9f000, 0x2000);
	expect_error("start_info: module 0 (0x9f000, 0x2000 bytes) outside RAM");
}

/* RAM split into adjacent or overlapping entries is still RAM, in any order. */
static void test_module_across_adjacent_ram_ranges(void **state)
{
	add_e820(0x2000000, 0x1000000, XEN_HVM_MEMMAP_TYPE_RAM);
	add_e820(0x1000000, 0x1000000, XEN_HVM_MEMMAP_TYPE_RAM);
	add_e820(0x2800000, 0x2000000, XEN_HVM_MEMMAP_TYPE_RAM);
	add_module(0x1800000, 0x2000000);
	assert_null(describe(NULL));
}

static void test_module_over_the_firmware(void **state)
{
	add_q35_6g();
	add_module(0x7f000000, 0x1000);
	add_module(IMAGE_END - 0x1000, 0x2000);
	expect_error("start_info: module 1 (0x17f000, 0x2000 bytes) overlaps the firmware");
	memset(&d, 0, sizeof(d));
	add_q35_6g();
	add_module(0xff000, 0x2000); /* its last page is the firmware's first */
	expect_error("start_info: module 0 (0xff000, 0x2000 bytes) overlaps the firmware");
	memset(&d, 0, sizeof(d));
	add_q35_6g();
	add_module(IMAGE_END, 0x2000); /* starts where the firmware ends */
	assert_null(describe(NULL));
}

/* Sizes that add up past 2^64 would make the initrd's announced size small (issue 9). */
static void test_module_sizes_sum_past_2_64(void **state)
{
	add_e820(4 * GIB, UINT64_MAX - 8 * GIB, XEN_HVM_MEMMAP_TYPE_RAM);
	for (int i = 0; i < 3; i++)
		add_module(4 * GIB, 1ULL << 62);
	add_module(4 * GIB, (1ULL << 62) - 1);
	assert_null(describe(NULL)); /* 2^64 - 1 bytes: still fits */
	d.bi.modules[3].size++;
	expect_error("start_info: the modules add up to 2^64 bytes or more");
}

/* A version-0 start_info: the modules are checked against the platform's map. */
static void test_module_checked_against_the_platform_map(void **state)
{
	xen_map[0] = (struct boot_range){ 0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM };
	xen_map[1] = (struct boot_range){ 0x100000, 0x3ff00000, XEN_HVM_MEMMAP_TYPE_RAM };
	xen_map_len = 2;
	add_module(0x20000000, 0x1000);
	assert_null(describe(xen_memory_map));
	memset(&d, 0, sizeof(d));
	add_module(0x40000000, 0x1000);
	assert_string_equal(describe(xen_memory_map),
			    "start_info: module 0 (0x40000000, 0x1000 bytes) outside RAM");
}

/* A range from the platform's map that runs past 2^64 ends there, and wraps nothing. */
static void test_ram_range_ending_at_2_64(void **state)
{
	xen_map[0] = (struct boot_range){ 0x100000, UINT64_MAX, XEN_HVM_MEMMAP_TYPE_RAM };
	xen_map_len = 1;
	add_module(UINT64_MAX - 0x1000, 0x1000);
	assert_null(describe(xen_memory_map));
	memset(&d, 0, sizeof(d));
	add_module(0x1000, 0x1000);
	assert_non_null(describe(xen_memory_map));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_e820_types, setup),
		cmocka_unit_test_setup(test_map_from_the_platform, setup),
		cmocka_unit_test_setup(test_start_info_map_first, setup),
		cmocka_unit_test_setup(test_payload_inputs_and_used_memory, setup),
		cmocka_unit_test_setup(test_module_in_ram_below_and_above_4g, setup),
		cmocka_unit_test_setup(test_module_outside_ram, setup),
		cmocka_unit_test_setup(test_module_in_reserved_memory, setup),
		cmocka_unit_test_setup(test_module_beyond_the_map, setup),
		cmocka_unit_test_setup(test_module_across_a_gap, setup),
		cmocka_unit_test_setup(test_module_across_adjacent_ram_ranges, setup),
		cmocka_unit_test_setup(test_module_over_the_firmware, setup),
		cmocka_unit_test_setup(test_module_sizes_sum_past_2_64, setup),
		cmocka_unit_test_setup(test_module_checked_against_the_platform_map, setup),
		cmocka_unit_test_setup(test_ram_range_ending_at_2_64, setup),
	};
	return cmocka_run_group_tests_name("describe", tests, NULL, NULL);
}
