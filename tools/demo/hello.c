/*
 * The demo payload of `make run` until a Linux kernel takes its place: an ordinary gnu-efi
 * application that shows what the firmware hands it, then returns.
 */
#include <efi.h>
#include <efilib.h>

static void show_memory(void)
{
	UINTN size = 0, key, desc_size, count;
	UINT32 version;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	UINT64 free_pages = 0, total_pages = 0;

	if (uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key, &desc_size, &version) != EFI_BUFFER_TOO_SMALL)
		return;
	size += 4 * desc_size;
	if (uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, size, (void **)&map) != EFI_SUCCESS)
		return;
	if (uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key, &desc_size, &version) == EFI_SUCCESS) {
		count = size / desc_size;
		for (UINTN i = 0; i < count; i++) {
			EFI_MEMORY_DESCRIPTOR *d = (void *)((UINT8 *)map + i * desc_size);
			if (d->Type == EfiConventionalMemory)
				free_pages += d->NumberOfPages;
			if (d->Type != EfiReservedMemoryType && d->Type != EfiMemoryMappedIO)
				total_pages += d->NumberOfPages;
		}
		Print(L"  memory map: %d descriptors of %d bytes, %ld MiB usable, %ld MiB free\n", count,
		      desc_size, total_pages >> 8, free_pages >> 8);
	}
	uefi_call_wrapper(BS->FreePool, 1, map);
}

static void show_time(void)
{
	EFI_TIME t;
	EFI_STATUS st = uefi_call_wrapper(RT->GetTime, 2, &t, NULL);

	if (st == EFI_SUCCESS)
		Print(L"  time: %04d-%02d-%02d %02d:%02d:%02d\n", t.Year, t.Month, t.Day, t.Hour, t.Minute,
		      t.Second);
	else
		Print(L"  time: %r\n", st);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li = NULL;

	InitializeLib(image, systab);
	Print(L"\nHello from an EFI application running on %s (UEFI %d.%d)\n", ST->FirmwareVendor,
	      ST->Hdr.Revision >> 16, ST->Hdr.Revision & 0xffff);
	if (uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li) == EFI_SUCCESS) {
		Print(L"  loaded at 0x%lx, %ld KiB\n", (UINT64)li->ImageBase, li->ImageSize >> 10);
		if (li->LoadOptionsSize)
			Print(L"  command line: \"%s\"\n", (CHAR16 *)li->LoadOptions);
	}
	show_memory();
	show_time();
	Print(L"  %d configuration tables\n", ST->NumberOfTableEntries);
	Print(L"Returning EFI_SUCCESS: pvhefi will power the VM off.\n\n");
	return EFI_SUCCESS;
}
