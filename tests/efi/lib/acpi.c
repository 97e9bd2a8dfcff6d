/* The ACPI PM timer, for the test programs. */
#include "lib/io.h"
#include "acpi.h"
#include "tables.h"

#define PM_TIMER_HZ 3579545ULL

UINT32 pm_timer_read(UINT16 port)
{
	return inl(port) & 0xffffff; /* the counter may be 24 bits wide */
}

/* Microseconds between two PM timer readings (less than 4.6 s apart). */
UINT64 pm_timer_us(UINT32 from, UINT32 to)
{
	return ((to - from) & 0xffffff) * 1000000ULL / PM_TIMER_HZ;
}

UINT16 pm_timer_find(void)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	const UINT8 *rsdp = config_table(&acpi20), *sdt;
	BOOLEAN x = FALSE;
	UINT32 len;

	if (!rsdp)
		rsdp = config_table(&acpi10);
	if (!rsdp || CompareMem((void *)rsdp, "RSD PTR ", 8))
		return 0;
	if (rsdp[15] >= 2 && read64(rsdp + 24)) {
		sdt = (const UINT8 *)read64(rsdp + 24);
		x = TRUE;
	} else {
		sdt = (const UINT8 *)(UINTN)read32(rsdp + 16);
	}
	len = read32(sdt + 4);
	for (UINT32 off = 36; off + (x ? 8 : 4) <= len; off += x ? 8 : 4) {
		const UINT8 *t = (const UINT8 *)(x ? read64(sdt + off) : read32(sdt + off));
		UINT32 tlen;

		if (!t || CompareMem((void *)t, "FACP", 4))
			continue;
		tlen = read32(t + 4);
		if (tlen >= 80 && read32(t + 76))
			return (UINT16)read32(t + 76);
		if (tlen >= 220 && t[208] == 1)
			return (UINT16)read64(t + 212);
		return 0;
	}
	return 0;
}
