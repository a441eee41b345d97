/* SPDX-License-Identifier: MIT */
/* Text codecs: base64/32/16/85, ascii85, hex, rot13 and reversal. Each is
 * strict about its alphabet so that ordinary text is rejected. */
#include "lg/buf.h"
#include "decode_private.h"

/* Output batched through a small array, so appends stay cheap. */
struct sink {
	struct lg_buf *out;
	size_t n;
	char tmp[256];
};

static int sink_flush(struct sink *s)
{
	int error = lg_buf_put(s->out, s->tmp, s->n);

	s->n = 0;
	return error;
}

static int sink_put(struct sink *s, unsigned char c)
{
	s->tmp[s->n++] = (char)c;
	return s->n == sizeof(s->tmp) ? sink_flush(s) : 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static int b64_value(char c, bool url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || (url && c == '-'))
		return 62;
	if (c == '/' || (url && c == '_'))
		return 63;
	return -1;
}

/* Whitespace is skipped; padding is optional but, when present, must
 * complete the last quantum; nothing may follow it. */
static int base64_any(struct lg_buf *out, const char *in, size_t len, bool url)
{
	struct sink s = {out, 0, {0}};
	size_t ndata = 0, npad = 0;
	uint32_t acc = 0;
	unsigned bits = 0;
	int v, error = 0;

	for (size_t i = 0; i < len && !error; i++) {
		if (is_space(in[i]))
			continue;
		if (in[i] == '=') {
			npad++;
			continue;
		}
		if (npad || (v = b64_value(in[i], url)) < 0)
			return LG_EINVALID;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		ndata++;
		if (bits >= 8) {
			bits -= 8;
			error = sink_put(&s, (unsigned char)(acc >> bits));
		}
	}
	if (error)
		return error;
	if (ndata % 4 == 1 || npad > 2 || (npad && (ndata + npad) % 4))
		return LG_EINVALID;
	return sink_flush(&s);
}

int lg_decode__base64(struct lg_buf *out, const char *in, size_t len)
{
	return base64_any(out, in, len, false);
}

int lg_decode__base64url(struct lg_buf *out, const char *in, size_t len)
{
	return base64_any(out, in, len, true);
}

static int b32_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int lg_decode__base32(struct lg_buf *out, const char *in, size_t len)
{
	struct sink s = {out, 0, {0}};
	size_t ndata = 0, npad = 0, r;
	uint32_t acc = 0;
	unsigned bits = 0;
	int v, error = 0;

	for (size_t i = 0; i < len && !error; i++) {
		if (in[i] == '=') {
			npad++;
			continue;
		}
		if (npad || (v = b32_value(in[i])) < 0)
			return LG_EINVALID;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		ndata++;
		if (bits >= 8) {
			bits -= 8;
			error = sink_put(&s, (unsigned char)(acc >> bits));
		}
	}
	if (error)
		return error;
	r = ndata % 8;
	if (r == 1 || r == 3 || r == 6 || (npad && (ndata + npad) % 8))
		return LG_EINVALID;
	return sink_flush(&s);
}

/* base16 (upper_only) accepts only upper-case digits, as b16decode does. */
static int hex_value(char c, bool upper_only)
{
	if (upper_only && c >= 'a' && c <= 'f')
		return -1;
	return lg_hex_digit(c);
}

/* Pairs of hex digits; spaces only between pairs when allowed. */
static int hex_any(struct lg_buf *out, const char *in, size_t len,
		   bool upper_only, bool spaces)
{
	struct sink s = {out, 0, {0}};
	int hi, lo, error = 0;

	for (size_t i = 0; i < len && !error; i += 2) {
		while (spaces && i < len && is_space(in[i]))
			i++;
		if (i == len)
			break;
		if (i + 1 >= len || (hi = hex_value(in[i], upper_only)) < 0 ||
		    (lo = hex_value(in[i + 1], upper_only)) < 0)
			return LG_EINVALID;
		error = sink_put(&s, (unsigned char)(hi << 4 | lo));
	}
	return error ? error : sink_flush(&s);
}

