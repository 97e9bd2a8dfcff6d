/* Reads ACPI tables the VMM built: enough to find tables and to power off. */
#include "lib/lib.h"
#include "platform/acpi.h"
#include "runtime/runtime.h"

struct acpi_gas {
	uint8_t space_id; /* 0 = memory, 1 = I/O port */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

struct sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

/* The FADT up to the sleep registers (ACPI 6.x layout); older tables are shorter. */
struct fadt {
	struct sdt_header h;
	uint32_t firmware_ctrl, dsdt;
	uint8_t reserved0, preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk, pm2_cnt_blk, pm_tmr_blk;
	uint32_t gpe0_blk, gpe1_blk;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len, gpe0_blk_len, gpe1_blk_len;
	uint8_t gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl, x_dsdt;
	struct acpi_gas x_pm1a_evt_blk, x_pm1b_evt_blk, x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk, x_pm_tmr_blk, x_gpe0_blk, x_gpe1_blk;
	struct acpi_gas sleep_control_reg, sleep_status_reg;
} __attribute__((packed));

#define FADT_RESET_REG_SUP (1u << 10)
#define ACPI_MAX_TABLE (16u << 20)
#define FIELD_END(type, field) (__builtin_offsetof(type, field) + sizeof(((type *)0)->field))

bool acpi_table_valid(const void *table, uint32_t max_len)
{
	const struct sdt_header *h = table;

	if (!table || h->length < sizeof(*h) || h->length > max_len)
		return false;
	return sum8(h, h->length) == 0;
}

/*
 * The len bytes at addr when they are all readable, else NULL (and the caller is told). Every
 * address taken from a table passes here before it is read: a table above what is mapped is
 * absent, not a page fault.
 */
static const void *readable(struct acpi_mem *m, uint64_t addr, uint64_t len)
{
	if (addr < m->lo || addr > m->hi || len > m->hi - addr) {
		m->unreadable = true;
		return NULL;
	}
	return (const void *)(uintptr_t)addr;
}

int acpi_rsdp_check(struct acpi_mem *m, uint64_t addr)
{
	const struct rsdp *r = readable(m, addr, 20);

	if (!r || memcmp(r->signature, "RSD PTR ", 8) || sum8(r, 20))
		return -1;
	if (r->revision < 2)
		return r->revision;
	if (!readable(m, addr, sizeof(*r)) || r->length < sizeof(*r) || r->length > 4096 ||
	    !readable(m, addr, r->length) || sum8(r, r->length))
		return -1;
	return r->revision;
}

uint64_t acpi_scan_rsdp(struct acpi_mem *m)
{
	/* The EBDA's first KiB, then the BIOS area 0xE0000-0xFFFFF, on 16-byte boundaries. */
	const volatile uint16_t *ebda_seg = readable(m, 0x40e, 2);
	uint64_t ebda = ebda_seg ? (uint64_t)*ebda_seg << 4 : 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		for (uint64_t a = ebda; a < ebda + 1024; a += 16)
			if (acpi_rsdp_check(m, a) >= 0)
				return a;
	for (uint64_t a = 0xe0000; a < 0x100000; a += 16)
		if (acpi_rsdp_check(m, a) >= 0)
			return a;
	return 0;
}

/* The valid table with this signature at addr, or NULL. The header is read before its length
 * is trusted, and only then the whole table. */
static const struct sdt_header *table_at(struct acpi_mem *m, uint64_t addr, const char sig[4])
{
	const struct sdt_header *h;

	if (!addr || !(h = readable(m, addr, sizeof(*h))) || memcmp(h->signature, sig, 4))
		return NULL;
	if (!readable(m, addr, h->length) || !acpi_table_valid(h, ACPI_MAX_TABLE))
		return NULL;
	return h;
}

const void *acpi_find_table(struct acpi_mem *m, uint64_t rsdp_addr, const char sig[4])
{
	const struct rsdp *r = (const void *)(uintptr_t)rsdp_addr;
	int rev = rsdp_addr ? acpi_rsdp_check(m, rsdp_addr) : -1;
	const struct sdt_header *root;
	unsigned width;

	if (rev < 0)
		return NULL;
	if (rev >= 2 && r->xsdt && (root = table_at(m, r->xsdt, "XSDT")))
		width = 8;
	else if ((root = table_at(m, r->rsdt, "RSDT")))
		width = 4;
	else
		return NULL;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	uint32_t count = (root->length - sizeof(*root)) / width;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t addr = 0;
		memcpy(&addr, entries + (uint64_t)i * width, width);
		const void *t = table_at(m, addr, sig);
		if (t)
			return t;
	}
	return NULL;
}

