/* SPDX-License-Identifier: MIT */
/* Parsers of a wheel's .dist-info files: RECORD (CSV) and the INI-like
 * entry_points.txt and WHEEL. Pure, capped, never trusting the input. */
#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/rules.h"

/* ---- RECORD ------------------------------------------------------------- */

#define RECORD_FIELDS 3

struct csv {
	const char *p, *end;
	size_t line;
	struct lg_buf field[RECORD_FIELDS];
};

/* One field at c->p into out; stops after ',' or before the line end. */
static int csv_field(struct csv *c, struct lg_buf *out, bool *more)
{
	bool quoted = c->p < c->end && *c->p == '"';

	*more = false;
	if (quoted)
		c->p++;
	while (c->p < c->end) {
		char ch = *c->p;

		if (quoted && ch == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				lg_buf_putc(out, '"');
				c->p += 2;
				continue;
			}
			quoted = false;
			c->p++;
			continue;
		}
		if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		if (!quoted && ch == ',') {
			c->p++;
			*more = true;
			break;
		}
		if (ch == '\n')
			c->line++;
		lg_buf_putc(out, ch);
		c->p++;
	}
	if (quoted)
		return lg_error_invalid(LG_ERRCLASS_SOURCE,
					"RECORD line %zu: unclosed quote",
					c->line);
	if (out->err == LG_ETOOBIG)
		return lg_error_toobig("RECORD line %zu: field longer than %u "
				       "bytes", c->line, LG_MAX_DISTINFO_FIELD);
	return out->err;
}

static int csv_row(struct csv *c, lg_record_row_fn fn, void *payload)
{
	struct lg_record_row row;
	size_t line = c->line, k = 0;
	bool more = true;
	int error;

	for (k = 0; k < RECORD_FIELDS; k++)
		lg_buf_reset(&c->field[k]);
	for (k = 0; more; k++) {
		if (k == RECORD_FIELDS)
			return lg_error_invalid(LG_ERRCLASS_SOURCE,
						"RECORD line %zu: more than "
						"three fields", line);
		if ((error = csv_field(c, &c->field[k], &more)) < 0)
			return error;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	c->line++;
	if (!c->field[0].len)
		return 0; /* blank line */
	row.path = c->field[0].ptr;
	row.hash = c->field[1].len ? c->field[1].ptr : "";
	row.size = c->field[2].len ? c->field[2].ptr : "";
	row.line = line;
	return fn ? fn(&row, payload) : 0;
}

int lg_record_parse(const char *data, size_t len, lg_record_row_fn fn,
		    void *payload)
{
	struct csv c = {data, data + len, 1, {{0}}};
	size_t rows = 0;
	int error = 0;

	LG_ASSERT_ARG(data || !len);
	for (size_t k = 0; k < RECORD_FIELDS; k++)
		lg_buf_init(&c.field[k], LG_MAX_DISTINFO_FIELD);
	while (c.p < c.end && !error) {
		if (++rows > LG_MAX_DISTINFO_LINES) {
			error = lg_error_toobig("RECORD: more than %u rows",
						LG_MAX_DISTINFO_LINES);
			break;
		}
		error = csv_row(&c, fn, payload);
	}
	for (size_t k = 0; k < RECORD_FIELDS; k++)
		lg_buf_dispose(&c.field[k]);
	return error;
}

static int b64url_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '-' || ch == '+')
		return 62;
	if (ch == '_' || ch == '/')
		return 63;
	return -1;
}

long lg_record_digest(unsigned char *out, size_t cap, bool *padded,
		      const char *b64)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t n = 0;

	*padded = false;
	for (const char *p = b64; *p; p++) {
		int v = b64url_value(*p);

		if (*p == '=') {
			*padded = true;
			continue;
		}
		if (v < 0 || *padded)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return (long)n;
}

/* ---- entry_points.txt and WHEEL ----------------------------------------- */

static const char *trim(char *p, size_t *n)
{
	while (*n && (p[*n - 1] == ' ' || p[*n - 1] == '\t'))
		p[--*n] = '\0';
	while (*p == ' ' || *p == '\t') {
		p++;
		(*n)--;
	}
	return p;
}

static int ini_line(char *line, size_t n, char sep, struct lg_buf *section,
		    size_t lineno, lg_ini_fn fn, void *payload)
{
	const char *t = trim(line, &n);
	char *eq;
	size_t kn, vn;

	if (!n || *t == '#' || *t == ';')
		return 0;
	if (*t == '[') {
		const char *close = memchr(t, ']', n);

		lg_buf_reset(section);
		if (close) {
			size_t sn = (size_t)(close - t - 1);
			char tmp[LG_MAX_DISTINFO_FIELD + 1];

			memcpy(tmp, t + 1, sn);
			tmp[sn] = '\0';
			lg_buf_puts(section, trim(tmp, &sn));
		}
		return section->err;
	}
	if (!(eq = memchr(t, sep, n)))
		return 0; /* not a key line: ignored, as configparser would fail */
	*eq = '\0';
	kn = (size_t)(eq - t);
	vn = n - kn - 1;
	{
		const char *key = trim((char *)t, &kn);
		const char *value = trim(eq + 1, &vn);

		return fn ? fn(section->len ? section->ptr : "", key, value,
			       lineno, payload)
			  : 0;
	}
}

int lg_distinfo_parse(const char *data, size_t len, char sep, lg_ini_fn fn,
		      void *payload)
{
	struct lg_buf section = LG_BUF_INIT(LG_MAX_DISTINFO_FIELD);
	char line[LG_MAX_DISTINFO_FIELD + 1];
	size_t lineno = 0, off = 0;
	int error = 0;

	LG_ASSERT_ARG(data || !len);
	while (off < len && !error) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (data + off)) : len - off;
		size_t next = nl ? (size_t)(nl - data) + 1 : len;

		if (++lineno > LG_MAX_DISTINFO_LINES) {
			error = lg_error_toobig("more than %u lines",
						LG_MAX_DISTINFO_LINES);
			break;
		}
		if (n > LG_MAX_DISTINFO_FIELD) {
			error = lg_error_toobig("line %zu longer than %u bytes",
						lineno, LG_MAX_DISTINFO_FIELD);
			break;
		}
		memcpy(line, data + off, n);
		if (n && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		if (memchr(line, '\0', n))
			n = strlen(line); /* an embedded NUL ends the line */
		error = ini_line(line, n, sep, &section, lineno, fn, payload);
		off = next;
	}
	lg_buf_dispose(&section);
	return error;
}
