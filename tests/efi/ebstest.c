/*
 * ExitBootServices: a stale MapKey must be refused with EFI_INVALID_PARAMETER and leave boot
 * services working (the Linux stub retries on it); the current key must succeed, after which
 * the system table has forgotten every boot-time pointer and still sums to its CRC32. After
 * ExitBootServices there is no console: results go straight to COM1's 16550.
 */
#include "lib/io.h"
#include "check.h"
#include "tables.h"

static UINTN late_passed, late_failed;

static void serial_puts(const char *s)
{
	for (; *s; s++) {
		for (UINTN spins = 0; !(inb(0x3f8 + 5) & 0x20) && spins < 100000; spins++)
			;
		outb(0x3f8, (UINT8)*s);
	}
}

static void serial_number(UINTN n)
{
	char buf[24];
	int i = sizeof(buf) - 1;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	serial_puts(buf + i);
}

static void late_check(BOOLEAN ok, const char *name)
{
	serial_puts(ok ? "PASS " : "FAIL ");
	serial_puts(name);
	serial_puts("\r\n");
	if (ok)
		late_passed++;
	else
		late_failed++;
}

/* A map big enough for the current one (plus room for the pool buffer's own descriptors). */
static EFI_STATUS current_map(EFI_MEMORY_DESCRIPTOR **map, UINTN *size, UINTN *key)
{
	UINTN desc_size;
	UINT32 version;
	EFI_STATUS st;

	*size = 0;
	st = BS->GetMemoryMap(size, NULL, key, &desc_size, &version);
	if (st != EFI_BUFFER_TOO_SMALL)
		return st;
	*size += 8 * desc_size;
	if ((st = BS->AllocatePool(EfiLoaderData, *size, (void **)map)) != EFI_SUCCESS)
		return st;
	return BS->GetMemoryMap(size, *map, key, &desc_size, &version);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_RUNTIME_SERVICES *rt;
	UINTN size, buf_size, key;
	void *probe = NULL;
	EFI_STATUS st;

	check_init(image, systab, "ebstest");
	CHECK_ST(current_map(&map, &size, &key), EFI_SUCCESS, "GetMemoryMap");
	CHECK_ST(BS->ExitBootServices(image, key + 1), EFI_INVALID_PARAMETER, "stale MapKey refused");
	CHECK(ST->BootServices == BS, "boot services still there after a refused exit");
	CHECK_ST(BS->AllocatePool(EfiLoaderData, 64, &probe), EFI_SUCCESS, "AllocatePool after a refused exit");
	CHECK_ST(BS->FreePool(probe), EFI_SUCCESS, "FreePool after a refused exit");
	BS->FreePool(map);
	Print(L"ebstest: exiting boot services; the rest is reported on COM1\n");

	st = current_map(&map, &size, &key);
	buf_size = size + 8 * sizeof(EFI_MEMORY_DESCRIPTOR);
	if (st == EFI_SUCCESS && (st = BS->ExitBootServices(image, key)) == EFI_INVALID_PARAMETER) {
		/* The map changed under us: a fresh map and one more try, as the spec allows. */
		UINTN desc_size;
		UINT32 version;
		size = buf_size;
		if (BS->GetMemoryMap(&size, map, &key, &desc_size, &version) == EFI_SUCCESS)
			st = BS->ExitBootServices(image, key);
	}
	late_check(st == EFI_SUCCESS, "ExitBootServices with the current MapKey");
	late_check(systab->BootServices == NULL, "system table: BootServices is NULL");
	late_check(systab->ConIn == NULL && systab->ConsoleInHandle == NULL, "system table: no ConIn");
	late_check(systab->ConOut == NULL && systab->ConsoleOutHandle == NULL, "system table: no ConOut");
	late_check(systab->StdErr == NULL && systab->StandardErrorHandle == NULL, "system table: no StdErr");
	late_check(table_crc(&systab->Hdr) == systab->Hdr.CRC32, "system table CRC32 after the exit");
	rt = systab->RuntimeServices;
	late_check(rt && table_crc(&rt->Hdr) == rt->Hdr.CRC32, "runtime services table intact");

	serial_puts("PVHEFI-TEST ebstest: ");
	serial_number(check_passes() + late_passed);
	serial_puts(" passed, ");
	serial_number(check_failures() + late_failed);
	serial_puts(" failed\r\n");
	rt->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	return late_failed || check_failures() ? EFI_ABORTED : EFI_SUCCESS;
}
