/*
 * The protocol database through the boot services table, part 2: LocateHandle(Buffer),
 * LocateProtocol, LocateDevicePath with real device path nodes, the multiple-interface
 * services' all-or-nothing behaviour, RegisterProtocolNotify, the device path helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "protocol_fixture.h"
#include "services/memory.h"
#include "services/protocol.h"

/* ---- locating -------------------------------------------------------------------------- */
static void test_locate_handle(void **state)
{
	EFI_HANDLE h1 = new_handle(&ga, IA), h2 = new_handle(&gb, IB), h3 = new_handle(&ga, IC);
	EFI_HANDLE buf[4] = { 0 };
	UINTN size = 0;

	assert_int_equal(bs.LocateHandle(ByProtocol, &ga, NULL, &size, NULL), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 2 * sizeof(EFI_HANDLE));
	size = sizeof(EFI_HANDLE);
	assert_int_equal(bs.LocateHandle(ByProtocol, &ga, NULL, &size, buf), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 2 * sizeof(EFI_HANDLE));
	assert_null(buf[0]);
	size = sizeof(buf);
	assert_int_equal(bs.LocateHandle(ByProtocol, &ga, NULL, &size, buf), EFI_SUCCESS);
	assert_int_equal(size, 2 * sizeof(EFI_HANDLE));
	assert_ptr_equal(buf[0], h1);
	assert_ptr_equal(buf[1], h3);
	size = sizeof(buf);
	assert_int_equal(bs.LocateHandle(AllHandles, &gc, NULL, &size, buf), EFI_SUCCESS);
	assert_int_equal(size, 3 * sizeof(EFI_HANDLE));
	assert_ptr_equal(buf[1], h2);

	size = sizeof(buf);
	assert_int_equal(bs.LocateHandle(ByProtocol, &gc, NULL, &size, buf), EFI_NOT_FOUND);
	assert_int_equal(bs.LocateHandle(ByProtocol, &ga, NULL, NULL, buf), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateHandle(ByProtocol, NULL, NULL, &size, buf),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, &ga, NULL, &size, buf),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateHandle((EFI_LOCATE_SEARCH_TYPE)7, &ga, NULL, &size, buf),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateHandle(ByProtocol, &ga, NULL, &size, NULL),
			 EFI_INVALID_PARAMETER);
}

static void test_locate_handle_buffer(void **state)
{
	EFI_HANDLE h1 = new_handle(&ga, IA), h2 = new_handle(&ga, IB), *buf = BOGUS;
	UINTN n = 9;

	assert_int_equal(bs.LocateHandleBuffer(ByProtocol, &ga, NULL, &n, &buf), EFI_SUCCESS);
	assert_int_equal(n, 2);
	assert_ptr_equal(buf[0], h1);
	assert_ptr_equal(buf[1], h2);
	mem_free_pool(buf);
	assert_int_equal(bs.LocateHandleBuffer(ByProtocol, &gb, NULL, &n, &buf), EFI_NOT_FOUND);
	assert_int_equal(n, 0);
	assert_null(buf);
	assert_int_equal(bs.LocateHandleBuffer(ByProtocol, NULL, NULL, &n, &buf),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateHandleBuffer(AllHandles, NULL, NULL, NULL, &buf),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateHandleBuffer(AllHandles, NULL, NULL, &n, NULL),
			 EFI_INVALID_PARAMETER);
	fail_in = 0;
	assert_int_equal(bs.LocateHandleBuffer(AllHandles, NULL, NULL, &n, &buf),
			 EFI_OUT_OF_RESOURCES);
	assert_int_equal(n, 0);
}

