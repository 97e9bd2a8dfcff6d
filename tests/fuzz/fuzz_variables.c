/*
 * libFuzzer target for the variable store (runtime/variables.c): its callers are the payload at
 * boot time and the OS at runtime, and every size they pass is theirs to choose. The input is a
 * sequence of SetVariable, GetVariable, GetNextVariableName and QueryVariableInfo calls with
 * names from a small set (so that they meet), any attributes and any sizes up to 2^64 - 1, and
 * one ExitBootServices somewhere. After each call the whole store is read back through the
 * boot-time services and checked: a SetVariable that fails changes nothing; one that succeeds
 * leaves exactly the data it was given (appended when asked) or, for a deletion, no variable;
 * GetVariable and GetNextVariableName answer from what is there, never write past the buffer
 * size they were given (each buffer is allocated at that size), and after ExitBootServices a
 * variable without RUNTIME_ACCESS does not exist for them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "runtime/internal.h"

#define MAX_VARS 400
#define DATA_MAX 4096 /* the data buffer: larger than any variable pvhefi keeps */

struct var {
	EFI_GUID guid;
	CHAR16 name[64];
	UINT32 attributes;
	UINTN size;
	UINT8 data[2048];
};

struct store {
	uint32_t n;
	struct var v[MAX_VARS];
};

static const uint8_t *in, *in_end;
static bool at_runtime;
static struct store before, after;
static UINT8 source[DATA_MAX];

static EFI_GUID guids[] = { EFI_GLOBAL_VARIABLE,
			    { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } } };
static const CHAR16 *names[] = { u"PlatformLang", u"SecureBoot", u"Boot0001", u"A", u"LongerName42",
				 u"\u00e9t\u00e9" };

/* The runtime unit's trace is off here. */
void trace_rt(const char *fmt, ...)
{
}

const char *trace_name(const CHAR16 *name, char *out, size_t size)
{
	return "";
}

static uint8_t next(void)
{
	return in < in_end ? *in++ : 0;
}

/* Sizes a caller may pass: small, around the store's limits, or near 2^64. */
static UINTN next_size(void)
{
	uint8_t kind = next(), v = next();

	switch (kind % 4) {
	case 0: return v;
	case 1: return (UINTN)v * 16;
	case 2: return (UINTN)-1 - v;
	default: return 2048 - 8 + v % 16;
	}
}

static size_t name_len(const CHAR16 *n)
{
	size_t i = 0;

	while (n[i])
		i++;
	return i;
}

/* ---- the whole store, read through the boot-time services ---------------------------------- */

static void read_store(struct store *s)
{
	CHAR16 name[64] = { 0 };
	EFI_GUID guid = { 0 };

	s->n = 0;
	for (;;) {
		UINTN size = sizeof(name);
		EFI_STATUS st = rt_get_next_variable_name_boot(&size, name, &guid);
		struct var *v = &s->v[s->n];

		if (st == EFI_NOT_FOUND)
			return;
		CHECK(st == EFI_SUCCESS && s->n < MAX_VARS);
		CHECK(size == (name_len(name) + 1) * sizeof(CHAR16));
		memcpy(v->name, name, sizeof(name));
		v->guid = guid;
		v->size = sizeof(v->data);
		CHECK(rt_get_variable_boot(v->name, &v->guid, &v->attributes, &v->size, v->data) == EFI_SUCCESS);
		for (uint32_t i = 0; i < s->n; i++) /* each once */
			CHECK(memcmp(&s->v[i].guid, &guid, sizeof(guid)) ||
			      memcmp(s->v[i].name, name, sizeof(name)));
		s->n++;
	}
}

static const struct var *lookup(const struct store *s, const CHAR16 *name, const EFI_GUID *guid)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (!memcmp(&s->v[i].guid, guid, sizeof(*guid)) &&
		    !memcmp(s->v[i].name, name, (name_len(name) + 1) * sizeof(CHAR16)))
			return &s->v[i];
	return NULL;
}

static bool same_store(const struct store *a, const struct store *b)
{
	if (a->n != b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct var *x = &a->v[i], *y = lookup(b, x->name, &x->guid);

		if (!y || x->attributes != y->attributes || x->size != y->size ||
		    memcmp(x->data, y->data, x->size))
			return false;
	}
	return true;
}

static bool visible(const struct var *v)
{
	return v && (!at_runtime || (v->attributes & EFI_VARIABLE_RUNTIME_ACCESS));
}

/* ---- the calls ----------------------------------------------------------------------------- */

