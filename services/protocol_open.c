/*
 * OpenProtocol and its bookkeeping: CloseProtocol, OpenProtocolInformation, ProtocolsPerHandle,
 * and the driver model's ConnectController/DisconnectController, which have no drivers to work
 * with here: no EFI_DRIVER_BINDING_PROTOCOL is ever started by the firmware.
 */
#include <efi.h>

#include "lib/lib.h"
#include "services/protocol.h"
#include "services/protocol_db.h"

/* Which handles each attribute value requires to be valid (UEFI 2.10, OpenProtocol). */
static EFI_STATUS check_attrs(EFI_HANDLE handle, EFI_HANDLE agent, EFI_HANDLE controller,
			      UINT32 attrs)
{
	switch (attrs) {
	case EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER:
		if (handle == controller)
			return EFI_INVALID_PARAMETER;
		/* fall through */
	case EFI_OPEN_PROTOCOL_BY_DRIVER:
	case EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE:
		if (!pdb_handle(controller))
			return EFI_INVALID_PARAMETER;
		/* fall through */
	case EFI_OPEN_PROTOCOL_EXCLUSIVE:
		return pdb_handle(agent) ? EFI_SUCCESS : EFI_INVALID_PARAMETER;
	case EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL:
	case EFI_OPEN_PROTOCOL_GET_PROTOCOL:
	case EFI_OPEN_PROTOCOL_TEST_PROTOCOL:
		return EFI_SUCCESS;
	default:
		return EFI_INVALID_PARAMETER;
	}
}

/*
 * Applies the open rules to f's open list and records the open. An exclusive open would have
 * to stop the drivers holding the interface BY_DRIVER; none can be stopped, so it is denied.
 */
static EFI_STATUS record_open(struct iface *f, EFI_HANDLE agent, EFI_HANDLE controller,
			      UINT32 attrs)
{
	BOOLEAN by_driver = FALSE, exclusive = FALSE;
	struct open_rec *o;
	struct dlist *l;

	dlist_for_each(l, &f->opens) {
		BOOLEAN same;

		o = dlist_entry(l, struct open_rec, link);
		same = o->agent == agent && o->controller == controller && o->attrs == attrs;
		if (o->attrs & EFI_OPEN_PROTOCOL_BY_DRIVER) {
			by_driver = TRUE;
			if (same)
				return EFI_ALREADY_STARTED;
		}
		if (o->attrs & EFI_OPEN_PROTOCOL_EXCLUSIVE) {
			exclusive = TRUE;
		} else if (same) {
			o->count++;
			return EFI_SUCCESS;
		}
	}
	if ((attrs & (EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE)) &&
	    (by_driver || exclusive))
		return EFI_ACCESS_DENIED;
	if (!agent)
		return EFI_SUCCESS; /* nobody to record */
	o = pdb_alloc(sizeof(*o));
	if (!o)
		return EFI_OUT_OF_RESOURCES;
	o->agent = agent;
	o->controller = controller;
	o->attrs = attrs;
	o->count = 1;
	dlist_add_tail(&f->opens, &o->link);
	return EFI_SUCCESS;
}

/* *iface is written on success and EFI_ALREADY_STARTED, NULLed on EFI_UNSUPPORTED, else kept. */
EFI_STATUS EFIAPI bs_open_protocol(EFI_HANDLE handle, EFI_GUID *guid, void **iface, EFI_HANDLE agent,
			     EFI_HANDLE controller, UINT32 attrs)
{
	BOOLEAN test = attrs == EFI_OPEN_PROTOCOL_TEST_PROTOCOL;
	struct handle *h = pdb_handle(handle);
	struct iface *f;
	EFI_STATUS st;

	if (!guid || (!test && !iface) || !h)
		return EFI_INVALID_PARAMETER;
	st = check_attrs(handle, agent, controller, attrs);
	if (EFI_ERROR(st))
		return st;
	f = pdb_iface(h, guid);
	if (!f) {
		if (!test)
			*iface = NULL;
		return EFI_UNSUPPORTED;
	}
	st = record_open(f, agent, controller, attrs);
	if (!test && (st == EFI_SUCCESS || st == EFI_ALREADY_STARTED))
		*iface = f->ptr;
	return st;
}

