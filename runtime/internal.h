/* What the runtime unit's files share among themselves, and nobody else sees. */
#ifndef PVHEFI_RUNTIME_INTERNAL_H
#define PVHEFI_RUNTIME_INTERNAL_H

#include <stddef.h>

#include "runtime/runtime.h"

/* Hidden, so the unit takes these addresses RIP-relative: a GOT load would become an absolute
 * address in code once linked, which SetVirtualAddressMap could not move. */
#pragma GCC visibility push(hidden)

/* The runtime services table the system table points at (runtime/runtime.c). */
extern EFI_RUNTIME_SERVICES runtime_services;
/* ExitBootServices has happened (runtime/runtime.c); SetVirtualAddressMap has (virtual.c). */
extern bool runtime_at_runtime, runtime_virtual;

/* The services, by file. SetVirtualAddressMap, ConvertPointer (runtime/virtual.c): */
EFI_STATUS EFIAPI rt_set_virtual_address_map(UINTN map_size, UINTN desc_size, UINT32 version,
					     EFI_MEMORY_DESCRIPTOR *map);
EFI_STATUS EFIAPI rt_convert_pointer(UINTN disposition, void **address);
/* The firmware's runtime ranges, kept at ExitBootServices. */
void runtime_keep_ranges(const struct runtime_range *r, uint32_t n);
/* GetTime, SetTime (runtime/time.c), and which of them work on this machine. */
EFI_STATUS EFIAPI rt_get_time(EFI_TIME *t, EFI_TIME_CAPABILITIES *caps);
EFI_STATUS EFIAPI rt_set_time(EFI_TIME *t);
void time_set_clock(const struct runtime_clock *c);
bool time_claims(UINT32 service);
/* Pure, host-tested: the fields of a valid EFI_TIME, and the date of a count of seconds. */
bool time_valid(const EFI_TIME *t);
void time_from_epoch(UINT64 seconds, EFI_TIME *t);
/* The variable services, runtime variants and (_boot) boot-time ones; their store's globals. */
EFI_STATUS EFIAPI rt_get_variable(CHAR16 *name, EFI_GUID *guid, UINT32 *attributes,
				  UINTN *data_size, VOID *data);
EFI_STATUS EFIAPI rt_get_variable_boot(CHAR16 *name, EFI_GUID *guid, UINT32 *attributes,
				       UINTN *data_size, VOID *data);
EFI_STATUS EFIAPI rt_get_next_variable_name(UINTN *name_size, CHAR16 *name, EFI_GUID *guid);
EFI_STATUS EFIAPI rt_get_next_variable_name_boot(UINTN *name_size, CHAR16 *name, EFI_GUID *guid);
EFI_STATUS EFIAPI rt_set_variable(CHAR16 *name, EFI_GUID *guid, UINT32 attributes, UINTN size,
				  VOID *data);
EFI_STATUS EFIAPI rt_set_variable_boot(CHAR16 *name, EFI_GUID *guid, UINT32 attributes, UINTN size,
				       VOID *data);
EFI_STATUS EFIAPI rt_query_variable_info(UINT32 attributes, UINT64 *max_storage, UINT64 *remaining,
					 UINT64 *max_size);
EFI_STATUS EFIAPI rt_query_variable_info_boot(UINT32 attributes, UINT64 *max_storage,
					      UINT64 *remaining, UINT64 *max_size);
void variables_init(void);
EFI_STATUS EFIAPI rt_reset_system(EFI_RESET_TYPE type, EFI_STATUS status, UINTN size, CHAR16 *data);
/* A line of the call trace on port 0xE9, when it is on (runtime/trace.c), and a variable's
 * name in ASCII for it. */
void trace_rt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *trace_name(const CHAR16 *name, char *out, size_t size);
/* ResetSystem's plan, after ExitBootServices (runtime/reset.c); whether it can both reset and
 * power off; its memory-mapped registers moved by convert at SetVirtualAddressMap. */
void reset_set_plan(const struct runtime_plan *plan);
bool reset_claimed(void);
void reset_convert_registers(EFI_STATUS (*convert)(UINT64 *address));

#pragma GCC visibility pop

#endif
