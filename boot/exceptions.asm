; Exception entry stubs: normalise the frame (vector, error code), save the general registers
; and call exception_report(frame), which prints them and ends the VM.

extern exception_report
global exception_stubs

section .text
bits 64

%macro STUB 1
align 16
	%if (%1 == 8) || (%1 >= 10 && %1 <= 14) || (%1 == 17) || (%1 == 21) || (%1 == 29) || (%1 == 30)
	%else
	push 0                          ; no error code from the CPU: keep the frame uniform
	%endif
	push %1
	jmp exception_common
%endmacro

align 16
exception_stubs:
%assign v 0
%rep 32
	STUB v
%assign v v + 1
%endrep

exception_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp
	and rsp, -16
	cld
	call exception_report           ; does not return
.dead:
	hlt
	jmp .dead

section .note.GNU-stack noalloc noexec nowrite progbits
