/*
 * tpltest: timers at raised TPL, and the ExitBootServices event groups.
 *
 * A program may count time with a periodic timer whose notification runs at TPL_CALLBACK and
 * loop on anything: any boot service it may call in a loop must let due timers fire (as a
 * timer interrupt would), and lowering the TPL must run what was held back; while the TPL is
 * at or above the notification's, it must not run.
 *
 * ExitBootServices (UEFI 2.10 7.4.6) signals the before-exit group, then the exit group and the
 * EVT_SIGNAL_EXIT_BOOT_SERVICES events, once each, before it returns EFI_SUCCESS; a firmware
 * may start shutting down on a first call whose MapKey is wrong. On pvhefi the checks expect
 * all of them on the first call, before the key is looked at (issue 10), so a before-exit
 * notification that changes the map makes the caller's key stale. Debian 12's OVMF (edk2
 * 2022.11) looks at the key first, signals the exit group only on the call that succeeds, and
 * has no before-exit group; edk2 signals that one since edk2-stable202302 (commit 9d70d8f20d),
 * on the first call whatever the key, and still signals the exit group only after the key.
 */
#include "lib/io.h"
#include "lib/uefi.h"
#include "check.h"
#include "memmap.h"

/* A loop that waits for a timer gives up after this many TSC ticks: 0.4 s at 5 GHz, 2 s at
 * 1 GHz, plenty for 10 ms periods, and the run does not hang when timers never fire. */
#define TSC_LIMIT 2000000000ULL
#define PERIOD_10MS 100000

struct ticker {
	volatile UINTN ticks;
	EFI_TPL tpl; /* the TPL the last notification ran at */
};

static VOID EFIAPI tick(EFI_EVENT ev, VOID *ctx)
{
	struct ticker *t = ctx;

	t->tpl = BS->RaiseTPL(TPL_HIGH_LEVEL);
	BS->RestoreTPL(t->tpl);
	t->ticks++;
}

static EFI_EVENT periodic(EFI_TPL tpl, struct ticker *t)
{
	EFI_EVENT ev = NULL;

	if (BS->CreateEvent(EVT_TIMER | EVT_NOTIFY_SIGNAL, tpl, tick, t, &ev) != EFI_SUCCESS ||
	    BS->SetTimer(ev, TimerPeriodic, PERIOD_10MS) != EFI_SUCCESS)
		return NULL;
	return ev;
}

/* ---- what a waiting loop may call ------------------------------------------------------- */

enum loop { RAISE_RESTORE, CHECK_EVENT, MONOTONIC_COUNT, CRC32 };
static EFI_EVENT idle; /* a plain event nobody signals */

static void loop_once(enum loop kind)
{
	static UINT8 data[16];
	EFI_TPL old;
	UINT64 count;
	UINT32 crc;

	switch (kind) {
	case RAISE_RESTORE:
		old = BS->RaiseTPL(TPL_NOTIFY);
		BS->RestoreTPL(old);
		break;
	case CHECK_EVENT:
		BS->CheckEvent(idle);
		break;
	case MONOTONIC_COUNT:
		BS->GetNextMonotonicCount(&count);
		break;
	case CRC32:
		BS->CalculateCrc32(data, sizeof(data), &crc);
		break;
	}
}

/* Loops on one kind of call until the ticker counts n ticks or the TSC limit passes. */
static void loop_until(enum loop kind, struct ticker *t, UINTN n)
{
	UINT64 start = rdtsc();

	while (t->ticks < n && rdtsc() - start < TSC_LIMIT)
		loop_once(kind);
}

static void test_loop(enum loop kind, const char *name)
{
	struct ticker t = { 0, 0 };
	EFI_EVENT ev = periodic(TPL_CALLBACK, &t);

	if (!CHECK(ev != NULL, "loop: a periodic 10 ms timer at TPL_CALLBACK"))
		return;
	loop_until(kind, &t, 3);
	BS->CloseEvent(ev);
	CHECKF(t.ticks >= 3, name, L"%ld ticks", (INT64)t.ticks);
	if (kind == RAISE_RESTORE)
		CHECK_EQ(t.tpl, TPL_CALLBACK, "loop: the timer's notification runs at TPL_CALLBACK");
}

/* ---- held back at TPL_CALLBACK ---------------------------------------------------------- */

