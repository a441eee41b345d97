/* SPDX-License-Identifier: MIT */
/* A recursive-descent evaluator over lg_pysrc tokens for the constant
 * subset of Python expressions: literals, operators, subscripts, calls
 * of a few builtins and decoders, comprehensions, and names bound to
 * constants. Anything else is "not a constant" (LG_FV_NONE). Work and
 * nesting are bounded (LG_MAX_FOLD_STEPS, LG_MAX_FOLD_DEPTH). */
#include "lg/buf.h"
#include "pyfold_private.h"

static int expr(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		size_t *pos, size_t end);

int lg_pyfold__step(struct lg_pyfold__ctx *f, size_t n)
{
	f->steps += n;
	if (f->steps > LG_MAX_FOLD_STEPS)
		return lg_error_toobig("folding an expression took more than "
				       "%u steps",
				       LG_MAX_FOLD_STEPS);
	return 0;
}

int lg_pyfold__enter(struct lg_pyfold__ctx *f)
{
	if (f->depth >= LG_MAX_FOLD_DEPTH)
		return lg_error_toobig("expression nested deeper than %u "
				       "levels",
				       LG_MAX_FOLD_DEPTH);
	f->depth++;
	return 0;
}

size_t lg_pyfold__skip(const struct lg_pyfold__ctx *f, size_t i, size_t end)
{
	while (i < end && f->src->toks[i].kind == LG_PYTOK_COMMENT)
		i++;
	return i;
}

static bool is_op(const struct lg_pyfold__ctx *f, size_t i, const char *op)
{
	return lg_pysrc_is(f->src, i, LG_PYTOK_OP, op);
}

static bool is_name(const struct lg_pyfold__ctx *f, size_t i, const char *text)
{
	return lg_pysrc_is(f->src, i, LG_PYTOK_NAME, text);
}

static bool is_open(const struct lg_pyfold__ctx *f, size_t i)
{
	return is_op(f, i, "(") || is_op(f, i, "[") || is_op(f, i, "{");
}

/* Partner of the bracket at i when it closes before end, else NONE. */
static size_t closing(const struct lg_pyfold__ctx *f, size_t i, size_t end)
{
	uint32_t m = f->src->toks[i].match;

	return m != LG_PYTOK_NONE && m > i && m < end ? m : LG_PYTOK_NONE;
}

static bool str_eq(struct lg_str a, struct lg_str b)
{
	return a.len == b.len && !memcmp(a.ptr, b.ptr, a.len);
}

/* ---- top-level structure of a range ------------------------------------- */

struct top {
	size_t nfor, nif, ncomma;
	size_t first_for;
	bool ok; /* brackets balanced inside the range */
};

static int scan_top(struct lg_pyfold__ctx *f, struct top *t, size_t first,
		    size_t end)
{
	size_t m;

	memset(t, 0, sizeof(*t));
	t->first_for = LG_PYTOK_NONE;
	t->ok = true;
	if (end > first) {
		int error = lg_pyfold__step(f, end - first);

		if (error < 0)
			return error;
	}
	for (size_t i = first; i < end; i++) {
		if (is_open(f, i)) {
			if ((m = closing(f, i, end)) == LG_PYTOK_NONE) {
				t->ok = false;
				return 0;
			}
			i = m;
		} else if (is_op(f, i, ",")) {
			t->ncomma++;
		} else if (is_name(f, i, "for")) {
			if (!t->nfor++)
				t->first_for = i;
		} else if (is_name(f, i, "if")) {
			t->nif++;
		} else if (is_name(f, i, "lambda")) {
			return 0; /* its body runs to the end */
		}
	}
	return 0;
}

/* ---- names --------------------------------------------------------------- */

static bool is_param(struct lg_pyfold__ctx *f, uint32_t scope,
		     struct lg_str name)
{
	const struct lg_pysrc *src = f->src;
	uint32_t nt = src->scopes[scope].name_tok;
	size_t lp, rp;

	if (nt == LG_PYTOK_NONE || nt + 1 >= src->ntoks ||
	    !is_op(f, nt + 1, "("))
		return false;
	lp = nt + 1;
	rp = src->toks[lp].match;
	if (rp == LG_PYTOK_NONE || rp <= lp)
		return false;
	for (size_t i = lp + 1; i < rp; i++)
		if (src->toks[i].kind == LG_PYTOK_NAME &&
		    str_eq(lg_pysrc_text(src, i), name))
			return true;
	return false;
}

