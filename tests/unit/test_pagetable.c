/*
 * The page tables of the identity map (services/pagetable.c): large pages split only where a
 * range ends inside them, permissions kept per leaf, tables checked in the CPU's own format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/lib.h"
#include "services/pagetable.h"

#define KIB 1024ULL
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)
#define DATA (PT_PRESENT | PT_WRITE | PT_NX)
#define CODE (PT_PRESENT | PT_WRITE)
#define RX PT_PRESENT
#define MAX_TABLES 64

static uint64_t *tables[MAX_TABLES];
static int nr_tables, tables_left;
static struct pagetable pt;

/* Pages for tables, zeroed; none once tables_left reaches 0. */
static uint64_t *new_table(void)
{
	uint64_t *t;

	if (!tables_left || nr_tables == MAX_TABLES)
		return NULL;
	tables_left--;
	t = aligned_alloc(4096, 4096);
	memset(t, 0, 4096);
	return tables[nr_tables++] = t;
}

static int setup(void **state)
{
	nr_tables = 0;
	tables_left = MAX_TABLES;
	pt = (struct pagetable){ new_table(), new_table, false, PT_NX };
	nr_tables = 0; /* the root is not counted */
	tables[0] = NULL;
	return 0;
}

static int teardown(void **state)
{
	for (int i = 0; i < nr_tables; i++)
		free(tables[i]);
	free(pt.root);
	return 0;
}

/* The permissions at addr, and that the leaf holding it ends at next. */
static void expect(uint64_t addr, uint64_t perms, uint64_t next)
{
	uint64_t n;

	assert_int_equal(pt_get(&pt, addr, &n), perms);
	assert_int_equal(n, next);
}

/* Walks the tables as the CPU does: every table entry present, writable, executable; leaves of
 * 1 GiB or 2 MiB have the large-page bit and an aligned address; every leaf maps its own address. */
static void check_format(const uint64_t *t, int level, uint64_t base)
{
	uint64_t span = 1ULL << (12 + 9 * level);

	for (int i = 0; i < 512; i++) {
		uint64_t e = t[i], addr = base + i * span;

		if (!e)
			continue;
		if (level > 0 && !(e & 0x80)) {
			assert_int_equal(e & (PT_PERMS | 0x80), PT_PRESENT | PT_WRITE);
			check_format((const uint64_t *)(e & 0x000ffffffffff000ULL), level - 1, addr);
			continue;
		}
		assert_true(level < 3);
		assert_int_equal(e & 0x000ffffffffff000ULL & ~(span - 1), addr);
		assert_int_equal(e & 0x000ffffffffff000ULL & (span - 1), 0);
	}
}

static void test_identity_map_with_2mib_pages(void **state)
{
	assert_int_equal(pt_set(&pt, 0, 4 * GIB, DATA), EFI_SUCCESS);
	assert_int_equal(nr_tables, 1 + 4); /* a PDPT, four page directories */
	expect(0, DATA, 2 * MIB);
	expect(3 * GIB + 5 * MIB, DATA, 3 * GIB + 6 * MIB);
	expect(4 * GIB, 0, 5 * GIB); /* nothing there */
	check_format(pt.root, 3, 0);
}

static void test_gib_pages(void **state)
{
	pt.gib_pages = true;
	assert_int_equal(pt_set(&pt, 0, 4 * GIB, DATA), EFI_SUCCESS);
	assert_int_equal(nr_tables, 1);
	expect(GIB + 123 * 4096, DATA, 2 * GIB);
	/* A page in the middle splits its gigabyte down to 4 KiB, and nothing else. */
	assert_int_equal(pt_set(&pt, GIB + 4096, GIB + 2 * 4096, RX), EFI_SUCCESS);
	assert_int_equal(nr_tables, 3);
	expect(GIB, DATA, GIB + 4096);
	expect(GIB + 4096, RX, GIB + 2 * 4096);
	expect(GIB + 2 * 4096, DATA, GIB + 3 * 4096);
	expect(GIB + 2 * MIB, DATA, GIB + 4 * MIB);
	expect(2 * GIB, DATA, 3 * GIB);
	check_format(pt.root, 3, 0);
}

