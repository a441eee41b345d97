/* SPDX-License-Identifier: MIT */
#ifndef LG_INCLUDE_BUF_H
#define LG_INCLUDE_BUF_H

#include "lg/common.h"

/* Owning, capped byte buffer with a sticky error. ptr is never NULL and is
 * always NUL-terminated; the contents may hold NUL bytes. Once err is set
 * (LG_ENOMEM or LG_ETOOBIG) further appends are no-ops. */
struct lg_buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 => ptr points at a static "" */
	size_t max; /* hard cap on len */
	int err;
};

extern char lg_buf__empty[];
#define LG_BUF_INIT(max_) {lg_buf__empty, 0, 0, (max_), 0}

LG_EXTERN(void) lg_buf_init(struct lg_buf *b, size_t max);
/* Appends; all return b->err after the call (0 on success). */
LG_EXTERN(int) lg_buf_put(struct lg_buf *b, const void *p, size_t n);
LG_EXTERN(int) lg_buf_puts(struct lg_buf *b, const char *s);
LG_EXTERN(int) lg_buf_putc(struct lg_buf *b, char c);
LG_EXTERN(int) lg_buf_printf(struct lg_buf *b, const char *fmt, ...)
	LG_PRINTF(2, 3);
/* Empties the buffer, keeps the allocation, clears err. */
LG_EXTERN(void) lg_buf_reset(struct lg_buf *b);
/* Takes the bytes. Ownership: new (free with lg__free); b is re-initialised. */
LG_EXTERN(char *) lg_buf_detach(struct lg_buf *b);
LG_EXTERN(void) lg_buf_dispose(struct lg_buf *b);

/* Non-owning view into bytes. */
struct lg_str {
	const char *ptr;
	size_t len;
};

/* Length (2..4) of the valid multi-byte UTF-8 sequence at p, or 0 (ASCII,
 * invalid, overlong, surrogate or truncated). */
LG_EXTERN(size_t) lg_utf8_len(const char *p, size_t avail);
/* Appends the UTF-8 encoding of cp (at most U+10FFFF; surrogates are
 * encoded as written, as Python's escapes allow). Returns out->err. */
LG_EXTERN(int) lg_utf8_put(struct lg_buf *out, uint32_t cp);

/* Value of a hexadecimal digit (either case), or -1. */
LG_EXTERN(int) lg_hex_digit(char c);

/* Allocation wrappers used everywhere in core (NULL-safe free). */
LG_EXTERN(void *) lg__malloc(size_t n);
LG_EXTERN(void *) lg__calloc(size_t n, size_t size);
LG_EXTERN(void *) lg__realloc(void *p, size_t n);
LG_EXTERN(void *) lg__reallocarray(void *p, size_t n, size_t size);
LG_EXTERN(char *) lg__strdup(const char *s);
/* Masks, in place, the user[:password]@ of every URL in the message s (a
 * buffer of cap bytes): "https://u:p@h/x" becomes "https:// *** @h/x" (without the spaces).
 * Messages go to terminals, CI logs and reports; credentials never do.
 * A message that no longer fits is cut at cap. */
LG_EXTERN(void) lg__mask_credentials(char *s, size_t cap);
LG_EXTERN(char *) lg__strndup(const char *s, size_t n);
LG_EXTERN(void) lg__free(void *p);
/* Test hook: fail the allocation after n more successful ones (-1: never). */
LG_EXTERN(void) lg_alloc_fail_after(long n);

#endif
