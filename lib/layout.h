/*
 * The firmware's one memory layout: the symbols linker.ld defines, and the part of the address
 * space boot/entry.asm identity-maps before any C runs. Nothing else declares them.
 *
 *   __image_start      the image, loaded at 1 MiB: .text .rodata .data (boot-services code/data)
 *   __rtcode_start     runtime code, then runtime data: kept by the OS (page-aligned)
 *   __rtdata_start ... __rtdata_end
 *   __payload_start    the embedded payload (tools/mkpayload), page-aligned
 *   __payload_end      then .bss, the stacks and the first page tables, up to __image_end
 */
#ifndef PVHEFI_LAYOUT_H
#define PVHEFI_LAYOUT_H

/* boot/entry.asm maps [0, 4 GiB) before C runs; boot/paging.c maps the rest of the map later.
 * Host tests play the RAM with their own memory, wherever the C library put it. */
#ifdef PVHEFI_HOST
#define LAYOUT_IDENTITY_MAPPED UINT64_MAX
#else
#define LAYOUT_IDENTITY_MAPPED (4ULL << 30)
#endif

extern char __image_start[], __image_end[];
extern char __rtcode_start[], __rtcode_end[], __rtdata_start[], __rtdata_end[];
extern char __payload_start[], __payload_end[];

#endif
