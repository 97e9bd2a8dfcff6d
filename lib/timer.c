/* Microseconds from the TSC at the rate the platform measured. */
#include "lib/io.h"
#include "lib/lib.h"
#include "lib/timer.h"

#define US_PER_S 1000000ULL

static uint64_t tsc_hz;
static uint64_t (*measure)(void);

void timer_set_tsc_hz(uint64_t hz)
{
	tsc_hz = hz;
}

void timer_set_tsc_measure(uint64_t (*fn)(void))
{
	measure = fn;
}

/* The measurement runs once; what it calls meanwhile (its log line) counts at 5 GHz. */
uint64_t timer_tsc_hz(void)
{
	uint64_t (*fn)(void) = measure;

	if (!tsc_hz && fn) {
		measure = NULL;
		tsc_hz = fn();
	}
	return tsc_hz ? tsc_hz : TIMER_FALLBACK_HZ;
}

/* Split so that c * 10^6 cannot overflow. */
static uint64_t cycles_to_us(uint64_t c)
{
	uint64_t hz = timer_tsc_hz();

	return c / hz * US_PER_S + c % hz * US_PER_S / hz;
}

uint64_t timer_us(void)
{
	return cycles_to_us(rdtsc() - boot_tsc);
}

uint64_t timer_boot_us(void)
{
	return cycles_to_us(boot_tsc);
}

/* Cycles in us microseconds, rounded up; saturates instead of wrapping. */
static uint64_t us_to_cycles(uint64_t us)
{
	uint64_t hz = timer_tsc_hz();

	if (us / US_PER_S > UINT64_MAX / hz - 1)
		return UINT64_MAX;
	return us / US_PER_S * hz + (us % US_PER_S * hz + US_PER_S - 1) / US_PER_S;
}

void timer_stall_us(uint64_t us)
{
	uint64_t start = rdtsc(), cycles = us_to_cycles(us);

	while (rdtsc() - start < cycles)
		cpu_relax();
}
