/*
 * libFuzzer target for the Xen PV console (platform/xen_console.c): the ring page is shared
 * with the backend in dom0, which may rewrite any index at any time. The input is a script:
 * its first byte picks the clock's step and what the backend does once the script is done;
 * then each byte is the firmware's next call (write, read, flush, init again), and at each
 * event-channel kick or yield the backend takes its next step from the same bytes (consume,
 * deliver input, nothing, or set an index to anything). Whatever the backend does, every ring
 * access stays in the page (ASan: the page is allocated at its exact size), every call returns
 * (a backend that never reads costs the firmware its one-second deadline once), and a read
 * gives a byte or -1. With an honest backend (no index rewritten), every byte written arrives,
 * in order, and every byte delivered is read back in order.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
/* Included, not linked: each run starts the console afresh (its ring, its stall). */
#include "platform/xen_console.c"

static struct xencons_interface *page;
static const uint8_t *in, *in_end;
static bool hostile, exact, ended_honest, pfn_zero;
static uint64_t clock_us, clock_step;
static uint32_t written, received, delivered, read_back;

static uint8_t next(void)
{
	return in < in_end ? *in++ : 0;
}

static uint32_t next32(void)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | next();
	return v;
}

/* ---- the backend --------------------------------------------------------------------------- */

/* Reads up to max bytes; once an index was rewritten, catches up at once (it may be 2^32 off). */
static void consume(uint32_t max)
{
	if (hostile && max == UINT32_MAX) {
		page->out_cons = page->out_prod;
		return;
	}
	for (; page->out_cons != page->out_prod && max; max--, received++) {
		uint8_t c = (uint8_t)page->out[MASK_XENCONS_IDX(page->out_cons++, page->out)];

		CHECK(hostile || !exact || c == (uint8_t)received); /* what was written, in order */
	}
}

static void deliver(uint32_t max)
{
	for (; page->in_prod - page->in_cons < sizeof(page->in) && max; max--)
		page->in[MASK_XENCONS_IDX(page->in_prod++, page->in)] = (char)delivered++;
}

static void backend_step(void)
{
	if (!hostile)
		CHECK(page->out_prod - page->out_cons <= sizeof(page->out)); /* never past the reader */
	if (in == in_end) {
		if (ended_honest)
			consume(UINT32_MAX);
		return;
	}
	switch (next() % 7) {
	case 0: break;
	case 1: consume(UINT32_MAX); break;
	case 2: consume(next()); break;
	case 3: deliver(next()); break;
	case 4: hostile = true; page->out_cons = next32(); break;
	case 5: hostile = true; page->out_prod = next32(); break;
	case 6: hostile = true; page->in_cons = next32(); page->in_prod = next32(); break;
	}
}

/* ---- what platform/xen_console.c calls ----------------------------------------------------- */

long xen_hypercall2(unsigned int op, uint64_t a1, uint64_t a2)
{
	CHECK((op == __HYPERVISOR_event_channel_op && a1 == EVTCHNOP_send) ||
	      (op == __HYPERVISOR_sched_op && a1 == SCHEDOP_yield));
	backend_step();
	return 0;
}

long xen_get_param(uint32_t index, uint64_t *value)
{
	if (index == HVM_PARAM_CONSOLE_PFN)
		*value = pfn_zero ? 0 : (uint64_t)(uintptr_t)page >> 12;
	else if (index == HVM_PARAM_CONSOLE_EVTCHN)
		*value = 3;
	else
		return -22;
	return 0;
}

/* Once the script is done, a backend that never reads again gets its second in a few reads. */
uint64_t timer_us(void)
{
	return clock_us += in == in_end && !ended_honest ? STALL_US / 8 : clock_step;
}

void log_printf(const char *fmt, ...)
{
}

/* ---- the firmware's calls ------------------------------------------------------------------ */

static void firmware_write(uint32_t n)
{
	char buf[256];

	for (uint32_t i = 0; i < n; i++)
		buf[i] = (char)(written + i);
	xen_console_write(buf, n);
	written += n;
}

static void firmware_read(uint32_t n)
{
	for (; n; n--) {
		int c = xen_console_read_byte();

		CHECK(c >= -1 && c <= 255);
		if (c < 0)
			return;
		CHECK(hostile || (uint8_t)c == (uint8_t)read_back);
		read_back++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	uint8_t config;

	if (!init) { /* one page for every run; ASan sees past its end */
		CHECK(!posix_memalign((void **)&page, 4096, sizeof(*page)));
		init = true;
	}
	memset(page, 0, sizeof(*page));
	in = data, in_end = data + size;
	config = next();
	ended_honest = !(config & 1);
	pfn_zero = (config & 0x80) != 0;
	clock_step = 16ULL << (config >> 1 & 7) * 3; /* 16 us to 33 s a call */
	clock_us = 0;
	/* Exact when no deadline can pass (a few clock reads per input byte): nothing dropped. */
	exact = ended_honest && !pfn_zero && (uint64_t)size * 8 * clock_step < STALL_US;
	hostile = false;
	ring = NULL;
	stalled = false;
	written = received = delivered = read_back = 0;
	xen_console_init();
	while (in < in_end) {
		switch (next() % 4) {
		case 0: firmware_write(next()); break;
		case 1: firmware_read(next()); break;
		case 2: xen_console_flush(); break;
		case 3: xen_console_init(); break;
		}
	}
	xen_console_flush();
	firmware_read(2 * sizeof(page->in)); /* all an honest backend left; a hostile one has no end */
	if (exact && !hostile) {
		CHECK(received == written); /* nothing dropped */
		CHECK(read_back == delivered);
	}
	return 0;
}
