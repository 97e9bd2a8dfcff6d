/*
 * The protocol database: handles and the interfaces installed on them, kept in doubly linked
 * lists of pool-allocated nodes (no fixed limits: only pool exhaustion gives
 * EFI_OUT_OF_RESOURCES). There are no UEFI drivers here, so nothing can be asked to let go of
 * an interface opened BY_DRIVER, EXCLUSIVE or BY_CHILD_CONTROLLER: such an open pins it.
 */
#include <efi.h>

#include "lib/lib.h"
#include "services/memory.h"
#include "services/protocol.h"
#include "services/protocol_db.h"

DLIST_HEAD(pdb_handles);
static UINT64 install_seq;

void *pdb_alloc(UINTN size)
{
	void *p;

	if (mem_alloc_pool(EfiBootServicesData, size, &p) != EFI_SUCCESS)
		return NULL;
	return p;
}

void pdb_free(void *p)
{
	mem_free_pool(p);
}

BOOLEAN pdb_guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

struct handle *pdb_handle(EFI_HANDLE h)
{
	struct dlist *l;

	dlist_for_each(l, &pdb_handles) {
		struct handle *live = dlist_entry(l, struct handle, link);

		if ((EFI_HANDLE)live == h)
			return live;
	}
	return NULL;
}

struct iface *pdb_iface(struct handle *h, const EFI_GUID *guid)
{
	struct dlist *l;

	dlist_for_each(l, &h->ifaces) {
		struct iface *f = dlist_entry(l, struct iface, link);

		if (pdb_guid_eq(&f->guid, guid))
			return f;
	}
	return NULL;
}

struct iface *pdb_iface_match(struct handle *h, const EFI_GUID *guid, void *ptr)
{
	struct iface *f = pdb_iface(h, guid);

	return f && f->ptr == ptr ? f : NULL;
}

BOOLEAN pdb_pinned(struct iface *f)
{
	struct dlist *l;

	dlist_for_each(l, &f->opens)
		if (dlist_entry(l, struct open_rec, link)->attrs & OPEN_PINS)
			return TRUE;
	return FALSE;
}

/* Forgets every open record: whoever opened the interface loses it. */
static void drop_opens(struct iface *f)
{
	while (!dlist_empty(&f->opens)) {
		struct dlist *l = f->opens.next;

		dlist_del(l);
		pdb_free(dlist_entry(l, struct open_rec, link));
	}
}

EFI_STATUS pdb_install(EFI_HANDLE *handle, EFI_GUID *guid, void *ptr, BOOLEAN notify)
{
	struct handle *h = NULL;
	struct iface *f;

	if (!handle || !guid)
		return EFI_INVALID_PARAMETER;
	if (*handle) {
		h = pdb_handle(*handle);
		if (!h || pdb_iface(h, guid))
			return EFI_INVALID_PARAMETER;
	}
	f = pdb_alloc(sizeof(*f));
	if (!f)
		return EFI_OUT_OF_RESOURCES;
	if (!h) {
		h = pdb_alloc(sizeof(*h));
		if (!h) {
			pdb_free(f);
			return EFI_OUT_OF_RESOURCES;
		}
		dlist_init(&h->ifaces);
		dlist_add_tail(&pdb_handles, &h->link);
	}
	f->owner = h;
	f->guid = *guid;
	f->ptr = ptr;
	f->seq = ++install_seq;
	f->doomed = FALSE;
	dlist_init(&f->opens);
	dlist_add_tail(&h->ifaces, &f->link);
	*handle = h;
	if (notify)
		pdb_notify(guid);
	return EFI_SUCCESS;
}

void pdb_remove(struct iface *f)
{
	struct handle *h = f->owner;

	drop_opens(f);
	dlist_del(&f->link);
	pdb_free(f);
	if (dlist_empty(&h->ifaces)) {
		dlist_del(&h->link);
		pdb_free(h);
	}
}

EFI_STATUS proto_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface)
{
	return pdb_install(handle, guid, iface, TRUE);
}

