/*
 * The protocol database through the boot services table, part 1: install, uninstall,
 * reinstall, HandleProtocol, OpenProtocol's rules, CloseProtocol, OpenProtocolInformation,
 * ProtocolsPerHandle, Connect/DisconnectController, each with its status codes. Every test
 * must leave no pool allocation behind.
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

/* ---- install, uninstall, reinstall, HandleProtocol ----------------------------------- */
static void test_table_filled(void **state)
{
	assert_non_null(bs.InstallProtocolInterface);
	assert_non_null(bs.OpenProtocolInformation);
	assert_non_null(bs.UninstallMultipleProtocolInterfaces);
	assert_non_null(bs.ConnectController);
	assert_null(bs.PCHandleProtocol); /* reserved: left to the table's default */
}

static void test_install_new_handle(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), h2;
	void *p = NULL;

	assert_true(handle_valid(h));
	assert_int_equal(handle_count(), 1);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IA);
	/* A second protocol on the same handle, then a NULL interface (a marker protocol). */
	h2 = h;
	assert_int_equal(bs.InstallProtocolInterface(&h2, &gb, EFI_NATIVE_INTERFACE, NULL),
			 EFI_SUCCESS);
	assert_ptr_equal(h2, h);
	assert_int_equal(bs.HandleProtocol(h, &gb, &p), EFI_SUCCESS);
	assert_null(p);
	assert_int_equal(handle_count(), 1);
	assert_int_equal(proto_install(&h2, &gc, IC), EFI_SUCCESS);
	assert_int_equal(proto_lookup(h, &gc, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IC);
}

static void test_install_params(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), x = BOGUS, y = NULL;

	assert_int_equal(bs.InstallProtocolInterface(NULL, &ga, EFI_NATIVE_INTERFACE, IA),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.InstallProtocolInterface(&y, NULL, EFI_NATIVE_INTERFACE, IA),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.InstallProtocolInterface(&y, &gb, EFI_PCODE_INTERFACE, IB),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.InstallProtocolInterface(&x, &gb, EFI_NATIVE_INTERFACE, IB),
			 EFI_INVALID_PARAMETER);
	assert_ptr_equal(x, BOGUS);
	/* Already there, even with another interface. */
	x = h;
	assert_int_equal(bs.InstallProtocolInterface(&x, &ga, EFI_NATIVE_INTERFACE, IB),
			 EFI_INVALID_PARAMETER);
	assert_null(y);
	assert_int_equal(handle_count(), 1);
}

static void test_install_oom(void **state)
{
	EFI_HANDLE h = NULL;

	fail_in = 0; /* the interface record */
	assert_int_equal(proto_install(&h, &ga, IA), EFI_OUT_OF_RESOURCES);
	fail_in = 1; /* the handle */
	assert_int_equal(proto_install(&h, &ga, IA), EFI_OUT_OF_RESOURCES);
	assert_null(h);
	assert_int_equal(handle_count(), 0);
	assert_int_equal(live_allocs, 0);
}

static void test_uninstall(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), h2 = h;
	void *p;

	assert_int_equal(proto_install(&h2, &gb, IB), EFI_SUCCESS);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IB), EFI_NOT_FOUND);
	assert_int_equal(bs.UninstallProtocolInterface(h, &gc, IA), EFI_NOT_FOUND);
	assert_int_equal(bs.UninstallProtocolInterface(h, NULL, IA), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.UninstallProtocolInterface(NULL, &ga, IA), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.UninstallProtocolInterface(BOGUS, &ga, IA), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_SUCCESS);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_UNSUPPORTED);
	assert_true(handle_valid(h));
	/* The last protocol takes the handle with it. */
	assert_int_equal(proto_uninstall(h, &gb, IB), EFI_SUCCESS);
	assert_false(handle_valid(h));
	assert_int_equal(bs.HandleProtocol(h, &gb, &p), EFI_INVALID_PARAMETER);
	assert_int_equal(handle_count(), 0);
}

