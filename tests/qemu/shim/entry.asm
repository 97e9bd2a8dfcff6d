; The shim's PVH entry and exits (tests/qemu/shim/shim.c says what the shim is for). A VMM
; jumps to shim_start in flat 32-bit protected mode, paging and interrupts off, %ebx = its
; hvm_start_info; the shim leaves the same way for pvhefi (shim_enter).

%define XEN_ELFNOTE_PHYS32_ENTRY 18

extern shim_main, __bss_start, __bss_end, shim_stack_top
global shim_start, shim_enter, shim_exit

section .note.Xen progbits alloc noexec nowrite align=4
	dd 4, 4, XEN_ELFNOTE_PHYS32_ENTRY       ; name size, descriptor size, type
	db "Xen", 0
	dd shim_start

section .text
bits 32
shim_start:
	cli
	cld
	mov esi, ebx                    ; keep start_info while .bss (the stack too) is cleared
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	mov esp, shim_stack_top
	push esi
	call shim_main                  ; never returns
.halt:
	hlt
	jmp .halt

; void shim_enter(uint32_t entry, uint32_t start_info): pvhefi's PVH entry, as a VMM calls it.
shim_enter:
	mov eax, [esp + 4]
	mov ebx, [esp + 8]
	xor esp, esp                    ; pvhefi sets its own stack: nothing of ours is used
	cli
	jmp eax

; void shim_exit(void): a triple fault; with -no-reboot QEMU exits, Xen ends the domain.
shim_exit:
	lidt [null_idt]
	int3
	jmp shim_exit

section .rodata
null_idt:
	dw 0
	dd 0

section .note.GNU-stack noalloc noexec nowrite progbits
