/* Port 0xE9: QEMU's debugcon (-debugcon file:x) and the Xen hypervisor log. */
#include "console.h"
#include "io.h"

void debugcon_write_byte(char c)
{
	outb(0xe9, (uint8_t)c);
}
