/*
 * vartest: the variable services (UEFI 2.10 8.2) before and after ExitBootServices: the
 * globals a firmware owns, the attribute rules, deletion, APPEND_WRITE, GetVariable's and
 * GetNextVariableName's sizes and refusals, names compared as UTF-16, QueryVariableInfo, a
 * bounded store; after ExitBootServices, boot-service-only variables are gone and only
 * non-volatile runtime variables can be written. On pvhefi, systemd's loader interface
 * variables too.
 */
#include "check.h"

static EFI_GUID test_guid = { 0x8f3e2b71, 0x4c0d, 0x4a96, { 0xb2, 0x5e, 0x17, 0x6a, 0xd9, 0x40, 0x3c, 0x88 } };
static EFI_GUID other_guid = { 0x8f3e2b71, 0x4c0d, 0x4a96, { 0xb2, 0x5e, 0x17, 0x6a, 0xd9, 0x40, 0x3c, 0x89 } };
static EFI_GUID global = EFI_GLOBAL_VARIABLE;
/* systemd's loader interface (docs/BOOT_LOADER_INTERFACE.md). */
static EFI_GUID loader_guid = { 0x4a67b082, 0x0a4c, 0x41cf, { 0xb6, 0xc7, 0x44, 0x0b, 0x29, 0xbb, 0x8c, 0x4f } };

#define V_NV EFI_VARIABLE_NON_VOLATILE
#define V_BS EFI_VARIABLE_BOOTSERVICE_ACCESS
#define V_RT EFI_VARIABLE_RUNTIME_ACCESS
#define V_APPEND EFI_VARIABLE_APPEND_WRITE
#define V_AUTH_WRITE 0x10 /* EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS, deprecated */
#define V_TIME_AUTH EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS
#define V_ENHANCED_AUTH 0x80 /* EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS */
#define BS_RT (V_BS | V_RT)
#define NV_BS_RT (V_NV | V_BS | V_RT)

/* Variables this program keeps to the end, for the runtime checks. */
#define VAR_BS L"PvhefiVarBs"
#define VAR_BS_RT L"PvhefiVarBsRt"
#define VAR_NV L"PvhefiVarNv"

static UINT8 buf[4096];

/* GetVariable into buf; size in/out, attributes set to 0xdead first. */
static EFI_STATUS get(const CHAR16 *name, EFI_GUID *guid, UINT32 *attr, UINTN *size)
{
	*attr = 0xdead;
	*size = sizeof(buf);
	return RT->GetVariable((CHAR16 *)name, guid, attr, size, buf);
}

static EFI_STATUS set(const CHAR16 *name, EFI_GUID *guid, UINT32 attr, UINTN size, const void *data)
{
	return RT->SetVariable((CHAR16 *)name, guid, attr, size, (void *)data);
}

/* The variable is there with these attributes and exactly these bytes. */
static void check_holds(const CHAR16 *name, EFI_GUID *guid, UINT32 want_attr, const void *data,
			UINTN size, const char *check)
{
	UINT32 attr;
	UINTN got;
	EFI_STATUS st = get(name, guid, &attr, &got);

	CHECKF(st == EFI_SUCCESS && attr == want_attr && got == size && !CompareMem(buf, (void *)data, size),
	       check, L"%r, attributes 0x%x, %ld bytes (want 0x%x, %ld bytes)", st, attr, (INT64)got,
	       want_attr, (INT64)size);
}

/* GetVariable with no buffer: EFI_BUFFER_TOO_SMALL for any variable there is (none is empty),
 * with its attributes (UEFI 2.10). */
static EFI_STATUS probe(const CHAR16 *name, EFI_GUID *guid, UINT32 *attr)
{
	UINTN size = 0;

	*attr = 0xdead;
	return RT->GetVariable((CHAR16 *)name, guid, attr, &size, NULL);
}

static void check_absent(const CHAR16 *name, EFI_GUID *guid, const char *check)
{
	UINT32 attr;
	UINTN size;

	CHECK_ST(get(name, guid, &attr, &size), EFI_NOT_FOUND, check);
}

/* ---- the globals a firmware owns ------------------------------------------------------- */

/* An ASCII string variable: NUL-terminated within its size. */
static BOOLEAN ascii_var(const CHAR16 *name, UINT32 *attr, CHAR8 *out, UINTN max)
{
	UINTN size;

	if (get(name, &global, attr, &size) != EFI_SUCCESS || size == 0 || size > max ||
	    buf[size - 1] != 0)
		return FALSE;
	CopyMem(out, buf, size);
	return TRUE;
}

/* Is code one of the ';'-separated codes of list? */
static BOOLEAN listed(const CHAR8 *list, const CHAR8 *code)
{
	UINTN n = strlena((CHAR8 *)code);

	for (const CHAR8 *p = list; *p; p++)
		if ((p == list || p[-1] == ';') && !CompareMem((void *)p, (void *)code, n) &&
		    (p[n] == ';' || p[n] == 0))
			return TRUE;
	return FALSE;
}

