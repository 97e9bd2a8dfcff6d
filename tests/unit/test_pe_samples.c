/*
 * The PE loader on real files: every EFI program the tree builds (gnu-efi) and the Debian
 * kernels (PE/COFF bzImages). Each file named in PE_SAMPLES (space-separated) must parse as an
 * EFI application and load at a heap address, so usually relocated, and load in place alike
 * when its sections lie at their addresses in the file. `make pe-samples` names
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

/*
 * A file that can run where it lies (pe_check_in_place) must come out as pe_load makes it at
 * the same address. Linux's bzImage is such a file: that is what the embedded payload counts on.
 */
static void check_in_place(const char *path, const uint8_t *pe, size_t size, const struct pe_info *info)
{
	size_t room_size = ALIGN_UP(MAX(info->image_size, size), 4096);
	uint8_t *room, *in_place;
	const char *why = pe_check_in_place(pe, size);

	printf("  %s: in place: %s\n", path, why ? why : "yes");
	if (why && strstr(path, "vmlinuz"))
		fail_msg("%s: a Linux bzImage should load in place: %s", path, why);
	if (why)
		return;
	room = aligned_alloc(MAX(info->section_alignment, 4096), room_size);
	in_place = malloc(info->image_size);
	assert_non_null(room);
	assert_non_null(in_place);
	memset(room, 0xaa, room_size);
	memcpy(room, pe, size);
	assert_null(pe_load_in_place(room, size, info));
	memcpy(in_place, room, info->image_size);
	assert_null(pe_load(pe, size, info, room));
	assert_memory_equal(in_place, room, info->image_size);
	free(in_place);
	free(room);
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
	check_in_place(path, pe, size, &info);
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
