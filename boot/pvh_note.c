/* The ELF note that makes pvhefi a PVH kernel: QEMU -kernel and Xen jump to pvh_start32. */
#include <xen/elfnote.h>

#define STR(x) #x
#define XSTR(x) STR(x)

__asm__(".pushsection .note.Xen, \"a\", @note\n\t"
	".balign 4\n\t"
	".long 4\n\t" /* name size: "Xen\0" */
	".long 4\n\t" /* descriptor size */
	".long " XSTR(XEN_ELFNOTE_PHYS32_ENTRY) "\n\t"
	".asciz \"Xen\"\n\t"
	".long pvh_start32\n\t"
	".balign 4\n\t"
	".popsection");
