/* SPDX-License-Identifier: MIT */
/* TOML values: the four string forms, integers, floats, booleans,
 * date-times, arrays and inline tables. The document was validated as
 * UTF-8 without control characters or bare CR before any of this runs. */
#include <math.h>

#include "toml_private.h"

bool toml_is_ws(char c)
{
	return c == ' ' || c == '\t';
}

bool toml_at_newline(const struct toml_parser *ps)
{
	/* A CR is always followed by LF here (checked up front). */
	return ps->p < ps->end && (*ps->p == '\n' || *ps->p == '\r');
}

void toml_skip_newline(struct toml_parser *ps)
{
	if (*ps->p == '\r')
		ps->p++;
	ps->p++;
	ps->line++;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char peek(const struct toml_parser *ps, size_t ahead)
{
	return (size_t)(ps->end - ps->p) > ahead ? ps->p[ahead] : '\0';
}

/* ---- strings -------------------------------------------------------------- */

static int parse_hex_escape(struct toml_parser *ps, int digits)
{
	uint32_t cp = 0;

	for (int i = 0; i < digits; i++) {
		int d = lg_hex_digit(peek(ps, (size_t)i));

		if (d < 0)
			return toml_err(ps, "\\%c escape needs %d hex digits",
					digits == 4 ? 'u' : 'U', digits);
		cp = cp << 4 | (uint32_t)d;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return toml_err(ps, "escape U+%04X is not a Unicode scalar value",
				(unsigned)cp);
	ps->p += digits;
	return lg_utf8_put(&ps->scratch, cp);
}

/* A line-ending backslash: whitespace, a newline, then every whitespace
 * and newline up to the next character is dropped. */
static int skip_line_continuation(struct toml_parser *ps)
{
	const char *q = ps->p;

	while (q < ps->end && toml_is_ws(*q))
		q++;
	if (q == ps->end || (*q != '\n' && *q != '\r'))
		return toml_err(ps, "invalid escape '\\ '");
	ps->p = q;
	while (ps->p < ps->end && (toml_is_ws(*ps->p) || toml_at_newline(ps))) {
		if (toml_is_ws(*ps->p))
			ps->p++;
		else
			toml_skip_newline(ps);
	}
	return 0;
}

static int parse_escape(struct toml_parser *ps, bool multiline)
{
	static const char simple[] = "b\bt\tn\nf\fr\r\"\"\\\\";
	char c;

	ps->p++; /* the backslash */
	c = peek(ps, 0);
	if (ps->p == ps->end)
		return toml_err(ps, "unterminated string");
	for (size_t i = 0; i + 1 < sizeof(simple); i += 2) {
		if (c == simple[i]) {
			ps->p++;
			return lg_buf_putc(&ps->scratch, simple[i + 1]);
		}
	}
	if (c == 'u' || c == 'U') {
		ps->p++;
		return parse_hex_escape(ps, c == 'u' ? 4 : 8);
	}
	if (multiline && (toml_is_ws(c) || c == '\n' || c == '\r'))
		return skip_line_continuation(ps);
	if (c > 0x20 && c < 0x7f)
		return toml_err(ps, "invalid escape '\\%c'", c);
	return toml_err(ps, "invalid escape");
}

/* The closing run of a multi-line string: up to two quotes of the run
 * belong to the content. Returns true when the string ended. */
static bool multiline_quotes(struct toml_parser *ps, char quote, int *error)
{
	size_t run = 0;

	while (peek(ps, run) == quote)
		run++;
	if (run < 3) {
		ps->p += run;
		*error = lg_buf_put(&ps->scratch, ps->p - run, run);
		return false;
	}
	if (run > 5) {
		*error = toml_err(ps, "too many quotes at the end of a string");
		return true;
	}
	*error = lg_buf_put(&ps->scratch, ps->p, run - 3);
	ps->p += run;
	return true;
}

static int parse_multiline(struct toml_parser *ps, char quote)
{
	int error = 0;

	ps->p += 3;
	if (toml_at_newline(ps))
		toml_skip_newline(ps);
	while (error == 0) {
		if (ps->p == ps->end)
			return toml_err(ps, "unterminated multi-line string");
		if (*ps->p == quote) {
			if (multiline_quotes(ps, quote, &error))
				break;
		} else if (toml_at_newline(ps)) {
			toml_skip_newline(ps);
			error = lg_buf_putc(&ps->scratch, '\n');
		} else if (*ps->p == '\\' && quote == '"') {
			error = parse_escape(ps, true);
		} else {
			error = lg_buf_putc(&ps->scratch, *ps->p++);
		}
	}
	return error;
}

static int parse_oneline(struct toml_parser *ps, char quote)
{
	int error = 0;

	ps->p++;
	while (error == 0) {
		if (ps->p == ps->end || toml_at_newline(ps))
			return toml_err(ps, "unterminated string");
		if (*ps->p == quote) {
			ps->p++;
			break;
		}
		if (*ps->p == '\\' && quote == '"')
			error = parse_escape(ps, false);
		else
			error = lg_buf_putc(&ps->scratch, *ps->p++);
	}
	return error;
}

int toml_parse_string(struct toml_parser *ps, bool is_key)
{
	char quote = *ps->p;
	bool multi = peek(ps, 1) == quote && peek(ps, 2) == quote;

	lg_buf_reset(&ps->scratch);
	if (multi && is_key)
		return toml_err(ps, "a key cannot be a multi-line string");
	return multi ? parse_multiline(ps, quote) : parse_oneline(ps, quote);
}

/* ---- numbers --------------------------------------------------------------- */

/* Digits (in base) with single underscores between them. Returns the
 * count of digits, or -1 for a misplaced underscore. */
static int scan_digits(const char *s, size_t n, size_t *pos, int base)
{
	int ndigits = 0;

	while (*pos < n) {
		char c = s[*pos];
		int d = lg_hex_digit(c);

		if (c == '_') {
			if (ndigits == 0 || *pos + 1 >= n ||
			    lg_hex_digit(s[*pos + 1]) < 0 ||
			    lg_hex_digit(s[*pos + 1]) >= base)
				return -1;
		} else if (d < 0 || d >= base) {
			break;
		} else {
			ndigits++;
		}
		(*pos)++;
	}
	return ndigits;
}

static int parse_radix_int(struct toml_parser *ps, int64_t *out,
			   const char *s, size_t n)
{
	int base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
	size_t pos = 2;
	uint64_t v = 0;

	if (scan_digits(s, n, &pos, base) <= 0 || pos != n)
		return toml_err(ps, "invalid integer '%.*s'", (int)(n > 40 ? 40 : n), s);
	for (size_t i = 2; i < n; i++) {
		if (s[i] == '_')
			continue;
		if (v > (uint64_t)INT64_MAX / (uint64_t)base ||
		    v * (uint64_t)base + (uint64_t)lg_hex_digit(s[i]) > (uint64_t)INT64_MAX)
			return toml_err(ps, "integer out of range");
		v = v * (uint64_t)base + (uint64_t)lg_hex_digit(s[i]);
	}
	*out = (int64_t)v;
	return 0;
}

static int parse_dec_int(struct toml_parser *ps, int64_t *out, const char *s,
			 size_t n)
{
	bool neg = s[0] == '-';
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t v = 0;

	for (size_t i = (s[0] == '-' || s[0] == '+'); i < n; i++) {
		if (s[i] == '_')
			continue;
		if (v > limit / 10 || v * 10 + (uint64_t)(s[i] - '0') > limit)
			return toml_err(ps, "integer out of range");
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static int make_float(struct lg_toml_node **out, struct toml_parser *ps,
		      const char *s, size_t n)
{
	const char *body = s + (s[0] == '+' || s[0] == '-');
	struct lg_toml_node *node = NULL;
	char *clean = NULL, *end;
	size_t k = 0;
	int error;

	if ((error = toml_node_new(&node, ps, LG_TOML_FLOAT)) < 0)
		goto done;
	node->u.flt.lex = lg__strndup(s, n);
	clean = lg__malloc(n + 1);
	if (!node->u.flt.lex || !clean) {
		error = lg_error_oom();
		goto done;
	}
	if (n - (size_t)(body - s) == 3 && memcmp(body, "inf", 3) == 0) {
		node->u.flt.f = s[0] == '-' ? -INFINITY : INFINITY;
	} else if (n - (size_t)(body - s) == 3 && memcmp(body, "nan", 3) == 0) {
		node->u.flt.f = s[0] == '-' ? -NAN : NAN;
	} else {
		for (size_t i = 0; i < n; i++)
			if (s[i] != '_')
				clean[k++] = s[i];
		clean[k] = '\0';
		node->u.flt.f = strtod(clean, &end);
		if (end != clean + k) {
			error = toml_err(ps, "invalid float");
			goto done;
		}
	}
	*out = node;
	node = NULL;
done:
	lg__free(clean);
	toml_node_free(node);
	return error;
}

/* Decimal: [sign] int [. digits] [e [sign] digits], underscores between
 * digits, no leading zero. Sets *is_float. */
static bool check_decimal(const char *s, size_t n, bool *is_float)
{
	size_t pos = (s[0] == '+' || s[0] == '-');
	size_t start = pos;
	int nd = scan_digits(s, n, &pos, 10);

	*is_float = false;
	if (nd <= 0 || (s[start] == '0' && pos - start > 1))
		return false;
	if (pos < n && s[pos] == '.') {
		pos++;
		*is_float = true;
		if (scan_digits(s, n, &pos, 10) <= 0)
			return false;
	}
	if (pos < n && (s[pos] == 'e' || s[pos] == 'E')) {
		pos++;
		*is_float = true;
		if (pos < n && (s[pos] == '+' || s[pos] == '-'))
			pos++;
		if (scan_digits(s, n, &pos, 10) <= 0)
			return false;
	}
	return pos == n;
}

static int parse_number(struct lg_toml_node **out, struct toml_parser *ps,
			const char *s, size_t n)
{
	const char *body = s + (s[0] == '+' || s[0] == '-');
	size_t bn = n - (size_t)(body - s);
	struct lg_toml_node *node = NULL;
	bool is_float;
	int error;

	if (bn == 3 && (memcmp(body, "inf", 3) == 0 || memcmp(body, "nan", 3) == 0))
		return make_float(out, ps, s, n);
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
		int64_t v = 0;

		if ((error = parse_radix_int(ps, &v, s, n)) < 0 ||
		    (error = toml_node_new(&node, ps, LG_TOML_INTEGER)) < 0)
			return error;
		node->u.i = v;
		*out = node;
		return 0;
	}
	if (!check_decimal(s, n, &is_float))
		return toml_err(ps, "invalid value '%.*s'", (int)(n > 40 ? 40 : n), s);
	if (is_float)
		return make_float(out, ps, s, n);
	if ((error = toml_node_new(&node, ps, LG_TOML_INTEGER)) < 0)
		return error;
	if ((error = parse_dec_int(ps, &node->u.i, s, n)) < 0) {
		toml_node_free(node);
		return error;
	}
	*out = node;
	return 0;
}

/* ---- date-times ------------------------------------------------------------ */

static bool digits_at(const char *s, size_t n, size_t pos, size_t count,
		      int *out)
{
	int v = 0;

	if (pos + count > n)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (!is_digit(s[pos + i]))
			return false;
		v = v * 10 + (s[pos + i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* HH:MM:SS[.frac] at pos; advances pos. */
static bool scan_time(const char *s, size_t n, size_t *pos,
		      struct lg_toml_datetime *dt)
{
	size_t p = *pos;

	if (!digits_at(s, n, p, 2, &dt->hour) || p + 2 >= n || s[p + 2] != ':' ||
	    !digits_at(s, n, p + 3, 2, &dt->minute) || p + 5 >= n ||
	    s[p + 5] != ':' || !digits_at(s, n, p + 6, 2, &dt->second))
		return false;
	p += 8;
	if (dt->hour > 23 || dt->minute > 59 || dt->second > 60)
		return false;
	if (p < n && s[p] == '.') {
		uint32_t scale = 100000000u;

		if (++p >= n || !is_digit(s[p]))
			return false;
		for (; p < n && is_digit(s[p]); p++, scale /= 10)
			dt->nanosecond += (uint32_t)(s[p] - '0') * scale;
	}
	*pos = p;
	return true;
}

static bool scan_offset(const char *s, size_t n, size_t *pos,
			struct lg_toml_datetime *dt)
{
	size_t p = *pos;
	int h, m;

	if (p < n && (s[p] == 'Z' || s[p] == 'z')) {
		*pos = p + 1;
		return true;
	}
	if (p >= n || (s[p] != '+' && s[p] != '-') ||
	    !digits_at(s, n, p + 1, 2, &h) || p + 3 >= n || s[p + 3] != ':' ||
	    !digits_at(s, n, p + 4, 2, &m) || h > 23 || m > 59)
		return false;
	dt->offset_minutes = (s[p] == '-' ? -1 : 1) * (h * 60 + m);
	*pos = p + 6;
	return true;
}

/* Classifies and checks a date-time; returns its type or -1. */
static int scan_datetime(const char *s, size_t n, struct lg_toml_datetime *dt)
{
	size_t pos = 0;

	memset(dt, 0, sizeof(*dt));
	if (n >= 3 && s[2] == ':')
		return scan_time(s, n, &pos, dt) && pos == n ? LG_TOML_TIME_LOCAL : -1;
	if (!digits_at(s, n, 0, 4, &dt->year) || n < 10 || s[4] != '-' ||
	    !digits_at(s, n, 5, 2, &dt->month) || s[7] != '-' ||
	    !digits_at(s, n, 8, 2, &dt->day) || dt->month < 1 || dt->month > 12 ||
	    dt->day < 1 || dt->day > days_in_month(dt->year, dt->month))
		return -1;
	if (n == 10)
		return LG_TOML_DATE_LOCAL;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	pos = 11;
	if (!scan_time(s, n, &pos, dt))
		return -1;
	if (pos == n)
		return LG_TOML_DATETIME_LOCAL;
	if (!scan_offset(s, n, &pos, dt) || pos != n)
		return -1;
	return LG_TOML_DATETIME;
}

void toml_datetime_fields(struct lg_toml_datetime *out, const char *lex)
{
	(void)scan_datetime(lex, strlen(lex), out);
}

static int parse_datetime(struct lg_toml_node **out, struct toml_parser *ps,
			  const char *s, size_t n)
{
	struct lg_toml_datetime dt;
	struct lg_toml_node *node = NULL;
	int type = scan_datetime(s, n, &dt);
	int error;

	if (type < 0)
		return toml_err(ps, "invalid date-time '%.*s'",
				(int)(n > 40 ? 40 : n), s);
	if ((error = toml_node_new(&node, ps, (enum lg_toml_type)type)) < 0)
		return error;
	node->u.s.ptr = lg__strndup(s, n);
	node->u.s.len = n;
	if (!node->u.s.ptr) {
		toml_node_free(node);
		return lg_error_oom();
	}
	*out = node;
	return 0;
}

/* ---- bare values ----------------------------------------------------------- */

static bool is_bare_value_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_' || c == '+' || c == '-' ||
	       c == '.' || c == ':';
}

static bool looks_like_date(const char *s, size_t n)
{
	return n >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	       is_digit(s[3]) && s[4] == '-';
}

static int parse_bare(struct lg_toml_node **out, struct toml_parser *ps)
{
	const char *s = ps->p;
	size_t n = 0;

	while (s + n < ps->end && is_bare_value_char(s[n]))
		n++;
	/* "1979-05-27 07:32:00": a space may separate date and time. */
	if (n == 10 && looks_like_date(s, n) && s + 13 < ps->end &&
	    s[10] == ' ' && is_digit(s[11]) && is_digit(s[12]) && s[13] == ':') {
		n = 11;
		while (s + n < ps->end && is_bare_value_char(s[n]))
			n++;
	}
	if (n == 0)
		return toml_err(ps, "expected a value");
	ps->p += n;
	if ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0)) {
		int error = toml_node_new(out, ps, LG_TOML_BOOL);

		if (error == 0)
			(*out)->u.b = n == 4;
		return error;
	}
	if (memchr(s, ':', n) || looks_like_date(s, n))
		return parse_datetime(out, ps, s, n);
	return parse_number(out, ps, s, n);
}

/* ---- arrays and inline tables --------------------------------------------- */

/* Whitespace, newlines and comments between array items. */
static void skip_array_space(struct toml_parser *ps)
{
	while (ps->p < ps->end) {
		if (toml_is_ws(*ps->p)) {
			ps->p++;
		} else if (toml_at_newline(ps)) {
			toml_skip_newline(ps);
		} else if (*ps->p == '#') {
			while (ps->p < ps->end && !toml_at_newline(ps))
				ps->p++;
		} else {
			break;
		}
	}
}

static int parse_array(struct lg_toml_node *arr, struct toml_parser *ps,
		       size_t depth)
{
	struct lg_toml_node *item = NULL;
	int error;

	ps->p++;
	for (;;) {
		skip_array_space(ps);
		if (peek(ps, 0) == ']')
			break;
		if ((error = toml_parse_value(&item, ps, depth + 1)) < 0 ||
		    (error = toml_array_push(ps, arr, item)) < 0)
			return error;
		skip_array_space(ps);
		if (peek(ps, 0) == ',') {
			ps->p++;
			continue;
		}
		if (peek(ps, 0) != ']')
			return toml_err(ps, "expected ',' or ']' in an array");
		break;
	}
	ps->p++;
	return 0;
}

static void skip_ws(struct toml_parser *ps)
{
	while (ps->p < ps->end && toml_is_ws(*ps->p))
		ps->p++;
}

static int parse_inline_table(struct lg_toml_node *tbl, struct toml_parser *ps,
			      size_t depth)
{
	int error;

	ps->p++;
	skip_ws(ps);
	if (peek(ps, 0) == '}') {
		ps->p++;
		return 0;
	}
	for (;;) {
		if ((error = toml_parse_keyval(ps, tbl, depth)) < 0)
			return error;
		skip_ws(ps);
		if (peek(ps, 0) == '}') {
			ps->p++;
			return 0;
		}
		if (peek(ps, 0) != ',')
			return toml_err(ps, toml_at_newline(ps)
					? "newline in an inline table"
					: "expected ',' or '}' in an inline table");
		ps->p++;
		skip_ws(ps);
		if (peek(ps, 0) == '}')
			return toml_err(ps, "trailing comma in an inline table");
	}
}

static int parse_container(struct lg_toml_node **out, struct toml_parser *ps,
			   size_t depth)
{
	bool is_array = *ps->p == '[';
	struct lg_toml_node *node = NULL;
	uint32_t section = ps->section;
	int error;

	if (depth > LG_MAX_TOML_DEPTH)
		return toml_toobig(ps, "levels of nesting", LG_MAX_TOML_DEPTH);
	if ((error = toml_node_new(&node, ps, is_array ? LG_TOML_ARRAY
							: LG_TOML_TABLE)) < 0)
		return error;
	if (is_array) {
		node->flags = TF_STATIC;
		error = parse_array(node, ps, depth);
	} else {
		ps->section = ++ps->sections;
		error = parse_inline_table(node, ps, depth);
		ps->section = section;
		toml_close_inline(node);
	}
	if (error < 0) {
		toml_node_free(node);
		return error;
	}
	*out = node;
	return 0;
}

int toml_parse_value(struct lg_toml_node **out, struct toml_parser *ps,
		     size_t depth)
{
	size_t line = ps->line;
	int error;

	*out = NULL;
	if (ps->p == ps->end || toml_at_newline(ps) || *ps->p == '#')
		return toml_err(ps, "expected a value");
	if (*ps->p == '[' || *ps->p == '{')
		error = parse_container(out, ps, depth);
	else if (*ps->p == '"' || *ps->p == '\'')
		error = toml_parse_string(ps, false);
	else
		return parse_bare(out, ps);
	if (error < 0)
		return error;
	if (!*out) {
		if ((error = toml_node_new(out, ps, LG_TOML_STRING)) < 0)
			return error;
		(*out)->u.s.len = ps->scratch.len;
		(*out)->u.s.ptr = lg__malloc(ps->scratch.len + 1);
		if (!(*out)->u.s.ptr) {
			toml_node_free(*out);
			*out = NULL;
			return lg_error_oom();
		}
		memcpy((*out)->u.s.ptr, ps->scratch.ptr, ps->scratch.len + 1);
	}
	(*out)->line = (uint32_t)line;
	return 0;
}
