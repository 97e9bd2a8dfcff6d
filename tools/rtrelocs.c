/*
 * rtrelocs: the relocation records of pvhefi's runtime unit (see runtime/runtime.h).
 *   rtrelocs ELF OUT.S      writes, as a .rtrelocs section, the offset from __rtcode_start of
 *                           every absolute address in the unit's data
 *   rtrelocs --check ELF    checks that the table linked into ELF is exactly that list
 * ELF is the firmware linked with --emit-relocs. Anything SetVirtualAddressMap could not move
 * is an error that names the symbol: an absolute address in runtime code, a reference from the
 * unit to outside it, any relocation but 64-bit absolute (data) and 32-bit PC-relative.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RELOCS 65536

struct image {
	const uint8_t *file;
	size_t size;
	const Elf64_Shdr *sections;
	const char *shstr;
	const Elf64_Sym *syms;
	size_t nr_syms;
	const char *strtab;
	uint64_t start, end; /* the unit: [__rtcode_start, __rtdata_end) */
};

static int errors;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "rtrelocs: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(1);
}

static const void *at(const struct image *im, uint64_t off, uint64_t len)
{
	if (off > im->size || len > im->size - off)
		die("truncated ELF", NULL);
	return im->file + off;
}

static void read_file(const char *path, struct image *im)
{
	FILE *f = fopen(path, "rb");
	long n;
	uint8_t *buf;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot read", path);
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		die("cannot read", path);
	fclose(f);
	im->file = buf;
	im->size = n;
}

static const Elf64_Shdr *section(const struct image *im, const char *name)
{
	const Elf64_Ehdr *eh = at(im, 0, sizeof(*eh));

	for (unsigned i = 0; i < eh->e_shnum; i++)
		if (!strcmp(im->shstr + im->sections[i].sh_name, name))
			return &im->sections[i];
	return NULL;
}

static uint64_t symbol(const struct image *im, const char *name)
{
	for (size_t i = 0; i < im->nr_syms; i++)
		if (!strcmp(im->strtab + im->syms[i].st_name, name))
			return im->syms[i].st_value;
	die("symbol missing", name);
	return 0;
}

static void open_image(const char *path, struct image *im)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *symtab, *strtab;

	read_file(path, im);
	eh = at(im, 0, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_machine != EM_X86_64 || eh->e_shentsize != sizeof(Elf64_Shdr))
		die("not an x86_64 ELF", path);
	im->sections = at(im, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr));
	im->shstr = at(im, im->sections[eh->e_shstrndx].sh_offset, im->sections[eh->e_shstrndx].sh_size);
	if (!(symtab = section(im, ".symtab")) || !(strtab = section(im, ".strtab")))
		die("no symbol table", path);
	im->syms = at(im, symtab->sh_offset, symtab->sh_size);
	im->nr_syms = symtab->sh_size / sizeof(Elf64_Sym);
	im->strtab = at(im, strtab->sh_offset, strtab->sh_size);
	im->start = symbol(im, "__rtcode_start");
	im->end = symbol(im, "__rtdata_end");
}

static const char *name_of(const struct image *im, const Elf64_Sym *s)
{
	if (ELF64_ST_TYPE(s->st_info) == STT_SECTION && s->st_shndx < SHN_LORESERVE)
		return im->shstr + im->sections[s->st_shndx].sh_name;
	return im->strtab + s->st_name;
}

static int inside(const struct image *im, uint64_t addr)
{
	return addr >= im->start && addr <= im->end; /* an end pointer is inside too */
}

static void refuse(const struct image *im, const char *sec, const Elf64_Rela *r, const char *why)
{
	const Elf64_Sym *s = &im->syms[ELF64_R_SYM(r->r_info)];

	fprintf(stderr, "rtrelocs: %s at 0x%llx, to %s: %s\n", sec, (unsigned long long)r->r_offset,
		name_of(im, s), why);
	errors++;
}

