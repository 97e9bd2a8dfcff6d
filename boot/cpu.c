/*
 * GDT, TSS and IDT. Every exception runs on an IST stack (linker.ld: a guard page below each),
 * reports and ends the VM; a page fault says what it hit when that is one of the firmware's
 * traps: page 0, a stack's guard page, a read-only or non-executable page (services/paging.c).
 */
#include "boot/cpu.h"
#include "lib/io.h"
#include "lib/layout.h"
#include "lib/lib.h"
#include "lib/log.h"
#include "services/memory.h"

#define SEL_CODE64 0x08
#define SEL_TSS 0x18

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct idt_entry {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct table_desc {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern char exception_stubs[];

static uint64_t gdt[5] = {
	0,
	0x00af9b000000ffffULL, /* 0x08: 64-bit code */
	0x00cf93000000ffffULL, /* 0x10: data */
	0, 0, /* 0x18: TSS, filled in at run time */
};
static struct tss64 tss;
static struct idt_entry idt[32];

/* Double fault, NMI and machine check get a stack of their own (IST2), all others IST1. */
enum { IST_EXCEPTION = 1, IST_FATAL = 2 };
#define VECTOR_NMI 2
#define VECTOR_DOUBLE_FAULT 8
#define VECTOR_MACHINE_CHECK 18
#define VECTOR_PAGE_FAULT 14
/* A page fault's error code: the page was present, the access a write, an instruction fetch. */
#define PF_PRESENT 0x1
#define PF_WRITE 0x2
#define PF_FETCH 0x10

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
	"device not available", "double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection", "page fault", "reserved",
	"x87 floating point", "alignment check", "machine check", "SIMD floating point",
	"virtualization", "control protection",
};

static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;
}

static void set_idt_entries(void)
{
	for (int v = 0; v < 32; v++) {
		uint64_t handler = (uint64_t)exception_stubs + 16 * v;
		idt[v] = (struct idt_entry){
			.offset_low = handler & 0xffff,
			.selector = SEL_CODE64,
			.ist = v == VECTOR_NMI || v == VECTOR_DOUBLE_FAULT || v == VECTOR_MACHINE_CHECK
				       ? IST_FATAL
				       : IST_EXCEPTION,
			.type_attr = 0x8e, /* present, DPL 0, interrupt gate */
			.offset_mid = (handler >> 16) & 0xffff,
			.offset_high = handler >> 32,
		};
	}
}

void cpu_init(void)
{
	struct table_desc gdtr = { sizeof(gdt) - 1, (uint64_t)gdt };
	struct table_desc idtr = { sizeof(idt) - 1, (uint64_t)idt };

	tss.ist[IST_EXCEPTION - 1] = (uint64_t)exception_stack_top;
	tss.ist[IST_FATAL - 1] = (uint64_t)fatal_stack_top;
	tss.iomap_base = sizeof(tss);
	set_tss_descriptor();
	set_idt_entries();
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "ltr %w2\n\t"
			 "lidt %3"
			 :
			 : "m"(gdtr), "i"(SEL_CODE64), "r"(SEL_TSS), "m"(idtr)
			 : "rax", "memory");
}

static bool in_guard(uint64_t addr, const char *guard)
{
	return addr - (uint64_t)guard < PAGE_SIZE;
}

/* What a page fault hit, when it is one of the traps the page tables set. */
static void explain_page_fault(uint64_t addr, uint64_t error)
{
	const char *stack = in_guard(addr, __boot_stack_guard)	      ? "the boot stack (the payload's)"
			    : in_guard(addr, __exception_stack_guard) ? "the exception stack"
			    : in_guard(addr, __fatal_stack_guard)     ? "the double-fault stack"
								      : NULL;

	if (addr < PAGE_SIZE)
		log_printf("pvhefi: NULL pointer dereference: %s address 0x%lx (page 0 is not mapped)\n",
			   error & PF_FETCH ? "call to" : error & PF_WRITE ? "write to" : "read of", addr);
	else if (stack)
		log_printf("pvhefi: stack overflow: 0x%lx is in the guard page below %s\n", addr, stack);
	else if ((error & (PF_PRESENT | PF_WRITE)) == (PF_PRESENT | PF_WRITE))
		log_printf("pvhefi: write to read-only memory at 0x%lx (%s)\n", addr, mem_type_at(addr));
	else if ((error & (PF_PRESENT | PF_FETCH)) == (PF_PRESENT | PF_FETCH))
		log_printf("pvhefi: execution of non-executable memory at 0x%lx (%s)\n", addr,
			   mem_type_at(addr));
	else if (!(error & PF_PRESENT))
		log_printf("pvhefi: 0x%lx is not mapped (%s)\n", addr, mem_type_at(addr));
}

void exception_report(const struct exception_frame *f)
{
	static int nested;
	const char *name = f->vector < 32 && exception_names[f->vector] ? exception_names[f->vector] : "?";

	if (nested++)
		log_fail();
	log_printf("\npvhefi: fatal: CPU exception %lu (%s), error code 0x%lx\n", f->vector, name,
		   f->error_code);
	log_printf("  RIP=%016lx CS=%04lx RFLAGS=%016lx CR2=%016lx\n", f->rip, f->cs, f->rflags,
		   read_cr2());
	log_printf("  RSP=%016lx SS=%04lx CR3=%016lx\n", f->rsp, f->ss, read_cr3());
	log_printf("  RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	log_printf("  RSI=%016lx RDI=%016lx RBP=%016lx R8 =%016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	log_printf("  R9 =%016lx R10=%016lx R11=%016lx R12=%016lx\n", f->r9, f->r10, f->r11, f->r12);
	log_printf("  R13=%016lx R14=%016lx R15=%016lx\n", f->r13, f->r14, f->r15);
	if (f->vector == VECTOR_PAGE_FAULT)
		explain_page_fault(read_cr2(), f->error_code);
	log_fail();
}
