/*
 * Timers (services/events.c) on a fake clock: one-shot and periodic, WaitForEvent on them,
 * RestoreTPL firing them; and stale handles, virtual-address-change events. The fixture is
 * tests/unit/events_fixture.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "events_fixture.h"
#include "services/events.h"

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
	/* Nor once the slot had 2^16 events after it (a 16-bit generation came round again). */
	for (int i = 0; i < 0x10000 - 2; i++)
		assert_int_equal(bs.CloseEvent(make(0, TPL_CALLBACK, NULL)), EFI_SUCCESS);
	fresh = make(0, TPL_CALLBACK, NULL);
	assert_int_equal(bs.SignalEvent(old), EFI_INVALID_PARAMETER);
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

/* Without EVT_NOTIFY_SIGNAL or EVT_NOTIFY_WAIT, NotifyFunction and NotifyTpl are ignored (UEFI
 * 2.10 CreateEvent): an event of such a type in the virtual-address-change group has no function
 * for SetVirtualAddressMap to call, whatever the caller left in those arguments. */
static void test_virtual_address_change_ignores_plain_function(void **state)
{
	EFI_GUID va_group = EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE;
	struct probe p = { .name = 'v' };
	EFI_EVENT ev;

	assert_int_equal(bs.CreateEventEx(0, 0, probe_fn, &p, &va_group, &ev), EFI_SUCCESS);
	assert_null(va_events[0]);
	assert_null(va_events[1]);
	assert_int_equal(bs.SignalEvent(ev), EFI_SUCCESS);
	assert_int_equal(p.calls, 0);
	assert_int_equal(bs.CloseEvent(ev), EFI_SUCCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_timer_order, setup),
		cmocka_unit_test_setup(test_timer_relative_zero_and_cancel, setup),
		cmocka_unit_test_setup(test_timer_periodic, setup),
		cmocka_unit_test_setup(test_wait_timers, setup),
		cmocka_unit_test_setup(test_stale_handles, setup),
		cmocka_unit_test_setup(test_restore_tpl_fires_timers, setup),
		cmocka_unit_test_setup(test_virtual_address_change_events, setup),
		cmocka_unit_test_setup(test_virtual_address_change_ignores_plain_function, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
