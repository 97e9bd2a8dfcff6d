/*
 * Time from the TSC, counted from the firmware's first instruction (lib/timer.c). The platform
 * sets the TSC's rate, or a function that measures it when it is first needed; until then the
 * rate is taken for 5 GHz, faster than any TSC, so that waits only get longer.
 */
#ifndef PVHEFI_TIMER_H
#define PVHEFI_TIMER_H

#include <stdint.h>

#define TIMER_FALLBACK_HZ 5000000000ULL /* the rate until one is known: waits only get longer */

extern uint64_t boot_tsc; /* read by the first instruction of boot/entry.asm */

void timer_set_tsc_hz(uint64_t hz);
/* fn measures the rate (in Hz) the first time anything needs it. */
void timer_set_tsc_measure(uint64_t (*fn)(void));
uint64_t timer_tsc_hz(void);
/* Microseconds since the first instruction. */
uint64_t timer_us(void);
/* Microseconds since the TSC started (the VM's reset) at the first instruction. */
uint64_t timer_boot_us(void);
/* Waits at least us microseconds. */
void timer_stall_us(uint64_t us);

#endif
