/* Events, timers and TPLs (services/events.c) on a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/timer.h"
#include "lib/uefi.h"
#include "services/events.h"
#include "services/protocol.h"

/* ---- the fake clock and the protocol database's hook ----------------------------------- */

static uint64_t now_us, auto_step;
static int closed_calls;
static EFI_EVENT last_closed;

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
static EFI_EVENT va_events[2];
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

static EFI_BOOT_SERVICES bs;

/* ---- notify functions that log what ran, and at which TPL ------------------------------- */

struct probe {
	char name;
	int calls;
	EFI_TPL tpl;
	EFI_EVENT signal_me; /* for EVT_NOTIFY_WAIT: signalled by the function */
	int close_self;
};

static char order[64];
static size_t norder;

static VOID EFIAPI probe_fn(EFI_EVENT ev, VOID *ctx)
{
	struct probe *p = ctx;

	if (norder < sizeof(order) - 1)
		order[norder++] = p->name;
	p->tpl = bs.RaiseTPL(TPL_HIGH_LEVEL);
	bs.RestoreTPL(p->tpl);
	p->calls++;
	if (p->signal_me)
		bs.SignalEvent(p->signal_me);
	if (p->close_self)
		bs.CloseEvent(ev);
}

static int setup(void **state)
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

static EFI_EVENT make(UINT32 type, EFI_TPL tpl, struct probe *p)
{
	EFI_EVENT ev = NULL;

	assert_int_equal(bs.CreateEvent(type, tpl, p ? probe_fn : NULL, p, &ev), EFI_SUCCESS);
	assert_non_null(ev);
	return ev;
}

/* ---- creation ------------------------------------------------------------------------- */

static void test_create_checks(void **state)
{
	EFI_GUID group = EFI_EVENT_GROUP_READY_TO_BOOT;
	struct probe p = { 0 };
	EFI_EVENT ev;

	assert_int_equal(bs.CreateEvent(0, 0, NULL, NULL, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(0x1, 0, NULL, NULL, &ev), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(0x1000, 0, NULL, NULL, &ev), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, probe_fn,
					&p, &ev), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, NULL, NULL, &ev),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(EVT_NOTIFY_WAIT, TPL_APPLICATION, probe_fn, &p, &ev),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(EVT_NOTIFY_SIGNAL, TPL_HIGH_LEVEL, probe_fn, &p, &ev),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, NULL, NULL, &ev),
			 EFI_INVALID_PARAMETER);
	/* CreateEventEx takes a group GUID, not the EVT_SIGNAL_* types. */
	assert_int_equal(bs.CreateEventEx(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, probe_fn, &p,
					  &group, &ev), EFI_INVALID_PARAMETER);
	/* A notify TPL is ignored without a notify type. */
	assert_int_equal(bs.CreateEvent(EVT_TIMER, 12345, NULL, NULL, &ev), EFI_SUCCESS);
	assert_int_equal(bs.CloseEvent(ev), EFI_SUCCESS);
	assert_int_equal(closed_calls, 1);
	assert_ptr_equal(last_closed, ev);
}

static void test_table_full(void **state)
{
	static EFI_EVENT evs[1024];
	int n = 0;

	while (n < 1024 && bs.CreateEvent(0, 0, NULL, NULL, &evs[n]) == EFI_SUCCESS)
		n++;
	assert_true(n >= 64 && n < 1024);
	assert_int_equal(bs.CreateEvent(0, 0, NULL, NULL, &evs[n]), EFI_OUT_OF_RESOURCES);
	assert_int_equal(bs.CloseEvent(evs[7]), EFI_SUCCESS);
	assert_int_equal(bs.CreateEvent(0, 0, NULL, NULL, &evs[7]), EFI_SUCCESS); /* slot reused */
	while (n--)
		assert_int_equal(bs.CloseEvent(evs[n]), EFI_SUCCESS);
}

static void test_bad_handles(void **state)
{
	int local;
	EFI_EVENT ev = make(0, 0, NULL), closed = make(EVT_TIMER, 0, NULL);
	EFI_EVENT bad[] = { NULL, &local, (char *)ev + 1, closed };

	assert_int_equal(bs.CloseEvent(closed), EFI_SUCCESS);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bs.SignalEvent(bad[i]), EFI_INVALID_PARAMETER);
		assert_int_equal(bs.CheckEvent(bad[i]), EFI_INVALID_PARAMETER);
		assert_int_equal(bs.CloseEvent(bad[i]), EFI_INVALID_PARAMETER);
		assert_int_equal(bs.SetTimer(bad[i], TimerRelative, 10), EFI_INVALID_PARAMETER);
	}
	assert_int_equal(bs.CloseEvent(ev), EFI_SUCCESS);
}

