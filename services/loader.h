/* systemd's boot loader interface (services/loader.c). */
#ifndef PVHEFI_LOADER_H
#define PVHEFI_LOADER_H

/* LoaderFirmwareInfo, LoaderFirmwareType, LoaderTimeInitUSec, LoaderTimeExecUSec: call at the
 * payload's entry, once MILESTONE_PAYLOAD_ENTRY is marked. */
void loader_set_variables(void);

#endif
