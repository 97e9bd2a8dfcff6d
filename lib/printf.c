/* A small vsnprintf: enough for firmware messages, no floating point. */
#include "lib/lib.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, int left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, int neg, unsigned base, int upper,
		       int width, int left, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (neg) {
		if (pad == '0') {
			put(o, '-');
			width--;
		} else {
			tmp[--i] = '-';
		}
	}
	put_padded(o, tmp + i, sizeof(tmp) - i, width, left, pad);
}

static unsigned long long get_unsigned(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, unsigned long long);
	if (lng == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long get_signed(va_list *ap, int lng)
{
	if (lng >= 2)
		return va_arg(*ap, long long);
	if (lng == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static const char *format_one(struct out *o, const char *f, va_list *ap)
{
	int left = 0, width = 0, lng = 0;
	char pad = ' ';
	const char *s;
	long long sv;
	char c;

	for (; *f == '-' || *f == '0'; f++) {
		if (*f == '-')
			left = 1;
		else
			pad = '0';
	}
	for (; *f >= '0' && *f <= '9'; f++)
		width = width * 10 + (*f - '0');
	for (; *f == 'l' || *f == 'z'; f++)
		lng++;
	switch (*f) {
	case 'd':
	case 'i':
		sv = get_signed(ap, lng);
		put_number(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv, sv < 0, 10, 0,
			   width, left, pad);
		break;
	case 'u':
		put_number(o, get_unsigned(ap, lng), 0, 10, 0, width, left, pad);
		break;
	case 'x':
	case 'X':
		put_number(o, get_unsigned(ap, lng), 0, 16, *f == 'X', width, left, pad);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, (uintptr_t)va_arg(*ap, void *), 0, 16, 0, width, left, pad);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		put_padded(o, s, strlen(s), width, left, ' ');
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_padded(o, &c, 1, width, left, ' ');
		break;
	case '\0':
		return f;
	default:
		put(o, *f);
		break;
	}
	return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list copy;

	va_copy(copy, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = format_one(&o, fmt + 1, &copy);
	}
	va_end(copy);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