static void test_uninstall_pinned(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), agent = new_handle(&gb, IB), ctl = new_handle(&gc, IC);
	UINTN count;
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info;
	void *p;

	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, ctl, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_SUCCESS);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_ACCESS_DENIED);
	assert_int_equal(bs.CloseProtocol(h, &ga, agent, ctl), EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE),
			 EFI_SUCCESS);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_ACCESS_DENIED);
	assert_int_equal(bs.CloseProtocol(h, &ga, agent, NULL), EFI_SUCCESS);
	/* Child-controller opens pin too: only the bus driver could close them. */
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, ctl,
					 EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER), EFI_SUCCESS);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_ACCESS_DENIED);
	assert_int_equal(bs.CloseProtocol(h, &ga, agent, ctl), EFI_SUCCESS);
	/* Plain opens do not, and are forgotten with the interface. */
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, &info, &count), EFI_SUCCESS);
	assert_int_equal(count, 1);
	mem_free_pool(info);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_SUCCESS);
	assert_false(handle_valid(h));
}

/* proto_check_uninstall answers as uninstall would and changes nothing. */
static void test_check_uninstall(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), agent = new_handle(&gb, IB);
	void *p;

	assert_int_equal(proto_check_uninstall(h, &ga, IA), EFI_SUCCESS);
	assert_int_equal(proto_check_uninstall(h, &ga, IB), EFI_NOT_FOUND);
	assert_int_equal(proto_check_uninstall(h, &gc, IA), EFI_NOT_FOUND);
	assert_int_equal(proto_check_uninstall(BOGUS, &ga, IA), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER), EFI_SUCCESS);
	assert_int_equal(proto_check_uninstall(h, &ga, IA), EFI_ACCESS_DENIED);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	assert_int_equal(bs.CloseProtocol(h, &ga, agent, h), EFI_SUCCESS);
}

/* An agent that goes away (an unloaded image) takes its opens with it, and only its own. */
static void test_close_agent(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), agent = new_handle(&gb, IB), other = new_handle(&gc, IC);
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info;
	UINTN count;
	void *p;

	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER), EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, other, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL), EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(other, &gc, &p, agent, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE), EFI_SUCCESS);
	proto_close_agent(agent);
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, &info, &count), EFI_SUCCESS);
	assert_int_equal(count, 1);
	assert_ptr_equal(info[0].AgentHandle, other);
	mem_free_pool(info);
	assert_int_equal(bs.OpenProtocolInformation(other, &gc, &info, &count), EFI_SUCCESS);
	assert_int_equal(count, 0);
	mem_free_pool(info);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_SUCCESS);
	assert_int_equal(bs.UninstallProtocolInterface(other, &gc, IC), EFI_SUCCESS);
}

static void test_reinstall(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), agent = new_handle(&gb, IB);
	void *p, *key;

	assert_int_equal(bs.ReinstallProtocolInterface(h, &ga, IB, IC), EFI_NOT_FOUND);
	assert_int_equal(bs.ReinstallProtocolInterface(h, &gc, IA, IC), EFI_NOT_FOUND);
	assert_int_equal(bs.ReinstallProtocolInterface(BOGUS, &ga, IA, IC), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.ReinstallProtocolInterface(h, NULL, IA, IC), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, agent, h, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_SUCCESS);
	assert_int_equal(bs.ReinstallProtocolInterface(h, &ga, IA, IC), EFI_ACCESS_DENIED);
	assert_int_equal(bs.CloseProtocol(h, &ga, agent, h), EFI_SUCCESS);

	assert_int_equal(bs.RegisterProtocolNotify(&ga, EV1, &key), EFI_SUCCESS);
	assert_int_equal(bs.LocateProtocol(&ga, key, &p), EFI_SUCCESS); /* the existing one */
	nsignals = 0;
	assert_int_equal(bs.ReinstallProtocolInterface(h, &ga, IA, IC), EFI_SUCCESS);
	assert_int_equal(nsignals, 1);
	assert_ptr_equal(signalled[0], EV1);
	assert_int_equal(bs.HandleProtocol(h, &ga, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IC);
	/* Reinstalled counts as new for the registration. */
	assert_int_equal(bs.LocateProtocol(&ga, key, &p), EFI_SUCCESS);
	assert_ptr_equal(p, IC);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_NOT_FOUND);
}

static void test_handle_protocol(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA);
	void *p = IB;

	assert_int_equal(bs.HandleProtocol(h, &gb, &p), EFI_UNSUPPORTED);
	assert_null(p);
	assert_int_equal(bs.HandleProtocol(h, &ga, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.HandleProtocol(h, NULL, &p), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.HandleProtocol(NULL, &ga, &p), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.HandleProtocol(BOGUS, &ga, &p), EFI_INVALID_PARAMETER);
	assert_false(handle_valid(NULL));
	assert_false(handle_valid(BOGUS));
}