static bool binds_before(const struct lg_pyfold__ctx *f, size_t i)
{
	return i > 0 && (is_name(f, i - 1, "for") || is_name(f, i - 1, "as") ||
			 is_name(f, i - 1, "del") ||
			 is_name(f, i - 1, "global") ||
			 is_name(f, i - 1, "nonlocal") ||
			 is_name(f, i - 1, "import") ||
			 is_name(f, i - 1, "def") || is_name(f, i - 1, "class"));
}

/* An augmented assignment (+= ...) or := after the name. */
static bool binds_after(const struct lg_pyfold__ctx *f, size_t i)
{
	struct lg_str s = lg_pysrc_text(f->src, i + 1);

	if (!lg_pysrc_is(f->src, i + 1, LG_PYTOK_OP, NULL) || s.len < 2 ||
	    s.ptr[s.len - 1] != '=')
		return false;
	return !(s.len == 2 && (s.ptr[0] == '=' || s.ptr[0] == '<' ||
				s.ptr[0] == '>' || s.ptr[0] == '!'));
}

/* Whether name is bound again in scope between tokens [from, to) in a
 * way the assignment list does not show (loops, +=, tuple targets, ...). */
static int rebound(struct lg_pyfold__ctx *f, bool *out, struct lg_str name,
		   uint32_t scope, size_t from, size_t to)
{
	const struct lg_pysrc *src = f->src;
	int error = 0;

	*out = false;
	if (to > from && (error = lg_pyfold__step(f, to - from)) < 0)
		return error;
	for (size_t i = from; i < to && !*out; i++) {
		if (src->toks[i].kind != LG_PYTOK_NAME ||
		    src->toks[i].scope != scope ||
		    !str_eq(lg_pysrc_text(src, i), name))
			continue;
		*out = binds_before(f, i) || binds_after(f, i) ||
		       (src->toks[i].depth == 0 &&
			(is_op(f, i - 1, ",") || is_op(f, i + 1, ",")));
	}
	return 0;
}

/* Whether name is a lambda parameter or a for target (comprehension or
 * loop header) in the statement of use: then it is not the variable the
 * assignments describe. Over-approximates (any lambda or for of the
 * statement counts): "not a constant". */
static int locally_bound(struct lg_pyfold__ctx *f, bool *out, size_t use,
			 struct lg_str name)
{
	const struct lg_pysrc *src = f->src;
	size_t first = use, end = use + 1, steps = 0;

	*out = false;
	while (first > 0 && !(src->toks[first].flags & LG_PYTOK_F_STMT))
		first--;
	while (end < src->ntoks && !(src->toks[end].flags & LG_PYTOK_F_STMT) &&
	       src->toks[end].kind != LG_PYTOK_NEWLINE &&
	       src->toks[end].kind != LG_PYTOK_ENDMARKER)
		end++;
	for (size_t i = first; i < end && !*out; i++) {
		if (!is_name(f, i, "lambda") && !is_name(f, i, "for"))
			continue;
		for (size_t j = i + 1; j < end && !*out; j++, steps++) {
			if (is_op(f, j, ":") || is_name(f, j, "in"))
				break;
			*out = src->toks[j].kind == LG_PYTOK_NAME &&
			       str_eq(lg_pysrc_text(src, j), name);
		}
	}
	return lg_pyfold__step(f, steps + (end - first));
}

static bool assign_is(const struct lg_pysrc *src, const struct lg_pyassign *a,
		      struct lg_str name, uint32_t scope)
{
	return src->toks[a->target].scope == scope &&
	       str_eq(lg_pysrc_text(src, a->target), name);
}


/* The assignment giving name its value at use, looking in scope s: the
 * last one before use; from an enclosing scope also the only one there.
 * *bound: s binds name some other way (so enclosing scopes do not
 * count). */
static int find_in_scope(struct lg_pyfold__ctx *f,
			 const struct lg_pyassign **out, bool *bound,
			 struct lg_str name, uint32_t s, size_t use, bool same)
{
	const struct lg_pysrc *src = f->src;
	const struct lg_pyassign *only = NULL;
	size_t k = lg_pysrc_first_assign(src, use), count = 0, scanned = 0;
	int error = 0;

	*out = NULL;
	*bound = false;
	for (size_t j = k; j > 0 && !*out; j--, scanned++)
		if (src->assigns[j - 1].end <= use &&
		    assign_is(src, &src->assigns[j - 1], name, s))
			*out = &src->assigns[j - 1];
	for (size_t j = k; !*out && j < src->nassigns && count < 2;
	     j++, scanned++)
		if (assign_is(src, &src->assigns[j], name, s)) {
			only = &src->assigns[j];
			count++;
		}
	if ((error = lg_pyfold__step(f, scanned)) < 0 || *out)
		return error;
	if (count == 1 && !same)
		*out = only;
	else if (count ||
		 (src->scopes[s].kind == LG_PYSCOPE_DEF &&
		  is_param(f, s, name)))
		*bound = true;
	return 0;
}

