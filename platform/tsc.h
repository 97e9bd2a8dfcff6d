/* The TSC's rate (platform/tsc.c). */
#ifndef PVHEFI_TSC_H
#define PVHEFI_TSC_H

#include <stdint.h>

/* Hz as the hypervisor or the CPU states it (*source says which), or 0 when neither does. */
uint64_t tsc_stated_hz(const char **source);
/* Sets the PIT counting, against which tsc_calibrated_hz() measures the TSC later. */
void tsc_calibration_start(void);
/* Hz, measured since tsc_calibration_start() (waiting if that was under 5 ms ago), else as
 * CPUID guesses it; logged. Never 0. For lib/timer's first use of the rate. */
uint64_t tsc_calibrated_hz(void);

#endif
