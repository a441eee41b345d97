/* SPDX-License-Identifier: MIT */
/* The TOML document: byte checks, keys, [tables], [[arrays of tables]],
 * dotted keys and the rules that say which table may be extended when. */
#include <stdarg.h>
#include <stdio.h>

#include "toml_private.h"

int toml_err(struct toml_parser *ps, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lg_error_invalid(LG_ERRCLASS_LOCKFILE, "%s:%zu: %s", ps->origin,
				ps->line, msg);
}

int toml_toobig(struct toml_parser *ps, const char *what, size_t limit)
{
	return lg_error_toobig("%s:%zu: more than %zu %s", ps->origin, ps->line,
			       limit, what);
}

/* Whole-document checks that hold in every context: UTF-8, no control
 * character but tab and newline, CR only before LF. */
static int check_bytes(struct toml_parser *ps)
{
	const char *p = ps->p;
	int error = 0;

	while (p < ps->end && error == 0) {
		unsigned char c = (unsigned char)*p;
		size_t n;

		if (c == '\n') {
			ps->line++;
		} else if (c == '\r') {
			if (p + 1 == ps->end || p[1] != '\n')
				error = toml_err(ps, "carriage return without a line feed");
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			error = toml_err(ps, "control character U+%04X", c);
		} else if (c >= 0x80) {
			n = lg_utf8_len(p, (size_t)(ps->end - p));
			if (n == 0)
				error = toml_err(ps, "invalid UTF-8");
			else
				p += n - 1;
		}
		p++;
	}
	ps->line = 1;
	return error;
}

static void skip_ws(struct toml_parser *ps)
{
	while (ps->p < ps->end && toml_is_ws(*ps->p))
		ps->p++;
}

static bool is_bare_key_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

/* One part of a key into ps->scratch. */
static int parse_key_part(struct toml_parser *ps)
{
	const char *start = ps->p;

	if (ps->p < ps->end && (*ps->p == '"' || *ps->p == '\''))
		return toml_parse_string(ps, true);
	while (ps->p < ps->end && is_bare_key_char(*ps->p))
		ps->p++;
	if (ps->p == start)
		return toml_err(ps, "expected a key");
	lg_buf_reset(&ps->scratch);
	return lg_buf_put(&ps->scratch, start, (size_t)(ps->p - start));
}

/* Parses one key part and says whether a '.' follows (then skipped). */
static int next_key_part(struct toml_parser *ps, bool *more)
{
	int error = parse_key_part(ps);

	if (error < 0)
		return error;
	skip_ws(ps);
	*more = ps->p < ps->end && *ps->p == '.';
	if (*more) {
		ps->p++;
		skip_ws(ps);
	}
	return 0;
}

static int new_table(struct lg_toml_node **out, struct toml_parser *ps,
		     struct lg_toml_node *parent, uint8_t flags)
{
	struct lg_toml_node *t = NULL;
	int error;

	*out = NULL;
	if ((error = toml_node_new(&t, ps, LG_TOML_TABLE)) < 0)
		return error;
	t->flags = flags;
	t->section = ps->section;
	if ((error = toml_table_add(ps, parent, ps->scratch.ptr,
				    ps->scratch.len, t, ps->line)) < 0)
		return error;
	*out = t;
	return 0;
}

static int not_a_table(struct toml_parser *ps, const char *why)
{
	char show[80];

	return toml_err(ps, "key '%s' %s",
			toml_key_show(show, sizeof(show), ps->scratch.ptr,
				      ps->scratch.len), why);
}

/* A dotted key part before the last: the table it names inside *t, made
 * if absent. A table defined by a header, an inline table, an array, or a
 * table dotted keys made in another section cannot be extended. */
static int dotted_step(struct toml_parser *ps, struct lg_toml_node **t)
{
	struct toml_entry *e = toml_table_find(*t, ps->scratch.ptr, ps->scratch.len);
	struct lg_toml_node *v;

	if (!e)
		return new_table(t, ps, *t, TF_DOTTED);
	v = e->value;
	if (v->type != LG_TOML_TABLE)
		return not_a_table(ps, "is not a table");
	if ((v->flags & (TF_HEADER | TF_INLINE)) ||
	    ((v->flags & TF_DOTTED) && v->section != ps->section))
		return not_a_table(ps, "names a table defined elsewhere");
	v->flags = TF_DOTTED;
	v->section = ps->section;
	*t = v;
	return 0;
}

int toml_parse_keyval(struct toml_parser *ps, struct lg_toml_node *tbl,
		      size_t depth)
{
	struct lg_toml_node *value = NULL;
	size_t line = ps->line;
	char *key = NULL;
	size_t key_len;
	bool more = true;
	int error;

	while (more) {
		if (++depth > LG_MAX_TOML_DEPTH)
			return toml_toobig(ps, "levels of nesting", LG_MAX_TOML_DEPTH);
		if ((error = next_key_part(ps, &more)) < 0)
			return error;
		if (more && (error = dotted_step(ps, &tbl)) < 0)
			return error;
	}
	key_len = ps->scratch.len;
	if (!(key = lg__malloc(key_len + 1)))
		return lg_error_oom();
	memcpy(key, ps->scratch.ptr, key_len + 1);
	if (ps->p == ps->end || *ps->p != '=') {
		error = toml_err(ps, "expected '=' after a key");
		goto done;
	}
	ps->p++;
	skip_ws(ps);
	if ((error = toml_parse_value(&value, ps, depth)) < 0)
		goto done;
	error = toml_table_add(ps, tbl, key, key_len, value, line);
done:
	lg__free(key);
	return error;
}

/* A [header] part before the last: tables and the last element of an
 * array of tables may be walked through; missing tables are made. */