/* Ends every open of the interface by agent for controller, whatever its attributes. */
EFI_STATUS EFIAPI bs_close_protocol(EFI_HANDLE handle, EFI_GUID *guid, EFI_HANDLE agent,
			      EFI_HANDLE controller)
{
	struct handle *h = pdb_handle(handle);
	EFI_STATUS st = EFI_NOT_FOUND;
	struct iface *f;
	struct dlist *l;

	if (!h || !pdb_handle(agent) || (controller && !pdb_handle(controller)) || !guid)
		return EFI_INVALID_PARAMETER;
	f = pdb_iface(h, guid);
	if (!f)
		return EFI_NOT_FOUND;
	l = f->opens.next;
	while (l != &f->opens) {
		struct open_rec *o = dlist_entry(l, struct open_rec, link);

		l = l->next;
		if (o->agent == agent && o->controller == controller) {
			dlist_del(&o->link);
			pdb_free(o);
			st = EFI_SUCCESS;
		}
	}
	return st;
}

/* An unloaded image's opens would pin interfaces for an agent that no longer exists. */
void proto_close_agent(EFI_HANDLE agent)
{
	struct dlist *hl, *fl, *ol;

	dlist_for_each(hl, &pdb_handles) {
		struct handle *h = dlist_entry(hl, struct handle, link);

		dlist_for_each(fl, &h->ifaces) {
			struct iface *f = dlist_entry(fl, struct iface, link);

			for (ol = f->opens.next; ol != &f->opens;) {
				struct open_rec *o = dlist_entry(ol, struct open_rec, link);

				ol = ol->next;
				if (o->agent == agent) {
					dlist_del(&o->link);
					pdb_free(o);
				}
			}
		}
	}
}

/* The buffer is allocated even for no entries, so a successful caller always has one to free. */
EFI_STATUS EFIAPI bs_open_protocol_information(EFI_HANDLE handle, EFI_GUID *guid,
				  EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **entries, UINTN *count)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *buf;
	struct handle *h = pdb_handle(handle);
	struct iface *f;
	struct dlist *l;
	UINTN n = 0;

	if (!entries || !count)
		return EFI_INVALID_PARAMETER;
	*entries = NULL;
	*count = 0;
	f = h && guid ? pdb_iface(h, guid) : NULL;
	if (!f)
		return EFI_NOT_FOUND;
	dlist_for_each(l, &f->opens)
		n++;
	buf = pdb_alloc(MAX(n, 1) * sizeof(*buf));
	if (!buf)
		return EFI_OUT_OF_RESOURCES;
	n = 0;
	dlist_for_each(l, &f->opens) {
		struct open_rec *o = dlist_entry(l, struct open_rec, link);

		buf[n].AgentHandle = o->agent;
		buf[n].ControllerHandle = o->controller;
		buf[n].Attributes = o->attrs;
		buf[n].OpenCount = o->count;
		n++;
	}
	*entries = buf;
	*count = n;
	return EFI_SUCCESS;
}

/* The GUID pointers point into the database: the caller frees only the array. */
EFI_STATUS EFIAPI bs_protocols_per_handle(EFI_HANDLE handle, EFI_GUID ***guids, UINTN *count)
{
	struct handle *h = pdb_handle(handle);
	EFI_GUID **buf;
	struct dlist *l;
	UINTN n = 0;

	if (!h || !guids || !count)
		return EFI_INVALID_PARAMETER;
	dlist_for_each(l, &h->ifaces)
		n++;
	buf = pdb_alloc(n * sizeof(*buf));
	if (!buf)
		return EFI_OUT_OF_RESOURCES;
	n = 0;
	dlist_for_each(l, &h->ifaces)
		buf[n++] = &dlist_entry(l, struct iface, link)->guid;
	*guids = buf;
	*count = n;
	return EFI_SUCCESS;
}

/* UEFI 2.10: EFI_NOT_FOUND when no driver binding exists or none connected; here none exists. */
EFI_STATUS EFIAPI bs_connect_controller(EFI_HANDLE controller, EFI_HANDLE *drivers,
				EFI_DEVICE_PATH *remaining, BOOLEAN recursive)
{
	return pdb_handle(controller) ? EFI_NOT_FOUND : EFI_INVALID_PARAMETER;
}

/* No driver manages any controller, which the spec answers with EFI_SUCCESS. */
EFI_STATUS EFIAPI bs_disconnect_controller(EFI_HANDLE controller, EFI_HANDLE driver, EFI_HANDLE child)
{
	if (!pdb_handle(controller) || (driver && !pdb_handle(driver)) ||
	    (child && !pdb_handle(child)))
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}