static void test_locate_protocol(void **state)
{
	EFI_HANDLE h1 = new_handle(&gb, IB), h2 = h1;
	void *p = IA;

	assert_int_equal(bs.LocateProtocol(&ga, NULL, &p), EFI_NOT_FOUND);
	assert_null(p);
	new_handle(&ga, IA);
	assert_int_equal(proto_install(&h2, &ga, IC), EFI_SUCCESS); /* older handle wins */
	assert_int_equal(bs.LocateProtocol(&ga, NULL, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IC);
	assert_int_equal(bs.LocateProtocol(&ga, NULL, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateProtocol(NULL, NULL, &p), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateProtocol(&ga, BOGUS, &p), EFI_NOT_FOUND); /* unknown key */
}

static void test_locate_device_path(void **state)
{
	struct dp_buf root = { .n = 0 }, disk = { .n = 0 }, q = { .n = 0 }, other = { .n = 0 };
	EFI_DEVICE_PATH *root_dp, *disk_dp, *query, *path;
	EFI_HANDLE hroot = NULL, hdisk = NULL, found = NULL;

	put_vendor(&root, HARDWARE_DEVICE_PATH, 1);
	root_dp = put_end(&root);
	put_vendor(&disk, HARDWARE_DEVICE_PATH, 1);
	put_vendor(&disk, MEDIA_DEVICE_PATH, 2);
	disk_dp = put_end(&disk);
	put_vendor(&q, HARDWARE_DEVICE_PATH, 1);
	put_vendor(&q, MEDIA_DEVICE_PATH, 2);
	put_vendor(&q, MEDIA_DEVICE_PATH, 3);
	query = put_end(&q);
	put_vendor(&other, HARDWARE_DEVICE_PATH, 9);
	put_vendor(&other, MEDIA_DEVICE_PATH, 2);
	put_end(&other);

	/* The longer path first: the match must not simply be the last handle that fits. */
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&hdisk, &dpg, disk_dp, &ga, IA, &gb,
							      IB, NULL), EFI_SUCCESS);
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&hroot, &dpg, root_dp, &ga, IA, NULL),
			 EFI_SUCCESS);
	/* The longest prefix wins; the pointer moves to the rest. */
	path = query;
	assert_int_equal(bs.LocateDevicePath(&ga, &path, &found), EFI_SUCCESS);
	assert_ptr_equal(found, hdisk);
	assert_ptr_equal(path, (UINT8 *)query + 40);
	assert_int_equal(path->Type, MEDIA_DEVICE_PATH);
	/* ... among the handles with the protocol asked for. */
	path = query;
	assert_int_equal(bs.LocateDevicePath(&dpg, &path, &found), EFI_SUCCESS);
	assert_ptr_equal(found, hdisk);
	assert_int_equal(proto_uninstall(hdisk, &ga, IA), EFI_SUCCESS);
	path = query;
	assert_int_equal(bs.LocateDevicePath(&ga, &path, &found), EFI_SUCCESS);
	assert_ptr_equal(found, hroot);
	assert_ptr_equal(path, (UINT8 *)query + 20);
	/* An exact match leaves the end node. */
	path = disk_dp;
	assert_int_equal(bs.LocateDevicePath(&gb, &path, &found), EFI_SUCCESS);
	assert_ptr_equal(found, hdisk);
	assert_true(devpath_is_end(path));

	path = (EFI_DEVICE_PATH *)other.b;
	assert_int_equal(bs.LocateDevicePath(&dpg, &path, &found), EFI_NOT_FOUND);
	assert_ptr_equal(path, other.b);
	path = query;
	assert_int_equal(bs.LocateDevicePath(&gc, &path, &found), EFI_NOT_FOUND);
	assert_int_equal(bs.LocateDevicePath(&ga, &path, NULL), EFI_INVALID_PARAMETER);
	assert_ptr_equal(path, query);
	assert_int_equal(bs.LocateDevicePath(NULL, &path, &found), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.LocateDevicePath(&ga, NULL, &found), EFI_INVALID_PARAMETER);
	path = NULL;
	assert_int_equal(bs.LocateDevicePath(&ga, &path, &found), EFI_INVALID_PARAMETER);
}

