/*
 * Variable services over an empty, read-only store: every lookup answers as the spec says for a
 * store that holds no variable (EFI_NOT_FOUND), which is what the Linux stub asks when it reads
 * SecureBoot or SetupMode. SetVariable and QueryVariableInfo stay EFI_UNSUPPORTED (and unclaimed
 * in EFI_RT_PROPERTIES_TABLE) until pvhefi keeps volatile variables.
 */
#include "lib/status.h"
#include "runtime/internal.h"

static EFI_STATUS get_variable(CHAR16 *name, EFI_GUID *guid, UINTN *data_size)
{
	if (!name || !guid || !data_size)
		return EFI_INVALID_PARAMETER;
	return EFI_NOT_FOUND;
}

EFI_STATUS EFIAPI rt_get_variable(CHAR16 *name, EFI_GUID *guid, UINT32 *attributes, UINTN *data_size,
				  VOID *data)
{
	EFI_STATUS st = get_variable(name, guid, data_size);
	char ascii[64];

	trace_rt("pvhefi: trace: runtime GetVariable(%s) = %s\n", trace_name(name, ascii, sizeof(ascii)),
		 status_name(st));
	return st;
}

static EFI_STATUS get_next_variable_name(UINTN *name_size, CHAR16 *name, EFI_GUID *guid)
{
	if (!name_size || !name || !guid)
		return EFI_INVALID_PARAMETER;
	/* An empty name starts the walk, and there is nothing to walk; any other name is unknown. */
	return name[0] == 0 ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER;
}

EFI_STATUS EFIAPI rt_get_next_variable_name(UINTN *name_size, CHAR16 *name, EFI_GUID *guid)
{
	EFI_STATUS st = get_next_variable_name(name_size, name, guid);

	trace_rt("pvhefi: trace: runtime GetNextVariableName = %s\n", status_name(st));
	return st;
}
