/*
 * eventtest: TPLs, events (plain, notify-signal, notify-wait, groups), timers and Stall.
 * Time is judged against the ACPI PM timer where the machine has one (lib/acpi.h); microvm has
 * none, and no other clock the firmware does not drive, so there only its absence is checked.
 */
#include "acpi.h"
#include "check.h"
#include "machine.h"

static UINT16 pm_port;

static UINT32 pm_timer(void)
{
	return pm_timer_read(pm_port);
}

/* ---- events and TPL -------------------------------------------------------------------- */

struct notified {
	UINTN calls;
	EFI_TPL tpl; /* the TPL the last call ran at */
	EFI_EVENT signal; /* for EVT_NOTIFY_WAIT: what the function signals */
};

static VOID EFIAPI notify(EFI_EVENT ev, VOID *ctx)
{
	struct notified *n = ctx;

	n->tpl = BS->RaiseTPL(TPL_HIGH_LEVEL);
	BS->RestoreTPL(n->tpl);
	n->calls++;
	if (n->signal)
		BS->SignalEvent(n->signal);
}

static void test_tpl(void)
{
	EFI_TPL a, b, c;

	a = BS->RaiseTPL(TPL_NOTIFY);
	b = BS->RaiseTPL(TPL_HIGH_LEVEL);
	BS->RestoreTPL(TPL_NOTIFY);
	c = BS->RaiseTPL(TPL_NOTIFY);
	BS->RestoreTPL(TPL_NOTIFY);
	BS->RestoreTPL(a);
	CHECK_EQ(a, TPL_APPLICATION, "tpl: programs start at TPL_APPLICATION");
	CHECK_EQ(b, TPL_NOTIFY, "tpl: RaiseTPL returns the old TPL");
	CHECK_EQ(c, TPL_NOTIFY, "tpl: raising to the same TPL returns it");
	a = BS->RaiseTPL(TPL_CALLBACK);
	BS->RestoreTPL(a);
	CHECK_EQ(a, TPL_APPLICATION, "tpl: RestoreTPL brought it back to TPL_APPLICATION");
}

static void test_plain_events(void)
{
	EFI_EVENT ev = NULL, sig = NULL;
	struct notified n = { 0 };
	UINTN idx = 99;

	if (!CHECK_ST(BS->CreateEvent(0, 0, NULL, NULL, &ev), EFI_SUCCESS,
		      "event: CreateEvent of a plain event"))
		return;
	CHECK_ST(BS->CheckEvent(ev), EFI_NOT_READY, "event: CheckEvent before signal: NOT_READY");
	CHECK_ST(BS->SignalEvent(ev), EFI_SUCCESS, "event: SignalEvent");
	CHECK_ST(BS->CheckEvent(ev), EFI_SUCCESS, "event: CheckEvent of a signalled event");
	CHECK_ST(BS->CheckEvent(ev), EFI_NOT_READY, "event: CheckEvent clears the signal");
	BS->SignalEvent(ev);
	CHECK_ST(BS->WaitForEvent(1, &ev, &idx), EFI_SUCCESS, "event: WaitForEvent of a signalled event");
	CHECK_EQ(idx, 0, "event: WaitForEvent index 0");
	CHECK_ST(BS->CheckEvent(ev), EFI_NOT_READY, "event: WaitForEvent clears the signal");
	CHECK_ST(BS->WaitForEvent(0, &ev, &idx), EFI_INVALID_PARAMETER,
		 "event: WaitForEvent of 0 events gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->SetTimer(ev, TimerRelative, 1000), EFI_INVALID_PARAMETER,
		 "event: SetTimer on a non-timer event gives EFI_INVALID_PARAMETER");

	CHECK_ST(BS->CreateEvent(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, notify, &n, &sig), EFI_SUCCESS,
		 "event: CreateEvent EVT_NOTIFY_SIGNAL at TPL_CALLBACK");
	CHECK_ST(BS->CheckEvent(sig), EFI_INVALID_PARAMETER,
		 "event: CheckEvent of an EVT_NOTIFY_SIGNAL event gives EFI_INVALID_PARAMETER");
	idx = 99;
	CHECK_ST(BS->WaitForEvent(1, &sig, &idx), EFI_INVALID_PARAMETER,
		 "event: WaitForEvent of an EVT_NOTIFY_SIGNAL event gives EFI_INVALID_PARAMETER");
	CHECK_EQ(idx, 0, "event: ... and names it by index");
	BS->SignalEvent(sig);
	CHECK_EQ(n.calls, 1, "event: SignalEvent at TPL_APPLICATION runs the notify function once");
	CHECK_EQ(n.tpl, TPL_CALLBACK, "event: the notify function runs at its TPL_CALLBACK");

	/* Raised above the event's TPL, the notification waits for RestoreTPL. */
	{
		EFI_TPL old = BS->RaiseTPL(TPL_NOTIFY);
		UINTN before;

		BS->SignalEvent(sig);
		before = n.calls;
		BS->RestoreTPL(old);
		CHECK_EQ(before, 1, "event: no notification while the TPL is above the event's");
		CHECK_EQ(n.calls, 2, "event: RestoreTPL delivers the pending notification");
	}
	CHECK_ST(BS->CloseEvent(sig), EFI_SUCCESS, "event: CloseEvent of the notify event");
	CHECK_ST(BS->CloseEvent(ev), EFI_SUCCESS, "event: CloseEvent of the plain event");
}

