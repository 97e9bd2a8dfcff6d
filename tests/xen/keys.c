/*
 * ConIn on the Xen PV console: dom0 types a line into this guest's console once it reads
 * "waiting for keys" (tests/xen/dom0-init.sh); we echo what arrived, scan codes as {n}.
 * Returns EFI_TIMEOUT when nothing completes the line within 30 s.
 */
#include <efi.h>
#include <efilib.h>

#define WAIT_100NS (30 * 10000000ULL)
#define MAX_KEYS 32

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	CHAR16 line[MAX_KEYS * 4 + 1];
	UINTN len = 0, index;
	EFI_EVENT events[2];
	EFI_INPUT_KEY key;

	InitializeLib(image, systab);
	events[0] = ST->ConIn->WaitForKey;
	if (uefi_call_wrapper(BS->CreateEvent, 5, EVT_TIMER, 0, NULL, NULL, &events[1]) != EFI_SUCCESS ||
	    uefi_call_wrapper(BS->SetTimer, 3, events[1], TimerRelative, WAIT_100NS) != EFI_SUCCESS)
		return EFI_DEVICE_ERROR;
	line[0] = 0;
	Print(L"keys: waiting for keys\n");
	for (;;) {
		if (uefi_call_wrapper(BS->WaitForEvent, 3, 2, events, &index) != EFI_SUCCESS || index == 1) {
			Print(L"keys: timed out after \"%s\"\n", line);
			return EFI_TIMEOUT;
		}
		if (uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &key) != EFI_SUCCESS)
			continue;
		if (key.UnicodeChar == L'\r')
			break;
		if (len >= MAX_KEYS * 4 - 4)
			continue;
		if (key.UnicodeChar) {
			line[len++] = key.UnicodeChar;
			line[len] = 0;
		} else {
			SPrint(line + len, 5 * sizeof(CHAR16), L"{%d}", key.ScanCode);
			len += StrLen(line + len);
		}
	}
	Print(L"keys: read \"%s\"\n", line);
	return EFI_SUCCESS;
}
