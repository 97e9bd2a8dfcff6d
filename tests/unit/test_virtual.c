/*
 * SetVirtualAddressMap and ConvertPointer (runtime/virtual.c) against the OS's map, with a
 * stand-in for the runtime unit: two pages whose first two quadwords are its relocation records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/layout.h"
#include "runtime/internal.h"

#define UNIT_SIZE 8192
#define OFFSET 0x100000000ULL /* where the OS moves the unit: one GiB up... four */

__asm__(".data\n.balign 4096\n"
	".globl __rtcode_start\n__rtcode_start:\n.skip 8192\n"
	".globl __rtdata_end\n__rtdata_end:\n"
	".globl __rtrelocs_start\n__rtrelocs_start:\n.long 0\n.long 8\n"
	".globl __rtrelocs_end\n__rtrelocs_end:\n.text\n");

bool runtime_at_runtime;
EFI_RUNTIME_SERVICES runtime_services;
EFI_SYSTEM_TABLE runtime_system_table;

void trace_rt(const char *fmt, ...)
{
}

void table_update_crc(EFI_TABLE_HEADER *hdr)
{
}

/* A memory-mapped register of the reset plan, inside the unit (so the OS maps it). */
static UINT64 reg;
static EFI_STATUS reg_status;

void reset_convert_registers(EFI_STATUS (*convert)(UINT64 *address))
{
	reg_status = convert(&reg);
}

/* The OS's map: the unit, and page 0 (which Linux maps as runtime too). */
static EFI_MEMORY_DESCRIPTOR os_map[2];
static UINT64 *slots = (UINT64 *)__rtcode_start;

static int setup(void **state)
{
	struct runtime_range unit = { (UINT64)__rtcode_start, UNIT_SIZE / 4096 };

	runtime_at_runtime = true;
	runtime_virtual = false;
	runtime_keep_ranges(&unit, 1);
	os_map[0] = (EFI_MEMORY_DESCRIPTOR){ EfiRuntimeServicesCode, 0, (UINT64)__rtcode_start,
					     (UINT64)__rtcode_start + OFFSET, UNIT_SIZE / 4096,
					     EFI_MEMORY_RUNTIME };
	os_map[1] = (EFI_MEMORY_DESCRIPTOR){ EfiRuntimeServicesData, 0, 0, OFFSET * 2, 1, EFI_MEMORY_RUNTIME };
	slots[0] = (UINT64)__rtcode_start + 16;
	slots[1] = (UINT64)__rtcode_start + 24;
	reg = (UINT64)__rtcode_start + 32;
	reg_status = EFI_NOT_READY;
	return 0;
}

static EFI_STATUS svam(void)
{
	return rt_set_virtual_address_map(sizeof(os_map), sizeof(os_map[0]), EFI_MEMORY_DESCRIPTOR_VERSION,
					  os_map);
}

static void test_moves_once(void **state)
{
	assert_int_equal(svam(), EFI_SUCCESS);
	assert_int_equal(slots[0], (UINT64)__rtcode_start + 16 + OFFSET);
	assert_int_equal(slots[1], (UINT64)__rtcode_start + 24 + OFFSET);
	assert_int_equal(reg_status, EFI_SUCCESS);
	assert_int_equal(reg, (UINT64)__rtcode_start + 32 + OFFSET);
	assert_int_equal(svam(), EFI_UNSUPPORTED);
	assert_int_equal(slots[0], (UINT64)__rtcode_start + 16 + OFFSET);
}

/* A notification that calls SetVirtualAddressMap again: refused, the unit moves once. */
static EFI_STATUS nested_status;

static VOID EFIAPI call_again(EFI_EVENT ev, VOID *ctx)
{
	static int depth;

	if (depth++ == 0)
		nested_status = svam();
	depth--;
}

