/*
 * mkpayload: writes the .payload section contents for pvhefi.
 *   mkpayload OUT [--kernel FILE] [--initrd FILE] [--cmdline STRING]
 * With no argument it writes an empty file: the firmware then says "no payload embedded".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/payload_format.h"

#define BLOB_ALIGN 4096

struct input {
	uint32_t kind;
	const char *path; /* NULL: data below */
	const char *data;
	long size;
};

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "mkpayload: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(1);
}

static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0)
		die("cannot read", path);
	fclose(f);
	return n;
}

static void copy_file(FILE *out, const char *path)
{
	char buf[65536];
	FILE *in = fopen(path, "rb");
	size_t n;

	if (!in)
		die("cannot open", path);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die("write failed", NULL);
	fclose(in);
}

static void pad_to(FILE *out, long offset)
{
	while (ftell(out) < offset)
		fputc(0, out);
}

int main(int argc, char **argv)
{
	struct input in[PAYLOAD_MAX_ENTRIES];
	uint32_t n = 0;
	FILE *out;

	if (argc < 2)
		die("usage: mkpayload OUT [--kernel FILE] [--initrd FILE] [--cmdline STRING]", NULL);
	for (int i = 2; i + 1 < argc; i += 2) {
		if (n == PAYLOAD_MAX_ENTRIES)
			die("too many entries", NULL);
		if (!strcmp(argv[i], "--kernel"))
			in[n++] = (struct input){ PAYLOAD_KERNEL, argv[i + 1], NULL, file_size(argv[i + 1]) };
		else if (!strcmp(argv[i], "--initrd"))
			in[n++] = (struct input){ PAYLOAD_INITRD, argv[i + 1], NULL, file_size(argv[i + 1]) };
		else if (!strcmp(argv[i], "--cmdline"))
			in[n++] = (struct input){ PAYLOAD_CMDLINE, NULL, argv[i + 1], (long)strlen(argv[i + 1]) };
		else
			die("unknown option", argv[i]);
	}
	if ((argc - 2) % 2)
		die("option without a value", argv[argc - 1]);
	if (!(out = fopen(argv[1], "wb")))
		die("cannot create", argv[1]);
	if (n == 0) {
		fclose(out);
		return 0;
	}

	struct payload_header h = { .version = PAYLOAD_VERSION, .nr_entries = n };
	struct payload_entry e[PAYLOAD_MAX_ENTRIES];
	long offset = sizeof(h) + n * sizeof(e[0]);
	memcpy(h.magic, PAYLOAD_MAGIC, 8);
	for (uint32_t i = 0; i < n; i++) {
		offset = (offset + BLOB_ALIGN - 1) / BLOB_ALIGN * BLOB_ALIGN;
		e[i] = (struct payload_entry){ .kind = in[i].kind, .offset = offset, .size = in[i].size };
		offset += in[i].size;
	}
	fwrite(&h, sizeof(h), 1, out);
	fwrite(e, sizeof(e[0]), n, out);
	for (uint32_t i = 0; i < n; i++) {
		pad_to(out, e[i].offset);
		if (in[i].path)
			copy_file(out, in[i].path);
		else
			fwrite(in[i].data, 1, in[i].size, out);
	}
	if (fclose(out))
		die("write failed", argv[1]);
	return 0;
}
