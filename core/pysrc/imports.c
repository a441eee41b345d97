/* SPDX-License-Identifier: MIT */
/* Import tracking (local alias -> dotted name) and simple assignments. */
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "pysrc_private.h"

struct import_state {
	struct lg_pysrc *src;
	size_t cap_imports, cap_assigns;
	struct lg_buf name; /* scratch: dotted name being read */
};

static int bind(struct import_state *st, size_t alias_tok, const char *target,
		size_t tlen)
{
	struct lg_pysrc *src = st->src;
	struct lg_str a = lg_pysrc_text(src, alias_tok);
	struct lg_pyimport *v;
	int error;

	if (src->nimports == st->cap_imports) {
		st->cap_imports = st->cap_imports ? st->cap_imports * 2 : 16;
		if (!(v = lg__reallocarray(src->imports, st->cap_imports,
					   sizeof(*v))))
			return lg_error_oom();
		src->imports = v;
	}
	v = &src->imports[src->nimports];
	v->tok = (uint32_t)alias_tok;
	v->scope = src->toks[alias_tok].scope;
	if ((error = lg_pysrc__intern(&v->alias, src->pool, a.ptr, a.len)) <
		    0 ||
	    (error = lg_pysrc__intern(&v->target, src->pool, target, tlen)) < 0)
		return error;
	src->nimports++;
	return 0;
}

/* Reads NAME(.NAME)* at *i into st->name (appending); false if none. */
static bool read_dotted(struct import_state *st, size_t *i)
{
	const struct lg_pysrc *src = st->src;
	struct lg_str s;

	if (!lg_pysrc_is(src, *i, LG_PYTOK_NAME, NULL) ||
	    lg_pysrc__is_keyword(src, *i))
		return false;
	for (;;) {
		s = lg_pysrc_text(src, (*i)++);
		lg_buf_put(&st->name, s.ptr, s.len);
		if (!lg_pysrc_is(src, *i, LG_PYTOK_OP, ".") ||
		    !lg_pysrc_is(src, *i + 1, LG_PYTOK_NAME, NULL))
			return true;
		lg_buf_putc(&st->name, '.');
		(*i)++;
	}
}

/* import a.b.c [as x] (, ...)* */
static int read_import(struct import_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;
	int error = 0;

	for (i++; !error; i++) {
		size_t start = i;
		const char *dot;

		lg_buf_reset(&st->name);
		if (!read_dotted(st, &i) || (error = st->name.err) < 0)
			break;
		if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "as") &&
		    lg_pysrc_is(src, i + 1, LG_PYTOK_NAME, NULL)) {
			error = bind(st, i + 1, st->name.ptr, st->name.len);
			i += 2;
		} else {
			dot = memchr(st->name.ptr, '.', st->name.len);
			error = bind(st, start, st->name.ptr,
				     dot ? (size_t)(dot - st->name.ptr)
					 : st->name.len);
		}
		if (!lg_pysrc_is(src, i, LG_PYTOK_OP, ","))
			break;
	}
	return error;
}

/* One `name [as alias]` of a from-import; *i moves past it. */
static int read_from_name(struct import_state *st, size_t *i, size_t modlen)
{
	const struct lg_pysrc *src = st->src;
	size_t alias = *i;
	struct lg_str n = lg_pysrc_text(src, *i);

	lg_pysrc__buf_truncate(&st->name, modlen);
	if (modlen && st->name.ptr[modlen - 1] != '.')
		lg_buf_putc(&st->name, '.');
	lg_buf_put(&st->name, n.ptr, n.len);
	if (st->name.err)
		return st->name.err;
	(*i)++;
	if (lg_pysrc_is(src, *i, LG_PYTOK_NAME, "as") &&
	    lg_pysrc_is(src, *i + 1, LG_PYTOK_NAME, NULL)) {
		alias = *i + 1;
		*i += 2;
	}
	return bind(st, alias, st->name.ptr, st->name.len);
}