/* Checks one relocation of section sec; an absolute address in data is added to out. */
static void judge(const struct image *im, const char *sec, int code, const Elf64_Rela *r,
		  uint32_t *out, size_t *n)
{
	const Elf64_Sym *s;

	if (ELF64_R_SYM(r->r_info) >= im->nr_syms)
		die("bad symbol index", sec);
	s = &im->syms[ELF64_R_SYM(r->r_info)];
	switch (ELF64_R_TYPE(r->r_info)) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		if (!inside(im, s->st_value))
			refuse(im, sec, r, "the runtime reaches outside its unit");
		return;
	case R_X86_64_64:
		if (code)
			refuse(im, sec, r, "an absolute address in runtime code cannot be moved");
		else if (!inside(im, s->st_value + r->r_addend))
			refuse(im, sec, r, "runtime data points outside its unit");
		else if (*n == MAX_RELOCS)
			die("too many relocations", sec);
		else
			out[(*n)++] = (uint32_t)(r->r_offset - im->start);
		return;
	default:
		refuse(im, sec, r, "a relocation type the runtime cannot have");
	}
}

static void collect(const struct image *im, const char *sec, int code, uint32_t *out, size_t *n)
{
	char name[32];
	const Elf64_Shdr *rela;
	const Elf64_Rela *r;

	snprintf(name, sizeof(name), ".rela%s", sec);
	if (!(rela = section(im, name))) {
		if (!code) /* the system table alone has pointers: data always has some */
			die("no relocations for the runtime data: link with --emit-relocs", NULL);
		return;
	}
	r = at(im, rela->sh_offset, rela->sh_size);
	for (size_t i = 0; i < rela->sh_size / sizeof(*r); i++)
		judge(im, sec, code, &r[i], out, n);
}

static int by_offset(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The table linked into the image, between __rtrelocs_start and __rtrelocs_end. */
static const uint32_t *linked_table(const struct image *im, size_t *n)
{
	const Elf64_Shdr *data = section(im, ".rtdata");
	uint64_t start = symbol(im, "__rtrelocs_start"), end = symbol(im, "__rtrelocs_end");

	if (!data || start < data->sh_addr || end > data->sh_addr + data->sh_size || end < start)
		die("no .rtrelocs table inside .rtdata", NULL);
	*n = (end - start) / 4;
	return at(im, data->sh_offset + (start - data->sh_addr), end - start);
}

int main(int argc, char **argv)
{
	static uint32_t offsets[MAX_RELOCS];
	int check = argc == 3 && !strcmp(argv[1], "--check");
	struct image im;
	size_t n = 0;

	if (argc != 3)
		die("usage: rtrelocs ELF OUT.S | rtrelocs --check ELF", NULL);
	open_image(argv[check ? 2 : 1], &im);
	collect(&im, ".rtcode", 1, offsets, &n);
	collect(&im, ".rtdata", 0, offsets, &n);
	if (errors)
		die("the runtime unit cannot be relocated", NULL);
	qsort(offsets, n, sizeof(offsets[0]), by_offset);
	if (check) {
		size_t linked;
		const uint32_t *table = linked_table(&im, &linked);

		if (linked != n || memcmp(table, offsets, n * sizeof(offsets[0])))
			die("the linked .rtrelocs table does not match the unit's relocations", argv[2]);
		return 0;
	}
	FILE *out = fopen(argv[2], "w");
	if (!out)
		die("cannot create", argv[2]);
	fprintf(out, "/* Generated by tools/rtrelocs: %zu absolute addresses in the runtime unit. */\n", n);
	fprintf(out, ".section .rtrelocs, \"a\"\n.balign 4\n");
	for (size_t i = 0; i < n; i++)
		fprintf(out, ".long 0x%x\n", offsets[i]);
	fprintf(out, ".section .note.GNU-stack, \"\", @progbits\n");
	if (fclose(out))
		die("cannot write", argv[2]);
	return 0;
}
