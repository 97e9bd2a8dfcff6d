/* Shared by the protocol database tests (tests/unit/protocol_fixture.c). */
#ifndef PVHEFI_PROTOCOL_FIXTURE_H
#define PVHEFI_PROTOCOL_FIXTURE_H

#include <efi.h>

/* The pool stand-in: live allocations, and the allocation this many from now fails (-1: none). */
extern long live_allocs;
extern int fail_in;
/* The event_signal stand-in: the last signals, their count, and a hook run at each. */
extern EFI_EVENT signalled[8];
extern int nsignals;
extern void (*on_signal)(EFI_EVENT ev);

/* The table under test, filled by protocol_install() before each test. */
extern EFI_BOOT_SERVICES bs;
extern EFI_GUID ga, gb, gc, dpg;
extern int ia, ib, ic, ev1_obj, ev2_obj, not_a_handle;
#define IA ((void *)&ia)
#define IB ((void *)&ib)
#define IC ((void *)&ic)
#define EV1 ((EFI_EVENT)&ev1_obj)
#define EV2 ((EFI_EVENT)&ev2_obj)
#define BOGUS ((EFI_HANDLE)&not_a_handle)

/* setup fills bs; teardown empties the database and fails the test on a leaked allocation. */
int setup(void **state);
int teardown(void **state);
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* A new handle carrying g, asserted to succeed. */
EFI_HANDLE new_handle(EFI_GUID *g, void *iface);
/* How many handles the database has (LocateHandle AllHandles). */
UINTN handle_count(void);
/* Whether the database knows h as a handle. */
BOOLEAN handle_valid(EFI_HANDLE h);

/* Device paths built node by node. */
struct dp_buf {
	UINT8 b[256];
	UINTN n;
};

void put_node(struct dp_buf *d, UINT8 type, UINT8 sub, const void *data, UINTN len);
void put_vendor(struct dp_buf *d, UINT8 type, UINT32 tag);
/* Ends the path; returns its start. */
EFI_DEVICE_PATH *put_end(struct dp_buf *d);

#endif