static void test_read_only(const CHAR16 *name, UINTN size, const char *check)
{
	UINT8 zero[8] = { 0 };

	CHECK_ST(set(name, &global, BS_RT, size, zero), EFI_WRITE_PROTECTED, check);
}

static void test_globals(void)
{
	static CHAR8 codes[256], lang[64];
	UINT32 attr;
	UINTN size;
	EFI_STATUS st;

	/* No keys are enrolled on either: Secure Boot off, setup mode. */
	st = get(L"SecureBoot", &global, &attr, &size);
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size == 1 && buf[0] == 0,
	       "global: SecureBoot is 0, BS|RT", L"%r, attributes 0x%x, %ld bytes, %d", st, attr,
	       (INT64)size, buf[0]);
	st = get(L"SetupMode", &global, &attr, &size);
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size == 1 && buf[0] == 1,
	       "global: SetupMode is 1, BS|RT", L"%r, attributes 0x%x, %ld bytes, %d", st, attr,
	       (INT64)size, buf[0]);
	/* Which OsIndications a firmware supports is its own (OVMF: boot to the firmware UI and
	 * platform recovery); the bits above JSON_CONFIG_DATA_REFRESH (0x80) are reserved. */
	st = get(L"OsIndicationsSupported", &global, &attr, &size);
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size == 8 && !(*(UINT64 *)buf & ~0xffULL),
	       "global: OsIndicationsSupported is a UINT64 of defined bits, BS|RT",
	       L"%r, attributes 0x%x, %ld bytes, 0x%lx", st, attr, (INT64)size, *(UINT64 *)buf);

	CHECK(ascii_var(L"PlatformLangCodes", &attr, codes, sizeof(codes)) && attr == BS_RT,
	      "global: PlatformLangCodes is an ASCII string, BS|RT");
	CHECK(ascii_var(L"PlatformLang", &attr, lang, sizeof(lang)) && attr == NV_BS_RT,
	      "global: PlatformLang is an ASCII string, NV|BS|RT");
	CHECKF(listed(codes, lang), "global: PlatformLang is one of PlatformLangCodes",
	       L"\"%a\" of \"%a\"", lang, codes);
	/* Both are RFC 4646 codes the firmware supports; OVMF says "en". */
	CHECKF(!strcmpa(lang, (CHAR8 *)BY_FIRMWARE("en-US", "en")),
	       "global: PlatformLang is \"en-US\" on pvhefi, \"en\" on OVMF", L"\"%a\"", lang);
	/* LangCodes: 3-letter ISO 639-2 codes, run together (OVMF adds a NUL, and lists eng and
	 * fra twice). */
	st = get(L"LangCodes", &global, &attr, &size);
	if (size && buf[size - 1] == 0)
		size--;
	buf[size < sizeof(buf) ? size : 0] = 0;
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size % 3 == 0 && size > 0,
	       "global: LangCodes is 3-letter codes, BS|RT", L"%r, attributes 0x%x, \"%a\"", st, attr, buf);
	CHECKF(!strcmpa((CHAR8 *)buf, (CHAR8 *)BY_FIRMWARE("eng", "engfraengfra")),
	       "global: LangCodes is \"eng\" on pvhefi, \"engfraengfra\" on OVMF", L"\"%a\"", buf);

	/* The ones the spec marks read-only. PlatformLang is not: it may be set to a code of
	 * PlatformLangCodes. */
	test_read_only(L"SecureBoot", 1, "global: SetVariable(SecureBoot) gives EFI_WRITE_PROTECTED");
	test_read_only(L"SetupMode", 1, "global: SetVariable(SetupMode) gives EFI_WRITE_PROTECTED");
	test_read_only(L"OsIndicationsSupported", 8,
		       "global: SetVariable(OsIndicationsSupported) gives EFI_WRITE_PROTECTED");
	test_read_only(L"PlatformLangCodes", 3,
		       "global: SetVariable(PlatformLangCodes) gives EFI_WRITE_PROTECTED");
	test_read_only(L"LangCodes", 3, "global: SetVariable(LangCodes) gives EFI_WRITE_PROTECTED");
	CHECK_ST(set(L"SecureBoot", &global, 0, 0, NULL), EFI_WRITE_PROTECTED,
		 "global: deleting SecureBoot gives EFI_WRITE_PROTECTED");
	st = get(L"SetupMode", &global, &attr, &size);
	CHECK(st == EFI_SUCCESS && size == 1 && buf[0] == 1, "global: SetupMode is still 1");
	CHECK_ST(set(L"PlatformLang", &global, NV_BS_RT, strlena(lang) + 1, lang), EFI_SUCCESS,
		 "global: PlatformLang can be set to its own value");
}

/* ---- set, get, delete, attributes ------------------------------------------------------ */

