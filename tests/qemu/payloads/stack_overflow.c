/*
 * A payload that recurses until its stack runs out: pvhefi must name the guard page below the
 * boot stack. It prints where its stack was at entry, so that the test can tell how much it had.
 */
#include <efi.h>
#include <efilib.h>

/* A kilobyte of stack a call, used after the call returns: no compiler can make it a loop. */
static UINTN __attribute__((noinline)) dive(UINTN depth)
{
	volatile UINT8 frame[1024];

	frame[0] = (UINT8)depth;
	frame[sizeof(frame) - 1] = frame[0];
	if (depth == ~(UINTN)0)
		return 0;
	return dive(depth + 1) + frame[sizeof(frame) - 1];
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	UINT64 rsp;

	__asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
	InitializeLib(image, systab);
	Print(L"stack_overflow.efi: stack at entry 0x%lx\n", rsp);
	return dive(0) ? EFI_SUCCESS : EFI_ABORTED;
}
