/* Writes valid test images (see pe_build.h) into a directory: the PE fuzzer's seed corpus. */
#include <stdio.h>

#include "pe_build.h"

static int write_seed(const char *dir, const char *name, const uint8_t *buf)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, PEB_FILE_SIZE, f) != PEB_FILE_SIZE || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[PEB_FILE_SIZE];
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	pe_build(buf, PEB_DEFAULT_BASE);
	err |= write_seed(argv[1], "app.efi", buf);
	peb_put16(buf, PEB_SUBSYSTEM, 11);
	peb_put32(buf, PEB_NR_DIRS, 5); /* no relocation directory */
	err |= write_seed(argv[1], "driver-no-reloc.efi", buf);
	pe_build(buf, 0);
	peb_put32(buf, PEB_SEC_VSIZE(PEB_TEXT), 0); /* VirtualSize 0: raw size counts */
	peb_put32(buf, PEB_SECTION_ALIGN, 0x200);
	err |= write_seed(argv[1], "base0-small-align.efi", buf);
	return err;
}
