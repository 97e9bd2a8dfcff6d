/* Time from the TSC, calibrated at boot (boot/timer.c). */
#ifndef PVHEFI_TIMER_H
#define PVHEFI_TIMER_H

#include <stdint.h>

extern uint64_t boot_tsc; /* read by the first instruction of boot/entry.asm */

/* Measures the TSC frequency (PIT channel 2; fallbacks as available). */
void timer_init(void);
uint64_t timer_tsc_hz(void);
/* Microseconds since the first instruction. */
uint64_t timer_us(void);
/* Waits at least us microseconds. */
void timer_stall_us(uint64_t us);

#endif