/* ---- OpenProtocol and friends --------------------------------------------------------- */
static void test_open_params(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), ag = new_handle(&gb, IB), ctl = new_handle(&gc, IC);
	void *p = IB;

	assert_int_equal(bs.OpenProtocol(h, NULL, &p, ag, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, NULL, ag, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, NULL, ag, NULL, EFI_OPEN_PROTOCOL_TEST_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(BOGUS, &ga, &p, ag, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, ag, NULL, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, ag, NULL, 0x40), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, ag, ctl, EFI_OPEN_PROTOCOL_BY_DRIVER |
					 EFI_OPEN_PROTOCOL_GET_PROTOCOL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, BOGUS, ctl, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, ag, NULL, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, NULL, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, ag, h, EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER),
			 EFI_INVALID_PARAMETER);
	assert_ptr_equal(p, IB); /* left alone on parameter errors */
	assert_int_equal(bs.OpenProtocol(h, &gb, &p, ag, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_UNSUPPORTED);
	assert_null(p);
}

static UINTN open_count(EFI_HANDLE h, EFI_GUID *g, UINTN i, UINT32 *attrs)
{
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info;
	UINTN n, count;

	assert_int_equal(bs.OpenProtocolInformation(h, g, &info, &n), EFI_SUCCESS);
	assert_non_null(info);
	count = i < n ? info[i].OpenCount : 0;
	if (i < n && attrs)
		*attrs = info[i].Attributes;
	mem_free_pool(info);
	return count;
}

static void test_open_rules(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), a = new_handle(&gb, IB), b = new_handle(&gc, IC);
	UINT32 attrs = 0;
	void *p;

	/* Same agent, controller and attributes: one record, counted. No agent: no record. */
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_ptr_equal(p, IA);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, NULL, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(open_count(h, &ga, 0, &attrs), 2);
	assert_int_equal(attrs, EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	assert_int_equal(open_count(h, &ga, 1, NULL), 0);

	/* BY_DRIVER: once per interface; the same driver again is told it already has it. */
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, h, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_SUCCESS);
	p = NULL;
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, h, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_ALREADY_STARTED);
	assert_ptr_equal(p, IA);
	p = IC;
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, b, h, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_ACCESS_DENIED);
	assert_ptr_equal(p, IC);
	/* No driver can be stopped, so exclusive access is refused too. */
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, b, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE),
			 EFI_ACCESS_DENIED);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, b, h, EFI_OPEN_PROTOCOL_BY_DRIVER |
					 EFI_OPEN_PROTOCOL_EXCLUSIVE), EFI_ACCESS_DENIED);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, b, NULL, EFI_OPEN_PROTOCOL_BY_HANDLE_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.CloseProtocol(h, &ga, a, h), EFI_SUCCESS);

	/* EXCLUSIVE: nobody else, not even the same agent again, gets it BY_DRIVER/EXCLUSIVE. */
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, NULL, EFI_OPEN_PROTOCOL_EXCLUSIVE),
			 EFI_ACCESS_DENIED);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, b, h, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_ACCESS_DENIED);
	assert_int_equal(bs.OpenProtocol(h, &ga, NULL, b, NULL, EFI_OPEN_PROTOCOL_TEST_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, b, EFI_OPEN_PROTOCOL_BY_CHILD_CONTROLLER),
			 EFI_SUCCESS);

	fail_in = 0;
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, b, a, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_OUT_OF_RESOURCES);
}

static void test_close(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), a = new_handle(&gb, IB), c = new_handle(&gc, IC);
	void *p;

	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, c, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, c, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.CloseProtocol(BOGUS, &ga, a, c), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CloseProtocol(h, &ga, NULL, c), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CloseProtocol(h, &ga, BOGUS, c), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CloseProtocol(h, &ga, a, BOGUS), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CloseProtocol(h, NULL, a, c), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.CloseProtocol(h, &gb, a, c), EFI_NOT_FOUND);
	assert_int_equal(bs.CloseProtocol(h, &ga, c, a), EFI_NOT_FOUND);
	/* Both opens by (a, c) end together; the one by (a, NULL) stays. */
	assert_int_equal(bs.CloseProtocol(h, &ga, a, c), EFI_SUCCESS);
	assert_int_equal(bs.CloseProtocol(h, &ga, a, c), EFI_NOT_FOUND);
	assert_int_equal(open_count(h, &ga, 0, NULL), 1);
	assert_int_equal(open_count(h, &ga, 1, NULL), 0);
	assert_int_equal(bs.UninstallProtocolInterface(h, &ga, IA), EFI_SUCCESS);
}