static void test_wait_notify(void)
{
	EFI_EVENT ev = NULL;
	struct notified n = { 0 };

	if (!CHECK_ST(BS->CreateEvent(EVT_NOTIFY_WAIT, TPL_CALLBACK, notify, &n, &ev),
		      EFI_SUCCESS, "event: CreateEvent EVT_NOTIFY_WAIT"))
		return;
	n.signal = ev;
	CHECK_ST(BS->CheckEvent(ev), EFI_SUCCESS,
		 "event: CheckEvent runs the wait notify function, which signals");
	CHECKF(n.calls >= 1 && n.tpl == TPL_CALLBACK, "event: wait notify ran at TPL_CALLBACK",
	       L"%ld calls, TPL %ld", (INT64)n.calls, (INT64)n.tpl);
	CHECK_ST(BS->CloseEvent(ev), EFI_SUCCESS, "event: CloseEvent of the wait event");
}

static void test_bad_events(void)
{
	EFI_EVENT ev;
	struct notified n = { 0 };

	CHECK_ST(BS->CreateEvent(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, NULL, NULL, &ev),
		 EFI_INVALID_PARAMETER, "event: notify type without function: EFI_INVALID_PARAMETER");
	CHECK_ST(BS->CreateEvent(EVT_NOTIFY_SIGNAL, TPL_APPLICATION, notify, &n, &ev),
		 EFI_INVALID_PARAMETER, "event: notify at TPL_APPLICATION: EFI_INVALID_PARAMETER");
	CHECK_ST(BS->CreateEvent(0, 0, NULL, NULL, NULL), EFI_INVALID_PARAMETER,
		 "event: NULL Event gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->CreateEvent(0x00000001, 0, NULL, NULL, &ev), EFI_INVALID_PARAMETER,
		 "event: unknown type bit gives EFI_INVALID_PARAMETER");
}

static void test_group(void)
{
	EFI_GUID group = { 0x7c1d2e3f, 0x4a5b, 0x4c6d, { 0x8e, 0x9f, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5 } };
	EFI_EVENT a = NULL, b = NULL;
	struct notified na = { 0 }, nb = { 0 };

	CHECK_ST(BS->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, notify, &na, &group, &a),
		 EFI_SUCCESS, "group: CreateEventEx first member");
	CHECK_ST(BS->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_NOTIFY, notify, &nb, &group, &b),
		 EFI_SUCCESS, "group: CreateEventEx second member");
	BS->SignalEvent(a);
	CHECK(na.calls == 1 && nb.calls == 1, "group: signalling one member notifies both");
	CHECK(na.tpl == TPL_CALLBACK && nb.tpl == TPL_NOTIFY, "group: each at its own TPL");
	BS->CloseEvent(b);
	BS->SignalEvent(a);
	CHECK(na.calls == 2 && nb.calls == 1, "group: a closed member is no longer notified");
	BS->CloseEvent(a);
}

/* ---- timers and time ------------------------------------------------------------------- */

