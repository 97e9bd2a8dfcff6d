/* The PVH shim's parts (tests/qemu/shim/shim.c says what it is for). */
#ifndef PVHEFI_SHIM_H
#define PVHEFI_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>

extern char __shim_start[], __shim_end[];

/* entry.asm */
void shim_enter(uint32_t entry, uint32_t start_info) __attribute__((noreturn));
void shim_exit(void) __attribute__((noreturn));

/* shim.c: messages on COM1 and port 0xE9 */
void out(const char *s);
void out_hex(uint64_t v, int digits);
void out_dec(uint32_t v);
void fail(const char *why) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int streq(const char *a, const char *b);

/* The structures are copied byte-wise: a VMM may put them at any address. */
static inline uint64_t get(uint32_t addr, size_t n)
{
	uint64_t v = 0;

	memcpy(&v, (const void *)addr, n);
	return v;
}

/* shim.c: where pvhefi's last PT_LOAD segment (its payload) was put */
extern uint64_t pvhefi_last_segment;

/* cases.c: the start_info handed to pvhefi */
/* Takes the VMM's memory map and RSDP, before pvhefi's segments may cover them. */
void cases_base(const struct hvm_start_info *vmm);
/* Builds the start_info of the case; NULL when there is no such case. */
const struct hvm_start_info *cases_build(const char *name);

/* capture.c: the VMM's structures as hex lines, then the end of the VM */
void capture(uint32_t start_info) __attribute__((noreturn));

#endif
