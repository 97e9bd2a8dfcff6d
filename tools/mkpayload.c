/*
 * mkpayload: writes the .payload section contents for pvhefi (tools/payload_writer.c).
 *   mkpayload OUT [--kernel FILE] [--initrd FILE] [--cmdline STRING]
 * With no argument it writes a header without entries: the generic firmware, which boots the
 * first module when it is a PE image and says "no payload embedded" otherwise.
 * When writing fails, an output that is a regular file is removed: make would take a partial
 * payload for up to date. (Nothing else is: OUT may be a device such as /dev/full.)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/payload_writer.h"

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "mkpayload: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(1);
}

static int is_regular(FILE *f)
{
	struct stat st;

	return !fstat(fileno(f), &st) && S_ISREG(st.st_mode);
}

static void add_file(struct payload_input *in, uint32_t kind, const char *path)
{
	const char *err = kind == PAYLOAD_KERNEL ? payload_input_kernel(in, path)
						 : payload_input_file(in, kind, path);

	if (err)
		die(err, NULL);
}

int main(int argc, char **argv)
{
	struct payload_input in[PAYLOAD_MAX_ENTRIES];
	const char *err;
	uint32_t n = 0;
	FILE *out;
	int regular;

	if (argc < 2)
		die("usage: mkpayload OUT [--kernel FILE] [--initrd FILE] [--cmdline STRING]", NULL);
	for (int i = 2; i + 1 < argc; i += 2) {
		if (n == PAYLOAD_MAX_ENTRIES)
			die("too many entries", NULL);
		if (!strcmp(argv[i], "--kernel"))
			add_file(&in[n++], PAYLOAD_KERNEL, argv[i + 1]);
		else if (!strcmp(argv[i], "--initrd"))
			add_file(&in[n++], PAYLOAD_INITRD, argv[i + 1]);
		else if (!strcmp(argv[i], "--cmdline"))
			in[n++] = payload_input_bytes(PAYLOAD_CMDLINE, "--cmdline", argv[i + 1], strlen(argv[i + 1]));
		else
			die("unknown option", argv[i]);
	}
	if ((argc - 2) % 2)
		die("option without a value", argv[argc - 1]);
	if (!(out = fopen(argv[1], "wb")))
		die("cannot create", argv[1]);
	regular = is_regular(out);
	err = payload_write(out, in, n);
	if (fclose(out) && !err)
		err = "write failed";
	if (err) {
		if (regular)
			remove(argv[1]);
		die(argv[1], err);
	}
	return 0;
}
