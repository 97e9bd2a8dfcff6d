/*
 * child: the image imagetest loads and starts. What it does is chosen by its LoadOptions:
 *   "exit <hex>"    checks itself, then Exit(EFIERR(<hex>)) with ExitData "child: ok"
 *   "exit-success"  Exit(EFI_SUCCESS) without ExitData
 *   "return"        returns EFI_SUCCESS from efi_main
 *   "exit-clobber"  Exit(EFI_SUCCESS) with XMM6-XMM15 zeroed and MXCSR rounding down (cputest)
 *   "exit-raised"   RaiseTPL(TPL_CALLBACK), then Exit(EFI_SUCCESS): its RestoreTPL never runs
 *   "unload-self [with-unload]"  UnloadImage of itself while it runs (with an Unload function
 *                   of its own when asked) must answer EFI_UNSUPPORTED; returns EFI_SUCCESS
 *   "unload-parent" the same for its parent, which waits in StartImage
 * Its own failures make it exit with EFIERR(0xbad) instead, so the parent's check fails.
 * It prints PASS/FAIL lines but no summary: the summary is the parent's.
 */
#include "check.h"

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

/* Applying the base relocations must make this point at value. */
static UINT64 value = 0x1122334455667788ULL;
static UINT64 *value_ptr = &value;

/*
 * clobber_and_exit(exit, image): Exit(image, EFI_SUCCESS, 0, NULL) with XMM6-XMM15 zeroed and
 * MXCSR set to round down, values the parent did not put there: a firmware whose Exit() does
 * not restore them hands them to the parent. Returns only if Exit() does.
 */
void clobber_and_exit(void *exit_fn, EFI_HANDLE image) __attribute__((visibility("hidden")));
__asm__(".text\n"
	"clobber_and_exit:\n"
	"	sub $40, %rsp\n" /* shadow space, a slot for MXCSR, alignment */
	"	pxor %xmm6, %xmm6\n"
	"	pxor %xmm7, %xmm7\n"
	"	pxor %xmm8, %xmm8\n"
	"	pxor %xmm9, %xmm9\n"
	"	pxor %xmm10, %xmm10\n"
	"	pxor %xmm11, %xmm11\n"
	"	pxor %xmm12, %xmm12\n"
	"	pxor %xmm13, %xmm13\n"
	"	pxor %xmm14, %xmm14\n"
	"	pxor %xmm15, %xmm15\n"
	"	movl $0x3f80, 32(%rsp)\n"
	"	ldmxcsr 32(%rsp)\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rcx\n"
	"	xor %edx, %edx\n"
	"	xor %r8d, %r8d\n"
	"	xor %r9d, %r9d\n"
	"	call *%rax\n"
	"	add $40, %rsp\n"
	"	ret\n");

static BOOLEAN starts_with(const CHAR16 *s, UINTN units, const CHAR16 *prefix)
{
	UINTN n = StrLen(prefix);

	return units >= n && !CompareMem((void *)s, (void *)prefix, n * sizeof(CHAR16));
}

static UINTN parse_hex(const CHAR16 *s, UINTN units)
{
	UINTN v = 0;

	for (UINTN i = 0; i < units && s[i]; i++) {
		CHAR16 c = s[i];
		if (c >= L'0' && c <= L'9')
			v = v * 16 + (c - L'0');
		else if (c >= L'a' && c <= L'f')
			v = v * 16 + (c - L'a' + 10);
		else
			break;
	}
	return v;
}

static void self_checks(EFI_HANDLE image, EFI_LOADED_IMAGE *li)
{
	UINT8 *entry = (UINT8 *)efi_main, *base = li->ImageBase;
	EFI_TPL tpl;

	CHECK(value_ptr == &value && *value_ptr == 0x1122334455667788ULL,
	      "child: its relocated pointer reaches its data");
	CHECK(li->SystemTable == ST, "child: LoadedImage SystemTable is ST");
	CHECK(entry >= base && entry < base + li->ImageSize, "child: its code lies in its image");
	tpl = BS->RaiseTPL(TPL_HIGH_LEVEL);
	BS->RestoreTPL(tpl);
	CHECK_EQ(tpl, TPL_APPLICATION, "child: runs at TPL_APPLICATION");
	/* Exit of an image that is started but not running must refuse. */
	CHECK_ST(BS->Exit(li->ParentHandle, EFI_SUCCESS, 0, NULL), EFI_INVALID_PARAMETER,
		 "child: Exit(parent) from the child gives EFI_INVALID_PARAMETER");
	(void)image;
}

