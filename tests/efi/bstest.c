/*
 * bstest: the system table and its headers, configuration tables, the text console, and the
 * small services (monotonic count, CRC32, CopyMem/SetMem, watchdog). Events, timers and Stall
 * are eventtest's.
 */
#include "lib/lib.h"
#include "lib/uefi.h"
#include "check.h"
#include "machine.h"
#include "tables.h"

/* ---- system table --------------------------------------------------------------------- */

static void test_headers(void)
{
	CHECK_EQ(ST->Hdr.Signature, EFI_SYSTEM_TABLE_SIGNATURE, "systab: signature IBI SYST");
	CHECKF(ST->Hdr.Revision >= (2 << 16), "systab: revision >= 2.0", L"0x%x", ST->Hdr.Revision);
	CHECK_EQ(ST->Hdr.HeaderSize, sizeof(EFI_SYSTEM_TABLE), "systab: HeaderSize is the table's");
	CHECK_EQ(table_crc(&ST->Hdr), ST->Hdr.CRC32, "systab: CRC32 matches the table");
	CHECK_EQ(BS->Hdr.Signature, EFI_BOOT_SERVICES_SIGNATURE, "bs: signature BOOTSERV");
	CHECKF(BS->Hdr.Revision >= (2 << 16), "bs: revision >= 2.0", L"0x%x", BS->Hdr.Revision);
	CHECK_EQ(BS->Hdr.HeaderSize, sizeof(EFI_BOOT_SERVICES), "bs: HeaderSize is the table's");
	CHECK_EQ(table_crc(&BS->Hdr), BS->Hdr.CRC32, "bs: CRC32 matches the table");
	CHECK_EQ(RT->Hdr.Signature, EFI_RUNTIME_SERVICES_SIGNATURE, "rt: signature RUNTSERV");
	CHECKF(RT->Hdr.Revision >= (2 << 16), "rt: revision >= 2.0", L"0x%x", RT->Hdr.Revision);
	CHECK_EQ(RT->Hdr.HeaderSize, sizeof(EFI_RUNTIME_SERVICES), "rt: HeaderSize is the table's");
	CHECK_EQ(table_crc(&RT->Hdr), RT->Hdr.CRC32, "rt: CRC32 matches the table");
	CHECK(ST->BootServices == BS && ST->RuntimeServices == RT,
	      "systab: points at the BS and RT tables");
	CHECK(ST->FirmwareVendor && ST->FirmwareVendor[0], "systab: FirmwareVendor non-empty");
	if (ST->FirmwareVendor)
		Print(L"  firmware: %s rev 0x%x, UEFI 0x%x\n", ST->FirmwareVendor,
		      ST->FirmwareRevision, ST->Hdr.Revision);
}

/* Every service is callable: no NULL entry (but BS's one Reserved slot). */
static void test_entries(void)
{
	void **p = (void **)((UINT8 *)BS + sizeof(EFI_TABLE_HEADER));
	void **end = (void **)((UINT8 *)BS + sizeof(EFI_BOOT_SERVICES));
	UINTN null = 0, first = 0;

	for (; p < end; p++)
		if (!*p && p != (void **)&BS->PCHandleProtocol && !null++)
			first = (UINT8 *)p - (UINT8 *)BS;
	CHECKF(null == 0, "bs: every entry but Reserved is non-NULL", L"%ld NULL, first at 0x%lx",
	       (INT64)null, (UINT64)first);
	p = (void **)((UINT8 *)RT + sizeof(EFI_TABLE_HEADER));
	end = (void **)((UINT8 *)RT + sizeof(EFI_RUNTIME_SERVICES));
	for (null = 0; p < end; p++)
		if (!*p && !null++)
			first = (UINT8 *)p - (UINT8 *)RT;
	CHECKF(null == 0, "rt: every entry is non-NULL", L"%ld NULL, first at 0x%lx",
	       (INT64)null, (UINT64)first);
}

/* Signature and checksums: the first 20 bytes, and the whole of a revision 2 RSDP. */
static BOOLEAN rsdp_valid(const UINT8 *r)
{
	if (CompareMem((void *)r, "RSD PTR ", 8) || sum8(r, 20))
		return FALSE;
	return r[15] < 2 || (read32(r + 20) >= 36 && !sum8(r, read32(r + 20)));
}

