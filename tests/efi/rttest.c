/*
 * rttest: the runtime services before ExitBootServices, after it, and after
 * SetVirtualAddressMap, and the EFI_RT_PROPERTIES_TABLE that says which of them work at
 * runtime. Variables are vartest's; this program touches one, to call the variable services.
 *
 * The flow: the boot-time checks (time, wakeup, monotonic count, capsules); two pages of
 * runtime data of our own and two virtual-address-change notifications; ExitBootServices (from
 * there on, results go to COM1); every service again at runtime; SetVirtualAddressMap, refused
 * for a bad descriptor version or size and for a map that leaves a runtime range out, then
 * with every runtime range identity-mapped but our first page, which moves (so ConvertPointer's
 * answer is not the identity); every service again; ResetSystem(EfiResetShutdown) ends the VM.
 *
 * Where the machine has a CMOS RTC (tests/efi/lib/machine.h: "rtc") GetTime and SetTime work;
 * elsewhere they answer EFI_UNSUPPORTED and the properties table leaves them out.
 * SetVirtualAddressMap and ConvertPointer, with our two pages, are rttest_virtual.c's.
 */
#include "lib/uefi.h"
#include "check.h"
#include "machine.h"
#include "memmap.h"
#include "rttest.h"
#include "tables.h"

static EFI_GUID test_guid = { 0x5d2a0c1e, 0x7f3b, 0x4c58, { 0x9e, 0x61, 0x0a, 0xb4, 0xc7, 0x3d, 0x12, 0x8f } };
#define RT_VAR L"PvhefiRtTest"
#define NV_BS_RT (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

static BOOLEAN has_rtc;

/* "phase: what", for check names built at run time (each is printed at once). */
const char *named(const char *phase, const char *what)
{
	static char buf[256];
	UINTN n = 0;

	for (const char *s = phase; *s && n < sizeof(buf) - 3; s++)
		buf[n++] = *s;
	buf[n++] = ':';
	buf[n++] = ' ';
	for (const char *s = what; *s && n < sizeof(buf) - 1; s++)
		buf[n++] = *s;
	buf[n] = 0;
	return buf;
}

/* ---- the properties table -------------------------------------------------------------- */

static const EFI_RT_PROPERTIES_TABLE *props;

/* What pvhefi claims: the variable services, SetVirtualAddressMap, ConvertPointer, the high
 * monotonic count and ResetSystem everywhere; GetTime and SetTime where there is an RTC; not
 * the wakeup timer, not capsules. */
static UINT32 pvhefi_claims(void)
{
	UINT32 want = EFI_RT_SUPPORTED_GET_VARIABLE | EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME |
		      EFI_RT_SUPPORTED_SET_VARIABLE | EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO |
		      EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP | EFI_RT_SUPPORTED_CONVERT_POINTER |
		      EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT | EFI_RT_SUPPORTED_RESET_SYSTEM;

	if (has_rtc)
		want |= EFI_RT_SUPPORTED_GET_TIME | EFI_RT_SUPPORTED_SET_TIME;
	return want;
}

static void test_properties(void)
{
	EFI_GUID guid = EFI_RT_PROPERTIES_TABLE_GUID;

	props = config_table(&guid);
	/* The table is optional (UEFI 2.10 4.6.2); OVMF (edk2 2022.11) publishes none. */
	CHECK(!props == !check_option(L"pvhefi"),
	      "props: an EFI_RT_PROPERTIES_TABLE on pvhefi, none on OVMF");
	if (!props)
		return;
	CHECK_EQ(props->Version, EFI_RT_PROPERTIES_TABLE_VERSION, "props: Version 1");
	CHECK_EQ(props->Length, sizeof(EFI_RT_PROPERTIES_TABLE), "props: Length is the table's");
	CHECK_EQ(props->RuntimeServicesSupported, pvhefi_claims(),
		 "props: pvhefi claims what it keeps at runtime");
}

/* ---- time -------------------------------------------------------------------------------- */