static void test_open_info(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), a = new_handle(&gb, IB), c = new_handle(&gc, IC);
	EFI_OPEN_PROTOCOL_INFORMATION_ENTRY *info = (void *)IA;
	UINTN n = 7;
	void *p;

	assert_int_equal(bs.OpenProtocolInformation(h, &gb, &info, &n), EFI_NOT_FOUND);
	assert_null(info);
	assert_int_equal(n, 0);
	assert_int_equal(bs.OpenProtocolInformation(BOGUS, &ga, &info, &n), EFI_NOT_FOUND);
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, NULL, &n), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, &info, NULL), EFI_INVALID_PARAMETER);
	/* No opens: success, an empty (but real) buffer. */
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, &info, &n), EFI_SUCCESS);
	assert_non_null(info);
	assert_int_equal(n, 0);
	mem_free_pool(info);

	assert_int_equal(bs.OpenProtocol(h, &ga, &p, a, c, EFI_OPEN_PROTOCOL_BY_DRIVER),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocol(h, &ga, &p, c, NULL, EFI_OPEN_PROTOCOL_GET_PROTOCOL),
			 EFI_SUCCESS);
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, &info, &n), EFI_SUCCESS);
	assert_int_equal(n, 2);
	assert_ptr_equal(info[0].AgentHandle, a);
	assert_ptr_equal(info[0].ControllerHandle, c);
	assert_int_equal(info[0].Attributes, EFI_OPEN_PROTOCOL_BY_DRIVER);
	assert_int_equal(info[0].OpenCount, 1);
	assert_ptr_equal(info[1].AgentHandle, c);
	assert_null(info[1].ControllerHandle);
	assert_int_equal(info[1].Attributes, EFI_OPEN_PROTOCOL_GET_PROTOCOL);
	mem_free_pool(info);

	fail_in = 0;
	assert_int_equal(bs.OpenProtocolInformation(h, &ga, &info, &n), EFI_OUT_OF_RESOURCES);
	assert_int_equal(bs.CloseProtocol(h, &ga, a, c), EFI_SUCCESS);
}

static void test_protocols_per_handle(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA), h2 = h;
	EFI_GUID **guids;
	UINTN n;

	assert_int_equal(proto_install(&h2, &gb, IB), EFI_SUCCESS);
	assert_int_equal(bs.ProtocolsPerHandle(h, &guids, &n), EFI_SUCCESS);
	assert_int_equal(n, 2);
	assert_memory_equal(guids[0], &ga, sizeof(ga));
	assert_memory_equal(guids[1], &gb, sizeof(gb));
	assert_ptr_not_equal(guids[0], &ga); /* the database's own copy */
	mem_free_pool(guids);
	assert_int_equal(bs.ProtocolsPerHandle(BOGUS, &guids, &n), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.ProtocolsPerHandle(h, NULL, &n), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.ProtocolsPerHandle(h, &guids, NULL), EFI_INVALID_PARAMETER);
	fail_in = 0;
	assert_int_equal(bs.ProtocolsPerHandle(h, &guids, &n), EFI_OUT_OF_RESOURCES);
}

/* ---- the driver model without drivers --------------------------------------------------- */
static void test_connect_disconnect(void **state)
{
	EFI_HANDLE h = new_handle(&ga, IA);

	assert_int_equal(bs.ConnectController(h, NULL, NULL, TRUE), EFI_NOT_FOUND);
	assert_int_equal(bs.ConnectController(BOGUS, NULL, NULL, FALSE), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.ConnectController(NULL, NULL, NULL, FALSE), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.DisconnectController(h, NULL, NULL), EFI_SUCCESS);
	assert_int_equal(bs.DisconnectController(h, h, h), EFI_SUCCESS);
	assert_int_equal(bs.DisconnectController(NULL, NULL, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.DisconnectController(h, BOGUS, NULL), EFI_INVALID_PARAMETER);
	assert_int_equal(bs.DisconnectController(h, NULL, BOGUS), EFI_INVALID_PARAMETER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_table_filled),         T(test_install_new_handle),
		T(test_install_params),       T(test_install_oom),
		T(test_uninstall),            T(test_uninstall_pinned),
		T(test_check_uninstall),      T(test_close_agent),
		T(test_reinstall),            T(test_handle_protocol),
		T(test_open_params),          T(test_open_rules),
		T(test_close),                T(test_open_info),
		T(test_protocols_per_handle), T(test_connect_disconnect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
