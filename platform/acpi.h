/* The few ACPI structures pvhefi reads: RSDP, XSDT/RSDT, FADT and the \_S5 package (platform/acpi.c). */
#ifndef PVHEFI_ACPI_H
#define PVHEFI_ACPI_H

#include <stdbool.h>
#include <stdint.h>

struct runtime_plan;

/*
 * The physical memory the parser may read, [lo, hi): what is identity-mapped (the firmware
 * reads ACPI before services/paging.c maps anything above 4 GiB), or a host test's buffer. A
 * structure not wholly inside is absent, and sets unreadable for the caller to report.
 */
struct acpi_mem {
	uint64_t lo, hi;
	bool unreadable;
};

/* Validates a table's length and checksum; max_len bounds what may be read. */
bool acpi_table_valid(const void *table, uint32_t max_len);
/* RSDP checksum(s) and signature; returns its revision or -1. */
int acpi_rsdp_check(struct acpi_mem *mem, uint64_t rsdp);
/* Physical address of the RSDP found in the BIOS areas below 1 MiB, or 0. */
uint64_t acpi_scan_rsdp(struct acpi_mem *mem);
/* First table with this signature reachable from the RSDP, or NULL. */
const void *acpi_find_table(struct acpi_mem *mem, uint64_t rsdp, const char sig[4]);
/* How to power off and reset, from the FADT and the DSDT's \_S5, into the plan's ACPI fields
 * (left alone when there is no FADT). */
bool acpi_read_power(struct acpi_mem *mem, uint64_t rsdp, struct runtime_plan *plan);
/* Writes into buf a revision-2 RSDP and an XSDT with the tables of a revision-0 RSDP's RSDT. */
int acpi_build_v2_rsdp(struct acpi_mem *mem, uint64_t rsdp_v1, void *buf, uint32_t size);
/* Parses "_S5_" Package(){SLP_TYPa, ...} in AML; -1 when absent. */
int acpi_find_s5(const uint8_t *aml, uint32_t len);

#endif
