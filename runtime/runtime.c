/*
 * The runtime services table, the one "boot services have exited" fact, and the swap of
 * boot-time variants for runtime ones at ExitBootServices. Entries not implemented return
 * EFI_UNSUPPORTED, and EFI_RT_PROPERTIES_TABLE leaves their bits clear.
 */
#include "runtime/internal.h"

/* A named stub per service not implemented: the ms_abi caller cleans up its arguments, so one
 * signature fits every service. */
#define STUB(name)                                                                   \
	static EFI_STATUS EFIAPI unsupported_##name(void)                            \
	{                                                                             \
		trace_rt("pvhefi: trace: runtime " #name " = EFI_UNSUPPORTED\n");    \
		return EFI_UNSUPPORTED;                                               \
	}
STUB(GetTime)
STUB(SetTime)
STUB(GetWakeupTime)
STUB(SetWakeupTime)
STUB(ConvertPointer)
STUB(SetVariable)
STUB(GetNextHighMonotonicCount)
STUB(UpdateCapsule)
STUB(QueryCapsuleCapabilities)
STUB(QueryVariableInfo)
#define UNSUPPORTED(name) ((void *)unsupported_##name)

/* Its entries are the runtime variants: what the OS calls, at whatever address it maps them. */
EFI_RUNTIME_SERVICES runtime_services = {
	.Hdr = { EFI_RUNTIME_SERVICES_SIGNATURE, UEFI_REVISION, sizeof(EFI_RUNTIME_SERVICES), 0, 0 },
	.GetTime = UNSUPPORTED(GetTime),
	.SetTime = UNSUPPORTED(SetTime),
	.GetWakeupTime = UNSUPPORTED(GetWakeupTime),
	.SetWakeupTime = UNSUPPORTED(SetWakeupTime),
	.SetVirtualAddressMap = rt_set_virtual_address_map,
	.ConvertPointer = UNSUPPORTED(ConvertPointer),
	.GetVariable = rt_get_variable,
	.GetNextVariableName = rt_get_next_variable_name,
	.SetVariable = UNSUPPORTED(SetVariable),
	.GetNextHighMonotonicCount = UNSUPPORTED(GetNextHighMonotonicCount),
	.ResetSystem = rt_reset_system,
	.UpdateCapsule = UNSUPPORTED(UpdateCapsule),
	.QueryCapsuleCapabilities = UNSUPPORTED(QueryCapsuleCapabilities),
	.QueryVariableInfo = UNSUPPORTED(QueryVariableInfo),
};

const EFI_RT_PROPERTIES_TABLE runtime_properties = {
	.Version = EFI_RT_PROPERTIES_TABLE_VERSION,
	.Length = sizeof(EFI_RT_PROPERTIES_TABLE),
	.RuntimeServicesSupported = EFI_RT_SUPPORTED_GET_VARIABLE |
				    EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME |
				    EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP,
};

bool runtime_at_runtime;

void runtime_init(const struct runtime_plan *plan, EFI_RESET_SYSTEM boot_reset)
{
	reset_set_plan(plan);
	runtime_services.ResetSystem = boot_reset;
	table_update_crc(&runtime_services.Hdr);
}

void runtime_enter(void)
{
	runtime_at_runtime = true;
	runtime_services.ResetSystem = rt_reset_system;
	table_update_crc(&runtime_services.Hdr);
}

bool runtime_exited(void)
{
	return runtime_at_runtime;
}
