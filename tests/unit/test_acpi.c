/* ACPI: checksums, RSDP revisions, table lookup via XSDT/RSDT, FADT power registers, \_S5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <sys/mman.h>

#include "platform/acpi.h"
#include "runtime/runtime.h"

#define ADDR(p) ((uint64_t)(uintptr_t)(p))

struct hdr {
	char sig[4];
	uint32_t len;
	uint8_t rev, sum;
	char oem[6], oem_table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

/*
 * The tables of a test live in one page of the low 2 GiB (MAP_32BIT: RSDT entries and the
 * FADT's DSDT field are 32-bit), followed by a page that is not mapped: a read past the tables
 * faults instead of passing unnoticed. The FADT ends where that page begins.
 */
#define FADT_LEN 276
#define DSDT_LEN (36 + 32)
static uint8_t *page, *rsdp, *xsdt, *rsdt, *dsdt, *fadt;
/* Everything the parser may read: the whole address space but page 0. */
static struct acpi_mem all;

static int map_page(void **state)
{
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	assert_true(page != MAP_FAILED);
	assert_int_equal(mprotect(page + 4096, 4096, PROT_NONE), 0);
	rsdp = page;
	xsdt = page + 64;
	rsdt = page + 128;
	dsdt = page + 256;
	fadt = page + 4096 - FADT_LEN;
	all = (struct acpi_mem){ 4096, UINT64_MAX, false };
	return 0;
}

static int unmap_page(void **state)
{
	munmap(page, 2 * 4096);
	return 0;
}

/* The readable memory ends at end. */
static struct acpi_mem up_to(const void *end)
{
	return (struct acpi_mem){ 4096, ADDR(end), false };
}

static void fix_sum(void *t, uint32_t len, uint8_t *sum)
{
	uint8_t s = 0;

	*sum = 0;
	for (uint32_t i = 0; i < len; i++)
		s += ((uint8_t *)t)[i];
	*sum = (uint8_t)-s;
}

static void make_table(void *t, const char *sig, uint32_t len)
{
	struct hdr *h = t;

	memset(t, 0, len);
	memcpy(h->sig, sig, 4);
	h->len = len;
}

static void seal(void *t)
{
	struct hdr *h = t;

	fix_sum(t, h->len, &h->sum);
}

/* The FADT does not start 8-byte aligned: fields are stored and read byte-wise. */
static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* An AML fragment: Name(_S5_, Package(4){0x05, 0x05, 0, 0}) */
static const uint8_t s5_aml[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };

static void build(int revision)
{
	uint64_t dsdt_addr = ADDR(dsdt), fadt_addr = ADDR(fadt);
	uint32_t fadt32 = (uint32_t)fadt_addr;

	make_table(dsdt, "DSDT", DSDT_LEN);
	memcpy(dsdt + 36 + 4, s5_aml, sizeof(s5_aml));
	seal(dsdt);
	make_table(fadt, "FACP", FADT_LEN);
	memcpy(fadt + 40, &dsdt_addr, 4); /* DSDT (32-bit) */
	put32(fadt + 64, 0x604); /* PM1a_CNT_BLK */
	put32(fadt + 112, 1u << 10); /* RESET_REG_SUP */
	fadt[116] = 1; /* reset register: I/O 0xcf9 */
	put64(fadt + 120, 0xcf9);
	fadt[128] = 0x0f;
	memcpy(fadt + 140, &dsdt_addr, 8); /* X_DSDT */
	seal(fadt);
	make_table(xsdt, "XSDT", 36 + 8);
	memcpy(xsdt + 36, &fadt_addr, 8);
	seal(xsdt);
	make_table(rsdt, "RSDT", 36 + 4);
	memcpy(rsdt + 36, &fadt32, 4);
	seal(rsdt);

	memset(rsdp, 0, 36);
	memcpy(rsdp, "RSD PTR ", 8);
	rsdp[15] = (uint8_t)revision;
	uint32_t rsdt32 = (uint32_t)ADDR(rsdt);
	memcpy(rsdp + 16, &rsdt32, 4);
	put32(rsdp + 20, 36);
	uint64_t x = ADDR(xsdt);
	memcpy(rsdp + 24, &x, 8);
	fix_sum(rsdp, 20, &rsdp[8]);
	fix_sum(rsdp, 36, &rsdp[32]);
}

static void test_rsdp_revisions(void **state)
{
	build(2);
	assert_int_equal(acpi_rsdp_check(&all, ADDR(rsdp)), 2);
	rsdp[33] ^= 0xff; /* extended checksum broken */
	assert_int_equal(acpi_rsdp_check(&all, ADDR(rsdp)), -1);
	build(0);
	assert_int_equal(acpi_rsdp_check(&all, ADDR(rsdp)), 0);
	rsdp[0] = 'X';
	assert_int_equal(acpi_rsdp_check(&all, ADDR(rsdp)), -1);
}

