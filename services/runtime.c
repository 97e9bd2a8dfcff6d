/*
 * Runtime services. The table and its code live in the runtime sections, which the memory map
 * marks EFI_MEMORY_RUNTIME so the OS keeps them. No service is implemented yet: each entry
 * returns EFI_UNSUPPORTED, and the EFI_RT_PROPERTIES_TABLE will say so. The stubs print nothing:
 * after ExitBootServices the console belongs to the OS.
 */
#include "runtime.h"
#include "systab.h"

#define RT_CODE __attribute__((section(".rtcode")))

static EFI_RUNTIME_SERVICES runtime_services __attribute__((section(".rtdata")));

/* The ms_abi caller cleans up its arguments, so one stub fits every signature. */
static RT_CODE EFI_STATUS EFIAPI rt_unsupported(void)
{
	return EFI_UNSUPPORTED;
}

EFI_RUNTIME_SERVICES *runtime_init(void)
{
	EFI_RUNTIME_SERVICES *rt = &runtime_services;
	void **entry = (void **)&rt->GetTime;
	void **end = (void **)(rt + 1);

	rt->Hdr.Signature = EFI_RUNTIME_SERVICES_SIGNATURE;
	rt->Hdr.Revision = gST->Hdr.Revision ? gST->Hdr.Revision : ((2 << 16) | 70);
	rt->Hdr.HeaderSize = sizeof(*rt);
	while (entry < end)
		*entry++ = (void *)rt_unsupported;
	systab_update_crc(&rt->Hdr);
	return rt;
}
