/* The boot story: from the PVH entry to the embedded EFI program, and a clean end. */
#include "acpi.h"
#include "boot_info.h"
#include "console.h"
#include "cpu.h"
#include "lib.h"
#include "log.h"
#include "platform.h"
#include "timer.h"

#define FIRST_MAPPED_LIMIT (4ULL << 30) /* what boot/entry.asm identity-mapped */

static struct boot_info boot_info;

static uint64_t find_rsdp(const struct boot_info *bi)
{
	if (bi->rsdp && acpi_rsdp_check((const void *)bi->rsdp) >= 0)
		return bi->rsdp;
	return acpi_scan_rsdp();
}

void pvhefi_main(uint32_t start_info_paddr);
void pvhefi_main(uint32_t start_info_paddr)
{
	const char *err;
	uint64_t rsdp;

	console_init();
	cpu_init();
	timer_init();
	log_printf("pvhefi: PVH UEFI firmware\n");

	err = start_info_parse(start_info_paddr, FIRST_MAPPED_LIMIT, &boot_info);
	rsdp = find_rsdp(&boot_info);
	platform_init_power(rsdp);
	if (err)
		panic("%s", err);
	log_printf("pvhefi: start_info v%u: %u memory ranges, %u modules, cmdline \"%s\"\n",
		   boot_info.version, boot_info.nr_memmap, boot_info.nr_modules, boot_info.cmdline);

	platform_exit(PLATFORM_EXIT_SUCCESS);
}
