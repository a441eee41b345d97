/* SPDX-License-Identifier: MIT */
/* Naming expressions (a.b.c, __import__('m').x, getattr(o, 'x')) and the
 * call view built on them. */
#include "lg/buf.h"
#include "lg/pysrc.h"
#include "pysrc_private.h"

static const char *const keywords[] = { /* sorted for bsearch */
	"False", "None",   "True",    "and",      "as",       "assert",
	"async", "await",  "break",   "class",    "continue", "def",
	"del",   "elif",   "else",    "except",   "finally",  "for",
	"from",  "global", "if",      "import",   "in",       "is",
	"lambda", "nonlocal", "not",  "or",       "pass",     "raise",
	"return", "try",   "while",   "with",     "yield",
};

struct text_key {
	const char *p;
	size_t n;
};

static int compare_word(const void *key, const void *elem)
{
	const struct text_key *k = key;
	const char *w = *(const char *const *)elem;
	int c = strncmp(k->p, w, k->n);

	return c ? c : (w[k->n] ? -1 : 0);
}

bool lg_pysrc__is_keyword(const struct lg_pysrc *src, size_t i)
{
	struct lg_str s = lg_pysrc_text(src, i);
	struct text_key k = {s.ptr, s.len};

	if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) ||
	    memchr(s.ptr, 0, s.len))
		return false;
	return bsearch(&k, keywords, LG_ARRAY_SIZE(keywords),
		       sizeof(keywords[0]), compare_word) != NULL;
}

void lg_pysrc__buf_truncate(struct lg_buf *b, size_t n)
{
	if (n >= b->len)
		return;
	b->len = n;
	if (b->cap)
		b->ptr[n] = '\0';
}

static bool is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

int lg_pysrc__ident_string(struct lg_buf *out, bool *ok,
			   const struct lg_pysrc *src, size_t i)
{
	size_t start = out->len;
	int error;

	*ok = false;
	if (!lg_pysrc_is(src, i, LG_PYTOK_STRING, NULL) ||
	    (lg_pysrc_string_flags(src->buf, &src->toks[i]) & LG_PYSTR_FORMAT))
		return 0;
	if ((error = lg_pysrc_string_value(out, src->buf, &src->toks[i])) < 0)
		return error;
	*ok = out->len > start;
	for (size_t k = start; k < out->len && *ok; k++)
		*ok = is_ident_char(out->ptr[k]);
	if (!*ok)
		lg_pysrc__buf_truncate(out, start);
	return 0;
}

static bool is_name(const struct lg_pysrc *src, size_t i)
{
	return lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
	       !lg_pysrc__is_keyword(src, i);
}

/* First token of the NAME(.NAME)* chain that ends at end. */
static size_t chain_start(const struct lg_pysrc *src, size_t end)
{
	size_t s = end;

	while (s >= 2 && lg_pysrc_is(src, s - 1, LG_PYTOK_OP, ".") &&
	       is_name(src, s - 2))
		s -= 2;
	return s;
}

static int put_tokens(struct lg_buf *out, const struct lg_pysrc *src,
		      size_t from, size_t to)
{
	for (size_t i = from; i <= to; i++) {
		struct lg_str s = lg_pysrc_text(src, i);

		lg_buf_put(out, s.ptr, s.len);
	}
	return out->err;
}

/* Token closing the first argument of the call at lparen, if the argument
 * is followed by ',' or ')'. */
static size_t first_arg_end(const struct lg_pysrc *src, size_t lparen)
{
	size_t rparen = src->toks[lparen].match, depth;

	if (rparen == LG_PYTOK_NONE)
		return LG_PYTOK_NONE;
	depth = (size_t)src->toks[lparen].depth + 1;
	for (size_t i = lparen + 1; i < rparen; i++)
		if (src->toks[i].depth == depth &&
		    lg_pysrc_is(src, i, LG_PYTOK_OP, ","))
			return i;
	return rparen;
}

