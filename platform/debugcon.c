/* Port 0xE9: QEMU's debugcon (-debugcon file:x) and the Xen hypervisor log. */
#include "lib/io.h"
#include "platform/consoles.h"

void debugcon_write(const char *s, size_t n)
{
	while (n--)
		outb(0xe9, (uint8_t)*s++);
}
