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
	assert_null(describe_start_info(&d, NULL));
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
	assert_string_equal(describe_start_info(&d, NULL), "no memory map in start_info");
	xen_map_len = 0;
	assert_string_equal(describe_start_info(&d, xen_memory_map), "no memory map in start_info");
	xen_map[0] = (struct boot_range){ 0, 0x9fc00, XEN_HVM_MEMMAP_TYPE_RAM };
	xen_map[1] = (struct boot_range){ 0xfc000000, 0x1000, XEN_HVM_MEMMAP_TYPE_RESERVED };
	xen_map_len = 2;
	assert_null(describe_start_info(&d, xen_memory_map));
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
	assert_null(describe_start_info(&d, xen_memory_map));
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
	assert_null(describe_start_info(&d, NULL));
	assert_string_equal(d.machine.cmdline, "root=/dev/xvda1");
	assert_int_equal(d.machine.cmdline_len, 15);
	assert_int_equal(d.machine.nr_modules, 2);
	assert_int_equal(d.machine.modules[1].addr, 0x1800000);
	assert_int_equal(d.machine.modules[1].size, 0x1234);
	assert_int_equal(d.machine.nr_used, 1);
	assert_int_equal(d.machine.used[0].addr, 0x5000);
	assert_int_equal(d.machine.used[0].size, 0x38);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_e820_types, setup),
		cmocka_unit_test_setup(test_map_from_the_platform, setup),
		cmocka_unit_test_setup(test_start_info_map_first, setup),
		cmocka_unit_test_setup(test_payload_inputs_and_used_memory, setup),
	};
	return cmocka_run_group_tests_name("describe", tests, NULL, NULL);
}
