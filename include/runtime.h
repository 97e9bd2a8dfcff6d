/*
 * Runtime services (services/runtime.c, services/variables.c). Their code lives in .rtcode and
 * their data in .rtdata: the memory map marks both EFI_MEMORY_RUNTIME, so the OS keeps them and
 * maps them wherever SetVirtualAddressMap says. Runtime code must only reach runtime code and
 * runtime data, and must not print: after ExitBootServices the console belongs to the OS.
 */
#ifndef PVHEFI_RUNTIME_H
#define PVHEFI_RUNTIME_H

#include <efi.h>

#define RTCODE __attribute__((section(".rtcode")))
#define RTDATA __attribute__((section(".rtdata")))

/* EFI_RT_PROPERTIES_TABLE bits (UEFI 2.10 4.6.2). */
#define RT_SUPPORTED_GET_VARIABLE 0x0010
#define RT_SUPPORTED_GET_NEXT_VARIABLE_NAME 0x0020
#define RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP 0x0080

/* What works after ExitBootServices; the others return EFI_UNSUPPORTED. */
#define RUNTIME_SUPPORTED_MASK                                                   \
	(RT_SUPPORTED_GET_VARIABLE | RT_SUPPORTED_GET_NEXT_VARIABLE_NAME |      \
	 RT_SUPPORTED_SET_VIRTUAL_ADDRESS_MAP)

/* Builds the runtime services table for the system table st. */
EFI_RUNTIME_SERVICES *runtime_init(EFI_SYSTEM_TABLE *st);
/* Called by ExitBootServices: from now on SetVirtualAddressMap may be called. */
void runtime_enter(void);

/* The variable services (services/variables.c). */
void variables_install(EFI_RUNTIME_SERVICES *rt);
/* ResetSystem (services/reset.c); reset_enter_runtime: boot services are gone. */
void reset_install(EFI_RUNTIME_SERVICES *rt);
void reset_enter_runtime(void);

#endif
