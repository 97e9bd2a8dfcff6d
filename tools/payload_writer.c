/*
 * Writes the payload format (tools/payload_writer.h). Sizes are recorded before the header is
 * written, so every blob is copied with exactly the size the header states: a file that
 * changed while it was read is an error rather than a payload that lies about itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/lib.h"
#include "pe/pe.h"
#include "tools/payload_writer.h"

static char message[512];

static const char *fail(const char *what, const char *name)
{
	snprintf(message, sizeof(message), "%s: %s", what, name);
	return message;
}

const char *payload_input_file(struct payload_input *in, uint32_t kind, const char *path)
{
	struct stat st;

	*in = (struct payload_input){ kind, path, fopen(path, "rb"), NULL, 0, 0 };
	if (!in->file || fstat(fileno(in->file), &st) || !S_ISREG(st.st_mode)) {
		if (in->file)
			fclose(in->file);
		return fail("cannot read a regular file", path);
	}
	in->size = (uint64_t)st.st_size;
	return NULL;
}

struct payload_input payload_input_bytes(uint32_t kind, const char *name, const void *data,
					 uint64_t size)
{
	return (struct payload_input){ kind, name, NULL, data, size, 0 };
}

/* The firmware loads a kernel in place only at its section alignment: a blob's page at most. */
static uint64_t kernel_room(const void *data, uint64_t size)
{
	struct pe_info info;

	if (pe_check_in_place(data, size) || pe_parse(data, size, &info) ||
	    info.section_alignment > PAYLOAD_PAGE)
		return 0;
	return info.image_size;
}

const char *payload_input_kernel(struct payload_input *in, const char *path)
{
	const char *err = payload_input_file(in, PAYLOAD_KERNEL, path);
	uint8_t *data;

	if (err)
		return err;
	if (!(data = malloc(in->size ? in->size : 1)))
		err = fail("out of memory for", path);
	else if (fread(data, 1, in->size, in->file) != in->size)
		err = fail(ferror(in->file) ? "read failed" : "shrank while being read", path);
	else if (fgetc(in->file) != EOF)
		err = fail("grew while being read", path);
	fclose(in->file);
	in->file = NULL;
	in->data = data;
	in->room = err ? 0 : kernel_room(data, in->size);
	return err;
}

static uint64_t align_blob(uint64_t offset)
{
	return ALIGN_UP(offset, PAYLOAD_PAGE);
}

/* The entries for the inputs; returns the payload's size. */
static uint64_t layout(const struct payload_input *in, uint32_t n, struct payload_entry *e)
{
	uint64_t offset = sizeof(struct payload_header) + n * sizeof(struct payload_entry);

	for (uint32_t i = 0; i < n; i++) {
		uint32_t room_pages = (uint32_t)(ALIGN_UP(in[i].room, PAYLOAD_PAGE) / PAYLOAD_PAGE);

		offset = align_blob(offset);
		e[i] = (struct payload_entry){ .kind = in[i].kind, .room_pages = room_pages,
					       .offset = offset, .size = in[i].size };
		offset += MAX(in[i].size, (uint64_t)room_pages * PAYLOAD_PAGE);
	}
	return offset;
}

uint64_t payload_size(const struct payload_input *in, uint32_t n)
{
	struct payload_entry e[PAYLOAD_MAX_ENTRIES];

	return layout(in, n, e);
}

/* Writes n bytes; the running count of the payload's bytes goes up. */
static int put(FILE *out, const void *data, size_t n, uint64_t *at)
{
	*at += n;
	return !n || fwrite(data, 1, n, out) == n;
}

static int pad_to(FILE *out, uint64_t offset, uint64_t *at)
{
	static const char zeros[PAYLOAD_PAGE];

	while (*at < offset)
		if (!put(out, zeros, MIN(offset - *at, sizeof(zeros)), at))
			return 0;
	return 1;
}

/* Exactly in->size bytes of the file, and nothing after them. */
static const char *copy_file(FILE *out, const struct payload_input *in, uint64_t *at)
{
	char buf[65536];
	uint64_t left = in->size;
	size_t n;

	while (left) {
		n = fread(buf, 1, left < sizeof(buf) ? left : sizeof(buf), in->file);
		if (!n)
			return fail(ferror(in->file) ? "read failed" : "shrank while being read", in->name);
		if (!put(out, buf, n, at))
			return fail("write failed", strerror(errno));
		left -= n;
	}
	if (fread(buf, 1, 1, in->file))
		return fail("grew while being read", in->name);
	return ferror(in->file) ? fail("read failed", in->name) : NULL;
}

static void close_inputs(struct payload_input *in, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (in[i].file)
			fclose(in[i].file);
		in[i].file = NULL;
	}
}

/* Each kind at most once: boot/payload.c refuses a payload with a second one. */
static const char *check_kinds(const struct payload_input *in, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < i; j++)
			if (in[i].kind == in[j].kind)
				return fail("a kind given twice", in[i].name);
	return NULL;
}

const char *payload_write(FILE *out, struct payload_input *in, uint32_t n)
{
	struct payload_header h = { .version = PAYLOAD_VERSION, .nr_entries = n };
	struct payload_entry e[PAYLOAD_MAX_ENTRIES];
	const char *err = NULL;
	uint64_t at = 0, end;

	if (n > PAYLOAD_MAX_ENTRIES)
		return "too many entries";
	memcpy(h.magic, PAYLOAD_MAGIC, 8);
	end = layout(in, n, e);
	err = check_kinds(in, n);
	if (!err && (!put(out, &h, sizeof(h), &at) || !put(out, e, n * sizeof(e[0]), &at)))
		err = fail("write failed", strerror(errno));
	for (uint32_t i = 0; i < n && !err; i++) {
		if (!pad_to(out, e[i].offset, &at))
			err = fail("write failed", strerror(errno));
		else if (in[i].file)
			err = copy_file(out, &in[i], &at);
		else if (!put(out, in[i].data, in[i].size, &at))
			err = fail("write failed", strerror(errno));
	}
	if (!err && !pad_to(out, end, &at)) /* the last blob's room */
		err = fail("write failed", strerror(errno));
	close_inputs(in, n);
	return err;
}