/* from [.]*mod import a [as b] (, ...)* -- also in parentheses. */
static int read_from(struct import_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;
	size_t modlen;
	int error = 0;

	lg_buf_reset(&st->name);
	for (i++; lg_pysrc_is(src, i, LG_PYTOK_OP, ".") ||
		  lg_pysrc_is(src, i, LG_PYTOK_OP, "...");
	     i++)
		lg_buf_put(&st->name, src->buf + src->toks[i].off,
			   src->toks[i].len);
	if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, "import"))
		read_dotted(st, &i);
	if (st->name.err || !lg_pysrc_is(src, i++, LG_PYTOK_NAME, "import"))
		return st->name.err;
	modlen = st->name.len;
	if (lg_pysrc_is(src, i, LG_PYTOK_OP, "("))
		i++;
	while (!error && lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
	       !lg_pysrc__is_keyword(src, i)) {
		error = read_from_name(st, &i, modlen);
		if (!lg_pysrc_is(src, i++, LG_PYTOK_OP, ","))
			break;
	}
	return error;
}

static size_t statement_end(const struct lg_pysrc *src, size_t i)
{
	for (; i < src->ntoks; i++) {
		const struct lg_pytok *t = &src->toks[i];

		if (t->kind == LG_PYTOK_NEWLINE ||
		    t->kind == LG_PYTOK_ENDMARKER ||
		    t->kind == LG_PYTOK_INDENT || t->kind == LG_PYTOK_DEDENT ||
		    (t->depth == 0 && lg_pysrc_is(src, i, LG_PYTOK_OP, ";")))
			break;
	}
	return i;
}

static int add_assign(struct import_state *st, size_t target, size_t first,
		      size_t end)
{
	struct lg_pysrc *src = st->src;
	struct lg_pyassign *v;

	if (src->nassigns == st->cap_assigns) {
		st->cap_assigns = st->cap_assigns ? st->cap_assigns * 2 : 16;
		if (!(v = lg__reallocarray(src->assigns, st->cap_assigns,
					   sizeof(*v))))
			return lg_error_oom();
		src->assigns = v;
	}
	v = &src->assigns[src->nassigns++];
	v->target = (uint32_t)target;
	v->first = (uint32_t)first;
	v->end = (uint32_t)end;
	return 0;
}

/* `a = b = value` and `a: T = value` at the start of a statement. */
static int read_assign(struct import_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;
	size_t j = i, end, first;
	int error = 0;

	if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ":")) {
		end = statement_end(src, i);
		for (j = i + 2; j < end; j++)
			if (src->toks[j].depth == 0 &&
			    lg_pysrc_is(src, j, LG_PYTOK_OP, "="))
				return j + 1 < end
					       ? add_assign(st, i, j + 1, end)
					       : 0;
		return 0;
	}
	while (lg_pysrc_is(src, j, LG_PYTOK_NAME, NULL) &&
	       lg_pysrc_is(src, j + 1, LG_PYTOK_OP, "="))
		j += 2;
	first = j;
	end = statement_end(src, first);
	for (j = i; j < first && !error && first < end; j += 2)
		error = add_assign(st, j, first, end);
	return error;
}

static int read_statement(struct import_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;

	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "import"))
		return read_import(st, i);
	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "from"))
		return read_from(st, i);
	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
	    !lg_pysrc__is_keyword(src, i) &&
	    (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=") ||
	     lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ":")))
		return read_assign(st, i);
	return 0;
}

static int compare_import(const void *a, const void *b)
{
	const struct lg_pyimport *x = a, *y = b;
	int c = strcmp(x->alias, y->alias);

	if (c)
		return c;
	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	return x->tok < y->tok ? -1 : x->tok > y->tok;
}

