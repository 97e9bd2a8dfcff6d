/* The boot story: from the PVH entry to the embedded EFI program, and a clean end. */
#include "acpi.h"
#include "acpi_tables.h"
#include "boot_info.h"
#include "console.h"
#include "cpu.h"
#include "efi_console.h"
#include "efi_status.h"
#include "image.h"
#include "initrd.h"
#include "lib.h"
#include "log.h"
#include "memory.h"
#include "paging.h"
#include "payload.h"
#include "platform.h"
#include "systab.h"
#include "timer.h"
#include "utf16.h"
#include "xen_platform.h"

#define FIRST_MAPPED_LIMIT (4ULL << 30) /* what boot/entry.asm identity-mapped */

void pvhefi_main(uint32_t start_info_paddr);

static struct boot_info boot_info;

/* The VMM's RSDP when it is readable now and valid, else the BIOS-area scan's. */
static uint64_t find_rsdp(const struct boot_info *bi)
{
	if (bi->rsdp && bi->rsdp < FIRST_MAPPED_LIMIT - 4096 && acpi_rsdp_check((const void *)bi->rsdp) >= 0)
		return bi->rsdp;
	return acpi_scan_rsdp();
}

/* LoadOptions: the embedded command line, a space, then the VMM's (QEMU -append, xl cmdline=). */
static CHAR16 *build_load_options(const struct payload *p, const struct boot_info *bi)
{
	size_t embedded = p->cmdline.size, vmm = bi->cmdline_len;
	size_t len = embedded + (embedded && vmm ? 1 : 0) + vmm;
	char *utf8;
	CHAR16 *opts;

	if (mem_alloc_pool(EfiBootServicesData, len + 1, (void **)&utf8) != EFI_SUCCESS ||
	    mem_alloc_pool(EfiLoaderData, (len + 1) * sizeof(CHAR16), (void **)&opts) != EFI_SUCCESS)
		panic("not enough memory for the command line");
	memcpy(utf8, p->cmdline.data, embedded);
	if (embedded && vmm)
		utf8[embedded] = ' ';
	memcpy(utf8 + len - vmm, bi->cmdline, vmm);
	utf8_to_utf16(utf8, len, opts, len + 1);
	mem_free_pool(utf8);
	return opts;
}

static void report_exit(EFI_STATUS st, UINTN data_size, const CHAR16 *data)
{
	char text[256];

	log_printf("pvhefi: payload returned %s (0x%lx)\n", efi_status_str(st), (unsigned long)st);
	if (data && data_size) {
		utf16_to_utf8(data, data_size / sizeof(CHAR16), text, sizeof(text));
		log_printf("pvhefi: exit data: %s\n", text);
	}
}

static void run_payload(void)
{
	extern char __payload_start[], __payload_end[];
	struct payload p;
	const char *err = payload_parse(__payload_start, __payload_end - __payload_start, &p);
	EFI_HANDLE image;
	EFI_STATUS st;
	UINTN data_size = 0;
	CHAR16 *data = NULL;

	if (err)
		panic("%s", err);
	if (!p.kernel.size)
		panic("the payload has no kernel (build with make KERNEL=path/to/image.efi)");
	if (initrd_init(&p.initrd, &boot_info) != EFI_SUCCESS)
		panic("cannot install the initrd");
	st = image_load_from_memory(p.kernel.data, p.kernel.size, build_load_options(&p, &boot_info), &image);
	if (st != EFI_SUCCESS)
		panic("cannot load the payload: %s", efi_status_str(st));
	log_printf("pvhefi: starting the payload (%lu KiB) at %lu us\n",
		   (unsigned long)(p.kernel.size >> 10), (unsigned long)timer_us());
	st = gBS->StartImage(image, &data_size, &data);
	report_exit(st, data_size, data);
	platform_exit(st == EFI_SUCCESS ? PLATFORM_EXIT_SUCCESS : PLATFORM_EXIT_FAILURE);
}

void pvhefi_main(uint32_t start_info_paddr)
{
	const char *err;
	uint64_t rsdp;

	cpu_init(); /* first: from here on any fault is reported, not a triple fault */
	console_init();
	xen_init(); /* Xen PVH: hypercalls and the PV console, before the first message */
	timer_init();
	log_printf("pvhefi: PVH UEFI firmware\n");

	err = start_info_parse(start_info_paddr, FIRST_MAPPED_LIMIT, &boot_info);
	rsdp = find_rsdp(&boot_info);
	platform_init_power(rsdp);
	if (err)
		panic("%s", err);
	log_printf("pvhefi: start_info v%u: %u memory ranges, %u modules, cmdline \"%s\"\n",
		   boot_info.version, boot_info.nr_memmap, boot_info.nr_modules, boot_info.cmdline);

	if ((err = memory_init(&boot_info)))
		panic("%s", err);
	if ((err = paging_map_up_to(mem_top())))
		panic("%s", err);
	mem_dump();

	systab_init();
	if (efi_console_init(gST) != EFI_SUCCESS)
		panic("cannot create the EFI console");
	systab_update_crc(&gST->Hdr);
	acpi_tables_install(rsdp);
	run_payload();
}
