/*
 * The initrd as Linux's EFI stub (efi_load_initrd_dev_path, 5.7 to 6.12) finds and loads it,
 * through the real protocol database: LocateDevicePath(LoadFile2) on VenMedia(initrd GUID),
 * HandleProtocol, LoadFile for the size, LoadFile for the bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/uefi.h"
#include "services/events.h"
#include "services/initrd.h"
#include "services/memory.h"
#include "services/protocol.h"

/* ---- host stand-ins ------------------------------------------------------------------ */
EFI_STATUS mem_alloc_pool(EFI_MEMORY_TYPE type, UINTN size, void **buf)
{
	*buf = malloc(size);
	return *buf ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES;
}

EFI_STATUS mem_free_pool(void *buf)
{
	free(buf);
	return EFI_SUCCESS;
}

EFI_STATUS event_signal(EFI_EVENT ev)
{
	return EFI_SUCCESS;
}

/* ---- what the stub does ---------------------------------------------------------------- */
static const struct {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} __attribute__((packed)) linux_initrd_path = {
	{ { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP, { sizeof(VENDOR_DEVICE_PATH), 0 } },
	  LINUX_EFI_INITRD_MEDIA_GUID },
	{ END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, { 4, 0 } },
};

static EFI_STATUS stub_load_initrd(EFI_BOOT_SERVICES *bs, UINT8 **data, UINTN *size)
{
	EFI_GUID lf2_guid = EFI_LOAD_FILE2_PROTOCOL_GUID;
	EFI_DEVICE_PATH *dp = (EFI_DEVICE_PATH *)&linux_initrd_path;
	EFI_LOAD_FILE_PROTOCOL *lf2;
	EFI_HANDLE handle;
	EFI_STATUS st;

	st = bs->LocateDevicePath(&lf2_guid, &dp, &handle);
	if (st != EFI_SUCCESS)
		return st;
	st = bs->HandleProtocol(handle, &lf2_guid, (void **)&lf2);
	if (st != EFI_SUCCESS)
		return st;
	*size = 0;
	if (lf2->LoadFile(lf2, dp, FALSE, size, NULL) != EFI_BUFFER_TOO_SMALL)
		return EFI_LOAD_ERROR;
	*data = malloc(*size);
	if (lf2->LoadFile(lf2, dp, FALSE, size, *data) != EFI_SUCCESS)
		return EFI_LOAD_ERROR;
	return EFI_SUCCESS;
}

static void test_stub_finds_and_loads(void **state)
{
	static const UINT8 emb[6] = "07070";
	static const UINT8 mod[4] = { 1, 2, 3, 4 };
	const struct initrd_piece pieces[] = { { emb, sizeof(emb) }, { mod, sizeof(mod) } };
	EFI_BOOT_SERVICES bs = { 0 };
	UINT8 *data = NULL;
	UINTN size;

	protocol_install(&bs);
	assert_int_equal(initrd_install(pieces, 2), EFI_SUCCESS);
	assert_int_equal(stub_load_initrd(&bs, &data, &size), EFI_SUCCESS);
	assert_int_equal(size, 12);
	assert_memory_equal(data, emb, 6);
	assert_int_equal(data[6] | data[7], 0);
	assert_memory_equal(data + 8, mod, 4);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stub_finds_and_loads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