static void test_round_trip(void)
{
	static const CHAR8 a[] = "sixteen bytes...", b[] = "four";

	CHECK_ST(set(VAR_BS_RT, &test_guid, BS_RT, 16, a), EFI_SUCCESS, "set: a BS|RT variable");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "set: GetVariable reads it back, BS|RT");
	CHECK_ST(set(VAR_NV, &test_guid, NV_BS_RT, 16, a), EFI_SUCCESS,
		 "set: an NV|BS|RT variable (pvhefi keeps it in RAM)");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, a, 16, "set: GetVariable reads it back, NV|BS|RT");
	CHECK_ST(set(VAR_BS, &test_guid, V_BS, 4, b), EFI_SUCCESS, "set: a BS variable");
	check_holds(VAR_BS, &test_guid, V_BS, b, 4, "set: GetVariable reads it back, BS");
	CHECK_ST(set(VAR_NV, &test_guid, NV_BS_RT, 4, b), EFI_SUCCESS, "set: overwrite with fewer bytes");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, b, 4, "set: the new value replaced the old one");
	CHECK_ST(set(VAR_NV, &test_guid, NV_BS_RT, 16, a), EFI_SUCCESS, "set: overwrite with more bytes");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, a, 16, "set: the longer value replaced it");
}

static void test_delete(void)
{
	static const CHAR8 d[] = "doomed";

	set(L"PvhefiDel1", &test_guid, BS_RT, 6, d);
	CHECK_ST(set(L"PvhefiDel1", &test_guid, BS_RT, 0, NULL), EFI_SUCCESS, "delete: by DataSize 0");
	check_absent(L"PvhefiDel1", &test_guid, "delete: ... it is gone");
	set(L"PvhefiDel2", &test_guid, NV_BS_RT, 6, d);
	CHECK_ST(set(L"PvhefiDel2", &test_guid, 0, 6, d), EFI_SUCCESS,
		 "delete: by attributes 0 (with data)");
	check_absent(L"PvhefiDel2", &test_guid, "delete: ... it is gone");
	CHECK_ST(set(L"PvhefiMissing", &test_guid, BS_RT, 0, NULL), EFI_NOT_FOUND,
		 "delete: a missing variable by DataSize 0 gives EFI_NOT_FOUND");
	CHECK_ST(set(L"PvhefiMissing", &test_guid, 0, 0, NULL), EFI_NOT_FOUND,
		 "delete: a missing variable by attributes 0 gives EFI_NOT_FOUND");
	CHECK_ST(set(L"PvhefiDel1", &test_guid, BS_RT, 0, NULL), EFI_NOT_FOUND,
		 "delete: deleting twice gives EFI_NOT_FOUND");
}

