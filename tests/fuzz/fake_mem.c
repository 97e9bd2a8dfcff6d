/* Fake physical memory for the fuzz targets (fake_mem.h). */
#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fake_mem.h"

#define GUARD 4096ULL

static uint8_t *region;
static size_t placed; /* the previous input's size: all else is still poisoned */

/* The guard pages and the region between them, once per process. */
static void map_region(void)
{
	uint8_t *lo = (uint8_t *)(uintptr_t)(FAKE_MEM_BASE - GUARD);
	size_t all = GUARD + FAKE_MEM_MAX + GUARD;

	if (mmap(lo, all, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != lo ||
	    mprotect(lo + GUARD, FAKE_MEM_MAX, PROT_READ | PROT_WRITE)) {
		fprintf(stderr, "fake_mem: cannot map 0x%llx: the address is taken\n", FAKE_MEM_BASE);
		abort();
	}
	region = lo + GUARD;
	ASAN_POISON_MEMORY_REGION(region, FAKE_MEM_MAX);
}

uint8_t *fake_mem_place(const uint8_t *data, size_t size)
{
	if (!region)
		map_region();
	if (size > FAKE_MEM_MAX)
		abort();
	/* Only what the previous input unpoisoned is poisoned again: a run costs its input's size. */
	ASAN_POISON_MEMORY_REGION(region, placed);
	ASAN_UNPOISON_MEMORY_REGION(region, size);
	memcpy(region, data, size);
	placed = size;
	return region;
}