static void test_config_tables(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	EFI_GUID mine = { 0x5e1f7a3c, 0x2b4d, 0x4e6f, { 0x90, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70 } };
	static UINT64 payload = 0x1234;
	const UINT8 *rsdp = config_table(&acpi20), *rsdp1 = config_table(&acpi10);
	BOOLEAN nonnull = TRUE;
	UINTN n = ST->NumberOfTableEntries;

	for (UINTN i = 0; i < n; i++)
		if (!ST->ConfigurationTable[i].VendorTable)
			nonnull = FALSE;
	CHECK(nonnull, "config: every VendorTable is non-NULL");
	/* QEMU's pc and q35 RSDP is revision 0: it belongs under the ACPI 1.0 GUID, and both
	 * firmwares add a revision 2 one under the 2.0 GUID (OVMF builds its own tables, pvhefi a
	 * copy). microvm's RSDP is revision 2 and leads to an XSDT only: pvhefi lists it as 2.0
	 * alone (OVMF does not run on microvm). */
	CHECK(rsdp && rsdp_valid(rsdp) && rsdp[15] >= 2,
	      "config: the ACPI 2.0 table is a valid RSDP of revision >= 2");
	if (machine_has("rsdp-rev0"))
		CHECK(rsdp1 && rsdp_valid(rsdp1), "config: the ACPI 1.0 table is a valid RSDP");
	else
		CHECK(!rsdp1, "config: no ACPI 1.0 table beside a revision 2 RSDP");

	CHECK_ST(BS->InstallConfigurationTable(&mine, &payload), EFI_SUCCESS,
		 "config: InstallConfigurationTable of a new GUID");
	CHECK(ST->NumberOfTableEntries == n + 1 && config_table(&mine) == &payload,
	      "config: the new entry is in the system table");
	CHECK_EQ(table_crc(&ST->Hdr), ST->Hdr.CRC32, "config: system table CRC32 updated");
	CHECK_ST(BS->InstallConfigurationTable(&mine, NULL), EFI_SUCCESS,
		 "config: InstallConfigurationTable(NULL) removes it");
	CHECK(ST->NumberOfTableEntries == n && !config_table(&mine), "config: the entry is gone");
	CHECK_EQ(table_crc(&ST->Hdr), ST->Hdr.CRC32, "config: CRC32 updated after removal");
	CHECK_ST(BS->InstallConfigurationTable(&mine, NULL), EFI_NOT_FOUND,
		 "config: removing an absent GUID gives EFI_NOT_FOUND");
	CHECK_ST(BS->InstallConfigurationTable(NULL, &payload), EFI_INVALID_PARAMETER,
		 "config: NULL GUID gives EFI_INVALID_PARAMETER");
}

/* ---- text console --------------------------------------------------------------------- */

