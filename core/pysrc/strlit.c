/* SPDX-License-Identifier: MIT */
/* Byte-level helpers and the value of string literals. */
#include "lg/buf.h"
#include "lg/pysrc.h"
#include "pysrc_private.h"

size_t lg_pysrc__newline_len(const char *buf, size_t len, size_t pos)
{
	if (pos >= len)
		return 0;
	if (buf[pos] == '\n')
		return 1;
	if (buf[pos] != '\r')
		return 0;
	return pos + 1 < len && buf[pos + 1] == '\n' ? 2 : 1;
}

static unsigned prefix_flag(char c)
{
	switch (c) {
	case 'r': case 'R': return LG_PYSTR_RAW;
	case 'b': case 'B': return LG_PYSTR_BYTES;
	case 'f': case 'F': case 't': case 'T': return LG_PYSTR_FORMAT;
	case 'u': case 'U': return 0;
	default: return ~0u;
	}
}

/* Flags of a prefix, or ~0u when p[0..n) is not one. */
static unsigned prefix_flags(const char *p, size_t n)
{
	unsigned a, b;

	if (n == 0)
		return 0;
	if (n > 2 || (a = prefix_flag(p[0])) == ~0u)
		return ~0u;
	if (n == 1)
		return a;
	b = prefix_flag(p[1]);
	/* Two letters: one of them r, the other b, f or t. */
	if (b == ~0u || (a | b) == LG_PYSTR_RAW || !((a | b) & LG_PYSTR_RAW) ||
	    a == 0 || b == 0)
		return ~0u;
	return a | b;
}

bool lg_pysrc__is_string_prefix(const char *p, size_t n)
{
	return n > 0 && prefix_flags(p, n) != ~0u;
}

static bool is_ident_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

bool lg_pysrc__fprefix(const char *buf, size_t q)
{
	size_t n = 0;
	unsigned f;

	while (n < q && n < 3 && is_ident_byte(buf[q - n - 1]))
		n++;
	f = prefix_flags(buf + q - n, n);
	return f != ~0u && (f & LG_PYSTR_FORMAT);
}

static size_t prefix_len(const char *p, size_t n)
{
	size_t k = 0;

	while (k < n && p[k] != '\'' && p[k] != '"')
		k++;
	return k;
}

unsigned lg_pysrc_string_flags(const char *buf, const struct lg_pytok *tok)
{
	const char *p = buf + tok->off;
	unsigned f;

	if (tok->kind != LG_PYTOK_STRING)
		return 0;
	f = prefix_flags(p, prefix_len(p, tok->len));
	return f == ~0u ? 0 : f;
}

/* Reads exactly n hex digits at p (avail bytes); false if there are not. */
static bool read_hex(uint32_t *out, const char *p, size_t avail, size_t n)
{
	uint32_t v = 0;

	if (avail < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int h = lg_hex_digit(p[i]);

		if (h < 0)
			return false;
		v = v * 16 + (uint32_t)h;
	}
	*out = v;
	return true;
}

static int put_code(struct lg_buf *out, uint32_t cp, bool bytes)
{
	if (bytes)
		return lg_buf_putc(out, (char)(cp & 0xFF));
	return lg_utf8_put(out, cp);
}

/* Hex digits after \x, \u, \U (the last two only in text), else 0. */
static size_t hex_digits(char letter, bool bytes)
{
	if (letter == 'x')
		return 2;
	if (bytes)
		return 0;
	return letter == 'u' ? 4 : letter == 'U' ? 8 : 0;
}

/* Decodes the escape whose letter is at p[0] (after the backslash);
 * returns how many bytes after the backslash it used. */
static size_t put_escape(struct lg_buf *out, const char *p, size_t avail,
			 bool bytes)
{
	static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
	size_t n = 0;
	uint32_t v = 0;

	for (size_t i = 0; i + 1 < sizeof(simple); i += 2)
		if (p[0] == simple[i]) {
			lg_buf_putc(out, simple[i + 1]);
			return 1;
		}
	if (p[0] >= '0' && p[0] <= '7') {
		while (n < 3 && n < avail && p[n] >= '0' && p[n] <= '7')
			v = v * 8 + (uint32_t)(p[n++] - '0');
		put_code(out, v, bytes);
		return n;
	}
	n = hex_digits(p[0], bytes);
	if (n && read_hex(&v, p + 1, avail - 1, n) && v <= 0x10FFFF) {
		put_code(out, v, bytes);
		return n + 1;
	}
	lg_buf_putc(out, '\\');
	lg_buf_putc(out, p[0]);
	return 1;
}

static int decode_body(struct lg_buf *out, const char *p, size_t n, bool bytes)
{
	size_t i = 0;

	while (i < n && !out->err) {
		if (p[i] != '\\' || i + 1 >= n) {
			lg_buf_putc(out, p[i++]);
			continue;
		}
		i++;
		if (p[i] == '\n' || p[i] == '\r') {
			i += lg_pysrc__newline_len(p, n, i);
			continue;
		}
		i += put_escape(out, p + i, n - i, bytes);
	}
	return out->err;
}

int lg_pysrc_string_value(struct lg_buf *out, const char *buf,
			  const struct lg_pytok *tok)
{
	const char *p;
	size_t k, q;
	unsigned flags;

	LG_ASSERT_ARG(out && buf && tok);
	if (tok->kind != LG_PYTOK_STRING)
		return lg_error_invalid(LG_ERRCLASS_SOURCE,
					"token is not a string literal");
	p = buf + tok->off;
	k = prefix_len(p, tok->len);
	flags = prefix_flags(p, k);
	if (k >= tok->len || flags == ~0u)
		return lg_error_invalid(LG_ERRCLASS_SOURCE,
					"malformed string literal");
	q = tok->len - k >= 6 && p[k + 1] == p[k] && p[k + 2] == p[k] ? 3 : 1;
	if (tok->len - k < 2 * q)
		return lg_error_invalid(LG_ERRCLASS_SOURCE,
					"malformed string literal");
	p += k + q;
	if (flags & LG_PYSTR_RAW)
		return lg_buf_put(out, p, tok->len - k - 2 * q);
	return decode_body(out, p, tok->len - k - 2 * q,
			   (flags & LG_PYSTR_BYTES) != 0);
}