static void test_timers(void)
{
	EFI_EVENT t = NULL, pair[2];
	UINTN idx = 99;
	UINT32 t0;

	if (!CHECK_ST(BS->CreateEvent(EVT_TIMER, 0, NULL, NULL, &t), EFI_SUCCESS,
		      "timer: CreateEvent EVT_TIMER"))
		return;
	CHECK_ST(BS->SetTimer(t, TimerRelative, 100000), EFI_SUCCESS, "timer: SetTimer 10 ms");
	CHECK_ST(BS->WaitForEvent(1, &t, &idx), EFI_SUCCESS, "timer: WaitForEvent of it");
	CHECK_EQ(idx, 0, "timer: WaitForEvent index 0");

	/* Timers tick in steps (10 ms on OVMF): one may fire up to a step early, never much
	 * later than asked. So a 500 ms timer must not have fired after a 20 ms Stall, and must
	 * not fire before 250 ms (wide margins: the host may be busy). */
	t0 = pm_port ? pm_timer() : 0;
	BS->SetTimer(t, TimerRelative, 5000000);
	CHECK_ST(BS->CheckEvent(t), EFI_NOT_READY, "timer: 500 ms timer not signalled at once");
	BS->Stall(20000);
	CHECK_ST(BS->CheckEvent(t), EFI_NOT_READY, "timer: 500 ms timer not fired after Stall 20 ms");
	if (pm_port) {
		BS->WaitForEvent(1, &t, &idx);
		CHECKF(pm_timer_us(t0, pm_timer()) >= 250000, "timer: a 500 ms timer waits >= 250 ms (PM timer)",
		       L"%ld us", (INT64)pm_timer_us(t0, pm_timer()));
	}
	BS->SetTimer(t, TimerRelative, 100000);
	BS->Stall(50000);
	CHECK_ST(BS->CheckEvent(t), EFI_SUCCESS, "timer: a 10 ms timer fired during Stall 50 ms");
	BS->SetTimer(t, TimerRelative, 100000);
	CHECK_ST(BS->SetTimer(t, TimerCancel, 0), EFI_SUCCESS, "timer: TimerCancel");
	BS->Stall(30000);
	CHECK_ST(BS->CheckEvent(t), EFI_NOT_READY, "timer: a cancelled timer does not fire");

	CHECK_ST(BS->SetTimer(t, TimerPeriodic, 100000), EFI_SUCCESS, "timer: periodic 10 ms");
	CHECK(BS->WaitForEvent(1, &t, &idx) == EFI_SUCCESS &&
	      BS->WaitForEvent(1, &t, &idx) == EFI_SUCCESS &&
	      BS->WaitForEvent(1, &t, &idx) == EFI_SUCCESS,
	      "timer: periodic timer fires again and again");
	BS->SetTimer(t, TimerCancel, 0);

	/* WaitForEvent names the event that is signalled. */
	pair[0] = t;
	BS->SetTimer(t, TimerRelative, 50000000); /* 5 s: must not be the one */
	BS->CreateEvent(EVT_TIMER, 0, NULL, NULL, &pair[1]);
	BS->SetTimer(pair[1], TimerRelative, 10000);
	idx = 99;
	CHECK_ST(BS->WaitForEvent(2, pair, &idx), EFI_SUCCESS, "timer: WaitForEvent of two");
	CHECK_EQ(idx, 1, "timer: ... gives the index of the 1 ms timer");
	CHECK_ST(BS->CloseEvent(pair[1]), EFI_SUCCESS, "timer: CloseEvent");
	CHECK_ST(BS->CloseEvent(t), EFI_SUCCESS, "timer: CloseEvent of an armed timer");
}

static void test_stall(void)
{
	UINT32 t0, t1;

	CHECK_ST(BS->Stall(1000), EFI_SUCCESS, "stall: Stall(1000)");
	if (!pm_port)
		return;
	t0 = pm_timer();
	BS->Stall(20000);
	t1 = pm_timer();
	/* One PM timer tick (0.28 us) of slack for the reading itself. */
	CHECKF(pm_timer_us(t0, t1) + 1 >= 20000, "stall: Stall(20000) lasts >= 20 ms (PM timer)",
	       L"%ld us", (INT64)pm_timer_us(t0, t1));
	CHECKF(pm_timer_us(t0, t1) < 500000, "stall: Stall(20000) lasts < 500 ms (PM timer)", L"%ld us",
	       (INT64)pm_timer_us(t0, t1));
	t0 = pm_timer();
	BS->Stall(200000);
	t1 = pm_timer();
	CHECKF(pm_timer_us(t0, t1) + 1 >= 200000 && pm_timer_us(t0, t1) < 1000000,
	       "stall: Stall(200000) lasts 200 ms to 1 s (PM timer)", L"%ld us",
	       (INT64)pm_timer_us(t0, t1));
}


EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	check_init(image, systab, "eventtest");
	pm_port = pm_timer_find();
	/* The timing checks below run exactly where the machine has the timer. */
	CHECKF(!pm_port == !machine_has("pm-timer"),
	       "acpi: the FADT names a PM timer where the machine has one", L"port 0x%x", pm_port);
	test_tpl();
	test_plain_events();
	test_wait_notify();
	test_bad_events();
	test_group();
	test_timers();
	test_stall();
	return check_finish();
}
