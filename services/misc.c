/* Small boot services: Stall, the watchdog, the monotonic count, CRC32, CopyMem and SetMem. */
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/timer.h"
#include "services/events.h"
#include "services/misc.h"
#include "runtime/runtime.h"
#include "services/efi.h"

#define STALL_SLICE_US 1000 /* how often a long Stall lets timers fire */
#define TICKS_PER_S 10000000ULL /* SetTimer counts 100 ns */

static EFI_EVENT watchdog;

static EFI_STATUS EFIAPI bs_stall(UINTN us)
{
	uint64_t now = timer_us();
	/* +1: timer_us() truncates, so now may be nearly 1 us old. */
	uint64_t end = us < UINT64_MAX - now - 1 ? now + us + 1 : UINT64_MAX;

	for (; now < end; now = timer_us()) {
		timer_stall_us(MIN(end - now, STALL_SLICE_US));
		events_poll();
	}
	return EFI_SUCCESS;
}

static VOID EFIAPI watchdog_expired(EFI_EVENT ev, VOID *ctx)
{
	log_printf("pvhefi: watchdog expired\n");
	efi_exit(RESET_REBOOT);
}

/*
 * A timer event: it can only expire while the firmware polls, i.e. during a boot service,
 * and nothing polls after ExitBootServices, which disables it as UEFI requires. Nothing arms
 * it by default: the 5-minute rule is for boot managers. Codes below 0x10000 are the
 * firmware's, but are accepted: GRUB disables the watchdog with code 0.
 */
static EFI_STATUS EFIAPI bs_set_watchdog_timer(UINTN timeout, UINT64 code, UINTN data_size,
						CHAR16 *data)
{
	UINT64 ticks = timeout > UINT64_MAX / TICKS_PER_S ? UINT64_MAX : timeout * TICKS_PER_S;

	if (!watchdog) {
		if (!timeout)
			return EFI_SUCCESS;
		if (event_create(EVT_TIMER | EVT_NOTIFY_SIGNAL, TPL_NOTIFY, watchdog_expired, NULL,
				 &watchdog) != EFI_SUCCESS)
			return EFI_DEVICE_ERROR;
	}
	return event_set_timer(watchdog, timeout ? TimerRelative : TimerCancel, ticks);
}

/* The runtime keeps the count: its GetNextHighMonotonicCount moves the high half. */
static EFI_STATUS EFIAPI bs_get_next_monotonic_count(UINT64 *count)
{
	if (!count)
		return EFI_INVALID_PARAMETER;
	*count = monotonic_next();
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bs_calculate_crc32(VOID *data, UINTN size, UINT32 *crc)
{
	if (!data || !size || !crc)
		return EFI_INVALID_PARAMETER;
	*crc = crc32(data, size);
	return EFI_SUCCESS;
}

static VOID EFIAPI bs_copy_mem(VOID *dst, VOID *src, UINTN len)
{
	memmove(dst, src, len); /* UEFI allows overlap */
}

static VOID EFIAPI bs_set_mem(VOID *buf, UINTN size, UINT8 value)
{
	memset(buf, value, size);
}

void misc_install(EFI_BOOT_SERVICES *bs)
{
	bs->Stall = bs_stall;
	bs->SetWatchdogTimer = bs_set_watchdog_timer;
	bs->GetNextMonotonicCount = bs_get_next_monotonic_count;
	bs->CalculateCrc32 = bs_calculate_crc32;
	bs->CopyMem = bs_copy_mem;
	bs->SetMem = bs_set_mem;
}
