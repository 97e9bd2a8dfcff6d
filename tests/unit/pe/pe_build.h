/*
 * Builds a small valid PE32+ EFI application in memory, for the PE loader's unit tests and as
 * fuzzing seeds. The layout is fixed so that tests can corrupt one field at a known offset:
 *   file 0x000 headers (SizeOfHeaders 0x400)   image 0x0000
 *   file 0x400 .text  raw 0x400, VirtualSize 0x300 (raw padding 0xee not loaded)  rva 0x1000
 *   file 0x800 .data  raw 0x200, VirtualSize 0x2800 (the rest is BSS)           rva 0x2000
 *   file 0xa00 .reloc raw 0x200, VirtualSize 28                                  rva 0x5000
 * SizeOfImage 0x6000, entry 0x1010, SectionAlignment 0x1000, FileAlignment 0x200.
 * Relocations: DIR64 at 0x1100 (-> base+0x2000), HIGHLOW at 0x1108 (-> base+0x2010),
 * DIR64 at the unaligned 0x1113 (-> base+0x3000), DIR64 at 0x2008 (-> base+0x1010).
 */
#ifndef PE_BUILD_H
#define PE_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define PEB_FILE_SIZE 0xc00
#define PEB_IMAGE_SIZE 0x6000
#define PEB_HEADERS 0x400
#define PEB_ENTRY 0x1010
#define PEB_DEFAULT_BASE 0x140000000ULL

/* File offsets of the fields the tests corrupt. */
#define PEB_LFANEW_FIELD 0x3c
#define PEB_PE 0x80 /* e_lfanew */
#define PEB_MACHINE (PEB_PE + 4)
#define PEB_NR_SECTIONS (PEB_PE + 6)
#define PEB_OPT_SIZE (PEB_PE + 20)
#define PEB_OPT (PEB_PE + 24)
#define PEB_MAGIC (PEB_OPT + 0)
#define PEB_ENTRY_FIELD (PEB_OPT + 16)
#define PEB_IMAGE_BASE (PEB_OPT + 24)
#define PEB_SECTION_ALIGN (PEB_OPT + 32)
#define PEB_FILE_ALIGN (PEB_OPT + 36)
#define PEB_SIZE_OF_IMAGE (PEB_OPT + 56)
#define PEB_SIZE_OF_HEADERS (PEB_OPT + 60)
#define PEB_SUBSYSTEM (PEB_OPT + 68)
#define PEB_NR_DIRS (PEB_OPT + 108)
#define PEB_RELOC_DIR (PEB_OPT + 112 + 5 * 8) /* rva, then size at +4 */
#define PEB_SECTIONS (PEB_OPT + 240)
#define PEB_SEC(n) (PEB_SECTIONS + 40 * (n))
#define PEB_SEC_VSIZE(n) (PEB_SEC(n) + 8)
#define PEB_SEC_RVA(n) (PEB_SEC(n) + 12)
#define PEB_SEC_RAW_SIZE(n) (PEB_SEC(n) + 16)
#define PEB_SEC_RAW_PTR(n) (PEB_SEC(n) + 20)
#define PEB_TEXT 0
#define PEB_DATA 1
#define PEB_RELOC 2

/* The relocation data: file offset, two blocks (pages 0x1000 and 0x2000), 28 bytes. */
#define PEB_RELOC_FILE 0xa00
#define PEB_RELOC_SIZE 28
#define PEB_BLOCK1 PEB_RELOC_FILE
#define PEB_BLOCK2 (PEB_RELOC_FILE + 16)

void peb_put16(uint8_t *p, size_t off, uint16_t v);
void peb_put32(uint8_t *p, size_t off, uint32_t v);
void peb_put64(uint8_t *p, size_t off, uint64_t v);
/* Writes the image (PEB_FILE_SIZE bytes) with the given ImageBase. */
void pe_build(uint8_t *buf, uint64_t image_base);
/* The same image laid out flat, each section's data at its RVA as in Linux's bzImage (it loads
 * in place), in buf (PEB_IMAGE_SIZE bytes: fill where the file has no byte). Returns the file's
 * size. */
size_t pe_build_flat(uint8_t *buf, uint64_t image_base, uint8_t fill);

#endif
