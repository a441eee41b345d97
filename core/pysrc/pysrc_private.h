/* SPDX-License-Identifier: MIT */
/* Shared between the files of core/pysrc only. */
#ifndef LG_PYSRC_PRIVATE_H
#define LG_PYSRC_PRIVATE_H

#include "lg/buf.h"
#include "lg/pysrc.h"

/* ---- bytes (strlit.c) ---------------------------------------------------- */

/* Length of the line break at pos (LF, CR or CRLF), 0 if none. */
size_t lg_pysrc__newline_len(const char *buf, size_t len, size_t pos);
/* Whether p[0..n) is a string prefix (r u b f t br rb fr rf tr rt). */
bool lg_pysrc__is_string_prefix(const char *p, size_t n);
/* Whether the quote at buf[q] opens an f- or t-string. */
bool lg_pysrc__fprefix(const char *buf, size_t q);

/* ---- interned strings (pool.c) ------------------------------------------- */

struct lg_pysrc__pool;

int lg_pysrc__pool_new(struct lg_pysrc__pool **out) LG_WARN_UNUSED;
void lg_pysrc__pool_free(struct lg_pysrc__pool *pool);
/* Interns s[0..n). Ownership: *out is borrowed from the pool. Returns 0,
 * LG_ETOOBIG past LG_MAX_PY_POOL_BYTES, LG_ENOMEM. */
int lg_pysrc__intern(const char **out, struct lg_pysrc__pool *pool,
		     const char *s, size_t n) LG_WARN_UNUSED;

/* ---- structure passes ---------------------------------------------------- */

/* Statement flags and scopes (scopes.c). */
int lg_pysrc__scopes(struct lg_pysrc *src) LG_WARN_UNUSED;
/* Imports, aliases and assignments (imports.c). */
int lg_pysrc__imports(struct lg_pysrc *src) LG_WARN_UNUSED;
/* The call view (calls.c). */
int lg_pysrc__calls(struct lg_pysrc *src) LG_WARN_UNUSED;

/* Appends to out the dotted name of the expression that ends at token
 * end (NAME(.NAME)*, or a call of __import__/import_module/getattr), and
 * sets *first to its first token. *ok is false (out unchanged) when the
 * expression cannot be named. Returns 0 or a negative error (LG_ETOOBIG
 * past LG_MAX_PY_NAME_BYTES or LG_MAX_PY_NESTING levels). */
int lg_pysrc__name_expr(struct lg_buf *out, uint32_t *first, bool *ok,
			const struct lg_pysrc *src, size_t end,
			unsigned level) LG_WARN_UNUSED;

/* Whether token i is a Python keyword. */
bool lg_pysrc__is_keyword(const struct lg_pysrc *src, size_t i);
/* Value of a string token when it is a plain dotted identifier (module or
 * attribute name) into out; *ok false otherwise. */
int lg_pysrc__ident_string(struct lg_buf *out, bool *ok,
			   const struct lg_pysrc *src, size_t i) LG_WARN_UNUSED;
/* Sets b's length back to n (n <= b->len). */
void lg_pysrc__buf_truncate(struct lg_buf *b, size_t n);

#endif
