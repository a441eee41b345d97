/* SPDX-License-Identifier: MIT */
/* String formatting (% and str.format) and text encodings of folded
 * values. Whatever is not modelled exactly gives "not a constant". */
#include <inttypes.h>

#include "lg/buf.h"
#include "pyfold_private.h"

/* ---- encodings ----------------------------------------------------------- */

enum encoding {
	ENC_UNKNOWN = 0,
	ENC_UTF8,
	ENC_UTF8_SIG,
	ENC_ASCII,
	ENC_LATIN1,
	ENC_EBCDIC,
};

struct encoding_name {
	const char *name; /* normalised: lower case, '_' for '-' and ' ' */
	enum encoding enc;
};

/* Sorted for bsearch. */
static const struct encoding_name encodings[] = {
	{"646", ENC_ASCII},        {"8859", ENC_LATIN1},
	{"ascii", ENC_ASCII},      {"cp037", ENC_EBCDIC},
	{"cp1026", ENC_EBCDIC},    {"cp1140", ENC_EBCDIC},
	{"cp500", ENC_EBCDIC},     {"cp819", ENC_LATIN1},
	{"ebcdic_cp_be", ENC_EBCDIC}, {"ebcdic_cp_ch", ENC_EBCDIC},
	{"ebcdic_cp_us", ENC_EBCDIC}, {"ibm037", ENC_EBCDIC},
	{"ibm1026", ENC_EBCDIC},   {"ibm1140", ENC_EBCDIC},
	{"ibm500", ENC_EBCDIC},    {"iso8859_1", ENC_LATIN1},
	{"iso_8859_1", ENC_LATIN1}, {"l1", ENC_LATIN1},
	{"latin1", ENC_LATIN1},    {"latin_1", ENC_LATIN1},
	{"u8", ENC_UTF8},          {"us_ascii", ENC_ASCII},
	{"utf", ENC_UTF8},         {"utf8", ENC_UTF8},
	{"utf_8", ENC_UTF8},       {"utf_8_sig", ENC_UTF8_SIG},
};

/* Bytes that cp037, cp500, cp1026 and cp1140 all map to the same ASCII
 * character (letters, digits and common punctuation); 0 = unmapped. */
static const char ebcdic[256] = {
	[0x05] = '\t', [0x0d] = '\r', [0x25] = '\n', [0x40] = ' ',
	[0x4b] = '.',  [0x4c] = '<',  [0x4d] = '(',  [0x4e] = '+',
	[0x50] = '&',  [0x5c] = '*',  [0x5d] = ')',  [0x5e] = ';',
	[0x60] = '-',  [0x61] = '/',  [0x6b] = ',',  [0x6c] = '%',
	[0x6d] = '_',  [0x6e] = '>',  [0x6f] = '?',  [0x7a] = ':',
	[0x7d] = '\'', [0x7e] = '=',
	[0x81] = 'a', [0x82] = 'b', [0x83] = 'c', [0x84] = 'd', [0x85] = 'e',
	[0x86] = 'f', [0x87] = 'g', [0x88] = 'h', [0x89] = 'i', [0x91] = 'j',
	[0x92] = 'k', [0x93] = 'l', [0x94] = 'm', [0x95] = 'n', [0x96] = 'o',
	[0x97] = 'p', [0x98] = 'q', [0x99] = 'r', [0xa2] = 's', [0xa3] = 't',
	[0xa4] = 'u', [0xa5] = 'v', [0xa6] = 'w', [0xa7] = 'x', [0xa8] = 'y',
	[0xa9] = 'z', [0xc1] = 'A', [0xc2] = 'B', [0xc3] = 'C', [0xc4] = 'D',
	[0xc5] = 'E', [0xc6] = 'F', [0xc7] = 'G', [0xc8] = 'H', [0xc9] = 'I',
	[0xd1] = 'J', [0xd2] = 'K', [0xd3] = 'L', [0xd4] = 'M', [0xd5] = 'N',
	[0xd6] = 'O', [0xd7] = 'P', [0xd8] = 'Q', [0xd9] = 'R', [0xe2] = 'S',
	[0xe3] = 'T', [0xe4] = 'U', [0xe5] = 'V', [0xe6] = 'W', [0xe7] = 'X',
	[0xe8] = 'Y', [0xe9] = 'Z', [0xf0] = '0', [0xf1] = '1', [0xf2] = '2',
	[0xf3] = '3', [0xf4] = '4', [0xf5] = '5', [0xf6] = '6', [0xf7] = '7',
	[0xf8] = '8', [0xf9] = '9',
};

static int compare_encoding(const void *key, const void *elem)
{
	return strcmp(key, ((const struct encoding_name *)elem)->name);
}

/* Longest encoding name we look up. */
#define ENCODING_NAME_MAX 32u

static enum encoding find_encoding(const char *name, size_t len)
{
	char norm[ENCODING_NAME_MAX];
	const struct encoding_name *hit;

