/*
 * The initrd: pieces concatenated with cpio padding, LoadFile2 status codes and sizes, and the
 * handle initrd_install installs (the protocol database replaced by recorders).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/uefi.h"
#include "services/initrd.h"
#include "services/protocol.h"

/* ---- recorders for what initrd_install calls ------------------------------------------- */
static int handle_obj;
static struct {
	EFI_GUID guid;
	void *iface;
	EFI_HANDLE handle;
} installs[4];
static int nr_installs, nr_uninstalls, fail_install = -1;

EFI_STATUS proto_install(EFI_HANDLE *handle, EFI_GUID *guid, void *iface)
{
	if (nr_installs == fail_install)
		return EFI_OUT_OF_RESOURCES;
	if (!*handle)
		*handle = &handle_obj;
	installs[nr_installs].guid = *guid;
	installs[nr_installs].iface = iface;
	installs[nr_installs].handle = *handle;
	nr_installs++;
	return EFI_SUCCESS;
}

EFI_STATUS proto_uninstall(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	assert_ptr_equal(handle, &handle_obj);
	assert_ptr_equal(iface, installs[0].iface);
	nr_uninstalls++;
	return EFI_SUCCESS;
}

static int reset(void **state)
{
	memset(installs, 0, sizeof(installs));
	nr_installs = nr_uninstalls = 0;
	fail_install = -1;
	return 0;
}

/* ---- fixtures ------------------------------------------------------------------------ */
static const UINT8 emb[5] = { '0', '7', '0', '7', '0' };
static const UINT8 mod1[3] = { 0x1f, 0x8b, 0x08 };
static const UINT8 mod2[8] = { 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H' };
static EFI_DEVICE_PATH end_node = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } };

/* The pieces as boot/payload.c joins them: the embedded initrd (emb_size bytes of emb), then
 * the modules mod1 and mod2 (the first n of them). */
static struct initrd_piece pieces[3];

static UINT32 set_pieces(UINT64 emb_size, int n)
{
	pieces[0] = (struct initrd_piece){ emb, emb_size };
	pieces[1] = (struct initrd_piece){ mod1, sizeof(mod1) };
	pieces[2] = (struct initrd_piece){ mod2, sizeof(mod2) };
	return 1 + n;
}

static EFI_STATUS load(struct initrd_image *rd, EFI_DEVICE_PATH *path, BOOLEAN policy,
		       UINTN *size, void *buf)
{
	return rd->lf2.LoadFile(&rd->lf2, path, policy, size, buf);
}

/* ---- concatenation ------------------------------------------------------------------- */
static void test_nothing(void **state)
{
	struct initrd_image rd;

	assert_int_equal(initrd_image_init(&rd, pieces, set_pieces(0, 0)), EFI_SUCCESS);
	assert_int_equal(rd.nr_pieces, 0);
	assert_int_equal(rd.size, 0);
	assert_int_equal(initrd_image_init(&rd, NULL, 0), EFI_SUCCESS);
	assert_int_equal(rd.nr_pieces, 0);
}

static void test_single_piece_unpadded(void **state)
{
	struct initrd_image rd;
	UINT8 out[16];

	assert_int_equal(initrd_image_init(&rd, pieces, set_pieces(sizeof(emb), 0)), EFI_SUCCESS);
	assert_int_equal(rd.nr_pieces, 1);
	assert_int_equal(rd.size, 5);
	memset(out, 0xaa, sizeof(out));
	initrd_image_copy(&rd, out);
	assert_memory_equal(out, emb, 5);
	assert_int_equal(out[5], 0xaa);
}

static void test_embedded_then_modules_padded(void **state)
{
	static const UINT8 want[20] = { '0', '7', '0', '7', '0', 0, 0, 0, 0x1f, 0x8b, 0x08, 0,
					'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H' };
	struct initrd_image rd;
	UINT8 out[24];

	assert_int_equal(initrd_image_init(&rd, pieces, set_pieces(sizeof(emb), 2)), EFI_SUCCESS);
	assert_int_equal(rd.nr_pieces, 3);
	assert_int_equal(rd.size, 20);
	memset(out, 0xaa, sizeof(out));
	initrd_image_copy(&rd, out);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(out[20], 0xaa);
}

