/*
 * The firmware's milestones, in microseconds from its first instruction (lib/timeline.c): for
 * the console when the command line asks (pvhefi.timeline) and for systemd's boot loader
 * interface (services/loader.c).
 */
#ifndef PVHEFI_TIMELINE_H
#define PVHEFI_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

enum milestone {
	MILESTONE_SERVICES_READY,
	MILESTONE_PAYLOAD_LOADED,
	MILESTONE_PAYLOAD_ENTRY,
	MILESTONE_EXIT_BOOT_SERVICES,
	MILESTONES
};

/* Records the milestone now; prints it when shown. */
void timeline_mark(enum milestone m);
uint64_t timeline_us(enum milestone m);
/* From now on every milestone is printed as "pvhefi: timeline: <name> <us> us". */
void timeline_show(void);

#endif
