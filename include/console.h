/* The firmware's byte console: COM1 (when present) and the debug port 0xE9. */
#ifndef PVHEFI_CONSOLE_H
#define PVHEFI_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

void console_init(void);
void console_write(const char *s, size_t n);
/* Next byte typed on the serial line, or -1 when none is waiting. */
int console_read_byte(void);

bool uart_init(void);
void uart_write_byte(char c);
int uart_read_byte(void);
void debugcon_write_byte(char c);

#endif