/* The value of assignment k, through the memo (so a = b + b; c = a + a
 * ... stays linear). Comprehension bindings are hidden meanwhile: an
 * assignment's value is evaluated where it was written. */
static int assigned_value(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v,
			  uint32_t k, uint32_t tok)
{
	const struct lg_pyassign *a = &f->src->assigns[k];
	struct lg_pyfold__memo *m;
	size_t base = f->bind_base;
	int error;

	for (size_t i = 0; i < LG_PYFOLD__MEMO; i++)
		if (f->memo[i].assign == k) {
			f->memo[i].tok = tok;
			return lg_pyfold__copy(v, &f->memo[i].v);
		}
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	f->bind_base = f->nbinds;
	if ((error = lg_pyfold__range(f, v, a->first, a->end, false)) == 0)
		error = lg_pyfold__force(f, v);
	f->bind_base = base;
	f->depth--;
	if (error < 0)
		return error;
	m = &f->memo[f->memo_next++ % LG_PYFOLD__MEMO];
	m->assign = m->tok = LG_PYTOK_NONE;
	if ((error = lg_pyfold__copy(&m->v, v)) == 0) {
		m->assign = k;
		m->tok = tok;
	}
	return error;
}

static int resolve_name(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v,
			size_t tok)
{
	const struct lg_pysrc *src = f->src;
	struct lg_str name = lg_pysrc_text(src, tok);
	const struct lg_pyassign *a = NULL;
	uint32_t scope = src->toks[tok].scope, s;
	bool bound = false, again;
	int error = 0;

	/* what this token read last time (a name read once per item) */
	for (size_t k = 0; k < LG_PYFOLD__MEMO; k++)
		if (f->memo[k].tok == tok)
			return lg_pyfold__copy(v, &f->memo[k].v);
	lg_pyfold__dispose(v);
	if ((error = locally_bound(f, &bound, tok, name)) < 0 || bound)
		return error;
	for (s = scope; s != LG_PYTOK_NONE && s < src->nscopes;
	     s = src->scopes[s].parent) {
		if (s != scope && src->scopes[s].kind == LG_PYSCOPE_CLASS)
			continue;
		if ((error = find_in_scope(f, &a, &bound, name, s, tok,
					   s == scope)) < 0)
			return error;
		if (a || bound)
			break;
	}
	if (!a)
		return 0;
	if (s == scope &&
	    ((error = rebound(f, &again, name, scope, a->end, tok)) < 0 ||
	     again))
		return error;
	return assigned_value(f, v, (uint32_t)(a - src->assigns),
			      (uint32_t)tok);
}

void lg_pyfold__ctx_init(struct lg_pyfold__ctx *f, const struct lg_pysrc *src,
			 struct lg_pyfold_result *res)
{
	memset(f, 0, sizeof(*f));
	f->src = src;
	f->res = res;
	for (size_t k = 0; k < LG_PYFOLD__MEMO; k++) {
		f->memo[k].assign = f->memo[k].tok = LG_PYTOK_NONE;
		lg_pyfold__init(&f->memo[k].v);
	}
}

void lg_pyfold__ctx_dispose(struct lg_pyfold__ctx *f)
{
	for (size_t k = 0; k < LG_PYFOLD__MEMO; k++)
		lg_pyfold__dispose(&f->memo[k].v);
}

int lg_pyfold__force(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v)
{
	struct lg_str name;

	if (v->kind == LG_FV_LAMBDA || (v->kind == LG_FV_REF && !v->simple)) {
		lg_pyfold__dispose(v);
		return 0;
	}
	if (v->kind != LG_FV_REF)
		return 0;
	name = lg_pysrc_text(f->src, v->first);
	for (size_t k = f->nbinds; k > f->bind_base; k--)
		if (str_eq(f->binds[k - 1].name, name))
			return lg_pyfold__copy(v, f->binds[k - 1].value);
	return resolve_name(f, v, v->first);
}

int lg_pyfold__with_binding(struct lg_pyfold__ctx *f,
			    struct lg_pyfold__val *out, struct lg_str name,
			    const struct lg_pyfold__val *value, size_t first,
			    size_t end)
{
	int error = 0;

	if (f->nbinds >= LG_ARRAY_SIZE(f->binds))
		return lg_error_toobig("comprehensions nested deeper than %u "
				       "levels",
				       LG_MAX_FOLD_DEPTH);
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	f->binds[f->nbinds].name = name;
	f->binds[f->nbinds++].value = value;
	if ((error = lg_pyfold__range(f, out, first, end, false)) == 0)
		error = lg_pyfold__force(f, out);
	f->nbinds--;
	f->depth--;
	return error;
}