/* ---- signals and notifications ----------------------------------------------------------- */

static void test_plain_signal(void **state)
{
	EFI_EVENT ev = make(0, 0, NULL);
	UINTN idx = 9;

	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY);
	assert_int_equal(bs.SignalEvent(ev), EFI_SUCCESS);
	assert_int_equal(bs.SignalEvent(ev), EFI_SUCCESS);
	assert_int_equal(bs.CheckEvent(ev), EFI_SUCCESS);
	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY); /* cleared, and signals do not count */
	bs.SignalEvent(ev);
	assert_int_equal(bs.WaitForEvent(1, &ev, &idx), EFI_SUCCESS);
	assert_int_equal(idx, 0);
	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY);
	assert_int_equal(bs.SetTimer(ev, TimerRelative, 1), EFI_INVALID_PARAMETER);
	bs.CloseEvent(ev);
}

static void test_notify_signal_tpl(void **state)
{
	struct probe a = { .name = 'a' }, b = { .name = 'b' }, c = { .name = 'c' };
	EFI_EVENT ea = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &a);
	EFI_EVENT eb = make(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, &b);
	EFI_EVENT ec = make(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &c);
	UINTN idx = 9;
	EFI_TPL old;

	assert_int_equal(bs.CheckEvent(ea), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.WaitForEvent(1, &eb, &idx), EFI_INVALID_PARAMETER);
	assert_int_equal(idx, 0);
	bs.SignalEvent(ea);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.tpl, TPL_CALLBACK);
	bs.SignalEvent(ea); /* delivered: a new signal notifies again */
	assert_int_equal(a.calls, 2);

	/* Raised to TPL_HIGH_LEVEL nothing runs; RestoreTPL runs TPL_NOTIFY first, then the
	 * TPL_CALLBACK ones in the order they were signalled. */
	norder = 0;
	old = bs.RaiseTPL(TPL_HIGH_LEVEL);
	assert_int_equal(old, TPL_APPLICATION);
	bs.SignalEvent(ec);
	bs.SignalEvent(ea);
	bs.SignalEvent(eb);
	bs.SignalEvent(ec);
	assert_int_equal(norder, 0);
	bs.RestoreTPL(TPL_NOTIFY); /* nothing above TPL_NOTIFY is pending */
	assert_int_equal(norder, 0);
	bs.RestoreTPL(TPL_CALLBACK);
	assert_memory_equal(order, "b", 1);
	assert_int_equal(b.tpl, TPL_NOTIFY);
	bs.RestoreTPL(old);
	assert_int_equal(norder, 3);
	assert_memory_equal(order, "bca", 3);

	/* Straight back to TPL_APPLICATION: the higher TPL still goes first. */
	norder = 0;
	bs.RaiseTPL(TPL_HIGH_LEVEL);
	bs.SignalEvent(ec);
	bs.SignalEvent(eb);
	bs.RestoreTPL(TPL_APPLICATION);
	assert_memory_equal(order, "bc", 2);
	bs.CloseEvent(ea);
	bs.CloseEvent(eb);
	bs.CloseEvent(ec);
}

static void test_tpl_misuse(void **state)
{
	EFI_TPL old = bs.RaiseTPL(TPL_NOTIFY);

	assert_int_equal(old, TPL_APPLICATION);
	assert_int_equal(bs.RaiseTPL(TPL_CALLBACK), TPL_NOTIFY); /* lower: stays at TPL_NOTIFY */
	assert_int_equal(bs.RaiseTPL(TPL_NOTIFY), TPL_NOTIFY);
	bs.RestoreTPL(TPL_HIGH_LEVEL); /* higher: ignored */
	assert_int_equal(bs.RaiseTPL(TPL_NOTIFY), TPL_NOTIFY);
	assert_int_equal(bs.RaiseTPL(100), TPL_NOTIFY);
	assert_int_equal(bs.RaiseTPL(TPL_HIGH_LEVEL), TPL_HIGH_LEVEL); /* 100 was clamped */
	bs.RestoreTPL(0); /* never below TPL_APPLICATION */
	assert_int_equal(bs.RaiseTPL(TPL_APPLICATION), TPL_APPLICATION);
	bs.RestoreTPL(TPL_APPLICATION);
}

