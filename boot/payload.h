/*
 * The embedded payload (boot/payload_format.h), read where it lies (no copy of the kernel
 * file); and the one place where the embedded parts and the VMM's are joined (boot/payload.c):
 *   kernel        the embedded one, else the first module when it is a PE image
 *   initrd        the embedded one, then every module that is not the kernel, in order
 *   command line  the embedded one, a space, then the VMM's
 */
#ifndef PVHEFI_PAYLOAD_H
#define PVHEFI_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/payload_format.h"
#include "services/initrd.h"
#include "services/machine.h"

struct payload_blob {
	const void *data;
	uint64_t size;
	/* The bytes from data on that are the blob's (at least size): room to load a kernel where
	 * it lies; 0 for a module, whose neighbours are not the firmware's to overwrite. */
	uint64_t room;
};

struct payload {
	struct payload_blob kernel, initrd, cmdline; /* size 0 when absent */
	uint32_t first_initrd_module; /* 1 when the first module is the kernel */
};

/*
 * The size of the payload section at section as its header states it (the end of its last
 * blob; the section comes last in the image and may have been replaced after the link), at
 * most max; 0 when there is no header.
 */
uint64_t payload_extent(const void *section, uint64_t max);
/* Checks the header and every entry against the section's size; NULL or what is wrong. */
const char *payload_parse(const void *section, uint64_t section_size, struct payload *out);
/* Without an embedded kernel, takes the first module when it is an x86_64 EFI image (pe_parse);
 * NULL, or what is missing and how to give it. */
const char *payload_choose(struct payload *p, const struct machine *m);

/* The initrd: the embedded one, then every module from p->first_initrd_module on. Returns the
 * number of pieces. */
uint32_t payload_initrd(const struct payload *p, const struct machine *m,
			struct initrd_piece out[INITRD_MAX_PIECES]);
/* The command line: the embedded one, a space, then the VMM's. Its length in bytes... */
size_t payload_cmdline_len(const struct payload *p, const struct machine *m);
/* ...which payload_cmdline writes to out, without a NUL. */
void payload_cmdline(const struct payload *p, const struct machine *m, char *out);
/* True when word stands on the command line (len bytes) as a word of its own. */
bool cmdline_has_word(const char *cmdline, size_t len, const char *word);

#endif
