/* Shared by vartest's parts: vartest.c (the flow, the boot-time checks, the helpers below) and
 * vartest_runtime.c (the walk, systemd's loader variables, after ExitBootServices). */
#ifndef PVHEFI_EFI_VARTEST_H
#define PVHEFI_EFI_VARTEST_H

#include <efi.h>

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

/* Our variables' GUID, a GUID one bit from it, and EFI_GLOBAL_VARIABLE. */
extern EFI_GUID test_guid, other_guid, global_guid;

/* What var_get reads. */
extern UINT8 var_buf[4096];

/* GetVariable into var_buf; size in/out, attributes set to 0xdead first. */
EFI_STATUS var_get(const CHAR16 *name, EFI_GUID *guid, UINT32 *attr, UINTN *size);
EFI_STATUS var_set(const CHAR16 *name, EFI_GUID *guid, UINT32 attr, UINTN size, const void *data);
/* GetVariable with no buffer: EFI_BUFFER_TOO_SMALL for any variable there is (none is empty),
 * with its attributes (UEFI 2.10). */
EFI_STATUS var_probe(const CHAR16 *name, EFI_GUID *guid, UINT32 *attr);
/* The variable is there with these attributes and exactly these bytes. */
void check_holds(const CHAR16 *name, EFI_GUID *guid, UINT32 want_attr, const void *data, UINTN size,
		 const char *check);
void check_absent(const CHAR16 *name, EFI_GUID *guid, const char *check);
/* SetVariable of a global variable the spec marks read-only gives EFI_WRITE_PROTECTED. */
void check_read_only(const CHAR16 *name, UINTN size, const char *check);

/* vartest_runtime.c: the checks before ExitBootServices that the runtime ones repeat (the walk,
 * the loader variables), ExitBootServices itself, and the runtime ones. */
void test_walk(void);
void test_loader(void);
EFI_STATUS exit_boot_services(EFI_HANDLE image);
void test_runtime(void);

#endif
