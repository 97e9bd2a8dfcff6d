/* Firmware messages and the fatal-error path, on whatever sink the platform plugged in. */
#include "lib/lib.h"
#include "lib/log.h"

static const struct log_sink *sink;

void log_set_sink(const struct log_sink *s)
{
	sink = s;
}

/* Lines end in CR LF on a terminal. */
void log_vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1, start = 0;

	if (!sink)
		return;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		sink->write(buf + start, i - start);
		sink->write("\r\n", 2);
		start = i + 1;
	}
	sink->write(buf + start, len - start);
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
	if (sink)
		sink->debug(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	log_printf("pvhefi: fatal: ");
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	log_printf("\n");
	log_fail();
}

void log_fail(void)
{
	if (sink)
		sink->fail();
	for (;;)
		__asm__ volatile("cli; hlt");
}
