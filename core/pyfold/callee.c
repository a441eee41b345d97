/* SPDX-License-Identifier: MIT */
/* lg_pyfold_callees: callees hidden behind a lookup by name, with the name
 * (and the module) folded from constants:
 *   getattr(__import__('o' + 's'), 'sys' + 'tem')(...)  -> os.system
 *   getattr(builtins, 'ex' + 'ec')(...)                 -> exec
 *   globals()['exec'](...), locals()[...]               -> exec
 *   vars(builtins)['exec'](...), vars(os)['system']     -> exec, os.system
 *   builtins.__dict__['exec'](...), os.__dict__[...]    -> exec, os.system
 * pysrc names the plain forms (getattr(os, 'system'), __import__('os'));
 * these need the folder, which sits above it. */
#include "lg/buf.h"
#include "pyfold_private.h"

/* Whether p[0..n) is an identifier, or a dotted name when dotted. */
static bool is_ident(const char *p, size_t n, bool dotted)
{
	if (!n || n > LG_MAX_PY_NAME_BYTES || (p[0] >= '0' && p[0] <= '9') ||
	    p[0] == '.' || p[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || (dotted && c == '.')))
			return false;
	}
	return true;
}

static void truncate(struct lg_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->ptr[n] = '\0';
	}
}

/* Folds tokens [first, end) to an identifier (a dotted name when dotted)
 * into out; *ok false when they do not fold to one. */
static int fold_ident(struct lg_buf *out, bool *ok, const struct lg_pysrc *src,
		      size_t first, size_t end, bool dotted)
{
	struct lg_pyfold_result res;
	int error;

	*ok = false;
	lg_buf_reset(out);
	if (end <= first || end > src->ntoks)
		return 0;
	error = lg_pyfold_expr(out, &res, src, first, end);
	if (error == LG_ETOOBIG) { /* past the caps: unknown */
		lg_error_clear();
		return 0;
	}
	if (error < 0)
		return error;
	*ok = res.constant && is_ident(out->ptr, out->len, dotted);
	return 0;
}

/* Token closing the argument that starts at i of the call whose '(' is at
 * lparen: the next ',' at the argument depth, or the ')'. */
static size_t arg_end(const struct lg_pysrc *src, size_t lparen, size_t i)
{
	size_t rparen = src->toks[lparen].match, depth;

	depth = (size_t)src->toks[lparen].depth + 1u;
	for (; i < rparen; i++)
		if (src->toks[i].depth == depth &&
		    lg_pysrc_is(src, i, LG_PYTOK_OP, ","))
			return i;
	return rparen;
}

/* Whether the call whose '(' is at lparen has callee one of names. */
static bool callee_is(const struct lg_pysrc *src, size_t lparen,
		      const char *const *names, size_t n)
{
	size_t k = lg_pysrc_first_call(src, lparen);

	if (k >= src->ncalls || src->calls[k].lparen != lparen)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(src->calls[k].callee, names[i]))
			return true;
	return false;
}

static bool is_builtins_module(const char *p, size_t n)
{
	return (n == 8 && !memcmp(p, "builtins", 8)) ||
	       (n == 12 && !memcmp(p, "__builtins__", 12)) ||
	       (n == 11 && !memcmp(p, "__builtin__", 11));
}

/* Names the object of tokens [first, end) into out when it is a module
 * (NAME(.NAME)* through the imports, __import__(F),
 * importlib.import_module(F) with F folded); an empty out means the
 * builtins. *ok false otherwise. */
static int object_name(struct lg_buf *out, bool *ok,
		       const struct lg_pysrc *src, size_t first, size_t end)
{
	static const char *const dunder[] = {"__import__",
					     "builtins.__import__"};
	static const char *const importer[] = {"importlib.import_module"};
	size_t lp;
	int error = 0;

	*ok = false;
	lg_buf_reset(out);
	if (end <= first || end > src->ntoks)
		return 0;
	if (lg_pysrc_is(src, end - 1, LG_PYTOK_OP, ")")) {
		bool is_dunder;
		const char *dot;

		lp = src->toks[end - 1].match;
		if (lp == LG_PYTOK_NONE || lp <= first || lp >= end)
			return 0;
		is_dunder = callee_is(src, lp, dunder, LG_ARRAY_SIZE(dunder));
		if (!is_dunder && !callee_is(src, lp, importer, 1))
			return 0;
		if ((error = fold_ident(out, ok, src, lp + 1,
					arg_end(src, lp, lp + 1), true)) < 0 ||
		    !*ok)
			return error;
		/* __import__('a.b') is the package a, without a fromlist */
		if (is_dunder && arg_end(src, lp, lp + 1) == end - 1 &&
		    (dot = memchr(out->ptr, '.', out->len)))
			truncate(out, (size_t)(dot - out->ptr));
	} else {
		/* NAME(.NAME)*, the root resolved through the imports */
		struct lg_str root = lg_pysrc_text(src, first);
		const char *target;

		for (size_t i = first; i < end; i++)
			if (!lg_pysrc_is(src, i,
					 (i - first) % 2 ? LG_PYTOK_OP
							 : LG_PYTOK_NAME,
					 (i - first) % 2 ? "." : NULL))
				return 0;
		if ((end - first) % 2 == 0)
			return 0;
		target = lg_pysrc_resolve(src, root.ptr, root.len, first);
		lg_buf_put(out, target ? target : root.ptr,
			   target ? strlen(target) : root.len);
		for (size_t i = first + 1; i < end; i++) {
			struct lg_str t = lg_pysrc_text(src, i);

			lg_buf_put(out, t.ptr, t.len);
		}
		if ((error = out->err) < 0)
			return error;
		*ok = true;
	}
	if (*ok && is_builtins_module(out->ptr, out->len))
		lg_buf_reset(out);
	return error;
}