/* ---- atoms --------------------------------------------------------------- */

/* f-string text without fields: {{ and }} become braces; a field makes
 * it not a constant. */
static bool unbrace(struct lg_buf *b, size_t start)
{
	size_t w = start;

	for (size_t r = start; r < b->len; r++) {
		char c = b->ptr[r];

		if (c == '{' || c == '}') {
			if (r + 1 >= b->len || b->ptr[r + 1] != c)
				return false;
			r++;
		}
		b->ptr[w++] = c;
	}
	b->len = w;
	if (b->cap)
		b->ptr[w] = '\0';
	return true;
}

static int strings(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   size_t *pos, size_t end)
{
	const struct lg_pysrc *src = f->src;
	size_t i = *pos, start;
	unsigned flags;
	int error = 0;

	lg_pyfold__dispose(out);
	for (; i < end && src->toks[i].kind == LG_PYTOK_STRING;
	     i = lg_pyfold__skip(f, i + 1, end)) {
		enum lg_pyfold__kind kind;

		flags = lg_pysrc_string_flags(src->buf, &src->toks[i]);
		kind = (flags & LG_PYSTR_BYTES) ? LG_FV_BYTES : LG_FV_STR;
		if (out->kind != LG_FV_NONE && out->kind != kind)
			goto not_constant;
		out->kind = kind;
		start = out->b.len;
		if ((error = lg_pyfold__step(f, 1)) < 0)
			return error;
		error = lg_pysrc_string_value(&out->b, src->buf, &src->toks[i]);
		if (error == LG_EINVALID) {
			lg_error_clear();
			goto not_constant;
		}
		if (error < 0)
			return error;
		if ((flags & LG_PYSTR_FORMAT) && !unbrace(&out->b, start))
			goto not_constant;
	}
	*pos = i;
	return 0;
not_constant:
	lg_pyfold__dispose(out);
	*pos = end;
	return 0;
}

/* Integer literals (any base, with underscores); floats and complex
 * numbers are not folded. */
static bool parse_int(int64_t *out, struct lg_str s)
{
	unsigned base = 10;
	size_t i = 0;
	int64_t v = 0;
	int d;
	bool any = false;

	if (s.len > 2 && s.ptr[0] == '0') {
		char p = (char)(s.ptr[1] | 0x20);

		base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10;
		if (base != 10)
			i = 2;
	}
	for (; i < s.len; i++) {
		if (s.ptr[i] == '_')
			continue;
		if ((d = lg_hex_digit(s.ptr[i])) < 0 || d >= (int)base)
			return false;
		if (__builtin_mul_overflow(v, (int64_t)base, &v) ||
		    __builtin_add_overflow(v, (int64_t)d, &v))
			return false;
		any = true;
	}
	/* 0123 is a syntax error in Python 3 */
	if (base == 10 && s.len > 1 && s.ptr[0] == '0' && v != 0)
		return false;
	*out = v;
	return any;
}

static void set_ref(struct lg_pyfold__val *v, size_t first, size_t end,
		    bool simple)
{
	lg_pyfold__dispose(v);
	v->kind = LG_FV_REF;
	v->first = (uint32_t)first;
	v->end = (uint32_t)end;
	v->simple = simple;
}

/* lambda NAME: body, the body running to end. */
static void lambda(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   size_t *pos, size_t end)
{
	size_t param = lg_pyfold__skip(f, *pos + 1, end);
	size_t colon = lg_pyfold__skip(f, param + 1, end);

	lg_pyfold__dispose(out);
	*pos = end;
	if (!lg_pysrc_is(f->src, param, LG_PYTOK_NAME, NULL) ||
	    !is_op(f, colon, ":") || colon + 1 >= end)
		return;
	out->kind = LG_FV_LAMBDA;
	out->param = (uint32_t)param;
	out->first = (uint32_t)(colon + 1);
	out->end = (uint32_t)end;
}

/* ( ... ) and [ ... ]: a tuple, list, generator, or parenthesised value. */
static int display(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   size_t *pos, size_t end, bool list)
{
	size_t open = *pos, close = closing(f, open, end);
	int error = 0;

	lg_pyfold__dispose(out);
	if (close == LG_PYTOK_NONE) {
		*pos = end;
		return 0;
	}
	*pos = close + 1;
	if (lg_pyfold__skip(f, open + 1, close) == close) {
		lg_pyfold__set_list(out);
		return 0;
	}
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	error = lg_pyfold__range(f, out, open + 1, close, list);
	f->depth--;
	return error;
}

