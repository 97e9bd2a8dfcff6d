/*
 * Events, timers and task priority levels, polled: pvhefi runs with interrupts off, so timers
 * fire and notifications run when the firmware polls (WaitForEvent, CheckEvent, Stall, console
 * reads), when the TPL drops, and whenever the payload calls a boot service (services/entry.c):
 * wherever a program can spin, due timers fire as if a timer interrupt ran. Handles carry a
 * generation, so a closed event's handle stays invalid when its slot is used again.
 * Pure but for timer_us(), proto_event_closed() and the runtime's virtual-address-change
 * notifications: host-tested.
 */
#include <stdbool.h>

#include "lib/io.h"
#include "lib/lib.h"
#include "lib/timer.h"
#include "lib/uefi.h"
#include "runtime/runtime.h"
#include "services/events.h"
#include "services/protocol.h"

#define MAX_EVENTS 256
#define KNOWN_TYPES (EVT_TIMER | EVT_RUNTIME | EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL)
/* A handle is this tag, the slot's generation and its index: not an address (it is not
 * canonical), so a stale handle can neither alias a live event nor be dereferenced. */
#define HANDLE_TAG 0xefe0000000000000ULL
#define MIN_PERIOD_US 1
#define HANDLE_TAG_MASK 0xffff000000000000ULL

struct event {
	bool live;
	bool signaled;
	bool queued; /* its notification is pending */
	bool armed; /* its timer runs */
	bool periodic;
	bool in_group;
	uint32_t generation; /* of the slot: grows at every CloseEvent; 2^32 before it comes round */
	UINT32 type;
	EFI_TPL tpl;
	EFI_EVENT_NOTIFY fn;
	void *ctx;
	EFI_GUID group;
	uint64_t queue_seq; /* notifications of one TPL run in the order they were queued */
	uint64_t deadline; /* the timer_us() at which the timer fires */
	uint64_t period; /* microseconds */
	uint64_t fired_poll; /* a timer fires at most once per poll */
};

/* A fixed table: handles are checked against it and no allocator is needed. */
static struct event events[MAX_EVENTS];
static EFI_TPL current_tpl = TPL_APPLICATION;
static uint64_t next_seq, poll_count;

static const EFI_GUID group_exit_boot_services = EFI_EVENT_GROUP_EXIT_BOOT_SERVICES;
static const EFI_GUID group_virtual_address_change = EFI_EVENT_GROUP_VIRTUAL_ADDRESS_CHANGE;

static EFI_EVENT handle_of(const struct event *e)
{
	return (EFI_EVENT)(HANDLE_TAG | (uint64_t)e->generation << 16 | (uint64_t)(e - events));
}

/* The live event behind a handle, or NULL for anything else, a closed event's among them. */
static struct event *lookup(EFI_EVENT ev)
{
	uint64_t h = (uint64_t)(uintptr_t)ev, index = h & 0xffff;

	if ((h & HANDLE_TAG_MASK) != HANDLE_TAG || index >= MAX_EVENTS)
		return NULL;
	if (!events[index].live || events[index].generation != (uint32_t)(h >> 16))
		return NULL;
	return &events[index];
}

static void queue_notify(struct event *e)
{
	if (!e->queued) {
		e->queued = true;
		e->queue_seq = next_seq++;
	}
}

static void signal_one(struct event *e)
{
	if (e->signaled)
		return;
	e->signaled = true;
	if (e->type & EVT_NOTIFY_SIGNAL)
		queue_notify(e);
}

static void signal_group(const EFI_GUID *group)
{
	for (int i = 0; i < MAX_EVENTS; i++)
		if (events[i].live && events[i].in_group && !memcmp(&events[i].group, group, sizeof(*group)))
			signal_one(&events[i]);
}

/* The pending notification to run first: the highest TPL above the current one, oldest first. */
static struct event *next_notification(void)
{
	struct event *best = NULL;

	for (struct event *e = events; e < events + MAX_EVENTS; e++) {
		if (!e->live || !e->queued || e->tpl <= current_tpl)
			continue;
		if (!best || e->tpl > best->tpl || (e->tpl == best->tpl && e->queue_seq < best->queue_seq))
			best = e;
	}
	return best;
}

/* Runs every notification allowed at the current TPL, each at its own TPL. */
static void dispatch(void)
{
	EFI_TPL saved = current_tpl;
	struct event *e;

	while ((e = next_notification())) {
		e->queued = false;
		if (e->type & EVT_NOTIFY_SIGNAL)
			e->signaled = false; /* delivered: the next SignalEvent notifies again */
		current_tpl = e->tpl;
		e->fn(handle_of(e), e->ctx); /* it may close e */
		current_tpl = saved;
	}
}

