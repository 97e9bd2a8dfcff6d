/* Identity mapping beyond the first 4 GiB that boot/entry.asm maps. */
#ifndef PVHEFI_PAGING_H
#define PVHEFI_PAGING_H

#include <stdint.h>

/* Extends the identity map to cover what the memory map describes in [0, top), in whole GiB;
 * page tables come from mem_alloc_pages. */
const char *paging_map_up_to(uint64_t top);

#endif
