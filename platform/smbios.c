/*
 * SMBIOS entry points a BIOS leaves in the F segment (SeaBIOS and qboot do before starting a
 * PVH kernel). Pure: host-tested. Checks what an OS checks before trusting one: anchor,
 * length, checksums and a table address.
 */
#include "lib/lib.h"
#include "platform/smbios.h"

#define EP32_MIN_LEN 0x1e /* SMBIOS 2.1 tables said 0x1e where 0x1f was meant */
#define EP32_DMI 0x10 /* "_DMI_" intermediate anchor, then a checksum over 15 bytes */
#define EP32_DMI_LEN 15
#define EP32_TABLE_ADDR 0x18
#define EP64_MIN_LEN 0x18
#define EP64_TABLE_ADDR 0x10
#define EP_MAX_LEN 0x20

static int check_ep32(const uint8_t *p, size_t avail)
{
	uint8_t len = p[5];
	uint32_t table;

	if (len < EP32_MIN_LEN || len > EP_MAX_LEN || len > avail ||
	    EP32_DMI + EP32_DMI_LEN > avail)
		return SMBIOS_NONE;
	if (sum8(p, len) || memcmp(p + EP32_DMI, "_DMI_", 5) ||
	    sum8(p + EP32_DMI, EP32_DMI_LEN))
		return SMBIOS_NONE;
	memcpy(&table, p + EP32_TABLE_ADDR, sizeof(table));
	return table ? SMBIOS_ENTRY_32 : SMBIOS_NONE;
}

static int check_ep64(const uint8_t *p, size_t avail)
{
	uint8_t len = p[6];
	uint64_t table;

	if (len < EP64_MIN_LEN || len > EP_MAX_LEN || len > avail || sum8(p, len))
		return SMBIOS_NONE;
	memcpy(&table, p + EP64_TABLE_ADDR, sizeof(table));
	return table ? SMBIOS_ENTRY_64 : SMBIOS_NONE;
}

int smbios_entry_kind(const void *ep, size_t avail)
{
	const uint8_t *p = ep;

	if (avail >= 7 && !memcmp(p, "_SM3_", 5))
		return check_ep64(p, avail);
	if (avail >= 6 && !memcmp(p, "_SM_", 4))
		return check_ep32(p, avail);
	return SMBIOS_NONE;
}

void smbios_scan(const void *base, size_t len, struct smbios_entries *out)
{
	const uint8_t *p = base;

	out->ep32 = out->ep64 = NULL;
	for (size_t off = 0; off < len; off += 16) {
		int kind = smbios_entry_kind(p + off, len - off);

		if (kind == SMBIOS_ENTRY_32 && !out->ep32)
			out->ep32 = p + off;
		else if (kind == SMBIOS_ENTRY_64 && !out->ep64)
			out->ep64 = p + off;
	}
}
