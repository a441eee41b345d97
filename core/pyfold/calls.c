/* SPDX-License-Identifier: MIT */
/* Calls the folder understands: decoders (lg/decode.h), a few builtins,
 * codecs.decode/encode, str and bytes methods; and the operators. Each
 * is a table entry; everything else is an opaque value. */
#include "lg/buf.h"
#include "lg/decode.h"
#include "pyfold_private.h"

/* ---- arguments ----------------------------------------------------------- */

static bool is_op(const struct lg_pyfold__ctx *f, size_t i, const char *op)
{
	return lg_pysrc_is(f->src, i, LG_PYTOK_OP, op);
}

static void args_dispose(struct lg_pyfold__args *a)
{
	lg__free(a->v);
	a->v = NULL;
	a->n = 0;
}

/* Adds the argument in tokens [first, end); *ok false for *x / **x. */
static int add_arg(struct lg_pyfold__ctx *f, struct lg_pyfold__args *a,
		   size_t *cap, bool *ok, size_t first, size_t end)
{
	struct lg_pyfold__arg *v;
	size_t eq = lg_pyfold__skip(f, first + 1, end);

	if (is_op(f, first, "*") || is_op(f, first, "**")) {
		*ok = false;
		return 0;
	}
	if (a->n == *cap) {
		if (a->n >= LG_MAX_FOLD_ITEMS)
			return lg_error_toobig("call with more than %u "
					       "arguments",
					       LG_MAX_FOLD_ITEMS);
		*cap = *cap ? *cap * 2 : 4;
		if (!(v = lg__reallocarray(a->v, *cap, sizeof(*v))))
			return lg_error_oom();
		a->v = v;
	}
	v = &a->v[a->n++];
	v->kw = LG_PYTOK_NONE;
	v->first = (uint32_t)first;
	v->end = (uint32_t)end;
	if (lg_pysrc_is(f->src, first, LG_PYTOK_NAME, NULL) && eq < end &&
	    is_op(f, eq, "=")) {
		v->kw = (uint32_t)first;
		v->first = (uint32_t)(eq + 1);
	}
	return 0;
}

/* The arguments between lparen and its ')'; *ok false when they cannot
 * be folded (starred, empty between commas). */
static int split_args(struct lg_pyfold__ctx *f, struct lg_pyfold__args *a,
		      bool *ok, size_t lparen)
{
	const struct lg_pysrc *src = f->src;
	size_t rparen = src->toks[lparen].match, from = lparen + 1, cap = 0;
	int error = 0;

	*ok = true;
	a->v = NULL;
	a->n = 0;
	if ((error = lg_pyfold__step(f, rparen - lparen)) < 0)
		return error;
	for (size_t i = lparen + 1; i <= rparen && *ok && !error; i++) {
		uint32_t m = src->toks[i].match;

		if (i < rparen && m != LG_PYTOK_NONE && m > i && m < rparen &&
		    (is_op(f, i, "(") || is_op(f, i, "[") ||
		     is_op(f, i, "{"))) {
			i = m;
			continue;
		}
		if (i < rparen && !is_op(f, i, ","))
			continue;
		from = lg_pyfold__skip(f, from, i);
		if (from == i)
			*ok = i == rparen; /* f() or f(a,) */
		else
			error = add_arg(f, a, &cap, ok, from, i);
		from = i + 1;
	}
	return error;
}

/* The argument at position k or named kw (NULL: positional only). */
static const struct lg_pyfold__arg *find_arg(const struct lg_pyfold__ctx *f,
					     const struct lg_pyfold__args *a,
					     size_t k, const char *kw)
{
	size_t pos = 0;

	for (size_t i = 0; i < a->n; i++) {
		if (a->v[i].kw == LG_PYTOK_NONE) {
			if (pos++ == k)
				return &a->v[i];
		} else if (kw && lg_pysrc_is(f->src, a->v[i].kw,
					     LG_PYTOK_NAME, kw)) {
			return &a->v[i];
		}
	}
	return NULL;
}

static size_t positional(const struct lg_pyfold__args *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		n += a->v[i].kw == LG_PYTOK_NONE;
	return n;
}

/* Evaluates an argument; *found false (v NONE) when it is absent. */
static int eval_arg(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v,
		    bool *found, const struct lg_pyfold__args *a, size_t k,
		    const char *kw, bool force)
{
	const struct lg_pyfold__arg *arg = find_arg(f, a, k, kw);
	int error = 0;

	lg_pyfold__dispose(v);
	*found = arg != NULL;
	if (!arg)
		return 0;
	if ((error = lg_pyfold__enter(f)) < 0)
		return error;
	error = lg_pyfold__range(f, v, arg->first, arg->end, false);
	if (!error && force)
		error = lg_pyfold__force(f, v);
	f->depth--;
	return error;
}

/* Whether the argument is the literal None. */
static bool is_none(const struct lg_pyfold__ctx *f,
		    const struct lg_pyfold__arg *arg)
{
	return arg && arg->end == arg->first + 1 &&
	       lg_pysrc_is(f->src, arg->first, LG_PYTOK_NAME, "None");
}

/* Whether the argument is the literal True. */
static bool arg_is_true(const struct lg_pyfold__ctx *f,
			const struct lg_pyfold__args *a, size_t k,
			const char *kw)
{
	const struct lg_pyfold__arg *arg = find_arg(f, a, k, kw);

	return arg && arg->end == arg->first + 1 &&
	       lg_pysrc_is(f->src, arg->first, LG_PYTOK_NAME, "True");
}

