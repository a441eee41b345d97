/* SPDX-License-Identifier: MIT */
/* Statement starts and def/class scopes, from the token stream alone. */
#include "lg/pysrc.h"
#include "pysrc_private.h"

#define SCOPE_STACK (LG_MAX_PY_NESTING + 2u)

struct frame {
	uint32_t scope;
	uint32_t body_indent; /* 0: inline body, ends with the logical line */
};

struct scope_state {
	struct lg_pysrc *src;
	size_t cap;
	struct frame stack[SCOPE_STACK];
	size_t nstack;
	uint32_t indent;
	bool stmt_next, header, want_block;
	enum lg_pyscope_kind pending; /* MODULE: no def/class header open */
	uint32_t pending_name;
};

static const char *const compound_words[] = {
	"async", "class", "def", "elif", "else", "except", "finally",
	"for",   "if",    "try", "while", "with",
};

static bool is_word(const struct lg_pysrc *src, size_t i,
		    const char *const *words, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (lg_pysrc_is(src, i, LG_PYTOK_NAME, words[k]))
			return true;
	return false;
}

static int push(struct scope_state *st, enum lg_pyscope_kind kind,
		uint32_t name, size_t first, uint32_t body_indent)
{
	struct lg_pysrc *src = st->src;
	struct lg_pyscope *v;

	if (st->nstack >= SCOPE_STACK)
		return lg_error_toobig("python scopes nested deeper than %u",
				       LG_MAX_PY_NESTING);
	if (src->nscopes == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		if (!(v = lg__reallocarray(src->scopes, st->cap, sizeof(*v))))
			return lg_error_oom();
		src->scopes = v;
	}
	v = &src->scopes[src->nscopes];
	v->kind = kind;
	v->parent = st->nstack ? st->stack[st->nstack - 1].scope
			       : LG_PYTOK_NONE;
	v->name_tok = name;
	v->first = (uint32_t)first;
	v->end = (uint32_t)src->ntoks;
	st->stack[st->nstack].scope = (uint32_t)src->nscopes++;
	st->stack[st->nstack++].body_indent = body_indent;
	return 0;
}

static void pop(struct scope_state *st, size_t end)
{
	st->src->scopes[st->stack[--st->nstack].scope].end = (uint32_t)end;
}

static uint32_t top(const struct scope_state *st)
{
	return st->stack[st->nstack - 1].scope;
}

static size_t next_code(const struct lg_pysrc *src, size_t i)
{
	while (i < src->ntoks && src->toks[i].kind == LG_PYTOK_COMMENT)
		i++;
	return i;
}

/* The ':' ending a def/class header opens its body: an indented block
 * after the NEWLINE, or the rest of the line. */
static int header_colon(struct scope_state *st, size_t i)
{
	enum lg_pyscope_kind kind = st->pending;

	st->pending = LG_PYSCOPE_MODULE;
	if (kind == LG_PYSCOPE_MODULE)
		return 0;
	if (lg_pysrc_is(st->src, next_code(st->src, i + 1), LG_PYTOK_NEWLINE,
			NULL)) {
		st->want_block = true;
		st->pending = kind; /* kept for the INDENT */
		return 0;
	}
	return push(st, kind, st->pending_name, i + 1, 0);
}

static void statement_start(struct scope_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;

	src->toks[i].flags |= LG_PYTOK_F_STMT;
	st->stmt_next = false;
	st->header = is_word(src, i, compound_words,
			     LG_ARRAY_SIZE(compound_words));
	st->pending = LG_PYSCOPE_MODULE;
	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "async"))
		i++;
	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "def"))
		st->pending = LG_PYSCOPE_DEF;
	else if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "class"))
		st->pending = LG_PYSCOPE_CLASS;
	st->pending_name = lg_pysrc_is(src, i + 1, LG_PYTOK_NAME, NULL)
				   ? (uint32_t)(i + 1)
				   : LG_PYTOK_NONE;
}

static int code_token(struct scope_state *st, size_t i)
{
	struct lg_pytok *t = &st->src->toks[i];
	int error = 0;

	if (st->want_block) {
		st->want_block = false;
		st->pending = LG_PYSCOPE_MODULE;
	}
	if (st->stmt_next)
		statement_start(st, i);
	t->scope = top(st);
	if (t->kind != LG_PYTOK_OP || t->depth != 0)
		return 0;
	if (lg_pysrc_is(st->src, i, LG_PYTOK_OP, ";")) {
		st->stmt_next = true;
		st->pending = LG_PYSCOPE_MODULE;
	} else if (st->header && lg_pysrc_is(st->src, i, LG_PYTOK_OP, ":")) {
		st->header = false;
		st->stmt_next = true;
		error = header_colon(st, i);
	}
	return error;
}

static int layout_token(struct scope_state *st, size_t i)
{
	struct lg_pytok *t = &st->src->toks[i];
	int error = 0;

	st->stmt_next = true;
	st->header = false;
	if (t->kind == LG_PYTOK_INDENT) {
		st->indent++;
		if (st->want_block)
			error = push(st, st->pending, st->pending_name, i,
				     st->indent);
		st->want_block = false;
		st->pending = LG_PYSCOPE_MODULE;
	} else if (t->kind == LG_PYTOK_DEDENT) {
		st->indent--;
		while (st->nstack > 1 &&
		       st->stack[st->nstack - 1].body_indent > st->indent)
			pop(st, i);
		st->want_block = false;
	}
	t->scope = top(st);
	if (t->kind == LG_PYTOK_NEWLINE) {
		while (st->nstack > 1 &&
		       st->stack[st->nstack - 1].body_indent == 0)
			pop(st, i + 1);
		if (!st->want_block)
			st->pending = LG_PYSCOPE_MODULE;
	}
	return error;
}

int lg_pysrc__scopes(struct lg_pysrc *src)
{
	struct scope_state *st;
	int error = 0;

	if (!(st = lg__calloc(1, sizeof(*st))))
		return lg_error_oom();
	st->src = src;
	st->stmt_next = true;
	if ((error = push(st, LG_PYSCOPE_MODULE, LG_PYTOK_NONE, 0, 0)) < 0)
		goto done;
	for (size_t i = 0; i < src->ntoks && !error; i++) {
		switch (src->toks[i].kind) {
		case LG_PYTOK_COMMENT:
			src->toks[i].scope = top(st);
			break;
		case LG_PYTOK_INDENT:
		case LG_PYTOK_DEDENT:
		case LG_PYTOK_NEWLINE:
			error = layout_token(st, i);
			break;
		case LG_PYTOK_ENDMARKER:
			while (st->nstack > 1)
				pop(st, i);
			src->toks[i].scope = 0;
			break;
		default:
			error = code_token(st, i);
		}
	}
done:
	lg__free(st);
	return error;
}