static int atom(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		size_t *pos, size_t end)
{
	const struct lg_pysrc *src = f->src;
	size_t p = lg_pyfold__skip(f, *pos, end);
	int64_t v;

	lg_pyfold__dispose(out);
	*pos = p;
	if (p >= end)
		return 0;
	switch (src->toks[p].kind) {
	case LG_PYTOK_STRING:
		return strings(f, out, pos, end);
	case LG_PYTOK_NUMBER:
		*pos = p + 1;
		if (parse_int(&v, lg_pysrc_text(src, p)))
			lg_pyfold__set_int(out, v);
		return lg_pyfold__step(f, 1);
	case LG_PYTOK_NAME:
		if (is_name(f, p, "lambda")) {
			lambda(f, out, pos, end);
			return 0;
		}
		set_ref(out, p, p + 1, true);
		*pos = p + 1;
		return lg_pyfold__step(f, 1);
	case LG_PYTOK_OP:
		if (is_op(f, p, "(") || is_op(f, p, "["))
			return display(f, out, pos, end, is_op(f, p, "["));
		return 0;
	default:
		return 0;
	}
}

/* ---- subscripts ---------------------------------------------------------- */

struct slice {
	bool has[3];
	int64_t v[3]; /* start, stop, step */
};

/* An optional int in tokens [first, end); *ok false if not one. */
static int slice_part(struct lg_pyfold__ctx *f, bool *has, int64_t *v,
		      bool *ok, size_t first, size_t end)
{
	struct lg_pyfold__val x;
	int error = 0;

	*has = false;
	if (lg_pyfold__skip(f, first, end) >= end)
		return 0;
	lg_pyfold__init(&x);
	if ((error = lg_pyfold__range(f, &x, first, end, false)) == 0 &&
	    (error = lg_pyfold__force(f, &x)) == 0) {
		*has = true;
		*v = x.i;
		*ok = *ok && x.kind == LG_FV_INT;
	}
	lg_pyfold__dispose(&x);
	return error;
}

/* Python's slice.indices(): the first index and how many. */
static void slice_walk(const struct slice *s, size_t len, int64_t *start,
		       size_t *count)
{
	int64_t n = (int64_t)len, step = s->has[2] ? s->v[2] : 1;
	int64_t lo = step > 0 ? 0 : -1, hi = step > 0 ? n : n - 1;
	int64_t a = step > 0 ? lo : hi, b = step > 0 ? hi : lo;

	if (s->has[0]) {
		a = s->v[0] < 0 ? s->v[0] + n : s->v[0];
		a = a < lo ? lo : a > hi ? hi : a;
	}
	if (s->has[1]) {
		b = s->v[1] < 0 ? s->v[1] + n : s->v[1];
		b = b < lo ? lo : b > hi ? hi : b;
	}
	*start = a;
	if (step > 0)
		*count = b > a ? (size_t)((b - a + step - 1) / step) : 0;
	else
		*count = a > b ? (size_t)((a - b - step - 1) / -step) : 0;
}

/* Byte offsets of the characters of a str (n + 1 of them). */
static int char_offsets(size_t **out, size_t *n, const struct lg_buf *b)
{
	size_t cap = b->len + 1, k = 0;
	size_t *v = lg__reallocarray(NULL, cap, sizeof(*v));

	if (!v)
		return lg_error_oom();
	for (size_t i = 0; i < b->len; i += lg_pyfold__char_len(b->ptr + i,
								  b->len - i))
		v[k++] = i;
	v[k] = b->len;
	*out = v;
	*n = k;
	return 0;
}

static int apply_slice(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v,
		       const struct slice *s)
{
	struct lg_pyfold__val r;
	size_t *offs = NULL, n, count;
	int64_t at, step = s->has[2] ? s->v[2] : 1;
	int error = 0;

	lg_pyfold__init(&r);
	if (step == 0)
		goto not_constant;
	n = v->kind == LG_FV_LIST ? v->n : v->b.len;
	if (v->kind == LG_FV_STR && !lg_pyfold__is_utf8(v->b.ptr, v->b.len))
		goto not_constant;
	if (v->kind == LG_FV_STR &&
	    (error = char_offsets(&offs, &n, &v->b)) < 0)
		goto done;
	slice_walk(s, n, &at, &count);
	if ((error = lg_pyfold__step(f, count)) < 0)
		goto done;
	r.kind = v->kind;
	for (size_t k = 0; k < count && !error; k++, at += step) {
		size_t i = (size_t)at;

		if (v->kind == LG_FV_LIST) {
			struct lg_pyfold__val item;

			lg_pyfold__init(&item);
			if ((error = lg_pyfold__item(&item, v, i)) == 0)
				error = lg_pyfold__push(&r, &item);
			lg_pyfold__dispose(&item);
		} else if (offs) {
			error = lg_buf_put(&r.b, v->b.ptr + offs[i],
					   offs[i + 1] - offs[i]);
		} else {
			error = lg_buf_putc(&r.b, v->b.ptr[i]);
		}
	}
	if (!error)
		lg_pyfold__move(v, &r);
	goto done;
not_constant:
	lg_pyfold__dispose(v);
done:
	lg__free(offs);
	lg_pyfold__dispose(&r);
	return error;
}

