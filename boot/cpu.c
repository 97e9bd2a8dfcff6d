/* GDT, TSS and IDT. Every exception runs on its own IST stack, reports and ends the VM. */
#include "boot/cpu.h"
#include "lib/io.h"
#include "lib/lib.h"
#include "lib/log.h"

#define IST_STACK_SIZE 16384
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
extern uint8_t boot_gib_pages;

static uint64_t gdt[5] = {
	0,
	0x00af9b000000ffffULL, /* 0x08: 64-bit code */
	0x00cf93000000ffffULL, /* 0x10: data */
	0, 0, /* 0x18: TSS, filled in at run time */
};
static struct tss64 tss;
static struct idt_entry idt[32];
static uint8_t ist_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

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
			.ist = 1,
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

	tss.ist[0] = (uint64_t)(ist_stack + IST_STACK_SIZE);
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

int cpu_has_gib_pages(void)
{
	return boot_gib_pages;
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
	log_fail();
}