/* ---- decoders ------------------------------------------------------------ */

static void note_decoder(struct lg_pyfold__ctx *f, const char *callee)
{
	f->res->decoded = true;
	f->res->layers++;
	f->res->decoder = callee;
}

/* Applies codec c to in (STR or BYTES) into out as kind. */
static int run_codec(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     enum lg_codec c, const struct lg_pyfold__val *in,
		     enum lg_pyfold__kind kind, const char *callee)
{
	struct lg_pyfold__val r;
	int error = 0;

	if (in->kind != LG_FV_STR && in->kind != LG_FV_BYTES) {
		lg_pyfold__dispose(out);
		return 0;
	}
	lg_pyfold__init(&r);
	r.kind = kind;
	error = lg_decode_apply(&r.b, c, in->b.ptr, in->b.len);
	if (error == LG_EINVALID) {
		lg_error_clear(); /* Python would raise: not a constant */
		lg_pyfold__dispose(out);
		error = 0;
	} else if (!error) {
		note_decoder(f, callee);
		lg_pyfold__move(out, &r);
	}
	lg_pyfold__dispose(&r);
	return error;
}

/* zlib.decompress(data, wbits): which stream format wbits selects. */
static int zlib_codec(const struct lg_pyfold__val *wbits,
		      const struct lg_pyfold__val *data)
{
	int64_t w = wbits->i;

	if (wbits->kind != LG_FV_INT)
		return -1;
	if (w == 0 || (w >= 9 && w <= 15))
		return LG_CODEC_ZLIB;
	if (w >= -15 && w <= -8)
		return LG_CODEC_DEFLATE;
	if (w >= 25 && w <= 31)
		return LG_CODEC_GZIP;
	if (w >= 40 && w <= 47)
		return data->b.len >= 2 && (unsigned char)data->b.ptr[0] == 0x1f
			       ? LG_CODEC_GZIP
			       : LG_CODEC_ZLIB;
	return -1;
}

/* b64decode(s, altchars): only the standard and URL-safe pairs. */
static int altchars_codec(const struct lg_pyfold__val *alt)
{
	if (alt->kind != LG_FV_STR && alt->kind != LG_FV_BYTES)
		return -1;
	if (alt->b.len == 2 && !memcmp(alt->b.ptr, "-_", 2))
		return LG_CODEC_BASE64URL;
	if (alt->b.len == 2 && !memcmp(alt->b.ptr, "+/", 2))
		return LG_CODEC_BASE64;
	return -1;
}

static void upper_ascii(struct lg_buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->ptr[i] >= 'a' && b->ptr[i] <= 'z')
			b->ptr[i] = (char)(b->ptr[i] - 'a' + 'A');
}

static int decoder_call(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
			enum lg_codec c, const char *callee,
			const struct lg_pyfold__args *a)
{
	struct lg_pyfold__val data, opt;
	bool found, has_opt;
	int codec = (int)c, error = 0;

	lg_pyfold__init(&data);
	lg_pyfold__init(&opt);
	if ((error = eval_arg(f, &data, &found, a, 0, NULL, true)) < 0 ||
	    data.kind == LG_FV_NONE)
		goto done;
	if (c == LG_CODEC_ZLIB &&
	    (error = eval_arg(f, &opt, &has_opt, a, 1, "wbits", true)) == 0 &&
	    has_opt)
		codec = zlib_codec(&opt, &data);
	if (c == LG_CODEC_BASE64 && !strcmp(callee, "base64.b64decode") &&
	    (error = eval_arg(f, &opt, &has_opt, a, 1, "altchars", true)) ==
		    0 &&
	    has_opt && !is_none(f, find_arg(f, a, 1, "altchars")))
		codec = altchars_codec(&opt);
	if (c == LG_CODEC_BASE32 && arg_is_true(f, a, 1, "casefold"))
		upper_ascii(&data.b);
	if (error < 0 || codec < 0) {
		lg_pyfold__dispose(out);
		goto done;
	}
	error = run_codec(f, out, (enum lg_codec)codec, &data, LG_FV_BYTES,
			  callee);
done:
	if (data.kind == LG_FV_NONE)
		lg_pyfold__dispose(out);
	lg_pyfold__dispose(&data);
	lg_pyfold__dispose(&opt);
	return error;
}

/* ---- builtins ------------------------------------------------------------ */

typedef int (*call_fn)(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		       const struct lg_pyfold__args *a, const char *callee);

/* As a flat list: lists as they are, str by character, bytes by byte. */
static int to_list(struct lg_pyfold__ctx *f, struct lg_pyfold__val *v)
{
	struct lg_pyfold__val r, item;
	size_t cursor = 0;
	bool more = true;
	int error = 0;

	if (v->kind == LG_FV_LIST || v->kind == LG_FV_NONE)
		return 0;
	lg_pyfold__init(&r);
	lg_pyfold__init(&item);
	lg_pyfold__set_list(&r);
	while (!error && (error = lg_pyfold__next(&item, &more, v, &cursor)) ==
				 0 &&
	       more)
		if ((error = lg_pyfold__step(f, 1)) == 0)
			error = lg_pyfold__push(&r, &item);
	if (error == LG_EINVALID) {
		error = 0;
		lg_pyfold__dispose(v);
	} else if (!error) {
		lg_pyfold__move(v, &r);
	}
	lg_pyfold__dispose(&r);
	lg_pyfold__dispose(&item);
	return error;
}