/* ---- the multiple-interface services --------------------------------------------------- */
static void test_install_multiple(void **state)
{
	EFI_HANDLE h = NULL, h2;
	void *p;

	assert_int_equal(bs.InstallMultipleProtocolInterfaces(NULL, &ga, IA, NULL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h, &ga, IA, &gb, IB, NULL),
			 EFI_SUCCESS);
	assert_int_equal(bs.HandleProtocol(h, &gb, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IB);
	/* Listed twice: the second fails, the first is undone, no handle is left. */
	h2 = NULL;
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h2, &gc, IC, &gc, IA, NULL),
			 EFI_INVALID_PARAMETER);
	assert_null(h2);
	assert_int_equal(handle_count(), 1);
	/* Onto an existing handle: its own protocols survive a failed call. */
	h2 = h;
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h2, &gc, IC, &ga, IA, NULL),
			 EFI_INVALID_PARAMETER);
	assert_ptr_equal(h2, h);
	assert_int_equal(bs.HandleProtocol(h, &gc, &p), EFI_UNSUPPORTED);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	/* Out of pool on the second pair's record. */
	h2 = NULL;
	fail_in = 2;
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h2, &ga, IA, &gb, IB, NULL),
			 EFI_OUT_OF_RESOURCES);
	assert_null(h2);
	assert_int_equal(handle_count(), 1);
}

static void test_install_multiple_devpath(void **state)
{
	struct dp_buf a = { .n = 0 }, b = { .n = 0 }, c = { .n = 0 };
	EFI_DEVICE_PATH *dpa, *dpb, *dpc;
	EFI_HANDLE h1 = NULL, h2 = NULL;
	void *key;

	put_vendor(&a, HARDWARE_DEVICE_PATH, 1);
	dpa = put_end(&a);
	put_vendor(&b, HARDWARE_DEVICE_PATH, 1); /* the same bytes at another address */
	dpb = put_end(&b);
	put_vendor(&c, HARDWARE_DEVICE_PATH, 1);
	put_vendor(&c, MEDIA_DEVICE_PATH, 5);
	dpc = put_end(&c);

	assert_int_equal(bs.RegisterProtocolNotify(&gc, EV1, &key), EFI_SUCCESS);
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h1, &dpg, dpa, NULL), EFI_SUCCESS);
	nsignals = 0;
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h2, &gc, IC, &dpg, dpb, NULL),
			 EFI_ALREADY_STARTED);
	assert_null(h2);
	assert_int_equal(handle_count(), 1);
	assert_int_equal(nsignals, 0); /* nothing was announced for the undone gc */
	/* A longer path below it is a new device. */
	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h2, &gc, IC, &dpg, dpc, NULL),
			 EFI_SUCCESS);
	assert_ptr_not_equal(h2, h1);
	assert_int_equal(nsignals, 1);
}

static void test_uninstall_multiple(void **state)
{
	EFI_HANDLE h = NULL, a = new_handle(&gc, IC);
	void *p;

	assert_int_equal(bs.InstallMultipleProtocolInterfaces(&h, &ga, IA, &gb, IB, NULL),
			 EFI_SUCCESS);
	/* A wrong second pair: nothing is removed, and the status is EFI_INVALID_PARAMETER. */
	assert_int_equal(bs.UninstallMultipleProtocolInterfaces(h, &ga, IA, &gb, IC, NULL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	assert_int_equal(bs.UninstallMultipleProtocolInterfaces(h, &ga, IA, &ga, IA, NULL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &gb, &p, a, a, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_SUCCESS);
	assert_int_equal(bs.UninstallMultipleProtocolInterfaces(h, &ga, IA, &gb, IB, NULL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	assert_int_equal(bs.CloseProtocol(h, &gb, a, a), EFI_SUCCESS);
	assert_int_equal(bs.UninstallMultipleProtocolInterfaces(BOGUS, &ga, IA, NULL),
			 EFI_INVALID_PARAMETER);
	/* All of them: the handle goes too. */
	assert_int_equal(bs.UninstallMultipleProtocolInterfaces(h, &gb, IB, &ga, IA, NULL),
			 EFI_SUCCESS);
	assert_false(handle_valid(h));
	assert_int_equal(handle_count(), 1);
}

/* ---- RegisterProtocolNotify -------------------------------------------------------------- */
static void test_notify(void **state)
{
	EFI_HANDLE hx = new_handle(&gc, IC), h0 = new_handle(&ga, IA), h1, hx2 = hx, buf[2];
	UINTN size;
	void *key, *key2, *p;

	assert_int_equal(bs.RegisterProtocolNotify(NULL, EV1, &key), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.RegisterProtocolNotify(&ga, NULL, &key), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV1, NULL), EFI_INVALID_PARAMETER);
	fail_in = 0;
	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV1, &key), EFI_OUT_OF_RESOURCES);
	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV1, &key), EFI_SUCCESS);
	assert_int_equal(bs.RegisterProtocolNotify(&gb, EV2, &key2), EFI_SUCCESS);

	h1 = new_handle(&ga, IB);
	assert_int_equal(nsignals, 1);
	assert_ptr_equal(signalled[0], EV1);
	assert_int_equal(proto_install(&hx2, &ga, IC), EFI_SUCCESS);
	assert_int_equal(nsignals, 2);
	/* One handle per call in install order (not handle order); a too small buffer does not
	 * consume it. Interfaces installed before the registration count as new. */
	size = 0;
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, NULL, key, &size, buf),
			 EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, sizeof(EFI_HANDLE));
	size = sizeof(buf);
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, NULL, key, &size, buf), EFI_SUCCESS);
	assert_int_equal(size, sizeof(EFI_HANDLE));
	assert_ptr_equal(buf[0], h0);
	assert_int_equal(bs.LocateProtocol(&gc, key, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IB);
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, NULL, key, &size, buf), EFI_SUCCESS);
	assert_ptr_equal(buf[0], hx);
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, NULL, key, &size, buf), EFI_NOT_FOUND);
	assert_int_equal(bs.LocateProtocol(&ga, key, &p), EFI_NOT_FOUND);
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, NULL, key2, &size, buf), EFI_NOT_FOUND);

	/* A closed event is forgotten. */
	proto_event_closed(EV1);
	nsignals = 0;
	new_handle(&ga, IC);
	assert_int_equal(nsignals, 0);
	assert_int_equal(bs.LocateHandle(ByRegisterNotify, NULL, key, &size, buf), EFI_NOT_FOUND);
	assert_int_equal(bs.UninstallProtocolInterface(h1, &ga, IB), EFI_SUCCESS);
}

