/* SPDX-License-Identifier: MIT */
/* Code hidden in constants is scanned again as Python, with the context of
 * the member it sits in: source text kept in a string (a dropper writes it
 * to a temp file and starts it), and constants that peel (base64, hex,
 * zlib, ... through lg/decode.h) into Python source. Recursion is bounded
 * by LG_MAX_RESCAN_DEPTH and the bytes rescanned per member by
 * LG_MAX_RESCAN_BYTES. */
#include <strings.h>

#include "lg/decode.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* Shortest constant worth peeling or parsing. */
#define RESCAN_MIN_BYTES 24u
/* Shortest constant worth trying to peel. */
#define PEEL_MIN_BYTES 40u

static bool looks_encoded(const char *p, size_t n)
{
	size_t good = 0;

	if (n < PEEL_MIN_BYTES)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		good += (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '+' || c == '/' ||
			c == '=' || c == '-' || c == '_' || c == '\n';
	}
	return good * 100 >= n * 97;
}

static bool compressed_magic(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	return n > 3 && ((u[0] == 0x78 && (u[1] == 0x9C || u[1] == 0xDA ||
					   u[1] == 0x01 || u[1] == 0x5E)) ||
			 (u[0] == 0x1F && u[1] == 0x8B) ||
			 (u[0] == 'B' && u[1] == 'Z' && u[2] == 'h') ||
			 (u[0] == 0xFD && u[1] == '7' && u[2] == 'z'));
}


/* Scans code (of the string at token tok) as Python one level down. */
static int scan_inner(struct lg_rules__ctx *ctx, size_t tok, const char *code,
		      size_t len, bool folded)
{
	struct lg_rules__ctx inner = *ctx;
	struct lg_pysrc *src = NULL;
	bool *reached = NULL;
	int error;

	if ((error = lg_pysrc_parse(&src, code, len)) < 0 ||
	    (error = lg_pyfold_callees(src)) < 0 ||
	    (error = lg_rules__reach(&reached, src, true)) < 0)
		goto done;
	inner.src = src;
	inner.reached = reached;
	inner.depth = ctx->depth + 1;
	inner.folded = folded && (ctx->depth == 0 || ctx->folded);
	inner.line_fixed = ctx->line_base + ctx->src->toks[tok].line;
	/* The hidden code runs where the constant is used. */
	inner.where = lg_rules__where_at(ctx, tok);
	error = lg_rules__scan_code(&inner, false);
done:
	lg__free(reached);
	lg_pysrc_free(src);
	return error;
}

/* PE (MZ with a PE header offset in range), ELF or Mach-O bytes. */
static bool is_executable(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n >= 64 && u[0] == 'M' && u[1] == 'Z') {
		size_t pe = (size_t)u[60] | (size_t)u[61] << 8 |
			    (size_t)u[62] << 16 | (size_t)u[63] << 24;

		return pe + 4 <= n && !memcmp(p + pe, "PE\0\0", 4);
	}
	return n >= 16 && ((u[0] == 0x7F && !memcmp(p + 1, "ELF", 3)) ||
			   (u[0] == 0xCF && u[1] == 0xFA && u[2] == 0xED &&
			    u[3] == 0xFE));
}

/* UTF-16LE text (powershell -EncodedCommand) as ASCII, in place. */
static void strip_utf16(struct lg_buf *b)
{
	size_t k = 0, zeros = 0;

	for (size_t i = 1; i < b->len; i += 2)
		zeros += b->ptr[i] == '\0';
	if (b->len < 4 || zeros * 4 < b->len)
		return;
	for (size_t i = 0; i < b->len; i += 2)
		b->ptr[k++] = b->ptr[i];
	b->len = k;
	b->ptr[k] = '\0';
}

/* Base64 after a powershell -e/-enc/-EncodedCommand switch in v, decoded
 * into out. */
static int powershell_payload(struct lg_buf *out, const struct lg_buf *v)
{
	static const char *const switches[] = {" -encodedcommand ", " -enc ",
					       " -e ", " -ec "};
	int error;

	for (size_t k = 0; k < LG_ARRAY_SIZE(switches); k++) {
		size_t n = strlen(switches[k]), start, end;

		for (size_t i = 0; i + n <= v->len; i++) {
			if (strncasecmp(v->ptr + i, switches[k], n))
				continue;
			start = i + n;
			end = start;
			while (end < v->len && v->ptr[end] != ' ' &&
			       v->ptr[end] != '"' && v->ptr[end] != '\'')
				end++;
			if (end - start < 16)
				continue;
			error = lg_decode_apply(out, LG_CODEC_BASE64,
						v->ptr + start, end - start);
			if (error == LG_EINVALID) {
				lg_error_clear();
				lg_buf_reset(out);
				continue;
			}
			return error;
		}
	}
	return 0;
}

