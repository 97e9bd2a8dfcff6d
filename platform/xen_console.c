/*
 * The Xen PV console: a page of two rings shared with the backend (xenconsoled in dom0), which
 * we kick through an event channel. The backend may be slow or gone: every wait is bounded,
 * and output that cannot get through is dropped rather than stalling the firmware.
 */
#include "platform/xen.h"

#include <xen/event_channel.h>
#include <xen/hvm/params.h>
#include <xen/io/console.h>

#include "lib/io.h"
#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/timer.h"
#define STALL_US 1000000 /* how long the backend may take to make room */

static volatile struct xencons_interface *ring;
static evtchn_port_t port;
static bool stalled; /* the backend missed the last deadline: do not wait again */

static void notify(void)
{
	struct evtchn_send send = { .port = port };

	xen_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (uint64_t)(uintptr_t)&send);
}

bool xen_console_init(void)
{
	uint64_t pfn, evtchn;

	if (xen_get_param(HVM_PARAM_CONSOLE_PFN, &pfn) || xen_get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn) ||
	    pfn == 0 || pfn >= LAYOUT_IDENTITY_MAPPED / PAGE_SIZE)
		return false;
	ring = (volatile struct xencons_interface *)(uintptr_t)(pfn << 12);
	port = (evtchn_port_t)evtchn;
	log_printf("pvhefi: Xen PV console: page 0x%lx, event channel %u\n", pfn << 12, port);
	return true;
}

/* Bytes written and not yet read by the backend; a bogus out_cons counts as a full ring. */
static uint32_t out_pending(void)
{
	XENCONS_RING_IDX used = ring->out_prod - ring->out_cons;

	return MIN(used, (XENCONS_RING_IDX)sizeof(ring->out));
}

/* Waits, yielding the CPU to the backend, until out_pending() is at most limit. */
static bool wait_until(uint32_t limit)
{
	uint64_t start = timer_us();

	notify();
	while (out_pending() > limit) {
		if (stalled || timer_us() - start > STALL_US) {
			stalled = true;
			return false;
		}
		xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	stalled = false;
	return true;
}

void xen_console_write(const char *s, size_t n)
{
	XENCONS_RING_IDX prod;
	size_t room;

	if (!ring)
		return;
	while (n) {
		room = sizeof(ring->out) - out_pending();
		if (!room) {
			if (!wait_until(sizeof(ring->out) - 1))
				return;
			continue;
		}
		prod = ring->out_prod;
		for (; room && n; room--, n--)
			ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *s++;
		compiler_barrier(); /* the bytes before the index that publishes them */
		ring->out_prod = prod;
	}
	notify();
}

int xen_console_read_byte(void)
{
	XENCONS_RING_IDX cons;
	int c;

	if (!ring || (cons = ring->in_cons) == ring->in_prod)
		return -1;
	compiler_barrier(); /* in_prod before the byte it covers */
	c = (unsigned char)ring->in[MASK_XENCONS_IDX(cons, ring->in)];
	compiler_barrier();
	ring->in_cons = cons + 1;
	notify();
	return c;
}

void xen_console_flush(void)
{
	if (ring)
		wait_until(0);
}
