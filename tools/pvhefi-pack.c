/*
 * pvhefi-pack: puts a kernel (any x86_64 EFI image: a Linux bzImage, a UKI, an EFI program), an
 * initrd and a command line into a built pvhefi, with no compiler or linker, and shows what an
 * image carries.
 *   pvhefi-pack -o OUT FIRMWARE --kernel FILE [--initrd FILE] [--cmdline TEXT]
 *   pvhefi-pack --show IMAGE
 *
 * The design: linker.ld places the payload section last in the image, in a PT_LOAD segment of
 * its own after .bss, and the firmware reads the payload's size from the payload's own header
 * (boot/payload.c), never from a link-time symbol. So a payload can be replaced in the ELF file
 * alone: nothing the firmware's code refers to moves, and packing is what a linker would have
 * done. pvhefi-pack copies the file up to the payload, writes the new payload there
 * (tools/payload_writer.c, the writer mkpayload uses), then the non-loaded sections that
 * followed the old one (symbols, debug information) and the section headers, moved by the
 * difference; the payload's program header and section header get the new size. The other
 * design, linking again, would need the firmware's objects and a linker on the user's machine.
 *
 * FIRMWARE is any pvhefi image from this tree (the generic pvhefi.elf of `make install`, or
 * one already packed: its payload is replaced). The kernel is checked as the firmware will check
 * it (pe/pe.c); the payload's format is boot/payload_format.h, read back by boot/payload.c.
 */
#include <elf.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/payload.h"
#include "pe/pe.h"
#include "tools/payload_writer.h"

#define USAGE "usage: pvhefi-pack -o OUT FIRMWARE --kernel FILE [--initrd FILE] [--cmdline TEXT]\n" \
	      "       pvhefi-pack --show IMAGE\n"

struct image {
	uint8_t *data;
	size_t size;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph, *seg; /* seg: the payload's PT_LOAD */
	Elf64_Shdr *sh, *sec; /* sec: .payload */
	struct payload payload;
};

static const char *out_path;
static const char *created; /* the temporary output, removed on an error */

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pvhefi-pack: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (created)
		remove(created);
	exit(1);
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *data;

	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		die("cannot read %s: not a regular file", path);
	*size = st.st_size;
	if (!(data = malloc(*size ? *size : 1)))
		die("%s: out of memory", path);
	if (fread(data, 1, *size, f) != *size)
		die("%s: read failed", path);
	fclose(f);
	return data;
}

/* ---- the firmware image ------------------------------------------------------------------ */
static const char *section_name(const struct image *im, const Elf64_Shdr *s)
{
	const Elf64_Shdr *names = &im->sh[im->eh->e_shstrndx];

	if (names->sh_offset > im->size || s->sh_name >= names->sh_size ||
	    s->sh_name >= im->size - names->sh_offset)
		return "";
	return (const char *)im->data + names->sh_offset + s->sh_name;
}

static Elf64_Shdr *find_section(const struct image *im, const char *name)
{
	for (int i = 0; i < im->eh->e_shnum; i++)
		if (!strcmp(section_name(im, &im->sh[i]), name))
			return &im->sh[i];
	return NULL;
}

static int inside(const struct image *im, uint64_t off, uint64_t n)
{
	return off <= im->size && n <= im->size - off;
}

