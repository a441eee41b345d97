/* SPDX-License-Identifier: MIT */
/* NFKC of identifiers, as Python applies it to every non-ASCII NAME
 * (PEP 3131), over the generated table in nfkc_table.c. */
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "pysrc_private.h"

static int compare_cp(const void *key, const void *elem)
{
	uint32_t cp = *(const uint32_t *)key;
	uint32_t e = ((const struct lg_pysrc__nfkc *)elem)->cp;

	return cp < e ? -1 : cp > e;
}

/* Code point of the valid UTF-8 sequence p[0..n) (n from lg_utf8_len). */
static uint32_t decode_utf8(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	uint32_t cp = u[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);

	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (u[i] & 0x3F);
	return cp;
}

int lg_pysrc_nfkc(struct lg_buf *out, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && !out->err) {
		size_t k = lg_utf8_len(p + i, n - i);
		const struct lg_pysrc__nfkc *hit = NULL;
		uint32_t cp;

		if (!k) {
			lg_buf_putc(out, p[i++]);
			continue;
		}
		cp = decode_utf8(p + i, k);
		hit = bsearch(&cp, lg_pysrc__nfkc_table, lg_pysrc__nfkc_count,
			      sizeof(lg_pysrc__nfkc_table[0]), compare_cp);
		if (hit)
			lg_buf_puts(out, hit->to);
		else
			lg_buf_put(out, p + i, k);
		i += k;
	}
	return out->err;
}

const char *lg_pysrc_nfkc_version(void)
{
	return lg_pysrc__nfkc_unicode_version;
}

static bool valid_utf8(const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t k = (unsigned char)s[i] < 0x80 ? 1 : lg_utf8_len(s + i, n - i);

		if (!k)
			return false;
		i += k;
	}
	return n > 0;
}

int lg_pysrc_nfkc_selfcheck(void)
{
	for (size_t i = 0; i < lg_pysrc__nfkc_count; i++) {
		const struct lg_pysrc__nfkc *e = &lg_pysrc__nfkc_table[i];

		if (e->cp < 0x80 || e->cp > 0x10FFFF ||
		    (i > 0 && lg_pysrc__nfkc_table[i - 1].cp >= e->cp) ||
		    !valid_utf8(e->to))
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"NFKC table bad at U+%04X",
						(unsigned)e->cp);
	}
	return 0;
}

static int add_norm(struct lg_pysrc *src, size_t *cap, uint32_t tok,
		    const char *text, size_t len)
{
	if (src->nnorms == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct lg_pysrc__norm *v =
			lg__reallocarray(src->norms, ncap, sizeof(*v));

		if (!v)
			return lg_error_oom();
		src->norms = v;
		*cap = ncap;
	}
	src->norms[src->nnorms++] = (struct lg_pysrc__norm){tok, (uint32_t)len,
							      text};
	return 0;
}

int lg_pysrc__normalize(struct lg_pysrc *src)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PY_NAME_BYTES);
	size_t cap = 0;
	int error = 0;

	for (size_t i = 0; i < src->ntoks && !error; i++) {
		const struct lg_pytok *t = &src->toks[i];
		const char *text;

		if (t->kind != LG_PYTOK_NAME || !(t->flags & LG_PYTOK_F_NONASCII))
			continue;
		lg_buf_reset(&b);
		if ((error = lg_pysrc_nfkc(&b, src->buf + t->off, t->len)) < 0) {
			if (error == LG_ETOOBIG)
				error = lg_error_toobig(
					"python name longer than %u bytes "
					"after NFKC",
					LG_MAX_PY_NAME_BYTES);
			break;
		}
		if (b.len == t->len && !memcmp(b.ptr, src->buf + t->off, b.len))
			continue;
		if ((error = lg_pysrc__intern(&text, src->pool, b.ptr, b.len)) ==
		    0)
			error = add_norm(src, &cap, (uint32_t)i, text, b.len);
	}
	lg_buf_dispose(&b);
	return error;
}
