/* CPU state the firmware owns: GDT with a TSS, IDT, and the exception frame. */
#ifndef PVHEFI_CPU_H
#define PVHEFI_CPU_H

#include <stdint.h>

struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Loads the firmware's GDT (with a TSS whose IST stacks catch stack overflows) and IDT. */
void cpu_init(void);
/* Called by the exception stubs: prints the frame and ends the VM. */
void exception_report(const struct exception_frame *f) __attribute__((noreturn));

#endif
