/*
 * systemd's boot loader interface (systemd.io/BOOT_LOADER_INTERFACE): variables a loader sets
 * for the OS, from which systemd-analyze tells firmware time and loader time apart. pvhefi is
 * the loader here: what ran before its first instruction (the VMM's BIOS, if any) is the
 * firmware's time, its own until the payload's entry is the loader's; both count from the
 * TSC's start, as systemd-boot's do.
 */
#include "lib/lib.h"
#include "lib/timeline.h"
#include "lib/timer.h"
#include "runtime/runtime.h"
#include "services/loader.h"
#include "services/systab.h"

#define LOADER_GUID { 0x4a67b082, 0x0a4c, 0x41cf, { 0xb6, 0xc7, 0x44, 0x0b, 0x29, 0xbb, 0x8c, 0x4f } }

/* A string variable as systemd writes them: UTF-16 with its NUL, boot and runtime access. */
static void set_string(const CHAR16 *name, const char *value)
{
	static const EFI_GUID loader = LOADER_GUID;
	CHAR16 wide[64];
	size_t n = 0;

	for (; value[n] && n + 1 < ARRAY_SIZE(wide); n++)
		wide[n] = (CHAR16)value[n];
	wide[n++] = 0;
	variable_set_firmware(name, &loader, EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS,
			      n * sizeof(CHAR16), wide, false);
}

void loader_set_variables(void)
{
	uint64_t init = timer_boot_us(), exec = init + timeline_us(MILESTONE_PAYLOAD_ENTRY);
	char text[32];

	snprintf(text, sizeof(text), "pvhefi %u.%02u", gST->FirmwareRevision >> 16,
		 gST->FirmwareRevision & 0xffff);
	set_string(u"LoaderFirmwareInfo", text);
	snprintf(text, sizeof(text), "UEFI %u.%02u", gST->Hdr.Revision >> 16, gST->Hdr.Revision & 0xffff);
	set_string(u"LoaderFirmwareType", text);
	snprintf(text, sizeof(text), "%lu", (unsigned long)init);
	set_string(u"LoaderTimeInitUSec", text);
	snprintf(text, sizeof(text), "%lu", (unsigned long)exec);
	set_string(u"LoaderTimeExecUSec", text);
}
