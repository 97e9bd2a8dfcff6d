/*
 * vartest: the variable services (UEFI 2.10 8.2) before and after ExitBootServices: the
 * globals a firmware owns, the attribute rules, deletion, APPEND_WRITE, GetVariable's and
 * GetNextVariableName's sizes and refusals, names compared as UTF-16, QueryVariableInfo, a
 * bounded store; after ExitBootServices, boot-service-only variables are gone and only
 * non-volatile runtime variables can be written. On pvhefi, systemd's loader interface
 * variables too. The walk, the loader variables and the runtime checks are in
 * vartest_runtime.c; what both parts share, in vartest.h.
 */
#include "check.h"
#include "vartest.h"

/* What vartest.h declares: the GUIDs, the buffer and the helpers both parts use. */
EFI_GUID test_guid = { 0x8f3e2b71, 0x4c0d, 0x4a96, { 0xb2, 0x5e, 0x17, 0x6a, 0xd9, 0x40, 0x3c, 0x88 } };
EFI_GUID other_guid = { 0x8f3e2b71, 0x4c0d, 0x4a96, { 0xb2, 0x5e, 0x17, 0x6a, 0xd9, 0x40, 0x3c, 0x89 } };
EFI_GUID global_guid = EFI_GLOBAL_VARIABLE;

UINT8 var_buf[4096];

EFI_STATUS var_get(const CHAR16 *name, EFI_GUID *guid, UINT32 *attr, UINTN *size)
{
	*attr = 0xdead;
	*size = sizeof(var_buf);
	return RT->GetVariable((CHAR16 *)name, guid, attr, size, var_buf);
}

EFI_STATUS var_set(const CHAR16 *name, EFI_GUID *guid, UINT32 attr, UINTN size, const void *data)
{
	return RT->SetVariable((CHAR16 *)name, guid, attr, size, (void *)data);
}

void check_holds(const CHAR16 *name, EFI_GUID *guid, UINT32 want_attr, const void *data, UINTN size,
		 const char *check)
{
	UINT32 attr;
	UINTN got;
	EFI_STATUS st = var_get(name, guid, &attr, &got);

	CHECKF(st == EFI_SUCCESS && attr == want_attr && got == size &&
		       !CompareMem(var_buf, (void *)data, size),
	       check, L"%r, attributes 0x%x, %ld bytes (want 0x%x, %ld bytes)", st, attr, (INT64)got,
	       want_attr, (INT64)size);
}

EFI_STATUS var_probe(const CHAR16 *name, EFI_GUID *guid, UINT32 *attr)
{
	UINTN size = 0;

	*attr = 0xdead;
	return RT->GetVariable((CHAR16 *)name, guid, attr, &size, NULL);
}

void check_absent(const CHAR16 *name, EFI_GUID *guid, const char *check)
{
	UINT32 attr;
	UINTN size;

	CHECK_ST(var_get(name, guid, &attr, &size), EFI_NOT_FOUND, check);
}

/* ---- the globals a firmware owns ------------------------------------------------------- */

