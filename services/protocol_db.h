/* Internals of the protocol database shared by services/protocol*.c (not a contract). */
#ifndef PVHEFI_PROTOCOL_DB_H
#define PVHEFI_PROTOCOL_DB_H

#include <efi.h>
#include <stddef.h>

/* A circular doubly linked list; an empty head points at itself. */
struct dlist {
	struct dlist *prev, *next;
};

#define DLIST_HEAD(name) struct dlist name = { &(name), &(name) }
#define dlist_entry(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))
#define dlist_for_each(p, head) for ((p) = (head)->next; (p) != (head); (p) = (p)->next)

static inline void dlist_init(struct dlist *head)
{
	head->prev = head->next = head;
}

static inline void dlist_add_tail(struct dlist *head, struct dlist *node)
{
	node->prev = head->prev;
	node->next = head;
	head->prev->next = node;
	head->prev = node;
}

static inline void dlist_del(struct dlist *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
}

static inline BOOLEAN dlist_empty(const struct dlist *head)
{
	return head->next == head;
}

/* An EFI_HANDLE is the address of one of these; it lives while it carries an interface. */
struct handle {
	struct dlist link;   /* in pdb_handles, oldest first */
	struct dlist ifaces; /* struct iface, in install order */
};

struct iface {
	struct dlist link; /* in handle->ifaces */
	struct handle *owner;
	EFI_GUID guid;       /* our copy: ProtocolsPerHandle hands out pointers to it */
	void *ptr;
	UINT64 seq;          /* when it was (re)installed: RegisterProtocolNotify's "new" */
	BOOLEAN doomed;      /* UninstallMultipleProtocolInterfaces' first pass */
	struct dlist opens;  /* struct open_rec */
};

struct open_rec {
	struct dlist link;
	EFI_HANDLE agent, controller;
	UINT32 attrs, count;
};

/* Opens that only a driver's Stop() could end: with no drivers they pin the interface. */
#define OPEN_PINS (EFI_OPEN_PROTOCOL_BY_DRIVER | EFI_OPEN_PROTOCOL_EXCLUSIVE | \
		   EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER)

extern struct dlist pdb_handles;

void *pdb_alloc(UINTN size);
void pdb_free(void *p);
BOOLEAN pdb_guid_eq(const EFI_GUID *a, const EFI_GUID *b);
/* The live handle h is, or NULL: h itself is never dereferenced. */
struct handle *pdb_handle(EFI_HANDLE h);
struct iface *pdb_iface(struct handle *h, const EFI_GUID *guid);
/* The interface guid/ptr on h, or NULL. */
struct iface *pdb_iface_match(struct handle *h, const EFI_GUID *guid, void *ptr);
BOOLEAN pdb_pinned(struct iface *f);
/* InstallProtocolInterface without the interface type; notify FALSE defers notifications. */
EFI_STATUS pdb_install(EFI_HANDLE *handle, EFI_GUID *guid, void *ptr, BOOLEAN notify);
/* Removes an interface with its open records, and its handle when that was the last one. */
void pdb_remove(struct iface *f);

/* RegisterProtocolNotify (services/protocol_notify.c). */
void pdb_notify(const EFI_GUID *guid);
/* The next interface new for registration key, or NULL (also for an unknown key). */
struct iface *pdb_notify_next(void *key);
void pdb_notify_seen(void *key, struct iface *f);

/* The EFIAPI services, for protocol_install(). */
EFI_STATUS EFIAPI bs_register_protocol_notify(EFI_GUID *guid, EFI_EVENT ev, void **key);
EFI_STATUS EFIAPI bs_locate_handle(EFI_LOCATE_SEARCH_TYPE type, EFI_GUID *guid, void *key,
				      UINTN *size, EFI_HANDLE *buf);
EFI_STATUS EFIAPI bs_locate_handle_buffer(EFI_LOCATE_SEARCH_TYPE type, EFI_GUID *guid,
					     void *key, UINTN *count, EFI_HANDLE **buf);
EFI_STATUS EFIAPI bs_locate_protocol(EFI_GUID *guid, void *key, void **iface);
EFI_STATUS EFIAPI bs_locate_device_path(EFI_GUID *guid, EFI_DEVICE_PATH **path,
					   EFI_HANDLE *device);
EFI_STATUS EFIAPI bs_open_protocol(EFI_HANDLE handle, EFI_GUID *guid, void **iface, EFI_HANDLE agent,
			     EFI_HANDLE controller, UINT32 attrs);
EFI_STATUS EFIAPI bs_close_protocol(EFI_HANDLE handle, EFI_GUID *guid, EFI_HANDLE agent,
			      EFI_HANDLE controller);
EFI_STATUS EFIAPI bs_open_protocol_information(EFI_HANDLE handle, EFI_GUID *guid,
				  EFI_OPEN_PROTOCOL_INFORMATION_ENTRY **entries, UINTN *count);
EFI_STATUS EFIAPI bs_protocols_per_handle(EFI_HANDLE handle, EFI_GUID ***guids, UINTN *count);
EFI_STATUS EFIAPI bs_connect_controller(EFI_HANDLE controller, EFI_HANDLE *drivers,
				EFI_DEVICE_PATH *remaining, BOOLEAN recursive);
EFI_STATUS EFIAPI bs_disconnect_controller(EFI_HANDLE controller, EFI_HANDLE driver, EFI_HANDLE child);
EFI_STATUS EFIAPI bs_install_multiple_protocol_interfaces(EFI_HANDLE *handle, ...);
EFI_STATUS proto_install_multiple(EFI_HANDLE *handle, __builtin_ms_va_list pairs);
EFI_STATUS proto_uninstall_multiple(EFI_HANDLE handle, __builtin_ms_va_list pairs);
EFI_STATUS EFIAPI bs_uninstall_multiple_protocol_interfaces(EFI_HANDLE handle, ...);

#endif
