/*
 * The TSC's rate, for lib/timer. A rate the hypervisor or the CPU states is taken as stated:
 * the hypervisor's timing leaf 0x40000010 (it knows the guest's rate, which it may scale), then
 * CPUID 0x15 when it names its crystal. Otherwise the rate is measured against the PIT while
 * the firmware boots: tsc_calibration_start() sets a PIT channel counting down and notes the
 * TSC, and the first use of a timer (tsc_calibrated_hz(), through lib/timer) reads both again.
 * Booting Linux needs no timer before the payload's entry, so by then the count has run for the
 * whole boot and the measurement costs nothing; it only waits when less than CALIBRATE_TICKS
 * have passed. VMs without a PIT (microvm with pit=off) fall back on CPUID 0x16, then 5 GHz.
 * Every estimate errs high: a stall never ends early.
 */
#include <stdbool.h>

#include "lib/io.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/timer.h"
#include "platform/tsc.h"

#define PIT_HZ 1193182ULL
#define PIT_DATA(ch) (0x40 + (ch))
#define PIT_CMD 0x43
#define PIT_MODE0(ch) ((ch) << 6 | 0x30) /* low then high byte, mode 0, binary */
#define PIT_MODE3_CH0 0x36
#define PIT_READBACK(ch) (0xc0 | 2 << (ch)) /* latch the status and the count */
#define PIT_STATUS(ch) (0xe0 | 2 << (ch)) /* latch the status only */
#define PIT_STATUS_OUT 0x80
#define PIT_COUNT 0xffff
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define CALIBRATE_TICKS (PIT_HZ / 200) /* 5 ms: one tick of error is 0.02 % */
#define CALIBRATE_MAX_CYCLES 1000000000ULL /* >= 50 ms of any real TSC */
#define LATCH_TRIES 8
#define MIN_HZ 100000000ULL
#define MAX_HZ 20000000000ULL

/* The measurement under way: the PIT channel counting (-1: none) and the TSC at its start. */
static int pit_ch = -1;
static uint8_t port_b;
static uint64_t start_tsc;

/* The TSC kHz a hypervisor reports in the 0x40000010 timing leaf (VMware's, which QEMU and
 * others offer), or 0. */
static uint64_t hypervisor_khz(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID_HYPERVISOR))
		return 0;
	cpuid(0x40000000, 0, &a, &b, &c, &d);
	if (a < 0x40000010)
		return 0;
	cpuid(0x40000010, 0, &a, &b, &c, &d);
	return a;
}

/* A hypervisor knows the guest's TSC rate, so it goes before CPUID 0x15, the host's crystal. */
uint64_t tsc_stated_hz(const char **source)
{
	uint32_t max, a, b, c, d;
	uint64_t khz = hypervisor_khz();

	if (khz) {
		*source = "hypervisor CPUID leaf 0x40000010";
		return khz * 1000 + 999;
	}
	cpuid(0, 0, &max, &b, &c, &d);
	if (max < 0x15)
		return 0;
	cpuid(0x15, 0, &a, &b, &c, &d); /* TSC = crystal (ECX) * EBX / EAX */
	if (!a || !b || !c)
		return 0;
	*source = "CPUID 0x15";
	return ((uint64_t)c * b + a - 1) / a;
}

/* The nominal rate when no PIT answers: CPUID 0x16's base frequency, else 5 GHz. */
static uint64_t unmeasured_hz(const char **source)
{
	uint32_t max, a, b, c, d;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a & 0xffff) {
			*source = "CPUID 0x16 base frequency + 2%";
			return (uint64_t)(a & 0xffff) * 1020000; /* nominal, not measured: add a margin */
		}
	}
	*source = "none found, assuming 5 GHz";
	return TIMER_FALLBACK_HZ;
}

static bool pit_out(int ch)
{
	outb(PIT_CMD, PIT_STATUS(ch));
	return inb(PIT_DATA(ch)) & PIT_STATUS_OUT;
}

/* Channel ch counts down from PIT_COUNT; false when no PIT answers. */
static bool pit_start(int ch)
{
	outb(PIT_CMD, PIT_MODE0(ch));
	outb(PIT_DATA(ch), PIT_COUNT & 0xff);
	start_tsc = rdtsc(); /* before the count starts: the interval measured can only be longer */
	outb(PIT_DATA(ch), PIT_COUNT >> 8);
	/* Mode 0 keeps OUT low until the count runs out; absent ports read 0xff. */
	return !pit_out(ch);
}

/*
 * PIT ticks since pit_start() and, in *tsc, the TSC just after they were latched; 0 when the
 * count ran out (more than 55 ms: how much more is unknown). A latch that took long (the vCPU
 * was descheduled in it) is taken again: its TSC could be late by that much.
 */
static uint32_t pit_elapsed(uint64_t *tsc)
{
	uint8_t status, lo, hi;
	uint64_t before;

	for (int i = 0; i < LATCH_TRIES; i++) {
		before = rdtsc();
		outb(PIT_CMD, PIT_READBACK(pit_ch));
		*tsc = rdtsc();
		status = inb(PIT_DATA(pit_ch));
		lo = inb(PIT_DATA(pit_ch));
		hi = inb(PIT_DATA(pit_ch));
		if (status & PIT_STATUS_OUT)
			return 0;
		if (*tsc - before <= (*tsc - start_tsc) / 1024)
			break;
	}
	return PIT_COUNT - (hi << 8 | lo);
}

/*
 * Channel 2 is free for this but needs its gate in port 0x61. Without port 0x61 (microvm)
 * channel 0 serves, with interrupts off, and gets the BIOS's 18.2 Hz square wave back after.
 */
void tsc_calibration_start(void)
{
	port_b = inb(PORT_B);
	pit_ch = port_b != 0xff ? 2 : 0;
	if (pit_ch == 2)
		outb(PORT_B, (port_b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	if (!pit_start(pit_ch))
		pit_ch = -1;
}

static void pit_stop(void)
{
	if (pit_ch == 2) {
		outb(PORT_B, port_b);
	} else {
		outb(PIT_CMD, PIT_MODE3_CH0);
		outb(PIT_DATA(0), 0);
		outb(PIT_DATA(0), 0);
	}
}

/* At least CALIBRATE_TICKS since the count began (a count that ran out starts once more):
 * the rate in Hz, or 0 when the PIT stopped counting. */
static uint64_t pit_hz(uint32_t *ticks)
{
	uint64_t end;

	for (int round = 0; round < 2; round++) {
		while ((*ticks = pit_elapsed(&end)) && *ticks < CALIBRATE_TICKS) {
			if (end - start_tsc > CALIBRATE_MAX_CYCLES)
				return 0;
			cpu_relax();
		}
		if (*ticks)
			return (end - start_tsc) * PIT_HZ / *ticks;
		pit_start(pit_ch);
	}
	return 0;
}

uint64_t tsc_calibrated_hz(void)
{
	const char *source = "PIT";
	uint32_t ticks = 0;
	uint64_t hz = 0;

	if (pit_ch >= 0) {
		hz = pit_hz(&ticks);
		pit_stop();
	}
	if (hz < MIN_HZ || hz > MAX_HZ) {
		hz = unmeasured_hz(&source);
		ticks = 0;
	}
	log_printf("pvhefi: TSC %lu.%03lu MHz (%s", hz / 1000000, hz / 1000 % 1000, source);
	if (ticks)
		log_printf(" over %lu us", (unsigned long)(ticks * 1000000ULL / PIT_HZ));
	log_printf(")\n");
	return hz;
}