static int chr_of(struct lg_pyfold__val *out, const struct lg_pyfold__val *n)
{
	struct lg_pyfold__val r;
	int error = 0;

	lg_pyfold__init(&r);
	r.kind = LG_FV_STR;
	if (n->kind != LG_FV_INT ||
	    (error = lg_pyfold__put_utf8(&r.b, n->i)) == LG_EINVALID) {
		error = 0;
		lg_pyfold__dispose(out);
	} else if (!error) {
		lg_pyfold__move(out, &r);
	}
	lg_pyfold__dispose(&r);
	return error;
}

static int ord_of(struct lg_pyfold__val *out, const struct lg_pyfold__val *c)
{
	const unsigned char *u = (const unsigned char *)c->b.ptr;
	size_t k = c->b.len;
	int64_t cp;

	if (c->kind == LG_FV_BYTES && k == 1) {
		cp = u[0];
	} else if (c->kind == LG_FV_STR && k &&
		   lg_pyfold__char_len(c->b.ptr, k) == k) {
		cp = k == 1 ? u[0] : u[0] & (0x7F >> k);
		for (size_t i = 1; i < k; i++)
			cp = cp << 6 | (u[i] & 0x3F);
	} else {
		lg_pyfold__dispose(out);
		return 0;
	}
	lg_pyfold__set_int(out, cp);
	return 0;
}

static int fn_chr(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  const struct lg_pyfold__args *a, const char *callee)
{
	bool found;
	int error = 0;

	(void)callee;
	if ((error = eval_arg(f, out, &found, a, 0, NULL, true)) < 0)
		return error;
	return chr_of(out, out);
}

static int fn_ord(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  const struct lg_pyfold__args *a, const char *callee)
{
	bool found;
	int error = 0;

	(void)callee;
	if ((error = eval_arg(f, out, &found, a, 0, NULL, true)) < 0)
		return error;
	return ord_of(out, out);
}

/* The encoding argument (position k or encoding=) into enc; "utf-8" when
 * absent; *ok false when it is not a constant str. */
static int encoding_arg(struct lg_pyfold__ctx *f, struct lg_pyfold__val *enc,
			bool *ok, const struct lg_pyfold__args *a, size_t k)
{
	bool found;
	int error = 0;

	if ((error = eval_arg(f, enc, &found, a, k, "encoding", true)) < 0)
		return error;
	if (!found)
		return lg_pyfold__set_bytes(enc, LG_FV_STR, "utf-8", 5);
	*ok = enc->kind == LG_FV_STR;
	return 0;
}

/* bytes(list of ints) / bytes(b) / bytes(s, encoding) / bytes(n). */
static int fn_bytes(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    const struct lg_pyfold__args *a, const char *callee)
{
	struct lg_pyfold__val v, enc;
	bool found, ok = true;
	int error = 0;

	(void)callee;
	lg_pyfold__init(&v);
	lg_pyfold__init(&enc);
	if ((error = eval_arg(f, &v, &found, a, 0, "source", true)) < 0)
		goto done;
	if (!found) {
		error = lg_pyfold__set_bytes(out, LG_FV_BYTES, "", 0);
	} else if (v.kind == LG_FV_STR) {
		if ((error = encoding_arg(f, &enc, &ok, a, 1)) == 0 && ok &&
		    find_arg(f, a, 1, "encoding"))
			error = lg_pyfold__transcode(out, &v, enc.b.ptr,
						     enc.b.len);
		else
			lg_pyfold__dispose(out);
	} else if (v.kind == LG_FV_INT) {
		lg_pyfold__dispose(out);
		if (v.i >= 0 && v.i <= (int64_t)LG_MAX_FOLD_BYTES) {
			out->kind = LG_FV_BYTES;
			for (int64_t k = 0; k < v.i && !error; k++)
				error = lg_buf_putc(&out->b, 0);
		} else if (v.i > (int64_t)LG_MAX_FOLD_BYTES) {
			error = lg_error_toobig("folded value larger than %u "
						"bytes",
						LG_MAX_FOLD_BYTES);
		}
	} else if ((error = to_list(f, &v)) == 0 && v.kind == LG_FV_LIST) {
		lg_pyfold__dispose(out);
		out->kind = LG_FV_BYTES;
		for (size_t k = 0; k < v.n && !error; k++) {
			if (v.items[k].kind != LG_FV_INT || v.items[k].i < 0 ||
			    v.items[k].i > 255) {
				lg_pyfold__dispose(out);
				break;
			}
			error = lg_buf_putc(&out->b, (char)v.items[k].i);
		}
	} else {
		lg_pyfold__dispose(out);
	}
done:
	lg_pyfold__dispose(&v);
	lg_pyfold__dispose(&enc);
	return error;
}