/* __import__('a.b') is the package a; with a fromlist it is a.b. */
static int import_value(struct lg_buf *out, bool *ok,
			const struct lg_pysrc *src, size_t lparen, bool dunder)
{
	size_t end = first_arg_end(src, lparen), start = out->len;
	const char *dot;
	int error;

	*ok = false;
	if (end != lparen + 2)
		return 0;
	if ((error = lg_pysrc__ident_string(out, ok, src, lparen + 1)) < 0)
		return error;
	if (*ok && dunder && lg_pysrc_is(src, end, LG_PYTOK_OP, ")") &&
	    (dot = memchr(out->ptr + start, '.', out->len - start)))
		lg_pysrc__buf_truncate(out, (size_t)(dot - out->ptr));
	return 0;
}

/* getattr(obj, 'name'[, default]) names obj.name when obj has a name. */
static int getattr_value(struct lg_buf *out, bool *ok,
			 const struct lg_pysrc *src, size_t lparen,
			 unsigned level)
{
	size_t comma = first_arg_end(src, lparen), start = out->len;
	uint32_t first;
	int error;

	*ok = false;
	if (comma == LG_PYTOK_NONE || comma <= lparen + 1 ||
	    !lg_pysrc_is(src, comma, LG_PYTOK_OP, ",") ||
	    !(lg_pysrc_is(src, comma + 2, LG_PYTOK_OP, ")") ||
	      lg_pysrc_is(src, comma + 2, LG_PYTOK_OP, ",")))
		return 0;
	if ((error = lg_pysrc__name_expr(out, &first, ok, src, comma - 1,
					 level + 1)) < 0 || !*ok)
		return error;
	if (first == lparen + 1) {
		lg_buf_putc(out, '.');
		if ((error = lg_pysrc__ident_string(out, ok, src, comma + 1)) <
		    0)
			return error;
	} else {
		*ok = false;
	}
	if (!*ok)
		lg_pysrc__buf_truncate(out, start);
	return 0;
}

/* Value of the call that ends at rparen, when it is a module or an
 * attribute we can name. */
static int call_value(struct lg_buf *out, uint32_t *first, bool *ok,
		      const struct lg_pysrc *src, size_t rparen, unsigned level)
{
	struct lg_buf callee = LG_BUF_INIT(LG_MAX_PY_NAME_BYTES);
	size_t lp = src->toks[rparen].match;
	int error = 0;

	*ok = false;
	if (lp == LG_PYTOK_NONE || lp == 0 || lp > rparen ||
	    !(lg_pysrc_is(src, lp - 1, LG_PYTOK_NAME, "__import__") ||
	      lg_pysrc_is(src, lp - 1, LG_PYTOK_NAME, "getattr") ||
	      lg_pysrc_is(src, lp - 1, LG_PYTOK_NAME, "import_module")))
		return 0;
	if ((error = lg_pysrc__name_expr(&callee, first, ok, src, lp - 1,
					 level + 1)) < 0 || !*ok)
		goto done;
	if (!strcmp(callee.ptr, "__import__") ||
	    !strcmp(callee.ptr, "builtins.__import__"))
		error = import_value(out, ok, src, lp, true);
	else if (!strcmp(callee.ptr, "importlib.import_module"))
		error = import_value(out, ok, src, lp, false);
	else if (!strcmp(callee.ptr, "getattr") ||
		 !strcmp(callee.ptr, "builtins.getattr"))
		error = getattr_value(out, ok, src, lp, level);
	else
		*ok = false;
done:
	lg_buf_dispose(&callee);
	return error ? error : out->err;
}

