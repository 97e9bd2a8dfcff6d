/*
 * Install/UninstallMultipleProtocolInterfaces: (GUID *, interface) pairs ended by a NULL GUID,
 * passed as ms_abi varargs. Both are all-or-nothing.
 */
#include <efi.h>

#include "lib/lib.h"
#include "services/protocol.h"
#include "services/protocol_db.h"

static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

/* Reads the next pair; FALSE at the NULL GUID that ends the list. */
static BOOLEAN next_pair(__builtin_ms_va_list *ap, EFI_GUID **guid, void **iface)
{
	*guid = __builtin_va_arg(*ap, EFI_GUID *);
	if (!*guid)
		return FALSE;
	*iface = __builtin_va_arg(*ap, void *);
	return TRUE;
}

/* The spec's rule: a device path identical to one already installed is refused. */
static BOOLEAN devpath_taken(EFI_GUID *guid, void *iface)
{
	EFI_DEVICE_PATH *rest = iface;
	EFI_HANDLE owner;

	return pdb_guid_eq(guid, &devpath_guid) &&
	       bs_locate_device_path(&devpath_guid, &rest, &owner) == EFI_SUCCESS &&
	       devpath_is_end(rest);
}

/*
 * Notifications wait until every pair is in: no notification function can run (and, say,
 * open one of the new interfaces BY_DRIVER) while a failure could still undo the others.
 */
EFI_STATUS proto_install_multiple(EFI_HANDLE *handle, __builtin_ms_va_list pairs)
{
	__builtin_ms_va_list ap;
	EFI_STATUS st = EFI_SUCCESS;
	EFI_HANDLE old;
	EFI_GUID *guid;
	UINTN done = 0;
	void *iface = NULL;

	if (!handle)
		return EFI_INVALID_PARAMETER;
	old = *handle;
	__builtin_ms_va_copy(ap, pairs);
	while (next_pair(&ap, &guid, &iface)) {
		st = devpath_taken(guid, iface) ? EFI_ALREADY_STARTED :
						  pdb_install(handle, guid, iface, FALSE);
		if (EFI_ERROR(st))
			break;
		done++;
	}
	__builtin_ms_va_end(ap);

	__builtin_ms_va_copy(ap, pairs);
	while (done--) {
		next_pair(&ap, &guid, &iface);
		if (EFI_ERROR(st))
			pdb_remove(pdb_iface_match(pdb_handle(*handle), guid, iface));
		else
			pdb_notify(guid);
	}
	__builtin_ms_va_end(ap);
	if (EFI_ERROR(st))
		*handle = old;
	return st;
}

EFI_STATUS EFIAPI bs_install_multiple_protocol_interfaces(EFI_HANDLE *handle, ...)
{
	__builtin_ms_va_list pairs;
	EFI_STATUS st;

	__builtin_ms_va_start(pairs, handle);
	st = proto_install_multiple(handle, pairs);
	__builtin_ms_va_end(pairs);
	return st;
}

/*
 * A first pass checks every pair (present, not pinned by an open, not listed twice) and a
 * second removes them, so there is nothing to undo. Any failure is EFI_INVALID_PARAMETER.
 */
EFI_STATUS proto_uninstall_multiple(EFI_HANDLE handle, __builtin_ms_va_list pairs)
{
	struct handle *h = pdb_handle(handle);
	__builtin_ms_va_list ap;
	BOOLEAN ok = TRUE;
	struct dlist *l;
	EFI_GUID *guid;
	void *iface;

	__builtin_ms_va_copy(ap, pairs);
	while (ok && next_pair(&ap, &guid, &iface)) {
		struct iface *f = h ? pdb_iface_match(h, guid, iface) : NULL;

		ok = f && !f->doomed && !pdb_pinned(f);
		if (ok)
			f->doomed = TRUE;
	}
	__builtin_ms_va_end(ap);
	if (!ok) {
		if (h)
			dlist_for_each(l, &h->ifaces)
				dlist_entry(l, struct iface, link)->doomed = FALSE;
		return EFI_INVALID_PARAMETER;
	}

	/* The handle goes away with the last pair, if the pairs were all it had. */
	__builtin_ms_va_copy(ap, pairs);
	while (next_pair(&ap, &guid, &iface))
		pdb_remove(pdb_iface_match(h, guid, iface));
	__builtin_ms_va_end(ap);
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI bs_uninstall_multiple_protocol_interfaces(EFI_HANDLE handle, ...)
{
	__builtin_ms_va_list pairs;
	EFI_STATUS st;

	__builtin_ms_va_start(pairs, handle);
	st = proto_uninstall_multiple(handle, pairs);
	__builtin_ms_va_end(pairs);
	return st;
}
