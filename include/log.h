/* Firmware messages: every line goes to every console (COM1, port 0xE9). */
#ifndef PVHEFI_LOG_H
#define PVHEFI_LOG_H

#include <stdarg.h>

void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap);

/* Only to the debug port 0xE9: notes for whoever debugs, kept off the user's console. */
void debug_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "pvhefi: fatal: <message>" and end the VM. Never returns. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
