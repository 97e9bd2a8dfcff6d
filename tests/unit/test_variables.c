/* The variable store: the spec's attribute rules and status codes, before and after
 * ExitBootServices (the boot-time and the runtime variants). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime/internal.h"

/* The trace is off in these tests. */
void trace_rt(const char *fmt, ...)
{
}

const char *trace_name(const CHAR16 *name, char *out, size_t size)
{
	return "";
}

#define BS EFI_VARIABLE_BOOTSERVICE_ACCESS
#define RT (EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)
#define NV EFI_VARIABLE_NON_VOLATILE

static EFI_GUID vendor = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } };
static EFI_GUID other = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 9 } };
static EFI_GUID global = EFI_GLOBAL_VARIABLE;

static int setup(void **state)
{
	variables_init();
	return 0;
}

static EFI_STATUS get(CHAR16 *name, EFI_GUID *g, UINT32 *attr, UINTN *size, void *data, int rt)
{
	return rt ? rt_get_variable(name, g, attr, size, data) : rt_get_variable_boot(name, g, attr, size, data);
}

static EFI_STATUS set(CHAR16 *name, EFI_GUID *g, UINT32 attr, UINTN size, const void *data, int rt)
{
	return rt ? rt_set_variable(name, g, attr, size, (void *)data) :
		    rt_set_variable_boot(name, g, attr, size, (void *)data);
}

static void test_globals(void **state)
{
	UINT8 byte = 0xff;
	UINTN size = sizeof(byte);
	UINT32 attr = 0;
	char lang[8];

	assert_int_equal(get(u"SecureBoot", &global, &attr, &size, &byte, 0), EFI_SUCCESS);
	assert_int_equal(byte, 0);
	assert_int_equal(attr, RT);
	size = 1;
	assert_int_equal(get(u"SetupMode", &global, NULL, &size, &byte, 1), EFI_SUCCESS);
	assert_int_equal(byte, 1);
	size = sizeof(lang);
	assert_int_equal(get(u"PlatformLang", &global, &attr, &size, lang, 1), EFI_SUCCESS);
	assert_string_equal(lang, "en-US");
	assert_int_equal(attr, RT | NV);
	assert_int_equal(set(u"SecureBoot", &global, RT, 1, "\1", 0), EFI_WRITE_PROTECTED);
	assert_int_equal(set(u"SecureBoot", &global, 0, 0, NULL, 0), EFI_WRITE_PROTECTED);
	assert_int_equal(set(u"PlatformLang", &global, RT | NV, 3, "de", 0), EFI_SUCCESS);
}