static void test_attributes(void)
{
	static const CHAR8 a[] = "sixteen bytes...", x[] = "other value";

	/* An existing variable keeps its attributes, and the refused write its data. */
	CHECK_ST(set(VAR_BS_RT, &test_guid, NV_BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: BS|RT rewritten as NV|BS|RT gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(VAR_BS_RT, &test_guid, V_BS, 11, x), EFI_INVALID_PARAMETER,
		 "attr: BS|RT rewritten as BS gives EFI_INVALID_PARAMETER");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "attr: the refused writes left it as it was");
	CHECK_ST(set(L"PvhefiRtOnly", &test_guid, V_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: RT without BS gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(L"PvhefiRtOnly", &test_guid, V_NV | V_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: NV|RT without BS gives EFI_INVALID_PARAMETER");
	check_absent(L"PvhefiRtOnly", &test_guid, "attr: ... no such variable was made");

	/* Authenticated writes, as OVMF answers them: the deprecated AUTHENTICATED_WRITE_ACCESS
	 * is unsupported (as the spec asks), a TIME_BASED one whose data is no
	 * EFI_VARIABLE_AUTHENTICATION_2 fails its check, and ENHANCED_AUTHENTICATED_ACCESS is
	 * not an attribute edk2 2022.11 knows. */
	CHECK_ST(set(L"PvhefiAuth", &test_guid, NV_BS_RT | V_AUTH_WRITE, 11, x), EFI_UNSUPPORTED,
		 "attr: AUTHENTICATED_WRITE_ACCESS (0x10) gives EFI_UNSUPPORTED");
	CHECK_ST(set(L"PvhefiAuth", &test_guid, NV_BS_RT | V_TIME_AUTH, 11, x), EFI_SECURITY_VIOLATION,
		 "attr: TIME_BASED_AUTHENTICATED_WRITE_ACCESS (0x20) gives EFI_SECURITY_VIOLATION");
	CHECK_ST(set(L"PvhefiAuth", &test_guid, NV_BS_RT | V_ENHANCED_AUTH, 11, x), EFI_INVALID_PARAMETER,
		 "attr: ENHANCED_AUTHENTICATED_ACCESS (0x80) gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(L"PvhefiAuth", &test_guid, BS_RT | V_TIME_AUTH, 11, x), EFI_SECURITY_VIOLATION,
		 "attr: a volatile TIME_BASED_AUTHENTICATED one gives EFI_SECURITY_VIOLATION");
	check_absent(L"PvhefiAuth", &test_guid, "attr: ... no such variable was made");
	CHECK_ST(set(L"PvhefiBad", &test_guid, BS_RT | 0x100, 11, x), EFI_INVALID_PARAMETER,
		 "attr: an undefined attribute bit (0x100) gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(L"PvhefiBad", &test_guid, BS_RT, 11, NULL), EFI_INVALID_PARAMETER,
		 "attr: data NULL with a size gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(NULL, &test_guid, BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: a NULL name gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(L"", &test_guid, BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: an empty name gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(L"PvhefiBad", NULL, BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: a NULL GUID gives EFI_INVALID_PARAMETER");
}

static void test_append(void)
{
	CHECK_ST(set(L"PvhefiAppend", &test_guid, BS_RT, 3, "abc"), EFI_SUCCESS, "append: set \"abc\"");
	CHECK_ST(set(L"PvhefiAppend", &test_guid, BS_RT | V_APPEND, 3, "def"), EFI_SUCCESS,
		 "append: APPEND_WRITE \"def\"");
	check_holds(L"PvhefiAppend", &test_guid, BS_RT, "abcdef", 6,
		    "append: reads \"abcdef\", the attributes without APPEND_WRITE");
	CHECK_ST(set(L"PvhefiAppend", &test_guid, BS_RT | V_APPEND, 0, NULL), EFI_SUCCESS,
		 "append: APPEND_WRITE of 0 bytes");
	check_holds(L"PvhefiAppend", &test_guid, BS_RT, "abcdef", 6, "append: ... changed nothing");
	set(L"PvhefiAppend", &test_guid, 0, 0, NULL);
	CHECK_ST(set(L"PvhefiAppend2", &test_guid, BS_RT | V_APPEND, 3, "xyz"), EFI_SUCCESS,
		 "append: APPEND_WRITE to a missing variable");
	check_holds(L"PvhefiAppend2", &test_guid, BS_RT, "xyz", 3, "append: ... made it");
	set(L"PvhefiAppend2", &test_guid, 0, 0, NULL);
}

/* ---- GetVariable ------------------------------------------------------------------------- */

static void test_get(void)
{
	UINT32 attr = 0xdead;
	UINTN size;
	UINT8 small[4];

	size = sizeof(small);
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, &attr, &size, small), EFI_BUFFER_TOO_SMALL,
		 "get: a small buffer gives EFI_BUFFER_TOO_SMALL");
	CHECK_EQ(size, 16, "get: ... with the size needed");
	/* UEFI 2.10 returns the attributes with EFI_BUFFER_TOO_SMALL too. */
	CHECK_EQ(attr, BS_RT, "get: ... and the attributes");
	size = 0;
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, NULL, &size, NULL), EFI_BUFFER_TOO_SMALL,
		 "get: size 0 and no buffer give EFI_BUFFER_TOO_SMALL");
	CHECK_EQ(size, 16, "get: ... with the size needed");
	size = 16;
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, NULL, &size, NULL), EFI_INVALID_PARAMETER,
		 "get: no buffer with a size large enough gives EFI_INVALID_PARAMETER");
	size = sizeof(buf);
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, NULL, &size, buf), EFI_SUCCESS,
		 "get: without attributes");
	size = sizeof(buf);
	CHECK_ST(RT->GetVariable(NULL, &test_guid, &attr, &size, buf), EFI_INVALID_PARAMETER,
		 "get: a NULL name gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->GetVariable(VAR_BS_RT, NULL, &attr, &size, buf), EFI_INVALID_PARAMETER,
		 "get: a NULL GUID gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, &attr, NULL, buf), EFI_INVALID_PARAMETER,
		 "get: a NULL size gives EFI_INVALID_PARAMETER");
	check_absent(L"", &test_guid, "get: an empty name gives EFI_NOT_FOUND");
}

/* Names are UTF-16 strings compared whole; the GUID is part of the name. */
static void test_names(void)
{
	static CHAR16 upper[] = L"PvhefiCase", lower[] = L"pvhefiCase";
	static CHAR16 intl[] = { L'P', L'v', L'h', 0x00e9, 0x4e2d, 0xd83d, 0xde00, 0 };
	static CHAR16 a[] = { L'P', L'v', L'h', L'A', 0 }, a_high[] = { L'P', L'v', L'h', 0x0141, 0 };

	CHECK_ST(set(upper, &test_guid, BS_RT, 1, "U"), EFI_SUCCESS, "names: set PvhefiCase");
	check_absent(lower, &test_guid, "names: pvhefiCase is another variable (case matters)");
	check_absent(upper, &other_guid, "names: the same name under another GUID is another variable");
	CHECK_ST(set(upper, &other_guid, BS_RT, 1, "O"), EFI_SUCCESS, "names: set it under the other GUID");
	check_holds(upper, &test_guid, BS_RT, "U", 1, "names: each GUID keeps its own value");
	check_holds(upper, &other_guid, BS_RT, "O", 1, "names: ... both of them");
	CHECK_ST(set(intl, &test_guid, BS_RT, 1, "I"), EFI_SUCCESS,
		 "names: a name with e-acute, a CJK letter and a surrogate pair");
	check_holds(intl, &test_guid, BS_RT, "I", 1, "names: ... reads back");
	CHECK_ST(set(a, &test_guid, BS_RT, 1, "A"), EFI_SUCCESS, "names: set PvhA");
	check_absent(a_high, &test_guid, "names: U+0141 is not U+0041 (all 16 bits compared)");
	set(upper, &other_guid, 0, 0, NULL);
	set(upper, &test_guid, 0, 0, NULL);
	set(intl, &test_guid, 0, 0, NULL);
	set(a, &test_guid, 0, 0, NULL);
}

