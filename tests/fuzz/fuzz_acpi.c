/*
 * libFuzzer target for platform/acpi.c: the input is physical memory at FAKE_MEM_BASE
 * (fake_mem.h) with the RSDP at its start; table addresses in it are host addresses (seeds
 * are built for that base: tests/fuzz/corpus/README). The parser gets exactly the input as
 * its readable memory, so a read outside it is a crash. acpi_rsdp_check, acpi_find_table,
 * acpi_read_power, acpi_build_v2_rsdp and acpi_find_s5 run on every input, each result
 * checked against what the function promises.
 *
 * Checksums stop most mutations at the first table. When the input's last byte is odd the
 * harness first re-seals what it can reach (tables, then the roots, then the RSDP), so that
 * the fields behind a checksum are fuzzed too; with an even last byte the input is parsed
 * as it is, bad checksums included.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "fake_mem.h"
#include "lib/lib.h"
#include "platform/acpi.h"
#include "runtime/runtime.h"

#define HDR 36 /* an SDT header */

static uint64_t base, size;

static bool in_input(uint64_t addr, uint64_t n)
{
	return addr >= base && addr - base <= size && n <= size - (addr - base);
}

static uint64_t get(uint64_t addr, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, (const void *)(uintptr_t)addr, n);
	return v;
}

/* ---- re-sealing ------------------------------------------------------------------------- */

/* Sets the byte at sum_at so that the len bytes at addr sum to 0. */
static void seal(uint64_t addr, uint64_t len, uint64_t sum_at)
{
	uint8_t *p = (uint8_t *)(uintptr_t)addr;

	p[sum_at] = 0;
	p[sum_at] = (uint8_t)-sum8(p, len);
}

/* The table's length when its header and all of it lie in the input, else 0. */
static uint32_t table_len(uint64_t addr)
{
	uint32_t len;

	if (!in_input(addr, HDR))
		return 0;
	len = (uint32_t)get(addr + 4, 4);
	return len >= HDR && in_input(addr, len) ? len : 0;
}

static void seal_table(uint64_t addr)
{
	uint32_t len = table_len(addr);

	if (len)
		seal(addr, len, 9);
}

/* The root's tables first (the FADT's DSDTs before the FADT), then the root itself. */
static void seal_root(uint64_t root, unsigned width)
{
	uint32_t len = table_len(root);

	for (uint32_t off = HDR; len && off + width <= len; off += width) {
		uint64_t t = get(root + off, width);
		uint32_t tlen = table_len(t);

		if (tlen >= 44 && !memcmp((const void *)(uintptr_t)t, "FACP", 4)) { /* it has a DSDT field */
			seal_table(get(t + 40, 4));
			if (tlen >= 148)
				seal_table(get(t + 140, 8));
		}
		seal_table(t);
	}
	seal_table(root);
}

static void seal_all(void)
{
	uint32_t rsdp_len;

	if (!in_input(base, 20))
		return;
	seal_root(get(base + 16, 4), 4);
	if (in_input(base, 36) && ((uint8_t *)(uintptr_t)base)[15] >= 2)
		seal_root(get(base + 24, 8), 8);
	seal(base, 20, 8);
	rsdp_len = in_input(base, 36) ? (uint32_t)get(base + 20, 4) : 0;
	if (((uint8_t *)(uintptr_t)base)[15] >= 2 && rsdp_len >= 36 && rsdp_len <= 4096 && in_input(base, rsdp_len))
		seal(base, rsdp_len, 32);
}

/* ---- what the parser promises ----------------------------------------------------------- */

static void check_rsdp(struct acpi_mem *m)
{
	int rev = acpi_rsdp_check(m, base);
	const uint8_t *r = (const uint8_t *)(uintptr_t)base;

	if (rev < 0)
		return;
	CHECK(in_input(base, 20) && !memcmp(r, "RSD PTR ", 8) && !sum8(r, 20) && rev == r[15]);
	if (rev >= 2)
		CHECK(in_input(base, get(base + 20, 4)) && !sum8(r, get(base + 20, 4)));
}

static void check_found(struct acpi_mem *m, const char sig[4])
{
	const uint8_t *t = acpi_find_table(m, base, sig);
	uint32_t len;

	if (!t)
		return;
	len = table_len((uint64_t)t);
	CHECK(len && !memcmp(t, sig, 4) && !sum8(t, len));
}

/* The revision-2 twin: a valid RSDP whose XSDT lists the RSDT's entries, widened. */
static void check_twin(struct acpi_mem *m)
{
	static _Alignas(16) uint8_t twin[4096];
	struct acpi_mem tm = { (uint64_t)twin, (uint64_t)twin + sizeof(twin), false };
	uint64_t rsdt, x = (uint64_t)twin + 48;
	uint32_t n;

	if (acpi_build_v2_rsdp(m, base, twin, sizeof(twin)))
		return;
	CHECK(acpi_rsdp_check(&tm, (uint64_t)twin) == 2 && get((uint64_t)twin + 24, 8) == x);
	CHECK(acpi_table_valid(twin + 48, sizeof(twin) - 48) && !memcmp(twin + 48, "XSDT", 4));
	rsdt = get(base + 16, 4);
	n = (uint32_t)(get(rsdt + 4, 4) - HDR) / 4;
	CHECK(get(x + 4, 4) == HDR + 8 * n);
	for (uint32_t i = 0; i < n; i++)
		CHECK(get(x + HDR + 8 * i, 8) == get(rsdt + HDR + 4 * i, 4));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const char *const sigs[] = { "FACP", "APIC", "HPET", "MCFG", "WAET", "DSDT", "FACS" };
	struct runtime_plan plan = { 0 };
	struct acpi_mem m;
	int s5;

	if (n > FAKE_MEM_MAX)
		return 0;
	base = (uint64_t)fake_mem_place(data, n);
	size = n;
	if (n && (data[n - 1] & 1))
		seal_all();
	m = (struct acpi_mem){ base, base + size, false };
	check_rsdp(&m);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		check_found(&m, sigs[i]);
	acpi_read_power(&m, base, &plan);
	check_twin(&m);
	s5 = acpi_find_s5((const uint8_t *)(uintptr_t)base, (uint32_t)size);
	CHECK(s5 >= -1 && s5 <= 255);
	return 0;
}
