/* SPDX-License-Identifier: MIT */
/* exec.decode-exec: exec/eval/compile fed by a decoder, directly or
 * through a variable assigned from one earlier in the same scope (or at
 * module level). One forward pass in token order: assignments update a
 * (scope, name) -> decoder map, sinks read it. */
#include "lg/buf.h"
#include "lg/pysrc.h"
#include "rules_private.h"

struct taint_slot {
	const char *name;    /* in the source; NULL: empty slot */
	size_t len;
	uint32_t scope;
	const char *decoder; /* NULL: the variable holds nothing decoded */
};

struct taint_map {
	struct taint_slot *v;
	size_t cap, n;
};

struct dx_state {
	struct lg_rules__ctx *ctx;
	const struct lg_pysrc *src;
	struct taint_map map;
	enum lg_severity sev;
	size_t reported_until; /* sinks inside a reported one are skipped */
};

static size_t slot_of(const struct taint_map *m, const char *name,
		      size_t len, uint32_t scope)
{
	size_t i = (size_t)lg_rules__name_hash(name, len, scope) & (m->cap - 1);

	while (m->v[i].name && (m->v[i].scope != scope || m->v[i].len != len ||
				memcmp(m->v[i].name, name, len)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int map_grow(struct taint_map *m)
{
	struct taint_map bigger = {NULL, m->cap ? m->cap * 2 : 64, m->n};

	if (!(bigger.v = lg__calloc(bigger.cap, sizeof(*bigger.v))))
		return lg_error_oom();
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].name)
			bigger.v[slot_of(&bigger, m->v[i].name, m->v[i].len,
					 m->v[i].scope)] = m->v[i];
	lg__free(m->v);
	*m = bigger;
	return 0;
}

static int map_set(struct taint_map *m, struct lg_str name, uint32_t scope,
		   const char *decoder)
{
	size_t i;
	int error;

	if ((m->n + 1) * 2 > m->cap && (error = map_grow(m)) < 0)
		return error;
	i = slot_of(m, name.ptr, name.len, scope);
	if (!m->v[i].name) {
		m->v[i].name = name.ptr;
		m->v[i].len = name.len;
		m->v[i].scope = scope;
		m->n++;
	}
	m->v[i].decoder = decoder;
	return 0;
}

static const char *map_get(const struct taint_map *m, struct lg_str name,
			   uint32_t scope)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = slot_of(m, name.ptr, name.len, scope);
	return m->v[i].name ? m->v[i].decoder : NULL;
}

/* First decoder call whose '(' is in tokens [first, end). */
static const char *decoder_in(const struct lg_pysrc *src, size_t first,
			      size_t end)
{
	for (size_t k = lg_pysrc_first_call(src, first);
	     k < src->ncalls && src->calls[k].lparen < end; k++)
		if (lg_rules__is_decoder(src->calls[k].callee))
			return src->calls[k].callee;
	return NULL;
}

/* A NAME read as a variable: not an attribute, not a keyword argument. */
static bool is_variable_use(const struct lg_pysrc *src, size_t i)
{
	return lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
	       !(i > 0 && lg_pysrc_is(src, i - 1, LG_PYTOK_OP, ".")) &&
	       !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=");
}

/* Decoder behind the first variable in [first, end) that holds decoded
 * data; *var gets its token. */
static const char *tainted_in(const struct dx_state *st, size_t first,
			      size_t end, size_t *var)
{
	const struct lg_pysrc *src = st->src;
	const char *d;

	if (!st->map.n)
		return NULL;
	for (size_t i = first; i < end; i++) {
		if (!is_variable_use(src, i))
			continue;
		d = map_get(&st->map, lg_pysrc_text(src, i),
			    src->toks[i].scope);
		if (!d && src->toks[i].scope != 0)
			d = map_get(&st->map, lg_pysrc_text(src, i), 0);
		if (d) {
			*var = i;
			return d;
		}
	}
	return NULL;
}

/* Records what assignment k leaves in its target. `a = b = v` share the
 * value, which is judged once. */
static int apply_assign(struct dx_state *st, size_t k, const char **last)
{
	const struct lg_pysrc *src = st->src;
	const struct lg_pyassign *a = &src->assigns[k];
	size_t var;

	if (k == 0 || a->first != src->assigns[k - 1].first) {
		*last = decoder_in(src, a->first, a->end);
		if (!*last)
			*last = tainted_in(st, a->first, a->end, &var);
	}
	return map_set(&st->map, lg_pysrc_text(src, a->target),
		       src->toks[a->target].scope, *last);
}

static int check_sink(struct dx_state *st, const struct lg_pycall *c)
{
	const struct lg_pysrc *src = st->src;
	const char *d;
	struct lg_str v;
	size_t var = LG_PYTOK_NONE;

	if (c->lparen < st->reported_until ||
	    !lg_rules__is_exec_sink(c->callee))
		return 0;
	if (!(d = decoder_in(src, c->lparen + 1, c->rparen)) &&
	    !(d = tainted_in(st, c->lparen + 1, c->rparen, &var)))
		return 0;
	st->reported_until = c->rparen;
	if (var == LG_PYTOK_NONE)
		return lg_rules__report(st->ctx, LG_RULE_DECODE_EXEC, st->sev,
					c->line,
					"'" LG_RULES_NAME "' runs code decoded "
					"by '" LG_RULES_NAME "'",
					c->callee, d);
	v = lg_pysrc_text(src, var);
	return lg_rules__report(
		st->ctx, LG_RULE_DECODE_EXEC, st->sev, c->line,
		"'" LG_RULES_NAME "' runs '%.*s', decoded by '" LG_RULES_NAME
		"'",
		c->callee,
		(int)(v.len > LG_RULES_SNIPPET ? LG_RULES_SNIPPET : v.len),
		v.ptr, d);
}

int lg_rules__decode_exec(struct lg_rules__ctx *ctx, enum lg_severity sev)
{
	struct dx_state st = {ctx, ctx->src, {NULL, 0, 0}, sev, 0};
	const struct lg_pysrc *src = ctx->src;
	const char *last = NULL;
	size_t a = 0;
	int error = 0;

	for (size_t k = 0; k < src->ncalls && !error; k++) {
		const struct lg_pycall *c = &src->calls[k];

		while (!error && a < src->nassigns &&
		       src->assigns[a].end <= c->lparen)
			error = apply_assign(&st, a++, &last);
		if (!error)
			error = check_sink(&st, c);
	}
	lg__free(st.map.v);
	return error;
}
