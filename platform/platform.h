/*
 * The platform layer: which VMM started us, and the one description of the machine
 * (services/machine.h) that the UEFI layer builds on. A platform is one file holding a
 * struct platform, and one line in the list in platform/platform.c.
 */
#ifndef PVHEFI_PLATFORM_H
#define PVHEFI_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/describe.h"
#include "platform/start_info.h"
#include "services/machine.h"

struct platform {
	const char *name;
	/*
	 * True when this platform's VMM started us. It then brings up what its consoles need and
	 * sets m's console operations (it may print once they are set) and what it knows of the
	 * plan; on false it changed nothing.
	 */
	bool (*detect)(struct machine *m);
	/* The TSC's rate in Hz as the VMM or the CPU states it (*source says where), or 0: then
	 * it is measured against the PIT, from now until a timer is first needed. */
	uint64_t (*tsc_hz)(const char **source);
	/* The memory map when start_info has none (version 0): ranges written; NULL: no way. */
	memory_map_fn *memory_map;
	/* What else the platform knows of the machine, once the TSC's rate is set. May be NULL. */
	void (*describe)(struct machine *m);
	/* Before the VM ends: say how, drain the consoles. May be NULL. */
	void (*before_exit)(enum reset_kind kind);
	/* A BIOS ran before us and may have left an RSDP and SMBIOS entry points below 1 MiB. */
	bool bios_area;
};

extern const struct platform pvh_platform, xen_platform;

/*
 * Finds the platform, brings up its consoles and describes the machine from the start_info
 * at start_info_paddr and what the platform adds. A machine it cannot describe is a fatal error,
 * as is a module over the firmware: from __image_start to firmware_end (the payload's end).
 */
const struct machine *platform_detect(uint32_t start_info_paddr, uint64_t firmware_end);

#endif
