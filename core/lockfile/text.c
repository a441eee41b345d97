/* SPDX-License-Identifier: MIT */
/* Text decoding and path normalisation for the line-based formats. */
#include <ctype.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/lockfile.h"
#include "lockfile_private.h"

/* UTF-16/32 (with the BOM already skipped) to UTF-8. */
static int decode_wide(struct lg_buf *out, const unsigned char *p, size_t len,
		       unsigned width, bool big, const char *origin)
{
	size_t i = 0;
	int error;

	if (len % width)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': truncated UTF-%u text", origin,
					width * 8);
	while (i < len) {
		uint32_t cp;

		if (width == 4) {
			cp = big ? ((uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
				    (uint32_t)p[i + 2] << 8 | p[i + 3])
				 : ((uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 |
				    (uint32_t)p[i + 1] << 8 | p[i]);
			i += 4;
		} else {
			cp = big ? (uint32_t)(p[i] << 8 | p[i + 1])
				 : (uint32_t)(p[i + 1] << 8 | p[i]);
			i += 2;
			if (cp >= 0xD800 && cp < 0xDC00 && i + 2 <= len) {
				uint32_t lo = big ? (uint32_t)(p[i] << 8 | p[i + 1])
						  : (uint32_t)(p[i + 1] << 8 | p[i]);

				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
		}
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': invalid UTF-%u text", origin,
						width * 8);
		if ((error = lg_utf8_put(out, cp)) < 0)
			return error;
	}
	return 0;
}

static int latin1(struct lg_buf *out, const unsigned char *p, size_t len)
{
	int error = 0;

	for (size_t i = 0; i < len && !error; i++)
		error = p[i] < 0x80 ? lg_buf_putc(out, (char)p[i])
				    : lg_utf8_put(out, p[i]);
	return error;
}

static bool valid_utf8(const char *p, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = (unsigned char)p[i] < 0x80 ? 1 : lg_utf8_len(p + i, len - i);

		if (!n)
			return false;
		i += n;
	}
	return true;
}

enum coding { CODING_NONE, CODING_UTF8, CODING_LATIN1, CODING_ASCII,
	      CODING_OTHER };

/* PEP 263: "coding[:=]\s*([-\w.]+)" in a comment on line 1 or 2. */
static enum coding declared_coding(const char *p, size_t len)
{
	static const struct {
		const char *name;
		enum coding c;
	} names[] = {
		{"ascii", CODING_ASCII},       {"cp819", CODING_LATIN1},
		{"iso-8859-1", CODING_LATIN1}, {"iso8859-1", CODING_LATIN1},
		{"iso_8859_1", CODING_LATIN1}, {"l1", CODING_LATIN1},
		{"latin-1", CODING_LATIN1},    {"latin1", CODING_LATIN1},
		{"latin_1", CODING_LATIN1},    {"us-ascii", CODING_ASCII},
		{"utf-8", CODING_UTF8},        {"utf8", CODING_UTF8},
		{"utf_8", CODING_UTF8},
	};
	size_t pos = 0;

	for (int line = 0; line < 2 && pos < len; line++) {
		const char *nl = memchr(p + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - p) : len;
		const char *hash = memchr(p + pos, '#', end - pos);

		for (const char *c = hash; c && c + 7 <= p + end; c++) {
			const char *v;
			size_t n = 0;

			if (memcmp(c, "coding", 6) != 0 || (c[6] != ':' && c[6] != '='))
				continue;
			v = c + 7;
			while (v < p + end && (*v == ' ' || *v == '\t'))
				v++;
			while (v + n < p + end && (isalnum((unsigned char)v[n]) ||
						    v[n] == '-' || v[n] == '_' ||
						    v[n] == '.'))
				n++;
			for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++)
				if (strlen(names[i].name) == n &&
				    strncasecmp(names[i].name, v, n) == 0)
					return names[i].c;
			return n ? CODING_OTHER : CODING_NONE;
		}
		pos = end + 1;
	}
	return CODING_NONE;
}

int lg_lockfile__decode_text(struct lg_buf *out, const char *buf, size_t len,
			     const char *origin)
{
	static const struct {
		const char *bom;
		size_t n;
		unsigned width;
		bool big;
	} boms[] = {
		/* UTF-32 before UTF-16: FF FE 00 00 starts with FF FE. */
		{"\xFF\xFE\x00\x00", 4, 4, false}, {"\x00\x00\xFE\xFF", 4, 4, true},
		{"\xFF\xFE", 2, 2, false},         {"\xFE\xFF", 2, 2, true},
	};
	const unsigned char *u = (const unsigned char *)buf;

	for (size_t i = 0; i < LG_ARRAY_SIZE(boms); i++)
		if (len >= boms[i].n && memcmp(buf, boms[i].bom, boms[i].n) == 0)
			return decode_wide(out, u + boms[i].n, len - boms[i].n,
					   boms[i].width, boms[i].big, origin);
	if (memchr(buf, '\0', len))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': contains a NUL byte", origin);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3, len -= 3;
	} else {
		switch (declared_coding(buf, len)) {
		case CODING_LATIN1:
			return latin1(out, (const unsigned char *)buf, len);
		case CODING_OTHER:
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': unsupported coding "
						"declaration", origin);
		case CODING_NONE:
		case CODING_UTF8:
		case CODING_ASCII:
			break;
		}
	}
	if (!valid_utf8(buf, len))
		return latin1(out, (const unsigned char *)buf, len);
	return lg_buf_put(out, buf, len);
}

int lg_lockfile__path_normalize(struct lg_buf *path)
{
	char *src = lg__strndup(path->ptr, path->len), *w = path->ptr;
	const char *r;
	bool abs;
	size_t keep = 0; /* leading "../" components that stay */

	if (!src)
		return lg_error_oom();
	abs = src[0] == '/';
	r = src + abs;
	w += abs;
	while (*r) {
		const char *end = strchr(r, '/');
		size_t n = end ? (size_t)(end - r) : strlen(r);
		char *base = path->ptr + abs + keep * 3;

		if (n == 0 || (n == 1 && r[0] == '.')) {
			/* nothing */
		} else if (n == 2 && r[0] == '.' && r[1] == '.') {
			if (w > base) {
				w--; /* the '/' after the last component */
				while (w > base && w[-1] != '/')
					w--;
			} else if (!abs) {
				memcpy(w, "../", 3);
				w += 3;
				keep++;
			}
		} else {
			memcpy(w, r, n);
			w += n;
			*w++ = '/';
		}
		r += n + (end ? 1 : 0);
	}
	if (w > path->ptr + abs && w[-1] == '/')
		w--;
	*w = '\0';
	path->len = (size_t)(w - path->ptr);
	lg__free(src);
	return 0;
}

int lg_lockfile_path_normalize(struct lg_buf *path)
{
	return lg_lockfile__path_normalize(path);
}
