/* SPDX-License-Identifier: MIT */
/* install.cmdclass-override: setup.py maps install, develop or egg_info
 * to its own class, through `cmdclass={...}`, `cmdclass=dict(...)` or a
 * variable filled with `V = {...}`, `V = dict(...)`, `V['install'] = X`
 * or `V.update(...)`. */
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* The commands that run during pip install / download. */
static const char *const risky_commands[] = {"develop", "egg_info", "install"};

#define ALL ((1u << LG_ARRAY_SIZE(risky_commands)) - 1)

/* `key: value` of a risky command, found for a variable or in place. */
struct cc_entry {
	struct lg_str var; /* empty for an entry found in place */
	unsigned command;  /* index in risky_commands */
	uint32_t key_tok;
	uint32_t first, end; /* the value (the class) */
};

struct cc_state {
	struct lg_rules__ctx *ctx;
	const struct lg_pysrc *src;
	struct cc_entry *v;
	size_t n, cap;
	struct lg_str var; /* variable the entries being read belong to */
	unsigned reported; /* bit per command */
	struct lg_buf scratch;
	bool *hooks; /* per scope: a method of a hook class */
};

static int risky_index(unsigned *out, const char *p, size_t n)
{
	for (unsigned i = 0; i < LG_ARRAY_SIZE(risky_commands); i++)
		if (strlen(risky_commands[i]) == n &&
		    !memcmp(risky_commands[i], p, n)) {
			*out = i;
			return 1;
		}
	return 0;
}

/* Stock classes (setuptools.command.install.install, ...) replace
 * nothing. */
static bool is_stock_class(const struct lg_pysrc *src, size_t first,
			   size_t end)
{
	static const char *const stock[] = {
		"distutils.command.", "setuptools._distutils.command.",
		"setuptools.command.",
	};
	struct lg_buf name = LG_BUF_INIT(LG_MAX_PY_NAME_BYTES);
	bool ok, stock_class = false;

	if (lg_rules__dotted(&name, &ok, src, first, end) == 0 && ok)
		for (size_t i = 0; i < LG_ARRAY_SIZE(stock); i++)
			if (!strncmp(name.ptr, stock[i], strlen(stock[i])))
				stock_class = true;
	lg_buf_dispose(&name);
	return stock_class;
}

static int add_entry(struct cc_state *st, unsigned command, size_t key_tok,
		     size_t first, size_t end)
{
	struct cc_entry *v;

	if (first >= end || is_stock_class(st->src, first, end))
		return 0;
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 8;
		if (!(v = lg__reallocarray(st->v, st->cap, sizeof(*v))))
			return lg_error_oom();
		st->v = v;
	}
	v = &st->v[st->n++];
	v->var = st->var;
	v->command = command;
	v->key_tok = (uint32_t)key_tok;
	v->first = (uint32_t)first;
	v->end = (uint32_t)end;
	return 0;
}

/* A key given as a string literal. */
static int string_key(struct cc_state *st, unsigned *command, bool *risky,
		      size_t i)
{
	size_t end;
	bool ok;
	int error;

	*risky = false;
	lg_buf_reset(&st->scratch);
	if ((error = lg_rules__const_string(&st->scratch, &ok, &end, st->src,
					    i)) < 0)
		return error;
	*risky = ok && end == i + 1 &&
		 risky_index(command, st->scratch.ptr, st->scratch.len);
	return 0;
}

static size_t close_of(const struct lg_pysrc *src, size_t open)
{
	uint32_t m = src->toks[open].match;

	return m == LG_PYTOK_NONE ? src->ntoks - 1 : m;
}

/* {'install': X, ...} at lbrace. */
static int read_dict(struct cc_state *st, size_t lbrace)
{
	const struct lg_pysrc *src = st->src;
	size_t end = close_of(src, lbrace),
	       depth = src->toks[lbrace].depth + 1u;
	unsigned command;
	bool risky;
	int error = 0;

	for (size_t i = lbrace + 1; i < end && !error; i++) {
		size_t comma = lg_rules__next_comma(src, i, end, depth);

		if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ":") &&
		    (error = string_key(st, &command, &risky, i)) == 0 && risky)
			error = add_entry(st, command, i, i + 2, comma);
		i = comma;
	}
	return error;
}