static int apply_index(struct lg_pyfold__val *v, int64_t k)
{
	size_t *offs = NULL, n;
	int error = 0;

	n = v->kind == LG_FV_LIST ? v->n : v->b.len;
	if (v->kind == LG_FV_STR &&
	    (error = char_offsets(&offs, &n, &v->b)) < 0)
		return error;
	if (k < 0)
		k += (int64_t)n;
	if (k < 0 || (uint64_t)k >= n) {
		lg_pyfold__dispose(v);
	} else if (v->kind == LG_FV_LIST) {
		struct lg_pyfold__val item;

		lg_pyfold__init(&item);
		if ((error = lg_pyfold__item(&item, v, (size_t)k)) == 0)
			lg_pyfold__move(v, &item);
		lg_pyfold__dispose(&item);
	} else if (v->kind == LG_FV_BYTES) {
		lg_pyfold__set_int(v, (unsigned char)v->b.ptr[k]);
	} else {
		size_t a = offs[k], b = offs[k + 1];

		memmove(v->b.ptr, v->b.ptr + a, b - a);
		v->b.len = b - a;
		v->b.ptr[v->b.len] = '\0';
	}
	lg__free(offs);
	return error;
}

static int subscript(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v,
		     size_t *pos, size_t end)
{
	size_t open = *pos, close = closing(f, open, end), colon[2], nc = 0;
	size_t from = open + 1;
	struct slice s = {{false, false, false}, {0, 0, 0}};
	bool ok = true;
	int error = 0;

	*pos = close == LG_PYTOK_NONE ? end : close + 1;
	if (close == LG_PYTOK_NONE || (error = lg_pyfold__force(f, v)) < 0 ||
	    !(v->kind == LG_FV_STR || v->kind == LG_FV_BYTES ||
	      v->kind == LG_FV_LIST))
		goto not_constant;
	for (size_t i = open + 1; i < close; i++) {
		size_t m;

		if (is_open(f, i) &&
		    (m = closing(f, i, close)) != LG_PYTOK_NONE)
			i = m;
		else if (is_op(f, i, ":") && nc < 2)
			colon[nc++] = i;
		else if (is_op(f, i, ":") || is_op(f, i, ","))
			goto not_constant;
	}
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	for (size_t k = 0; k <= nc && !error; k++) {
		size_t to = k < nc ? colon[k] : close;

		error = slice_part(f, &s.has[k], &s.v[k], &ok, from, to);
		from = to + 1;
	}
	f->depth--;
	if (error < 0 || !ok)
		goto not_constant;
	if (nc == 0)
		return s.has[0] ? apply_index(v, s.v[0]) : 0;
	return apply_slice(f, v, &s);
not_constant:
	lg_pyfold__dispose(v);
	return error;
}

/* ---- operators ----------------------------------------------------------- */

static const struct binop {
	const char *op;
	int prec;
} binops[] = {
	{"|", 1}, {"^", 2}, {"&", 3}, {"<<", 4}, {">>", 4},
	{"+", 5}, {"-", 5}, {"*", 6}, {"%", 6},  {"//", 6},
};

static const struct binop *binop_at(const struct lg_pyfold__ctx *f, size_t i)
{
	for (size_t k = 0; k < LG_ARRAY_SIZE(binops); k++)
		if (is_op(f, i, binops[k].op))
			return &binops[k];
	return NULL;
}

