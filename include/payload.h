/*
 * The embedded payload: one ELF section (.payload) holding a header and page-aligned blobs.
 * tools/mkpayload writes it; the firmware reads it where it lies (no copy of the kernel file).
 */
#ifndef PVHEFI_PAYLOAD_H
#define PVHEFI_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define PAYLOAD_MAGIC "PVHEFIPL"
#define PAYLOAD_VERSION 1
#define PAYLOAD_MAX_ENTRIES 8

enum payload_kind { PAYLOAD_KERNEL = 1, PAYLOAD_INITRD = 2, PAYLOAD_CMDLINE = 3 };

struct payload_entry {
	uint32_t kind;
	uint32_t reserved;
	uint64_t offset; /* from the start of the header */
	uint64_t size;
};

struct payload_header {
	char magic[8];
	uint32_t version;
	uint32_t nr_entries;
	struct payload_entry entries[];
};

struct payload_blob {
	const void *data;
	uint64_t size;
};

struct payload {
	struct payload_blob kernel, initrd, cmdline; /* size 0 when absent */
};

/* Checks the header and every entry against the section's size; NULL or what is wrong. */
const char *payload_parse(const void *section, uint64_t section_size, struct payload *out);

#endif
