; Calling an EFI image's entry point, and coming back to StartImage when the image calls Exit().
; image_call saves what StartImage's caller expects preserved (as setjmp would) and calls the
; entry with the Microsoft x64 ABI; image_return restores that state from inside Exit().
; The caller is an EFI image too (the payload calling StartImage): under its ABI XMM6-XMM15,
; MXCSR and the x87 control word are callee-saved, and the firmware's C (general registers
; only) never touches them, so saving them here is what keeps them across a child's Exit().

global image_call, image_return

; struct image_jump (services/image.c)
%define JMP_RSP 48
%define JMP_RIP 56
%define JMP_XMM 64                      ; XMM6-XMM15, 16 bytes each
%define JMP_MXCSR 224
%define JMP_FCW 228

section .text
bits 64

; EFI_STATUS image_call(struct image_jump *jump, void *entry, EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
image_call:
	mov [rdi + 0], rbx
	mov [rdi + 8], rbp
	mov [rdi + 16], r12
	mov [rdi + 24], r13
	mov [rdi + 32], r14
	mov [rdi + 40], r15
	lea rax, [rsp + 8]              ; the caller's stack pointer after our return
	mov [rdi + JMP_RSP], rax
	mov rax, [rsp]                  ; our return address
	mov [rdi + JMP_RIP], rax
%assign i 0
%rep 10
	movdqu [rdi + JMP_XMM + 16 * i], xmm %+ %eval(i + 6)
%assign i i + 1
%endrep
	stmxcsr [rdi + JMP_MXCSR]
	fnstcw [rdi + JMP_FCW]
	mov rax, rsi
	mov rsi, rdx
	mov rdx, rcx                    ; ms_abi: rcx = ImageHandle, rdx = SystemTable
	mov rcx, rsi
	sub rsp, 40                     ; 32 bytes of shadow space, and 16-byte alignment at the call
	cld
	call rax
	add rsp, 40
	ret

; void image_return(struct image_jump *jump, EFI_STATUS status)
image_return:
	mov rbx, [rdi + 0]
	mov rbp, [rdi + 8]
	mov r12, [rdi + 16]
	mov r13, [rdi + 24]
	mov r14, [rdi + 32]
	mov r15, [rdi + 40]
%assign i 0
%rep 10
	movdqu xmm %+ %eval(i + 6), [rdi + JMP_XMM + 16 * i]
%assign i i + 1
%endrep
	ldmxcsr [rdi + JMP_MXCSR]
	fldcw [rdi + JMP_FCW]
	mov rsp, [rdi + JMP_RSP]
	mov rax, rsi
	jmp [rdi + JMP_RIP]

section .note.GNU-stack noalloc noexec nowrite progbits
