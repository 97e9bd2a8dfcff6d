/* What the protocol database tests share: host stand-ins for pool and events, fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "services/protocol_db.h"
#include "protocol_fixture.h"
#include "services/events.h"
#include "services/memory.h"
#include "services/protocol.h"

/* ---- host stand-ins for the memory and event services -------------------------------- */
long live_allocs;
int fail_in = -1; /* the allocation this many from now fails; -1: none */

EFI_STATUS mem_alloc_pool(EFI_MEMORY_TYPE type, UINTN size, void **buf)
{
	assert_int_equal(type, EfiBootServicesData);
	if (fail_in >= 0 && fail_in-- == 0)
		return EFI_OUT_OF_RESOURCES;
	*buf = malloc(size);
	assert_non_null(*buf);
	live_allocs++;
	return EFI_SUCCESS;
}

EFI_STATUS mem_free_pool(void *buf)
{
	free(buf);
	live_allocs--;
	return EFI_SUCCESS;
}

EFI_EVENT signalled[8];
int nsignals;
void (*on_signal)(EFI_EVENT ev);

EFI_STATUS event_signal(EFI_EVENT ev)
{
	signalled[nsignals++ % 8] = ev;
	if (on_signal)
		on_signal(ev);
	return EFI_SUCCESS;
}

/* ---- fixtures ------------------------------------------------------------------------ */
EFI_BOOT_SERVICES bs;
EFI_GUID ga = { 0x11111111, 0x1111, 0x1111, { 1, 1, 1, 1, 1, 1, 1, 1 } };
EFI_GUID gb = { 0x22222222, 0x2222, 0x2222, { 2, 2, 2, 2, 2, 2, 2, 2 } };
EFI_GUID gc = { 0x33333333, 0x3333, 0x3333, { 3, 3, 3, 3, 3, 3, 3, 3 } };
EFI_GUID dpg = EFI_DEVICE_PATH_PROTOCOL_GUID;
int ia, ib, ic, ev1_obj, ev2_obj, not_a_handle;

int setup(void **state)
{
	memset(&bs, 0, sizeof(bs));
	protocol_install(&bs);
	return 0;
}

int teardown(void **state)
{
	while (!dlist_empty(&pdb_handles)) {
		struct handle *h = dlist_entry(pdb_handles.next, struct handle, link);

		pdb_remove(dlist_entry(h->ifaces.next, struct iface, link));
	}
	proto_event_closed(EV1);
	proto_event_closed(EV2);
	fail_in = -1;
	nsignals = 0;
	on_signal = NULL;
	if (live_allocs) {
		print_error("%ld pool allocations leaked\n", live_allocs);
		live_allocs = 0;
		return -1;
	}
	return 0;
}

EFI_HANDLE new_handle(EFI_GUID *g, void *iface)
{
	EFI_HANDLE h = NULL;

	assert_int_equal(bs.InstallProtocolInterface(&h, g, EFI_NATIVE_INTERFACE, iface),
			 EFI_SUCCESS);
	assert_non_null(h);
	return h;
}

BOOLEAN handle_valid(EFI_HANDLE h)
{
	return pdb_handle(h) != NULL;
}

UINTN handle_count(void)
{
	UINTN size = 0;
	EFI_STATUS st = bs.LocateHandle(AllHandles, NULL, NULL, &size, NULL);

	if (st == EFI_NOT_FOUND)
		return 0;
	assert_int_equal(st, EFI_BUFFER_TOO_SMALL);
	return size / sizeof(EFI_HANDLE);
}

void put_node(struct dp_buf *d, UINT8 type, UINT8 sub, const void *data, UINTN len)
{
	EFI_DEVICE_PATH *node = (EFI_DEVICE_PATH *)(d->b + d->n);

	node->Type = type;
	node->SubType = sub;
	node->Length[0] = (UINT8)(sizeof(*node) + len);
	node->Length[1] = 0;
	if (len)
		memcpy(node + 1, data, len);
	d->n += sizeof(*node) + len;
}

/* Vendor nodes tell paths apart by a tag in their GUID. */
void put_vendor(struct dp_buf *d, UINT8 type, UINT32 tag)
{
	EFI_GUID g = { tag, 0x5ca1, 0xab1e, { 1, 2, 3, 4, 5, 6, 7, 8 } };

	put_node(d, type, type == HARDWARE_DEVICE_PATH ? HW_VENDOR_DP : MEDIA_VENDOR_DP, &g,
		 sizeof(g));
}

EFI_DEVICE_PATH *put_end(struct dp_buf *d)
{
	put_node(d, END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, NULL, 0);
	return (EFI_DEVICE_PATH *)d->b;
}

