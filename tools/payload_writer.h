/*
 * The one writer of the payload format (boot/payload_format.h), for tools/mkpayload (a file the
 * build links in) and tools/pvhefi-pack (the last segment of a built image): the header, then
 * each blob at the next page boundary, followed by zeros to the end of its room.
 */
#ifndef PVHEFI_PAYLOAD_WRITER_H
#define PVHEFI_PAYLOAD_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "boot/payload_format.h"

struct payload_input {
	uint32_t kind;
	const char *name; /* the file, or what the bytes are: for messages */
	FILE *file; /* NULL: the bytes at data */
	const void *data;
	uint64_t size; /* recorded before anything is written: the header says it */
	uint64_t room; /* bytes the blob may use from its start (a kernel's SizeOfImage), or 0 */
};

/* Opens a regular file and records its size; NULL or what is wrong. */
const char *payload_input_file(struct payload_input *in, uint32_t kind, const char *path);
/* The kernel, read whole: when it can be loaded where it lies (pe_check_in_place), its blob
 * gets room for its SizeOfImage. Anything else is embedded as it is: the firmware says what is
 * wrong with it. NULL or what is wrong with the file. */
const char *payload_input_kernel(struct payload_input *in, const char *path);
/* Bytes already in memory (a command line). */
struct payload_input payload_input_bytes(uint32_t kind, const char *name, const void *data,
					 uint64_t size);

/* How many bytes the payload of these inputs takes: header, entries, page-aligned blobs and
 * their room. */
uint64_t payload_size(const struct payload_input *in, uint32_t n);
/*
 * Writes the payload of n inputs (none: a header without entries) at out's position; a file
 * shorter or longer than recorded is an error, as is any failed read or write. Closes the
 * input files. Returns NULL or what failed.
 */
const char *payload_write(FILE *out, struct payload_input *in, uint32_t n);

#endif