static int consider(struct lg_rules__ctx *ctx, size_t tok,
		    const struct lg_buf *v, size_t *budget, bool *encoded,
		    bool *cradle)
{
	struct lg_buf out = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	unsigned layers = 0;
	int error = 0;

	if (v->len < RESCAN_MIN_BYTES)
		return 0;
	if (lg_decode_looks_like_python(v->ptr, v->len) &&
	    (memchr(v->ptr, '\n', v->len) || memchr(v->ptr, ';', v->len) ||
	     memchr(v->ptr, '(', v->len))) {
		if (v->len > *budget)
			goto toobig;
		*budget -= v->len;
		return scan_inner(ctx, tok, v->ptr, v->len, false);
	}
	if ((error = powershell_payload(&out, v)) < 0)
		goto done;
	if (out.len) {
		strip_utf16(&out);
		if (lg_rules__shell_cradle(out.ptr, out.len))
			*cradle = true;
		goto done;
	}
	if (!looks_encoded(v->ptr, v->len) && !compressed_magic(v->ptr, v->len))
		return 0;
	error = lg_decode_peel(&out, &layers, v->ptr, v->len);
	if (error == LG_EINVALID || error == LG_EUNSUPPORTED) {
		lg_error_clear();
		error = 0;
		goto done;
	}
	if (error < 0 || layers == 0)
		goto done;
	if (lg_decode_is_marshal(out.ptr, out.len)) {
		*encoded = true;
		goto done;
	}
	if (is_executable(out.ptr, out.len)) {
		*cradle = true;
		goto done;
	}
	if (!lg_decode_looks_like_python(out.ptr, out.len)) {
		strip_utf16(&out);
		if (lg_rules__shell_cradle(out.ptr, out.len))
			*cradle = true;
		goto done;
	}
	*encoded = true;
	if (out.len > *budget) {
		lg_buf_dispose(&out);
		goto toobig;
	}
	*budget -= out.len;
	error = scan_inner(ctx, tok, out.ptr, out.len, false);
done:
	lg_buf_dispose(&out);
	return error;
toobig:
	return lg_error_toobig("'%s': more than %u bytes of hidden code",
			       ctx->path, LG_MAX_RESCAN_BYTES);
}

/* Whether tokens [first, end) are only adjacent string literals (the
 * token loop below already looks at those). */
static bool plain_literals(const struct lg_pysrc *src, size_t first,
			   size_t end)
{
	for (size_t i = first; i < end; i++)
		if (src->toks[i].kind != LG_PYTOK_STRING &&
		    src->toks[i].kind != LG_PYTOK_COMMENT)
			return false;
	return end > first;
}

/* Whether the NAME at tok was last assigned adjacent string literals
 * before it (`code = '...'; exec(code)`): the token loop scans those where
 * they are written. */
static bool names_literal(const struct lg_pysrc *src, size_t tok)
{
	struct lg_str name = lg_pysrc_text(src, tok), t;

	if (src->toks[tok].kind != LG_PYTOK_NAME)
		return false;
	for (size_t k = lg_pysrc_first_assign(src, tok); k-- > 0;) {
		const struct lg_pyassign *a = &src->assigns[k];

		t = lg_pysrc_text(src, a->target);
		if (a->end > tok || t.len != name.len ||
		    memcmp(t.ptr, name.ptr, t.len))
			continue;
		return plain_literals(src, a->first, a->end);
	}
	return false;
}

/* The first argument of the exec/eval/compile call c folded
 * (lg/pyfold.h) to its value: 'import os;' + '...', ''.join([...]),
 * bytes([...]).decode(), '%s;%s' % (a, b), compile(a + b, ...), a decoder
 * over a constant. That value is code (exec runs it), so it is scanned
 * again as Python whatever it looks like, as a literal that looks like
 * code is. *done gets the last token handled (string tokens up to it are
 * not looked at again); *encoded is set when a decoder was applied. */