static void test_notify_wait(void **state)
{
	struct probe p = { .name = 'w' };
	EFI_EVENT ev = make(EVT_NOTIFY_WAIT, TPL_CALLBACK, &p);
	EFI_TPL old;
	UINTN idx = 9;

	/* The notify function does not signal: CheckEvent runs it and says not ready. */
	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY);
	assert_int_equal(p.calls, 1);
	assert_int_equal(p.tpl, TPL_CALLBACK);
	p.signal_me = ev;
	assert_int_equal(bs.CheckEvent(ev), EFI_SUCCESS);
	assert_int_equal(p.calls, 2);
	assert_int_equal(bs.WaitForEvent(1, &ev, &idx), EFI_SUCCESS);
	assert_int_equal(idx, 0);
	assert_int_equal(p.calls, 3);

	/* At the event's TPL the notification waits for RestoreTPL. */
	old = bs.RaiseTPL(TPL_CALLBACK);
	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY);
	assert_int_equal(p.calls, 3);
	assert_int_equal(bs.WaitForEvent(1, &ev, &idx), EFI_UNSUPPORTED);
	bs.RestoreTPL(old);
	assert_int_equal(p.calls, 4);
	assert_int_equal(bs.CheckEvent(ev), EFI_SUCCESS); /* signalled by the late notification */

	/* A notify function may close its own event. */
	p.signal_me = NULL;
	p.close_self = 1;
	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY);
	assert_int_equal(bs.CloseEvent(ev), EFI_INVALID_PARAMETER);
}

static void test_wait_checks(void **state)
{
	EFI_EVENT evs[2] = { make(0, 0, NULL), NULL };
	UINTN idx = 9;

	assert_int_equal(bs.WaitForEvent(0, evs, &idx), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.WaitForEvent(1, NULL, &idx), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.WaitForEvent(1, evs, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.WaitForEvent(2, evs, &idx), EFI_INVALID_PARAMETER);
	assert_int_equal(idx, 1); /* the bad handle */
	bs.CloseEvent(evs[0]);
}

/* ---- groups --------------------------------------------------------------------------- */

static void test_groups(void **state)
{
	EFI_GUID g = { 0x11111111, 0x2222, 0x3333, { 4, 5, 6, 7, 8, 9, 10, 11 } };
	EFI_GUID ebs = EFI_EVENT_GROUP_EXIT_BOOT_SERVICES;
	struct probe a = { .name = 'a' }, b = { .name = 'b' }, x = { .name = 'x' };
	struct probe y = { .name = 'y' };
	EFI_EVENT ea, eb, ex, ey, plain = make(0, 0, NULL);

	assert_int_equal(bs.CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, probe_fn, &a, &g, &ea),
			 EFI_SUCCESS);
	assert_int_equal(bs.CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, probe_fn, &b, &g, &eb),
			 EFI_SUCCESS);
	assert_int_equal(bs.CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_NOTIFY, probe_fn, &x, &ex),
			 EFI_SUCCESS);
	assert_int_equal(bs.CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, probe_fn, &y, &ebs, &ey),
			 EFI_SUCCESS);
	bs.SignalEvent(ea);
	assert_int_equal(a.calls, 1);
	assert_int_equal(b.calls, 1);
	assert_int_equal(a.tpl, TPL_CALLBACK);
	assert_int_equal(b.tpl, TPL_NOTIFY);
	assert_memory_equal(order, "ba", 2);
	assert_int_equal(x.calls + y.calls, 0);
	assert_int_equal(bs.CheckEvent(plain), EFI_NOT_READY);

	events_signal_group(&ebs);
	assert_int_equal(x.calls, 1);
	assert_int_equal(y.calls, 1);
	assert_int_equal(a.calls, 1);

	bs.CloseEvent(eb);
	bs.SignalEvent(ea);
	assert_int_equal(a.calls, 2);
	assert_int_equal(b.calls, 1);
	bs.CloseEvent(ea);
	bs.CloseEvent(ex);
	bs.CloseEvent(ey);
	bs.CloseEvent(plain);
}

/* ---- timers --------------------------------------------------------------------------- */