/* An ASCII string variable: NUL-terminated within its size. */
static BOOLEAN ascii_var(const CHAR16 *name, UINT32 *attr, CHAR8 *out, UINTN max)
{
	UINTN size;

	if (var_get(name, &global_guid, attr, &size) != EFI_SUCCESS || size == 0 || size > max ||
	    var_buf[size - 1] != 0)
		return FALSE;
	CopyMem(out, var_buf, size);
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

void check_read_only(const CHAR16 *name, UINTN size, const char *check)
{
	UINT8 zero[8] = { 0 };

	CHECK_ST(var_set(name, &global_guid, BS_RT, size, zero), EFI_WRITE_PROTECTED, check);
}

static void test_globals(void)
{
	static CHAR8 codes[256], lang[64];
	UINT32 attr;
	UINTN size;
	EFI_STATUS st;

	/* No keys are enrolled on either: Secure Boot off, setup mode. */
	st = var_get(L"SecureBoot", &global_guid, &attr, &size);
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size == 1 && var_buf[0] == 0,
	       "global: SecureBoot is 0, BS|RT", L"%r, attributes 0x%x, %ld bytes, %d", st, attr,
	       (INT64)size, var_buf[0]);
	st = var_get(L"SetupMode", &global_guid, &attr, &size);
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size == 1 && var_buf[0] == 1,
	       "global: SetupMode is 1, BS|RT", L"%r, attributes 0x%x, %ld bytes, %d", st, attr,
	       (INT64)size, var_buf[0]);
	/* Which OsIndications a firmware supports is its own (OVMF: boot to the firmware UI and
	 * platform recovery); the bits above JSON_CONFIG_DATA_REFRESH (0x80) are reserved. */
	st = var_get(L"OsIndicationsSupported", &global_guid, &attr, &size);
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size == 8 && !(*(UINT64 *)var_buf & ~0xffULL),
	       "global: OsIndicationsSupported is a UINT64 of defined bits, BS|RT",
	       L"%r, attributes 0x%x, %ld bytes, 0x%lx", st, attr, (INT64)size, *(UINT64 *)var_buf);

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
	st = var_get(L"LangCodes", &global_guid, &attr, &size);
	if (size && var_buf[size - 1] == 0)
		size--;
	var_buf[size < sizeof(var_buf) ? size : 0] = 0;
	CHECKF(st == EFI_SUCCESS && attr == BS_RT && size % 3 == 0 && size > 0,
	       "global: LangCodes is 3-letter codes, BS|RT", L"%r, attributes 0x%x, \"%a\"", st, attr, var_buf);
	CHECKF(!strcmpa((CHAR8 *)var_buf, (CHAR8 *)BY_FIRMWARE("eng", "engfraengfra")),
	       "global: LangCodes is \"eng\" on pvhefi, \"engfraengfra\" on OVMF", L"\"%a\"",
	       var_buf);

	/* The ones the spec marks read-only. PlatformLang is not: it may be set to a code of
	 * PlatformLangCodes. */
	check_read_only(L"SecureBoot", 1, "global: SetVariable(SecureBoot) gives EFI_WRITE_PROTECTED");
	check_read_only(L"SetupMode", 1,
			"global: SetVariable(SetupMode) gives EFI_WRITE_PROTECTED");
	check_read_only(L"OsIndicationsSupported", 8,
		       "global: SetVariable(OsIndicationsSupported) gives EFI_WRITE_PROTECTED");
	check_read_only(L"PlatformLangCodes", 3,
		       "global: SetVariable(PlatformLangCodes) gives EFI_WRITE_PROTECTED");
	check_read_only(L"LangCodes", 3,
			"global: SetVariable(LangCodes) gives EFI_WRITE_PROTECTED");
	CHECK_ST(var_set(L"SecureBoot", &global_guid, 0, 0, NULL), EFI_WRITE_PROTECTED,
		 "global: deleting SecureBoot gives EFI_WRITE_PROTECTED");
	st = var_get(L"SetupMode", &global_guid, &attr, &size);
	CHECK(st == EFI_SUCCESS && size == 1 && var_buf[0] == 1, "global: SetupMode is still 1");
	CHECK_ST(var_set(L"PlatformLang", &global_guid, NV_BS_RT, strlena(lang) + 1, lang),
		 EFI_SUCCESS, "global: PlatformLang can be set to its own value");
}

/* ---- set, get, delete, attributes ------------------------------------------------------ */

static void test_round_trip(void)
{
	static const CHAR8 a[] = "sixteen bytes...", b[] = "four";

	CHECK_ST(var_set(VAR_BS_RT, &test_guid, BS_RT, 16, a), EFI_SUCCESS,
		 "set: a BS|RT variable");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "set: GetVariable reads it back, BS|RT");
	CHECK_ST(var_set(VAR_NV, &test_guid, NV_BS_RT, 16, a), EFI_SUCCESS,
		 "set: an NV|BS|RT variable (pvhefi keeps it in RAM)");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, a, 16, "set: GetVariable reads it back, NV|BS|RT");
	CHECK_ST(var_set(VAR_BS, &test_guid, V_BS, 4, b), EFI_SUCCESS, "set: a BS variable");
	check_holds(VAR_BS, &test_guid, V_BS, b, 4, "set: GetVariable reads it back, BS");
	CHECK_ST(var_set(VAR_NV, &test_guid, NV_BS_RT, 4, b), EFI_SUCCESS, "set: overwrite with fewer bytes");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, b, 4, "set: the new value replaced the old one");
	CHECK_ST(var_set(VAR_NV, &test_guid, NV_BS_RT, 16, a), EFI_SUCCESS, "set: overwrite with more bytes");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, a, 16, "set: the longer value replaced it");
}

