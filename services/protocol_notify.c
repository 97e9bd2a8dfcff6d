/*
 * RegisterProtocolNotify. Every install and reinstall stamps the interface with a rising
 * sequence number; a registration remembers the highest one it has handed out, so "new for
 * this registration" is simply "stamped later". A registration starts at zero: interfaces
 * installed before it count as new, so a caller that signals its event once also sees them.
 */
#include <efi.h>

#include "lib/lib.h"
#include "services/events.h"
#include "services/protocol.h"
#include "services/protocol_db.h"

struct notify_reg {
	struct dlist link;
	EFI_GUID guid;
	EFI_EVENT event;
	UINT64 seen;
	BOOLEAN pending;
};

static DLIST_HEAD(regs);

/* The registration whose key this is, or NULL: keys are never dereferenced before. */
static struct notify_reg *reg_find(void *key)
{
	struct dlist *l;

	dlist_for_each(l, &regs) {
		struct notify_reg *r = dlist_entry(l, struct notify_reg, link);

		if ((void *)r == key)
			return r;
	}
	return NULL;
}

EFI_STATUS EFIAPI bs_register_protocol_notify(EFI_GUID *guid, EFI_EVENT ev, void **key)
{
	struct notify_reg *r;

	if (!guid || !ev || !key)
		return EFI_INVALID_PARAMETER;
	r = pdb_alloc(sizeof(*r));
	if (!r)
		return EFI_OUT_OF_RESOURCES;
	r->guid = *guid;
	r->event = ev;
	r->seen = 0;
	r->pending = FALSE;
	dlist_add_tail(&regs, &r->link);
	*key = r;
	return EFI_SUCCESS;
}

void proto_event_closed(EFI_EVENT ev)
{
	struct dlist *l = regs.next;

	while (l != &regs) {
		struct notify_reg *r = dlist_entry(l, struct notify_reg, link);

		l = l->next;
		if (r->event == ev) {
			dlist_del(&r->link);
			pdb_free(r);
		}
	}
}

/*
 * Signals every registration for guid. A notification function may run inside event_signal()
 * and register or close events, so the walk marks first and restarts from the head after
 * each signal instead of holding a position in the list.
 */
void pdb_notify(const EFI_GUID *guid)
{
	EFI_GUID g = *guid; /* a notification function may uninstall what guid points into */
	struct dlist *l;
	BOOLEAN again;

	dlist_for_each(l, &regs) {
		struct notify_reg *r = dlist_entry(l, struct notify_reg, link);

		r->pending = pdb_guid_eq(&r->guid, &g);
	}
	do {
		again = FALSE;
		dlist_for_each(l, &regs) {
			struct notify_reg *r = dlist_entry(l, struct notify_reg, link);

			if (r->pending) {
				r->pending = FALSE;
				event_signal(r->event);
				again = TRUE;
				break;
			}
		}
	} while (again);
}

struct iface *pdb_notify_next(void *key)
{
	struct notify_reg *r = reg_find(key);
	struct iface *best = NULL;
	struct dlist *hl;

	if (!r)
		return NULL;
	dlist_for_each(hl, &pdb_handles) {
		struct handle *h = dlist_entry(hl, struct handle, link);
		struct iface *f = pdb_iface(h, &r->guid);

		if (f && f->seq > r->seen && (!best || f->seq < best->seq))
			best = f;
	}
	return best;
}

void pdb_notify_seen(void *key, struct iface *f)
{
	struct notify_reg *r = reg_find(key);

	if (r)
		r->seen = f->seq;
}
