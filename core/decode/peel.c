/* SPDX-License-Identifier: MIT */
/* Peeling encodings recognised from the bytes alone, and the sniffers
 * that say when to stop (Python source, marshalled code). */
#include "lg/buf.h"
#include "decode_private.h"

/* Shortest trimmed text tried as base64/32/85 or hex. */
#define PEEL_MIN_TEXT 16u
/* The sniffers look at this many leading bytes: a sample, not a cap. */
#define SNIFF_BYTES 65536u
/* Text decoded first from a long candidate (yields >= SNIFF_BYTES). */
#define PROBE_BYTES (4u * SNIFF_BYTES)

struct peel {
	size_t total; /* output bytes of all layers so far */
};

/* ---- sniffing ------------------------------------------------------------ */

/* Bytes of p[0..n) that are neither printable text nor common
 * whitespace; SIZE_MAX when there is a NUL. */
static size_t bad_bytes(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t bad = 0, k;

	for (size_t i = 0; i < n; i++) {
		if (u[i] == 0)
			return SIZE_MAX;
		if (u[i] >= 0x80) {
			if ((k = lg_utf8_len((const char *)u + i, n - i)) == 0) {
				/* a sequence cut by the sample's end is fine */
				bad += n - i >= 4;
				continue;
			}
			i += k - 1;
		} else if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
			   u[i] != '\r' && u[i] != '\f') {
			bad++;
		}
	}
	return bad;
}

/* Printable UTF-8 text, with at most 1% odd bytes. */
static bool is_text(const char *p, size_t n)
{
	size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES, bad;

	if (m == 0)
		return false;
	bad = bad_bytes(p, m);
	return bad != SIZE_MAX && bad * 100 <= m;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Length of the dotted identifier at p (a.b.c), 0 if none. */
static size_t dotted_len(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_ident_start(p[i])) {
		while (i < n && is_ident_char(p[i]))
			i++;
		if (i + 1 < n && p[i] == '.' && is_ident_start(p[i + 1]))
			i++;
		else
			break;
	}
	return i;
}

static bool starts(const char *p, size_t n, const char *word)
{
	size_t w = strlen(word);

	return n >= w && !memcmp(p, word, w);
}

