/*
 * libFuzzer target for the embedded payload's header (boot/payload.c): the input is the
 * .payload section. payload_extent, which sizes it first, reads only the input and answers at
 * most its size; what payload_parse accepts must lie inside the section, after the entry table,
 * one blob per kind; the command line joined from it and a VMM's must have the length
 * payload_cmdline_len announced (the buffer is exactly that long: ASan sees one byte more).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/payload.h"
#include "check.h"

static void check_blob(const struct payload_blob *b, const uint8_t *section, size_t size, uint64_t table_end)
{
	const uint8_t *p = b->data;

	if (!b->size)
		return;
	CHECK(p >= section + table_end && p <= section + size && b->size <= (uint64_t)(section + size - p));
}

static void check_cmdline(const struct payload *p, const char *vmm)
{
	struct machine m = { .cmdline = vmm, .cmdline_len = strlen(vmm) };
	size_t len = payload_cmdline_len(p, &m);
	char *out;

	CHECK(len == p->cmdline.size + m.cmdline_len + (p->cmdline.size && m.cmdline_len));
	if (!(out = malloc(len ? len : 1)))
		abort();
	payload_cmdline(p, &m, out);
	CHECK(!p->cmdline.size || !memcmp(out, p->cmdline.data, p->cmdline.size));
	CHECK(!memcmp(out + len - m.cmdline_len, vmm, m.cmdline_len));
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct payload_header *h = (const void *)data;
	struct payload p;
	uint64_t table_end;

	CHECK(payload_extent(data, size) <= size);
	if (payload_parse(data, size, &p))
		return 0;
	table_end = sizeof(*h) + (uint64_t)h->nr_entries * sizeof(h->entries[0]);
	CHECK(h->nr_entries <= PAYLOAD_MAX_ENTRIES && table_end <= size);
	check_blob(&p.kernel, data, size, table_end);
	check_blob(&p.initrd, data, size, table_end);
	check_blob(&p.cmdline, data, size, table_end);
	check_cmdline(&p, "");
	check_cmdline(&p, "console=ttyS0 from the VMM");
	return 0;
}
