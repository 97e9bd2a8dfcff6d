/*
 * The firmware's one memory layout: the symbols linker.ld defines, and the part of the address
 * space boot/entry.asm identity-maps before any C runs. Nothing else declares them.
 *
 *   __image_start      the image, loaded at 1 MiB: .text (boot-services code), then
 *   __rodata_start     .rodata and
 *   __data_start       .data (boot-services data), each page-aligned
 *   __rtcode_start     runtime code, then runtime data: kept by the OS (page-aligned)
 *   __rtdata_start ... __rtdata_end   (the zeroed part, .rtbss, is not in the file; the
 *                      relocation records of the runtime, __rtrelocs_start ... _end, are in it)
 *   __bss_start ... __bss_end  .bss, cleared by boot/entry.asm: the first page tables lead it;
 *                      then three stacks (not cleared), each above a guard page, up to __image_end
 *   __payload_start    the embedded payload (tools/mkpayload, tools/pvhefi-pack), page-aligned,
 *                      last: its size is in its header (boot/payload.c), not known at link time
 */
#ifndef PVHEFI_LAYOUT_H
#define PVHEFI_LAYOUT_H

#include <stdint.h>

/* boot/entry.asm maps [0, 4 GiB) before C runs; services/paging.c maps the rest of the map later.
 * Host tests play the RAM with their own memory, wherever the C library put it. */
#ifdef PVHEFI_HOST
#define LAYOUT_IDENTITY_MAPPED UINT64_MAX
#else
#define LAYOUT_IDENTITY_MAPPED (4ULL << 30)
#endif

extern char __image_start[], __image_end[], __rodata_start[], __data_start[];
extern char __bss_start[], __bss_end[];
extern char __rtcode_start[], __rtcode_end[], __rtdata_start[], __rtdata_end[];
extern char __payload_start[];
extern const uint32_t __rtrelocs_start[], __rtrelocs_end[]; /* tools/rtrelocs.c fills them */
/* The stacks: boot (also the payload's), exceptions, double fault; a guard page below each. */
extern char __boot_stack_guard[], boot_stack_top[];
extern char __exception_stack_guard[], exception_stack_top[];
extern char __fatal_stack_guard[], fatal_stack_top[];
/* The first page tables' root (boot/entry.asm): the PML4 in CR3 from the start. */
extern uint64_t boot_pml4[512];

#endif
