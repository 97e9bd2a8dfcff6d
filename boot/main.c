/* The boot story: from the PVH entry to the embedded EFI program, and a clean end. */
#include "boot/cpu.h"
#include "boot/payload.h"
#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "lib/status.h"
#include "lib/timeline.h"
#include "lib/timer.h"
#include "lib/utf16.h"
#include "platform/platform.h"
#include "services/efi.h"
#include "services/image.h"
#include "services/loader.h"
#include "services/memory.h"
#include "services/paging.h"
#include "services/systab.h"
#include "services/entry.h"

void pvhefi_main(uint32_t start_info_paddr);

/* The embedded payload's bytes, which the memory map must keep and no module may cover, as its
 * header states them: it comes last, after __image_end, and may lie anywhere up to the end of
 * the identity-mapped space. */
static uint64_t embedded_payload_size(void)
{
	return payload_extent(__payload_start, LAYOUT_IDENTITY_MAPPED - (uintptr_t)__payload_start);
}

/* The embedded payload, checked. */
static struct payload read_payload(uint64_t size)
{
	struct payload p;
	const char *err;

	if ((err = payload_parse(__payload_start, size, &p)))
		panic("%s", err);
	return p;
}

/* The kernel: the embedded one, else the first module (a generic pvhefi). */
static void choose_kernel(struct payload *p, const struct machine *m)
{
	const char *err = payload_choose(p, m);

	if (err)
		panic("%s", err);
	if (p->first_initrd_module)
		log_printf("pvhefi: payload: the first module, %lu bytes\n", p->kernel.size);
}

static void report_initrd(const struct initrd_piece *pieces, uint32_t n)
{
	uint64_t total = 0, modules = 0;

	for (uint32_t i = 0; i < n; i++) {
		total += pieces[i].size;
		modules += i ? pieces[i].size : 0;
	}
	if (!total)
		log_printf("pvhefi: initrd: none\n");
	else
		log_printf("pvhefi: initrd: %lu bytes (embedded %lu, modules %lu)\n", total,
			   pieces[0].size, modules);
}

/* The payload's command line (UTF-8): the firmware's own words are read from it too. */
static char *command_line(const struct payload *p, const struct machine *m, size_t *len)
{
	char *utf8;

	*len = payload_cmdline_len(p, m);
	if (mem_alloc_pool(EfiBootServicesData, *len + 1, (void **)&utf8) != EFI_SUCCESS)
		panic("not enough memory for the command line");
	payload_cmdline(p, m, utf8);
	utf8[*len] = 0;
	return utf8;
}

/* LoadOptions: the command line in UTF-16. */
static CHAR16 *load_options(const char *utf8, size_t len)
{
	CHAR16 *opts;

	if (mem_alloc_pool(EfiLoaderData, (len + 1) * sizeof(CHAR16), (void **)&opts) != EFI_SUCCESS)
		panic("not enough memory for the command line");
	utf8_to_utf16(utf8, len, opts, len + 1);
	return opts;
}

static void report_exit(EFI_STATUS st, UINTN data_size, const CHAR16 *data)
{
	char text[256];

	log_printf("pvhefi: payload returned %s (0x%lx)\n", status_name(st), (unsigned long)st);
	if (data && data_size) {
		utf16_to_utf8(data, data_size / sizeof(CHAR16), text, sizeof(text));
		log_printf("pvhefi: exit data: %s\n", text);
	}
}

static void __attribute__((noreturn)) run_payload(const struct payload *p, const CHAR16 *options)
{
	EFI_HANDLE image;
	EFI_STATUS st;
	UINTN data_size = 0;
	CHAR16 *data = NULL;

	st = image_load_from_memory(p->kernel.data, p->kernel.size, p->kernel.room, options, &image);
	if (st != EFI_SUCCESS)
		panic("cannot load the payload: %s", status_name(st));
	timeline_mark(MILESTONE_PAYLOAD_LOADED);
	log_printf("pvhefi: starting the payload (%lu KiB) at %lu us\n",
		   (unsigned long)(p->kernel.size >> 10), (unsigned long)timer_us());
	timeline_mark(MILESTONE_PAYLOAD_ENTRY);
	loader_set_variables();
	st = gBS->StartImage(image, &data_size, &data);
	report_exit(st, data_size, data);
	efi_exit(st == EFI_SUCCESS ? RESET_POWER_OFF : RESET_FAILURE);
}

void pvhefi_main(uint32_t start_info_paddr)
{
	struct initrd_piece initrd[INITRD_MAX_PIECES];
	const struct machine *m;
	struct payload p;
	uint64_t payload_size;
	uint32_t nr_initrd;
	const char *err;
	char *cmdline;
	size_t len;

	cpu_init(); /* first: from here on any fault is reported, not a triple fault */
	payload_size = embedded_payload_size();
	/* Consoles first, then what the VMM says: it reads the BIOS data area in page 0, which
	 * paging_init unmaps. No module may lie over the firmware or its payload. */
	m = platform_detect(start_info_paddr, (uint64_t)__payload_start + payload_size);
	p = read_payload(payload_size);
	if ((err = memory_init(m, payload_size)))
		panic("%s", err);
	if ((err = paging_init(payload_size)))
		panic("%s", err);
	mem_dump();

	choose_kernel(&p, m);
	nr_initrd = payload_initrd(&p, m, initrd);
	report_initrd(initrd, nr_initrd);
	efi_init(m, initrd, nr_initrd);
	timeline_mark(MILESTONE_SERVICES_READY);
	cmdline = command_line(&p, m, &len);
	if (cmdline_has_word(cmdline, len, "pvhefi.trace"))
		trace_enable();
	if (cmdline_has_word(cmdline, len, "pvhefi.timeline"))
		timeline_show();
	run_payload(&p, load_options(cmdline, len));
}
