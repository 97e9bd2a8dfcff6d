/* Writes valid test images (see pe_build.h) into a directory: the PE fuzzer's seed corpus. */
#include <stdio.h>

#include "pe_build.h"

static int write_seed(const char *dir, const char *name, const uint8_t *buf, size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, size, f) != size || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[PEB_IMAGE_SIZE];
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	pe_build(buf, PEB_DEFAULT_BASE);
	err |= write_seed(argv[1], "app.efi", buf, PEB_FILE_SIZE);
	peb_put16(buf, PEB_SUBSYSTEM, 11);
	peb_put32(buf, PEB_NR_DIRS, 5); /* no relocation directory */
	err |= write_seed(argv[1], "driver-no-reloc.efi", buf, PEB_FILE_SIZE);
	pe_build(buf, 0);
	peb_put32(buf, PEB_SEC_VSIZE(PEB_TEXT), 0); /* VirtualSize 0: raw size counts */
	peb_put32(buf, PEB_SECTION_ALIGN, 0x200);
	err |= write_seed(argv[1], "base0-small-align.efi", buf, PEB_FILE_SIZE);
	/* Sections at their RVAs in the file: the in-place loader's case. */
	err |= write_seed(argv[1], "flat.efi", buf, pe_build_flat(buf, PEB_DEFAULT_BASE, 0));
	return err;
}