/* The firmware's kind of use: segments of a few pages each inside one large page. */
static void test_split_and_keep(void **state)
{
	assert_int_equal(pt_set(&pt, 0, 4 * GIB, DATA), EFI_SUCCESS);
	assert_int_equal(pt_set(&pt, MIB, MIB + 3 * 4096, RX), EFI_SUCCESS);
	assert_int_equal(pt_set(&pt, MIB + 3 * 4096, MIB + 5 * 4096, PT_PRESENT | PT_NX), EFI_SUCCESS);
	assert_int_equal(pt_set(&pt, 0, 4096, 0), EFI_SUCCESS); /* page 0: not present */
	assert_int_equal(nr_tables, 5 + 1);
	expect(0, 0, 4096);
	expect(4096, DATA, 2 * 4096);
	expect(MIB - 4096, DATA, MIB);
	expect(MIB + 4096, RX, MIB + 2 * 4096);
	expect(MIB + 4 * 4096, PT_PRESENT | PT_NX, MIB + 5 * 4096);
	expect(MIB + 5 * 4096, DATA, MIB + 6 * 4096);
	/* The same permissions again need no table, even for a page inside a large page. */
	assert_int_equal(pt_set(&pt, 3 * GIB + 4096, 3 * GIB + 2 * 4096, DATA), EFI_SUCCESS);
	assert_int_equal(nr_tables, 6);
	expect(3 * GIB + 4096, DATA, 3 * GIB + 2 * MIB);
	/* A whole large page becomes a leaf again; a split one keeps its table. */
	assert_int_equal(pt_set(&pt, 4 * MIB, 6 * MIB, CODE), EFI_SUCCESS);
	expect(5 * MIB, CODE, 6 * MIB);
	assert_int_equal(pt_set(&pt, 0, 2 * MIB, DATA), EFI_SUCCESS);
	expect(0, DATA, 4096);
	expect(MIB + 4096, DATA, MIB + 2 * 4096);
	check_format(pt.root, 3, 0);
}

/* A page made not present remembers its other bits; present again, it has them back. */
static void test_not_present_keeps_bits(void **state)
{
	assert_int_equal(pt_set(&pt, 0, 2 * MIB, DATA), EFI_SUCCESS);
	assert_int_equal(pt_set(&pt, 8192, 3 * 4096, PT_WRITE | PT_NX), EFI_SUCCESS);
	expect(8192, PT_WRITE | PT_NX, 3 * 4096);
	assert_int_equal(pt_set(&pt, 0, 2 * MIB, 0), EFI_SUCCESS);
	expect(MIB, 0, MIB + 4096);
	check_format(pt.root, 3, 0);
}

static void test_above_512_gib(void **state)
{
	pt.gib_pages = true;
	assert_int_equal(pt_set(&pt, 1024 * GIB, 1026 * GIB, DATA), EFI_SUCCESS);
	assert_int_equal(nr_tables, 1); /* a PDPT under PML4[2] */
	expect(1025 * GIB, DATA, 1026 * GIB);
	expect(512 * GIB, 0, 1024 * GIB);
	expect(PT_LIMIT, 0, UINT64_MAX);
	check_format(pt.root, 3, 0);
}

static void test_no_memory_for_tables(void **state)
{
	assert_int_equal(pt_set(&pt, 0, 4 * GIB, DATA), EFI_SUCCESS);
	tables_left = 0;
	assert_int_equal(pt_set(&pt, 2 * MIB - 4096, 2 * MIB + 4096, RX), EFI_OUT_OF_RESOURCES);
	/* Nothing half-done inside a leaf: the large pages are as they were. */
	expect(2 * MIB - 4096, DATA, 2 * MIB);
	expect(2 * MIB, DATA, 4 * MIB);
	tables_left = 1;
	assert_int_equal(pt_set(&pt, 2 * MIB - 4096, 2 * MIB + 4096, RX), EFI_OUT_OF_RESOURCES);
	expect(2 * MIB - 4096, RX, 2 * MIB); /* the first half is done */
	expect(2 * MIB, DATA, 4 * MIB);
	check_format(pt.root, 3, 0);
}

static void test_without_nx(void **state)
{
	pt.nx = 0;
	assert_int_equal(pt_set(&pt, 0, 4 * MIB, DATA), EFI_SUCCESS);
	expect(MIB, PT_PRESENT | PT_WRITE, 2 * MIB);
	check_format(pt.root, 3, 0);
}

static void test_bad_ranges(void **state)
{
	assert_int_equal(pt_set(&pt, 1, 4096, DATA), EFI_INVALID_PARAMETER);
	assert_int_equal(pt_set(&pt, 0, 4095, DATA), EFI_INVALID_PARAMETER);
	assert_int_equal(pt_set(&pt, 4096, 4096, DATA), EFI_INVALID_PARAMETER);
	assert_int_equal(pt_set(&pt, 8192, 4096, DATA), EFI_INVALID_PARAMETER);
	assert_int_equal(pt_set(&pt, 0, PT_LIMIT + 4096, DATA), EFI_INVALID_PARAMETER);
	assert_int_equal(pt_set(&pt, 0, 4096, 0x80), EFI_INVALID_PARAMETER);
	assert_int_equal(nr_tables, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_identity_map_with_2mib_pages), T(test_gib_pages), T(test_split_and_keep),
		T(test_not_present_keeps_bits),       T(test_above_512_gib), T(test_no_memory_for_tables),
		T(test_without_nx),                   T(test_bad_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
