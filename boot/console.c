/* Fans firmware output out to every byte console; input comes from the UART or the Xen PV
 * console (both silent when absent: the Xen one until xen_init finds it). */
#include "console.h"
#include "xen_platform.h"

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
	xen_console_write(s, n);
}

int console_read_byte(void)
{
	int c = uart_read_byte();

	return c >= 0 ? c : xen_console_read_byte();
}