/* The interface guid/iface on handle, when nothing pins it: what uninstall and reinstall need. */
static EFI_STATUS find_unpinned(EFI_HANDLE handle, EFI_GUID *guid, void *iface, struct iface **out)
{
	struct handle *h = pdb_handle(handle);

	if (!h || !guid)
		return EFI_INVALID_PARAMETER;
	*out = pdb_iface_match(h, guid, iface);
	if (!*out)
		return EFI_NOT_FOUND;
	return pdb_pinned(*out) ? EFI_ACCESS_DENIED : EFI_SUCCESS;
}

EFI_STATUS proto_check_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	struct iface *f;

	return find_unpinned(handle, guid, iface, &f);
}

EFI_STATUS proto_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	struct iface *f;
	EFI_STATUS st = find_unpinned(handle, guid, iface, &f);

	if (st == EFI_SUCCESS)
		pdb_remove(f);
	return st;
}

EFI_STATUS proto_lookup(EFI_HANDLE handle, EFI_GUID *guid, void **iface)
{
	struct handle *h = pdb_handle(handle);
	struct iface *f;

	if (!h || !guid || !iface)
		return EFI_INVALID_PARAMETER;
	f = pdb_iface(h, guid);
	*iface = f ? f->ptr : NULL;
	return f ? EFI_SUCCESS : EFI_UNSUPPORTED;
}

static EFI_STATUS EFIAPI bs_install_protocol_interface(EFI_HANDLE *handle, EFI_GUID *guid,
						     EFI_INTERFACE_TYPE type, void *iface)
{
	if (type != EFI_NATIVE_INTERFACE)
		return EFI_INVALID_PARAMETER;
	return pdb_install(handle, guid, iface, TRUE);
}

static EFI_STATUS EFIAPI bs_uninstall_protocol_interface(EFI_HANDLE handle, EFI_GUID *guid,
						       void *iface)
{
	return proto_uninstall(handle, guid, iface);
}

/*
 * The interface keeps its place on the handle but counts as newly installed for
 * RegisterProtocolNotify; opens of the old interface are forgotten, as on uninstall.
 */
static EFI_STATUS EFIAPI bs_reinstall_protocol_interface(EFI_HANDLE handle, EFI_GUID *guid,
						       void *old_iface, void *new_iface)
{
	struct iface *f;
	EFI_STATUS st = find_unpinned(handle, guid, old_iface, &f);

	if (st != EFI_SUCCESS)
		return st;
	drop_opens(f);
	f->ptr = new_iface;
	f->seq = ++install_seq;
	pdb_notify(guid);
	return EFI_SUCCESS;
}

/* No open record for the firmware as agent: nothing here would ever read it. */
static EFI_STATUS EFIAPI bs_handle_protocol(EFI_HANDLE handle, EFI_GUID *guid, void **iface)
{
	return proto_lookup(handle, guid, iface);
}

void protocol_install(EFI_BOOT_SERVICES *bs)
{
	bs->InstallProtocolInterface = bs_install_protocol_interface;
	bs->ReinstallProtocolInterface = bs_reinstall_protocol_interface;
	bs->UninstallProtocolInterface = bs_uninstall_protocol_interface;
	bs->HandleProtocol = bs_handle_protocol;
	bs->RegisterProtocolNotify = bs_register_protocol_notify;
	bs->LocateHandle = bs_locate_handle;
	bs->LocateDevicePath = bs_locate_device_path;
	bs->ConnectController = bs_connect_controller;
	bs->DisconnectController = bs_disconnect_controller;
	bs->OpenProtocol = bs_open_protocol;
	bs->CloseProtocol = bs_close_protocol;
	bs->OpenProtocolInformation = bs_open_protocol_information;
	bs->ProtocolsPerHandle = bs_protocols_per_handle;
	bs->LocateHandleBuffer = bs_locate_handle_buffer;
	bs->LocateProtocol = bs_locate_protocol;
	bs->InstallMultipleProtocolInterfaces = bs_install_multiple_protocol_interfaces;
	bs->UninstallMultipleProtocolInterfaces = bs_uninstall_multiple_protocol_interfaces;
}
