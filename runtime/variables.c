/*
 * EFI variables, in a volatile store in runtime data: GetVariable, GetNextVariableName,
 * SetVariable and QueryVariableInfo with the spec's attribute rules. NON_VOLATILE is accepted
 * and kept in RAM: nothing survives the VM. Authenticated writes are refused. Each service has
 * a boot-time variant and a runtime one, in which variables without RUNTIME_ACCESS do not exist.
 *
 * The store is a run of records, each a header, the UTF-16 name with its NUL, the data, padding
 * to 8 bytes; a record that grows or shrinks moves those after it. Pure: host-tested.
 */
#include "lib/lib.h"
#include "lib/status.h"
#include "runtime/internal.h"

#define STORE_SIZE (12 * 1024)
#define MAX_VARIABLE (2 * 1024) /* a name and its data */
#define READ_ONLY 0x1 /* a record flag: the firmware's own globals */
#define KNOWN_ATTRIBUTES 0xff
#define ACCESS (EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

struct record {
	UINT32 size; /* the whole record, a multiple of 8 */
	UINT32 attributes;
	EFI_GUID guid;
	UINT16 name_size; /* bytes, with the NUL */
	UINT16 flags;
	UINT32 data_size;
	CHAR16 name[]; /* then the data */
};

static UINT64 store_words[STORE_SIZE / 8];
static UINT8 *const store = (UINT8 *)store_words;
static UINT32 used; /* bytes of the store in records */

static UINT8 *data_of(struct record *r)
{
	return (UINT8 *)r->name + r->name_size;
}

static UINT32 record_size(UINTN name_size, UINTN data_size)
{
	return ALIGN_UP((UINT32)(sizeof(struct record) + name_size + data_size), 8);
}

static struct record *next(struct record *r)
{
	UINT8 *p = r ? (UINT8 *)r + r->size : store;

	return p < store + used ? (struct record *)p : NULL;
}

/* Bytes of a NUL-terminated name of at most max bytes, with its NUL; 0 when there is none. */
static UINTN name_bytes(const CHAR16 *name, UINTN max)
{
	for (UINTN i = 0; i < max / sizeof(CHAR16); i++)
		if (!name[i])
			return (i + 1) * sizeof(CHAR16);
	return 0;
}

static bool visible(const struct record *r, bool at_runtime)
{
	return !at_runtime || (r->attributes & EFI_VARIABLE_RUNTIME_ACCESS);
}

static struct record *find(const CHAR16 *name, UINTN name_size, const EFI_GUID *guid, bool at_runtime)
{
	for (struct record *r = next(NULL); r; r = next(r))
		if (r->name_size == name_size && !memcmp(&r->guid, guid, sizeof(*guid)) &&
		    !memcmp(r->name, name, name_size) && visible(r, at_runtime))
			return r;
	return NULL;
}

/* Gives r room for data_size bytes of data, moving the records after it; false if no room. */
static bool resize(struct record *r, UINTN data_size)
{
	UINT32 size = record_size(r->name_size, data_size);
	UINT8 *after = (UINT8 *)r + r->size;

	if (size > r->size && size - r->size > STORE_SIZE - used)
		return false;
	memmove((UINT8 *)r + size, after, store + used - after);
	used = used - r->size + size;
	r->size = size;
	r->data_size = (UINT32)data_size;
	return true;
}

static void remove_record(struct record *r)
{
	UINT8 *after = (UINT8 *)r + r->size;

	memmove(r, after, store + used - after);
	used -= (UINT32)(after - (UINT8 *)r);
}

static EFI_STATUS add(const CHAR16 *name, UINTN name_size, const EFI_GUID *guid, UINT32 attributes,
		      UINTN data_size, const void *data, UINT16 flags)
{
	UINT32 size = record_size(name_size, data_size);
	struct record *r = (struct record *)(store + used);

	if (size > STORE_SIZE - used)
		return EFI_OUT_OF_RESOURCES;
	*r = (struct record){ size, attributes, *guid, (UINT16)name_size, flags, (UINT32)data_size };
	memcpy(r->name, name, name_size);
	memcpy(data_of(r), data, data_size);
	used += size;
	return EFI_SUCCESS;
}

static EFI_STATUS get_variable(const CHAR16 *name, const EFI_GUID *guid, UINT32 *attributes,
			       UINTN *data_size, void *data, bool at_runtime)
{
	struct record *r;
	UINTN name_size;

	if (!name || !guid || !data_size)
		return EFI_INVALID_PARAMETER;
	name_size = name_bytes(name, MAX_VARIABLE);
	if (!name_size || !(r = find(name, name_size, guid, at_runtime)))
		return EFI_NOT_FOUND;
	if (attributes)
		*attributes = r->attributes;
	if (*data_size < r->data_size) {
		*data_size = r->data_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!data)
		return EFI_INVALID_PARAMETER;
	memcpy(data, data_of(r), r->data_size);
	*data_size = r->data_size;
	return EFI_SUCCESS;
}

