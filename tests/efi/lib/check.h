/*
 * Shared helpers of the in-guest EFI test programs (gnu-efi): every check prints one
 * "PASS name" or "FAIL name (details)" line, and check_finish() prints the one summary line
 * tests/efi/run.sh looks for: "PVHEFI-TEST <program>: N passed, M failed".
 */
#ifndef PVHEFI_EFI_CHECK_H
#define PVHEFI_EFI_CHECK_H

#include <efi.h>
#include <efilib.h>

/* Sets ST/BS/RT (InitializeLib) and remembers the program's name for the summary. */
void check_init(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const char *program);
/* Counts one check; details (Print format) are shown only when it fails. Returns ok. */
BOOLEAN check_report(BOOLEAN ok, const char *name, const CHAR16 *details, ...);
/* How many checks failed so far (child.efi reports it to its parent instead of a summary). */
UINTN check_failures(void);
/* How many checks passed so far (ebstest reports after ExitBootServices, without Print). */
UINTN check_passes(void);
/* Prints the summary, asks for a shutdown; returns what efi_main should return. */
EFI_STATUS check_finish(void);
/* True when the harness started us with this word in LoadOptions (e.g. L"pvhefi"); the
 * options are read once, by check_init, so this keeps answering after ExitBootServices. */
BOOLEAN check_option(const CHAR16 *word);
/*
 * After a successful ExitBootServices there is no console: from this call on, the PASS/FAIL
 * lines, check_print and the summary go straight to COM1's 16550 (there on q35, pc and
 * microvm, under pvhefi and OVMF), and check_finish ends the VM through the runtime services
 * it was given. No Print after it.
 */
void check_exit_boot_services(void);
/* Print before check_exit_boot_services, COM1 after it (the same format). */
void check_print(const CHAR16 *fmt, ...);
/* Where pvhefi and OVMF (the reference) give different answers the spec allows, the answer of
 * the firmware running: run.sh starts pvhefi's programs with the word "pvhefi". The check's
 * name says which firmware gives which answer, and the comment why. */
#define BY_FIRMWARE(pvhefi, ovmf) (check_option(L"pvhefi") ? (pvhefi) : (ovmf))

#define CHECK(cond, name) check_report((cond) ? TRUE : FALSE, (name), L"%a", #cond)
#define CHECKF(cond, name, ...) check_report((cond) ? TRUE : FALSE, (name), __VA_ARGS__)
/* Compares two integers (or pointers) and shows both when they differ. */
#define CHECK_EQ(got, want, name)                                                          \
	({                                                                                  \
		UINT64 got_ = (UINT64)(got), want_ = (UINT64)(want);                       \
		check_report(got_ == want_, (name), L"%a = 0x%lx, want 0x%lx", \
			     #got, got_, want_);                                            \
	})
/* Compares an EFI_STATUS with the expected one and names both. */
#define CHECK_ST(got, want, name)                                                          \
	({                                                                                  \
		EFI_STATUS got_ = (got), want_ = (want);                                   \
		check_report(got_ == want_, (name), L"got %r, want %r", got_, \
			     want_);                                                        \
	})

#endif