/* dict(install=X, ...) or V.update(...): keywords and dict literals. */
static int read_args(struct cc_state *st, size_t lparen)
{
	const struct lg_pysrc *src = st->src;
	size_t end = close_of(src, lparen),
	       depth = src->toks[lparen].depth + 1u;
	unsigned command;
	int error = 0;

	for (size_t i = lparen + 1; i < end && !error; i++) {
		size_t comma = lg_rules__next_comma(src, i, end, depth);
		struct lg_str key = lg_pysrc_text(src, i);

		if (lg_pysrc_is(src, i, LG_PYTOK_OP, "{"))
			error = read_dict(st, i);
		else if (lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
			 lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=") &&
			 risky_index(&command, key.ptr, key.len))
			error = add_entry(st, command, i, i + 2, comma);
		i = comma;
	}
	return error;
}

/* A cmdclass value: dict literal, dict(...) call or anything else. */
static int read_value(struct cc_state *st, size_t first)
{
	const struct lg_pysrc *src = st->src;

	if (lg_pysrc_is(src, first, LG_PYTOK_OP, "{"))
		return read_dict(st, first);
	if (lg_pysrc_is(src, first, LG_PYTOK_NAME, "dict") &&
	    lg_pysrc_is(src, first + 1, LG_PYTOK_OP, "("))
		return read_args(st, first + 1);
	return 0;
}

static size_t statement_end(const struct lg_pysrc *src, size_t i)
{
	while (i < src->ntoks && src->toks[i].kind != LG_PYTOK_NEWLINE &&
	       src->toks[i].kind != LG_PYTOK_ENDMARKER &&
	       !(src->toks[i].depth == 0 &&
		 lg_pysrc_is(src, i, LG_PYTOK_OP, ";")))
		i++;
	return i;
}

/* Entries that variables receive anywhere in the file. */
static int read_variables(struct cc_state *st)
{
	const struct lg_pysrc *src = st->src;
	unsigned command;
	bool risky;
	int error = 0;

	for (size_t k = 0; k < src->nassigns && !error; k++) {
		st->var = lg_pysrc_text(src, src->assigns[k].target);
		error = read_value(st, src->assigns[k].first);
	}
	for (size_t i = 0; i + 5 < src->ntoks && !error; i++) {
		if (!(src->toks[i].flags & LG_PYTOK_F_STMT) ||
		    !lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL))
			continue;
		st->var = lg_pysrc_text(src, i);
		if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "[") &&
		    lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "]") &&
		    lg_pysrc_is(src, i + 4, LG_PYTOK_OP, "=") &&
		    (error = string_key(st, &command, &risky, i + 2)) == 0 &&
		    risky)
			error = add_entry(st, command, i + 2, i + 5,
					  statement_end(src, i + 5));
		else if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ".") &&
			 lg_pysrc_is(src, i + 2, LG_PYTOK_NAME, "update") &&
			 lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "("))
			error = read_args(st, i + 3);
	}
	st->var.ptr = NULL;
	st->var.len = 0;
	return error;
}

/* The defs directly inside every class the entry's value names (`X` or
 * `mod.X`): pip runs them. */
static void mark_hooks(struct cc_state *st, const struct cc_entry *e)
{
	const struct lg_pysrc *src = st->src;
	size_t last = e->end - 1;
	struct lg_str name;

	if (!lg_pysrc_is(src, last, LG_PYTOK_NAME, NULL) ||
	    (last > e->first && !lg_pysrc_is(src, last - 1, LG_PYTOK_OP, ".")))
		return;
	name = lg_pysrc_text(src, last);
	for (size_t k = 1; k < src->nscopes; k++) {
		const struct lg_pyscope *d = &src->scopes[k], *c;
		struct lg_str cn;

		if (d->kind != LG_PYSCOPE_DEF || d->parent >= src->nscopes)
			continue;
		c = &src->scopes[d->parent];
		if (c->kind != LG_PYSCOPE_CLASS || c->name_tok == LG_PYTOK_NONE)
			continue;
		cn = lg_pysrc_text(src, c->name_tok);
		if (cn.len == name.len && !memcmp(cn.ptr, name.ptr, name.len))
			st->hooks[k] = true;
	}
}

static int report(struct cc_state *st, const struct cc_entry *e)
{
	char cls[LG_RULES_SNIPPET + 1];

	if (st->reported & (1u << e->command))
		return 0;
	if (st->hooks) /* once per command: linear in the scopes */
		mark_hooks(st, e);
	st->reported |= 1u << e->command;
	lg_rules__tokens_snippet(cls, sizeof(cls), st->src, e->first, e->end);
	return lg_rules__report(st->ctx, LG_RULE_CMDCLASS_OVERRIDE,
				LG_SEV_MEDIUM, st->src->toks[e->key_tok].line,
				"setup() cmdclass replaces '%s' with '%s'",
				risky_commands[e->command], cls);
}

