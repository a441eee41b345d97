/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "lg/buf.h"

char lg_buf__empty[1];

void lg_buf_init(struct lg_buf *b, size_t max)
{
	b->ptr = lg_buf__empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->err = 0;
}

static int buf_grow(struct lg_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (b->err)
		return b->err;
	if (extra > b->max || b->len > b->max - extra) {
		b->err = lg_error_toobig("buffer limit of %zu bytes reached", b->max);
		return b->err;
	}
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = lg__realloc(b->cap ? b->ptr : NULL, cap);
	if (!p) {
		b->err = lg_error_oom();
		return b->err;
	}
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int lg_buf_put(struct lg_buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return b->err;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int lg_buf_puts(struct lg_buf *b, const char *s)
{
	return lg_buf_put(b, s, strlen(s));
}

int lg_buf_putc(struct lg_buf *b, char c)
{
	return lg_buf_put(b, &c, 1);
}

int lg_buf_printf(struct lg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return b->err = lg_error_invalid(LG_ERRCLASS_INTERNAL,
						 "bad format string");
	if (buf_grow(b, (size_t)n) < 0)
		return b->err;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void lg_buf_reset(struct lg_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

char *lg_buf_detach(struct lg_buf *b)
{
	char *p = b->cap ? b->ptr : lg__strdup("");

	lg_buf_init(b, b->max);
	return p;
}

void lg_buf_dispose(struct lg_buf *b)
{
	if (b->cap)
		lg__free(b->ptr);
	lg_buf_init(b, b->max);
}
