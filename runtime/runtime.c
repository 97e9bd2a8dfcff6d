/*
 * The runtime services table, the one "boot services have exited" fact, the swap of boot-time
 * variants for runtime ones at ExitBootServices, the monotonic count, and
 * EFI_RT_PROPERTIES_TABLE, which claims exactly what works on this machine.
 */
#include "lib/status.h"
#include "runtime/internal.h"

/* A named stub per service not offered: the ms_abi caller cleans up its arguments, so one
 * signature fits every service. */
#define STUB(name)                                                                   \
	static EFI_STATUS EFIAPI unsupported_##name(void)                            \
	{                                                                             \
		trace_rt("pvhefi: trace: runtime " #name " = EFI_UNSUPPORTED\n");    \
		return EFI_UNSUPPORTED;                                               \
	}
STUB(GetWakeupTime)
STUB(SetWakeupTime)
STUB(UpdateCapsule)
STUB(QueryCapsuleCapabilities)
#define UNSUPPORTED(name) ((void *)unsupported_##name)

static EFI_STATUS EFIAPI rt_get_next_high_monotonic_count(UINT32 *high);

/* Its entries are the runtime variants: what the OS calls, at whatever address it maps them. */
EFI_RUNTIME_SERVICES runtime_services = {
	.Hdr = { EFI_RUNTIME_SERVICES_SIGNATURE, UEFI_REVISION, sizeof(EFI_RUNTIME_SERVICES), 0, 0 },
	.GetTime = rt_get_time,
	.SetTime = rt_set_time,
	.GetWakeupTime = UNSUPPORTED(GetWakeupTime),
	.SetWakeupTime = UNSUPPORTED(SetWakeupTime),
	.SetVirtualAddressMap = rt_set_virtual_address_map,
	.ConvertPointer = rt_convert_pointer,
	.GetVariable = rt_get_variable,
	.GetNextVariableName = rt_get_next_variable_name,
	.SetVariable = rt_set_variable,
	.GetNextHighMonotonicCount = rt_get_next_high_monotonic_count,
	.ResetSystem = rt_reset_system,
	.UpdateCapsule = UNSUPPORTED(UpdateCapsule),
	.QueryCapsuleCapabilities = UNSUPPORTED(QueryCapsuleCapabilities),
	.QueryVariableInfo = rt_query_variable_info,
};

EFI_RT_PROPERTIES_TABLE runtime_properties = {
	.Version = EFI_RT_PROPERTIES_TABLE_VERSION,
	.Length = sizeof(EFI_RT_PROPERTIES_TABLE),
};

bool runtime_at_runtime;
/* High half: GetNextHighMonotonicCount's; low half: GetNextMonotonicCount's (it carries). */
static UINT64 monotonic;

/* What works after ExitBootServices everywhere, and what depends on the machine. */
static UINT32 supported(void)
{
	UINT32 s = EFI_RT_SUPPORTED_GET_VARIABLE | EFI_RT_SUPPORTED_GET_NEXT_VARIABLE_NAME |
		   EFI_RT_SUPPORTED_SET_VARIABLE | EFI_RT_SUPPORTED_QUERY_VARIABLE_INFO |
		   EFI_RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP | EFI_RT_SUPPORTED_CONVERT_POINTER |
		   EFI_RT_SUPPORTED_GET_NEXT_HIGH_MONOTONIC_COUNT;

	if (time_claims(EFI_RT_SUPPORTED_GET_TIME))
		s |= EFI_RT_SUPPORTED_GET_TIME;
	if (time_claims(EFI_RT_SUPPORTED_SET_TIME))
		s |= EFI_RT_SUPPORTED_SET_TIME;
	if (reset_claimed())
		s |= EFI_RT_SUPPORTED_RESET_SYSTEM;
	return s;
}

/* The services that differ before ExitBootServices, and their variants then. */
static void use_boot_variants(EFI_RESET_SYSTEM boot_reset)
{
	runtime_services.GetVariable = rt_get_variable_boot;
	runtime_services.GetNextVariableName = rt_get_next_variable_name_boot;
	runtime_services.SetVariable = rt_set_variable_boot;
	runtime_services.QueryVariableInfo = rt_query_variable_info_boot;
	runtime_services.ResetSystem = boot_reset;
}

/* The addresses written back are those the table had at link time: its relocation records
 * (tools/rtrelocs) expect them. */
static void use_runtime_variants(void)
{
	runtime_services.GetVariable = rt_get_variable;
	runtime_services.GetNextVariableName = rt_get_next_variable_name;
	runtime_services.SetVariable = rt_set_variable;
	runtime_services.QueryVariableInfo = rt_query_variable_info;
	runtime_services.ResetSystem = rt_reset_system;
}

void runtime_init(const struct runtime_plan *plan, EFI_RESET_SYSTEM boot_reset)
{
	reset_set_plan(plan);
	time_set_clock(&plan->clock);
	variables_init();
	runtime_properties.RuntimeServicesSupported = supported();
	use_boot_variants(boot_reset);
	table_update_crc(&runtime_services.Hdr);
}

void runtime_enter(const struct runtime_range *ranges, uint32_t n)
{
	runtime_keep_ranges(ranges, n);
	runtime_at_runtime = true;
	use_runtime_variants();
	table_update_crc(&runtime_services.Hdr);
}

bool runtime_exited(void)
{
	return runtime_at_runtime;
}

uint64_t monotonic_next(void)
{
	return monotonic++;
}

static EFI_STATUS EFIAPI rt_get_next_high_monotonic_count(UINT32 *high)
{
	EFI_STATUS st = EFI_INVALID_PARAMETER;

	if (high) {
		monotonic += 1ULL << 32;
		*high = (UINT32)(monotonic >> 32);
		st = EFI_SUCCESS;
	}
	trace_rt("pvhefi: trace: runtime GetNextHighMonotonicCount = %s\n", status_name(st));
	return st;
}