static BOOLEAN leap(UINT16 y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static BOOLEAN time_valid(const EFI_TIME *t)
{
	static const UINT8 days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (t->Year < 1900 || t->Year > 9999 || t->Month < 1 || t->Month > 12 || t->Day < 1 ||
	    t->Day > days[t->Month - 1] || (t->Month == 2 && t->Day == 29 && !leap(t->Year)))
		return FALSE;
	if (t->Hour > 23 || t->Minute > 59 || t->Second > 59 || t->Nanosecond > 999999999)
		return FALSE;
	if (t->TimeZone != EFI_UNSPECIFIED_TIMEZONE && (t->TimeZone < -1440 || t->TimeZone > 1440))
		return FALSE;
	return !(t->Daylight & ~(EFI_TIME_ADJUST_DAYLIGHT | EFI_TIME_IN_DAYLIGHT));
}

static void show_time(const char *name, const EFI_TIME *t)
{
	check_report(time_valid(t), name, L"%d-%d-%d %d:%d:%d.%d tz %d dl 0x%x", t->Year, t->Month,
		     t->Day, t->Hour, t->Minute, t->Second, t->Nanosecond, t->TimeZone, t->Daylight);
}

static EFI_TIME make_time(UINT16 y, UINT8 mo, UINT8 d, UINT8 h, UINT8 mi, UINT8 s)
{
	EFI_TIME t;

	SetMem(&t, sizeof(t), 0);
	t.Year = y, t.Month = mo, t.Day = d, t.Hour = h, t.Minute = mi, t.Second = s;
	t.TimeZone = EFI_UNSPECIFIED_TIMEZONE;
	return t;
}

/* The clock reads what was set a moment ago (the same minute, up to 3 s later). */
static void check_reads(const EFI_TIME *set, const char *name)
{
	EFI_TIME now;
	EFI_STATUS st = RT->GetTime(&now, NULL);

	check_report(st == EFI_SUCCESS && now.Year == set->Year && now.Month == set->Month &&
			     now.Day == set->Day && now.Hour == set->Hour &&
			     now.Minute == set->Minute && now.Second >= set->Second &&
			     now.Second <= set->Second + 3 && now.TimeZone == set->TimeZone &&
			     now.Daylight == set->Daylight,
		     name, L"%r: %d-%d-%d %d:%d:%d tz %d dl 0x%x, set %d-%d-%d %d:%d:%d tz %d dl 0x%x",
		     st, now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, now.TimeZone,
		     now.Daylight, set->Year, set->Month, set->Day, set->Hour, set->Minute, set->Second,
		     set->TimeZone, set->Daylight);
}

/* SetTime of one bad field is refused and leaves the clock. */
static void refused(EFI_TIME t, const char *name)
{
	CHECK_ST(RT->SetTime(&t), EFI_INVALID_PARAMETER, name);
}

static void test_time(void)
{
	EFI_TIME t0, t, base;
	EFI_TIME_CAPABILITIES cap;
	EFI_STATUS st;

	if (!has_rtc) {
		t0 = make_time(2031, 7, 15, 12, 34, 20);
		CHECK_ST(RT->GetTime(&t, NULL), EFI_UNSUPPORTED,
			 "time: GetTime gives EFI_UNSUPPORTED without an RTC");
		CHECK_ST(RT->SetTime(&t0), EFI_UNSUPPORTED,
			 "time: SetTime gives EFI_UNSUPPORTED without an RTC");
		return;
	}
	SetMem(&cap, sizeof(cap), 0xa5);
	st = RT->GetTime(&t0, &cap);
	if (!CHECK_ST(st, EFI_SUCCESS, "time: GetTime with the capabilities"))
		return;
	show_time("time: GetTime gives valid fields", &t0);
	/* A CMOS RTC counts seconds; the accuracy is the part's (OVMF says 50 ppm). */
	CHECK_EQ(cap.Resolution, 1, "time: Capabilities.Resolution is 1 (a CMOS RTC counts seconds)");
	CHECKF(cap.Accuracy != 0 && cap.Accuracy != 0xa5a5a5a5, "time: Capabilities.Accuracy is set",
	       L"0x%x", cap.Accuracy);
	CHECKF(cap.SetsToZero == FALSE || cap.SetsToZero == TRUE,
	       "time: Capabilities.SetsToZero is a BOOLEAN", L"0x%x", cap.SetsToZero);
	CHECK_ST(RT->GetTime(&t, NULL), EFI_SUCCESS, "time: GetTime without the capabilities");
	CHECK_ST(RT->GetTime(NULL, NULL), EFI_INVALID_PARAMETER,
		 "time: GetTime(NULL) gives EFI_INVALID_PARAMETER");

	/* A valid time round-trips, time zone and daylight flags included. */
	base = make_time(2031, 7, 15, 12, 34, 20);
	base.TimeZone = -300;
	base.Daylight = EFI_TIME_ADJUST_DAYLIGHT;
	CHECK_ST(RT->SetTime(&base), EFI_SUCCESS, "time: SetTime 2031-07-15 12:34:20 UTC-5, daylight");
	check_reads(&base, "time: GetTime reads back what SetTime set");

	t = base, t.Month = 13;
	refused(t, "time: SetTime month 13 gives EFI_INVALID_PARAMETER");
	t = base, t.Month = 0;
	refused(t, "time: SetTime month 0 gives EFI_INVALID_PARAMETER");
	t = base, t.Day = 0;
	refused(t, "time: SetTime day 0 gives EFI_INVALID_PARAMETER");
	t = base, t.Month = 4, t.Day = 31;
	refused(t, "time: SetTime April 31 gives EFI_INVALID_PARAMETER");
	t = base, t.Year = 2023, t.Month = 2, t.Day = 29;
	refused(t, "time: SetTime 2023-02-29 (not a leap year) gives EFI_INVALID_PARAMETER");
	t = base, t.Year = 1899;
	refused(t, "time: SetTime year 1899 gives EFI_INVALID_PARAMETER");
	t = base, t.Hour = 24;
	refused(t, "time: SetTime hour 24 gives EFI_INVALID_PARAMETER");
	t = base, t.Minute = 60;
	refused(t, "time: SetTime minute 60 gives EFI_INVALID_PARAMETER");
	t = base, t.Second = 60;
	refused(t, "time: SetTime second 60 gives EFI_INVALID_PARAMETER");
	t = base, t.Nanosecond = 1000000000;
	refused(t, "time: SetTime nanosecond 1e9 gives EFI_INVALID_PARAMETER");
	t = base, t.TimeZone = 1441;
	refused(t, "time: SetTime time zone 1441 gives EFI_INVALID_PARAMETER");
	t = base, t.TimeZone = -1441;
	refused(t, "time: SetTime time zone -1441 gives EFI_INVALID_PARAMETER");
	t = base, t.Daylight = 0x04;
	refused(t, "time: SetTime daylight bit 0x04 gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->SetTime(NULL), EFI_INVALID_PARAMETER,
		 "time: SetTime(NULL) gives EFI_INVALID_PARAMETER");
	check_reads(&base, "time: the refused SetTime calls left the clock");

	t = make_time(2024, 2, 29, 10, 0, 0);
	CHECK_ST(RT->SetTime(&t), EFI_SUCCESS, "time: SetTime 2024-02-29 (a leap day)");
	check_reads(&t, "time: GetTime reads the leap day back");
	/* Back to what it said (a few seconds slow, which no check minds). */
	CHECK_ST(RT->SetTime(&t0), EFI_SUCCESS, "time: SetTime back to the time read first");
}

/* OVMF's RTC driver keeps a wakeup alarm; pvhefi has none and says so in its properties
 * table (both answers are the spec's). */
static void test_wakeup(void)
{
	BOOLEAN enabled = 7, pending = 7;
	EFI_TIME t;

	CHECK_ST(RT->GetWakeupTime(&enabled, &pending, &t), BY_FIRMWARE(EFI_UNSUPPORTED, EFI_SUCCESS),
		 "wakeup: GetWakeupTime: EFI_UNSUPPORTED on pvhefi, EFI_SUCCESS on OVMF");
	CHECK_ST(RT->SetWakeupTime(FALSE, NULL), BY_FIRMWARE(EFI_UNSUPPORTED, EFI_SUCCESS),
		 "wakeup: SetWakeupTime(FALSE): EFI_UNSUPPORTED on pvhefi, EFI_SUCCESS on OVMF");
}

/* ---- monotonic count, capsules ------------------------------------------------------------ */

/* The count is two halves: GetNextMonotonicCount's upper 32 bits are the high count, which
 * GetNextHighMonotonicCount increments. */
static void test_monotonic(void)
{
	UINT64 c1 = 0, c2 = 0;
	UINT32 h1 = 0, h2 = 0;

	CHECK_ST(RT->GetNextHighMonotonicCount(NULL), EFI_INVALID_PARAMETER,
		 "count: GetNextHighMonotonicCount(NULL) gives EFI_INVALID_PARAMETER");
	BS->GetNextMonotonicCount(&c1);
	CHECK_ST(RT->GetNextHighMonotonicCount(&h1), EFI_SUCCESS, "count: GetNextHighMonotonicCount");
	BS->GetNextMonotonicCount(&c2);
	CHECKF(h1 == (UINT32)(c1 >> 32) + 1, "count: the high count is the monotonic count's upper half, plus one",
	       L"count 0x%lx, high 0x%x", c1, h1);
	CHECKF(c2 >> 32 == h1 && c2 > c1, "count: the monotonic count carries the new high count",
	       L"0x%lx then high 0x%x then 0x%lx", c1, h1, c2);
	RT->GetNextHighMonotonicCount(&h2);
	CHECKF(h2 == h1 + 1, "count: GetNextHighMonotonicCount increases by one", L"0x%x then 0x%x", h1, h2);
}

/* Neither firmware takes capsules (OVMF: EFI_UNSUPPORTED as well). */
static void test_capsules(const char *phase)
{
	static EFI_CAPSULE_HEADER capsule = {
		{ 0x3b8c8162, 0x188c, 0x46a4, { 0xae, 0xc9, 0xbe, 0x43, 0xf1, 0xd6, 0x56, 0x97 } },
		sizeof(EFI_CAPSULE_HEADER), 0, sizeof(EFI_CAPSULE_HEADER)
	};
	EFI_CAPSULE_HEADER *list[1] = { &capsule };
	UINT64 max = 0;
	EFI_RESET_TYPE reset = EfiResetCold;

	CHECK_ST(RT->QueryCapsuleCapabilities(list, 1, &max, &reset), EFI_UNSUPPORTED,
		 named(phase, "QueryCapsuleCapabilities gives EFI_UNSUPPORTED"));
	CHECK_ST(RT->UpdateCapsule(list, 1, 0), EFI_UNSUPPORTED,
		 named(phase, "UpdateCapsule gives EFI_UNSUPPORTED"));
}

/* ---- every service, at each phase ------------------------------------------------------- */

static UINT32 last_high;

/* Calls every service a program may call at runtime (but the three the flow exercises:
 * SetVirtualAddressMap, ConvertPointer, ResetSystem) and checks each works; the ones that work
 * are what the properties table must claim. */
static void test_services(const char *phase, UINT8 value)
{
	static CHAR16 name[128];
	EFI_TIME t;
	UINT8 data[8], got[8];
	UINTN size;
	UINT32 attr = 0, high = 0;
	UINT64 max = 0, remaining = 0, maxvar = 0;
	EFI_GUID guid;
	BOOLEAN enabled, pending;
	UINT32 works = 0;
	EFI_STATUS st;

	t = make_time(2031, 7, 15, 12, 34, 20); /* what SetTime gets when GetTime has nothing */
	st = RT->GetTime(&t, NULL);
	CHECK_ST(st, has_rtc ? EFI_SUCCESS : EFI_UNSUPPORTED,
		 named(phase, has_rtc ? "GetTime works" : "GetTime gives EFI_UNSUPPORTED (no RTC)"));
	if (st == EFI_SUCCESS)
		show_time(named(phase, "GetTime gives valid fields"), &t);
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_GET_TIME;
	st = RT->SetTime(&t);
	CHECK_ST(st, has_rtc ? EFI_SUCCESS : EFI_UNSUPPORTED,
		 named(phase, has_rtc ? "SetTime of the time read works" : "SetTime gives EFI_UNSUPPORTED (no RTC)"));
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_SET_TIME;
	if (RT->GetWakeupTime(&enabled, &pending, &t) != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_GET_WAKEUP_TIME;
	if (RT->SetWakeupTime(FALSE, NULL) != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_SET_WAKEUP_TIME;

	size = sizeof(got);
	st = RT->GetVariable(RT_VAR, &test_guid, &attr, &size, got);
	CHECK(st == EFI_SUCCESS && size == 1 && attr == NV_BS_RT && got[0] == value - 1,
	      named(phase, "GetVariable reads the variable set before"));
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_GET_VARIABLE;
	data[0] = value;
	st = RT->SetVariable(RT_VAR, &test_guid, NV_BS_RT, 1, data);
	CHECK_ST(st, EFI_SUCCESS, named(phase, "SetVariable of a non-volatile runtime variable works"));
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_SET_VARIABLE;
	size = sizeof(got);
	got[0] = 0;
	RT->GetVariable(RT_VAR, &test_guid, &attr, &size, got);
	CHECK_EQ(got[0], value, named(phase, "GetVariable reads the new value back"));
	name[0] = 0;
	size = sizeof(name);
	st = RT->GetNextVariableName(&size, name, &guid);
	CHECK_ST(st, EFI_SUCCESS, named(phase, "GetNextVariableName works"));
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME;
	st = RT->QueryVariableInfo(NV_BS_RT, &max, &remaining, &maxvar);
	CHECKF(st == EFI_SUCCESS && remaining <= max && maxvar <= max && maxvar > 0,
	       named(phase, "QueryVariableInfo works"), L"%r: max %ld remaining %ld maxvar %ld", st,
	       max, remaining, maxvar);
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO;

	st = RT->GetNextHighMonotonicCount(&high);
	CHECKF(st == EFI_SUCCESS && high > last_high, named(phase, "GetNextHighMonotonicCount works and increases"),
	       L"%r: 0x%x after 0x%x", st, high, last_high);
	if (st != EFI_UNSUPPORTED)
		works |= EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT;
	last_high = high;

	test_capsules(phase);

	/* What works is what is claimed (the three the flow exercises are left to it). */
	if (props) {
		UINT32 tested = ~(EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP | EFI_RT_SUPPORTED_CONVERT_POINTER |
				  EFI_RT_SUPPORTED_RESET_SYSTEM | EFI_RT_SUPPORTED_UPDATE_CAPSULE |
				  EFI_RT_SUPPORTED_QUERY_CAPSULE_CAPABILITIES);
		UINT32 claimed = props->RuntimeServicesSupported & tested & 0x3fff;

		CHECKF(works == claimed, named(phase, "the properties table claims exactly the services that work"),
		       L"work 0x%x, claimed 0x%x", works, claimed);
	}
}

/* ---- the flow ------------------------------------------------------------------------------ */

static EFI_STATUS exit_boot_services(EFI_HANDLE image)
{
	EFI_STATUS st;

	if ((st = map_get()) != EFI_SUCCESS)
		return st;
	st = BS->ExitBootServices(image, map_key());
	if (st == EFI_INVALID_PARAMETER && map_get() == EFI_SUCCESS) /* the map moved: once more */
		st = BS->ExitBootServices(image, map_key());
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	UINT8 one = 1;
	EFI_STATUS st;

	check_init(image, systab, "rttest");
	has_rtc = machine_has("rtc");
	test_properties();
	test_time();
	test_wakeup();
	test_monotonic();
	test_capsules("boot");
	CHECK_ST(RT->SetVirtualAddressMap(0, sizeof(EFI_MEMORY_DESCRIPTOR), EFI_MEMORY_DESCRIPTOR_VERSION, NULL),
		 EFI_UNSUPPORTED, "svam: SetVirtualAddressMap before ExitBootServices gives EFI_UNSUPPORTED");

	/* For the runtime phases: a variable, two runtime pages, two notifications. */
	CHECK_ST(RT->SetVariable(RT_VAR, &test_guid, NV_BS_RT, 1, &one), EFI_SUCCESS,
		 "boot: SetVariable of the non-volatile runtime variable");
	RT->GetNextHighMonotonicCount(&last_high);
	if (!svam_prepare())
		return check_finish();

	Print(L"rttest: exiting boot services; the rest is reported on COM1\n");
	st = exit_boot_services(image);
	if (st == EFI_SUCCESS)
		check_exit_boot_services();
	if (!CHECK_ST(st, EFI_SUCCESS, "ExitBootServices"))
		return check_finish();
	test_services("runtime", 2);
	test_virtual();
	test_services("virtual", 3);
	return check_finish();
}