static const char *check_elf(struct image *im)
{
	im->eh = (Elf64_Ehdr *)im->data;
	if (im->size < sizeof(Elf64_Ehdr) || memcmp(im->eh->e_ident, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (im->eh->e_ident[EI_CLASS] != ELFCLASS64 || im->eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    im->eh->e_machine != EM_X86_64 || im->eh->e_type != ET_EXEC)
		return "not an x86_64 ELF executable";
	if (im->eh->e_phentsize != sizeof(Elf64_Phdr) || im->eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !inside(im, im->eh->e_phoff, (uint64_t)im->eh->e_phnum * sizeof(Elf64_Phdr)) ||
	    !inside(im, im->eh->e_shoff, (uint64_t)im->eh->e_shnum * sizeof(Elf64_Shdr)) ||
	    im->eh->e_shstrndx >= im->eh->e_shnum || im->eh->e_phoff % 8 || im->eh->e_shoff % 8)
		return "damaged ELF headers";
	im->ph = (Elf64_Phdr *)(im->data + im->eh->e_phoff);
	im->sh = (Elf64_Shdr *)(im->data + im->eh->e_shoff);
	return NULL;
}

/*
 * The payload must be the image's last loaded bytes, in memory and in the file: one PT_LOAD
 * holding exactly .payload, after every other one; after it in the file only sections that are
 * not loaded, then the section headers.
 */
static const char *check_layout(struct image *im)
{
	const Elf64_Shdr *sec = im->sec;

	for (int i = 0; i < im->eh->e_phnum; i++)
		if (im->ph[i].p_type == PT_LOAD && im->ph[i].p_offset == sec->sh_offset &&
		    im->ph[i].p_vaddr == sec->sh_addr && im->ph[i].p_filesz == sec->sh_size)
			im->seg = &im->ph[i];
	if (!im->seg || im->seg->p_memsz != im->seg->p_filesz || !inside(im, sec->sh_offset, sec->sh_size))
		return "its .payload section is not a segment of its own";
	for (int i = 0; i < im->eh->e_phnum; i++) {
		const Elf64_Phdr *p = &im->ph[i];
		if (p != im->seg && p->p_type == PT_LOAD &&
		    (p->p_vaddr + p->p_memsz > sec->sh_addr || p->p_offset + p->p_filesz > sec->sh_offset))
			return "its payload is not the last segment (a pvhefi older than pvhefi-pack?)";
	}
	for (int i = 0; i < im->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &im->sh[i];
		if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL && !inside(im, s->sh_offset, s->sh_size))
			return "a section lies outside the file";
		if (s != sec && (s->sh_flags & SHF_ALLOC) && s->sh_addr >= sec->sh_addr)
			return "a loaded section follows its payload";
		if (s != sec && s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL &&
		    s->sh_offset >= sec->sh_offset && s->sh_offset < sec->sh_offset + sec->sh_size)
			return "a section lies inside its payload";
	}
	if (im->eh->e_shoff < sec->sh_offset + sec->sh_size || im->eh->e_phoff >= sec->sh_offset)
		return "its ELF headers are not where a linker puts them";
	return NULL;
}

static void open_image(struct image *im, const char *path)
{
	const char *err;

	memset(im, 0, sizeof(*im));
	im->data = read_file(path, &im->size);
	if ((err = check_elf(im)))
		die("%s: not a pvhefi firmware: %s", path, err);
	im->sec = find_section(im, ".payload");
	if (!im->sec || !find_section(im, ".note.Xen"))
		die("%s: not a pvhefi firmware: it has no %s section", path, im->sec ? ".note.Xen" : ".payload");
	if ((err = check_layout(im)))
		die("%s: cannot pack this pvhefi: %s", path, err);
	err = payload_parse(im->data + im->sec->sh_offset, im->sec->sh_size, &im->payload);
	if (err)
		die("%s: not a pvhefi firmware from this tree: %s", path, err);
}

/* ---- --show ------------------------------------------------------------------------------- */
static void show_blob(const char *what, const struct payload_blob *b)
{
	printf("  %-8s %llu bytes (%llu KiB)", what, (unsigned long long)b->size,
	       (unsigned long long)(b->size + 1023) / 1024);
}

static void show_kernel(const struct payload_blob *k)
{
	struct pe_info info;
	const char *err = pe_parse(k->data, k->size, &info);

	show_blob("kernel", k);
	if (err)
		printf(", not a valid x86_64 EFI image: %s\n", err);
	else
		printf(", x86_64 EFI image, subsystem %u, %llu KiB once loaded%s\n", info.subsystem,
		       (unsigned long long)(info.image_size + 1023) / 1024,
		       k->room >= info.image_size ? " where it lies" : "");
}

static int show(const char *path)
{
	struct image im;
	uint64_t start = UINT64_MAX, end = 0;

	open_image(&im, path);
	for (int i = 0; i < im.eh->e_phnum; i++) {
		const Elf64_Phdr *p = &im.ph[i];
		if (p->p_type == PT_LOAD && p != im.seg && p->p_memsz) {
			start = p->p_vaddr < start ? p->p_vaddr : start;
			end = p->p_vaddr + p->p_memsz > end ? p->p_vaddr + p->p_memsz : end;
		}
	}
	printf("%s: pvhefi firmware, %llu KiB in memory at 0x%llx; payload at 0x%llx, %llu bytes\n",
	       path, (unsigned long long)(end - start) / 1024, (unsigned long long)start,
	       (unsigned long long)im.sec->sh_addr, (unsigned long long)im.sec->sh_size);
	if (im.payload.kernel.size)
		show_kernel(&im.payload.kernel);
	else
		printf("  kernel   none: the generic firmware, which boots the first module (QEMU -initrd,"
		       " xl ramdisk=) when it is an x86_64 EFI image\n");
	if (im.payload.initrd.size) {
		show_blob("initrd", &im.payload.initrd);
		printf(", then every module (after the kernel's)\n");
	} else {
		printf("  initrd   none embedded: the modules (after the kernel's), if any\n");
	}
	if (im.payload.cmdline.size)
		printf("  cmdline  \"%.*s\", then the VMM's\n", (int)im.payload.cmdline.size,
		       (const char *)im.payload.cmdline.data);
	else
		printf("  cmdline  none embedded: the VMM's (QEMU -append, xl cmdline=)\n");
	return 0;
}

/* ---- packing ------------------------------------------------------------------------------ */
static void put(FILE *out, const void *data, uint64_t n)
{
	if (n && fwrite(data, 1, n, out) != n)
		die("%s: write failed: %s", out_path, strerror(errno));
}

static void pad(FILE *out, uint64_t n)
{
	static const char zeros[4096];

	for (uint64_t k; n; n -= k)
		put(out, zeros, k = n < sizeof(zeros) ? n : sizeof(zeros));
}

/* The sections after the payload in the file, in file order; returns how many. */
static int tail_sections(const struct image *im, Elf64_Shdr **tail)
{
	int n = 0;

	for (int i = 0; i < im->eh->e_shnum; i++) {
		Elf64_Shdr *s = &im->sh[i];
		if (s == im->sec || s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL ||
		    s->sh_offset < im->sec->sh_offset)
			continue;
		int j = n++;
		for (; j > 0 && tail[j - 1]->sh_offset > s->sh_offset; j--)
			tail[j] = tail[j - 1];
		tail[j] = s;
	}
	return n;
}

/*
 * The image with a payload of size bytes: the tail sections move to new offsets (each at its
 * alignment after the one before), the section headers after them; from[] keeps where each
 * tail section's bytes are in im->data.
 */
static void relayout(struct image *im, uint64_t size, Elf64_Shdr **tail, int n, uint64_t *from)
{
	uint64_t at = im->sec->sh_offset + size;

	for (int i = 0; i < n; i++) {
		uint64_t align = tail[i]->sh_addralign ? tail[i]->sh_addralign : 1;
		from[i] = tail[i]->sh_offset;
		at = (at + align - 1) / align * align;
		tail[i]->sh_offset = at;
		at += tail[i]->sh_size;
	}
	im->eh->e_shoff = (at + 7) / 8 * 8;
	im->seg->p_filesz = im->seg->p_memsz = size;
	im->sec->sh_size = size;
}

static void write_image(struct image *im, FILE *out, struct payload_input *in, uint32_t n)
{
	Elf64_Shdr *tail[im->eh->e_shnum];
	uint64_t from[im->eh->e_shnum], at = im->sec->sh_offset, size = payload_size(in, n);
	int nr_tail = tail_sections(im, tail);
	const char *err;

	relayout(im, size, tail, nr_tail, from);
	put(out, im->data, at); /* the ELF header, program headers, the firmware */
	if ((err = payload_write(out, in, n)))
		die("%s: %s", out_path, err);
	at += size;
	for (int i = 0; i < nr_tail; i++) {
		pad(out, tail[i]->sh_offset - at);
		put(out, im->data + from[i], tail[i]->sh_size);
		at = tail[i]->sh_offset + tail[i]->sh_size;
	}
	pad(out, im->eh->e_shoff - at);
	put(out, im->sh, (uint64_t)im->eh->e_shnum * sizeof(Elf64_Shdr));
}

static struct payload_input kernel_input(const char *path)
{
	struct payload_input in;
	struct pe_info info;
	const char *err = payload_input_kernel(&in, path);

	if (err)
		die("%s", err);
	if ((err = pe_parse(in.data, in.size, &info)))
		die("%s: not an x86_64 EFI image (a Linux bzImage, a UKI, an EFI program): %s", path, err);
	return in;
}

/* Written to a temporary file next to OUT, renamed at the end: OUT may be FIRMWARE, and an
 * error leaves no half-written image behind. */
static int pack(const char *firmware, const char *kernel, const char *initrd, const char *cmdline)
{
	struct payload_input in[3];
	static char tmp[4096];
	struct image im;
	struct stat st;
	uint32_t n = 0;
	const char *err;
	FILE *out;

	open_image(&im, firmware);
	in[n++] = kernel_input(kernel);
	if (initrd && (err = payload_input_file(&in[n++], PAYLOAD_INITRD, initrd)))
		die("%s", err);
	if (cmdline && *cmdline)
		in[n++] = payload_input_bytes(PAYLOAD_CMDLINE, "--cmdline", cmdline, strlen(cmdline));
	if (!stat(out_path, &st) && !S_ISREG(st.st_mode))
		die("%s: not a regular file: pvhefi-pack writes a new file in its place", out_path);
	if (snprintf(tmp, sizeof(tmp), "%s.pvhefi-pack.tmp", out_path) >= (int)sizeof(tmp))
		die("%s: name too long", out_path);
	if (!(out = fopen(tmp, "wb")))
		die("cannot write %s: %s", out_path, strerror(errno));
	created = tmp;
	write_image(&im, out, in, n);
	if (fclose(out))
		die("%s: write failed: %s", out_path, strerror(errno));
	if (rename(tmp, out_path))
		die("cannot write %s: %s", out_path, strerror(errno));
	return 0;
}

static void once(const char **opt, const char *value, const char *name)
{
	if (*opt)
		die("%s given twice\n" USAGE, name);
	*opt = value;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' }, { "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' }, { "cmdline", required_argument, NULL, 'c' },
		{ "show", required_argument, NULL, 's' },   { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *kernel = NULL, *initrd = NULL, *cmdline = NULL, *shown = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "o:k:i:c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': once(&out, optarg, "-o"); break;
		case 'k': once(&kernel, optarg, "--kernel"); break;
		case 'i': once(&initrd, optarg, "--initrd"); break;
		case 'c': once(&cmdline, optarg, "--cmdline"); break;
		case 's': once(&shown, optarg, "--show"); break;
		case 'h': printf(USAGE); return 0;
		default: fprintf(stderr, USAGE); return 2;
		}
	}
	if (shown && !out && !kernel && !initrd && !cmdline && optind == argc)
		return show(shown);
	if (shown || !out || !kernel || optind != argc - 1) {
		fprintf(stderr, "pvhefi-pack: %s\n" USAGE, shown ? "--show takes one image and nothing else" :
			!out ? "no -o OUT" : !kernel ? "no --kernel FILE" : "give one FIRMWARE");
		return 2;
	}
	out_path = out;
	return pack(argv[optind], kernel, initrd, cmdline);
}
