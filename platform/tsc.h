/* The TSC's rate (platform/tsc.c). */
#ifndef PVHEFI_TSC_H
#define PVHEFI_TSC_H

#include <stdint.h>

/* Hz, measured against the PIT, else as CPUID states it; *source says which. Never 0. */
uint64_t tsc_measure_hz(const char **source);

#endif