static int compare_entry(const void *a, const void *b)
{
	const struct cc_entry *x = a, *y = b;
	size_t n = x->var.len < y->var.len ? x->var.len : y->var.len;
	int c = n ? memcmp(x->var.ptr, y->var.ptr, n) : 0;

	if (c)
		return c;
	if (x->var.len != y->var.len)
		return x->var.len < y->var.len ? -1 : 1;
	if (x->command != y->command)
		return x->command < y->command ? -1 : 1;
	return x->key_tok < y->key_tok ? -1 : x->key_tok > y->key_tok;
}

/* Keeps the first entry of each (variable, command): at most three per
 * variable, whatever the file repeats. */
static void unique_entries(struct cc_state *st)
{
	size_t n = 0;

	for (size_t i = 0; i < st->n; i++)
		if (!n || st->v[n - 1].command != st->v[i].command ||
		    st->v[n - 1].var.len != st->v[i].var.len ||
		    memcmp(st->v[n - 1].var.ptr, st->v[i].var.ptr,
			   st->v[i].var.len))
			st->v[n++] = st->v[i];
	st->n = n;
}

/* Entries of variable name (sorted st->v). */
static int report_variable(struct cc_state *st, struct lg_str name)
{
	struct cc_entry key = {name, 0, 0, 0, 0};
	size_t lo = 0, hi = st->n;
	int error = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (compare_entry(&st->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < st->n && !error && st->v[lo].var.len == name.len &&
	       !memcmp(st->v[lo].var.ptr, name.ptr, name.len);
	     lo++)
		error = report(st, &st->v[lo]);
	return error;
}

/* Value token of `cmdclass=V`, `'cmdclass': V`, `x['cmdclass'] = V`. */
static size_t cmdclass_value(struct cc_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;
	bool ok;
	size_t end;

	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "cmdclass"))
		return src->toks[i].depth > 0 &&
			       lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=")
			       ? i + 2
			       : 0;
	/* A lone short literal: 'cmdclass' with at most a prefix letter. */
	if (!lg_pysrc_is(src, i, LG_PYTOK_STRING, NULL) ||
	    src->toks[i].len > 16 ||
	    lg_pysrc_is(src, i + 1, LG_PYTOK_STRING, NULL))
		return 0;
	lg_buf_reset(&st->scratch);
	if (lg_rules__const_string(&st->scratch, &ok, &end, src, i) < 0 ||
	    !ok || end != i + 1 || strcmp(st->scratch.ptr, "cmdclass"))
		return 0;
	if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ":"))
		return i + 2;
	if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "]") &&
	    lg_pysrc_is(src, i + 2, LG_PYTOK_OP, "="))
		return i + 3;
	return 0;
}

static int check_uses(struct cc_state *st)
{
	const struct lg_pysrc *src = st->src;
	size_t base = st->n, v;
	int error = 0;

	for (size_t i = 0; i < src->ntoks && !error && st->reported != ALL;
	     i++) {
		if (!(v = cmdclass_value(st, i)))
			continue;
		if (st->scratch.err)
			return st->scratch.err;
		if (lg_pysrc_is(src, v, LG_PYTOK_NAME, NULL) &&
		    !lg_pysrc_is(src, v + 1, LG_PYTOK_OP, "(") &&
		    !lg_pysrc_is(src, v + 1, LG_PYTOK_OP, ".")) {
			error = report_variable(st, lg_pysrc_text(src, v));
			continue;
		}
		st->n = base; /* entries found in place live past base */
		if ((error = read_value(st, v)) < 0)
			break;
		for (size_t k = base; k < st->n && !error; k++)
			error = report(st, &st->v[k]);
		st->n = base;
	}
	return error;
}

int lg_rules__cmdclass(struct lg_rules__ctx *ctx, bool *hooks)
{
	struct cc_state st = {ctx, ctx->src, NULL, 0, 0, {NULL, 0}, 0,
			      LG_BUF_INIT(LG_MAX_MEMBER_BYTES), hooks};
	int error;

	if ((error = read_variables(&st)) < 0)
		goto done;
	if (st.n)
		qsort(st.v, st.n, sizeof(*st.v), compare_entry);
	unique_entries(&st);
	error = check_uses(&st);
done:
	lg__free(st.v);
	lg_buf_dispose(&st.scratch);
	return error;
}