static void test_table_valid(void **state)
{
	build(2);
	assert_true(acpi_table_valid(fadt, FADT_LEN));
	assert_false(acpi_table_valid(fadt, FADT_LEN - 1)); /* longer than allowed */
	fadt[100] ^= 1;
	assert_false(acpi_table_valid(fadt, FADT_LEN));
}

static void test_find_via_xsdt(void **state)
{
	build(2);
	assert_ptr_equal(acpi_find_table(&all, ADDR(rsdp), "FACP"), fadt);
	assert_null(acpi_find_table(&all, ADDR(rsdp), "APIC"));
}

static void test_find_skips_bad_checksum(void **state)
{
	build(2);
	fadt[200] ^= 1;
	assert_null(acpi_find_table(&all, ADDR(rsdp), "FACP"));
	assert_null(acpi_find_table(&all, 0, "FACP"));
}

static void test_power_registers(void **state)
{
	struct runtime_plan plan = { 0 };

	build(2);
	assert_true(acpi_read_power(&all, ADDR(rsdp), &plan));
	assert_int_equal(plan.pm1a_cnt.space, IO_PORT);
	assert_int_equal(plan.pm1a_cnt.address, 0x604);
	assert_int_equal(plan.s5_typ, 5);
	assert_int_equal(plan.reset_reg.space, IO_PORT);
	assert_int_equal(plan.reset_reg.address, 0xcf9);
	assert_int_equal(plan.reset_value, 0x0f);
	assert_int_equal(plan.sleep_ctrl.space, IO_NONE);
	assert_false(plan.xen);
}