/* str() / str(s) / str(n) / str(b, encoding). */
static int fn_str(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  const struct lg_pyfold__args *a, const char *callee)
{
	struct lg_pyfold__val v, enc;
	bool found, ok = true;
	int error = 0;

	(void)callee;
	lg_pyfold__init(&v);
	lg_pyfold__init(&enc);
	if ((error = eval_arg(f, &v, &found, a, 0, "object", true)) < 0)
		goto done;
	if (!found) {
		error = lg_pyfold__set_bytes(out, LG_FV_STR, "", 0);
	} else if (v.kind == LG_FV_STR) {
		lg_pyfold__move(out, &v);
	} else if (v.kind == LG_FV_INT) {
		lg_pyfold__dispose(out);
		out->kind = LG_FV_STR;
		error = lg_buf_printf(&out->b, "%lld", (long long)v.i);
	} else if (v.kind == LG_FV_BYTES && find_arg(f, a, 1, "encoding") &&
		   (error = encoding_arg(f, &enc, &ok, a, 1)) == 0 && ok) {
		error = lg_pyfold__transcode(out, &v, enc.b.ptr, enc.b.len);
	} else {
		lg_pyfold__dispose(out);
	}
done:
	lg_pyfold__dispose(&v);
	lg_pyfold__dispose(&enc);
	return error;
}

static int fn_list(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   const struct lg_pyfold__args *a, const char *callee)
{
	bool found;
	int error = 0;

	(void)callee;
	if ((error = eval_arg(f, out, &found, a, 0, NULL, true)) < 0)
		return error;
	if (!found) {
		lg_pyfold__set_list(out);
		return 0;
	}
	if (out->kind != LG_FV_LIST && out->kind != LG_FV_STR &&
	    out->kind != LG_FV_BYTES) {
		lg_pyfold__dispose(out);
		return 0;
	}
	return to_list(f, out);
}

static int fn_reversed(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		       const struct lg_pyfold__args *a, const char *callee)
{
	int error = 0;

	if ((error = fn_list(f, out, a, callee)) < 0 ||
	    out->kind != LG_FV_LIST)
		return error;
	for (size_t i = 0, j = out->n; i + 1 < j; i++, j--) {
		struct lg_pyfold__item t = out->items[i];

		out->items[i] = out->items[j - 1];
		out->items[j - 1] = t;
	}
	return 0;
}

/* map(chr|ord, seq) and map(lambda x: ..., seq). */
static int map_one(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   const struct lg_pyfold__val *fn,
		   const struct lg_pyfold__val *item)
{
	struct lg_str name;

	if (fn->kind == LG_FV_LAMBDA)
		return lg_pyfold__with_binding(f, out,
					       lg_pysrc_text(f->src, fn->param),
					       item, fn->first, fn->end);
	name = lg_pysrc_text(f->src, fn->first);
	if (name.len == 3 && !memcmp(name.ptr, "chr", 3))
		return chr_of(out, item);
	if (name.len == 3 && !memcmp(name.ptr, "ord", 3))
		return ord_of(out, item);
	lg_pyfold__dispose(out);
	return 0;
}

static int fn_map(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  const struct lg_pyfold__args *a, const char *callee)
{
	struct lg_pyfold__val fn, seq, item, elem, r;
	size_t cursor = 0;
	bool found, more = true;
	int error = 0;

	(void)callee;
	lg_pyfold__init(&fn);
	lg_pyfold__init(&seq);
	lg_pyfold__init(&item);
	lg_pyfold__init(&elem);
	lg_pyfold__init(&r);
	lg_pyfold__dispose(out);
	if (positional(a) != 2 || a->n != 2 ||
	    (error = eval_arg(f, &fn, &found, a, 0, NULL, false)) < 0 ||
	    (error = eval_arg(f, &seq, &found, a, 1, NULL, true)) < 0)
		goto done;
	if (!(fn.kind == LG_FV_LAMBDA || (fn.kind == LG_FV_REF && fn.simple)))
		goto done;
	lg_pyfold__set_list(&r);
	while ((error = lg_pyfold__next(&item, &more, &seq, &cursor)) == 0 &&
	       more && (error = lg_pyfold__step(f, 1)) == 0 &&
	       (error = map_one(f, &elem, &fn, &item)) == 0) {
		if (elem.kind == LG_FV_NONE ||
		    lg_pyfold__push(&r, &elem) == LG_EINVALID)
			goto done;
	}
	if (error == LG_EINVALID)
		error = 0;
	else if (!error)
		lg_pyfold__move(out, &r);
done:
	lg_pyfold__dispose(&fn);
	lg_pyfold__dispose(&seq);
	lg_pyfold__dispose(&item);
	lg_pyfold__dispose(&elem);
	lg_pyfold__dispose(&r);
	return error;
}

/* compile(source, ...) and marshal.loads(data): a code object whose bytes
 * are kept (never evaluated). */
static int fn_code(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   const struct lg_pyfold__args *a, const char *callee)
{
	bool found;
	int error = 0;

	if ((error = eval_arg(f, out, &found, a, 0, NULL, true)) < 0)
		return error;
	if (out->kind == LG_FV_BYTES ||
	    (out->kind == LG_FV_STR && !strcmp(callee, "compile")))
		out->kind = LG_FV_CODE;
	else
		lg_pyfold__dispose(out);
	return 0;
}

enum codec_use {
	USE_NONE = 0,
	USE_ROT13,
	USE_HEX,
	USE_BASE64,
	USE_ZLIB,
	USE_BZ2,
};

struct codec_name {
	const char *name;
	enum codec_use use;
};

