/* The test image described in pe_build.h, written field by field. */
#include <string.h>

#include "pe_build.h"

void peb_put16(uint8_t *p, size_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

void peb_put32(uint8_t *p, size_t off, uint32_t v)
{
	peb_put16(p, off, (uint16_t)v);
	peb_put16(p, off + 2, (uint16_t)(v >> 16));
}

void peb_put64(uint8_t *p, size_t off, uint64_t v)
{
	peb_put32(p, off, (uint32_t)v);
	peb_put32(p, off + 4, (uint32_t)(v >> 32));
}

static void section(uint8_t *p, int n, const char *name, uint32_t rva, uint32_t vsize,
		    uint32_t raw_ptr, uint32_t raw_size, uint32_t flags)
{
	memcpy(p + PEB_SEC(n), name, strlen(name));
	peb_put32(p, PEB_SEC_VSIZE(n), vsize);
	peb_put32(p, PEB_SEC_RVA(n), rva);
	peb_put32(p, PEB_SEC_RAW_SIZE(n), raw_size);
	peb_put32(p, PEB_SEC_RAW_PTR(n), raw_ptr);
	peb_put32(p, PEB_SEC(n) + 36, flags);
}

static void headers(uint8_t *p, uint64_t base)
{
	p[0] = 'M';
	p[1] = 'Z';
	peb_put32(p, PEB_LFANEW_FIELD, PEB_PE);
	memcpy(p + PEB_PE, "PE\0\0", 4);
	peb_put16(p, PEB_MACHINE, 0x8664);
	peb_put16(p, PEB_NR_SECTIONS, 3);
	peb_put16(p, PEB_OPT_SIZE, 240);
	peb_put16(p, PEB_PE + 22, 0x22); /* executable, large address aware */
	peb_put16(p, PEB_MAGIC, 0x20b);
	peb_put32(p, PEB_ENTRY_FIELD, PEB_ENTRY);
	peb_put64(p, PEB_IMAGE_BASE, base);
	peb_put32(p, PEB_SECTION_ALIGN, 0x1000);
	peb_put32(p, PEB_FILE_ALIGN, 0x200);
	peb_put32(p, PEB_SIZE_OF_IMAGE, PEB_IMAGE_SIZE);
	peb_put32(p, PEB_SIZE_OF_HEADERS, PEB_HEADERS);
	peb_put16(p, PEB_SUBSYSTEM, 10);
	peb_put32(p, PEB_NR_DIRS, 16);
	peb_put32(p, PEB_RELOC_DIR, 0x5000);
	peb_put32(p, PEB_RELOC_DIR + 4, PEB_RELOC_SIZE);
	section(p, PEB_TEXT, ".text", 0x1000, 0x300, 0x400, 0x400, 0x60000020);
	section(p, PEB_DATA, ".data", 0x2000, 0x2800, 0x800, 0x200, 0xc0000040);
	section(p, PEB_RELOC, ".reloc", 0x5000, PEB_RELOC_SIZE, 0xa00, 0x200, 0x42000040);
}

static void contents(uint8_t *p, uint64_t base)
{
	for (int i = 0; i < 0x300; i++) /* recognisable code bytes */
		p[0x400 + i] = (uint8_t)(i * 7 + 1);
	memset(p + 0x700, 0xee, 0x100); /* raw padding past VirtualSize */
	for (int i = 0; i < 0x200; i++)
		p[0x800 + i] = (uint8_t)(i * 13 + 5);
	peb_put64(p, 0x400 + 0x100, base + 0x2000);
	peb_put32(p, 0x400 + 0x108, (uint32_t)(base + 0x2010));
	peb_put64(p, 0x400 + 0x113, base + 0x3000);
	peb_put64(p, 0x800 + 0x008, base + 0x1010);
}

static void relocations(uint8_t *p)
{
	peb_put32(p, PEB_BLOCK1, 0x1000);
	peb_put32(p, PEB_BLOCK1 + 4, 16);
	peb_put16(p, PEB_BLOCK1 + 8, 0xa000 | 0x100);
	peb_put16(p, PEB_BLOCK1 + 10, 0x3000 | 0x108);
	peb_put16(p, PEB_BLOCK1 + 12, 0xa000 | 0x113);
	peb_put16(p, PEB_BLOCK1 + 14, 0); /* ABSOLUTE: padding */
	peb_put32(p, PEB_BLOCK2, 0x2000);
	peb_put32(p, PEB_BLOCK2 + 4, 12);
	peb_put16(p, PEB_BLOCK2 + 8, 0xa000 | 0x008);
	peb_put16(p, PEB_BLOCK2 + 10, 0);
}

void pe_build(uint8_t *buf, uint64_t image_base)
{
	memset(buf, 0, PEB_FILE_SIZE);
	headers(buf, image_base);
	contents(buf, image_base);
	relocations(buf);
}

static uint32_t get32(const uint8_t *p, size_t off)
{
	return p[off] | p[off + 1] << 8 | p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
}

size_t pe_build_flat(uint8_t *buf, uint64_t image_base, uint8_t fill)
{
	uint8_t file[PEB_FILE_SIZE];
	size_t size = PEB_HEADERS;

	pe_build(file, image_base);
	memset(buf, fill, PEB_IMAGE_SIZE);
	memcpy(buf, file, PEB_HEADERS);
	for (int n = PEB_TEXT; n <= PEB_RELOC; n++) {
		uint32_t rva = get32(file, PEB_SEC_RVA(n)), raw = get32(file, PEB_SEC_RAW_SIZE(n));

		memcpy(buf + rva, file + get32(file, PEB_SEC_RAW_PTR(n)), raw);
		peb_put32(buf, PEB_SEC_RAW_PTR(n), rva);
		size = rva + raw > size ? rva + raw : size;
	}
	return size;
}