static size_t skip_blanks(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

static bool has(const char *p, size_t n, const char *needle)
{
	return memmem(p, n, needle, strlen(needle)) != NULL;
}

/* Scores one line (without its break): 2 for a statement only Python
 * writes, 1 for one it commonly writes, 0 otherwise. */
static int line_score(const char *p, size_t n)
{
	size_t i = skip_blanks(p, n, 0), k;

	p += i;
	n -= i;
	if ((starts(p, n, "import ") && dotted_len(p + 7, n - 7)) ||
	    (starts(p, n, "from ") && has(p, n, " import ")) ||
	    (starts(p, n, "def ") && dotted_len(p + 4, n - 4) &&
	     has(p, n, "(")) ||
	    starts(p, n, "async def ") || starts(p, n, "if __name__"))
		return 2;
	if (starts(p, n, "class ") || starts(p, n, "return") ||
	    starts(p, n, "try:") || starts(p, n, "except") ||
	    starts(p, n, "else:") || starts(p, n, "elif ") ||
	    (starts(p, n, "for ") && has(p, n, " in ")) ||
	    starts(p, n, "while ") || starts(p, n, "with ") ||
	    (starts(p, n, "@") && dotted_len(p + 1, n - 1)))
		return 1;
	if (!(k = dotted_len(p, n)))
		return 0;
	i = skip_blanks(p, n, k);
	if (i < n && p[i] == '(')
		return 1;
	if (i + 1 < n && p[i] == '=' && p[i + 1] != '=') {
		i = skip_blanks(p, n, i + 1);
		return i < n && p[i] != '=';
	}
	return 0;
}

bool lg_decode_looks_like_python(const char *p, size_t n)
{
	size_t m = n < SNIFF_BYTES ? n : SNIFF_BYTES, bad, start = 0;
	int strong = 0, weak = 0, s;

	if (!p || m == 0)
		return false;
	bad = bad_bytes(p, m);
	if (bad == SIZE_MAX || bad * 50 > m)
		return false;
	if (has(p, m, "exec(") || has(p, m, "eval(") ||
	    has(p, m, "__import__("))
		return true;
	for (size_t i = 0; i <= m && strong == 0 && weak < 2; i++) {
		if (i < m && p[i] != '\n' && p[i] != '\r' && p[i] != ';')
			continue;
		s = line_score(p + start, i - start);
		strong += s == 2;
		weak += s == 1;
		start = i + 1;
	}
	return strong > 0 || weak >= 2;
}

/* TYPE_CODE ('c', with FLAG_REF or not) followed by small counts
 * (argcount, posonlyargcount or kwonlyargcount, ...), as every CPython
 * from 2.7 on writes a code object. */
static bool code_at(const unsigned char *u, size_t n)
{
	if (n < 17 || (u[0] != 0x63 && u[0] != 0xE3))
		return false;
	for (size_t k = 0; k < 3; k++)
		if (u[1 + 4 * k + 2] || u[1 + 4 * k + 3])
			return false;
	return true;
}

bool lg_decode_is_marshal(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	static const size_t pyc_header[] = {16, 12, 8};

	if (!p)
		return false;
	if (code_at(u, n))
		return true;
	if (n < 4 || u[2] != 0x0D || u[3] != 0x0A)
		return false;
	for (size_t k = 0; k < LG_ARRAY_SIZE(pyc_header); k++)
		if (n > pyc_header[k] &&
		    code_at(u + pyc_header[k], n - pyc_header[k]))
			return true;
	return false;
}

/* ---- peeling ------------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool is_payload(const char *p, size_t n)
{
	return lg_decode__compression(p, n) >= 0 ||
	       lg_decode_is_marshal(p, n) ||
	       lg_decode_looks_like_python(p, n);
}

/* Output worth a layer: something we know, or clean text. */
static bool is_plausible(const char *p, size_t n)
{
	return n > 0 &&
	       (is_payload(p, n) || is_text(p, n) ||
		(n >= 4 && (!memcmp(p, "\x7f" "ELF", 4) ||
			    !memcmp(p, "PK\x03\x04", 4))) ||
		(n >= 64 && p[0] == 'M' && p[1] == 'Z'));
}

static int codec_fn(struct lg_buf *out, enum lg_codec c, const char *in,
		    size_t len)
{
	switch (c) {
	case LG_CODEC_BASE64: return lg_decode__base64(out, in, len);
	case LG_CODEC_BASE64URL: return lg_decode__base64url(out, in, len);
	case LG_CODEC_BASE32: return lg_decode__base32(out, in, len);
	case LG_CODEC_BASE85: return lg_decode__base85(out, in, len);
	case LG_CODEC_ASCII85: return lg_decode__ascii85(out, in, len);
	case LG_CODEC_HEX: return lg_decode__hex(out, in, len);
	case LG_CODEC_ZLIB: return lg_decode__zlib(out, in, len);
	case LG_CODEC_GZIP: return lg_decode__gzip(out, in, len);
	case LG_CODEC_BZ2: return lg_decode__bz2(out, in, len);
	case LG_CODEC_LZMA: return lg_decode__lzma(out, in, len);
	case LG_CODEC_ROT13: return lg_decode__rot13(out, in, len);
	case LG_CODEC_REVERSE: return lg_decode__reverse(out, in, len);
	default: return LG_EINVALID;
	}
}

static int budget_error(void)
{
	return lg_error_toobig("decoded data larger than %u bytes in all",
			       LG_MAX_DECODE_BYTES);
}

/* Output left in st's budget. */
static size_t budget(const struct peel *st)
{
	return LG_MAX_DECODE_BYTES - st->total;
}

/* Decodes in with c into dst (reset first). A decompression is bounded by
 * what is left of st's budget; a text candidate, which may still be
 * rejected, only by LG_MAX_DECODE_BYTES (it is charged once taken). *ok is
 * false when in is not valid for c. */
static int try_codec(struct peel *st, bool *ok, struct lg_buf *dst,
		     enum lg_codec c, const char *in, size_t len)
{
	bool compressed = c == LG_CODEC_ZLIB || c == LG_CODEC_GZIP ||
			  c == LG_CODEC_BZ2 || c == LG_CODEC_LZMA;
	int error = 0;

	*ok = false;
	lg_buf_reset(dst);
	dst->max = compressed ? budget(st) : LG_MAX_DECODE_BYTES;
	error = codec_fn(dst, c, in, len);
	if (error == LG_EINVALID) {
		lg_buf_reset(dst);
		return 0;
	}
	if (error == LG_ETOOBIG)
		return budget_error();
	if (error < 0)
		return error;
	*ok = true;
	return 0;
}

/* Text codecs, the stricter alphabets first. */
static const enum lg_codec text_codecs[] = {
	LG_CODEC_HEX,    LG_CODEC_BASE32,  LG_CODEC_BASE64,
	LG_CODEC_BASE64URL, LG_CODEC_BASE85, LG_CODEC_ASCII85,
};

typedef bool (*accept_fn)(const char *p, size_t n);

/* Decodes in with c into dst and keeps it when accept likes the output.
 * A long input is first decoded from a prefix of PROBE_BYTES: the
 * sniffers read at most SNIFF_BYTES of output, which such a prefix always
 * yields, so a rejected prefix rejects the whole without decoding it (an
 * invalid prefix proves nothing: it may end inside a group). */
static int try_text(struct peel *st, bool *ok, struct lg_buf *dst,
		    enum lg_codec c, const char *in, size_t len,
		    accept_fn accept)
{
	int error = 0;

	*ok = false;
	if (len > PROBE_BYTES) {
		lg_buf_reset(dst);
		dst->max = LG_MAX_DECODE_BYTES;
		error = codec_fn(dst, c, in, PROBE_BYTES);
		if (error == 0 && dst->len >= SNIFF_BYTES &&
		    !accept(dst->ptr, dst->len))
			return 0;
		if (error < 0 && error != LG_EINVALID)
			return error;
	}
	if ((error = try_codec(st, ok, dst, c, in, len)) < 0)
		return error;
	*ok = *ok && accept(dst->ptr, dst->len);
	return 0;
}

/* x[::-1] around base64: taken only when it yields a payload. */
static int try_reversed(struct peel *st, bool *ok, struct lg_buf *dst,
			struct lg_buf *tmp, const char *t, size_t n)
{
	int error = 0;

	if ((error = try_codec(st, ok, tmp, LG_CODEC_REVERSE, t, n)) < 0 ||
	    !*ok)
		return error;
	for (size_t k = 0; k < 2 && !error; k++) {
		error = try_text(st, ok, dst,
				 k ? LG_CODEC_BASE64URL : LG_CODEC_BASE64,
				 tmp->ptr, tmp->len, is_payload);
		if (*ok)
			return error;
	}
	return error;
}

/* One text layer of the trimmed t into dst. */
static int text_layer(struct peel *st, bool *ok, struct lg_buf *dst,
		      struct lg_buf *tmp, const char *t, size_t n)
{
	int error = 0;

	for (size_t k = 0; k < LG_ARRAY_SIZE(text_codecs); k++) {
		if ((error = try_text(st, ok, dst, text_codecs[k], t, n,
				      is_plausible)) < 0 ||
		    *ok)
			return error;
	}
	if ((error = try_reversed(st, ok, dst, tmp, t, n)) < 0 || *ok ||
	    !is_text(t, n))
		return error;
	return try_text(st, ok, dst, LG_CODEC_ROT13, t, n,
			lg_decode_looks_like_python);
}

static void swap(struct lg_buf *a, struct lg_buf *b)
{
	struct lg_buf t = *a;

	*a = *b;
	*b = t;
}

/* One layer of p[0..n) into dst: a decompression, or a text decoding
 * with the decompression of its output if that is compressed (the
 * usual base64(zlib(...)) wrapper counts once). */
static int peel_layer(struct peel *st, bool *ok, struct lg_buf *dst,
		      struct lg_buf *tmp, const char *p, size_t n)
{
	int c = lg_decode__compression(p, n), error = 0;
	bool merged;

	*ok = false;
	if (c < 0 && (lg_decode_is_marshal(p, n) ||
		      lg_decode_looks_like_python(p, n)))
		return 0;
	if (c >= 0)
		return try_codec(st, ok, dst, (enum lg_codec)c, p, n);
	while (n && is_space(p[0])) {
		p++;
		n--;
	}
	while (n && is_space(p[n - 1]))
		n--;
	if (n < PEEL_MIN_TEXT ||
	    (error = text_layer(st, ok, dst, tmp, p, n)) < 0 || !*ok)
		return error;
	if ((c = lg_decode__compression(dst->ptr, dst->len)) < 0 ||
	    dst->len > budget(st))
		return 0; /* the caller charges dst */
	st->total += dst->len;
	error = try_codec(st, &merged, tmp, (enum lg_codec)c, dst->ptr,
			  dst->len);
	if (!error && merged)
		swap(dst, tmp);
	else
		st->total -= dst->len;
	return error;
}

int lg_decode_peel(struct lg_buf *out, unsigned *layers, const char *in,
		   size_t len)
{
	struct lg_buf a = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	struct lg_buf b = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	struct lg_buf tmp = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	struct lg_buf *cur = &a, *next = &b;
	struct peel st = {0};
	const char *p = in ? in : "";
	size_t n = len;
	bool ok;
	int error = 0;

	LG_ASSERT_ARG(out && layers && (in || !len));
	*layers = 0;
	for (;;) {
		if ((error = peel_layer(&st, &ok, next, &tmp, p, n)) < 0)
			goto done;
		if (!ok)
			break;
		if (*layers == LG_MAX_DECODE_LAYERS) {
			error = lg_error_toobig("more than %u nested encodings",
						LG_MAX_DECODE_LAYERS);
			goto done;
		}
		if (next->len > budget(&st)) {
			error = budget_error();
			goto done;
		}
		(*layers)++;
		st.total += next->len;
		swap(cur, next);
		p = cur->ptr;
		n = cur->len;
	}
	error = lg_buf_put(out, p, n);
done:
	lg_buf_dispose(&a);
	lg_buf_dispose(&b);
	lg_buf_dispose(&tmp);
	return error;
}