/* codecs.decode/encode codec names (normalised), sorted for bsearch. */
static const struct codec_name codec_names[] = {
	{"base64", USE_BASE64}, {"base64_codec", USE_BASE64},
	{"base_64", USE_BASE64}, {"bz2", USE_BZ2},
	{"bz2_codec", USE_BZ2}, {"hex", USE_HEX},
	{"hex_codec", USE_HEX}, {"rot13", USE_ROT13},
	{"rot_13", USE_ROT13}, {"zip", USE_ZLIB},
	{"zlib", USE_ZLIB}, {"zlib_codec", USE_ZLIB},
};

static int compare_codec(const void *key, const void *elem)
{
	return strcmp(key, ((const struct codec_name *)elem)->name);
}

/* Longest codec name we look up. */
#define CODEC_NAME_MAX 32u

static enum codec_use find_codec(const struct lg_buf *name)
{
	char norm[CODEC_NAME_MAX];
	const struct codec_name *hit;

	if (name->len == 0 || name->len >= sizeof(norm))
		return USE_NONE;
	for (size_t i = 0; i < name->len; i++) {
		char c = name->ptr[i];

		norm[i] = c == '-' || c == ' ' ? '_'
			  : c >= 'A' && c <= 'Z' ? (char)(c | 0x20)
						 : c;
	}
	norm[name->len] = '\0';
	hit = bsearch(norm, codec_names, LG_ARRAY_SIZE(codec_names),
		      sizeof(codec_names[0]), compare_codec);
	return hit ? hit->use : USE_NONE;
}

/* codecs.decode(obj, name) and codecs.encode(obj, name). */
static int fn_codecs(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     const struct lg_pyfold__args *a, const char *callee)
{
	static const enum lg_codec codec_of[] = {
		[USE_HEX] = LG_CODEC_HEX, [USE_BASE64] = LG_CODEC_BASE64,
		[USE_ZLIB] = LG_CODEC_ZLIB, [USE_BZ2] = LG_CODEC_BZ2,
	};
	struct lg_pyfold__val obj, enc;
	bool found, ok = true, decode = !strcmp(callee, "codecs.decode");
	enum codec_use use;
	int error = 0;

	lg_pyfold__init(&obj);
	lg_pyfold__init(&enc);
	lg_pyfold__dispose(out);
	if ((error = eval_arg(f, &obj, &found, a, 0, "obj", true)) < 0 ||
	    (error = encoding_arg(f, &enc, &ok, a, 1)) < 0 || !ok)
		goto done;
	use = find_codec(&enc.b);
	if (use == USE_ROT13 && obj.kind == LG_FV_STR)
		error = run_codec(f, out, LG_CODEC_ROT13, &obj, LG_FV_STR,
				  callee);
	else if (use != USE_NONE && use != USE_ROT13 && decode)
		error = run_codec(f, out, codec_of[use], &obj, LG_FV_BYTES,
				  callee);
	else if (use == USE_NONE && (decode ? obj.kind == LG_FV_BYTES
					    : obj.kind == LG_FV_STR))
		error = lg_pyfold__transcode(out, &obj, enc.b.ptr, enc.b.len);
done:
	lg_pyfold__dispose(&obj);
	lg_pyfold__dispose(&enc);
	return error;
}

struct function {
	const char *name;
	call_fn fn;
};

/* Sorted by name for bsearch (builtins. prefixes are removed first). */
static const struct function functions[] = {
	{"bytearray", fn_bytes},     {"bytes", fn_bytes},
	{"chr", fn_chr},             {"codecs.decode", fn_codecs},
	{"codecs.encode", fn_codecs}, {"compile", fn_code},
	{"list", fn_list},           {"map", fn_map},
	{"marshal.loads", fn_code},  {"ord", fn_ord},
	{"reversed", fn_reversed},   {"str", fn_str},
	{"tuple", fn_list},
};

/* ---- methods ------------------------------------------------------------- */

typedef int (*method_fn)(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
			 const struct lg_pyfold__val *self,
			 const struct lg_pyfold__args *a);

static bool is_text(const struct lg_pyfold__val *v)
{
	return v->kind == LG_FV_STR || v->kind == LG_FV_BYTES;
}

static int m_join(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  const struct lg_pyfold__val *self,
		  const struct lg_pyfold__args *a)
{
	struct lg_pyfold__val seq, r;
	bool found;
	int error = 0;

	lg_pyfold__init(&seq);
	lg_pyfold__init(&r);
	if (a->n != 1 ||
	    (error = eval_arg(f, &seq, &found, a, 0, NULL, true)) < 0)
		goto not_constant;
	if (seq.kind == LG_FV_STR && self->kind == LG_FV_STR)
		error = to_list(f, &seq);
	if (error < 0 || seq.kind != LG_FV_LIST)
		goto not_constant;
	r.kind = self->kind;
	for (size_t k = 0; k < seq.n && !error; k++) {
		if (seq.items[k].kind != self->kind)
			goto not_constant;
		if (k)
			lg_buf_put(&r.b, self->b.ptr, self->b.len);
		error = lg_buf_put(&r.b, seq.b.ptr + seq.items[k].off,
				   seq.items[k].len);
	}
	if (!error)
		lg_pyfold__move(out, &r);
	goto done;
not_constant:
	lg_pyfold__dispose(out);
done:
	lg_pyfold__dispose(&seq);
	lg_pyfold__dispose(&r);
	return error;
}

/* b.decode(encoding) and s.encode(encoding). */
static int m_transcode(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		       const struct lg_pyfold__val *self,
		       const struct lg_pyfold__args *a,
		       enum lg_pyfold__kind want)
{
	struct lg_pyfold__val enc;
	bool ok = self->kind == want;
	int error = 0;

