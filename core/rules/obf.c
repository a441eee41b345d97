/* SPDX-License-Identifier: MIT */
/* obf.unicode-identifiers and obf.whitespace-hiding: code written so a
 * reader sees something other than what Python runs. Identifiers are
 * judged on their spelling (lg_pysrc_raw_text) against the NFKC name
 * Python binds (lg_pysrc_text); whitespace is measured between tokens, so
 * strings and docstrings never count. */
#include <stdio.h>
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* Horizontal whitespace before code that hides it (GuardDog's 150). */
#define HIDE_MIN_BLANKS 150u
/* Code after the blanks that counts as hidden. */
#define HIDE_MIN_CODE 10u

/* ---- code points ------------------------------------------------------- */

static uint32_t decode_at(const char *p, size_t n, size_t *k)
{
	const unsigned char *u = (const unsigned char *)p;
	uint32_t cp;

	if (!(*k = lg_utf8_len(p, n))) {
		*k = 1;
		return u[0];
	}
	cp = u[0] & (*k == 2 ? 0x1F : *k == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < *k; i++)
		cp = (cp << 6) | (u[i] & 0x3F);
	return cp;
}

static bool is_zero_width(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
	       cp == 0xFEFF;
}

/* Bidi controls: +1 opens (LRE RLE LRO RLO, LRI RLI FSI), -1 closes (PDF,
 * PDI), 0 is no control. */
static int bidi_kind(uint32_t cp)
{
	if ((cp >= 0x202A && cp <= 0x202B) || (cp >= 0x202D && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2068))
		return 1;
	if (cp == 0x202C || cp == 0x2069)
		return -1;
	return 0;
}

/* Cyrillic and Greek letters drawn like a Latin letter, sorted by cp.
 * Only these make an identifier "mixed script": Greek math names (`λ`,
 * `Δt`, `σ_x`) and words of one script never do. */
static const struct lookalike {
	uint32_t cp;
	char latin;
} lookalikes[] = {
	{0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'},
	{0x0397, 'H'}, {0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'},
	{0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'},
	{0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03BF, 'o'}, {0x03C1, 'p'},
	{0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'},
	{0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'},
	{0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'},
	{0x0422, 'T'}, {0x0425, 'X'}, {0x0430, 'a'}, {0x0435, 'e'},
	{0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'},
	{0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'},
	{0x04AE, 'Y'}, {0x04BB, 'h'}, {0x04CF, 'l'}, {0x0501, 'd'},
	{0x051B, 'q'}, {0x051D, 'w'},
};

static int compare_lookalike(const void *key, const void *elem)
{
	uint32_t cp = *(const uint32_t *)key;
	uint32_t e = ((const struct lookalike *)elem)->cp;

	return cp < e ? -1 : cp > e;
}

static char lookalike_of(uint32_t cp)
{
	const struct lookalike *hit =
		bsearch(&cp, lookalikes, LG_ARRAY_SIZE(lookalikes),
			sizeof(lookalikes[0]), compare_lookalike);

	return hit ? hit->latin : '\0';
}

int lg_rules__check_lookalikes(void)
{
	for (size_t i = 1; i < LG_ARRAY_SIZE(lookalikes); i++)
		if (lookalikes[i - 1].cp >= lookalikes[i].cp)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"look-alike table not sorted "
						"at U+%04X",
						(unsigned)lookalikes[i].cp);
	return 0;
}

static bool is_ascii_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends to skel the name p[0..n) with look-alikes read as Latin when a
 * part of it (between '_' and digits) mixes ASCII letters with look-alikes
 * and nothing else; *mixed says whether one did. */
static void skeleton(struct lg_buf *skel, bool *mixed, const char *p,
		     size_t n)
{
	size_t i = 0;

	*mixed = false;
	while (i < n) {
		size_t start = i, k;
		bool ascii = false, look = false, other = false;

		while (i < n) {
			uint32_t cp = decode_at(p + i, n - i, &k);

			if (cp == '_' || (cp >= '0' && cp <= '9'))
				break;
			ascii |= is_ascii_letter(cp);
			if (cp >= 0x80 && lookalike_of(cp))
				look = true;
			else if (cp >= 0x80)
				other = true;
			i += k;
		}
		for (size_t j = start; j < i; j += k) {
			uint32_t cp = decode_at(p + j, i - j, &k);
			char l = lookalike_of(cp);

			if (ascii && look && !other && l)
				lg_buf_putc(skel, l);
			else
				lg_buf_put(skel, p + j, k);
		}
		*mixed |= ascii && look && !other;
		if (i < n)
			lg_buf_putc(skel, p[i++]);
	}
}

/* ---- obf.unicode-identifiers ------------------------------------------- */

enum uni_kind {
	UNI_NFKC_DANGER = 0, /* NFKC gives a dangerous or imported name */
	UNI_NFKC,            /* NFKC gives another ASCII name */
	UNI_LOOK_DANGER,     /* Latin + look-alikes spelling a dangerous name */
	UNI_LOOK,            /* Latin + look-alikes */
	UNI_ZERO_WIDTH,      /* zero-width character inside a name */
	UNI_BIDI_CODE,       /* bidi control outside strings and comments */
	UNI_BIDI_TEXT,       /* unpaired bidi control in a string or comment */
	UNI_KINDS,
};

struct uni_hit {
	size_t count, tok;
	char shown[LG_RULES_SNIPPET + 1], meant[LG_RULES_SNIPPET + 1];
};

static bool is_ascii(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return false;
	return true;
}

/* A builtin or API name worth hiding, or a name of an imported module. */
static bool is_dangerous(const struct lg_pysrc *src, const char *p, size_t n)
{
	if (lg_rules__is_dangerous_name(p, n))
		return true;
	for (size_t i = 0; i < src->nimports; i++) {
		const char *a = src->imports[i].alias, *t = src->imports[i].target;

		if ((strlen(a) == n && !memcmp(a, p, n)) ||
		    (strcspn(t, ".") == n && !memcmp(t, p, n)))
			return true;
	}
	return false;
}

static void note(struct uni_hit *hits, enum uni_kind kind, size_t tok,
		 struct lg_str shown, const char *meant, size_t meant_len)
{
	struct uni_hit *h = &hits[kind];

	if (h->count++)
		return;
	h->tok = tok;
	lg_rules__snippet(h->shown, sizeof(h->shown), shown.ptr, shown.len);
	lg_rules__snippet(h->meant, sizeof(h->meant), meant, meant_len);
}

/* Zero-width and bidi characters in token i; for strings and comments
 * only bidi controls left open at the token's end count. */
static void scan_controls(struct uni_hit *hits, const struct lg_pysrc *src,
			  size_t i)
{
	struct lg_str s = lg_pysrc_raw_text(src, i);
	bool text = src->toks[i].kind == LG_PYTOK_STRING ||
		    src->toks[i].kind == LG_PYTOK_COMMENT;
	bool zw = false, bidi = false;
	long open = 0;
	size_t k;

	for (size_t j = 0; j < s.len; j += k) {
		uint32_t cp = decode_at(s.ptr + j, s.len - j, &k);
		int b = bidi_kind(cp);

		zw |= is_zero_width(cp);
		bidi |= b != 0;
		open += b;
		if (open < 0)
			open = 0;
	}
	if (text && open > 0)
		note(hits, UNI_BIDI_TEXT, i, s, "", 0);
	else if (!text && bidi)
		note(hits, UNI_BIDI_CODE, i, s, "", 0);
	if (!text && zw && src->toks[i].kind == LG_PYTOK_NAME)
		note(hits, UNI_ZERO_WIDTH, i, s, "", 0);
}

static int scan_name(struct uni_hit *hits, const struct lg_pysrc *src,
		     size_t i)
{
	struct lg_str raw = lg_pysrc_raw_text(src, i), norm = lg_pysrc_text(src, i);
	struct lg_buf skel = LG_BUF_INIT(LG_MAX_PY_NAME_BYTES);
	bool mixed;
	int error;

	if (norm.ptr != raw.ptr && is_ascii(norm.ptr, norm.len)) {
		note(hits,
		     is_dangerous(src, norm.ptr, norm.len) ? UNI_NFKC_DANGER
							   : UNI_NFKC,
		     i, raw, norm.ptr, norm.len);
		return 0;
	}
	skeleton(&skel, &mixed, raw.ptr, raw.len);
	if ((error = skel.err) == LG_ENOMEM)
		goto done;
	error = 0; /* a name past the cap is judged without its skeleton */
	if (mixed && !skel.err)
		note(hits,
		     is_dangerous(src, skel.ptr, skel.len) ? UNI_LOOK_DANGER
							   : UNI_LOOK,
		     i, raw, skel.ptr, skel.len);
done:
	lg_buf_dispose(&skel);
	return error;
}

/* Message of a kind: pre, the spelling, mid, the name meant, post. */
static const struct {
	enum lg_severity sev;
	bool capped; /* never raised by the context */
	const char *pre, *mid, *post;
} uni_kinds[UNI_KINDS] = {
	[UNI_NFKC_DANGER] = {LG_SEV_HIGH, false, "identifier '",
			     "' is the dangerous name '",
			     "' after NFKC normalisation"},
	[UNI_NFKC] = {LG_SEV_MEDIUM, false, "identifier '", "' is '",
		      "' after NFKC normalisation"},
	[UNI_LOOK_DANGER] = {LG_SEV_HIGH, false, "identifier '",
			     "' mixes Latin with Cyrillic/Greek look-alikes "
			     "to spell '",
			     "'"},
	[UNI_LOOK] = {LG_SEV_MEDIUM, false, "identifier '",
		      "' mixes Latin with Cyrillic/Greek look-alikes ('",
		      "')"},
	[UNI_ZERO_WIDTH] = {LG_SEV_MEDIUM, false, "identifier '", "",
			    "' holds a zero-width character"},
	[UNI_BIDI_CODE] = {LG_SEV_MEDIUM, false,
			   "bidi control character in code ('", "", "')"},
	[UNI_BIDI_TEXT] = {LG_SEV_MEDIUM, true, "string or comment '", "",
			   "' leaves a bidi override open (Trojan Source)"},
};

static int report_unicode(struct lg_rules__ctx *ctx, const struct uni_hit *h,
			  enum uni_kind kind)
{
	enum lg_severity sev = uni_kinds[kind].sev;
	enum lg_rules__where w = lg_rules__where_at(ctx, h->tok);
	char more[48] = "";

	/* A capped kind stays at its base where the context would raise it. */
	if (uni_kinds[kind].capped && lg_rules__adjust(sev, w, false) > sev)
		sev = (enum lg_severity)(sev - 1);
	if (h->count > 1)
		snprintf(more, sizeof(more), ", and %zu more like it",
			 h->count - 1);
	return lg_rules__report_at(ctx, LG_RULE_UNICODE_IDENTIFIERS, sev,
				   false, h->tok, "%s%s%s%s%s%s",
				   uni_kinds[kind].pre, h->shown,
				   uni_kinds[kind].mid, h->meant,
				   uni_kinds[kind].post, more);
}

static int unicode_identifiers(struct lg_rules__ctx *ctx)
{
	const struct lg_pysrc *src = ctx->src;
	struct uni_hit hits[UNI_KINDS];
	int error = 0;

	memset(hits, 0, sizeof(hits));
	for (size_t i = 0; i < src->ntoks && !error; i++) {
		const struct lg_pytok *t = &src->toks[i];
		struct lg_str raw = lg_pysrc_raw_text(src, i);

		if (is_ascii(raw.ptr, raw.len))
			continue;
		scan_controls(hits, src, i);
		if (t->kind == LG_PYTOK_NAME)
			error = scan_name(hits, src, i);
	}
	for (size_t k = 0; k < UNI_KINDS && !error; k++)
		if (hits[k].count)
			error = report_unicode(ctx, &hits[k], (enum uni_kind)k);
	return error;
}

/* ---- obf.whitespace-hiding --------------------------------------------- */

static bool is_layout(const struct lg_pytok *t)
{
	return t->kind == LG_PYTOK_NEWLINE || t->kind == LG_PYTOK_INDENT ||
	       t->kind == LG_PYTOK_DEDENT || t->kind == LG_PYTOK_ENDMARKER ||
	       t->kind == LG_PYTOK_COMMENT;
}

/* Bytes of code from token i to the last code token on its physical line
 * (comments excluded). */
static size_t code_after(const struct lg_pysrc *src, size_t i)
{
	size_t end = (size_t)src->toks[i].off + src->toks[i].len;

	for (size_t j = i + 1; j < src->ntoks; j++) {
		const struct lg_pytok *t = &src->toks[j];

		if (t->line != src->toks[i].line || is_layout(t))
			break;
		end = (size_t)t->off + t->len;
	}
	return end - src->toks[i].off;
}

/* Blanks (spaces, tabs) right before token i, not reaching into the
 * previous token. */
static size_t blanks_before(const struct lg_pysrc *src, size_t i)
{
	size_t lo = i ? (size_t)src->toks[i - 1].off + src->toks[i - 1].len
		      : 0;
	size_t p = src->toks[i].off, n = 0;

	if (lo > p)
		lo = p;
	while (p > lo && (src->buf[p - 1] == ' ' || src->buf[p - 1] == '\t')) {
		p--;
		n++;
	}
	return n;
}

/* Column (1-based, in bytes) of token i. */
static size_t column_of(const struct lg_pysrc *src, size_t i)
{
	size_t q = src->toks[i].off;

	while (q > 0 && src->buf[q - 1] != '\n' && src->buf[q - 1] != '\r')
		q--;
	return src->toks[i].off - q + 1;
}

static int whitespace_hiding(struct lg_rules__ctx *ctx)
{
	const struct lg_pysrc *src = ctx->src;
	size_t count = 0, first = 0, first_blanks = 0;
	char snip[LG_RULES_SNIPPET + 1];

	for (size_t i = 0; i < src->ntoks; i++) {
		size_t blanks;

		if (is_layout(&src->toks[i]))
			continue;
		blanks = blanks_before(src, i);
		/* A continuation line inside brackets aligned far right
		 * (arguments under their call) hides nothing. */
		if (src->toks[i].depth > 0 &&
		    (i == 0 || src->toks[i - 1].line != src->toks[i].line))
			blanks = 0;
		if (blanks < HIDE_MIN_BLANKS || code_after(src, i) < HIDE_MIN_CODE)
			continue;
		if (!count++) {
			first = i;
			first_blanks = blanks;
		}
	}
	if (!count)
		return 0;
	lg_rules__snippet(snip, sizeof(snip), src->buf + src->toks[first].off,
			  code_after(src, first));
	return lg_rules__report_at(
		ctx, LG_RULE_WHITESPACE_HIDING, LG_SEV_MEDIUM, true, first,
		"code pushed off-screen by %zu blanks, at column %zu: '%s'%s",
		first_blanks, column_of(src, first), snip,
		count > 1 ? " (and more lines like it)" : "");
}

/* ---- obf.identifier-noise ------------------------------------------------ */

/* Distinct obfuscator-made names that make a file noisy. */
#define NOISE_MIN_NAMES 10u

/* Names obfuscators generate: only look-alikes (lIl1O0_, 8+ long) or one
 * letter in both cases (aAaAAa, tttt..., 12+ long). */
static bool is_noise_name(struct lg_str s)
{
	unsigned lookalike = 0, kinds = 0;
	char first;

	size_t k = 0;

	while (k < s.len && s.ptr[k] && strchr("lI1O0_", s.ptr[k]))
		k++;
	if (s.len >= 8 && k == s.len) {
		for (size_t i = 0; i < s.len; i++)
			lookalike |= s.ptr[i] == 'l'   ? 1u
				     : s.ptr[i] == 'I' ? 2u
				     : s.ptr[i] == '1' ? 4u
				     : s.ptr[i] == 'O' ? 8u
				     : s.ptr[i] == '0' ? 16u
						       : 0u;
		for (unsigned b = lookalike; b; b &= b - 1)
			kinds++;
		return kinds >= 2;
	}
	if (s.len < 12)
		return false;
	first = (char)(s.ptr[0] | 0x20);
	if (first < 'a' || first > 'z')
		return false;
	for (size_t i = 1; i < s.len; i++)
		if ((char)(s.ptr[i] | 0x20) != first)
			return false;
	return true;
}

static int compare_str(const void *a, const void *b)
{
	const struct lg_str *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->ptr, y->ptr, n);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Whether src can run code, start processes or reach the network:
 * exec/eval/compile, __import__, a process call, or an import of a
 * process or network module (combination C10). */
static bool has_capability(const struct lg_pysrc *src)
{
	static const char *const modules[] = {
		"ctypes", "http", "httpx", "requests", "socket", "subprocess",
		"urllib", "urllib2", "urllib3",
	};

	for (size_t k = 0; k < src->ncalls; k++)
		if (lg_rules__is_exec_sink(src->calls[k].callee) ||
		    lg_rules__is_process_call(src->calls[k].callee) ||
		    !strcmp(src->calls[k].callee, "__import__"))
			return true;
	for (size_t k = 0; k < src->nimports; k++) {
		const char *t = src->imports[k].target;
		size_t n = strcspn(t, ".");

		for (size_t i = 0; i < LG_ARRAY_SIZE(modules); i++)
			if (strlen(modules[i]) == n && !strncmp(t, modules[i], n))
				return true;
	}
	return false;
}

static int identifier_noise(struct lg_rules__ctx *ctx)
{
	const struct lg_pysrc *src = ctx->src;
	struct lg_str *v = NULL;
	size_t n = 0, distinct = 0, first_tok = 0;
	bool capable;
	int error = 0;

	for (size_t i = 0; i < src->ntoks; i++)
		if (src->toks[i].kind == LG_PYTOK_NAME &&
		    is_noise_name(lg_pysrc_text(src, i)))
			n++;
	if (n < NOISE_MIN_NAMES)
		return 0;
	if (!(v = lg__calloc(n, sizeof(*v))))
		return lg_error_oom();
	n = 0;
	for (size_t i = 0; i < src->ntoks; i++)
		if (src->toks[i].kind == LG_PYTOK_NAME &&
		    is_noise_name(lg_pysrc_text(src, i))) {
			if (!n)
				first_tok = i;
			v[n++] = lg_pysrc_text(src, i);
		}
	qsort(v, n, sizeof(*v), compare_str);
	for (size_t i = 0; i < n; i++)
		distinct += !i || compare_str(&v[i - 1], &v[i]) != 0;
	if (distinct >= NOISE_MIN_NAMES) {
		char name[LG_RULES_SNIPPET + 1];

		capable = has_capability(src);
		lg_rules__tokens_snippet(name, sizeof(name), src, first_tok,
					 first_tok + 1);
		error = lg_rules__report_at(
			ctx, LG_RULE_IDENTIFIER_NOISE,
			capable ? LG_SEV_HIGH : LG_SEV_MEDIUM, false, first_tok,
			"%zu obfuscator-made names such as '%s'%s", distinct,
			name,
			capable ? " in a file that runs code, processes or the "
				  "network (combination C10)"
				: "");
	}
	lg__free(v);
	return error;
}

int lg_rules__obf(struct lg_rules__ctx *ctx)
{
	int error = unicode_identifiers(ctx);

	if (!error)
		error = whitespace_hiding(ctx);
	return error ? error : identifier_noise(ctx);
}