/*
 * An ACPI 2.0 view of a revision-0 RSDP: a revision-2 RSDP whose XSDT lists the RSDT's tables.
 * buf receives the RSDP (36 bytes, 16-aligned) followed by the XSDT.
 */
int acpi_build_v2_rsdp(struct acpi_mem *m, uint64_t rsdp_v1, void *buf, uint32_t size)
{
	const struct rsdp *old = (const void *)(uintptr_t)rsdp_v1;
	const struct sdt_header *rsdt;
	struct rsdp *r = buf;
	struct sdt_header *x = (struct sdt_header *)((uint8_t *)buf + 48);
	uint32_t count, xlen;

	if (acpi_rsdp_check(m, rsdp_v1) != 0 || !(rsdt = table_at(m, old->rsdt, "RSDT")))
		return -1;
	count = (rsdt->length - sizeof(*rsdt)) / 4;
	xlen = sizeof(*x) + count * 8;
	if (size < 48 + xlen)
		return -1;
	*x = *rsdt;
	memcpy(x->signature, "XSDT", 4);
	x->length = xlen;
	x->revision = 1;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t e32;
		uint64_t e64;
		memcpy(&e32, (const uint8_t *)(rsdt + 1) + 4 * i, 4);
		e64 = e32;
		memcpy((uint8_t *)(x + 1) + 8 * i, &e64, 8);
	}
	x->checksum = 0;
	x->checksum = (uint8_t)-sum8(x, xlen);
	*r = (struct rsdp){ .rsdt = old->rsdt, .revision = 2, .length = sizeof(*r), .xsdt = (uint64_t)x };
	memcpy(r->signature, "RSD PTR ", 8);
	memcpy(r->oem_id, old->oem_id, 6);
	r->checksum = (uint8_t)-sum8(r, 20);
	r->ext_checksum = (uint8_t)-sum8(r, sizeof(*r));
	return 0;
}

static int aml_byte_value(const uint8_t *p, const uint8_t *end)
{
	if (p >= end)
		return -1;
	if (*p == 0x00 || *p == 0x01) /* ZeroOp, OneOp */
		return *p;
	if (*p == 0x0a && p + 1 < end) /* BytePrefix */
		return p[1];
	return -1;
}

int acpi_find_s5(const uint8_t *aml, uint32_t len)
{
	for (uint32_t i = 0; i + 8 < len; i++) {
		if (memcmp(aml + i, "_S5_", 4) || aml[i + 4] != 0x12) /* PackageOp */
			continue;
		const uint8_t *p = aml + i + 5;
		p += 1 + (*p >> 6); /* PkgLength: lead byte plus 0-3 follow bytes */
		p += 1; /* NumElements */
		return aml_byte_value(p, aml + len);
	}
	return -1;
}

static uint8_t sleep_type_s5(struct acpi_mem *m, const struct fadt *f)
{
	uint64_t dsdt = f->dsdt;
	const struct sdt_header *d;
	int typ;

	if (f->h.length >= FIELD_END(struct fadt, x_dsdt) && f->x_dsdt)
		dsdt = f->x_dsdt;
	d = table_at(m, dsdt, "DSDT");
	typ = d ? acpi_find_s5((const uint8_t *)(d + 1), d->length - sizeof(*d)) : -1;
	return typ < 0 ? 0 : (uint8_t)typ;
}

static struct io_reg io_reg_of(const struct acpi_gas *g)
{
	if (!g->address || g->space_id > 1)
		return (struct io_reg){ IO_NONE, 0 };
	return (struct io_reg){ g->space_id == 1 ? IO_PORT : IO_MEMORY, g->address };
}

bool acpi_read_power(struct acpi_mem *m, uint64_t rsdp, struct runtime_plan *plan)
{
	const struct fadt *f = acpi_find_table(m, rsdp, "FACP");

	if (!f || f->h.length < FIELD_END(struct fadt, pm1b_cnt_blk))
		return false;
	plan->s5_typ = sleep_type_s5(m, f);
	if (f->pm1a_cnt_blk && f->pm1a_cnt_blk <= 0xffff)
		plan->pm1a_cnt = (struct io_reg){ IO_PORT, f->pm1a_cnt_blk };
	if (f->h.length >= FIELD_END(struct fadt, reset_value) && (f->flags & FADT_RESET_REG_SUP)) {
		plan->reset_reg = io_reg_of(&f->reset_reg);
		plan->reset_value = f->reset_value;
	}
	if (f->h.length >= FIELD_END(struct fadt, sleep_control_reg))
		plan->sleep_ctrl = io_reg_of(&f->sleep_control_reg);
	return true;
}
