/* Byte consoles a platform can offer: COM1 (a 16550) and the debug port 0xE9. */
#ifndef PVHEFI_CONSOLES_H
#define PVHEFI_CONSOLES_H

#include <stdbool.h>
#include <stddef.h>

/* Probes COM1 and sets it to 115200 8N1; false (and every call a no-op) when absent. */
bool uart_init(void);
void uart_write(const char *s, size_t n);
/* Next byte received, or -1 when none is waiting. */
int uart_read_byte(void);
/* Port 0xE9: QEMU's debugcon (-debugcon file:x) and the Xen hypervisor log. */
void debugcon_write(const char *s, size_t n);

#endif