static void test_empty_pieces_skipped(void **state)
{
	struct initrd_image rd;
	UINT32 n = set_pieces(0, 2);
	UINT8 out[12];

	pieces[1].size = 0; /* an empty module adds nothing, not even padding */
	assert_int_equal(initrd_image_init(&rd, pieces, n), EFI_SUCCESS);
	assert_int_equal(rd.nr_pieces, 1);
	assert_int_equal(rd.size, 8);
	initrd_image_copy(&rd, out);
	assert_memory_equal(out, mod2, 8);
}

static void test_modules_only_in_order(void **state)
{
	struct initrd_image rd;
	UINT8 out[12];

	UINT32 n = set_pieces(0, 2);

	pieces[1] = (struct initrd_piece){ mod2, sizeof(mod2) };
	pieces[2] = (struct initrd_piece){ mod1, sizeof(mod1) };
	assert_int_equal(initrd_image_init(&rd, pieces, n), EFI_SUCCESS);
	assert_int_equal(rd.size, 11); /* 8 is aligned: no padding, and none after the last */
	initrd_image_copy(&rd, out);
	assert_memory_equal(out, mod2, 8);
	assert_memory_equal(out + 8, mod1, 3);
}

/* Sizes from a VMM that add up past 2^64 (with or without the padding) are refused: a size
 * that wrapped would be smaller than what LoadFile2 then copies. */
static void test_sizes_that_wrap(void **state)
{
	struct initrd_image rd;
	UINT32 n = set_pieces(sizeof(emb), 2);

	pieces[1].size = UINT64_MAX - 6; /* 5 + 3 of padding + this: one past 2^64 - 1 */
	assert_int_equal(initrd_image_init(&rd, pieces, n), EFI_BAD_BUFFER_SIZE);
	pieces[1].size = UINT64_MAX - 8; /* fits, 2^64 - 1 with its padding... */
	pieces[2].size = 1; /* ...but not once padded again for the next piece */
	assert_int_equal(initrd_image_init(&rd, pieces, n), EFI_BAD_BUFFER_SIZE);
	pieces[2].size = 0; /* the last piece is not padded: it fits exactly */
	assert_int_equal(initrd_image_init(&rd, pieces, n), EFI_SUCCESS);
	assert_int_equal(rd.size, UINT64_MAX);
}

/* ---- LoadFile2 ----------------------------------------------------------------------- */
static void test_load_file_linux_sequence(void **state)
{
	struct initrd_image rd;
	UINT8 out[24];
	UINTN size = 0;

	initrd_image_init(&rd, pieces, set_pieces(sizeof(emb), 2));
	assert_int_equal(load(&rd, &end_node, FALSE, &size, NULL), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 20);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(load(&rd, &end_node, FALSE, &size, out), EFI_SUCCESS);
	assert_int_equal(size, 20);
	assert_memory_equal(out, emb, 5);
	assert_memory_equal(out + 12, mod2, 8);
	assert_int_equal(out[20], 0xaa);
}

static void test_load_file_sizes(void **state)
{
	struct initrd_image rd;
	UINT8 out[64];
	UINTN size;

	initrd_image_init(&rd, pieces, set_pieces(sizeof(emb), 2));
	/* Linux before 6.0 left the size uninitialised on the first call: NULL buffer wins. */
	size = 1 << 20;
	assert_int_equal(load(&rd, &end_node, FALSE, &size, NULL), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 20);
	size = 19;
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(load(&rd, &end_node, FALSE, &size, out), EFI_BUFFER_TOO_SMALL);
	assert_int_equal(size, 20);
	assert_int_equal(out[0], 0xaa);
	size = sizeof(out);
	assert_int_equal(load(&rd, &end_node, FALSE, &size, out), EFI_SUCCESS);
	assert_int_equal(size, 20);
	assert_int_equal(out[20], 0xaa);
}

