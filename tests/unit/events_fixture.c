/* What the event service tests share: a fake clock, the hooks events.c calls, probes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "events_fixture.h"
#include "lib/timer.h"
#include "services/events.h"
#include "services/protocol.h"

/* ---- the fake clock and the protocol database's hook ----------------------------------- */

uint64_t now_us, auto_step;
int closed_calls;
EFI_EVENT last_closed;

uint64_t timer_us(void)
{
	uint64_t t = now_us;

	now_us += auto_step; /* lets WaitForEvent see time pass */
	return t;
}

void proto_event_closed(EFI_EVENT ev)
{
	closed_calls++;
	last_closed = ev;
}

/* The runtime's list of virtual-address-change notifications. */
EFI_EVENT va_events[2];
static int va_full;

EFI_STATUS runtime_add_va_event(EFI_EVENT ev, EFI_EVENT_NOTIFY fn, void *ctx)
{
	for (int i = 0; i < 2 && !va_full; i++)
		if (!va_events[i]) {
			va_events[i] = ev;
			return EFI_SUCCESS;
		}
	return EFI_OUT_OF_RESOURCES;
}

void runtime_remove_va_event(EFI_EVENT ev)
{
	for (int i = 0; i < 2; i++)
		if (va_events[i] == ev)
			va_events[i] = NULL;
}

EFI_BOOT_SERVICES bs;

/* ---- notify functions that log what ran, and at which TPL ------------------------------- */

char order[64];
size_t norder;

VOID EFIAPI probe_fn(EFI_EVENT ev, VOID *ctx)
{
	struct probe *p = ctx;

	if (norder < sizeof(order) - 1)
		order[norder++] = p->name;
	p->tpl = bs.RaiseTPL(TPL_HIGH_LEVEL);
	bs.RestoreTPL(p->tpl);
	p->calls++;
	if (p->signal_me)
		bs.SignalEvent(p->signal_me);
	if (p->close_self) {
		bs.CloseEvent(ev);
		if (bs.CreateEvent(0, 0, NULL, NULL, &p->reused) == EFI_SUCCESS) /* its slot, likely */
			bs.SignalEvent(p->reused);
	}
}

int setup(void **state)
{
	memset(&bs, 0, sizeof(bs));
	events_install(&bs);
	now_us = 1000;
	auto_step = 0;
	closed_calls = 0;
	memset(order, 0, sizeof(order));
	norder = 0;
	return 0;
}

EFI_EVENT make(UINT32 type, EFI_TPL tpl, struct probe *p)
{
	EFI_EVENT ev = NULL;

	assert_int_equal(bs.CreateEvent(type, tpl, p ? probe_fn : NULL, p, &ev), EFI_SUCCESS);
	assert_non_null(ev);
	return ev;
}