static void call_set(void)
{
	const CHAR16 *name = names[next() % 6];
	EFI_GUID *guid = &guids[next() % 2];
	UINT32 attributes = next() | (next() & 1 ? EFI_VARIABLE_APPEND_WRITE : 0);
	UINTN size = next_size();
	void *data = next() % 8 ? source : NULL;
	uint8_t fill = next();
	const struct var *old, *now;
	bool deletion, append = attributes & EFI_VARIABLE_APPEND_WRITE;
	EFI_STATUS st;

	for (size_t i = 0; i < sizeof(source); i++)
		source[i] = (uint8_t)(fill + i * 7);
	read_store(&before);
	old = lookup(&before, name, guid);
	st = at_runtime ? rt_set_variable((CHAR16 *)name, guid, attributes, size, data) :
			  rt_set_variable_boot((CHAR16 *)name, guid, attributes, size, data);
	read_store(&after);
	CHECK(st == EFI_SUCCESS || st == EFI_INVALID_PARAMETER || st == EFI_OUT_OF_RESOURCES ||
	      st == EFI_WRITE_PROTECTED || st == EFI_SECURITY_VIOLATION || st == EFI_NOT_FOUND ||
	      st == EFI_UNSUPPORTED);
	if (st != EFI_SUCCESS) {
		CHECK(same_store(&before, &after));
		return;
	}
	CHECK(size <= sizeof(source)); /* what it kept, it read from the caller's buffer */
	deletion = !(attributes & (EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)) ||
		   (!size && !append);
	now = lookup(&after, name, guid);
	if (deletion) {
		CHECK(!now && old);
		return;
	}
	if (!size) { /* appending nothing: no change, no new variable */
		CHECK(same_store(&before, &after));
		return;
	}
	CHECK(now && now->attributes == (attributes & ~EFI_VARIABLE_APPEND_WRITE));
	if (append && old) {
		CHECK(now->size == old->size + size && !memcmp(now->data, old->data, old->size) &&
		      !memcmp(now->data + old->size, source, size));
	} else {
		CHECK(now->size == size && !memcmp(now->data, source, size));
	}
	CHECK(after.n == before.n + !old); /* nothing else changed in number */
}

static void call_get(void)
{
	const CHAR16 *name = names[next() % 6];
	EFI_GUID *guid = &guids[next() % 2];
	UINTN given = next() % 2 ? next() : next_size() % 8192, size = given;
	UINT8 *buf = malloc(given ? given : 1); /* exactly what the caller says it has */
	const struct var *v;
	UINT32 attributes;
	EFI_STATUS st;

	read_store(&before);
	v = lookup(&before, name, guid);
	st = at_runtime ? rt_get_variable((CHAR16 *)name, guid, &attributes, &size, buf) :
			  rt_get_variable_boot((CHAR16 *)name, guid, &attributes, &size, buf);
	if (!visible(v)) {
		CHECK(st == EFI_NOT_FOUND);
	} else if (given < v->size) {
		CHECK(st == EFI_BUFFER_TOO_SMALL && size == v->size);
	} else {
		CHECK(st == EFI_SUCCESS && size == v->size && attributes == v->attributes &&
		      !memcmp(buf, v->data, v->size));
	}
	free(buf);
}

/* A walk in the caller's world, in name buffers of the sizes it chooses. */
static void call_walk(void)
{
	UINTN given = 2 + 2 * (next() % 40);
	CHAR16 *name = malloc(given);
	EFI_GUID guid = { 0 };
	uint32_t seen = 0, expected = 0;

	read_store(&before);
	for (uint32_t i = 0; i < before.n; i++)
		expected += visible(&before.v[i]);
	memset(name, 0, given);
	for (uint32_t steps = 0; steps <= MAX_VARS; steps++) {
		UINTN size = given;
		EFI_STATUS st = at_runtime ? rt_get_next_variable_name(&size, name, &guid) :
					     rt_get_next_variable_name_boot(&size, name, &guid);
		const struct var *v;

		if (st == EFI_NOT_FOUND) {
			CHECK(seen == expected);
			break;
		}
		if (st == EFI_BUFFER_TOO_SMALL) { /* the next name is longer: grow, go on from here */
			CHAR16 *bigger;

			CHECK(size > given && size % 2 == 0 && size <= 2048);
			bigger = calloc(1, size);
			memcpy(bigger, name, given);
			free(name);
			name = bigger;
			given = size;
			continue;
		}
		CHECK(st == EFI_SUCCESS);
		v = lookup(&before, name, &guid);
		CHECK(visible(v));
		seen++;
	}
	free(name);

	/* A name that does not end within the size given: refused, and read no further. */
	given = 2 * (1 + next() % 8);
	name = malloc(given);
	for (UINTN i = 0; i < given / 2; i++)
		name[i] = u'x';
	CHECK((at_runtime ? rt_get_next_variable_name(&given, name, &guid) :
			    rt_get_next_variable_name_boot(&given, name, &guid)) == EFI_INVALID_PARAMETER);
	free(name);
}

static void call_query(void)
{
	UINT32 attributes = next() | (UINT32)next() << 8;
	UINT64 max_storage, remaining, max_size;
	EFI_STATUS st = at_runtime ? rt_query_variable_info(attributes, &max_storage, &remaining, &max_size) :
				     rt_query_variable_info_boot(attributes, &max_storage, &remaining, &max_size);

	CHECK(st == EFI_SUCCESS || st == EFI_INVALID_PARAMETER || st == EFI_UNSUPPORTED);
	if (st == EFI_SUCCESS)
		CHECK(remaining <= max_storage && max_size <= max_storage);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data, in_end = data + size;
	at_runtime = false;
	variables_init();
	while (in < in_end) {
		switch (next() % 6) {
		case 0: case 1: call_set(); break;
		case 2: call_get(); break;
		case 3: call_walk(); break;
		case 4: call_query(); break;
		case 5: at_runtime = true; break; /* ExitBootServices: there is no way back */
		}
	}
	return 0;
}