/* ---- GetNextVariableName ---------------------------------------------------------------- */

#define WALK_MAX 256
#define NAME_MAX 128
static struct {
	CHAR16 name[NAME_MAX];
	EFI_GUID guid;
} seen[WALK_MAX];
static UINTN nseen;

/* Walks every variable from the empty name; FALSE when the walk went wrong (details shown). */
static BOOLEAN walk(const char *check)
{
	static CHAR16 name[NAME_MAX];
	EFI_GUID guid;
	UINTN size;
	EFI_STATUS st = EFI_SUCCESS;

	name[0] = 0;
	for (nseen = 0; nseen < WALK_MAX; nseen++) {
		size = sizeof(name);
		st = RT->GetNextVariableName(&size, name, &guid);
		if (st != EFI_SUCCESS)
			break;
		if (StrSize(name) != size)
			return check_report(FALSE, check, L"%s: size %ld, the name's %ld", name, (INT64)size,
					    (INT64)StrSize(name));
		CopyMem(seen[nseen].name, name, size);
		seen[nseen].guid = guid;
	}
	return check_report(st == EFI_NOT_FOUND, check, L"%r after %ld names", st, (INT64)nseen);
}

static UINTN times_seen(const CHAR16 *name, EFI_GUID *guid)
{
	UINTN n = 0;

	for (UINTN i = 0; i < nseen; i++)
		if (!StrCmp(seen[i].name, (CHAR16 *)name) && !CompareGuid(&seen[i].guid, guid))
			n++;
	return n;
}

static void test_walk(void)
{
	static CHAR16 name[NAME_MAX];
	EFI_GUID guid;
	UINTN size, dup = 0, unreadable = 0;
	UINT32 attr;

	set(L"PvhefiGone", &test_guid, BS_RT, 1, "g");
	set(L"PvhefiGone", &test_guid, 0, 0, NULL);
	if (!walk("walk: GetNextVariableName from the empty name ends with EFI_NOT_FOUND"))
		return;
	for (UINTN i = 0; i < nseen; i++) {
		if (times_seen(seen[i].name, &seen[i].guid) != 1)
			dup++;
		if (probe(seen[i].name, &seen[i].guid, &attr) != EFI_BUFFER_TOO_SMALL)
			unreadable++;
	}
	check_print(L"walk: %ld variables\n", (INT64)nseen);
	CHECKF(dup == 0, "walk: every variable comes once", L"%ld twice", (INT64)dup);
	CHECKF(unreadable == 0, "walk: GetVariable finds every variable the walk gives (EFI_BUFFER_TOO_SMALL)",
	       L"%ld not", (INT64)unreadable);
	CHECK(times_seen(VAR_BS, &test_guid) == 1 && times_seen(VAR_BS_RT, &test_guid) == 1 &&
		      times_seen(VAR_NV, &test_guid) == 1 && times_seen(L"SecureBoot", &global) == 1,
	      "walk: our BS, BS|RT and NV|BS|RT variables and SecureBoot are in it");
	CHECK_EQ(times_seen(L"PvhefiGone", &test_guid), 0, "walk: a deleted variable is not");

	/* Sizes: the first name does not fit in one character. */
	name[0] = 0;
	size = sizeof(CHAR16);
	CHECK_ST(RT->GetNextVariableName(&size, name, &guid), EFI_BUFFER_TOO_SMALL,
		 "walk: a buffer of one character gives EFI_BUFFER_TOO_SMALL");
	CHECKF(nseen && size == StrSize(seen[0].name), "walk: ... with the size of the first name",
	       L"%ld", (INT64)size);
	CHECK_ST(RT->GetNextVariableName(&size, name, &guid), EFI_SUCCESS, "walk: ... which then fits");
	CHECK(nseen && !StrCmp(name, seen[0].name) && !CompareGuid(&guid, &seen[0].guid),
	      "walk: ... and is the first name");
	/* Refusals. */
	StrCpy(name, L"PvhefiNoSuchVariable");
	size = sizeof(name);
	CHECK_ST(RT->GetNextVariableName(&size, name, &test_guid), EFI_INVALID_PARAMETER,
		 "walk: an unknown name gives EFI_INVALID_PARAMETER");
	StrCpy(name, VAR_BS_RT);
	guid = other_guid;
	size = sizeof(name);
	CHECK_ST(RT->GetNextVariableName(&size, name, &guid), EFI_INVALID_PARAMETER,
		 "walk: a known name under another GUID gives EFI_INVALID_PARAMETER");
	StrCpy(name, VAR_BS_RT);
	guid = test_guid;
	size = 4 * sizeof(CHAR16);
	CHECK_ST(RT->GetNextVariableName(&size, name, &guid), EFI_INVALID_PARAMETER,
		 "walk: a name with no NUL within the size gives EFI_INVALID_PARAMETER");
	size = sizeof(name);
	CHECK_ST(RT->GetNextVariableName(NULL, name, &guid), EFI_INVALID_PARAMETER,
		 "walk: a NULL size gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->GetNextVariableName(&size, NULL, &guid), EFI_INVALID_PARAMETER,
		 "walk: a NULL name gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->GetNextVariableName(&size, name, NULL), EFI_INVALID_PARAMETER,
		 "walk: a NULL GUID gives EFI_INVALID_PARAMETER");
}