/* The earliest timer due at now that has not fired in this poll. */
static struct event *next_expired(uint64_t now)
{
	struct event *best = NULL;

	for (struct event *e = events; e < events + MAX_EVENTS; e++) {
		if (!e->live || !e->armed || e->deadline > now || e->fired_poll == poll_count)
			continue;
		if (!best || e->deadline < best->deadline)
			best = e;
	}
	return best;
}

static void fire_timers(void)
{
	uint64_t now = timer_us();
	struct event *e;

	poll_count++;
	while ((e = next_expired(now))) {
		e->fired_poll = poll_count;
		if (!e->periodic) {
			e->armed = false;
		} else {
			/* A period of 0 means every tick: here, at most once a microsecond, so that a
			 * notification that polls (RestoreTPL, a boot service) cannot rearm it forever. */
			uint64_t period = MAX(e->period, MIN_PERIOD_US);

			e->deadline += period;
			if (e->deadline <= now) /* ticks missed while nobody polled count once */
				e->deadline = now + period;
		}
		signal_one(e);
	}
}

void events_poll(void)
{
	fire_timers();
	dispatch();
}

static EFI_STATUS create(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn, const void *ctx,
			 const EFI_GUID *group, EFI_EVENT *out)
{
	struct event *e = events;

	if (!out)
		return EFI_INVALID_PARAMETER;
	if (type == EVT_SIGNAL_EXIT_BOOT_SERVICES || type == EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE) {
		if (group) /* CreateEventEx names the group by GUID instead */
			return EFI_INVALID_PARAMETER;
		group = type == EVT_SIGNAL_EXIT_BOOT_SERVICES ? &group_exit_boot_services :
								 &group_virtual_address_change;
	} else if (type & ~KNOWN_TYPES) {
		return EFI_INVALID_PARAMETER;
	}
	if ((type & EVT_NOTIFY_WAIT) && (type & EVT_NOTIFY_SIGNAL))
		return EFI_INVALID_PARAMETER;
	if ((type & (EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL)) &&
	    (!fn || tpl <= TPL_APPLICATION || tpl >= TPL_HIGH_LEVEL))
		return EFI_INVALID_PARAMETER;
	if (!(type & (EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL))) {
		/* Ignored without a notify type: nothing may call what the caller left there. */
		fn = NULL;
		ctx = NULL;
		tpl = 0;
	}
	while (e < events + MAX_EVENTS && e->live)
		e++;
	if (e == events + MAX_EVENTS)
		return EFI_OUT_OF_RESOURCES;
	*e = (struct event){ .live = true, .generation = e->generation, .type = type, .tpl = tpl,
			     .fn = fn, .ctx = (void *)ctx };
	if (group) {
		e->in_group = true;
		e->group = *group;
	}
	/* SetVirtualAddressMap runs after the boot services are gone: the runtime keeps these.
	 * Signalling a group calls the functions of its EVT_NOTIFY_SIGNAL events only. */
	if (group && (type & EVT_NOTIFY_SIGNAL) && !memcmp(group, &group_virtual_address_change, sizeof(*group)) &&
	    runtime_add_va_event(handle_of(e), fn, (void *)ctx) != EFI_SUCCESS) {
		e->live = false;
		return EFI_OUT_OF_RESOURCES;
	}
	*out = handle_of(e);
	return EFI_SUCCESS;
}

EFI_STATUS event_create(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn, void *ctx, EFI_EVENT *ev)
{
	return create(type, tpl, fn, ctx, NULL, ev);
}

EFI_STATUS event_signal(EFI_EVENT ev)
{
	struct event *e = lookup(ev);

	if (!e)
		return EFI_INVALID_PARAMETER;
	if (e->in_group)
		signal_group(&e->group);
	else
		signal_one(e);
	dispatch();
	return EFI_SUCCESS;
}

void events_signal_group(const EFI_GUID *group)
{
	signal_group(group);
	dispatch();
}

EFI_STATUS event_set_timer(EFI_EVENT ev, EFI_TIMER_DELAY type, UINT64 time_100ns)
{
	struct event *e = lookup(ev);
	uint64_t us = time_100ns / 10 + (time_100ns % 10 != 0);

	if (!e || !(e->type & EVT_TIMER) || (unsigned)type > TimerRelative)
		return EFI_INVALID_PARAMETER;
	e->armed = type != TimerCancel;
	e->periodic = type == TimerPeriodic;
	e->period = us;
	/* +1 as timer_us() truncates: now may be nearly 1 us old. 0 means the next poll. */
	e->deadline = timer_us() + (us ? us + 1 : 0);
	return EFI_SUCCESS;
}

