/*
 * The embedded payload's format: one ELF section (.payload) holding this header and
 * page-aligned blobs. tools/payload_writer.c writes it; boot/payload.c reads it.
 */
#ifndef PVHEFI_PAYLOAD_FORMAT_H
#define PVHEFI_PAYLOAD_FORMAT_H

#include <stdint.h>

#define PAYLOAD_MAGIC "PVHEFIPL"
#define PAYLOAD_VERSION 1
#define PAYLOAD_MAX_ENTRIES 8
#define PAYLOAD_PAGE 4096 /* every blob starts on one; room_pages counts them */

enum payload_kind { PAYLOAD_KERNEL = 1, PAYLOAD_INITRD = 2, PAYLOAD_CMDLINE = 3 };

struct payload_entry {
	uint32_t kind;
	/* The pages from offset on that the blob may use: a kernel whose sections lie in the file
	 * at their addresses (Linux's bzImage) gets its SizeOfImage, zeros past its file, and is
	 * loaded where it lies (services/image.c). 0: the blob's own bytes only. */
	uint32_t room_pages;
	uint64_t offset; /* from the start of the header */
	uint64_t size;
};

struct payload_header {
	char magic[8];
	uint32_t version;
	uint32_t nr_entries;
	struct payload_entry entries[];
};

#endif
