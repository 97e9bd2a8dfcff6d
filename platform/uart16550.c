/* 16550 UART on COM1, polled. Absent on Xen PVH: probed through the scratch register. */
#include "lib/io.h"
#include "platform/consoles.h"

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03

static bool present;

static bool uart_probe(void)
{
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return false;
	outb(COM1 + UART_SCR, 0xa5);
	return inb(COM1 + UART_SCR) == 0xa5;
}

bool uart_init(void)
{
	present = uart_probe();
	if (!present)
		return false;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, 1); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07); /* enable and clear the FIFOs */
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
	return true;
}

static void write_byte(char c)
{
	unsigned spins = 100000; /* a wedged UART must not hang the firmware */

	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY) && --spins)
		cpu_relax();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void uart_write(const char *s, size_t n)
{
	if (!present)
		return;
	while (n--)
		write_byte(*s++);
}

int uart_read_byte(void)
{
	if (!present || !(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}