/* ---- QueryVariableInfo and a bounded store ---------------------------------------------- */

static void test_query(UINT32 attr, const char *check, const char *shrink)
{
	static UINT8 data[1000];
	UINT64 max = 0, remaining = 0, maxvar = 0, max2 = 0, remaining2 = 0, maxvar2 = 0;
	EFI_STATUS st = RT->QueryVariableInfo(attr, &max, &remaining, &maxvar);

	CHECKF(st == EFI_SUCCESS && remaining <= max && maxvar > 0 && maxvar <= max, check,
	       L"%r: max %ld, remaining %ld, maximum variable %ld", st, max, remaining, maxvar);
	set(L"PvhefiQuery", &test_guid, attr, sizeof(data), data);
	RT->QueryVariableInfo(attr, &max2, &remaining2, &maxvar2);
	CHECKF(remaining2 < remaining && max2 == max, shrink, L"remaining %ld then %ld, max %ld then %ld",
	       remaining, remaining2, max, max2);
	set(L"PvhefiQuery", &test_guid, 0, 0, NULL);
}

static void test_queries(void)
{
	UINT64 a, b, c;

	test_query(BS_RT, "query: BS|RT: remaining and maximum variable within the maximum",
		   "query: BS|RT: remaining shrinks by a 1000-byte variable");
	test_query(NV_BS_RT, "query: NV|BS|RT: remaining and maximum variable within the maximum",
		   "query: NV|BS|RT: remaining shrinks by a 1000-byte variable");
	CHECK_ST(RT->QueryVariableInfo(0, &a, &b, &c), EFI_INVALID_PARAMETER,
		 "query: attributes 0 give EFI_INVALID_PARAMETER");
	CHECK_ST(RT->QueryVariableInfo(V_RT, &a, &b, &c), EFI_INVALID_PARAMETER,
		 "query: RT without BS gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->QueryVariableInfo(BS_RT, NULL, &b, &c), EFI_INVALID_PARAMETER,
		 "query: a NULL pointer gives EFI_INVALID_PARAMETER");
}

/* A variable over the maximum size is refused; variables that fit fill the store until it
 * refuses one for want of room. Volatile ones: OVMF does not reclaim NV space at runtime. */
static void test_bounds(void)
{
	static const CHAR16 *names[] = { L"PvhefiFill00", L"PvhefiFill01", L"PvhefiFill02", L"PvhefiFill03",
					 L"PvhefiFill04", L"PvhefiFill05", L"PvhefiFill06", L"PvhefiFill07",
					 L"PvhefiFill08", L"PvhefiFill09", L"PvhefiFill10", L"PvhefiFill11",
					 L"PvhefiFill12", L"PvhefiFill13", L"PvhefiFill14", L"PvhefiFill15",
					 L"PvhefiFill16", L"PvhefiFill17", L"PvhefiFill18", L"PvhefiFill19",
					 L"PvhefiFill20", L"PvhefiFill21", L"PvhefiFill22", L"PvhefiFill23",
					 L"PvhefiFill24", L"PvhefiFill25", L"PvhefiFill26", L"PvhefiFill27",
					 L"PvhefiFill28", L"PvhefiFill29", L"PvhefiFill30", L"PvhefiFill31" };
	UINT64 max = 0, remaining = 0, maxvar = 0;
	UINTN fits, filled = 0, deleted = 0;
	EFI_STATUS st = EFI_SUCCESS;
	UINT8 *data = NULL;

	st = RT->QueryVariableInfo(BS_RT, &max, &remaining, &maxvar);
	if (!CHECKF(st == EFI_SUCCESS && maxvar >= 64 && maxvar < 0x10000000,
		    "bounds: QueryVariableInfo gives a maximum variable size", L"%r, %ld", st, maxvar) ||
	    !CHECK_ST(BS->AllocatePool(EfiLoaderData, maxvar + 1, (void **)&data), EFI_SUCCESS,
		      "bounds: a buffer of the maximum variable size"))
		return;
	SetMem(data, maxvar + 1, 0x5a);
	CHECK_ST(set(L"PvhefiHuge", &test_guid, BS_RT, maxvar + 1, data), EFI_INVALID_PARAMETER,
		 "bounds: data over the maximum variable size gives EFI_INVALID_PARAMETER");
	check_absent(L"PvhefiHuge", &test_guid, "bounds: ... no such variable was made");
	/* The maximum counts the name with the data (as edk2 does); this fits either way. */
	fits = maxvar - StrSize((CHAR16 *)names[0]);
	for (filled = 0; filled < sizeof(names) / sizeof(names[0]); filled++)
		if ((st = set(names[filled], &test_guid, BS_RT, fits, data)) != EFI_SUCCESS)
			break;
	check_print(L"bounds: %ld variables of %ld bytes, then %r\n", (INT64)filled, (INT64)fits, st);
	CHECKF(filled >= 1, "bounds: a variable of the maximum size is accepted", L"%r", st);
	CHECK_ST(st, EFI_OUT_OF_RESOURCES, "bounds: the store fills: then EFI_OUT_OF_RESOURCES");
	for (UINTN i = 0; i < filled; i++)
		if (set(names[i], &test_guid, BS_RT, 0, NULL) == EFI_SUCCESS)
			deleted++;
	CHECK_EQ(deleted, filled, "bounds: each filler deletes");
	CHECK_ST(set(L"PvhefiRefill", &test_guid, BS_RT, fits, data), EFI_SUCCESS,
		 "bounds: after the deletions a variable of the maximum size fits again");
	set(L"PvhefiRefill", &test_guid, 0, 0, NULL);
	BS->FreePool(data);
}