static int build_index(struct lg_pysrc *src)
{
	struct lg_pyimport *v;

	lg__free(src->imports_sorted);
	src->imports_sorted = NULL;
	src->nimports_sorted = 0;
	if (!src->nimports)
		return 0;
	if (!(v = lg__reallocarray(NULL, src->nimports, sizeof(*v))))
		return lg_error_oom();
	memcpy(v, src->imports, src->nimports * sizeof(*v));
	qsort(v, src->nimports, sizeof(*v), compare_import);
	src->imports_sorted = v;
	src->nimports_sorted = src->nimports;
	return 0;
}

/* `x = a.b` / `x = __import__('m')` bind x, resolved against the imports
 * (not against other such aliases, so there are no cycles). */
static int bind_value_aliases(struct import_state *st)
{
	struct lg_pysrc *src = st->src;
	size_t n = src->nassigns;
	uint32_t first;
	bool ok;
	int error = 0;

	for (size_t k = 0; k < n && !error; k++) {
		const struct lg_pyassign *a = &src->assigns[k];

		lg_buf_reset(&st->name);
		if ((error = lg_pysrc__name_expr(&st->name, &first, &ok, src,
						 a->end - 1, 0)) < 0)
			break;
		if (ok && first == a->first)
			error = bind(st, a->target, st->name.ptr, st->name.len);
	}
	return error;
}

int lg_pysrc__imports(struct lg_pysrc *src)
{
	struct import_state st = {src, 0, 0, LG_BUF_INIT(LG_MAX_PY_NAME_BYTES)};
	int error = 0;

	for (size_t i = 0; i < src->ntoks && !error; i++)
		if (src->toks[i].flags & LG_PYTOK_F_STMT)
			error = read_statement(&st, i);
	if (!error)
		error = build_index(src);
	if (!error)
		error = bind_value_aliases(&st);
	if (!error)
		error = build_index(src);
	lg_buf_dispose(&st.name);
	return error;
}

/* Order of binding v against (name, scope, tok). */
static int compare_key(const struct lg_pyimport *v, const char *name,
		       size_t len, uint32_t scope, size_t tok)
{
	int c = strncmp(v->alias, name, len);

	if (c == 0 && v->alias[len] != '\0')
		c = 1;
	if (c == 0 && v->scope != scope)
		c = v->scope < scope ? -1 : 1;
	if (c == 0 && v->tok != tok)
		c = v->tok < tok ? -1 : 1;
	return c;
}

/* First sorted binding not below (name, scope, tok). */
static size_t lower_bound(const struct lg_pysrc *src, const char *name,
			  size_t len, uint32_t scope, size_t tok)
{
	size_t lo = 0, hi = src->nimports_sorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (compare_key(&src->imports_sorted[mid], name, len, scope,
				tok) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Target of name bound in scope: the last binding before at, else the
 * first one after it (a def may use a module import written below it).
 * *found tells whether the scope binds name at all. */
static const char *lookup_in(const struct lg_pysrc *src, const char *name,
			     size_t len, uint32_t scope, size_t at, bool *found)
{
	const struct lg_pyimport *v = src->imports_sorted;
	size_t first = lower_bound(src, name, len, scope, 0);
	size_t k = lower_bound(src, name, len, scope, at);

	*found = first < src->nimports_sorted &&
		 compare_key(&v[first], name, len, scope, v[first].tok) == 0;
	if (!*found)
		return NULL;
	return k > first ? v[k - 1].target : v[first].target;
}

const char *lg_pysrc_resolve(const struct lg_pysrc *src, const char *name,
			     size_t len, size_t at)
{
	uint32_t start, scope;
	const char *target;
	bool found;

	if (!src || !src->nimports_sorted || memchr(name, '\0', len))
		return NULL;
	start = at < src->ntoks ? src->toks[at].scope : 0;
	for (scope = start; scope != LG_PYTOK_NONE;
	     scope = src->scopes[scope].parent) {
		if (scope != start &&
		    src->scopes[scope].kind == LG_PYSCOPE_CLASS)
			continue;
		target = lookup_in(src, name, len, scope, at, &found);
		if (found)
			return target;
	}
	return NULL;
}