static int primary(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   size_t *pos, size_t end)
{
	size_t p, name, lp, rp;
	int error = 0;

	if ((error = atom(f, out, pos, end)) < 0)
		return error;
	while (out->kind != LG_FV_NONE &&
	       (p = lg_pyfold__skip(f, *pos, end)) < end) {
		if ((error = lg_pyfold__step(f, 1)) < 0)
			return error;
		if (is_op(f, p, ".")) {
			name = lg_pyfold__skip(f, p + 1, end);
			lp = lg_pyfold__skip(f, name + 1, end);
			if (!lg_pysrc_is(f->src, name, LG_PYTOK_NAME, NULL)) {
				lg_pyfold__dispose(out);
			} else if (lp < end && is_op(f, lp, "(")) {
				if ((rp = closing(f, lp, end)) == LG_PYTOK_NONE)
					lg_pyfold__dispose(out);
				else if ((error = lg_pyfold__call(
						  f, out, out, name, lp)) < 0)
					return error;
				*pos = rp == LG_PYTOK_NONE ? end : rp + 1;
				continue;
			} else if (out->kind == LG_FV_REF) {
				out->end = (uint32_t)(name + 1);
				out->simple = false;
			} else {
				lg_pyfold__dispose(out);
			}
			*pos = name + 1;
		} else if (is_op(f, p, "(")) {
			if ((rp = closing(f, p, end)) == LG_PYTOK_NONE)
				lg_pyfold__dispose(out);
			else if ((error = lg_pyfold__call(f, out, out,
							  LG_PYTOK_NONE, p)) <
				 0)
				return error;
			*pos = rp == LG_PYTOK_NONE ? end : rp + 1;
		} else if (is_op(f, p, "[")) {
			*pos = p;
			if ((error = subscript(f, out, pos, end)) < 0)
				return error;
		} else {
			break;
		}
	}
	return 0;
}

static int int_pow(struct lg_pyfold__val *a, const struct lg_pyfold__val *b)
{
	int64_t r = 1, base = a->i, e = b->i;

	if (a->kind != LG_FV_INT || b->kind != LG_FV_INT || e < 0) {
		lg_pyfold__dispose(a);
		return 0;
	}
	for (; e > 0; e--) {
		if (__builtin_mul_overflow(r, base, &r)) {
			lg_pyfold__dispose(a);
			return 0;
		}
		if (r == 0 || r == 1)
			break;
	}
	if (r == 1 && base == -1 && (b->i & 1))
		r = -1;
	lg_pyfold__set_int(a, r);
	return 0;
}

static int unary(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		 size_t *pos, size_t end);

static int power(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		 size_t *pos, size_t end)
{
	struct lg_pyfold__val rhs;
	size_t p;
	int error = 0;

	if ((error = primary(f, out, pos, end)) < 0 || out->kind == LG_FV_NONE)
		return error;
	p = lg_pyfold__skip(f, *pos, end);
	if (p >= end || !is_op(f, p, "**"))
		return 0;
	*pos = p + 1;
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	lg_pyfold__init(&rhs);
	if ((error = unary(f, &rhs, pos, end)) == 0 &&
	    (error = lg_pyfold__force(f, out)) == 0 &&
	    (error = lg_pyfold__force(f, &rhs)) == 0)
		error = int_pow(out, &rhs);
	lg_pyfold__dispose(&rhs);
	f->depth--;
	return error;
}

static int unary(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		 size_t *pos, size_t end)
{
	size_t p = lg_pyfold__skip(f, *pos, end);
	char op;
	int error = 0;

	if (p >= end || !(is_op(f, p, "-") || is_op(f, p, "+") ||
			  is_op(f, p, "~")))
		return power(f, out, pos, end);
	op = lg_pysrc_text(f->src, p).ptr[0];
	*pos = p + 1;
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	if ((error = unary(f, out, pos, end)) == 0)
		error = lg_pyfold__force(f, out);
	f->depth--;
	if (error < 0)
		return error;
	if (out->kind != LG_FV_INT || (op == '-' && out->i == INT64_MIN))
		lg_pyfold__dispose(out);
	else if (op == '-')
		out->i = -out->i;
	else if (op == '~')
		out->i = ~out->i;
	return 0;
}

static int binary(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  size_t *pos, size_t end, int minprec)
{
	struct lg_pyfold__val rhs;
	const struct binop *op;
	size_t p;
	int error = 0;

	if ((error = unary(f, out, pos, end)) < 0)
		return error;
	while (out->kind != LG_FV_NONE &&
	       (p = lg_pyfold__skip(f, *pos, end)) < end &&
	       (op = binop_at(f, p)) && op->prec >= minprec) {
		*pos = p + 1;
		lg_pyfold__init(&rhs);
		if ((error = binary(f, &rhs, pos, end, op->prec + 1)) == 0 &&
		    (error = lg_pyfold__force(f, out)) == 0 &&
		    (error = lg_pyfold__force(f, &rhs)) == 0)
			error = lg_pyfold__binop(f, out, op->op, out, &rhs);
		lg_pyfold__dispose(&rhs);
		if (error < 0)
			return error;
	}
	return 0;
}

static int expr(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		size_t *pos, size_t end)
{
	return binary(f, out, pos, end, 0);
}

/* ---- ranges -------------------------------------------------------------- */

