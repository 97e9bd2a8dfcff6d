/* What a fuzz target asserts about a parser's result: a failed CHECK is a crash libFuzzer keeps. */
#ifndef PVHEFI_FUZZ_CHECK_H
#define PVHEFI_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(x) ((x) ? (void)0 : fuzz_check_failed(__FILE__, __LINE__, #x))

static inline void __attribute__((noreturn)) fuzz_check_failed(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

#endif
