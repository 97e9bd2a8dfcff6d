; Calling an EFI image's entry point, and coming back to StartImage when the image calls Exit().
; image_call saves what the System V caller expects preserved (as setjmp would) and calls the
; entry with the Microsoft x64 ABI; image_return restores that state from inside Exit().

global image_call, image_return

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
	mov [rdi + 48], rax
	mov rax, [rsp]                  ; our return address
	mov [rdi + 56], rax
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
	mov rsp, [rdi + 48]
	mov rax, rsi
	jmp [rdi + 56]

section .note.GNU-stack noalloc noexec nowrite progbits
