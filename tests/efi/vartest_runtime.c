/*
 * vartest, part 2 (the flow and the boot-time checks are in vartest.c): GetNextVariableName,
 * systemd's loader interface variables, and after ExitBootServices, where the walk and the
 * loader variables are checked again.
 */
#include "check.h"
#include "vartest.h"

/* systemd's loader interface (docs/BOOT_LOADER_INTERFACE.md). */
static EFI_GUID loader_guid = { 0x4a67b082, 0x0a4c, 0x41cf, { 0xb6, 0xc7, 0x44, 0x0b, 0x29, 0xbb, 0x8c, 0x4f } };

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

void test_walk(void)
{
	static CHAR16 name[NAME_MAX];
	EFI_GUID guid;
	UINTN size, dup = 0, unreadable = 0;
	UINT32 attr;

	var_set(L"PvhefiGone", &test_guid, BS_RT, 1, "g");
	var_set(L"PvhefiGone", &test_guid, 0, 0, NULL);
	if (!walk("walk: GetNextVariableName from the empty name ends with EFI_NOT_FOUND"))
		return;
	for (UINTN i = 0; i < nseen; i++) {
		if (times_seen(seen[i].name, &seen[i].guid) != 1)
			dup++;
		if (var_probe(seen[i].name, &seen[i].guid, &attr) != EFI_BUFFER_TOO_SMALL)
			unreadable++;
	}
	check_print(L"walk: %ld variables\n", (INT64)nseen);
	CHECKF(dup == 0, "walk: every variable comes once", L"%ld twice", (INT64)dup);
	CHECKF(unreadable == 0, "walk: GetVariable finds every variable the walk gives (EFI_BUFFER_TOO_SMALL)",
	       L"%ld not", (INT64)unreadable);
	CHECK(times_seen(VAR_BS, &test_guid) == 1 && times_seen(VAR_BS_RT, &test_guid) == 1 &&
		      times_seen(VAR_NV, &test_guid) == 1 && times_seen(L"SecureBoot", &global_guid) == 1,
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

/* ---- systemd's loader interface (pvhefi) ----------------------------------------------- */

/* A UTF-16 string variable, BS|RT, NUL-terminated within its size, into out. */
static BOOLEAN loader_string(const CHAR16 *name, CHAR16 *out, UINTN max)
{
	UINT32 attr;
	UINTN size;
	EFI_STATUS st = var_get(name, &loader_guid, &attr, &size);
	BOOLEAN ok = st == EFI_SUCCESS && attr == BS_RT && size >= 4 && size <= max && size % 2 == 0 &&
		     ((CHAR16 *)var_buf)[size / 2 - 1] == 0 && StrSize((CHAR16 *)var_buf) == size;

	static char check[96] = "loader: ";
	UINTN n = 8;

	if (ok)
		CopyMem(out, var_buf, size);
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

void test_loader(void)
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
	CHECK_ST(var_set(L"LoaderTimeExecUSec", &loader_guid, NV_BS_RT, 4, L"1"),
		 EFI_INVALID_PARAMETER,
		 "loader: rewriting one with other attributes gives EFI_INVALID_PARAMETER");
	CHECK(var_get(L"LoaderTimeExecUSec", &loader_guid, &attr, &size) == EFI_SUCCESS &&
		      !StrCmp((CHAR16 *)var_buf, exec),
	      "loader: ... and leaves it");
}

/* ---- after ExitBootServices --------------------------------------------------------------- */

void test_runtime(void)
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
			if (var_probe(seen[i].name, &seen[i].guid, &attr) != EFI_BUFFER_TOO_SMALL || !(attr & V_RT))
				bs_only++;
		CHECKF(bs_only == 0, "runtime: the walk gives runtime variables alone",
		       L"%ld others of %ld", (INT64)bs_only, (INT64)nseen);
		CHECK(times_seen(VAR_BS, &test_guid) == 0 && times_seen(VAR_BS_RT, &test_guid) == 1 &&
			      times_seen(VAR_NV, &test_guid) == 1,
		      "runtime: the walk has our BS|RT and NV|BS|RT variables, not the BS one");
	}
	size = 4;
	CHECK(RT->GetVariable(VAR_NV, &test_guid, &attr, &size, var_buf) == EFI_BUFFER_TOO_SMALL && size == 16,
	      "runtime: GetVariable's EFI_BUFFER_TOO_SMALL with the size");

	/* Writes: once boot services are gone only NV|RT variables can be set (UEFI 2.10 8.2:
	 * volatile runtime ones are read-only); OVMF's statuses. */
	CHECK_ST(var_set(L"PvhefiNewBs", &test_guid, V_BS, 1, "b"), EFI_INVALID_PARAMETER,
		 "runtime: setting a new BS variable gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(VAR_BS, &test_guid, V_BS, 1, "b"), EFI_WRITE_PROTECTED,
		 "runtime: setting the existing BS variable gives EFI_WRITE_PROTECTED");
	CHECK_ST(var_set(L"PvhefiNewVol", &test_guid, BS_RT, 1, "v"), EFI_INVALID_PARAMETER,
		 "runtime: setting a new volatile BS|RT variable gives EFI_INVALID_PARAMETER");
	CHECK_ST(var_set(VAR_BS_RT, &test_guid, BS_RT, 1, "v"), EFI_WRITE_PROTECTED,
		 "runtime: rewriting the volatile BS|RT variable gives EFI_WRITE_PROTECTED");
	check_holds(VAR_BS_RT, &test_guid, BS_RT, a, 16, "runtime: ... which keeps its value");
	CHECK_ST(var_set(VAR_NV, &test_guid, NV_BS_RT, 3, "new"), EFI_SUCCESS,
		 "runtime: rewriting the NV|BS|RT variable");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, "new", 3, "runtime: ... reads back");
	CHECK_ST(var_set(VAR_NV, &test_guid, NV_BS_RT | V_APPEND, 3, "est"), EFI_SUCCESS,
		 "runtime: APPEND_WRITE to it");
	check_holds(VAR_NV, &test_guid, NV_BS_RT, "newest", 6, "runtime: ... reads \"newest\"");
	CHECK_ST(var_set(L"PvhefiNewNv", &test_guid, NV_BS_RT, 2, "nv"), EFI_SUCCESS,
		 "runtime: setting a new NV|BS|RT variable");
	check_holds(L"PvhefiNewNv", &test_guid, NV_BS_RT, "nv", 2, "runtime: ... reads back");
	CHECK_ST(var_set(L"PvhefiNewNv", &test_guid, NV_BS_RT, 0, NULL), EFI_SUCCESS,
		 "runtime: deleting it");
	check_absent(L"PvhefiNewNv", &test_guid, "runtime: ... it is gone");
	CHECK_ST(var_set(VAR_NV, &test_guid, 0, 0, NULL), EFI_SUCCESS, "runtime: deleting the NV|BS|RT variable");
	check_absent(VAR_NV, &test_guid, "runtime: ... it is gone");
	check_read_only(L"SecureBoot", 1, "runtime: SetVariable(SecureBoot) gives EFI_WRITE_PROTECTED");

	CHECK_ST(RT->QueryVariableInfo(NV_BS_RT, &max, &remaining, &maxvar), EFI_SUCCESS,
		 "runtime: QueryVariableInfo NV|BS|RT");
	CHECK_ST(RT->QueryVariableInfo(V_BS, &max, &remaining, &maxvar), EFI_INVALID_PARAMETER,
		 "runtime: QueryVariableInfo without RT gives EFI_INVALID_PARAMETER");
	if (check_option(L"pvhefi")) {
		static CHAR16 exec[32];
		loader_string(L"LoaderTimeExecUSec", exec, sizeof(exec));
	}
}

EFI_STATUS exit_boot_services(EFI_HANDLE image)
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