static void test_s5_forms(void **state)
{
	const uint8_t zero_op[] = { '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };
	const uint8_t one_op[] = { '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x01, 0x00, 0x00, 0x00 };
	const uint8_t truncated[] = { '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0a };
	const uint8_t none[] = { '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0x0a, 0x07, 0, 0, 0 };

	assert_int_equal(acpi_find_s5(s5_aml, sizeof(s5_aml)), 5);
	assert_int_equal(acpi_find_s5(zero_op, sizeof(zero_op)), 0);
	assert_int_equal(acpi_find_s5(one_op, sizeof(one_op)), 1);
	assert_int_equal(acpi_find_s5(truncated, sizeof(truncated)), -1);
	assert_int_equal(acpi_find_s5(none, sizeof(none)), -1);
}

static void test_v2_rsdp_from_v1(void **state)
{
	uint8_t *old = page, *r32 = page + 64, out[4096];
	uint32_t entries[2] = { 0x12345678, 0x9abcdef0 }, r32_addr = (uint32_t)(uintptr_t)r32;
	struct acpi_mem twin = { ADDR(out), ADDR(out) + sizeof(out), false };
	uint64_t x;

	memset(page, 0, 4096);
	make_table(r32, "RSDT", 36 + 8);
	memcpy(r32 + 10, "PVHOEM", 6);
	memcpy(r32 + 36, entries, 8);
	seal(r32);
	memcpy(old, "RSD PTR ", 8);
	memcpy(old + 9, "PVHOEM", 6);
	memcpy(old + 16, &r32_addr, 4);
	fix_sum(old, 20, &old[8]);
	assert_int_equal(acpi_rsdp_check(&all, ADDR(old)), 0);

	assert_int_equal(acpi_build_v2_rsdp(&all, (uintptr_t)old, out, sizeof(out)), 0);
	assert_int_equal(acpi_rsdp_check(&twin, ADDR(out)), 2);
	assert_memory_equal(out + 9, "PVHOEM", 6);
	assert_memory_equal(out + 16, &r32_addr, 4); /* the RSDT stays reachable */
	memcpy(&x, out + 24, 8);
	assert_int_equal(x, (uintptr_t)(out + 48));
	assert_true(acpi_table_valid(out + 48, 4096));
	assert_memory_equal(out + 48, "XSDT", 4);
	assert_int_equal(*(uint32_t *)(out + 48 + 4), 36 + 16);
	memcpy(&x, out + 48 + 36, 8);
	assert_int_equal(x, 0x12345678);
	memcpy(&x, out + 48 + 44, 8);
	assert_int_equal(x, 0x9abcdef0);

	assert_int_equal(acpi_build_v2_rsdp(&all, (uintptr_t)old, out, 48 + 36 + 15), -1); /* too small */
	old[15] = 2; /* already revision 2: nothing to build */
	fix_sum(old, 20, &old[8]);
	assert_int_equal(acpi_build_v2_rsdp(&all, (uintptr_t)old, out, sizeof(out)), -1);
}

/* ---- issue 9 defect 5: nothing is read outside the readable memory ------------------------ */

static void test_readable_tables_are_found_and_flag_nothing(void **state)
{
	struct acpi_mem m = up_to(page + 4096);
	struct runtime_plan plan = { 0 };

	build(2);
	assert_ptr_equal(acpi_find_table(&m, ADDR(rsdp), "FACP"), fadt);
	assert_true(acpi_read_power(&m, ADDR(rsdp), &plan));
	assert_int_equal(plan.s5_typ, 5);
	assert_false(m.unreadable);
}

static void test_rsdp_beyond_the_limit(void **state)
{
	struct acpi_mem m = up_to(rsdp + 35); /* a revision-2 RSDP is 36 bytes */

	build(2);
	assert_int_equal(acpi_rsdp_check(&m, ADDR(rsdp)), -1);
	assert_true(m.unreadable);
	m = up_to(rsdp + 20);
	build(0); /* a revision-0 RSDP is 20 bytes */
	assert_int_equal(acpi_rsdp_check(&m, ADDR(rsdp)), 0);
}

static void test_table_beyond_the_limit_is_absent(void **state)
{
	struct acpi_mem m = up_to(fadt);
	struct runtime_plan plan = { 0 };

	build(2);
	assert_null(acpi_find_table(&m, ADDR(rsdp), "FACP"));
	assert_true(m.unreadable);
	assert_false(acpi_read_power(&m, ADDR(rsdp), &plan));
}

static void test_table_straddling_the_limit_is_absent(void **state)
{
	struct acpi_mem m = up_to(fadt + FADT_LEN - 1);

	build(2);
	assert_null(acpi_find_table(&m, ADDR(rsdp), "FACP"));
	assert_true(m.unreadable);
}

/* An XSDT entry for a table above 4 GiB, where nothing is mapped before services/paging.c runs. */
static void test_entry_above_4g_is_absent(void **state)
{
	struct acpi_mem m = up_to(page + 4096);
	uint64_t high = 5ULL << 30;

	build(2);
	memcpy(xsdt + 36, &high, 8);
	seal(xsdt);
	assert_null(acpi_find_table(&m, ADDR(rsdp), "FACP"));
	assert_true(m.unreadable);
}

/* A table whose length runs into the page that is not mapped. */
static void test_length_past_readable_memory(void **state)
{
	struct acpi_mem m = up_to(page + 4096);

	build(2);
	((struct hdr *)fadt)->len = 4096;
	assert_null(acpi_find_table(&m, ADDR(rsdp), "FACP"));
	assert_true(m.unreadable);
}

/* The FADT is readable, its DSDT is not: the power registers, without \_S5. */
static void test_dsdt_beyond_the_limit(void **state)
{
	struct acpi_mem m = up_to(page + 4096);
	struct runtime_plan plan = { 0 };
	uint64_t high = 6ULL << 30;

	build(2);
	memcpy(fadt + 140, &high, 8);
	seal(fadt);
	assert_true(acpi_read_power(&m, ADDR(rsdp), &plan));
	assert_int_equal(plan.pm1a_cnt.address, 0x604);
	assert_int_equal(plan.s5_typ, 0);
	assert_true(m.unreadable);
}

static void test_v1_twin_with_rsdt_beyond_the_limit(void **state)
{
	struct acpi_mem m = up_to(rsdt);
	uint8_t out[4096];

	build(0);
	assert_int_equal(acpi_build_v2_rsdp(&m, ADDR(rsdp), out, sizeof(out)), -1);
	assert_true(m.unreadable);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp_revisions),
		cmocka_unit_test(test_table_valid),
		cmocka_unit_test(test_find_via_xsdt),
		cmocka_unit_test(test_find_skips_bad_checksum),
		cmocka_unit_test(test_power_registers),
		cmocka_unit_test(test_s5_forms),
		cmocka_unit_test(test_v2_rsdp_from_v1),
		cmocka_unit_test(test_readable_tables_are_found_and_flag_nothing),
		cmocka_unit_test(test_rsdp_beyond_the_limit),
		cmocka_unit_test(test_table_beyond_the_limit_is_absent),
		cmocka_unit_test(test_table_straddling_the_limit_is_absent),
		cmocka_unit_test(test_entry_above_4g_is_absent),
		cmocka_unit_test(test_length_past_readable_memory),
		cmocka_unit_test(test_dsdt_beyond_the_limit),
		cmocka_unit_test(test_v1_twin_with_rsdt_beyond_the_limit),
	};
	return cmocka_run_group_tests_name("acpi", tests, map_page, unmap_page);
}