/* The expression in [first, end), which must use all of it. */
static int whole(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		 size_t first, size_t end)
{
	size_t pos = first;
	int error = 0;

	if ((error = expr(f, out, &pos, end)) < 0)
		return error;
	if (lg_pyfold__skip(f, pos, end) != end)
		lg_pyfold__dispose(out);
	return 0;
}

static int tuple(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		 size_t first, size_t end)
{
	struct lg_pyfold__val item;
	size_t from = first, m;
	int error = 0;

	lg_pyfold__set_list(out);
	lg_pyfold__init(&item);
	for (size_t i = first; i <= end && !error; i++) {
		if (i < end && is_open(f, i) &&
		    (m = closing(f, i, end)) != LG_PYTOK_NONE) {
			i = m;
			continue;
		}
		if (i < end && !is_op(f, i, ","))
			continue;
		if (lg_pyfold__skip(f, from, i) == i) {
			if (i < end || from == first)
				goto not_constant; /* (a,,b) or (,) */
			break;                     /* trailing comma */
		}
		if ((error = whole(f, &item, from, i)) < 0 ||
		    (error = lg_pyfold__force(f, &item)) < 0)
			break;
		if (item.kind == LG_FV_NONE ||
		    (error = lg_pyfold__push(out, &item)) == LG_EINVALID)
			goto not_constant;
		from = i + 1;
	}
	lg_pyfold__dispose(&item);
	return error;
not_constant:
	lg_pyfold__dispose(&item);
	lg_pyfold__dispose(out);
	return 0;
}

/* ELEM for NAME in ITER (no if, no nested for). */
static int comprehension(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
			 size_t first, size_t kw_for, size_t end)
{
	const struct lg_pysrc *src = f->src;
	size_t var = lg_pyfold__skip(f, kw_for + 1, end);
	size_t in = lg_pyfold__skip(f, var + 1, end), cursor = 0;
	struct lg_pyfold__val seq, item, elem;
	bool more = true;
	int error = 0;

	lg_pyfold__dispose(out);
	if (!lg_pysrc_is(src, var, LG_PYTOK_NAME, NULL) ||
	    !is_name(f, in, "in"))
		return 0;
	lg_pyfold__init(&seq);
	lg_pyfold__init(&item);
	lg_pyfold__init(&elem);
	if ((error = lg_pyfold__range(f, &seq, in + 1, end, false)) < 0 ||
	    (error = lg_pyfold__force(f, &seq)) < 0)
		goto done;
	if (seq.kind != LG_FV_LIST && seq.kind != LG_FV_STR &&
	    seq.kind != LG_FV_BYTES)
		goto done;
	lg_pyfold__set_list(out);
	while (!error) {
		if ((error = lg_pyfold__next(&item, &more, &seq, &cursor)) <
			    0 ||
		    !more ||
		    (error = lg_pyfold__step(f, 1 + kw_for - first)) < 0 ||
		    (error = lg_pyfold__with_binding(f, &elem,
						     lg_pysrc_text(src, var),
						     &item, first, kw_for)) < 0)
			break;
		if (elem.kind == LG_FV_NONE ||
		    (error = lg_pyfold__push(out, &elem)) == LG_EINVALID) {
			error = 0;
			lg_pyfold__dispose(out);
			break;
		}
	}
done:
	if (error < 0)
		lg_pyfold__dispose(out);
	lg_pyfold__dispose(&seq);
	lg_pyfold__dispose(&item);
	lg_pyfold__dispose(&elem);
	return error;
}

int lg_pyfold__range(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     size_t first, size_t end, bool as_list)
{
	struct lg_pyfold__val one;
	struct top t;
	int error = 0;

	lg_pyfold__dispose(out);
	first = lg_pyfold__skip(f, first, end);
	if (first >= end || (error = scan_top(f, &t, first, end)) < 0)
		return first >= end ? 0 : error;
	if (!t.ok)
		return 0;
	if (t.nfor)
		return t.nfor == 1 && !t.nif
			       ? comprehension(f, out, first, t.first_for, end)
			       : 0;
	if (t.ncomma)
		return tuple(f, out, first, end);
	if ((error = whole(f, out, first, end)) < 0 || !as_list)
		return error;
	lg_pyfold__init(&one);
	lg_pyfold__move(&one, out);
	if ((error = lg_pyfold__force(f, &one)) == 0 &&
	    one.kind != LG_FV_NONE) {
		lg_pyfold__set_list(out);
		if ((error = lg_pyfold__push(out, &one)) == LG_EINVALID) {
			error = 0;
			lg_pyfold__dispose(out);
		}
	}
	lg_pyfold__dispose(&one);
	return error;
}