	if (len == 0 || len >= sizeof(norm))
		return ENC_UNKNOWN;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		norm[i] = c == '-' || c == ' ' ? '_'
			  : c >= 'A' && c <= 'Z' ? (char)(c | 0x20)
						 : c;
	}
	norm[len] = '\0';
	hit = bsearch(norm, encodings, LG_ARRAY_SIZE(encodings),
		      sizeof(encodings[0]), compare_encoding);
	return hit ? hit->enc : ENC_UNKNOWN;
}

int lg_pyfold__check_encodings(void)
{
	for (size_t i = 1; i < LG_ARRAY_SIZE(encodings); i++)
		if (strcmp(encodings[i - 1].name, encodings[i].name) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"encoding table not sorted at "
						"'%s'",
						encodings[i].name);
	return 0;
}

static int decode_bytes(struct lg_buf *out, const char *p, size_t n,
			enum encoding enc, bool *ok)
{
	const unsigned char *u = (const unsigned char *)p;
	int error = 0;

	*ok = true;
	switch (enc) {
	case ENC_UTF8_SIG:
		if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			n -= 3;
		}
		/* fall through */
	case ENC_UTF8:
		*ok = lg_pyfold__is_utf8(p, n);
		return *ok ? lg_buf_put(out, p, n) : 0;
	case ENC_ASCII:
		for (size_t i = 0; i < n && *ok; i++)
			*ok = u[i] < 0x80;
		return *ok ? lg_buf_put(out, p, n) : 0;
	case ENC_LATIN1:
		for (size_t i = 0; i < n && !error; i++)
			error = lg_pyfold__put_utf8(out, u[i]);
		return error;
	case ENC_EBCDIC:
		for (size_t i = 0; i < n && *ok && !error; i++)
			if (!(*ok = ebcdic[u[i]] != 0))
				break;
			else
				error = lg_buf_putc(out, ebcdic[u[i]]);
		return error;
	default:
		*ok = false;
		return 0;
	}
}

/* Code point of the UTF-8 sequence at p (k bytes). */
static uint32_t code_point(const unsigned char *p, size_t k)
{
	static const unsigned char lead[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	uint32_t cp = p[0] & lead[k];

	for (size_t i = 1; i < k; i++)
		cp = cp << 6 | (p[i] & 0x3Fu);
	return cp;
}

static int encode_text(struct lg_buf *out, const char *p, size_t n,
		       enum encoding enc, bool *ok)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k;
	uint32_t cp;
	int error = 0;

	*ok = true;
	switch (enc) {
	case ENC_UTF8_SIG:
		lg_buf_put(out, "\xEF\xBB\xBF", 3);
		/* fall through */
	case ENC_UTF8:
		return lg_buf_put(out, p, n);
	case ENC_ASCII:
		for (size_t i = 0; i < n && *ok; i++)
			*ok = u[i] < 0x80;
		return *ok ? lg_buf_put(out, p, n) : 0;
	case ENC_LATIN1:
		for (size_t i = 0; i < n && *ok && !error; i += k) {
			k = lg_pyfold__char_len(p + i, n - i);
			cp = k == 1 ? u[i] : code_point(u + i, k);
			if (!(*ok = (k > 1 || u[i] < 0x80) && cp < 0x100))
				break;
			error = lg_buf_putc(out, (char)cp);
		}
		return error;
	default:
		*ok = false;
		return 0;
	}
}

int lg_pyfold__transcode(struct lg_pyfold__val *out,
			 const struct lg_pyfold__val *in, const char *encoding,
			 size_t enclen)
{
	struct lg_pyfold__val r;
	enum encoding enc = find_encoding(encoding, enclen);
	bool ok = false;
	int error = 0;

	lg_pyfold__init(&r);
	if (in->kind == LG_FV_BYTES) {
		r.kind = LG_FV_STR;
		error = decode_bytes(&r.b, in->b.ptr, in->b.len, enc, &ok);
	} else if (in->kind == LG_FV_STR) {
		r.kind = LG_FV_BYTES;
		error = encode_text(&r.b, in->b.ptr, in->b.len, enc, &ok);
	}
	if (!error && ok)
		lg_pyfold__move(out, &r);
	else
		lg_pyfold__dispose(out);
	lg_pyfold__dispose(&r);
	return error;
}

/* ---- % formatting -------------------------------------------------------- */

static int put_int(struct lg_buf *out, int64_t v, char conv)
{
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	const char *sign = v < 0 ? "-" : "";

	switch (conv) {
	case 'x':
		return lg_buf_printf(out, "%s%" PRIx64, sign, mag);
	case 'X':
		return lg_buf_printf(out, "%s%" PRIX64, sign, mag);
	case 'o':
		return lg_buf_printf(out, "%s%" PRIo64, sign, mag);
	default:
		return lg_buf_printf(out, "%" PRId64, v);
	}
}

