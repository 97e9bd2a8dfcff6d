/*
 * Fake physical memory for the fuzz targets whose parsers take physical addresses (start_info,
 * ACPI): the input is copied to FAKE_MEM_BASE, a fixed address below 4 GiB (RSDT entries are
 * 32-bit), so that an address inside the input is a host pointer into it. Everything around it
 * faults or is poisoned for ASan: a page that is never mapped below, the rest of the region
 * after the input, and a page that is never mapped after the region. A parser that reads one
 * byte outside the input crashes the fuzzer.
 */
#ifndef PVHEFI_FUZZ_FAKE_MEM_H
#define PVHEFI_FUZZ_FAKE_MEM_H

#include <stddef.h>
#include <stdint.h>

#define FAKE_MEM_BASE 0x10000000ULL
#define FAKE_MEM_MAX (1u << 20) /* libFuzzer's largest input by default */

/* Copies size bytes (at most FAKE_MEM_MAX) to FAKE_MEM_BASE; returns that address. */
uint8_t *fake_mem_place(const uint8_t *data, size_t size);

#endif