static void test_load_file_bad_calls(void **state)
{
	struct {
		VENDOR_DEVICE_PATH v;
		EFI_DEVICE_PATH end;
	} __attribute__((packed)) file = {
		{ { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } }, { 0 } },
		{ END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } },
	};
	EFI_DEVICE_PATH instance_end[2] = { { END_DEVICE_PATH_TYPE, 0x01, { 4, 0 } },
					    { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } } };
	EFI_DEVICE_PATH runt[2] = { { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, { 2, 0 } } };
	struct initrd_image rd;
	UINT8 out[32];
	UINTN size = sizeof(out);

	initrd_image_init(&rd, pieces, set_pieces(sizeof(emb), 0));
	assert_int_equal(rd.lf2.LoadFile(NULL, &end_node, FALSE, &size, out), EFI_INVALID_PARAMETER);
	assert_int_equal(load(&rd, &end_node, FALSE, NULL, out), EFI_INVALID_PARAMETER);
	assert_int_equal(load(&rd, NULL, FALSE, &size, out), EFI_INVALID_PARAMETER);
	assert_int_equal(load(&rd, runt, FALSE, &size, out), EFI_INVALID_PARAMETER);
	assert_int_equal(load(&rd, &end_node, TRUE, &size, out), EFI_UNSUPPORTED);
	assert_int_equal(load(&rd, &file.v.Header, FALSE, &size, out), EFI_NOT_FOUND);
	assert_int_equal(load(&rd, instance_end, FALSE, &size, out), EFI_NOT_FOUND);
	assert_int_equal(size, sizeof(out)); /* untouched by every failure but TOO_SMALL */
}

/* ---- the handle ---------------------------------------------------------------------- */
static void test_init_installs_path_then_lf2(void **state)
{
	static const UINT8 want_path[24] = {
		0x04, 0x03, 20, 0, 0x27, 0xe4, 0x68, 0x55, 0xfc, 0x68, 0x3d, 0x4f,
		0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68, 0x7f, 0xff, 4, 0,
	};
	EFI_GUID dp_guid = EFI_DEVICE_PATH_PROTOCOL_GUID, lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
	EFI_LOAD_FILE_PROTOCOL *lf2;
	UINT8 out[20];
	UINTN size = sizeof(out);

	assert_int_equal(initrd_install(pieces, set_pieces(sizeof(emb), 2)), EFI_SUCCESS);
	assert_int_equal(nr_installs, 2);
	assert_memory_equal(&installs[0].guid, &dp_guid, sizeof(EFI_GUID));
	assert_memory_equal(installs[0].iface, want_path, sizeof(want_path));
	assert_memory_equal(&installs[1].guid, &lf2_guid, sizeof(EFI_GUID));
	assert_ptr_equal(installs[1].handle, installs[0].handle);
	lf2 = installs[1].iface;
	assert_int_equal(lf2->LoadFile(lf2, &end_node, FALSE, &size, out), EFI_SUCCESS);
	assert_memory_equal(out + 8, mod1, 3);
}

static void test_init_without_initrd(void **state)
{
	assert_int_equal(initrd_install(pieces, set_pieces(0, 0)), EFI_SUCCESS);
	assert_int_equal(nr_installs, 0);
}

static void test_init_failure_leaves_no_half_handle(void **state)
{
	fail_install = 1;
	assert_int_equal(initrd_install(pieces, set_pieces(sizeof(emb), 0)), EFI_OUT_OF_RESOURCES);
	assert_int_equal(nr_installs, 1);
	assert_int_equal(nr_uninstalls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_nothing, reset),
		cmocka_unit_test_setup(test_single_piece_unpadded, reset),
		cmocka_unit_test_setup(test_embedded_then_modules_padded, reset),
		cmocka_unit_test_setup(test_empty_pieces_skipped, reset),
		cmocka_unit_test_setup(test_modules_only_in_order, reset),
		cmocka_unit_test_setup(test_sizes_that_wrap, reset),
		cmocka_unit_test_setup(test_load_file_linux_sequence, reset),
		cmocka_unit_test_setup(test_load_file_sizes, reset),
		cmocka_unit_test_setup(test_load_file_bad_calls, reset),
		cmocka_unit_test_setup(test_init_installs_path_then_lf2, reset),
		cmocka_unit_test_setup(test_init_without_initrd, reset),
		cmocka_unit_test_setup(test_init_failure_leaves_no_half_handle, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
