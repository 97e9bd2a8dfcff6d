/*
 * The PVH shim of the bad-input boots (tests/qemu/run.sh): a small PVH kernel that acts as
 * the VMM for pvhefi and hands it a start_info QEMU itself would never build.
 *
 *   qemu-system-x86_64 -M q35 -m 512 -nographic -no-reboot -kernel build/t-shim/shim.elf \
 *       -initrd build/t-inputs/pvhefi.elf -append CASE
 *
 * QEMU starts the shim through its own PVH entry (the XEN_ELFNOTE_PHYS32_ENTRY note in
 * entry.asm), with pvhefi's ELF file as module 0. The shim is linked at 32 MiB (shim.ld), clear
 * of pvhefi at 1 MiB and of the module QEMU puts near the top of RAM. It reads the case name
 * from its command line, keeps QEMU's memory map and RSDP, copies pvhefi's PT_LOAD segments
 * to their physical addresses, builds the case's start_info in its own .bss (cases.c: no
 * memory map, entries that overlap, are empty or wrap, modules over the firmware, outside RAM,
 * above 4 GiB or adding up past 2^64, a 64 KiB or invalid UTF-8 command line, an ACPI table
 * above 4 GiB...; or, for tests/linux/run.sh, more modules than QEMU passes), and jumps to
 * pvhefi's PVH entry (its note) the way a VMM does: flat 32-bit protected mode, paging and
 * interrupts off, %ebx = the start_info. pvhefi's module 0 is not passed on.
 *
 * The case "capture" starts nothing: it prints what its own VMM gave it as hex lines (start_info
 * and everything it points to, the ACPI tables, the BIOS area's SMBIOS entry points) for
 * tests/fuzz/corpus/pack.py, which makes the fuzzers' real seeds from them (capture.c).
 *
 * Built by tests/qemu/shim/shim.mk: gcc -m32 -ffreestanding, nasm, ld; no libc, no multilib.
 * Messages ("shim: ...") go to COM1 and port 0xE9; an error ends the VM with "shim: fatal: ...".
 */
#include "shim.h"

#define COM1 0x3f8
#define PT_LOAD 1
#define PT_NOTE 4
#define EM_X86_64 62
#define FOUR_GIB 0x100000000ULL
#define MAX(a, b) ((a) > (b) ? (a) : (b))

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* ---- the little a freestanding program needs ---------------------------------------------- */

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int streq(const char *a, const char *b)
{
	return strlen(a) == strlen(b) && !memcmp(a, b, strlen(a));
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void putc_both(char c)
{
	outb(0xe9, (uint8_t)c);
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++) /* THR empty; bounded */
		;
	outb(COM1, (uint8_t)c);
}

void out(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_both('\r');
		putc_both(*s);
	}
}

void out_hex(uint64_t v, int digits)
{
	char buf[17];

	for (int i = digits - 1; i >= 0; i--, v >>= 4)
		buf[i] = "0123456789abcdef"[v & 15];
	buf[digits] = 0;
	out(buf);
}

void out_dec(uint32_t v)
{
	char buf[11], *p = buf + 10;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	out(p);
}

void fail(const char *why)
{
	out("shim: fatal: ");
	out(why);
	out("\n");
	shim_exit();
}

/* ---- pvhefi from module 0 ----------------------------------------------------------------- */

uint64_t pvhefi_last_segment;

static bool overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/* The XEN_ELFNOTE_PHYS32_ENTRY in a PT_NOTE segment, or 0. */
static uint32_t pvh_entry(uint32_t notes, uint32_t len)
{
	for (uint32_t at = 0; at + 12 <= len;) {
		uint32_t namesz = get(notes + at, 4), descsz = get(notes + at + 4, 4), type = get(notes + at + 8, 4);
		uint32_t name = notes + at + 12, desc = name + ((namesz + 3) & ~3u);

		if (namesz == 4 && !memcmp((const void *)name, "Xen", 4) && type == 18 && descsz >= 4)
			return get(desc, 4);
		at += 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u);
	}
	return 0;
}

/* Copies pvhefi's segments where they belong; returns its PVH entry. */
static uint32_t load_pvhefi(const struct hvm_start_info *vmm)
{
	uint64_t base = vmm->nr_modules ? get(vmm->modlist_paddr, 8) : 0;
	uint64_t size = vmm->nr_modules ? get(vmm->modlist_paddr + 8, 8) : 0;
	const struct elf64_ehdr *eh = (const void *)(uint32_t)base;
	uint32_t entry = 0;

	if (!base || base + size > FOUR_GIB || size < sizeof(*eh))
		fail("no module 0: start me with -initrd pvhefi.elf");
	if (memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 2 || eh->machine != EM_X86_64 ||
	    eh->phoff + (uint64_t)eh->phnum * sizeof(struct elf64_phdr) > size)
		fail("module 0 is not an x86_64 ELF");
	for (uint32_t i = 0; i < eh->phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, (const void *)(uint32_t)(base + eh->phoff + i * sizeof(ph)), sizeof(ph));
		if (ph.offset + ph.filesz > size || ph.filesz > ph.memsz)
			fail("module 0: a segment lies outside the file");
		if (ph.type == PT_NOTE && !entry)
			entry = pvh_entry(base + ph.offset, ph.filesz);
		if (ph.type != PT_LOAD)
			continue;
		if (ph.paddr + ph.memsz > FOUR_GIB || overlaps(ph.paddr, ph.memsz, base, size) ||
		    overlaps(ph.paddr, ph.memsz, (uint32_t)__shim_start, __shim_end - __shim_start))
			fail("module 0: a segment would cover the shim or the module");
		memcpy((void *)(uint32_t)ph.paddr, (const void *)(uint32_t)(base + ph.offset), ph.filesz);
		pvhefi_last_segment = MAX(pvhefi_last_segment, ph.paddr);
		memset((void *)(uint32_t)(ph.paddr + ph.filesz), 0, ph.memsz - ph.filesz);
	}
	if (!entry)
		fail("module 0 has no PVH entry note");
	return entry;
}

/* The first word of the VMM's command line. */
static void case_name(const struct hvm_start_info *vmm, char *name, size_t max)
{
	const char *s = vmm->cmdline_paddr ? (const char *)(uint32_t)vmm->cmdline_paddr : "";
	size_t n = 0;

	while (*s == ' ')
		s++;
	while (s[n] && s[n] != ' ' && n + 1 < max) {
		name[n] = s[n];
		n++;
	}
	name[n] = 0;
}

void shim_main(uint32_t start_info);
void shim_main(uint32_t start_info)
{
	struct hvm_start_info vmm;
	const struct hvm_start_info *si;
	char name[32];
	uint32_t entry;

	memcpy(&vmm, (const void *)start_info, sizeof(vmm));
	if (vmm.magic != XEN_HVM_START_MAGIC_VALUE)
		fail("not started through the PVH entry");
	case_name(&vmm, name, sizeof(name));
	out("shim: case \"");
	out(name);
	out("\"\n");
	if (streq(name, "capture"))
		capture(start_info);
	cases_base(&vmm);
	entry = load_pvhefi(&vmm);
	if (!(si = cases_build(name)))
		fail("unknown case");
	out("shim: entering pvhefi at 0x");
	out_hex(entry, 8);
	out(" with start_info at 0x");
	out_hex((uint32_t)si, 8);
	out("\n");
	shim_enter(entry, (uint32_t)si);
}
