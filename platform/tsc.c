/*
 * The TSC's rate, for lib/timer. Measured once against the PIT; VMs without one (microvm with
 * pit=off) fall back on what CPUID states. Every estimate errs high: a stall never ends early.
 */
#include <stdbool.h>

#include "lib/io.h"
#include "lib/lib.h"
#include "platform/tsc.h"

#define US_PER_S 1000000ULL
#define PIT_HZ 1193182ULL
#define PIT_DATA(ch) (0x40 + (ch))
#define PIT_CMD 0x43
#define PIT_MODE0(ch) ((ch) << 6 | 0x30) /* low then high byte, mode 0, binary */
#define PIT_MODE3_CH0 0x36
#define PIT_STATUS(ch) (0xe0 | 2 << (ch)) /* read-back: latch the status only */
#define PIT_STATUS_OUT 0x80
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define CALIBRATE_TICKS (PIT_HZ / 100) /* 10 ms */
#define CALIBRATE_MAX_RUNS 8
#define CALIBRATE_MAX_CYCLES 1000000000ULL /* >= 50 ms of any real TSC */
#define MIN_HZ 100000000ULL
#define MAX_HZ 20000000000ULL
#define FALLBACK_HZ 5000000000ULL /* faster than any TSC: stalls only get longer */

static bool pit_out(int ch)
{
	outb(PIT_CMD, PIT_STATUS(ch));
	return inb(PIT_DATA(ch)) & PIT_STATUS_OUT;
}

/* TSC cycles while PIT channel ch counts CALIBRATE_TICKS, or 0 when no PIT answers. */
static uint64_t pit_count_cycles(int ch)
{
	uint64_t start;

	outb(PIT_CMD, PIT_MODE0(ch));
	outb(PIT_DATA(ch), CALIBRATE_TICKS & 0xff);
	start = rdtsc(); /* before the count starts: the interval measured can only be longer */
	outb(PIT_DATA(ch), CALIBRATE_TICKS >> 8);
	/* Mode 0 keeps OUT low until the count runs out; absent ports read 0xff. */
	if (pit_out(ch))
		return 0;
	while (!pit_out(ch)) {
		if (rdtsc() - start > CALIBRATE_MAX_CYCLES)
			return 0;
	}
	return rdtsc() - start;
}

/*
 * Each run can only come out too long (the vCPU may be descheduled): keep the shortest, and
 * stop once two runs agree within 0.2%. A first run that fails means no PIT.
 */
static uint64_t pit_min_cycles(int ch)
{
	uint64_t best = 0, c;

	for (int i = 0; i < CALIBRATE_MAX_RUNS; i++) {
		c = pit_count_cycles(ch);
		if (!c && !i)
			return 0;
		if (!c)
			continue;
		if (best && MAX(c, best) - MIN(c, best) < best / 512)
			return MIN(c, best);
		if (!best || c < best)
			best = c;
	}
	return best;
}

/*
 * Channel 2 is free for this but needs its gate in port 0x61. Without port 0x61 (microvm)
 * channel 0 serves, with interrupts off, and gets the BIOS's 18.2 Hz square wave back.
 */
static uint64_t pit_measure(void)
{
	uint8_t port_b = inb(PORT_B);
	uint64_t cycles;

	if (port_b != 0xff) {
		outb(PORT_B, (port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
		cycles = pit_min_cycles(2);
		outb(PORT_B, port_b);
	} else {
		cycles = pit_min_cycles(0);
		outb(PIT_CMD, PIT_MODE3_CH0);
		outb(PIT_DATA(0), 0);
		outb(PIT_DATA(0), 0);
	}
	return (cycles * PIT_HZ + CALIBRATE_TICKS - 1) / CALIBRATE_TICKS;
}

/* The TSC kHz a hypervisor reports in the 0x40000010 timing leaf (VMware's, which QEMU and
 * others offer), or 0. */
static uint64_t hypervisor_khz(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & (1u << 31)))
		return 0;
	cpuid(0x40000000, 0, &a, &b, &c, &d);
	if (a < 0x40000010)
		return 0;
	cpuid(0x40000010, 0, &a, &b, &c, &d);
	return a;
}

/*
 * A hypervisor knows the guest's TSC rate (it may scale it), so it goes before CPUID 0x15,
 * which describes the host's crystal.
 */
static uint64_t cpuid_hz(const char **source)
{
	uint32_t max, a, b, c, d;
	uint64_t khz = hypervisor_khz();

	if (khz) {
		*source = "hypervisor CPUID leaf";
		return khz * 1000 + 999;
	}
	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d); /* TSC = crystal (ECX) * EBX / EAX */
		if (a && b && c) {
			*source = "CPUID 0x15";
			return ((uint64_t)c * b + a - 1) / a;
		}
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a & 0xffff) {
			*source = "CPUID 0x16 base frequency + 2%";
			return (uint64_t)(a & 0xffff) * 1020000; /* nominal, not measured: add a margin */
		}
	}
	*source = "none found, assuming 5 GHz";
	return FALLBACK_HZ;
}

uint64_t tsc_measure_hz(const char **source)
{
	uint64_t hz = pit_measure();

	*source = "PIT";
	if (hz < MIN_HZ || hz > MAX_HZ)
		hz = cpuid_hz(source);
	return hz;
}