/* One conversion of arg into out; *ok false when not modelled. */
static int convert(struct lg_buf *out, bool *ok, char conv,
		   const struct lg_pyfold__val *arg, enum lg_pyfold__kind kind)
{
	*ok = true;
	switch (conv) {
	case 's':
	case 'b':
		if (arg->kind == kind)
			return lg_buf_put(out, arg->b.ptr, arg->b.len);
		if (arg->kind == LG_FV_INT && kind == LG_FV_STR)
			return put_int(out, arg->i, 'd');
		break;
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		if (arg->kind == LG_FV_INT)
			return put_int(out, arg->i, conv);
		break;
	case 'c':
		if (arg->kind == LG_FV_INT && kind == LG_FV_STR)
			return lg_pyfold__put_utf8(out, arg->i) == LG_EINVALID
				       ? (*ok = false, 0)
				       : out->err;
		if (arg->kind == LG_FV_INT && arg->i >= 0 && arg->i < 256)
			return lg_buf_putc(out, (char)arg->i);
		if (arg->kind == kind &&
		    lg_pyfold__char_len(arg->b.ptr, arg->b.len) == arg->b.len &&
		    arg->b.len)
			return lg_buf_put(out, arg->b.ptr, arg->b.len);
		break;
	default:
		break;
	}
	*ok = false;
	return 0;
}

int lg_pyfold__percent(struct lg_pyfold__val *out,
		       const struct lg_pyfold__val *fmt,
		       const struct lg_pyfold__val *args)
{
	struct lg_pyfold__val r, arg;
	const char *p = fmt->b.ptr;
	size_t n = fmt->b.len, used = 0, total;
	bool ok = true;
	int error = 0;

	total = args->kind == LG_FV_LIST ? args->n : 1;
	lg_pyfold__init(&r);
	lg_pyfold__init(&arg);
	r.kind = fmt->kind;
	for (size_t i = 0; i < n && ok && !error; i++) {
		if (p[i] != '%') {
			error = lg_buf_putc(&r.b, p[i]);
			continue;
		}
		if (++i >= n) {
			ok = false;
		} else if (p[i] == '%') {
			error = lg_buf_putc(&r.b, '%');
		} else if (used >= total) {
			ok = false;
		} else {
			if (args->kind == LG_FV_LIST)
				error = lg_pyfold__item(&arg, args, used);
			else
				error = lg_pyfold__copy(&arg, args);
			used++;
			if (!error)
				error = convert(&r.b, &ok, p[i], &arg,
						fmt->kind);
		}
	}
	if (!error && ok && used == total)
		lg_pyfold__move(out, &r);
	else
		lg_pyfold__dispose(out);
	lg_pyfold__dispose(&r);
	lg_pyfold__dispose(&arg);
	return error;
}

/* ---- str.format ---------------------------------------------------------- */

/* The field at p (after '{'): "" or digits, then '}'. *index is
 * SIZE_MAX for an automatic field; returns the field's length with the
 * brace, 0 if not modelled (names, specs, conversions). */
static size_t field(const char *p, size_t n, size_t *index)
{
	size_t i = 0, v = 0;

	while (i < n && p[i] >= '0' && p[i] <= '9' && i < 6)
		v = v * 10 + (size_t)(p[i++] - '0');
	if (i >= n || p[i] != '}')
		return 0;
	*index = i ? v : SIZE_MAX;
	return i + 1;
}

int lg_pyfold__format(struct lg_pyfold__val *out,
		      const struct lg_pyfold__val *fmt,
		      const struct lg_pyfold__val *args)
{
	struct lg_pyfold__val r, arg;
	const char *p = fmt->b.ptr;
	size_t n = fmt->b.len, next = 0, index, k;
	bool ok = fmt->kind == LG_FV_STR, autonum = false, manual = false;
	int error = 0;

	lg_pyfold__init(&r);
	lg_pyfold__init(&arg);
	r.kind = LG_FV_STR;
	for (size_t i = 0; i < n && ok && !error; i++) {
		if ((p[i] == '{' || p[i] == '}') && i + 1 < n &&
		    p[i + 1] == p[i]) {
			error = lg_buf_putc(&r.b, p[i++]);
			continue;
		}
		if (p[i] == '}' || (p[i] == '{' && !(k = field(p + i + 1,
							     n - i - 1,
							     &index)))) {
			ok = false;
			break;
		}
		if (p[i] != '{') {
			error = lg_buf_putc(&r.b, p[i]);
			continue;
		}
		if (index == SIZE_MAX) {
			index = next++;
			autonum = true;
		} else {
			manual = true;
		}
		if ((autonum && manual) || index >= args->n) {
			ok = false;
			break;
		}
		if ((error = lg_pyfold__item(&arg, args, index)) == 0)
			error = convert(&r.b, &ok, 's', &arg, LG_FV_STR);
		i += k;
	}
	if (!error && ok)
		lg_pyfold__move(out, &r);
	else
		lg_pyfold__dispose(out);
	lg_pyfold__dispose(&r);
	lg_pyfold__dispose(&arg);
	return error;
}
