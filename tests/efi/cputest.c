/*
 * cputest: the CPU state the UEFI x64 rules give an image (x87 control word 0x037F, MXCSR
 * 0x1F80 at its entry point), and the state that must survive a child's Exit(): XMM6-XMM15 and
 * MXCSR are callee-saved in the Microsoft x64 ABI, so StartImage must give them back as the
 * caller left them even when the child leaves through Exit() with other values in them.
 */
#include "check.h"

#define FCW_UEFI 0x037f
#define MXCSR_UEFI 0x1f80
/* MXCSR's control bits (the low six are sticky exception flags, whoever ran before). */
#define MXCSR_CONTROL 0xffc0
/* MXCSR with rounding toward zero: a value no firmware sets by itself. */
#define MXCSR_PARENT 0x7f80

extern const UINT8 child_efi[] __attribute__((visibility("hidden")));
extern const UINT8 child_efi_end[] __attribute__((visibility("hidden")));

/*
 * xmm_start_image(start_image, image, in, out): StartImage(image, NULL, NULL) with XMM6-XMM15
 * loaded from in[0..19] and MXCSR from in[20]; out[] gets what they hold when StartImage
 * returns. In assembly: no compiler may keep or move anything in these registers around the
 * call. MXCSR is put back as it was before returning to C.
 */
void xmm_start_image(void *start_image, EFI_HANDLE image, const UINT64 *in, UINT64 *out)
	__attribute__((visibility("hidden")));
__asm__(".text\n"
	"xmm_start_image:\n"
	"	push %rbx\n"
	"	sub $48, %rsp\n" /* 32 bytes of shadow space, the caller's MXCSR, alignment */
	"	stmxcsr 32(%rsp)\n"
	"	mov %rcx, %rbx\n"
	"	movdqu 0(%rdx), %xmm6\n"
	"	movdqu 16(%rdx), %xmm7\n"
	"	movdqu 32(%rdx), %xmm8\n"
	"	movdqu 48(%rdx), %xmm9\n"
	"	movdqu 64(%rdx), %xmm10\n"
	"	movdqu 80(%rdx), %xmm11\n"
	"	movdqu 96(%rdx), %xmm12\n"
	"	movdqu 112(%rdx), %xmm13\n"
	"	movdqu 128(%rdx), %xmm14\n"
	"	movdqu 144(%rdx), %xmm15\n"
	"	ldmxcsr 160(%rdx)\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rcx\n"
	"	xor %edx, %edx\n"
	"	xor %r8d, %r8d\n"
	"	call *%rax\n"
	"	movdqu %xmm6, 0(%rbx)\n"
	"	movdqu %xmm7, 16(%rbx)\n"
	"	movdqu %xmm8, 32(%rbx)\n"
	"	movdqu %xmm9, 48(%rbx)\n"
	"	movdqu %xmm10, 64(%rbx)\n"
	"	movdqu %xmm11, 80(%rbx)\n"
	"	movdqu %xmm12, 96(%rbx)\n"
	"	movdqu %xmm13, 112(%rbx)\n"
	"	movdqu %xmm14, 128(%rbx)\n"
	"	movdqu %xmm15, 144(%rbx)\n"
	"	stmxcsr 160(%rbx)\n"
	"	ldmxcsr 32(%rsp)\n"
	"	add $48, %rsp\n"
	"	pop %rbx\n"
	"	ret\n");

/* Read before anything of the program runs (gnu-efi's start-up code leaves both alone). */
static UINT16 entry_fcw;
static UINT32 entry_mxcsr;

static void test_entry_state(void)
{
	CHECK_EQ(entry_fcw, FCW_UEFI, "entry: x87 control word is 0x037F");
	CHECK_EQ(entry_mxcsr & MXCSR_CONTROL, MXCSR_UEFI, "entry: MXCSR is 0x1F80");
}

static void test_exit_keeps_callee_saved(EFI_HANDLE self)
{
	static CHAR16 options[] = L"exit-clobber";
	UINT64 in[21], out[21];
	EFI_LOADED_IMAGE *li = NULL;
	EFI_HANDLE child = NULL;
	BOOLEAN same = TRUE;

	if (!CHECK_ST(BS->LoadImage(FALSE, self, NULL, (void *)child_efi, child_efi_end - child_efi,
				    &child),
		      EFI_SUCCESS, "exit: LoadImage of child.efi") ||
	    !CHECK_ST(BS->HandleProtocol(child, &LoadedImageProtocol, (void **)&li), EFI_SUCCESS,
		      "exit: the child's LoadedImage"))
		return;
	li->LoadOptions = options;
	li->LoadOptionsSize = sizeof(options);
	for (UINTN i = 0; i < 20; i++)
		in[i] = 0x0101010101010101ULL * (i + 1) ^ 0x8040201008040201ULL;
	in[20] = MXCSR_PARENT;
	SetMem(out, sizeof(out), 0);
	xmm_start_image((void *)BS->StartImage, child, in, out);
	for (UINTN i = 0; i < 10; i++) {
		BOOLEAN ok = out[2 * i] == in[2 * i] && out[2 * i + 1] == in[2 * i + 1];

		if (!ok)
			Print(L"  XMM%d: %016lx%016lx, want %016lx%016lx\n", i + 6, out[2 * i + 1],
			      out[2 * i], in[2 * i + 1], in[2 * i]);
		same = same && ok;
	}
	CHECK(same, "exit: XMM6-XMM15 survive a child's Exit()");
	CHECK_EQ(out[20] & MXCSR_CONTROL, MXCSR_PARENT, "exit: MXCSR survives a child's Exit()");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	__asm__ volatile("fnstcw %0\n\tstmxcsr %1" : "=m"(entry_fcw), "=m"(entry_mxcsr));
	check_init(image, systab, "cputest");
	test_entry_state();
	test_exit_keeps_callee_saved(image);
	return check_finish();
}