/* The name must end within the *name_size bytes given; an empty one starts the walk. */
static EFI_STATUS get_next_variable_name(UINTN *name_size, CHAR16 *name, EFI_GUID *guid,
					 bool at_runtime)
{
	UINTN given;
	struct record *r = NULL;

	if (!name_size || !name || !guid || !(given = name_bytes(name, *name_size)))
		return EFI_INVALID_PARAMETER;
	if (name[0] && !(r = find(name, given, guid, at_runtime)))
		return EFI_INVALID_PARAMETER;
	do
		r = next(r);
	while (r && !visible(r, at_runtime));
	if (!r)
		return EFI_NOT_FOUND;
	if (*name_size < r->name_size) {
		*name_size = r->name_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(name, r->name, r->name_size);
	*guid = r->guid;
	*name_size = r->name_size;
	return EFI_SUCCESS;
}

/* What SetVariable refuses whatever the store holds. */
static EFI_STATUS check_set(const CHAR16 *name, UINTN name_size, UINT32 attributes, UINTN data_size,
			    const void *data)
{
	if (!name_size || name_size == sizeof(CHAR16) || (data_size && !data))
		return EFI_INVALID_PARAMETER;
	if (attributes & ~KNOWN_ATTRIBUTES)
		return EFI_INVALID_PARAMETER;
	/* No authenticated variables here, and the statuses edk2 gives without the keys: the
	 * deprecated count-based kind is unsupported, a time-based write cannot be verified, the
	 * enhanced kind is not known. */
	if (attributes & EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS)
		return EFI_UNSUPPORTED;
	if (attributes & EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)
		return EFI_SECURITY_VIOLATION;
	if (attributes & EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS)
		return EFI_INVALID_PARAMETER;
	if (attributes & EFI_VARIABLE_HARDWARE_ERROR_RECORD)
		return EFI_UNSUPPORTED; /* no hardware error record store */
	if ((attributes & EFI_VARIABLE_RUNTIME_ACCESS) && !(attributes & EFI_VARIABLE_BOOTSERVICE_ACCESS))
		return EFI_INVALID_PARAMETER;
	if (data_size > MAX_VARIABLE - name_size) /* name_size is at most MAX_VARIABLE: no wrap */
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

/* After ExitBootServices only non-volatile runtime variables can be written: volatile ones
 * are read-only data then (UEFI 2.10 8.2, SetVariable). */
static EFI_STATUS check_runtime_write(const struct record *r, UINT32 attributes)
{
	const UINT32 writable = EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_RUNTIME_ACCESS;

	if (r && (r->attributes & writable) != writable)
		return EFI_WRITE_PROTECTED;
	if ((attributes & ACCESS) && (attributes & writable) != writable)
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

static EFI_STATUS update(struct record *r, UINT32 attributes, UINTN data_size, const void *data)
{
	bool append = attributes & EFI_VARIABLE_APPEND_WRITE;
	UINTN old = append ? r->data_size : 0;

	if (r->flags & READ_ONLY)
		return EFI_WRITE_PROTECTED;
	if (r->attributes != (attributes & ~EFI_VARIABLE_APPEND_WRITE))
		return EFI_INVALID_PARAMETER;
	if (old + data_size > MAX_VARIABLE - (UINTN)r->name_size) /* each term checked before: no wrap */
		return EFI_INVALID_PARAMETER;
	if (!resize(r, old + data_size))
		return EFI_OUT_OF_RESOURCES;
	if (data_size) /* data may be NULL then */
		memcpy(data_of(r) + old, data, data_size);
	return EFI_SUCCESS;
}

static EFI_STATUS set_variable(const CHAR16 *name, const EFI_GUID *guid, UINT32 attributes,
			       UINTN data_size, const void *data, bool at_runtime)
{
	bool append = attributes & EFI_VARIABLE_APPEND_WRITE;
	UINTN name_size;
	struct record *r;
	EFI_STATUS st;

	if (!name || !guid)
		return EFI_INVALID_PARAMETER;
	name_size = name_bytes(name, MAX_VARIABLE);
	if ((st = check_set(name, name_size, attributes, data_size, data)) != EFI_SUCCESS)
		return st;
	/* A boot-service-only variable is hidden at runtime, yet still there to write-protect. */
	r = find(name, name_size, guid, false);
	if (at_runtime && (st = check_runtime_write(r, attributes)) != EFI_SUCCESS)
		return st;
	if (!(attributes & ACCESS) || (!data_size && !append)) { /* a deletion */
		if (!r)
			return EFI_NOT_FOUND;
		if (r->flags & READ_ONLY)
			return EFI_WRITE_PROTECTED;
		remove_record(r);
		return EFI_SUCCESS;
	}
	if (r)
		return update(r, attributes, data_size, data);
	if (!data_size) /* appending nothing to no variable creates none (edk2 alike) */
		return EFI_SUCCESS;
	return add(name, name_size, guid, attributes & ~EFI_VARIABLE_APPEND_WRITE, data_size, data, 0);
}

static EFI_STATUS query_variable_info(UINT32 attributes, UINT64 *max_storage, UINT64 *remaining,
				      UINT64 *max_size, bool at_runtime)
{
	if (!max_storage || !remaining || !max_size || !(attributes & ACCESS))
		return EFI_INVALID_PARAMETER;
	if ((attributes & EFI_VARIABLE_RUNTIME_ACCESS) && !(attributes & EFI_VARIABLE_BOOTSERVICE_ACCESS))
		return EFI_INVALID_PARAMETER;
	if (at_runtime && !(attributes & EFI_VARIABLE_RUNTIME_ACCESS))
		return EFI_INVALID_PARAMETER;
	if (attributes & ~(ACCESS | EFI_VARIABLE_NON_VOLATILE))
		return EFI_UNSUPPORTED;
	*max_storage = STORE_SIZE;
	*remaining = STORE_SIZE - used;
	*max_size = MAX_VARIABLE;
	return EFI_SUCCESS;
}

EFI_STATUS variable_set_firmware(const CHAR16 *name, const EFI_GUID *guid, UINT32 attributes,
				 UINTN data_size, const void *data, bool read_only)
{
	UINTN name_size = name_bytes(name, MAX_VARIABLE);
	struct record *r = find(name, name_size, guid, false);

	if (r)
		remove_record(r);
	return add(name, name_size, guid, attributes, data_size, data, read_only ? READ_ONLY : 0);
}

/* The globals a firmware owns (UEFI 2.10 3.3): Secure Boot off, in setup mode (no platform
 * key), no OS indication supported, English. */
void variables_init(void)
{
	static const EFI_GUID global = EFI_GLOBAL_VARIABLE;
	static const UINT8 secure_boot = 0, setup_mode = 1;
	static const UINT64 os_indications = 0;
	static const char lang[] = "en-US", lang_codes[] = "eng";
	const UINT32 rt = EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS;

	used = 0;
	variable_set_firmware(u"SecureBoot", &global, rt, sizeof(secure_boot), &secure_boot, true);
	variable_set_firmware(u"SetupMode", &global, rt, sizeof(setup_mode), &setup_mode, true);
	variable_set_firmware(u"OsIndicationsSupported", &global, rt, sizeof(os_indications),
			      &os_indications, true);
	variable_set_firmware(u"PlatformLangCodes", &global, rt, sizeof(lang), lang, true);
	variable_set_firmware(u"LangCodes", &global, rt, sizeof(lang_codes), lang_codes, true);
	variable_set_firmware(u"PlatformLang", &global, rt | EFI_VARIABLE_NON_VOLATILE, sizeof(lang),
			      lang, false);
}

/* ---- the services: a boot-time and a runtime variant of each --------------------------- */

static void trace_status(const char *service, const CHAR16 *name, EFI_STATUS st)
{
	char ascii[64];

	trace_rt("pvhefi: trace: runtime %s(%s) = %s\n", service,
		 name ? trace_name(name, ascii, sizeof(ascii)) : "", status_name(st));
}

#define VARIANTS(name, Service, params, trace_arg, ...)                              \
	EFI_STATUS EFIAPI rt_##name##_boot params                                    \
	{                                                                             \
		EFI_STATUS st = name(__VA_ARGS__, false);                             \
		trace_status(#Service, trace_arg, st);                                \
		return st;                                                            \
	}                                                                             \
	EFI_STATUS EFIAPI rt_##name params                                           \
	{                                                                             \
		EFI_STATUS st = name(__VA_ARGS__, true);                              \
		trace_status(#Service, trace_arg, st);                                \
		return st;                                                            \
	}

VARIANTS(get_variable, GetVariable, (CHAR16 *n, EFI_GUID *g, UINT32 *a, UINTN *size, VOID *data), n,
	 n, g, a, size, data)
VARIANTS(get_next_variable_name, GetNextVariableName, (UINTN *size, CHAR16 *n, EFI_GUID *g), n,
	 size, n, g)
VARIANTS(set_variable, SetVariable, (CHAR16 *n, EFI_GUID *g, UINT32 a, UINTN size, VOID *data), n,
	 n, g, a, size, data)
VARIANTS(query_variable_info, QueryVariableInfo,
	 (UINT32 a, UINT64 *max_storage, UINT64 *remaining, UINT64 *max_size), NULL,
	 a, max_storage, remaining, max_size)