	lg_pyfold__init(&enc);
	if (ok && (error = encoding_arg(f, &enc, &ok, a, 0)) == 0 && ok)
		error = lg_pyfold__transcode(out, self, enc.b.ptr, enc.b.len);
	else
		lg_pyfold__dispose(out);
	lg_pyfold__dispose(&enc);
	return error;
}

static int m_decode(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *self,
		    const struct lg_pyfold__args *a)
{
	return m_transcode(f, out, self, a, LG_FV_BYTES);
}

static int m_encode(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *self,
		    const struct lg_pyfold__args *a)
{
	return m_transcode(f, out, self, a, LG_FV_STR);
}

static int m_format(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *self,
		    const struct lg_pyfold__args *a)
{
	struct lg_pyfold__val list, v;
	bool found;
	int error = 0;

	lg_pyfold__init(&list);
	lg_pyfold__init(&v);
	lg_pyfold__set_list(&list);
	if (self->kind != LG_FV_STR || positional(a) != a->n)
		goto not_constant;
	for (size_t k = 0; k < a->n && !error; k++) {
		if ((error = eval_arg(f, &v, &found, a, k, NULL, true)) < 0)
			break;
		if (v.kind == LG_FV_NONE ||
		    (error = lg_pyfold__push(&list, &v)) == LG_EINVALID)
			goto not_constant;
	}
	if (!error)
		error = lg_pyfold__format(out, self, &list);
	goto done;
not_constant:
	error = 0;
	lg_pyfold__dispose(out);
done:
	lg_pyfold__dispose(&list);
	lg_pyfold__dispose(&v);
	return error;
}

static int m_replace(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     const struct lg_pyfold__val *self,
		     const struct lg_pyfold__args *a)
{
	struct lg_pyfold__val old, new, count, r;
	const char *p = self->b.ptr, *hit;
	size_t n = self->b.len;
	int64_t left = -1;
	bool found, has_count;
	int error = 0;

	lg_pyfold__init(&old);
	lg_pyfold__init(&new);
	lg_pyfold__init(&count);
	lg_pyfold__init(&r);
	if ((error = eval_arg(f, &old, &found, a, 0, NULL, true)) < 0 ||
	    (error = eval_arg(f, &new, &found, a, 1, NULL, true)) < 0 ||
	    (error = eval_arg(f, &count, &has_count, a, 2, "count", true)) < 0)
		goto done;
	if (old.kind != self->kind || new.kind != self->kind || !old.b.len ||
	    (has_count && count.kind != LG_FV_INT)) {
		lg_pyfold__dispose(out);
		goto done;
	}
	left = has_count ? count.i : -1;
	r.kind = self->kind;
	while (n && left != 0 && !error &&
	       (hit = memmem(p, n, old.b.ptr, old.b.len))) {
		lg_buf_put(&r.b, p, (size_t)(hit - p));
		error = lg_buf_put(&r.b, new.b.ptr, new.b.len);
		n -= (size_t)(hit - p) + old.b.len;
		p = hit + old.b.len;
		left -= left > 0;
	}
	if (!error && !(error = lg_buf_put(&r.b, p, n)))
		lg_pyfold__move(out, &r);
done:
	lg_pyfold__dispose(&old);
	lg_pyfold__dispose(&new);
	lg_pyfold__dispose(&count);
	lg_pyfold__dispose(&r);
	return error;
}

static bool is_ascii(const struct lg_pyfold__val *v)
{
	for (size_t i = 0; i < v->b.len; i++)
		if ((unsigned char)v->b.ptr[i] >= 0x80)
			return false;
	return true;
}

/* lower / upper / swapcase: ASCII only (other letters would change too). */
static int change_case(struct lg_pyfold__val *out,
		       const struct lg_pyfold__val *self,
		       const struct lg_pyfold__args *a, bool lower, bool upper)
{
	int error = 0;

	if (a->n || (self->kind == LG_FV_STR && !is_ascii(self)) ||
	    (error = lg_pyfold__copy(out, self)) < 0) {
		lg_pyfold__dispose(out);
		return 0;
	}
	for (size_t i = 0; i < out->b.len; i++) {
		char c = out->b.ptr[i];

		if (lower && c >= 'A' && c <= 'Z')
			out->b.ptr[i] = (char)(c | 0x20);
		else if (upper && c >= 'a' && c <= 'z')
			out->b.ptr[i] = (char)(c & ~0x20);
	}
	return 0;
}

static int m_lower(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   const struct lg_pyfold__val *self,
		   const struct lg_pyfold__args *a)
{
	(void)f;
	return change_case(out, self, a, true, false);
}

static int m_upper(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   const struct lg_pyfold__val *self,
		   const struct lg_pyfold__args *a)
{
	(void)f;
	return change_case(out, self, a, false, true);
}

static bool in_set(char c, const struct lg_pyfold__val *chars)
{
	if (!chars)
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		       c == '\v' || c == '\f';
	return memchr(chars->b.ptr, c, chars->b.len) != NULL;
}