static void test_reentry_refused(void **state)
{
	EFI_EVENT ev = (EFI_EVENT)0x1234;

	nested_status = EFI_NOT_READY;
	assert_int_equal(runtime_add_va_event(ev, call_again, NULL), EFI_SUCCESS);
	assert_int_equal(svam(), EFI_SUCCESS);
	runtime_remove_va_event(ev);
	assert_int_equal(nested_status, EFI_UNSUPPORTED);
	assert_int_equal(slots[0], (UINT64)__rtcode_start + 16 + OFFSET);
	assert_int_equal(reg, (UINT64)__rtcode_start + 32 + OFFSET);
}

/* ConvertPointer, as a notification calls it: an address is converted only when a runtime
 * descriptor holds it; the last byte of the address space is in none here. */
static EFI_STATUS top_status, page0_status, null_status;
static UINT64 top_value, page0_value;

static VOID EFIAPI convert_some(EFI_EVENT ev, VOID *ctx)
{
	void *p = (void *)UINT64_MAX, *q = (void *)0x10, *n = NULL;

	top_status = rt_convert_pointer(0, &p);
	top_value = (UINT64)p;
	page0_status = rt_convert_pointer(0, &q);
	page0_value = (UINT64)q;
	null_status = rt_convert_pointer(EFI_OPTIONAL_PTR, &n);
}

static void test_convert_pointer(void **state)
{
	EFI_EVENT ev = (EFI_EVENT)0x5678;
	void *p = (void *)0x10;

	assert_int_equal(rt_convert_pointer(0, &p), EFI_NOT_FOUND); /* outside SetVirtualAddressMap */
	assert_int_equal(rt_convert_pointer(0, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(runtime_add_va_event(ev, convert_some, NULL), EFI_SUCCESS);
	assert_int_equal(svam(), EFI_SUCCESS);
	runtime_remove_va_event(ev);
	assert_int_equal(page0_status, EFI_SUCCESS);
	assert_int_equal(page0_value, OFFSET * 2 + 0x10);
	assert_int_equal(null_status, EFI_SUCCESS);
	assert_int_equal(top_status, EFI_NOT_FOUND);
	assert_int_equal(top_value, UINT64_MAX);
}

/* Descriptor sizes and counts the OS gets wrong. */
static void test_bad_maps(void **state)
{
	assert_int_equal(rt_set_virtual_address_map(sizeof(os_map), sizeof(os_map[0]) - 8,
						     EFI_MEMORY_DESCRIPTOR_VERSION, os_map), EFI_INVALID_PARAMETER);
	assert_int_equal(rt_set_virtual_address_map(sizeof(os_map) - 8, sizeof(os_map[0]),
						     EFI_MEMORY_DESCRIPTOR_VERSION, os_map), EFI_INVALID_PARAMETER);
	assert_int_equal(rt_set_virtual_address_map(0, 1ULL << 63, EFI_MEMORY_DESCRIPTOR_VERSION, os_map),
			 EFI_NO_MAPPING);
	assert_int_equal(rt_set_virtual_address_map(sizeof(os_map), sizeof(os_map[0]), 2, os_map),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(rt_set_virtual_address_map(sizeof(os_map), sizeof(os_map[0]),
						     EFI_MEMORY_DESCRIPTOR_VERSION, NULL), EFI_INVALID_PARAMETER);
	/* The unit's descriptor one page short: the unit has no mapping. */
	os_map[0].NumberOfPages = UNIT_SIZE / 4096 - 1;
	assert_int_equal(svam(), EFI_NO_MAPPING);
	/* NumberOfPages so big that its byte count wraps to one page: still short. */
	os_map[0].NumberOfPages = (1ULL << 52) + 1;
	assert_int_equal(svam(), EFI_NO_MAPPING);
	assert_int_equal(slots[0], (UINT64)__rtcode_start + 16); /* nothing moved */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_moves_once, setup),
		cmocka_unit_test_setup(test_reentry_refused, setup),
		cmocka_unit_test_setup(test_convert_pointer, setup),
		cmocka_unit_test_setup(test_bad_maps, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
