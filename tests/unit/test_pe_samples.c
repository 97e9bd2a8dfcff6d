/*
 * The PE loader on real files: every EFI program the tree builds (gnu-efi) and the Debian
 * kernels (PE/COFF bzImages). Each file named in PE_SAMPLES (space-separated) must parse as an
 * EFI application and load at a heap address, so usually relocated. `make pe-samples` names
 * them; without any file the run fails: a loader test that read nothing has tested nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/lib.h"
#include "pe/pe.h"

#define SUBSYSTEM_EFI_APPLICATION 10

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n ? n : 1);
	if (fread(buf, 1, n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	fclose(f);
	*size = n;
	return buf;
}

static void test_sample(void **state)
{
	const char *path = *state;
	struct pe_info info;
	size_t size;
	uint8_t *pe = read_file(path, &size), *img;
	const char *err = pe_parse(pe, size, &info);

	if (err) {
		free(pe);
		fail_msg("%s: %s", path, err);
	}
	assert_int_equal(info.subsystem, SUBSYSTEM_EFI_APPLICATION);
	assert_true(info.entry_rva < info.image_size);
	img = aligned_alloc(MAX(info.section_alignment, 4096), ALIGN_UP(info.image_size, 4096));
	assert_non_null(img);
	err = pe_load(pe, size, &info, img);
	if (err) {
		free(img);
		free(pe);
		fail_msg("%s: %s", path, err);
	}
	assert_memory_equal(img, pe, info.size_of_headers);
	printf("  %s: SizeOfImage 0x%llx, entry 0x%x: loaded\n", path,
	       (unsigned long long)info.image_size, info.entry_rva);
	free(img);
	free(pe);
}

int main(void)
{
	char *list = strdup(getenv("PE_SAMPLES") ? getenv("PE_SAMPLES") : "");
	struct CMUnitTest *tests = calloc(strlen(list) / 2 + 1, sizeof(*tests));
	size_t n = 0;
	int failed;

	/* One test per file, named by its path. */
	for (char *path = strtok(list, " "); path; path = strtok(NULL, " ")) {
		tests[n].name = path;
		tests[n].test_func = test_sample;
		tests[n].initial_state = path;
		n++;
	}
	if (!n)
		fprintf(stderr, "pe samples: PE_SAMPLES names no file (make pe-samples gives them)\n");
	failed = n ? _cmocka_run_group_tests("pe samples", tests, n, NULL, NULL) : 1;
	free(tests);
	free(list);
	return failed;
}
