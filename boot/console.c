/* Fans firmware output out to every byte console; input comes from the UART. */
#include "console.h"

void console_init(void)
{
	uart_init();
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uart_write_byte(s[i]);
		debugcon_write_byte(s[i]);
	}
}

int console_read_byte(void)
{
	return uart_read_byte();
}