static int header_step(struct toml_parser *ps, struct lg_toml_node **t)
{
	struct toml_entry *e = toml_table_find(*t, ps->scratch.ptr, ps->scratch.len);
	struct lg_toml_node *v;

	if (!e)
		return new_table(t, ps, *t, TF_IMPLICIT);
	v = e->value;
	if (v->type == LG_TOML_ARRAY && !(v->flags & TF_STATIC) && v->count)
		v = v->u.items[v->count - 1];
	if (v->type != LG_TOML_TABLE || (v->flags & TF_INLINE))
		return not_a_table(ps, v->type == LG_TOML_TABLE
				       ? "is an inline table, which is closed"
				       : "is not a table");
	*t = v;
	return 0;
}

static int header_last(struct toml_parser *ps, struct lg_toml_node **t,
		       bool aot)
{
	struct toml_entry *e = toml_table_find(*t, ps->scratch.ptr, ps->scratch.len);
	struct lg_toml_node *arr, *elem = NULL;
	int error;

	if (!aot) {
		if (!e)
			return new_table(t, ps, *t, TF_HEADER);
		if (e->value->type != LG_TOML_TABLE || e->value->flags != TF_IMPLICIT)
			return not_a_table(ps, "is defined twice");
		e->value->flags = TF_HEADER;
		e->value->line = (uint32_t)ps->line;
		*t = e->value;
		return 0;
	}
	if (!e) {
		if ((error = toml_node_new(&arr, ps, LG_TOML_ARRAY)) < 0 ||
		    (error = toml_table_add(ps, *t, ps->scratch.ptr,
					    ps->scratch.len, arr, ps->line)) < 0)
			return error;
	} else {
		arr = e->value;
		if (arr->type != LG_TOML_ARRAY || (arr->flags & TF_STATIC))
			return not_a_table(ps, "is not an array of tables");
	}
	if ((error = toml_node_new(&elem, ps, LG_TOML_TABLE)) < 0)
		return error;
	elem->flags = TF_HEADER;
	*t = elem;
	return toml_array_push(ps, arr, elem);
}

static int parse_header(struct toml_parser *ps, struct lg_toml_node *root,
			struct lg_toml_node **cur, size_t *depth)
{
	bool aot = ps->p + 1 < ps->end && ps->p[1] == '[';
	struct lg_toml_node *t = root;
	bool more = true;
	size_t parts = 0;
	int error;

	ps->p += aot ? 2 : 1;
	skip_ws(ps);
	ps->section = ++ps->sections;
	while (more) {
		if (++parts > LG_MAX_TOML_DEPTH)
			return toml_toobig(ps, "levels of nesting", LG_MAX_TOML_DEPTH);
		if ((error = next_key_part(ps, &more)) < 0)
			return error;
		if (more)
			error = header_step(ps, &t);
		else
			error = header_last(ps, &t, aot);
		if (error < 0)
			return error;
	}
	if (ps->p == ps->end || *ps->p != ']' ||
	    (aot && (ps->p + 1 == ps->end || ps->p[1] != ']')))
		return toml_err(ps, aot ? "expected ']]' after a table name"
					: "expected ']' after a table name");
	ps->p += aot ? 2 : 1;
	*cur = t;
	*depth = parts;
	return 0;
}

/* After a key/value pair or a header: a comment, then a newline or EOF. */
static int end_of_line(struct toml_parser *ps)
{
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '#')
		while (ps->p < ps->end && !toml_at_newline(ps))
			ps->p++;
	if (ps->p == ps->end)
		return 0;
	if (!toml_at_newline(ps))
		return toml_err(ps, "expected a newline, found '%c'",
				(*ps->p > 0x20 && *ps->p < 0x7f) ? *ps->p : '?');
	toml_skip_newline(ps);
	return 0;
}

static int parse_document(struct toml_parser *ps, struct lg_toml_node *root)
{
	struct lg_toml_node *cur = root;
	size_t depth = 0;
	int error = 0;

	while (error == 0) {
		skip_ws(ps);
		if (ps->p == ps->end)
			break;
		if (toml_at_newline(ps)) {
			toml_skip_newline(ps);
			continue;
		}
		if (*ps->p == '[')
			error = parse_header(ps, root, &cur, &depth);
		else if (*ps->p != '#')
			error = toml_parse_keyval(ps, cur, depth);
		if (error == 0)
			error = end_of_line(ps);
	}
	return error;
}

int lg_toml_parse(struct lg_toml_node **out, const char *buf, size_t len,
		  const char *origin)
{
	struct toml_parser ps = {0};
	struct lg_toml_node *root = NULL;
	int error;

	LG_ASSERT_ARG(out);
	*out = NULL;
	LG_ASSERT_ARG(buf || len == 0);
	ps.origin = origin ? origin : "<toml>";
	ps.line = 1;
	if (len > LG_MAX_TOML_BYTES)
		return toml_toobig(&ps, "bytes", LG_MAX_TOML_BYTES);
	ps.p = buf ? buf : "";
	ps.end = ps.p + len;
	lg_buf_init(&ps.scratch, LG_MAX_TOML_BYTES);
	if (len >= 3 && memcmp(ps.p, "\xEF\xBB\xBF", 3) == 0)
		ps.p += 3;
	if ((error = check_bytes(&ps)) < 0 ||
	    (error = toml_node_new(&root, &ps, LG_TOML_TABLE)) < 0 ||
	    (error = parse_document(&ps, root)) < 0)
		goto done;
	*out = root;
	root = NULL;
done:
	toml_node_free(root);
	lg_buf_dispose(&ps.scratch);
	return error;
}
