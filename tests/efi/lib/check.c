/* PASS/FAIL lines, counters and the summary line of the EFI test programs. */
#include "lib/io.h"
#include "check.h"

#define COM1 0x3f8

static const char *program_name = "?";
static UINTN passed, failed;
static CHAR16 options[256];
static UINTN options_len;
static BOOLEAN exited; /* boot services are gone: report on COM1 */
static EFI_RUNTIME_SERVICES *runtime;

void check_init(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const char *program)
{
	EFI_LOADED_IMAGE *li;

	InitializeLib(image, st);
	program_name = program;
	runtime = st->RuntimeServices;
	if (BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li) == EFI_SUCCESS &&
	    li->LoadOptions) {
		options_len = li->LoadOptionsSize / sizeof(CHAR16);
		if (options_len > sizeof(options) / sizeof(options[0]))
			options_len = sizeof(options) / sizeof(options[0]);
		CopyMem(options, li->LoadOptions, options_len * sizeof(CHAR16));
	}
	Print(L"%a: starting\n", program);
}

/* ---- COM1, for after ExitBootServices ---------------------------------------------------- */

static void serial_char(char c)
{
	for (UINTN spins = 0; !(inb(COM1 + 5) & 0x20) && spins < 100000; spins++)
		;
	outb(COM1, (UINT8)c);
}

/* A formatted line (UnicodeVSPrint needs no boot service), narrowed to ASCII, \n as \r\n. */
static void serial_vprint(const CHAR16 *fmt, va_list ap)
{
	static CHAR16 buf[512];

	UnicodeVSPrint(buf, sizeof(buf), fmt, ap);
	for (CHAR16 *p = buf; *p; p++) {
		if (*p == L'\n')
			serial_char('\r');
		serial_char(*p < 0x80 ? (char)*p : '?');
	}
}

void check_exit_boot_services(void)
{
	exited = TRUE;
}

void check_print(const CHAR16 *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (exited)
		serial_vprint(fmt, ap);
	else
		VPrint(fmt, ap);
	va_end(ap);
}

/* ---- checks ------------------------------------------------------------------------------ */

BOOLEAN check_report(BOOLEAN ok, const char *name, const CHAR16 *details, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		check_print(L"PASS %a\n", name);
		return TRUE;
	}
	failed++;
	check_print(L"FAIL %a (", name);
	va_start(ap, details);
	if (exited)
		serial_vprint(details, ap);
	else
		VPrint(details, ap);
	va_end(ap);
	check_print(L")\n");
	return FALSE;
}

/* Whole-word search: the options are space-separated words. */
BOOLEAN check_option(const CHAR16 *word)
{
	const CHAR16 *opt = options, *end = options + options_len;
	UINTN n = StrLen(word);

	for (; opt + n <= end; opt++) {
		if ((opt == options || opt[-1] == L' ') && CompareMem(opt, word, n * 2) == 0 &&
		    (opt + n == end || opt[n] == L' ' || opt[n] == 0))
			return TRUE;
	}
	return FALSE;
}

UINTN check_failures(void)
{
	return failed;
}

UINTN check_passes(void)
{
	return passed;
}

EFI_STATUS check_finish(void)
{
	check_print(L"PVHEFI-TEST %a: %ld passed, %ld failed\n", program_name, (INT64)passed,
		    (INT64)failed);
	/* pvhefi may answer EFI_UNSUPPORTED: then returning ends the VM. */
	runtime->ResetSystem(EfiResetShutdown, failed ? EFI_ABORTED : EFI_SUCCESS, 0, NULL);
	return failed ? EFI_ABORTED : EFI_SUCCESS;
}
