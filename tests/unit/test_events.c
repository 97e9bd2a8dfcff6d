/*
 * Events and TPLs (services/events.c): creation, signals and notifications, groups. Timers are
 * tests/unit/test_event_timers.c's; the fake clock and the probes, events_fixture.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "events_fixture.h"
#include "services/events.h"

/* ---- creation ------------------------------------------------------------------------- */

static void test_create_checks(void **state)
{
	EFI_GUID group = { 0x7ce88fb3, 0x4bd7, 0x4679, { 0x87, 0xa8, 0xa8, 0xd8, 0xde, 0xe5, 0x0d, 0x2b } }; /* ready to boot */
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

	/* A notify function may close its own event; what it creates then (in the same slot) is
	 * another event, whose signal CheckEvent of the closed one must not take. */
	p.signal_me = NULL;
	p.close_self = 1;
	assert_int_equal(bs.CheckEvent(ev), EFI_NOT_READY);
	assert_int_equal(bs.CloseEvent(ev), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CheckEvent(p.reused), EFI_SUCCESS);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