static void test_timer_order(void **state)
{
	struct probe a = { .name = 'a' }, b = { .name = 'b' }, c = { .name = 'c' };
	EFI_EVENT ea = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &a);
	EFI_EVENT eb = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &b);
	EFI_EVENT ec = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &c);

	assert_int_equal(bs.SetTimer(ea, TimerRelative, 3000), EFI_SUCCESS); /* 300 us */
	assert_int_equal(bs.SetTimer(eb, TimerRelative, 2000), EFI_SUCCESS);
	assert_int_equal(bs.SetTimer(ec, TimerRelative, 1000), EFI_SUCCESS);
	assert_int_equal(bs.SetTimer(ea, TimerTypeMax, 1), EFI_INVALID_PARAMETER);
	now_us += 100; /* not yet: a timer never fires early */
	events_poll();
	assert_int_equal(norder, 0);
	now_us += 1;
	events_poll();
	assert_memory_equal(order, "c", 1);
	now_us += 1000;
	events_poll();
	assert_int_equal(norder, 3);
	assert_memory_equal(order, "cba", 3);
	now_us += 100000;
	events_poll(); /* one-shot timers stay quiet */
	assert_int_equal(norder, 3);
	bs.CloseEvent(ea);
	bs.CloseEvent(eb);
	bs.CloseEvent(ec);
}

static void test_timer_relative_zero_and_cancel(void **state)
{
	EFI_EVENT t = make(EVT_TIMER, 0, NULL);

	assert_int_equal(bs.SetTimer(t, TimerRelative, 0), EFI_SUCCESS);
	assert_int_equal(bs.CheckEvent(t), EFI_SUCCESS); /* the next poll, without time passing */
	assert_int_equal(bs.CheckEvent(t), EFI_NOT_READY);
	assert_int_equal(bs.SetTimer(t, TimerRelative, 15), EFI_SUCCESS); /* 1.5 us: 2 us */
	now_us += 2;
	assert_int_equal(bs.CheckEvent(t), EFI_NOT_READY);
	now_us += 1;
	assert_int_equal(bs.CheckEvent(t), EFI_SUCCESS);
	assert_int_equal(bs.SetTimer(t, TimerRelative, 10), EFI_SUCCESS);
	assert_int_equal(bs.SetTimer(t, TimerCancel, 0), EFI_SUCCESS);
	now_us += 1000;
	assert_int_equal(bs.CheckEvent(t), EFI_NOT_READY);
	/* A huge time neither overflows nor fires. */
	assert_int_equal(bs.SetTimer(t, TimerRelative, UINT64_MAX), EFI_SUCCESS);
	now_us += 1000000;
	assert_int_equal(bs.CheckEvent(t), EFI_NOT_READY);
	bs.CloseEvent(t);
}

static void test_timer_periodic(void **state)
{
	struct probe p = { .name = 'p' };
	EFI_EVENT t = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &p);

	assert_int_equal(bs.SetTimer(t, TimerPeriodic, 1000), EFI_SUCCESS); /* 100 us */
	now_us += 130; /* polled 29 us late */
	events_poll();
	assert_int_equal(p.calls, 1);
	events_poll(); /* same time: no second tick */
	assert_int_equal(p.calls, 1);
	now_us += 70;
	events_poll();
	assert_int_equal(p.calls, 1);
	now_us += 1;
	events_poll(); /* rearmed from the deadline, not from the late poll: no drift */
	assert_int_equal(p.calls, 2);
	now_us += 1000; /* ten periods missed: one tick, then the period again */
	events_poll();
	assert_int_equal(p.calls, 3);
	events_poll();
	assert_int_equal(p.calls, 3);
	now_us += 100;
	events_poll();
	assert_int_equal(p.calls, 4);

	/* Period 0: every tick, here at most once a microsecond: the notification's own
	 * RestoreTPL polls, and must not rearm it forever. */
	assert_int_equal(bs.SetTimer(t, TimerPeriodic, 0), EFI_SUCCESS);
	events_poll();
	events_poll(); /* the same microsecond */
	assert_int_equal(p.calls, 5);
	now_us += 1;
	events_poll();
	now_us += 1;
	events_poll();
	assert_int_equal(p.calls, 7);
	bs.SetTimer(t, TimerCancel, 0);
	events_poll();
	assert_int_equal(p.calls, 7);
	bs.CloseEvent(t);
}

static void test_wait_timers(void **state)
{
	EFI_EVENT evs[3] = { make(EVT_TIMER, 0, NULL), make(EVT_TIMER, 0, NULL), make(0, 0, NULL) };
	UINTN idx = 9;
	uint64_t start;

	bs.SetTimer(evs[0], TimerRelative, 50000); /* 5 ms */
	bs.SetTimer(evs[1], TimerRelative, 10000); /* 1 ms */
	auto_step = 7;
	start = now_us;
	assert_int_equal(bs.WaitForEvent(3, evs, &idx), EFI_SUCCESS);
	assert_int_equal(idx, 1);
	assert_true(now_us - start >= 1000 && now_us - start < 5000);
	assert_int_equal(bs.WaitForEvent(3, evs, &idx), EFI_SUCCESS);
	assert_int_equal(idx, 0);
	assert_true(now_us - start >= 5000);
	for (int i = 0; i < 3; i++)
		bs.CloseEvent(evs[i]);
}