static void test_conout(void)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = ST->ConOut;
	static CHAR16 intl[] = { L'b', L's', L't', L'e', L's', L't', L':', L' ', 0x00e9, L' ',
				 0x20ac, L' ', 0xd83d, 0xde00, L'\r', L'\n', 0 };
	static CHAR16 unpaired[] = { L'[', 0xdc00, L']', L'\r', L'\n', 0 };
	UINTN cols = 0, rows = 0;
	EFI_STATUS st, st2, st3;
	INT32 max, col, row, col2, row2;
	void *iface;

	CHECK(out && ST->ConIn && ST->StdErr, "con: ConOut, ConIn and StdErr are set");
	CHECK(ST->ConsoleOutHandle && ST->ConsoleInHandle && ST->StandardErrorHandle,
	      "con: console handles are set");
	if (!out)
		return;
	st = BS->HandleProtocol(ST->ConsoleOutHandle, &TextOutProtocol, &iface);
	CHECK(st == EFI_SUCCESS && iface == out, "con: ConsoleOutHandle carries ConOut");
	st = BS->HandleProtocol(ST->ConsoleInHandle, &TextInProtocol, &iface);
	CHECK(st == EFI_SUCCESS && iface == ST->ConIn, "con: ConsoleInHandle carries ConIn");

	CHECK_ST(out->OutputString(out, L"bstest: plain ASCII line\r\n"), EFI_SUCCESS,
		 "conout: OutputString ASCII");
	/* pvhefi's serial console speaks UTF-8 and shows every character; OVMF's terminal
	 * (PC-ANSI) prints '?' for what it cannot show, and its ConSplitter hands on errors only,
	 * never the terminal's EFI_WARN_UNKNOWN_GLYPH. */
	CHECK_ST(out->OutputString(out, intl), EFI_SUCCESS,
		 "conout: OutputString with e-acute, euro, a surrogate pair");
	CHECK_ST(out->OutputString(out, unpaired), BY_FIRMWARE(EFI_WARN_UNKNOWN_GLYPH, EFI_SUCCESS),
		 "conout: OutputString of an unpaired surrogate: EFI_WARN_UNKNOWN_GLYPH on pvhefi, "
		 "EFI_SUCCESS on OVMF");
	CHECK_ST(out->TestString(out, L"ASCII only"), EFI_SUCCESS, "conout: TestString ASCII");
	CHECK_ST(out->TestString(out, intl), BY_FIRMWARE(EFI_SUCCESS, EFI_UNSUPPORTED),
		 "conout: TestString non-ASCII: EFI_SUCCESS on pvhefi, EFI_UNSUPPORTED on OVMF");
	CHECK_ST(out->TestString(out, unpaired), EFI_UNSUPPORTED,
		 "conout: TestString of an unpaired surrogate gives EFI_UNSUPPORTED");

	max = out->Mode->MaxMode;
	CHECKF(max >= 1, "conout: MaxMode >= 1", L"%d", max);
	CHECKF(out->Mode->Mode >= 0 && out->Mode->Mode < max, "conout: 0 <= Mode < MaxMode",
	       L"Mode %d", out->Mode->Mode);
	st = out->QueryMode(out, 0, &cols, &rows);
	CHECKF(st == EFI_SUCCESS && cols == 80 && rows == 25, "conout: QueryMode(0) is 80x25",
	       L"%r %ldx%ld", st, (INT64)cols, (INT64)rows);
	/* Mode 1 is 80x50 where the device has it: OVMF's terminal does, pvhefi has mode 0 only. */
	cols = rows = 0;
	st = out->QueryMode(out, 1, &cols, &rows);
	if (check_option(L"pvhefi"))
		CHECK_ST(st, EFI_UNSUPPORTED, "conout: QueryMode(1) gives EFI_UNSUPPORTED (pvhefi)");
	else
		CHECKF(st == EFI_SUCCESS && cols == 80 && rows == 50,
		       "conout: QueryMode(1) is 80x50 (OVMF)", L"%r %ldx%ld", st, (INT64)cols,
		       (INT64)rows);
	CHECK_ST(out->QueryMode(out, max, &cols, &rows), EFI_UNSUPPORTED,
		 "conout: QueryMode(MaxMode) gives EFI_UNSUPPORTED");
	CHECK_ST(out->SetMode(out, max), EFI_UNSUPPORTED,
		 "conout: SetMode(MaxMode) gives EFI_UNSUPPORTED");
	/* Each PASS line moves the cursor: read the Mode right after each call. */
	st = out->SetMode(out, 0);
	col = out->Mode->CursorColumn, row = out->Mode->CursorRow;
	CHECK_ST(st, EFI_SUCCESS, "conout: SetMode(0)");
	CHECK(out->Mode->Mode == 0, "conout: Mode is 0 after SetMode(0)");
	CHECKF(col == 0 && row == 0, "conout: SetMode puts the cursor at 0,0", L"%d,%d", col, row);

	CHECK_ST(out->SetAttribute(out, EFI_TEXT_ATTR(EFI_YELLOW, EFI_BLUE)), EFI_SUCCESS,
		 "conout: SetAttribute yellow on blue");
	CHECK_EQ(out->Mode->Attribute, EFI_TEXT_ATTR(EFI_YELLOW, EFI_BLUE),
		 "conout: Mode->Attribute follows");
	CHECK_ST(out->SetAttribute(out, EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK)), EFI_SUCCESS,
		 "conout: SetAttribute back to light gray");
	st = out->ClearScreen(out);
	col = out->Mode->CursorColumn, row = out->Mode->CursorRow;
	CHECK_ST(st, EFI_SUCCESS, "conout: ClearScreen");
	CHECKF(col == 0 && row == 0, "conout: ClearScreen puts the cursor at 0,0", L"%d,%d", col,
	       row);
	st = out->SetCursorPosition(out, 5, 3);
	col = out->Mode->CursorColumn, row = out->Mode->CursorRow;
	st2 = out->SetCursorPosition(out, 80, 0);
	st3 = out->SetCursorPosition(out, 0, 25);
	col2 = out->Mode->CursorColumn, row2 = out->Mode->CursorRow;
	CHECK_ST(st, EFI_SUCCESS, "conout: SetCursorPosition 5,3");
	CHECKF(col == 5 && row == 3, "conout: Mode follows the cursor", L"%d,%d", col, row);
	CHECK_ST(st2, EFI_UNSUPPORTED, "conout: column 80 gives EFI_UNSUPPORTED");
	CHECK_ST(st3, EFI_UNSUPPORTED, "conout: row 25 gives EFI_UNSUPPORTED");
	CHECKF(col2 == 5 && row2 == 3, "conout: a refused position leaves the cursor", L"%d,%d",
	       col2, row2);
	out->OutputString(out, L"\r\n");
	/* pvhefi hides the cursor with an escape sequence; OVMF's terminal only ever shows it
	 * (EFI_UNSUPPORTED; its ConSplitter still sets CursorVisible, so that is not judged). */
	CHECK_ST(out->EnableCursor(out, FALSE), BY_FIRMWARE(EFI_SUCCESS, EFI_UNSUPPORTED),
		 "conout: EnableCursor(FALSE): EFI_SUCCESS on pvhefi, EFI_UNSUPPORTED on OVMF");
	if (check_option(L"pvhefi"))
		CHECK(!out->Mode->CursorVisible, "conout: CursorVisible follows (pvhefi)");
	CHECK_ST(out->EnableCursor(out, TRUE), EFI_SUCCESS, "conout: EnableCursor(TRUE)");
	CHECK(out->Mode->CursorVisible, "conout: CursorVisible follows");
	CHECK_ST(out->Reset(out, FALSE), EFI_SUCCESS, "conout: Reset");
	CHECK_ST(ST->StdErr->OutputString(ST->StdErr, L"bstest: on StdErr\r\n"), EFI_SUCCESS,
		 "stderr: OutputString");
}