/* An Unload function nobody may call: the image it would unload is running. */
static BOOLEAN unload_called;

static EFI_STATUS EFIAPI child_unload(EFI_HANDLE image)
{
	unload_called = TRUE;
	return EFI_SUCCESS;
}

/* Issue 9 #3: UnloadImage of an image on the StartImage chain (itself or its parent). */
static EFI_STATUS unload_running(EFI_HANDLE image, EFI_LOADED_IMAGE *li, const CHAR16 *opt,
				 UINTN units)
{
	BOOLEAN parent = starts_with(opt, units, L"unload-parent");
	EFI_HANDLE target = parent ? li->ParentHandle : image;

	if (!parent && units > StrLen(L"unload-self ") &&
	    starts_with(opt + StrLen(L"unload-self "), units - StrLen(L"unload-self "), L"with-unload"))
		li->Unload = child_unload;
	CHECK_ST(BS->UnloadImage(target), EFI_UNSUPPORTED,
		 parent ? "child: UnloadImage of its parent, waiting in StartImage, is refused"
			: "child: UnloadImage of itself while it runs is refused");
	CHECK(!unload_called, "child: ... and its Unload function is not called");
	li->Unload = NULL;
	return check_failures() ? EFIERR(0xbad) : EFI_SUCCESS;
}

static void exit_with_data(EFI_HANDLE image, EFI_STATUS status)
{
	static const CHAR16 msg[] = L"child: ok";
	CHAR16 *data = NULL;

	if (check_failures())
		status = EFIERR(0xbad);
	if (BS->AllocatePool(EfiBootServicesData, sizeof(msg), (void **)&data) != EFI_SUCCESS)
		BS->Exit(image, EFIERR(0xbad), 0, NULL);
	CopyMem(data, (void *)msg, sizeof(msg));
	BS->Exit(image, status, sizeof(msg), data);
	Print(L"FAIL child: Exit returned\n");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li = NULL;
	const CHAR16 *opt;
	UINTN units;

	check_init(image, systab, "child");
	if (BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li) != EFI_SUCCESS ||
	    !li->LoadOptions) {
		Print(L"FAIL child: no LoadedImage or no LoadOptions\n");
		return EFIERR(0xbad);
	}
	opt = li->LoadOptions;
	units = li->LoadOptionsSize / sizeof(CHAR16);
	Print(L"child: LoadOptions \"%s\" (%d bytes)\n", opt, li->LoadOptionsSize);
	if (starts_with(opt, units, L"exit-success")) {
		BS->Exit(image, EFI_SUCCESS, 0, NULL);
		Print(L"FAIL child: Exit returned\n");
		return EFIERR(0xbad);
	}
	if (starts_with(opt, units, L"exit-clobber")) {
		clobber_and_exit((void *)BS->Exit, image);
		Print(L"FAIL child: Exit returned\n");
		return EFIERR(0xbad);
	}
	if (starts_with(opt, units, L"exit-raised")) {
		BS->RaiseTPL(TPL_CALLBACK);
		BS->Exit(image, EFI_SUCCESS, 0, NULL);
		Print(L"FAIL child: Exit returned\n");
		return EFIERR(0xbad);
	}
	if (starts_with(opt, units, L"unload-"))
		return unload_running(image, li, opt, units);
	if (starts_with(opt, units, L"return"))
		return EFI_SUCCESS;
	if (starts_with(opt, units, L"exit ")) {
		self_checks(image, li);
		exit_with_data(image, EFIERR(parse_hex(opt + 5, units - 5)));
	}
	return EFIERR(0xbad);
}