/* A notification function that registers and closes events while it is being signalled. */
static void churn(EFI_EVENT ev)
{
	void *key;

	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV2, &key), EFI_SUCCESS);
	proto_event_closed(ev);
}

static void test_notify_reentrant(void **state)
{
	void *key;

	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV1, &key), EFI_SUCCESS);
	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV1, &key), EFI_SUCCESS);
	on_signal = churn;
	new_handle(&ga, IA);
	/* EV1 closed itself at its first signal; the EV2 registration is newer than the install. */
	assert_int_equal(nsignals, 1);
	assert_ptr_equal(signalled[0], EV1);
	on_signal = NULL;
	new_handle(&ga, IB);
	assert_int_equal(nsignals, 2);
	assert_ptr_equal(signalled[1], EV2);
}

static void test_devpath_helpers(void **state)
{
	struct dp_buf d = { .n = 0 };
	EFI_DEVICE_PATH *dp, *path;
	EFI_HANDLE found;

	put_vendor(&d, HARDWARE_DEVICE_PATH, 1);
	put_node(&d, END_DEVICE_PATH_TYPE, END_INSTANCE_DEVICE_PATH_SUBTYPE, NULL, 0);
	put_vendor(&d, MEDIA_DEVICE_PATH, 2);
	dp = put_end(&d);
	assert_int_equal(devpath_node_len(dp), 20);
	assert_int_equal(devpath_size(dp), 20 + 4 + 20 + 4);
	assert_int_equal(devpath_instance_len(dp), 20);
	assert_false(devpath_is_end((EFI_DEVICE_PATH *)(d.b + 20)));
	assert_true(devpath_is_end((EFI_DEVICE_PATH *)(d.b + 44)));
	/* A node claiming fewer bytes than its header. */
	d.b[20 + 2] = 3;
	assert_int_equal(devpath_size(dp), 0);
	assert_int_equal(devpath_instance_len(dp), -1);
	path = dp;
	assert_int_equal(bs.LocateDevicePath(&ga, &path, &found), EFI_INVALID_PARAMETER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_locate_handle),        T(test_locate_handle_buffer),
		T(test_locate_protocol),      T(test_locate_device_path),
		T(test_install_multiple),     T(test_install_multiple_devpath),
		T(test_uninstall_multiple),   T(test_notify),
		T(test_notify_reentrant),     T(test_devpath_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