int lg_decode__base16(struct lg_buf *out, const char *in, size_t len)
{
	return hex_any(out, in, len, true, false);
}

int lg_decode__hex(struct lg_buf *out, const char *in, size_t len)
{
	return hex_any(out, in, len, false, true);
}

static const char b85_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz"
				   "!#$%&()*+-;<=>?@^_`{|}~";

static int b85_value(char c)
{
	const char *p;

	if (c == '\0' || !(p = strchr(b85_alphabet, c)))
		return -1;
	return (int)(p - b85_alphabet);
}

/* One group of five digits (the missing ones are 84) into n bytes. */
static int put_group(struct sink *s, const unsigned *digit, size_t ndigit)
{
	uint64_t v = 0;
	int error = 0;

	for (size_t k = 0; k < 5; k++)
		v = v * 85 + (k < ndigit ? digit[k] : 84);
	if (v > UINT32_MAX)
		return LG_EINVALID;
	for (size_t k = 0; k + 1 < ndigit && k < 4 && !error; k++)
		error = sink_put(s, (unsigned char)(v >> (24 - 8 * k)));
	return error;
}

int lg_decode__base85(struct lg_buf *out, const char *in, size_t len)
{
	struct sink s = {out, 0, {0}};
	unsigned digit[5];
	size_t nd = 0;
	int v, error = 0;

	for (size_t i = 0; i < len && !error; i++) {
		if ((v = b85_value(in[i])) < 0)
			return LG_EINVALID;
		digit[nd++] = (unsigned)v;
		if (nd == 5) {
			error = put_group(&s, digit, 5);
			nd = 0;
		}
	}
	if (!error && nd)
		error = put_group(&s, digit, nd);
	return error ? error : sink_flush(&s);
}

/* Adobe's <~ ~> frame is optional; whitespace is ignored; 'z' stands for
 * four zero bytes between groups. */
int lg_decode__ascii85(struct lg_buf *out, const char *in, size_t len)
{
	struct sink s = {out, 0, {0}};
	unsigned digit[5];
	size_t nd = 0;
	int error = 0;

	if (len >= 2 && in[0] == '<' && in[1] == '~') {
		in += 2;
		len -= 2;
	}
	if (len >= 2 && in[len - 2] == '~' && in[len - 1] == '>')
		len -= 2;
	for (size_t i = 0; i < len && !error; i++) {
		if (is_space(in[i]))
			continue;
		if (in[i] == 'z' && nd == 0) {
			for (int k = 0; k < 4 && !error; k++)
				error = sink_put(&s, 0);
			continue;
		}
		if (in[i] < '!' || in[i] > 'u')
			return LG_EINVALID;
		digit[nd++] = (unsigned)(in[i] - '!');
		if (nd == 5) {
			error = put_group(&s, digit, 5);
			nd = 0;
		}
	}
	if (!error && nd)
		error = put_group(&s, digit, nd);
	return error ? error : sink_flush(&s);
}

static char rot13(char c)
{
	if (c >= 'a' && c <= 'z')
		return (char)('a' + (c - 'a' + 13) % 26);
	if (c >= 'A' && c <= 'Z')
		return (char)('A' + (c - 'A' + 13) % 26);
	return c;
}

int lg_decode__rot13(struct lg_buf *out, const char *in, size_t len)
{
	struct sink s = {out, 0, {0}};
	int error = 0;

	for (size_t i = 0; i < len && !error; i++)
		error = sink_put(&s, (unsigned char)rot13(in[i]));
	return error ? error : sink_flush(&s);
}

int lg_decode__reverse(struct lg_buf *out, const char *in, size_t len)
{
	struct sink s = {out, 0, {0}};
	int error = 0;

	for (size_t i = len; i > 0 && !error; i--)
		error = sink_put(&s, (unsigned char)in[i - 1]);
	return error ? error : sink_flush(&s);
}
