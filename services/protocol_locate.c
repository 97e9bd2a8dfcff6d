/* Finding handles: LocateHandle, LocateHandleBuffer, LocateProtocol, LocateDevicePath. */
#include <efi.h>

#include "lib/lib.h"
#include "services/protocol.h"
#include "services/protocol_db.h"

static EFI_GUID devpath_guid = EFI_DEVICE_PATH_PROTOCOL_GUID;

/* ByRegisterNotify: at most one handle per call, the next one new for the registration. */
static EFI_STATUS locate_by_notify(void *key, UINTN *size, EFI_HANDLE *buf)
{
	struct iface *f;

	if (!key)
		return EFI_INVALID_PARAMETER;
	f = pdb_notify_next(key);
	if (!f)
		return EFI_NOT_FOUND;
	if (*size < sizeof(EFI_HANDLE)) {
		*size = sizeof(EFI_HANDLE);
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buf)
		return EFI_INVALID_PARAMETER;
	*size = sizeof(EFI_HANDLE);
	buf[0] = f->owner;
	pdb_notify_seen(key, f);
	return EFI_SUCCESS;
}

/* Handles in creation order; guid NULL means all of them. */
static UINTN collect(const EFI_GUID *guid, EFI_HANDLE *buf)
{
	struct dlist *l;
	UINTN n = 0;

	dlist_for_each(l, &pdb_handles) {
		struct handle *h = dlist_entry(l, struct handle, link);

		if (guid && !pdb_iface(h, guid))
			continue;
		if (buf)
			buf[n] = h;
		n++;
	}
	return n;
}

EFI_STATUS EFIAPI bs_locate_handle(EFI_LOCATE_SEARCH_TYPE type, EFI_GUID *guid, void *key,
				      UINTN *size, EFI_HANDLE *buf)
{
	UINTN need;

	if (!size)
		return EFI_INVALID_PARAMETER;
	switch (type) {
	case AllHandles:
		guid = NULL;
		break;
	case ByProtocol:
		if (!guid)
			return EFI_INVALID_PARAMETER;
		break;
	case ByRegisterNotify:
		return locate_by_notify(key, size, buf);
	default:
		return EFI_INVALID_PARAMETER;
	}
	need = collect(guid, NULL) * sizeof(EFI_HANDLE);
	if (!need)
		return EFI_NOT_FOUND;
	if (*size < need) {
		*size = need;
		return EFI_BUFFER_TOO_SMALL;
	}
	if (!buf)
		return EFI_INVALID_PARAMETER;
	*size = need;
	collect(guid, buf);
	return EFI_SUCCESS;
}

EFI_STATUS EFIAPI bs_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE type, EFI_GUID *guid,
					     void *key, UINTN *count, EFI_HANDLE **buf)
{
	UINTN size = 0;
	EFI_HANDLE *handles;
	EFI_STATUS st;

	if (!count || !buf)
		return EFI_INVALID_PARAMETER;
	*count = 0;
	*buf = NULL;
	/* With size 0 a match always gives EFI_BUFFER_TOO_SMALL and the size it needs. */
	st = bs_locate_handle(type, guid, key, &size, NULL);
	if (st != EFI_BUFFER_TOO_SMALL)
		return st == EFI_INVALID_PARAMETER ? st : EFI_NOT_FOUND;
	handles = pdb_alloc(size);
	if (!handles)
		return EFI_OUT_OF_RESOURCES;
	st = bs_locate_handle(type, guid, key, &size, handles);
	if (EFI_ERROR(st)) {
		pdb_free(handles);
		return st;
	}
	*count = size / sizeof(EFI_HANDLE);
	*buf = handles;
	return EFI_SUCCESS;
}

/* With a registration key the protocol is the registration's, as for LocateHandle. */
EFI_STATUS EFIAPI bs_locate_protocol(EFI_GUID *guid, void *key, void **iface)
{
	struct dlist *l;
	struct iface *f;

	if (!guid || !iface)
		return EFI_INVALID_PARAMETER;
	*iface = NULL;
	if (key) {
		f = pdb_notify_next(key);
		if (!f)
			return EFI_NOT_FOUND;
		pdb_notify_seen(key, f);
		*iface = f->ptr;
		return EFI_SUCCESS;
	}
	dlist_for_each(l, &pdb_handles) {
		f = pdb_iface(dlist_entry(l, struct handle, link), guid);
		if (f) {
			*iface = f->ptr;
			return EFI_SUCCESS;
		}
	}
	return EFI_NOT_FOUND;
}

/*
 * Among the handles with both guid and a device path, the one whose path is the longest
 * prefix (whole nodes) of the caller's first instance; the caller's pointer moves past it.
 */
EFI_STATUS EFIAPI bs_locate_device_path(EFI_GUID *guid, EFI_DEVICE_PATH **path,
					   EFI_HANDLE *device)
{
	struct handle *best = NULL;
	INTN src_len, best_len = 0;
	struct dlist *l;

	if (!guid || !path || !*path)
		return EFI_INVALID_PARAMETER;
	src_len = devpath_instance_len(*path);
	if (src_len < 0)
		return EFI_INVALID_PARAMETER;
	dlist_for_each(l, &pdb_handles) {
		struct handle *h = dlist_entry(l, struct handle, link);
		struct iface *dp = pdb_iface(h, &devpath_guid);
		INTN len;

		if (!dp || !dp->ptr || !pdb_iface(h, guid))
			continue;
		len = devpath_instance_len(dp->ptr);
		if (len < 0 || len > src_len || (best && len <= best_len))
			continue;
		if (memcmp(*path, dp->ptr, len) == 0) {
			best = h;
			best_len = len;
		}
	}
	if (!best)
		return EFI_NOT_FOUND;
	if (!device)
		return EFI_INVALID_PARAMETER;
	*device = best;
	*path = (EFI_DEVICE_PATH *)((UINT8 *)*path + best_len);
	return EFI_SUCCESS;
}