/* A closed event's handle stays invalid when its slot holds a new event (issue 9, defect 7). */
static void test_stale_handles(void **state)
{
	EFI_EVENT old = make(0, TPL_CALLBACK, NULL), fresh;

	assert_int_equal(bs.CloseEvent(old), EFI_SUCCESS);
	fresh = make(0, TPL_CALLBACK, NULL); /* the lowest free slot: the one just freed */
	assert_ptr_not_equal(fresh, old);
	assert_int_equal(bs.SignalEvent(old), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CheckEvent(old), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CloseEvent(old), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.SignalEvent(fresh), EFI_SUCCESS);
	assert_int_equal(bs.CloseEvent(fresh), EFI_SUCCESS);
}

/* A periodic timer notified at TPL_CALLBACK fires when the TPL drops below it: a program that
 * counts ticks while raising and restoring the TPL sees them, with nothing else polling. */
static void test_restore_tpl_fires_timers(void **state)
{
	struct probe tick = { .name = 't' };
	EFI_EVENT ev = make(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_CALLBACK, &tick);
	EFI_TPL old;

	assert_int_equal(bs.SetTimer(ev, TimerPeriodic, 100000), EFI_SUCCESS); /* 10 ms */
	for (int i = 0; i < 5; i++) {
		old = bs.RaiseTPL(TPL_CALLBACK);
		now_us += 10001;
		bs.RestoreTPL(old);
	}
	assert_int_equal(tick.calls, 5);
	/* At or above TPL_CALLBACK the notification waits. */
	old = bs.RaiseTPL(TPL_NOTIFY);
	now_us += 10001;
	bs.RestoreTPL(TPL_CALLBACK);
	assert_int_equal(tick.calls, 5);
	bs.RestoreTPL(old);
	assert_int_equal(tick.calls, 6);
	assert_int_equal(bs.CloseEvent(ev), EFI_SUCCESS);
}

/* Virtual-address-change events go to the runtime, which notifies them at
 * SetVirtualAddressMap, and leave it when closed. */
static void test_virtual_address_change_events(void **state)
{
	EFI_GUID va_group = EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE;
	struct probe p = { .name = 'v' };
	EFI_EVENT a, b, c;

	assert_int_equal(bs.CreateEvent(EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE, TPL_NOTIFY, probe_fn, &p, &a),
			 EFI_SUCCESS);
	assert_int_equal(bs.CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, probe_fn, &p, &va_group, &b),
			 EFI_SUCCESS);
	assert_ptr_equal(va_events[0], a);
	assert_ptr_equal(va_events[1], b);
	assert_int_equal(bs.CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, probe_fn, &p, &va_group, &c),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(bs.CloseEvent(a), EFI_SUCCESS);
	assert_null(va_events[0]);
	assert_int_equal(bs.CloseEvent(b), EFI_SUCCESS);
	assert_null(va_events[1]);
	assert_int_equal(p.calls, 0); /* not at boot: only SetVirtualAddressMap notifies them */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create_checks, setup),
		cmocka_unit_test_setup(test_table_full, setup),
		cmocka_unit_test_setup(test_bad_handles, setup),
		cmocka_unit_test_setup(test_plain_signal, setup),
		cmocka_unit_test_setup(test_notify_signal_tpl, setup),
		cmocka_unit_test_setup(test_tpl_misuse, setup),
		cmocka_unit_test_setup(test_notify_wait, setup),
		cmocka_unit_test_setup(test_wait_checks, setup),
		cmocka_unit_test_setup(test_groups, setup),
		cmocka_unit_test_setup(test_timer_order, setup),
		cmocka_unit_test_setup(test_timer_relative_zero_and_cancel, setup),
		cmocka_unit_test_setup(test_timer_periodic, setup),
		cmocka_unit_test_setup(test_wait_timers, setup),
		cmocka_unit_test_setup(test_stale_handles, setup),
		cmocka_unit_test_setup(test_restore_tpl_fires_timers, setup),
		cmocka_unit_test_setup(test_virtual_address_change_events, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