static void test_conin(void)
{
	SIMPLE_INPUT_INTERFACE *in = ST->ConIn;
	EFI_INPUT_KEY key;

	if (!in)
		return;
	CHECK_ST(in->Reset(in, FALSE), EFI_SUCCESS, "conin: Reset");
	CHECK_ST(in->ReadKeyStroke(in, &key), EFI_NOT_READY,
		 "conin: ReadKeyStroke with no input gives EFI_NOT_READY");
	CHECK(in->WaitForKey != NULL, "conin: WaitForKey is an event");
	CHECK_ST(BS->CheckEvent(in->WaitForKey), EFI_NOT_READY,
		 "conin: CheckEvent(WaitForKey) with no input gives EFI_NOT_READY");
}

/* ---- small services --------------------------------------------------------------------- */

static void test_misc(void)
{
	UINT8 buf[64], want[64];
	UINT64 c1 = 0, c2 = 0;
	UINT32 crc = 0;
	BOOLEAN ok;

	CHECK_ST(BS->GetNextMonotonicCount(&c1), EFI_SUCCESS, "misc: GetNextMonotonicCount");
	BS->GetNextMonotonicCount(&c2);
	CHECKF(c2 > c1, "misc: the monotonic count increases", L"0x%lx then 0x%lx", c1, c2);
	CHECK_ST(BS->GetNextMonotonicCount(NULL), EFI_INVALID_PARAMETER,
		 "misc: GetNextMonotonicCount(NULL) gives EFI_INVALID_PARAMETER");

	CHECK_ST(BS->CalculateCrc32("123456789", 9, &crc), EFI_SUCCESS, "crc: CalculateCrc32");
	CHECK_EQ(crc, 0xcbf43926, "crc: of \"123456789\" is 0xCBF43926");
	BS->CalculateCrc32(ST, sizeof(*ST), &crc);
	CHECK_EQ(crc, crc32(ST, sizeof(*ST)), "crc: of the system table as computed here");
	CHECK_ST(BS->CalculateCrc32(NULL, 9, &crc), EFI_INVALID_PARAMETER,
		 "crc: NULL Data gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->CalculateCrc32("1", 0, &crc), EFI_INVALID_PARAMETER,
		 "crc: DataSize 0 gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->CalculateCrc32("1", 1, NULL), EFI_INVALID_PARAMETER,
		 "crc: NULL Crc32 gives EFI_INVALID_PARAMETER");

	for (int i = 0; i < 64; i++)
		buf[i] = want[i] = (UINT8)i;
	BS->CopyMem(buf + 8, buf, 40); /* destination above the source */
	for (int i = 0; i < 40; i++)
		want[8 + i] = (UINT8)i;
	CHECK(!CompareMem(buf, want, 64), "mem: CopyMem with overlap, upwards");
	for (int i = 0; i < 64; i++)
		buf[i] = want[i] = (UINT8)i;
	BS->CopyMem(buf, buf + 8, 40);
	for (int i = 0; i < 40; i++)
		want[i] = (UINT8)(i + 8);
	CHECK(!CompareMem(buf, want, 64), "mem: CopyMem with overlap, downwards");
	BS->CopyMem(buf, buf + 1, 0);
	CHECK(!CompareMem(buf, want, 64), "mem: CopyMem of 0 bytes changes nothing");
	BS->SetMem(buf + 3, 17, 0xab);
	ok = TRUE;
	for (int i = 0; i < 64; i++)
		if (buf[i] != (i >= 3 && i < 20 ? 0xab : want[i]))
			ok = FALSE;
	CHECK(ok, "mem: SetMem sets exactly the bytes asked");

	CHECK_ST(BS->SetWatchdogTimer(0, 0, 0, NULL), EFI_SUCCESS, "misc: SetWatchdogTimer(0) disables it");
}

