/* SPDX-License-Identifier: MIT */
/* Shared between the files of core/pyfold only. */
#ifndef LG_PYFOLD_PRIVATE_H
#define LG_PYFOLD_PRIVATE_H

#include "lg/buf.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"

/* ---- values (value.c) ---------------------------------------------------- */

enum lg_pyfold__kind {
	LG_FV_NONE = 0, /* not a constant (or not one we model) */
	LG_FV_STR,      /* text, as UTF-8 in b */
	LG_FV_BYTES,    /* bytes in b */
	LG_FV_INT,      /* i */
	LG_FV_LIST,     /* list or tuple of STR / BYTES / INT items */
	LG_FV_REF,      /* unevaluated NAME(.NAME)* or call: [first, end) */
	LG_FV_LAMBDA,   /* lambda param: body [first, end) */
	LG_FV_CODE,     /* code object made from the bytes in b */
};

/* One list item: an int, or bytes [off, off + len) of the list's b. */
struct lg_pyfold__item {
	int64_t i;
	uint32_t off, len;
	uint8_t kind; /* LG_FV_STR, LG_FV_BYTES or LG_FV_INT */
};

struct lg_pyfold__val {
	enum lg_pyfold__kind kind;
	int64_t i;
	struct lg_buf b; /* STR / BYTES / CODE bytes; LIST item bytes */
	struct lg_pyfold__item *items;
	size_t n, cap;
	uint32_t first, end; /* REF / LAMBDA tokens */
	uint32_t param;      /* LAMBDA parameter token */
	bool simple;         /* REF: a single NAME that may name a constant */
};

void lg_pyfold__init(struct lg_pyfold__val *v);
/* Frees the contents; v is NONE afterwards. */
void lg_pyfold__dispose(struct lg_pyfold__val *v);
/* dst takes src's contents (dst disposed first; src is NONE after). */
void lg_pyfold__move(struct lg_pyfold__val *dst, struct lg_pyfold__val *src);
int lg_pyfold__set_bytes(struct lg_pyfold__val *v, enum lg_pyfold__kind kind,
			 const char *p, size_t n) LG_WARN_UNUSED;
void lg_pyfold__set_int(struct lg_pyfold__val *v, int64_t i);
int lg_pyfold__copy(struct lg_pyfold__val *dst,
		    const struct lg_pyfold__val *src) LG_WARN_UNUSED;
/* Makes v an empty list. */
void lg_pyfold__set_list(struct lg_pyfold__val *v);
/* Appends item (STR, BYTES or INT) to list. Returns 0, LG_ETOOBIG past
 * LG_MAX_FOLD_ITEMS / LG_MAX_FOLD_BYTES, LG_ENOMEM; LG_EINVALID (no
 * message) when item cannot be a list item. */
int lg_pyfold__push(struct lg_pyfold__val *list,
		    const struct lg_pyfold__val *item) LG_WARN_UNUSED;
int lg_pyfold__push_int(struct lg_pyfold__val *list, int64_t i) LG_WARN_UNUSED;
int lg_pyfold__push_bytes(struct lg_pyfold__val *list,
			  enum lg_pyfold__kind kind, const char *p,
			  size_t n) LG_WARN_UNUSED;
/* Item k of list into out. */
int lg_pyfold__item(struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *list, size_t k) LG_WARN_UNUSED;
/* Iterates a LIST (items), STR (one-character strings) or BYTES (ints):
 * sets *more false at the end; *cursor starts at 0. LG_EINVALID (no
 * message) when seq is not iterable. */
int lg_pyfold__next(struct lg_pyfold__val *out, bool *more,
		    const struct lg_pyfold__val *seq,
		    size_t *cursor) LG_WARN_UNUSED;
/* Length of the UTF-8 sequence at p (1 for a byte that starts none). */
size_t lg_pyfold__char_len(const char *p, size_t avail);
/* Whether p[0..n) is valid UTF-8. */
bool lg_pyfold__is_utf8(const char *p, size_t n);
/* Appends code point cp as UTF-8; LG_EINVALID (no message) for a
 * surrogate or past U+10FFFF. */
int lg_pyfold__put_utf8(struct lg_buf *out, int64_t cp) LG_WARN_UNUSED;

/* ---- evaluation (expr.c) ------------------------------------------------- */

struct lg_pyfold__binding {
	struct lg_str name;
	const struct lg_pyfold__val *value; /* borrowed */
};

