/* PASS/FAIL lines, counters and the summary line of the EFI test programs. */
#include "check.h"

static const char *program_name = "?";
static EFI_HANDLE program_image;
static UINTN passed, failed;

void check_init(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const char *program)
{
	InitializeLib(image, st);
	program_image = image;
	program_name = program;
	Print(L"%a: starting\n", program);
}

BOOLEAN check_report(BOOLEAN ok, const char *name, const CHAR16 *details, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		Print(L"PASS %a\n", name);
		return TRUE;
	}
	failed++;
	Print(L"FAIL %a (", name);
	va_start(ap, details);
	VPrint(details, ap);
	va_end(ap);
	Print(L")\n");
	return FALSE;
}

/* Whole-word search: the options are space-separated words. */
BOOLEAN check_option(const CHAR16 *word)
{
	EFI_LOADED_IMAGE *li;
	const CHAR16 *opt, *end;
	UINTN n = StrLen(word);

	if (BS->HandleProtocol(program_image, &LoadedImageProtocol, (void **)&li) != EFI_SUCCESS ||
	    !li->LoadOptions)
		return FALSE;
	opt = li->LoadOptions;
	end = opt + li->LoadOptionsSize / sizeof(CHAR16);
	for (; opt + n <= end; opt++) {
		if ((opt == li->LoadOptions || opt[-1] == L' ') && CompareMem(opt, word, n * 2) == 0 &&
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
	Print(L"PVHEFI-TEST %a: %ld passed, %ld failed\n", program_name, (INT64)passed,
	      (INT64)failed);
	/* pvhefi may answer EFI_UNSUPPORTED: then returning ends the VM. */
	RT->ResetSystem(EfiResetShutdown, failed ? EFI_ABORTED : EFI_SUCCESS, 0, NULL);
	return failed ? EFI_ABORTED : EFI_SUCCESS;
}
