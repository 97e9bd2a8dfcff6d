/*
 * GetTime and SetTime. The clock is the CMOS RTC where the machine has one (pc, q35; microvm
 * with rtc=on), else one the platform set from a wall-clock reading and the TSC (Xen's
 * shared-info clock): GetTime counts on from that reading with the TSC, SetTime is
 * unsupported. Without either both are EFI_UNSUPPORTED. The wakeup alarm is not offered.
 */
#include "lib/io.h"
#include "lib/lib.h"
#include "lib/status.h"
#include "runtime/internal.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_A 0x0a
#define RTC_B 0x0b
#define RTC_D 0x0d
#define RTC_CENTURY 0x32 /* where QEMU's and SeaBIOS's FADT says the century is */
#define A_UPDATING 0x80
#define B_SET 0x80
#define B_BINARY 0x04
#define B_24H 0x02
#define D_VALID 0x80
#define HOUR_PM 0x80
#define SETTLE_READS 100000 /* an update takes under 2 ms: far more port reads than that */
#define SECONDS_PER_DAY 86400ULL

/* What GetTime gives back besides the date: the time zone and daylight SetTime was given. */
static INT16 time_zone = EFI_UNSPECIFIED_TIMEZONE;
static UINT8 daylight;
static struct runtime_clock clock;

static UINT8 cmos_read(UINT8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_write(UINT8 reg, UINT8 v)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, v);
}

bool rtc_present(void)
{
	UINT8 b = cmos_read(RTC_B);

	return (cmos_read(RTC_D) & ~0x7f) == D_VALID && b != 0xff && cmos_read(RTC_A) != 0xff;
}

static UINT8 from_bcd(UINT8 v, bool binary)
{
	return binary ? v : (UINT8)((v >> 4) * 10 + (v & 0xf));
}

static UINT8 to_bcd(UINT8 v, bool binary)
{
	return binary ? v : (UINT8)((v / 10) << 4 | v % 10);
}