static int strip(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		 const struct lg_pyfold__val *self,
		 const struct lg_pyfold__args *a, bool left, bool right)
{
	struct lg_pyfold__val chars;
	const char *p = self->b.ptr;
	size_t n = self->b.len;
	bool found;
	int error = 0;

	lg_pyfold__init(&chars);
	if ((error = eval_arg(f, &chars, &found, a, 0, "chars", true)) < 0)
		goto done;
	if (found && !is_none(f, find_arg(f, a, 0, "chars")) &&
	    (chars.kind != self->kind || !is_ascii(&chars))) {
		lg_pyfold__dispose(out);
		goto done;
	}
	while (left && n && in_set(p[0], chars.kind ? &chars : NULL)) {
		p++;
		n--;
	}
	while (right && n && in_set(p[n - 1], chars.kind ? &chars : NULL))
		n--;
	error = lg_pyfold__set_bytes(out, self->kind, p, n);
done:
	lg_pyfold__dispose(&chars);
	return error;
}

static int m_strip(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		   const struct lg_pyfold__val *self,
		   const struct lg_pyfold__args *a)
{
	return strip(f, out, self, a, true, true);
}

static int m_lstrip(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *self,
		    const struct lg_pyfold__args *a)
{
	return strip(f, out, self, a, true, false);
}

static int m_rstrip(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    const struct lg_pyfold__val *self,
		    const struct lg_pyfold__args *a)
{
	return strip(f, out, self, a, false, true);
}

struct method {
	const char *name;
	method_fn fn;
};

/* Sorted by name for bsearch. */
static const struct method methods[] = {
	{"decode", m_decode}, {"encode", m_encode}, {"format", m_format},
	{"join", m_join},     {"lower", m_lower},   {"lstrip", m_lstrip},
	{"replace", m_replace}, {"rstrip", m_rstrip}, {"strip", m_strip},
	{"upper", m_upper},
};

/* ---- dispatch ------------------------------------------------------------ */

static int compare_function(const void *key, const void *elem)
{
	return strcmp(key, ((const struct function *)elem)->name);
}

static int compare_method(const void *key, const void *elem)
{
	const struct lg_str *k = key;
	const char *name = ((const struct method *)elem)->name;
	int c = strncmp(k->ptr, name, k->len);

	return c ? c : (name[k->len] ? -1 : 0);
}

int lg_pyfold_check_tables(void)
{
	int error = 0;

	if ((error = lg_pyfold__check_encodings()) < 0)
		return error;
	for (size_t i = 1; i < LG_ARRAY_SIZE(functions); i++)
		if (strcmp(functions[i - 1].name, functions[i].name) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"fold function table not "
						"sorted at '%s'",
						functions[i].name);
	for (size_t i = 1; i < LG_ARRAY_SIZE(methods); i++)
		if (strcmp(methods[i - 1].name, methods[i].name) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"fold method table not "
						"sorted at '%s'",
						methods[i].name);
	for (size_t i = 1; i < LG_ARRAY_SIZE(codec_names); i++)
		if (strcmp(codec_names[i - 1].name, codec_names[i].name) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"codec name table not sorted "
						"at '%s'",
						codec_names[i].name);
	return 0;
}

/* The resolved callee of the call at lparen, without a builtins prefix;
 * "" when pysrc did not name it. */
static const char *callee_at(const struct lg_pysrc *src, size_t lparen)
{
	size_t k = lg_pysrc_first_call(src, lparen);
	const char *c;

	if (k >= src->ncalls || src->calls[k].lparen != lparen)
		return "";
	c = src->calls[k].callee;
	if (!strncmp(c, "builtins.", 9))
		return c + 9;
	if (!strncmp(c, "__builtins__.", 13))
		return c + 13;
	return c;
}

static bool is_method(const struct lg_pyfold__ctx *f, size_t tok)
{
	struct lg_str name = lg_pysrc_text(f->src, tok);

	return bsearch(&name, methods, LG_ARRAY_SIZE(methods),
		       sizeof(methods[0]), compare_method) != NULL;
}

static int call_method(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		       struct lg_pyfold__val *recv, size_t method,
		       const struct lg_pyfold__args *a)
{
	struct lg_str name = lg_pysrc_text(f->src, method);
	const struct method *m;
	int error = 0;

	m = bsearch(&name, methods, LG_ARRAY_SIZE(methods), sizeof(methods[0]),
		    compare_method);
	if (!m || (error = lg_pyfold__force(f, recv)) < 0 || !is_text(recv)) {
		lg_pyfold__dispose(out);
		return m ? error : 0;
	}
	return m->fn(f, out, recv, a);
}

int lg_pyfold__call(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		    struct lg_pyfold__val *recv, size_t method, size_t lparen)
{
	const char *callee = callee_at(f->src, lparen);
	const struct function *fn;
	struct lg_pyfold__args a = {NULL, 0};
	struct lg_pyfold__val r;
	int codec, error = 0;
	bool ok;

	lg_pyfold__init(&r);
	if ((error = split_args(f, &a, &ok, lparen)) < 0 || !ok)
		goto done;
	if ((codec = lg_codec_for_callee(callee)) >= 0)
		error = decoder_call(f, &r, (enum lg_codec)codec, callee, &a);
	else if ((fn = bsearch(callee, functions, LG_ARRAY_SIZE(functions),
			       sizeof(functions[0]), compare_function)))
		error = fn->fn(f, &r, &a, callee);
	else if (method != LG_PYTOK_NONE && is_method(f, method))
		error = call_method(f, &r, recv, method, &a);
	else if (recv->kind == LG_FV_REF) {
		/* an opaque value (a module, an object): a later attribute
		 * call may still be one we know, named by pysrc */
		r.kind = LG_FV_REF;
		r.first = recv->first;
		r.end = (uint32_t)(f->src->toks[lparen].match + 1);
		r.simple = false;
	}
done:
	args_dispose(&a);
	if (error >= 0)
		lg_pyfold__move(out, &r);
	lg_pyfold__dispose(&r);
	return error;
}