/* No driver binds to an application's image handle; no driver manages it either. */
static void test_driver_model(EFI_HANDLE image)
{
	CHECK_ST(BS->ConnectController(image, NULL, NULL, FALSE), EFI_NOT_FOUND,
		 "misc: ConnectController with no driver for it gives EFI_NOT_FOUND");
	CHECK_ST(BS->ConnectController(NULL, NULL, NULL, FALSE), EFI_INVALID_PARAMETER,
		 "misc: ConnectController(NULL) gives EFI_INVALID_PARAMETER");
	CHECK_ST(BS->DisconnectController(image, NULL, NULL), EFI_SUCCESS,
		 "misc: DisconnectController with no driver managing it gives EFI_SUCCESS");
	CHECK_ST(BS->DisconnectController(NULL, NULL, NULL), EFI_INVALID_PARAMETER,
		 "misc: DisconnectController(NULL) gives EFI_INVALID_PARAMETER");
}

/*
 * Both firmwares read the CMOS clock where the machine has one (tests/efi/lib/machine.h: "rtc");
 * without one GetTime answers EFI_UNSUPPORTED, which UEFI 2.10 allows for a platform that says
 * so in an EFI_RT_PROPERTIES_TABLE. That table is optional: OVMF (edk2 2022.11) has none,
 * pvhefi's must claim GetTime exactly when GetTime works. rttest checks the time services.
 */
static void test_get_time(void)
{
	EFI_GUID props_guid = EFI_RT_PROPERTIES_TABLE_GUID;
	const UINT8 *props = config_table(&props_guid);
	EFI_TIME tm;
	EFI_STATUS st = RT->GetTime(&tm, NULL);

	if (machine_has("rtc"))
		CHECK_ST(st, EFI_SUCCESS, "rt: GetTime works where the machine has a CMOS RTC");
	else
		CHECK_ST(st, EFI_UNSUPPORTED, "rt: GetTime gives EFI_UNSUPPORTED without an RTC");
	if (st == EFI_SUCCESS)
		CHECKF(tm.Year >= 2000 && tm.Month >= 1 && tm.Month <= 12 && tm.Day >= 1 &&
			       tm.Day <= 31 && tm.Hour < 24 && tm.Minute < 60 && tm.Second < 60,
		       "rt: GetTime gives a valid date", L"%d-%d-%d %d:%d:%d", tm.Year, tm.Month,
		       tm.Day, tm.Hour, tm.Minute, tm.Second);
	CHECK(!props == !check_option(L"pvhefi"),
	      "rt: an EFI_RT_PROPERTIES_TABLE on pvhefi, none on OVMF");
	if (props)
		CHECKF(!(read32(props + 4) & EFI_RT_SUPPORTED_GET_TIME) == (st != EFI_SUCCESS),
		       "rt: EFI_RT_PROPERTIES_TABLE claims GetTime exactly when it works",
		       L"supported 0x%x", read32(props + 4));
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	check_init(image, systab, "bstest");
	test_headers();
	test_entries();
	test_config_tables();
	test_conout();
	test_conin();
	test_misc();
	test_driver_model(image);
	test_get_time();
	return check_finish();
}