/* Values of assignments evaluated during one fold. A cache, not a cap: a
 * miss only costs time, which LG_MAX_FOLD_STEPS bounds. */
#define LG_PYFOLD__MEMO 8u

struct lg_pyfold__memo {
	uint32_t assign; /* index in src->assigns; LG_PYTOK_NONE: empty */
	uint32_t tok;    /* the NAME token that last read it, or NONE */
	struct lg_pyfold__val v;
};

struct lg_pyfold__ctx {
	const struct lg_pysrc *src;
	struct lg_pyfold_result *res;
	unsigned depth;
	size_t steps;
	struct lg_pyfold__binding binds[LG_MAX_FOLD_DEPTH];
	size_t nbinds;
	size_t bind_base; /* bindings below it are not visible */
	struct lg_pyfold__memo memo[LG_PYFOLD__MEMO];
	unsigned memo_next;
};

void lg_pyfold__ctx_init(struct lg_pyfold__ctx *f, const struct lg_pysrc *src,
			 struct lg_pyfold_result *res);
void lg_pyfold__ctx_dispose(struct lg_pyfold__ctx *f);

/* Charges n units of work; LG_ETOOBIG past LG_MAX_FOLD_STEPS. */
int lg_pyfold__step(struct lg_pyfold__ctx *f, size_t n) LG_WARN_UNUSED;
/* Enters one nesting level; LG_ETOOBIG past LG_MAX_FOLD_DEPTH. Pair with
 * f->depth--. */
int lg_pyfold__enter(struct lg_pyfold__ctx *f) LG_WARN_UNUSED;
/* Value of the expression (or tuple, or generator) in tokens
 * [first, end); as a list when as_list. REF and LAMBDA stay unforced. */
int lg_pyfold__range(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     size_t first, size_t end, bool as_list) LG_WARN_UNUSED;
/* Replaces a REF by the constant it names (NONE if it names none), and a
 * LAMBDA by NONE. */
int lg_pyfold__force(struct lg_pyfold__ctx *f,
		     struct lg_pyfold__val *v) LG_WARN_UNUSED;
/* Evaluates body (tokens [first, end)) with name bound to value. */
int lg_pyfold__with_binding(struct lg_pyfold__ctx *f,
			    struct lg_pyfold__val *out, struct lg_str name,
			    const struct lg_pyfold__val *value, size_t first,
			    size_t end) LG_WARN_UNUSED;
/* Next token at or after i that is not a comment (end if none). */
size_t lg_pyfold__skip(const struct lg_pyfold__ctx *f, size_t i, size_t end);

/* ---- calls, methods and operators (calls.c, format.c) -------------------- */

struct lg_pyfold__arg {
	uint32_t first, end; /* value tokens */
	uint32_t kw;         /* keyword NAME token, or LG_PYTOK_NONE */
};

struct lg_pyfold__args {
	struct lg_pyfold__arg *v;
	size_t n;
};

/* The value of the call whose '(' is lparen. recv is the value before
 * it: the callee expression (a REF) for f(...), or the receiver for
 * recv.method(...) when method is the NAME token of the method (else
 * LG_PYTOK_NONE). out may be recv. */
int lg_pyfold__call(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    struct lg_pyfold__val *recv, size_t method,
		    size_t lparen) LG_WARN_UNUSED;
/* a OP b into out (out may be a); NONE when not modelled. */
int lg_pyfold__binop(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     const char *op, struct lg_pyfold__val *a,
		     struct lg_pyfold__val *b) LG_WARN_UNUSED;
/* fmt % args into out. */
int lg_pyfold__percent(struct lg_pyfold__val *out,
		       const struct lg_pyfold__val *fmt,
		       const struct lg_pyfold__val *args) LG_WARN_UNUSED;
/* fmt.format(*args) into out; args is a LIST. */
int lg_pyfold__format(struct lg_pyfold__val *out,
		      const struct lg_pyfold__val *fmt,
		      const struct lg_pyfold__val *args) LG_WARN_UNUSED;
/* 0 when the encoding table is sorted; LG_EINVALID otherwise. */
int lg_pyfold__check_encodings(void) LG_WARN_UNUSED;
/* bytes.decode(encoding) / str.encode(encoding) into out. */
int lg_pyfold__transcode(struct lg_pyfold__val *out,
			 const struct lg_pyfold__val *in, const char *encoding,
			 size_t enclen) LG_WARN_UNUSED;

#endif