static int fold_sink(struct lg_rules__ctx *ctx, const struct lg_pycall *c,
		     struct lg_buf *v, size_t *budget, size_t *done,
		     bool *encoded)
{
	const struct lg_pysrc *src = ctx->src;
	size_t depth = (size_t)src->toks[c->lparen].depth + 1u;
	size_t end = lg_rules__next_comma(src, c->lparen + 1, c->rparen,
					  depth);
	struct lg_pyfold_result res;
	int error;

	if (end <= c->lparen + 1 || plain_literals(src, c->lparen + 1, end) ||
	    (end == c->lparen + 2 && names_literal(src, c->lparen + 1)))
		return 0;
	lg_buf_reset(v);
	error = lg_pyfold_expr(v, &res, src, c->lparen + 1, end);
	if (error == LG_ETOOBIG) { /* unknown, as a non-constant */
		lg_error_clear();
		return 0;
	}
	if (error < 0 || !res.constant || !v->len)
		return error;
	*done = c->rparen;
	if (res.decoded)
		*encoded = true;
	if (lg_decode_is_marshal(v->ptr, v->len))
		return 0;
	if (v->len > *budget)
		return lg_error_toobig("'%s': more than %u bytes of hidden "
				       "code",
				       ctx->path, LG_MAX_RESCAN_BYTES);
	*budget -= v->len;
	return scan_inner(ctx, c->lparen + 1, v->ptr, v->len, !res.decoded);
}

int lg_rules__rescan(struct lg_rules__ctx *ctx, size_t *budget)
{
	const struct lg_pysrc *src = ctx->src;
	struct lg_buf v = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	size_t first_encoded = LG_PYTOK_NONE, first_cradle = LG_PYTOK_NONE;
	int error = 0;

	if (ctx->depth >= LG_MAX_RESCAN_DEPTH)
		return lg_error_toobig("'%s': code hidden more than %u levels "
				       "deep",
				       ctx->path, LG_MAX_RESCAN_DEPTH);
	size_t folded_until = 0, nskip = 0;
	size_t *skip = NULL; /* [from, to] token pairs of folded sinks */

	if (src->ncalls &&
	    !(skip = lg__calloc(src->ncalls * 2, sizeof(*skip)))) {
		error = lg_error_oom();
		goto done;
	}
	for (size_t k = 0; k < src->ncalls && !error; k++) {
		bool encoded = false;

		if (src->calls[k].lparen < folded_until ||
		    !lg_rules__is_exec_sink(src->calls[k].callee))
			continue;
		lg_buf_reset(&v);
		error = fold_sink(ctx, &src->calls[k], &v, budget,
				  &folded_until, &encoded);
		if (folded_until == src->calls[k].rparen) {
			skip[nskip++] = src->calls[k].lparen;
			skip[nskip++] = folded_until;
		}
		if (encoded && first_encoded == LG_PYTOK_NONE)
			first_encoded = src->calls[k].lparen + 1;
	}
	for (size_t i = 0, r = 0; i < src->ntoks && !error; i++) {
		bool encoded = false, cradle = false;

		while (r < nskip && skip[r + 1] < i)
			r += 2;
		if ((r < nskip && skip[r] <= i) ||
		    src->toks[i].kind != LG_PYTOK_STRING ||
		    src->toks[i].len < RESCAN_MIN_BYTES || lg_rules__is_docstring(src, i))
			continue;
		lg_buf_reset(&v);
		if ((error = lg_pysrc_string_value(&v, src->buf,
						   &src->toks[i])) < 0)
			break;
		error = consider(ctx, i, &v, budget, &encoded, &cradle);
		if (encoded && first_encoded == LG_PYTOK_NONE)
			first_encoded = i;
		if (cradle && first_cradle == LG_PYTOK_NONE)
			first_cradle = i;
	}
	if (!error && first_cradle != LG_PYTOK_NONE)
		error = lg_rules__report_at(ctx, LG_RULE_ENCODED_CODE,
					    LG_SEV_HIGH, true, first_cradle,
					    "%s",
					    "an encoded constant (base64, "
					    "powershell -EncodedCommand, ...) "
					    "decodes to a download or shell "
					    "command, or to an executable");
	else if (!error && first_encoded != LG_PYTOK_NONE)
		error = lg_rules__report_at(ctx, LG_RULE_ENCODED_CODE,
					    LG_SEV_MEDIUM, true, first_encoded,
					    "%s",
					    "a constant decodes to Python code "
					    "or a code object");
done:
	lg__free(skip);
	lg_buf_dispose(&v);
	return error;
}