/* First token of the primary expression that ends at token t: a name
 * chain, with calls and subscripts. */
static size_t primary_start(const struct lg_pysrc *src, size_t t)
{
	for (unsigned guard = 0; guard < LG_MAX_PY_NESTING; guard++) {
		if (lg_pysrc_is(src, t, LG_PYTOK_OP, ")") ||
		    lg_pysrc_is(src, t, LG_PYTOK_OP, "]")) {
			size_t m = src->toks[t].match;

			if (m == LG_PYTOK_NONE || m >= t || m == 0)
				return m == LG_PYTOK_NONE ? t : m;
			if (!lg_pysrc_is(src, m - 1, LG_PYTOK_NAME, NULL) &&
			    !lg_pysrc_is(src, m - 1, LG_PYTOK_OP, ")") &&
			    !lg_pysrc_is(src, m - 1, LG_PYTOK_OP, "]"))
				return m;
			t = m - 1;
		} else if (lg_pysrc_is(src, t, LG_PYTOK_NAME, NULL)) {
			if (t < 2 || !lg_pysrc_is(src, t - 1, LG_PYTOK_OP, "."))
				return t;
			t -= 2;
		} else {
			return t;
		}
	}
	return t;
}

/* The callee of the call at lparen, resolved into name, or *ok false. */
static int resolve(struct lg_buf *name, bool *ok, struct lg_buf *obj,
		   const struct lg_pysrc *src, size_t lparen)
{
	static const char *const getattrs[] = {"builtins.getattr", "getattr"};
	static const char *const scopes[] = {"globals", "locals"};
	static const char *const vars[] = {"vars"};
	size_t e = lparen - 1, m;
	int error;

	*ok = false;
	if (lparen == 0 || (m = src->toks[e].match) == LG_PYTOK_NONE ||
	    m >= e || m == 0)
		return 0;
	if (lg_pysrc_is(src, e, LG_PYTOK_OP, ")")) {
		/* getattr(OBJ, NAME) */
		size_t comma = arg_end(src, m, m + 1);

		if (!callee_is(src, m, getattrs, LG_ARRAY_SIZE(getattrs)) ||
		    !lg_pysrc_is(src, comma, LG_PYTOK_OP, ",") ||
		    arg_end(src, m, comma + 1) != e)
			return 0;
		if ((error = object_name(obj, ok, src, m + 1, comma)) < 0 ||
		    !*ok)
			return error;
		if ((error = fold_ident(name, ok, src, comma + 1, e, false)) <
			    0 ||
		    !*ok)
			return error;
	} else if (lg_pysrc_is(src, e, LG_PYTOK_OP, "]")) {
		/* CONTAINER[NAME] */
		size_t c = m - 1, cm;

		if ((error = fold_ident(name, ok, src, m + 1, e, false)) < 0 ||
		    !*ok)
			return error;
		*ok = false;
		lg_buf_reset(obj);
		if (lg_pysrc_is(src, c, LG_PYTOK_OP, ")") &&
		    (cm = src->toks[c].match) != LG_PYTOK_NONE && cm < c) {
			if (callee_is(src, cm, scopes, LG_ARRAY_SIZE(scopes)))
				*ok = cm + 1 == c;
			else if (callee_is(src, cm, vars, 1) &&
				 (error = object_name(obj, ok, src, cm + 1,
						      c)) < 0)
				return error;
		} else if (lg_pysrc_is(src, c, LG_PYTOK_NAME, "__dict__") &&
			   c >= 2 && lg_pysrc_is(src, c - 1, LG_PYTOK_OP, ".")) {
			if ((error = object_name(obj, ok, src,
						 primary_start(src, c - 2),
						 c - 1)) < 0)
				return error;
		} else if (lg_pysrc_is(src, c, LG_PYTOK_NAME, "__builtins__") &&
			   primary_start(src, c) == c) {
			*ok = true;
		}
		if (!*ok)
			return 0;
	} else {
		return 0;
	}
	if (obj->len) { /* MODULE.NAME */
		lg_buf_putc(obj, '.');
		lg_buf_put(obj, name->ptr, name->len);
		if ((error = obj->err) < 0)
			return error;
		lg_buf_reset(name);
		lg_buf_put(name, obj->ptr, obj->len);
	}
	return name->err;
}

int lg_pyfold_callees(struct lg_pysrc *src)
{
	struct lg_buf name = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	struct lg_buf obj = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	int error = 0;

	LG_ASSERT_ARG(src);
	for (size_t k = 0; k < src->ncalls && !error; k++) {
		const struct lg_pycall *c = &src->calls[k];
		bool ok;

		if (c->callee[0] && c->callee[0] != '.')
			continue; /* pysrc named it */
		if ((error = resolve(&name, &ok, &obj, src, c->lparen)) < 0 ||
		    !ok)
			continue;
		error = lg_pysrc_set_callee(src, k, name.ptr, name.len);
	}
	lg_buf_dispose(&name);
	lg_buf_dispose(&obj);
	return error;
}