static void test_delete(void)
{
	static const CHAR8 d[] = "doomed";

	var_set(L"PvhefiDel1", &test_guid, BS_RT, 6, d);
	CHECK_ST(var_set(L"PvhefiDel1", &test_guid, BS_RT, 0, NULL), EFI_SUCCESS, "delete: by DataSize 0");
	check_absent(L"PvhefiDel1", &test_guid, "delete: ... it is gone");
	var_set(L"PvhefiDel2", &test_guid, NV_BS_RT, 6, d);
	CHECK_ST(var_set(L"PvhefiDel2", &test_guid, 0, 6, d), EFI_SUCCESS,
		 "delete: by attributes 0 (with data)");
	check_absent(L"PvhefiDel2", &test_guid, "delete: ... it is gone");
	CHECK_ST(var_set(L"PvhefiMissing", &test_guid, BS_RT, 0, NULL), EFI_NOT_FOUND,
		 "delete: a missing variable by DataSize 0 gives EFI_NOT_FOUND");
	CHECK_ST(var_set(L"PvhefiMissing", &test_guid, 0, 0, NULL), EFI_NOT_FOUND,
		 "delete: a missing variable by attributes 0 gives EFI_NOT_FOUND");
	CHECK_ST(var_set(L"PvhefiDel1", &test_guid, BS_RT, 0, NULL), EFI_NOT_FOUND,
		 "delete: deleting twice gives EFI_NOT_FOUND");
}