/* ---- systemd's loader interface (pvhefi) ----------------------------------------------- */

/* A UTF-16 string variable, BS|RT, NUL-terminated within its size, into out. */
static BOOLEAN loader_string(const CHAR16 *name, CHAR16 *out, UINTN max)
{
	UINT32 attr;
	UINTN size;
	EFI_STATUS st = get(name, &loader_guid, &attr, &size);
	BOOLEAN ok = st == EFI_SUCCESS && attr == BS_RT && size >= 4 && size <= max && size % 2 == 0 &&
		     ((CHAR16 *)buf)[size / 2 - 1] == 0 && StrSize((CHAR16 *)buf) == size;

	static char check[96] = "loader: ";
	UINTN n = 8;

	if (ok)
		CopyMem(out, buf, size);
	else
		out[0] = 0;
	for (const CHAR16 *c = name; *c && n < 48; c++)
		check[n++] = (char)*c;
	CopyMem(check + n, " is a non-empty UTF-16 string, BS|RT", 37);
	return check_report(ok, check, L"%r, attributes 0x%x, %ld bytes", st, attr, (INT64)size);
}

/* A decimal number of microseconds; -1 when the string is not one. */
static INT64 usec(const CHAR16 *s)
{
	INT64 v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < L'0' || *s > L'9' || v > 1000000000000LL)
			return -1;
		v = v * 10 + (*s - L'0');
	}
	return v;
}

static void test_loader(void)
{
	static CHAR16 info[128], type[64], init[32], exec[32];
	UINT32 attr;
	UINTN size;
	INT64 i, e;

	if (!check_option(L"pvhefi")) {
		check_absent(L"LoaderFirmwareType", &loader_guid,
			     "loader: OVMF sets none of systemd's loader variables");
		return;
	}
	/* systemd-boot's forms: the firmware vendor then its revision, "UEFI " then the spec's. */
	if (loader_string(L"LoaderFirmwareInfo", info, sizeof(info)))
		CHECKF(!CompareMem(info, ST->FirmwareVendor, StrLen(ST->FirmwareVendor) * 2),
		       "loader: LoaderFirmwareInfo starts with the firmware vendor", L"\"%s\"", info);
	if (loader_string(L"LoaderFirmwareType", type, sizeof(type)))
		CHECKF(!CompareMem(type, L"UEFI ", 10), "loader: LoaderFirmwareType starts with \"UEFI \"",
		       L"\"%s\"", type);
	loader_string(L"LoaderTimeInitUSec", init, sizeof(init));
	loader_string(L"LoaderTimeExecUSec", exec, sizeof(exec));
	i = usec(init);
	e = usec(exec);
	CHECKF(i > 0 && e > 0, "loader: LoaderTimeInitUSec and LoaderTimeExecUSec are decimal microseconds",
	       L"\"%s\", \"%s\"", init, exec);
	CHECKF(i <= e, "loader: init <= exec", L"%ld, %ld", i, e);
	CHECKF(e < 60000000, "loader: exec under 60 s", L"%ld", e);
	CHECK_ST(set(L"LoaderTimeExecUSec", &loader_guid, NV_BS_RT, 4, L"1"), EFI_INVALID_PARAMETER,
		 "loader: rewriting one with other attributes gives EFI_INVALID_PARAMETER");
	CHECK(get(L"LoaderTimeExecUSec", &loader_guid, &attr, &size) == EFI_SUCCESS &&
		      !StrCmp((CHAR16 *)buf, exec),
	      "loader: ... and leaves it");
}

/* ---- after ExitBootServices --------------------------------------------------------------- */