static bool leap(UINT32 year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static UINT8 days_in_month(UINT32 year, UINT8 month)
{
	static const UINT8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return month == 2 && leap(year) ? 29 : days[month - 1];
}

bool time_valid(const EFI_TIME *t)
{
	return t->Year >= 1900 && t->Year <= 9999 && t->Month >= 1 && t->Month <= 12 && t->Day >= 1 &&
	       t->Day <= days_in_month(t->Year, t->Month) && t->Hour <= 23 && t->Minute <= 59 &&
	       t->Second <= 59 && t->Nanosecond <= 999999999 &&
	       (t->TimeZone == EFI_UNSPECIFIED_TIMEZONE || (t->TimeZone >= -1440 && t->TimeZone <= 1440)) &&
	       !(t->Daylight & ~(EFI_TIME_ADJUST_DAYLIGHT | EFI_TIME_IN_DAYLIGHT));
}

/* The RTC's registers when no update is under way, read until two readings agree. */
static bool cmos_snapshot(UINT8 regs[6], UINT8 *century)
{
	static const UINT8 which[6] = { RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_DAY, RTC_MONTH, RTC_YEAR };
	UINT8 again[6];

	for (int tries = 0; tries < 4; tries++) {
		for (int i = 0; i < SETTLE_READS && (cmos_read(RTC_A) & A_UPDATING); i++)
			;
		for (int i = 0; i < 6; i++)
			regs[i] = cmos_read(which[i]);
		*century = cmos_read(RTC_CENTURY);
		for (int i = 0; i < 6; i++)
			again[i] = cmos_read(which[i]);
		if (!memcmp(regs, again, 6))
			return true;
	}
	return false;
}

static EFI_STATUS cmos_get(EFI_TIME *t)
{
	UINT8 r[6], century, b = cmos_read(RTC_B);
	bool binary = b & B_BINARY;
	UINT8 hour;

	if (!cmos_snapshot(r, &century))
		return EFI_DEVICE_ERROR;
	hour = from_bcd(r[2] & ~HOUR_PM, binary);
	if (!(b & B_24H)) /* 12-hour mode: 12 AM is 0, 12 PM is 12 */
		hour = (UINT8)(hour % 12 + (r[2] & HOUR_PM ? 12 : 0));
	century = from_bcd(century, binary);
	*t = (EFI_TIME){
		.Year = (UINT16)((century >= 19 && century <= 99 ? century : 20) * 100 + from_bcd(r[5], binary)),
		.Month = from_bcd(r[4], binary),
		.Day = from_bcd(r[3], binary),
		.Hour = hour,
		.Minute = from_bcd(r[1], binary),
		.Second = from_bcd(r[0], binary),
		.TimeZone = time_zone,
		.Daylight = daylight,
	};
	return time_valid(t) ? EFI_SUCCESS : EFI_DEVICE_ERROR;
}

static void cmos_set(const EFI_TIME *t)
{
	UINT8 b = cmos_read(RTC_B);
	bool binary = b & B_BINARY;
	UINT8 hour = to_bcd(b & B_24H ? t->Hour : (UINT8)(t->Hour % 12 ? t->Hour % 12 : 12), binary);

	if (!(b & B_24H) && t->Hour >= 12)
		hour |= HOUR_PM;
	cmos_write(RTC_B, b | B_SET); /* the clock holds still while it is written */
	cmos_write(RTC_SECONDS, to_bcd(t->Second, binary));
	cmos_write(RTC_MINUTES, to_bcd(t->Minute, binary));
	cmos_write(RTC_HOURS, hour);
	cmos_write(RTC_DAY, to_bcd(t->Day, binary));
	cmos_write(RTC_MONTH, to_bcd(t->Month, binary));
	cmos_write(RTC_YEAR, to_bcd((UINT8)(t->Year % 100), binary));
	cmos_write(RTC_CENTURY, to_bcd((UINT8)(t->Year / 100), binary));
	cmos_write(RTC_B, b & ~B_SET);
}

/* The civil date of a count of days since 1970-01-01 (proleptic Gregorian calendar). */
void time_from_epoch(UINT64 seconds, EFI_TIME *t)
{
	UINT64 days = seconds / SECONDS_PER_DAY, rest = seconds % SECONDS_PER_DAY;
	UINT32 year = 1970;
	UINT8 month = 1;

	for (UINT32 n; days >= (n = leap(year) ? 366 : 365); year++)
		days -= n;
	for (UINT8 n; days >= (n = days_in_month(year, month)); month++)
		days -= n;
	*t = (EFI_TIME){ .Year = (UINT16)year, .Month = month, .Day = (UINT8)(days + 1),
			 .Hour = (UINT8)(rest / 3600), .Minute = (UINT8)(rest / 60 % 60),
			 .Second = (UINT8)(rest % 60), .TimeZone = EFI_UNSPECIFIED_TIMEZONE };
}

static EFI_STATUS tsc_get(EFI_TIME *t)
{
	UINT64 elapsed = (rdtsc() - clock.tsc) / clock.tsc_hz;

	time_from_epoch(clock.epoch_seconds + elapsed, t);
	return EFI_SUCCESS;
}

void time_set_clock(const struct runtime_clock *c)
{
	clock = *c;
}

bool time_claims(UINT32 service)
{
	if (service == EFI_RT_SUPPORTED_GET_TIME)
		return clock.kind != CLOCK_NONE;
	return service == EFI_RT_SUPPORTED_SET_TIME && clock.kind == CLOCK_CMOS;
}

static EFI_STATUS get_time(EFI_TIME *t, EFI_TIME_CAPABILITIES *caps)
{
	if (!t)
		return EFI_INVALID_PARAMETER;
	if (caps)
		*caps = (EFI_TIME_CAPABILITIES){ .Resolution = 1, .Accuracy = 50000000, .SetsToZero = FALSE };
	switch (clock.kind) {
	case CLOCK_CMOS:
		return cmos_get(t);
	case CLOCK_TSC:
		return tsc_get(t);
	default:
		return EFI_UNSUPPORTED;
	}
}

static EFI_STATUS set_time(const EFI_TIME *t)
{
	if (clock.kind != CLOCK_CMOS)
		return EFI_UNSUPPORTED;
	if (!t || !time_valid(t))
		return EFI_INVALID_PARAMETER;
	cmos_set(t);
	time_zone = t->TimeZone;
	daylight = t->Daylight;
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI rt_get_time(EFI_TIME *t, EFI_TIME_CAPABILITIES *caps)
{
	EFI_STATUS st = get_time(t, caps);

	trace_rt("pvhefi: trace: runtime GetTime = %s\n", status_name(st));
	return st;
}

EFI_STATUS EFIAPI rt_set_time(EFI_TIME *t)
{
	EFI_STATUS st = set_time(t);

	trace_rt("pvhefi: trace: runtime SetTime = %s\n", status_name(st));
	return st;
}