static void test_raised(void)
{
	struct ticker cb = { 0, 0 }, notify = { 0, 0 };
	EFI_EVENT cb_ev = periodic(TPL_CALLBACK, &cb), notify_ev = periodic(TPL_NOTIFY, &notify);
	UINTN during, after;
	EFI_TPL old;

	if (!CHECK(cb_ev && notify_ev, "raised: periodic 10 ms timers at TPL_CALLBACK and TPL_NOTIFY"))
		return;
	old = BS->RaiseTPL(TPL_CALLBACK);
	cb.ticks = 0;
	/* Time passes (the TPL_NOTIFY timer ticks five times) in a loop that raises and
	 * restores the TPL, never below TPL_CALLBACK. */
	loop_until(RAISE_RESTORE, &notify, 5);
	during = cb.ticks;
	BS->RestoreTPL(old);
	after = cb.ticks;
	BS->CloseEvent(cb_ev);
	BS->CloseEvent(notify_ev);
	CHECKF(notify.ticks >= 5, "raised: a TPL_NOTIFY timer fires while the TPL is TPL_CALLBACK",
	       L"%ld ticks", (INT64)notify.ticks);
	CHECK_EQ(notify.tpl, TPL_NOTIFY, "raised: ... its notification runs at TPL_NOTIFY");
	CHECK_EQ(during, 0, "raised: a TPL_CALLBACK timer does not fire while the TPL is TPL_CALLBACK");
	CHECKF(after >= 1, "raised: RestoreTPL(TPL_APPLICATION) runs the held-back notification",
	       L"%ld", (INT64)after);
	/* One pending notification, however many periods passed while it was held back. */
	CHECKF(after <= 2, "raised: ... once, not once per missed period", L"%ld", (INT64)after);
}

/* ---- the ExitBootServices groups ------------------------------------------------------- */

enum { BEFORE = 1, EXIT_GROUP, EXIT_TYPE };

struct ebs_notified {
	UINTN calls, first_call; /* how often, and in which ExitBootServices call (1-based) first */
	EFI_TPL tpl;
};
static struct ebs_notified before, exit_group, exit_type;
static UINTN ebs_call;
static int order[8], norder;
static EFI_PHYSICAL_ADDRESS spare_page; /* the before-exit notification frees it */
static EFI_STATUS free_status = EFI_NOT_STARTED;

static void record(struct ebs_notified *n, int who)
{
	n->tpl = BS->RaiseTPL(TPL_HIGH_LEVEL);
	BS->RestoreTPL(n->tpl);
	if (!n->calls++)
		n->first_call = ebs_call;
	if (norder < 8)
		order[norder++] = who;
}

static VOID EFIAPI notify_before(EFI_EVENT ev, VOID *ctx)
{
	record(&before, BEFORE);
	/* The last chance to use boot services: this one changes the memory map. */
	if (spare_page) {
		free_status = BS->FreePages(spare_page, 1);
		spare_page = 0;
	}
}

/* Exit notifications may not use the memory services: they only count. */
static VOID EFIAPI notify_exit_group(EFI_EVENT ev, VOID *ctx)
{
	record(&exit_group, EXIT_GROUP);
}

static VOID EFIAPI notify_exit_type(EFI_EVENT ev, VOID *ctx)
{
	record(&exit_type, EXIT_TYPE);
}

