; PVH entry: the VMM jumps here in 32-bit flat protected mode, paging off, %ebx = hvm_start_info.
; We record the TSC, clear .bss (and the runtime's), identity-map the first 4 GiB, enter long
; mode, give the FPU and SSE the state the UEFI x64 rules promise a payload, and call C.
; Mapping above 4 GiB is done later in C (services/paging.c) once the memory map is known.

%define CR0_PE  (1 << 0)
%define CR0_MP  (1 << 1)
%define CR0_EM  (1 << 2)
%define CR0_TS  (1 << 3)
%define CR0_WP  (1 << 16)
%define CR0_PG  (1 << 31)
%define CR4_PAE (1 << 5)
%define CR4_OSFXSR (1 << 9)
%define CR4_OSXMMEXCPT (1 << 10)
%define MSR_EFER 0xc0000080
%define EFER_LME (1 << 8)
%define EFER_NXE (1 << 11)
%define PTE_P_RW 0x3
%define PTE_LARGE 0x80

extern pvhefi_main
extern __bss_start, __bss_end, __rtbss_start, __rtbss_end, boot_stack_top
global pvh_start32, boot_tsc, boot_pml4

section .text.entry progbits alloc exec nowrite
bits 32
pvh_start32:
	rdtsc                           ; the firmware timeline starts here
	mov [boot_tsc], eax
	mov [boot_tsc + 4], edx
	cli
	cld
	mov esi, ebx                    ; keep start_info: stosb below uses eax/ecx/edi

	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	shr ecx, 2                      ; .bss is page-aligned: clear it a dword per step
	xor eax, eax
	rep stosd
	mov edi, __rtbss_start          ; the runtime's zeroed data, which the file does not hold
	mov ecx, __rtbss_end
	sub ecx, edi
	rep stosb
	mov esp, boot_stack_top

	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb no_long_mode
	mov eax, 0x80000001
	cpuid
	bt edx, 29                      ; LM
	jnc no_long_mode
	mov ebp, edx                    ; remember NX (bit 20) and 1 GiB pages (bit 26)

	; PML4[0] -> PDPT; PDPT[0..3] map 0-4 GiB
	mov dword [boot_pml4], boot_pdpt + PTE_P_RW
	bt ebp, 26
	jc .gib_pages
	xor ecx, ecx
.fill_pd:                               ; 2048 entries of 2 MiB across four page directories
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P_RW | PTE_LARGE
	mov [boot_pd + ecx * 8], eax
	mov eax, ecx
	shr eax, 11
	mov [boot_pd + ecx * 8 + 4], eax
	inc ecx
	cmp ecx, 2048
	jb .fill_pd
	mov dword [boot_pdpt + 0], boot_pd + 0x0000 + PTE_P_RW
	mov dword [boot_pdpt + 8], boot_pd + 0x1000 + PTE_P_RW
	mov dword [boot_pdpt + 16], boot_pd + 0x2000 + PTE_P_RW
	mov dword [boot_pdpt + 24], boot_pd + 0x3000 + PTE_P_RW
	jmp .paging_ready
.gib_pages:
	mov dword [boot_pdpt + 0], 0x00000000 + PTE_P_RW + PTE_LARGE
	mov dword [boot_pdpt + 8], 0x40000000 + PTE_P_RW + PTE_LARGE
	mov dword [boot_pdpt + 16], 0x80000000 + PTE_P_RW + PTE_LARGE
	mov dword [boot_pdpt + 24], 0xc0000000 + PTE_P_RW + PTE_LARGE
.paging_ready:
	mov eax, cr4
	or eax, CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	bt ebp, 20
	jnc .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr
	mov eax, cr0
	and eax, ~(CR0_EM | CR0_TS)
	or eax, CR0_PE | CR0_MP | CR0_WP | CR0_PG ; WP: read-only pages bind the firmware too
	mov cr0, eax
	lgdt [boot_gdt_desc]
	jmp 0x08:long_mode

no_long_mode:                           ; nothing of C can run: say so on 0xE9 and COM1, then reset
	mov ebx, no_lm_msg
.putc:
	mov al, [ebx]
	test al, al
	jz .reset
	out 0xe9, al
	mov dx, 0x3f8
	out dx, al
	inc ebx
	jmp .putc
.reset:
	mov al, 0x06
	mov dx, 0xcf9
	out dx, al
.halt:
	hlt
	jmp .halt

bits 64
long_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	; The VMM leaves the reset values (FCW 0x0040: every x87 exception unmasked, 64-bit
	; precision); UEFI promises FCW 0x037F and MXCSR 0x1F80, and the firmware's C never
	; touches either, so the payload starts with these.
	fninit                          ; FCW 0x037F
	ldmxcsr [mxcsr_uefi]            ; MXCSR 0x1F80: every SSE exception masked, round to nearest
	mov edi, esi                    ; pvhefi_main(start_info physical address)
	call pvhefi_main
.dead:                                  ; pvhefi_main never returns
	hlt
	jmp .dead

section .rodata
no_lm_msg: db "pvhefi: fatal: this CPU has no long mode (x86_64 required)", 13, 10, 0
align 4
mxcsr_uefi: dd 0x1f80
align 8
boot_gdt:
	dq 0
	dq 0x00af9b000000ffff           ; 0x08: 64-bit code
	dq 0x00cf93000000ffff           ; 0x10: data
boot_gdt_desc:
	dw boot_gdt_desc - boot_gdt - 1
	dd boot_gdt

section .data
align 8
boot_tsc: dq 0

; The first page tables lead .bss (linker.ld), away from the stacks at its end; services/paging.c
; takes them over.
section .bss.page_tables nobits alloc noexec write align=4096
boot_pml4: resb 4096
boot_pdpt: resb 4096
boot_pd: resb 4 * 4096

section .note.GNU-stack noalloc noexec nowrite progbits
