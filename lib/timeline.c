/* The firmware's milestones, as lib/timer counts them: from the first instruction. */
#include "lib/log.h"
#include "lib/timeline.h"
#include "lib/timer.h"

static const char *const names[MILESTONES] = {
	[MILESTONE_SERVICES_READY] = "services-ready",
	[MILESTONE_PAYLOAD_LOADED] = "payload-loaded",
	[MILESTONE_PAYLOAD_ENTRY] = "payload-entry",
	[MILESTONE_EXIT_BOOT_SERVICES] = "exit-boot-services",
};
static uint64_t at[MILESTONES];
static bool shown;

static void print(const char *name, uint64_t us)
{
	log_printf("pvhefi: timeline: %s %lu us\n", name, (unsigned long)us);
}

void timeline_mark(enum milestone m)
{
	at[m] = timer_us();
	if (shown)
		print(names[m], at[m]);
}

uint64_t timeline_us(enum milestone m)
{
	return at[m];
}

/* What happened before it was asked for is shown at once. */
void timeline_show(void)
{
	shown = true;
	print("first-instruction", 0);
	for (int m = 0; m < MILESTONES; m++)
		if (at[m])
			print(names[m], at[m]);
}