static void test_exit_boot_services(EFI_HANDLE image)
{
	EFI_GUID before_guid = EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES;
	EFI_GUID exit_guid = EFI_EVENT_GROUP_EXIT_BOOT_SERVICES;
	EFI_EVENT b, e, t;
	EFI_STATUS st1, st2, st3 = EFI_NOT_STARTED;
	UINTN key, before_first, exit_group_first, exit_type_first;

	CHECK_ST(BS->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, notify_before, NULL, &before_guid, &b),
		 EFI_SUCCESS, "ebs: CreateEventEx in the before-exit group");
	CHECK_ST(BS->CreateEventEx(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, notify_exit_group, NULL, &exit_guid, &e),
		 EFI_SUCCESS, "ebs: CreateEventEx in the exit-boot-services group");
	CHECK_ST(BS->CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, notify_exit_type, NULL, &t),
		 EFI_SUCCESS, "ebs: CreateEvent EVT_SIGNAL_EXIT_BOOT_SERVICES");
	CHECK_ST(BS->AllocatePages(AllocateAnyPages, EfiLoaderData, 1, &spare_page), EFI_SUCCESS,
		 "ebs: a page for the before-exit notification to free");
	Print(L"tpltest: exiting boot services; the rest is reported on COM1\n");

	/* 1: a key far from the current one (a FreePages moves the key by little). */
	map_get();
	key = map_key();
	ebs_call = 1;
	st1 = BS->ExitBootServices(image, key + 0x100000);
	before_first = before.calls, exit_group_first = exit_group.calls, exit_type_first = exit_type.calls;
	/* 2: the key that was current before call 1. */
	ebs_call = 2;
	st2 = BS->ExitBootServices(image, key);
	/* 3: if refused, a fresh key. */
	if (st2 != EFI_SUCCESS && map_get() == EFI_SUCCESS) {
		ebs_call = 3;
		st3 = BS->ExitBootServices(image, map_key());
	}
	if (st2 == EFI_SUCCESS || st3 == EFI_SUCCESS)
		check_exit_boot_services();

	CHECK_ST(st1, EFI_INVALID_PARAMETER, "ebs: call 1 with a wrong MapKey gives EFI_INVALID_PARAMETER");
	CHECK_EQ(before_first, BY_FIRMWARE(1, 0),
		 "ebs: call 1 ran the before-exit notification: on pvhefi; OVMF has no before-exit group");
	CHECK_EQ(exit_group_first, BY_FIRMWARE(1, 0),
		 "ebs: call 1 ran the exit group notification: on pvhefi; OVMF waits for a good key");
	CHECK_EQ(exit_type_first, BY_FIRMWARE(1, 0),
		 "ebs: call 1 ran the EVT_SIGNAL_EXIT_BOOT_SERVICES notification: on pvhefi; not OVMF");
	CHECK_ST(st2, BY_FIRMWARE(EFI_INVALID_PARAMETER, EFI_SUCCESS),
		 "ebs: call 2 with the key from before call 1: EFI_INVALID_PARAMETER on pvhefi (the "
		 "before-exit notification freed a page), EFI_SUCCESS on OVMF (nothing changed the map)");
	CHECK_ST(st3, BY_FIRMWARE(EFI_SUCCESS, EFI_NOT_STARTED),
		 "ebs: call 3 with a fresh key: EFI_SUCCESS on pvhefi (OVMF had exited at call 2)");
	CHECK(ST->BootServices == NULL, "ebs: boot services are gone");
	CHECK_EQ(before.calls, BY_FIRMWARE(1, 0), "ebs: the before-exit notification ran once on pvhefi, never on OVMF");
	CHECK_EQ(exit_group.calls, 1, "ebs: the exit group notification ran once");
	CHECK_EQ(exit_type.calls, 1, "ebs: the EVT_SIGNAL_EXIT_BOOT_SERVICES notification ran once");
	CHECK_EQ(exit_group.first_call, BY_FIRMWARE(1, 2), "ebs: ... in call 1 on pvhefi, in call 2 on OVMF");
	CHECK_EQ(exit_group.tpl, TPL_CALLBACK, "ebs: the exit group notification ran at TPL_CALLBACK");
	CHECK_EQ(exit_type.tpl, TPL_CALLBACK, "ebs: the EVT_SIGNAL_EXIT_BOOT_SERVICES one too");
	if (check_option(L"pvhefi")) {
		CHECK_EQ(order[0], BEFORE, "ebs: the before-exit notification ran first (pvhefi)");
		CHECK_EQ(before.tpl, TPL_CALLBACK, "ebs: ... at TPL_CALLBACK (pvhefi)");
		CHECK_ST(free_status, EFI_SUCCESS, "ebs: ... and its FreePages worked (pvhefi)");
	}
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	check_init(image, systab, "tpltest");
	CHECK_ST(BS->CreateEvent(0, 0, NULL, NULL, &idle), EFI_SUCCESS, "loop: a plain event to check");
	test_loop(RAISE_RESTORE, "loop: the timer fires in a loop of RaiseTPL/RestoreTPL");
	test_loop(CHECK_EVENT, "loop: the timer fires in a loop of CheckEvent on another event");
	test_loop(MONOTONIC_COUNT, "loop: the timer fires in a loop of GetNextMonotonicCount");
	test_loop(CRC32, "loop: the timer fires in a loop of CalculateCrc32");
	test_raised();
	BS->CloseEvent(idle);
	test_exit_boot_services(image);
	return check_finish();
}
