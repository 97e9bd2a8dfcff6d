/* Firmware messages and the fatal-error path. */
#include "console.h"
#include "lib.h"
#include "log.h"
#include "platform.h"

void log_vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_write("\r", 1);
		console_write(&buf[i], 1);
	}
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

void debug_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (int i = 0; i < n && i < (int)sizeof(buf) - 1; i++)
		debugcon_write_byte(buf[i]);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	log_printf("pvhefi: fatal: ");
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	log_printf("\n");
	platform_exit(PLATFORM_EXIT_FAILURE);
}
