/*
 * The runtime half of the call trace (pvhefi.trace; services/entry.c is the boot half): a line
 * per runtime service call on the debug port 0xE9, also after ExitBootServices. The port is a
 * debugger's, not the console the OS took over, and the trace is only on when asked for.
 */
#include <stdarg.h>

#include "lib/io.h"
#include "lib/lib.h"
#include "runtime/internal.h"

static bool tracing;

void runtime_trace(bool on)
{
	tracing = on;
}

void trace_rt(const char *fmt, ...)
{
	char line[192];
	va_list ap;
	int n;

	if (!tracing)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (int i = 0; i < n && i < (int)sizeof(line) - 1; i++)
		outb(0xe9, (uint8_t)line[i]);
}

const char *trace_name(const CHAR16 *name, char *out, size_t size)
{
	size_t i = 0;

	if (!name)
		return "NULL";
	for (; name[i] && i + 1 < size; i++)
		out[i] = name[i] < 0x80 ? (char)name[i] : '?';
	out[i] = 0;
	return out;
}