/* CheckEvent without the poll: the WaitForEvent loop polls once for all its events. */
static EFI_STATUS check(EFI_EVENT ev)
{
	struct event *e = lookup(ev);

	if (!e)
		return EFI_INVALID_PARAMETER;
	if (e->type & EVT_NOTIFY_SIGNAL)
		return EFI_INVALID_PARAMETER;
	if (!e->signaled && (e->type & EVT_NOTIFY_WAIT)) {
		queue_notify(e); /* runs now unless the TPL is at or above the event's */
		dispatch();
		/* The notify function may have closed it, and its slot may hold a new event now. */
		if (lookup(ev) != e)
			return EFI_NOT_READY;
	}
	if (!e->signaled)
		return EFI_NOT_READY;
	e->signaled = false;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI bs_check_event(EFI_EVENT ev)
{
	if (!lookup(ev))
		return EFI_INVALID_PARAMETER;
	events_poll(); /* a notification may close it: check looks again */
	return check(ev);
}

static EFI_STATUS EFIAPI bs_wait_for_event(UINTN n, EFI_EVENT *evs, UINTN *index)
{
	EFI_STATUS st;

	if (!n || !evs || !index)
		return EFI_INVALID_PARAMETER;
	if (current_tpl != TPL_APPLICATION)
		return EFI_UNSUPPORTED;
	for (;;) {
		events_poll();
		for (UINTN i = 0; i < n; i++) {
			st = check(evs[i]);
			if (st != EFI_NOT_READY) {
				*index = i;
				return st;
			}
		}
		cpu_relax();
	}
}

static EFI_STATUS EFIAPI bs_close_event(EFI_EVENT ev)
{
	struct event *e = lookup(ev);

	if (!e)
		return EFI_INVALID_PARAMETER;
	*e = (struct event){ .generation = e->generation + 1 };
	runtime_remove_va_event(ev);
	proto_event_closed(ev);
	return EFI_SUCCESS;
}

static EFI_TPL EFIAPI bs_raise_tpl(EFI_TPL tpl)
{
	EFI_TPL old = current_tpl;

	/* Raising to a lower TPL is the caller's bug (edk2 asserts): the TPL stays. */
	if (tpl > old)
		current_tpl = MIN(tpl, TPL_HIGH_LEVEL);
	return old;
}

EFI_TPL events_tpl(void)
{
	return current_tpl;
}

void events_restore_tpl(EFI_TPL tpl)
{
	/* Restoring to a higher TPL is the caller's bug: ignored. */
	if (tpl > current_tpl)
		return;
	current_tpl = MAX(tpl, TPL_APPLICATION);
	events_poll(); /* lowering the TPL is where a timer interrupt would be taken */
}

static VOID EFIAPI bs_restore_tpl(EFI_TPL tpl)
{
	events_restore_tpl(tpl);
}

static EFI_STATUS EFIAPI bs_create_event(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn, VOID *ctx,
					  EFI_EVENT *ev)
{
	return create(type, tpl, fn, ctx, NULL, ev);
}

static EFI_STATUS EFIAPI bs_create_event_ex(UINT32 type, EFI_TPL tpl, EFI_EVENT_NOTIFY fn,
					     const VOID *ctx, const EFI_GUID *group, EFI_EVENT *ev)
{
	return create(type, tpl, fn, ctx, group, ev);
}

static EFI_STATUS EFIAPI bs_set_timer(EFI_EVENT ev, EFI_TIMER_DELAY type, UINT64 time_100ns)
{
	return event_set_timer(ev, type, time_100ns);
}

static EFI_STATUS EFIAPI bs_signal_event(EFI_EVENT ev)
{
	return event_signal(ev);
}

void events_install(EFI_BOOT_SERVICES *bs)
{
	bs->RaiseTPL = bs_raise_tpl;
	bs->RestoreTPL = bs_restore_tpl;
	bs->CreateEvent = bs_create_event;
	bs->CreateEventEx = bs_create_event_ex;
	bs->SetTimer = bs_set_timer;
	bs->WaitForEvent = bs_wait_for_event;
	bs->SignalEvent = bs_signal_event;
	bs->CloseEvent = bs_close_event;
	bs->CheckEvent = bs_check_event;
}