static void test_runtime(void)
{
	static const CHAR8 a[] = "sixteen bytes...";
	UINT64 max, remaining, maxvar;
	UINT32 attr;
	UINTN size, bs_only = 0;

	check_absent(VAR_BS, &test_guid, "runtime: a BS variable is gone");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "runtime: the BS|RT variable reads");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, a, 16, "runtime: the NV|BS|RT variable reads");
	if (walk("runtime: the walk ends with EFI_NOT_FOUND")) {
		for (UINTN i = 0; i < nseen; i++)
			if (probe(seen[i].name, &seen[i].guid, &attr) != EFI_BUFFER_TOO_SMALL || !(attr & V_RT))
				bs_only++;
		CHECKF(bs_only == 0, "runtime: the walk gives runtime variables alone",
		       L"%ld others of %ld", (INT64)bs_only, (INT64)nseen);
		CHECK(times_seen(VAR_BS, &test_guid) == 0 && times_seen(VAR_BS_RT, &test_guid) == 1 &&
			      times_seen(VAR_NV, &test_guid) == 1,
		      "runtime: the walk has our BS|RT and NV|BS|RT variables, not the BS one");
	}
	size = 4;
	CHECK(RT->GetVariable(VAR_NV, &test_guid, &attr, &size, buf) == EFI_BUFFER_TOO_SMALL && size == 16,
	      "runtime: GetVariable's EFI_BUFFER_TOO_SMALL with the size");

	/* Writes: once boot services are gone only NV|RT variables can be set (UEFI 2.10 8.2:
	 * volatile runtime ones are read-only); OVMF's statuses. */
	CHECK_ST(set(L"PvhefiNewBs", &test_guid, V_BS, 1, "b"), EFI_INVALID_PARAMETER,
		 "runtime: setting a new BS variable gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(VAR_BS, &test_guid, V_BS, 1, "b"), EFI_WRITE_PROTECTED,
		 "runtime: setting the existing BS variable gives EFI_WRITE_PROTECTED");
	CHECK_ST(set(L"PvhefiNewVol", &test_guid, BS_RT, 1, "v"), EFI_INVALID_PARAMETER,
		 "runtime: setting a new volatile BS|RT variable gives EFI_INVALID_PARAMETER");
	CHECK_ST(set(VAR_BS_RT, &test_guid, BS_RT, 1, "v"), EFI_WRITE_PROTECTED,
		 "runtime: rewriting the volatile BS|RT variable gives EFI_WRITE_PROTECTED");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "runtime: ... which keeps its value");
	CHECK_ST(set(VAR_NV, &test_guid, NV_BS_RT, 3, "new"), EFI_SUCCESS,
		 "runtime: rewriting the NV|BS|RT variable");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, "new", 3, "runtime: ... reads back");
	CHECK_ST(set(VAR_NV, &test_guid, NV_BS_RT | V_APPEND, 3, "est"), EFI_SUCCESS,
		 "runtime: APPEND_WRITE to it");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, "newest", 6, "runtime: ... reads \"newest\"");
	CHECK_ST(set(L"PvhefiNewNv", &test_guid, NV_BS_RT, 2, "nv"), EFI_SUCCESS,
		 "runtime: setting a new NV|BS|RT variable");
	check_holds(L"PvhefiNewNv", &test_guid, NV_BS_RT, "nv", 2, "runtime: ... reads back");
	CHECK_ST(set(L"PvhefiNewNv", &test_guid, NV_BS_RT, 0, NULL), EFI_SUCCESS,
		 "runtime: deleting it");
	check_absent(L"PvhefiNewNv", &test_guid, "runtime: ... it is gone");
	CHECK_ST(set(VAR_NV, &test_guid, 0, 0, NULL), EFI_SUCCESS, "runtime: deleting the NV|BS|RT variable");
	check_absent(VAR_NV, &test_guid, "runtime: ... it is gone");
	test_read_only(L"SecureBoot", 1, "runtime: SetVariable(SecureBoot) gives EFI_WRITE_PROTECTED");

	CHECK_ST(RT->QueryVariableInfo(NV_BS_RT, &max, &remaining, &maxvar), EFI_SUCCESS,
		 "runtime: QueryVariableInfo NV|BS|RT");
	CHECK_ST(RT->QueryVariableInfo(V_BS, &max, &remaining, &maxvar), EFI_INVALID_PARAMETER,
		 "runtime: QueryVariableInfo without RT gives EFI_INVALID_PARAMETER");
	if (check_option(L"pvhefi")) {
		static CHAR16 exec[32];
		loader_string(L"LoaderTimeExecUSec", exec, sizeof(exec));
	}
}

static EFI_STATUS exit_boot_services(EFI_HANDLE image)
{
	static UINT8 map[64 * 1024];
	UINTN size = sizeof(map), key, desc_size;
	UINT32 version;
	EFI_STATUS st = BS->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &desc_size, &version);

	if (st != EFI_SUCCESS)
		return st;
	st = BS->ExitBootServices(image, key);
	if (st == EFI_INVALID_PARAMETER) { /* the map moved: once more */
		size = sizeof(map);
		if (BS->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &desc_size, &version) == EFI_SUCCESS)
			st = BS->ExitBootServices(image, key);
	}
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS st;

	check_init(image, systab, "vartest");
	test_globals();
	test_round_trip();
	test_delete();
	test_attributes();
	test_append();
	test_get();
	test_names();
	test_walk();
	test_queries();
	test_bounds();
	test_loader();

	Print(L"vartest: exiting boot services; the rest is reported on COM1\n");
	st = exit_boot_services(image);
	if (st == EFI_SUCCESS)
		check_exit_boot_services();
	if (CHECK_ST(st, EFI_SUCCESS, "ExitBootServices"))
		test_runtime();
	return check_finish();
}
