/*
 * Firmware messages. lib/ knows no device: the platform plugs in where messages go (every
 * console, and the debug port alone) and how the VM ends after a fatal one (log_set_sink).
 */
#ifndef PVHEFI_LOG_H
#define PVHEFI_LOG_H

#include <stdarg.h>
#include <stddef.h>

struct log_sink {
	void (*write)(const char *s, size_t n); /* every console */
	void (*debug)(const char *s, size_t n); /* only the debug port: notes for whoever debugs */
	void (*fail)(void) __attribute__((noreturn)); /* ends the VM after a fatal message */
};

/* Until a sink is set, messages go nowhere and a fatal error halts the CPU. */
void log_set_sink(const struct log_sink *sink);

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap);
void debug_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "pvhefi: fatal: <message>" and end the VM. Never returns. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* End the VM after a fatal error already reported. */
void log_fail(void) __attribute__((noreturn));

#endif