/* ---- operators ----------------------------------------------------------- */

static int repeat(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		  const struct lg_pyfold__val *seq, int64_t times)
{
	struct lg_pyfold__val r;
	size_t unit = seq->kind == LG_FV_LIST ? seq->n : seq->b.len;
	int error = 0;

	if (times < 0)
		times = 0;
	if (unit && (uint64_t)times > LG_MAX_FOLD_BYTES / unit)
		return lg_error_toobig("folded value larger than %u bytes",
				       LG_MAX_FOLD_BYTES);
	if ((error = lg_pyfold__step(f, (size_t)times)) < 0)
		return error;
	lg_pyfold__init(&r);
	if (seq->kind == LG_FV_LIST)
		lg_pyfold__set_list(&r);
	r.kind = seq->kind;
	for (int64_t k = 0; k < times && !error; k++) {
		if (seq->kind != LG_FV_LIST) {
			error = lg_buf_put(&r.b, seq->b.ptr, seq->b.len);
			continue;
		}
		for (size_t i = 0; i < seq->n && !error; i++) {
			struct lg_pyfold__item it = seq->items[i];

			if (it.kind == LG_FV_INT)
				error = lg_pyfold__push_int(&r, it.i);
			else
				error = lg_pyfold__push_bytes(
					&r, (enum lg_pyfold__kind)it.kind,
					seq->b.ptr + it.off, it.len);
		}
	}
	if (!error)
		lg_pyfold__move(out, &r);
	lg_pyfold__dispose(&r);
	return error;
}

static int concat(struct lg_pyfold__val *out, struct lg_pyfold__val *a,
		  const struct lg_pyfold__val *b)
{
	int error = 0;

	if (a->kind == LG_FV_LIST) {
		for (size_t i = 0; i < b->n && !error; i++) {
			struct lg_pyfold__item it = b->items[i];

			if (it.kind == LG_FV_INT)
				error = lg_pyfold__push_int(a, it.i);
			else
				error = lg_pyfold__push_bytes(
					a, (enum lg_pyfold__kind)it.kind,
					b->b.ptr + it.off, it.len);
		}
	} else {
		error = lg_buf_put(&a->b, b->b.ptr, b->b.len);
	}
	if (!error)
		lg_pyfold__move(out, a);
	return error;
}

/* Python's floor division and modulo. */
static bool int_divmod(int64_t a, int64_t b, int64_t *q, int64_t *r)
{
	if (b == 0 || (a == INT64_MIN && b == -1))
		return false;
	*q = a / b;
	*r = a % b;
	if (*r && ((*r < 0) != (b < 0))) {
		*q -= 1;
		*r += b;
	}
	return true;
}

static bool int_op(int64_t *out, char op, int64_t a, int64_t b)
{
	int64_t q, r;

	switch (op) {
	case '+': return !__builtin_add_overflow(a, b, out);
	case '-': return !__builtin_sub_overflow(a, b, out);
	case '*': return !__builtin_mul_overflow(a, b, out);
	case '&': *out = a & b; return true;
	case '|': *out = a | b; return true;
	case '^': *out = a ^ b; return true;
	case '/':
		if (!int_divmod(a, b, &q, &r))
			return false;
		*out = q;
		return true;
	case '%':
		if (!int_divmod(a, b, &q, &r))
			return false;
		*out = r;
		return true;
	case '<':
		if (b < 0 || b > 62 || a < 0 || a > (INT64_MAX >> b))
			return false;
		*out = a << b;
		return true;
	case '>':
		if (b < 0)
			return false;
		*out = b > 63 ? (a < 0 ? -1 : 0) : a >> b;
		return true;
	default:
		return false;
	}
}

int lg_pyfold__binop(struct lg_pyfold__ctx *f, struct lg_pyfold__val *out,
		     const char *op, struct lg_pyfold__val *a,
		     struct lg_pyfold__val *b)
{
	int64_t v;

	if (a->kind == LG_FV_NONE || b->kind == LG_FV_NONE)
		goto not_constant;
	if (a->kind == LG_FV_INT && b->kind == LG_FV_INT) {
		if (!int_op(&v, op[0], a->i, b->i))
			goto not_constant;
		lg_pyfold__set_int(out, v);
		return 0;
	}
	if (!strcmp(op, "+") && a->kind == b->kind &&
	    (is_text(a) || a->kind == LG_FV_LIST))
		return concat(out, a, b);
	if (!strcmp(op, "*") && b->kind == LG_FV_INT &&
	    (is_text(a) || a->kind == LG_FV_LIST))
		return repeat(f, out, a, b->i);
	if (!strcmp(op, "*") && a->kind == LG_FV_INT &&
	    (is_text(b) || b->kind == LG_FV_LIST))
		return repeat(f, out, b, a->i);
	if (!strcmp(op, "%") && is_text(a))
		return lg_pyfold__percent(out, a, b);
not_constant:
	lg_pyfold__dispose(out);
	return 0;
}