static void test_attributes(void)
{
	static const CHAR8 a[] = "sixteen bytes...", x[] = "other value";

	/* An existing variable keeps its attributes, and the refused write its data. */
	CHECK_ST(var_set(VAR_BS_RT, &test_guid, NV_BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: BS|RT rewritten as NV|BS|RT gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(VAR_BS_RT, &test_guid, V_BS, 11, x), EFI_INVALID_PARAMETER,
		 "attr: BS|RT rewritten as BS gives EFI_INVALID_PARAMETER");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "attr: the refused writes left it as it was");
	CHECK_ST(var_set(L"PvhefiRtOnly", &test_guid, V_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: RT without BS gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(L"PvhefiRtOnly", &test_guid, V_NV | V_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: NV|RT without BS gives EFI_INVALID_PARAMETER");
	check_absent(L"PvhefiRtOnly", &test_guid, "attr: ... no such variable was made");

	/* Authenticated writes, as OVMF answers them: the deprecated AUTHENTICATED_WRITE_ACCESS
	 * is unsupported (as the spec asks), a TIME_BASED one whose data is no
	 * EFI_VARIABLE_AUTHENTICATION_2 fails its check, and ENHANCED_AUTHENTICATED_ACCESS is
	 * not an attribute edk2 2022.11 knows. */
	CHECK_ST(var_set(L"PvhefiAuth", &test_guid, NV_BS_RT | V_AUTH_WRITE, 11, x),
		 EFI_UNSUPPORTED, "attr: AUTHENTICATED_WRITE_ACCESS (0x10) gives EFI_UNSUPPORTED");
	CHECK_ST(var_set(L"PvhefiAuth", &test_guid, NV_BS_RT | V_TIME_AUTH, 11, x), EFI_SECURITY_VIOLATION,
		 "attr: TIME_BASED_AUTHENTICATED_WRITE_ACCESS (0x20) gives EFI_SECURITY_VIOLATION");
	CHECK_ST(var_set(L"PvhefiAuth", &test_guid, NV_BS_RT | V_ENHANCED_AUTH, 11, x), EFI_INVALID_PARAMETER,
		 "attr: ENHANCED_AUTHENTICATED_ACCESS (0x80) gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(L"PvhefiAuth", &test_guid, BS_RT | V_TIME_AUTH, 11, x),
		 EFI_SECURITY_VIOLATION,
		 "attr: a volatile TIME_BASED_AUTHENTICATED one gives EFI_SECURITY_VIOLATION");
	check_absent(L"PvhefiAuth", &test_guid, "attr: ... no such variable was made");
	CHECK_ST(var_set(L"PvhefiBad", &test_guid, BS_RT | 0x100, 11, x), EFI_INVALID_PARAMETER,
		 "attr: an undefined attribute bit (0x100) gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(L"PvhefiBad", &test_guid, BS_RT, 11, NULL), EFI_INVALID_PARAMETER,
		 "attr: data NULL with a size gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(NULL, &test_guid, BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: a NULL name gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(L"", &test_guid, BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: an empty name gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(L"PvhefiBad", NULL, BS_RT, 11, x), EFI_INVALID_PARAMETER,
		 "attr: a NULL GUID gives EFI_INVALID_PARAMETER");
}

static void test_append(void)
{
	CHECK_ST(var_set(L"PvhefiAppend", &test_guid, BS_RT, 3, "abc"), EFI_SUCCESS, "append: set \"abc\"");
	CHECK_ST(var_set(L"PvhefiAppend", &test_guid, BS_RT | V_APPEND, 3, "def"), EFI_SUCCESS,
		 "append: APPEND_WRITE \"def\"");
	check_holds(L"PvhefiAppend", &test_guid, BS_RT, "abcdef", 6,
		    "append: reads \"abcdef\", the attributes without APPEND_WRITE");
	CHECK_ST(var_set(L"PvhefiAppend", &test_guid, BS_RT | V_APPEND, 0, NULL), EFI_SUCCESS,
		 "append: APPEND_WRITE of 0 bytes");
	check_holds(L"PvhefiAppend", &test_guid, BS_RT, "abcdef", 6, "append: ... changed nothing");
	var_set(L"PvhefiAppend", &test_guid, 0, 0, NULL);
	CHECK_ST(var_set(L"PvhefiAppend2", &test_guid, BS_RT | V_APPEND, 3, "xyz"), EFI_SUCCESS,
		 "append: APPEND_WRITE to a missing variable");
	check_holds(L"PvhefiAppend2", &test_guid, BS_RT, "xyz", 3, "append: ... made it");
	var_set(L"PvhefiAppend2", &test_guid, 0, 0, NULL);
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
	size = sizeof(var_buf);
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, NULL, &size, var_buf), EFI_SUCCESS,
		 "get: without attributes");
	size = sizeof(var_buf);
	CHECK_ST(RT->GetVariable(NULL, &test_guid, &attr, &size, var_buf), EFI_INVALID_PARAMETER,
		 "get: a NULL name gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->GetVariable(VAR_BS_RT, NULL, &attr, &size, var_buf), EFI_INVALID_PARAMETER,
		 "get: a NULL GUID gives EFI_INVALID_PARAMETER");
	CHECK_ST(RT->GetVariable(VAR_BS_RT, &test_guid, &attr, NULL, var_buf),
		 EFI_INVALID_PARAMETER, "get: a NULL size gives EFI_INVALID_PARAMETER");
	check_absent(L"", &test_guid, "get: an empty name gives EFI_NOT_FOUND");
}

/* Names are UTF-16 strings compared whole; the GUID is part of the name. */
static void test_names(void)
{
	static CHAR16 upper[] = L"PvhefiCase", lower[] = L"pvhefiCase";
	static CHAR16 intl[] = { L'P', L'v', L'h', 0x00e9, 0x4e2d, 0xd83d, 0xde00, 0 };
	static CHAR16 a[] = { L'P', L'v', L'h', L'A', 0 }, a_high[] = { L'P', L'v', L'h', 0x0141, 0 };

	CHECK_ST(var_set(upper, &test_guid, BS_RT, 1, "U"), EFI_SUCCESS, "names: set PvhefiCase");
	check_absent(lower, &test_guid, "names: pvhefiCase is another variable (case matters)");
	check_absent(upper, &other_guid, "names: the same name under another GUID is another variable");
	CHECK_ST(var_set(upper, &other_guid, BS_RT, 1, "O"), EFI_SUCCESS, "names: set it under the other GUID");
	check_holds(upper, &test_guid, BS_RT, "U", 1, "names: each GUID keeps its own value");
	check_holds(upper, &other_guid, BS_RT, "O", 1, "names: ... both of them");
	CHECK_ST(var_set(intl, &test_guid, BS_RT, 1, "I"), EFI_SUCCESS,
		 "names: a name with e-acute, a CJK letter and a surrogate pair");
	check_holds(intl, &test_guid, BS_RT, "I", 1, "names: ... reads back");
	CHECK_ST(var_set(a, &test_guid, BS_RT, 1, "A"), EFI_SUCCESS, "names: set PvhA");
	check_absent(a_high, &test_guid, "names: U+0141 is not U+0041 (all 16 bits compared)");
	var_set(upper, &other_guid, 0, 0, NULL);
	var_set(upper, &test_guid, 0, 0, NULL);
	var_set(intl, &test_guid, 0, 0, NULL);
	var_set(a, &test_guid, 0, 0, NULL);
}
/* ---- QueryVariableInfo and a bounded store ---------------------------------------------- */

static void test_query(UINT32 attr, const char *check, const char *shrink)
{
	static UINT8 data[1000];
	UINT64 max = 0, remaining = 0, maxvar = 0, max2 = 0, remaining2 = 0, maxvar2 = 0;
	EFI_STATUS st = RT->QueryVariableInfo(attr, &max, &remaining, &maxvar);

	CHECKF(st == EFI_SUCCESS && remaining <= max && maxvar > 0 && maxvar <= max, check,
	       L"%r: max %ld, remaining %ld, maximum variable %ld", st, max, remaining, maxvar);
	var_set(L"PvhefiQuery", &test_guid, attr, sizeof(data), data);
	RT->QueryVariableInfo(attr, &max2, &remaining2, &maxvar2);
	CHECKF(remaining2 < remaining && max2 == max, shrink, L"remaining %ld then %ld, max %ld then %ld",
	       remaining, remaining2, max, max2);
	var_set(L"PvhefiQuery", &test_guid, 0, 0, NULL);
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
	CHECK_ST(var_set(L"PvhefiHuge", &test_guid, BS_RT, maxvar + 1, data), EFI_INVALID_PARAMETER,
		 "bounds: data over the maximum variable size gives EFI_INVALID_PARAMETER");
	check_absent(L"PvhefiHuge", &test_guid, "bounds: ... no such variable was made");
	/* The maximum counts the name with the data (as edk2 does); this fits either way. */
	fits = maxvar - StrSize((CHAR16 *)names[0]);
	for (filled = 0; filled < sizeof(names) / sizeof(names[0]); filled++)
		if ((st = var_set(names[filled], &test_guid, BS_RT, fits, data)) != EFI_SUCCESS)
			break;
	check_print(L"bounds: %ld variables of %ld bytes, then %r\n", (INT64)filled, (INT64)fits, st);
	CHECKF(filled >= 1, "bounds: a variable of the maximum size is accepted", L"%r", st);
	CHECK_ST(st, EFI_OUT_OF_RESOURCES, "bounds: the store fills: then EFI_OUT_OF_RESOURCES");
	for (UINTN i = 0; i < filled; i++)
		if (var_set(names[i], &test_guid, BS_RT, 0, NULL) == EFI_SUCCESS)
			deleted++;
	CHECK_EQ(deleted, filled, "bounds: each filler deletes");
	CHECK_ST(var_set(L"PvhefiRefill", &test_guid, BS_RT, fits, data), EFI_SUCCESS,
		 "bounds: after the deletions a variable of the maximum size fits again");
	var_set(L"PvhefiRefill", &test_guid, 0, 0, NULL);
	BS->FreePool(data);
}

/* ---- the flow ------------------------------------------------------------------------------ */

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