int lg_pysrc__name_expr(struct lg_buf *out, uint32_t *first, bool *ok,
			const struct lg_pysrc *src, size_t end, unsigned level)
{
	size_t s, start = out->len;
	const char *target;
	struct lg_str root;
	int error;

	*ok = false;
	if (level > LG_MAX_PY_NESTING)
		return lg_error_toobig("python name nested deeper than %u",
				       LG_MAX_PY_NESTING);
	if (lg_pysrc_is(src, end, LG_PYTOK_OP, ")"))
		return call_value(out, first, ok, src, end, level);
	if (!is_name(src, end))
		return 0;
	s = chain_start(src, end);
	if (s >= 1 && lg_pysrc_is(src, s - 1, LG_PYTOK_OP, ".")) {
		if (s < 2 || !lg_pysrc_is(src, s - 2, LG_PYTOK_OP, ")"))
			return 0;
		if ((error = call_value(out, first, ok, src, s - 2, level)) <
			    0 ||
		    !*ok)
			return error;
		error = put_tokens(out, src, s - 1, end);
	} else {
		root = lg_pysrc_text(src, s);
		target = lg_pysrc_resolve(src, root.ptr, root.len, s);
		lg_buf_put(out, target ? target : root.ptr,
			   target ? strlen(target) : root.len);
		*first = (uint32_t)s;
		*ok = true;
		error = put_tokens(out, src, s + 1, end);
	}
	if (error < 0)
		lg_pysrc__buf_truncate(out, start);
	return error;
}

static bool is_call_paren(const struct lg_pysrc *src, size_t i)
{
	if (i == 0 || !lg_pysrc_is(src, i, LG_PYTOK_OP, "("))
		return false;
	if (lg_pysrc_is(src, i - 1, LG_PYTOK_OP, ")") ||
	    lg_pysrc_is(src, i - 1, LG_PYTOK_OP, "]"))
		return true;
	if (!is_name(src, i - 1))
		return false;
	return i < 2 || !(lg_pysrc_is(src, i - 2, LG_PYTOK_NAME, "def") ||
			  lg_pysrc_is(src, i - 2, LG_PYTOK_NAME, "class"));
}

/* Callee of the call at lparen into name; "" or ".attr" when unnamed. */
static int callee_name(struct lg_buf *name, uint32_t *first,
		       const struct lg_pysrc *src, size_t lparen)
{
	bool ok;
	size_t s;
	int error;

	lg_buf_reset(name);
	*first = (uint32_t)(lparen - 1);
	if ((error = lg_pysrc__name_expr(name, first, &ok, src, lparen - 1,
					 0)) < 0 || ok)
		return error;
	if (!is_name(src, lparen - 1))
		return 0;
	s = chain_start(src, lparen - 1);
	*first = (uint32_t)s;
	lg_buf_putc(name, '.');
	return put_tokens(name, src, s, lparen - 1);
}

static int add_call(struct lg_pysrc *src, size_t *cap, const char *callee,
		    uint32_t first, size_t lparen)
{
	struct lg_pycall *v;
	uint32_t rparen = src->toks[lparen].match;

	if (src->ncalls == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if (!(v = lg__reallocarray(src->calls, *cap, sizeof(*v))))
			return lg_error_oom();
		src->calls = v;
	}
	v = &src->calls[src->ncalls++];
	v->callee = callee;
	v->first = first;
	v->lparen = (uint32_t)lparen;
	v->rparen = rparen != LG_PYTOK_NONE ? rparen
					    : (uint32_t)(src->ntoks - 1);
	v->line = src->toks[first].line;
	return 0;
}

int lg_pysrc__calls(struct lg_pysrc *src)
{
	struct lg_buf name = LG_BUF_INIT(LG_MAX_PY_NAME_BYTES);
	const char *callee;
	uint32_t first;
	size_t cap = 0;
	int error = 0;

	for (size_t i = 1; i < src->ntoks && !error; i++) {
		if (!is_call_paren(src, i))
			continue;
		if ((error = callee_name(&name, &first, src, i)) < 0 ||
		    (error = lg_pysrc__intern(&callee, src->pool, name.ptr,
					      name.len)) < 0)
			break;
		error = add_call(src, &cap, callee, first, i);
	}
	lg_buf_dispose(&name);
	return error;
}

int lg_pysrc_set_callee(struct lg_pysrc *src, size_t k, const char *name,
			size_t len)
{
	const char *callee;
	int error;

	LG_ASSERT_ARG(src && name && k < src->ncalls);
	if (len > LG_MAX_PY_NAME_BYTES)
		return lg_error_toobig("python name longer than %u bytes",
				       LG_MAX_PY_NAME_BYTES);
	if ((error = lg_pysrc__intern(&callee, src->pool, name, len)) < 0)
		return error;
	src->calls[k].callee = callee;
	return 0;
}