static void test_round_trip_and_sizes(void **state)
{
	char buf[16] = { 0 };
	UINTN size = 2;
	UINT32 attr = 0;

	assert_int_equal(set(u"Test", &vendor, RT | NV, 6, "hello", 0), EFI_SUCCESS);
	assert_int_equal(get(u"Test", &vendor, &attr, &size, buf, 0), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 6);
	assert_int_equal(attr, RT | NV); /* the attributes come back with the size */
	assert_int_equal(get(u"Test", &vendor, NULL, &size, NULL, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(get(u"Test", &vendor, NULL, &size, buf, 0), EFI_SUCCESS);
	assert_string_equal(buf, "hello");
	assert_int_equal(get(u"test", &vendor, NULL, &size, buf, 0), EFI_NOT_FOUND); /* case */
	assert_int_equal(get(u"Test", &other, NULL, &size, buf, 0), EFI_NOT_FOUND);
	assert_int_equal(get(NULL, &vendor, NULL, &size, buf, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(get(u"Test", NULL, NULL, &size, buf, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(get(u"Test", &vendor, NULL, NULL, buf, 0), EFI_INVALID_PARAMETER);
	/* Replaced with another size; the attributes cannot change. */
	assert_int_equal(set(u"Test", &vendor, RT | NV, 3, "abc", 0), EFI_SUCCESS);
	size = sizeof(buf);
	assert_int_equal(get(u"Test", &vendor, NULL, &size, buf, 0), EFI_SUCCESS);
	assert_int_equal(size, 3);
	assert_int_equal(set(u"Test", &vendor, RT, 3, "abc", 0), EFI_INVALID_PARAMETER);
	/* Appended to. */
	assert_int_equal(set(u"Test", &vendor, RT | NV | EFI_VARIABLE_APPEND_WRITE, 2, "de", 0), EFI_SUCCESS);
	size = sizeof(buf);
	assert_int_equal(get(u"Test", &vendor, NULL, &size, buf, 0), EFI_SUCCESS);
	assert_int_equal(size, 5);
	assert_memory_equal(buf, "abcde", 5);
	/* Appending nothing changes nothing and creates nothing (found by fuzz_variables: an empty
	 * variable was created, from a memcpy of NULL). */
	assert_int_equal(set(u"Test", &vendor, RT | NV | EFI_VARIABLE_APPEND_WRITE, 0, NULL, 0), EFI_SUCCESS);
	size = sizeof(buf);
	assert_int_equal(get(u"Test", &vendor, NULL, &size, buf, 0), EFI_SUCCESS);
	assert_int_equal(size, 5);
	assert_int_equal(set(u"None", &vendor, RT | EFI_VARIABLE_APPEND_WRITE, 0, NULL, 0), EFI_SUCCESS);
	size = sizeof(buf);
	assert_int_equal(get(u"None", &vendor, NULL, &size, buf, 0), EFI_NOT_FOUND);
}

static void test_delete(void **state)
{
	UINTN size = 8;
	char buf[8];

	assert_int_equal(set(u"Gone", &vendor, RT, 1, "x", 0), EFI_SUCCESS);
	assert_int_equal(set(u"Gone", &vendor, RT, 0, NULL, 0), EFI_SUCCESS);
	assert_int_equal(get(u"Gone", &vendor, NULL, &size, buf, 0), EFI_NOT_FOUND);
	assert_int_equal(set(u"Gone", &vendor, RT, 0, NULL, 0), EFI_NOT_FOUND);
	assert_int_equal(set(u"Gone", &vendor, RT, 1, "x", 0), EFI_SUCCESS);
	assert_int_equal(set(u"Gone", &vendor, 0, 1, "x", 0), EFI_SUCCESS); /* attributes 0 */
	assert_int_equal(get(u"Gone", &vendor, NULL, &size, buf, 0), EFI_NOT_FOUND);
}

static void test_refused_attributes(void **state)
{
	assert_int_equal(set(u"A", &vendor, EFI_VARIABLE_RUNTIME_ACCESS, 1, "x", 0), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"A", &vendor, RT | EFI_VARIABLE_AUTHENTICATED_WRITE_ACCESS, 1, "x", 0),
			 EFI_UNSUPPORTED);
	assert_int_equal(set(u"A", &vendor, RT | EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS, 1, "x", 0),
			 EFI_SECURITY_VIOLATION);
	assert_int_equal(set(u"A", &vendor, RT | EFI_VARIABLE_ENHANCED_AUTHENTICATED_ACCESS, 1, "x", 0),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"A", &vendor, RT | 0x100, 1, "x", 0), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"", &vendor, RT, 1, "x", 0), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"A", &vendor, RT, 1, NULL, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(set(NULL, &vendor, RT, 1, "x", 0), EFI_INVALID_PARAMETER);
}

static void test_bounds(void **state)
{
	static char big[4096];
	UINT64 max_storage, remaining, max_size, before;
	int n = 0;

	assert_int_equal(set(u"Big", &vendor, RT, sizeof(big), big, 0), EFI_INVALID_PARAMETER);
	/* Sizes near 2^64 must not wrap the name's and the data's sum into a small one (they did:
	 * 4 bytes of name + (2^64 - 3) of data came to 1, then memcpy ran past the store). */
	assert_int_equal(set(u"B", &vendor, RT, (UINTN)-3, big, 0), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"B", &vendor, RT, (UINTN)-3, big, 1), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"Some", &vendor, RT, 1, big, 0), EFI_SUCCESS);
	assert_int_equal(set(u"Some", &vendor, RT | EFI_VARIABLE_APPEND_WRITE, (UINTN)-9, big, 0),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"Some", &vendor, RT, 0, NULL, 0), EFI_SUCCESS);
	assert_int_equal(rt_query_variable_info_boot(RT, &max_storage, &before, &max_size), EFI_SUCCESS);
	assert_true(before <= max_storage);
	assert_int_equal(set(u"Some", &vendor, RT, 100, big, 0), EFI_SUCCESS);
	assert_int_equal(rt_query_variable_info_boot(RT, &max_storage, &remaining, &max_size), EFI_SUCCESS);
	assert_true(remaining < before);
	/* Filling the store ends in EFI_OUT_OF_RESOURCES, never in an overflow. */
	for (CHAR16 name[] = u"Fill00"; n < 100; n++) {
		EFI_STATUS st;

		name[4] = u'0' + n / 10;
		name[5] = u'0' + n % 10;
		st = set(name, &vendor, BS, 1000, big, 0);
		if (st == EFI_OUT_OF_RESOURCES)
			break;
		assert_int_equal(st, EFI_SUCCESS);
	}
	assert_true(n < 100);
	assert_int_equal(rt_query_variable_info_boot(0, &max_storage, &remaining, &max_size), EFI_INVALID_PARAMETER);
	assert_int_equal(rt_query_variable_info_boot(EFI_VARIABLE_RUNTIME_ACCESS, &max_storage, &remaining, &max_size),
			 EFI_INVALID_PARAMETER);
	assert_int_equal(rt_query_variable_info_boot(RT, NULL, &remaining, &max_size), EFI_INVALID_PARAMETER);
}

/* Walks every variable once; returns how many had this GUID. */
static int walk(EFI_GUID *g, int rt)
{
	CHAR16 name[64] = { 0 };
	EFI_GUID guid = { 0 };
	int found = 0, total = 0;

	for (;;) {
		UINTN size = sizeof(name);
		EFI_STATUS st = rt ? rt_get_next_variable_name(&size, name, &guid) :
				     rt_get_next_variable_name_boot(&size, name, &guid);
		if (st == EFI_NOT_FOUND)
			break;
		assert_int_equal(st, EFI_SUCCESS);
		assert_true(++total < 100);
		found += !memcmp(&guid, g, sizeof(guid));
	}
	return found;
}

static void test_next_variable_name(void **state)
{
	CHAR16 name[4] = { 0 }, unterminated[2] = { u'A', u'B' };
	EFI_GUID guid = vendor;
	UINTN size = sizeof(name);

	assert_int_equal(walk(&global, 0), 6);
	assert_int_equal(set(u"LongerName", &vendor, RT, 1, "x", 0), EFI_SUCCESS);
	assert_int_equal(walk(&vendor, 0), 1);
	/* The first variable's name does not fit in 8 bytes: the size needed comes back. */
	assert_int_equal(rt_get_next_variable_name_boot(&size, name, &guid), EFI_BUFFER_TOO_SMALL);
	assert_true(size > sizeof(name));
	/* A name with no NUL within the size given is refused before it is read further. */
	size = sizeof(unterminated);
	assert_int_equal(rt_get_next_variable_name_boot(&size, unterminated, &guid), EFI_INVALID_PARAMETER);
	size = sizeof(name);
	name[0] = u'Q';
	assert_int_equal(rt_get_next_variable_name_boot(&size, name, &guid), EFI_INVALID_PARAMETER);
	assert_int_equal(rt_get_next_variable_name_boot(NULL, name, &guid), EFI_INVALID_PARAMETER);
}

/* After ExitBootServices, variables without RUNTIME_ACCESS do not exist, and only
 * non-volatile runtime variables can be written: volatile ones are read-only data. */
static void test_runtime_visibility(void **state)
{
	UINTN size = 8;
	char buf[8];

	assert_int_equal(set(u"BootOnly", &vendor, BS, 1, "b", 0), EFI_SUCCESS);
	assert_int_equal(set(u"Both", &vendor, RT, 1, "r", 0), EFI_SUCCESS);
	assert_int_equal(set(u"Kept", &vendor, RT | NV, 1, "k", 0), EFI_SUCCESS);
	assert_int_equal(walk(&vendor, 0), 3);
	assert_int_equal(walk(&vendor, 1), 2);
	assert_int_equal(get(u"BootOnly", &vendor, NULL, &size, buf, 1), EFI_NOT_FOUND);
	assert_int_equal(get(u"Both", &vendor, NULL, &size, buf, 1), EFI_SUCCESS);
	assert_int_equal(set(u"BootOnly", &vendor, BS, 1, "c", 1), EFI_WRITE_PROTECTED);
	assert_int_equal(set(u"BootOnly", &vendor, 0, 0, NULL, 1), EFI_WRITE_PROTECTED);
	assert_int_equal(set(u"NewBoot", &vendor, BS, 1, "c", 1), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"Missing", &vendor, 0, 0, NULL, 1), EFI_NOT_FOUND);
	assert_int_equal(set(u"Both", &vendor, RT, 1, "s", 1), EFI_WRITE_PROTECTED);
	assert_int_equal(set(u"Both", &vendor, RT, 0, NULL, 1), EFI_WRITE_PROTECTED);
	assert_int_equal(set(u"New", &vendor, RT, 1, "n", 1), EFI_INVALID_PARAMETER);
	assert_int_equal(set(u"New", &vendor, RT | NV, 1, "n", 1), EFI_SUCCESS);
	assert_int_equal(set(u"Kept", &vendor, RT | NV | EFI_VARIABLE_APPEND_WRITE, 1, "l", 1), EFI_SUCCESS);
	assert_int_equal(set(u"Kept", &vendor, RT | NV, 0, NULL, 1), EFI_SUCCESS);
	assert_int_equal(walk(&vendor, 1), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_globals, setup),
		cmocka_unit_test_setup(test_round_trip_and_sizes, setup),
		cmocka_unit_test_setup(test_delete, setup),
		cmocka_unit_test_setup(test_refused_attributes, setup),
		cmocka_unit_test_setup(test_bounds, setup),
		cmocka_unit_test_setup(test_next_variable_name, setup),
		cmocka_unit_test_setup(test_runtime_visibility, setup),
	};
	return cmocka_run_group_tests_name("variables", tests, NULL, NULL);
}
