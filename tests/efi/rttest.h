/* Shared by rttest's parts: rttest.c (the flow, every service) and rttest_virtual.c. */
#ifndef PVHEFI_EFI_RTTEST_H
#define PVHEFI_EFI_RTTEST_H

#include <efi.h>

/* "phase: what", for check names built at run time (each is printed at once). */
const char *named(const char *phase, const char *what);

/* Before ExitBootServices: our two runtime pages and the two virtual-address-change
 * notifications. FALSE without both pages. */
BOOLEAN svam_prepare(void);
/* After ExitBootServices: SetVirtualAddressMap's refusals, then the map, then what the
 * notifications saw. */
void test_virtual(void);

#endif
