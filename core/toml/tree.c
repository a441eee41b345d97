/* SPDX-License-Identifier: MIT */
/* The tree: nodes, tables with a hash index once they grow, arrays, and
 * the read-only accessors of lg/toml.h. */
#include <stdarg.h>

#include "toml_private.h"

#define TABLE_INDEX_FROM 16u /* smaller tables are searched linearly */

int toml_node_new(struct lg_toml_node **out, struct toml_parser *ps,
		  enum lg_toml_type type)
{
	struct lg_toml_node *n;

	*out = NULL;
	if (ps->nodes >= LG_MAX_TOML_NODES)
		return toml_toobig(ps, "values", LG_MAX_TOML_NODES);
	n = lg__calloc(1, sizeof(*n));
	if (!n)
		return lg_error_oom();
	ps->nodes++;
	n->type = (uint8_t)type;
	n->line = (uint32_t)ps->line;
	*out = n;
	return 0;
}

void toml_node_free(struct lg_toml_node *n)
{
	if (!n)
		return;
	switch (n->type) {
	case LG_TOML_TABLE:
		for (uint32_t i = 0; i < n->count; i++) {
			lg__free(n->u.t.entries[i].key);
			toml_node_free(n->u.t.entries[i].value);
		}
		lg__free(n->u.t.entries);
		lg__free(n->u.t.index);
		break;
	case LG_TOML_ARRAY:
		for (uint32_t i = 0; i < n->count; i++)
			toml_node_free(n->u.items[i]);
		lg__free(n->u.items);
		break;
	case LG_TOML_INTEGER:
	case LG_TOML_BOOL:
		break;
	case LG_TOML_FLOAT:
		lg__free(n->u.flt.lex);
		break;
	default:
		lg__free(n->u.s.ptr);
		break;
	}
	lg__free(n);
}

static uint32_t key_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h;
}

static bool key_eq(const struct toml_entry *e, const char *key, size_t len)
{
	return e->key_len == len && memcmp(e->key, key, len) == 0;
}

struct toml_entry *toml_table_find(const struct lg_toml_node *t,
				   const char *key, size_t len)
{
	uint32_t mask, slot;

	if (!t->u.t.index) {
		for (uint32_t i = 0; i < t->count; i++)
			if (key_eq(&t->u.t.entries[i], key, len))
				return &t->u.t.entries[i];
		return NULL;
	}
	mask = 2 * t->cap - 1;
	for (slot = key_hash(key, len) & mask; t->u.t.index[slot];
	     slot = (slot + 1) & mask) {
		struct toml_entry *e = &t->u.t.entries[t->u.t.index[slot] - 1];

		if (key_eq(e, key, len))
			return e;
	}
	return NULL;
}

static void index_put(struct lg_toml_node *t, uint32_t entry)
{
	uint32_t mask = 2 * t->cap - 1;
	const struct toml_entry *e = &t->u.t.entries[entry];
	uint32_t slot = key_hash(e->key, e->key_len) & mask;

	while (t->u.t.index[slot])
		slot = (slot + 1) & mask;
	t->u.t.index[slot] = entry + 1;
}

static int table_grow(struct lg_toml_node *t)
{
	uint32_t cap = t->cap ? 2 * t->cap : 4;
	struct toml_entry *entries;
	uint32_t *index = NULL;

	entries = lg__reallocarray(t->u.t.entries, cap, sizeof(*entries));
	if (!entries)
		return lg_error_oom();
	t->u.t.entries = entries;
	if (cap >= TABLE_INDEX_FROM) {
		index = lg__calloc(2 * (size_t)cap, sizeof(*index));
		if (!index)
			return lg_error_oom();
	}
	lg__free(t->u.t.index);
	t->u.t.index = index;
	t->cap = cap;
	if (index)
		for (uint32_t i = 0; i < t->count; i++)
			index_put(t, i);
	return 0;
}

const char *toml_key_show(char *tmp, size_t tmpsz, const char *key,
			  size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 4 < tmpsz; i++) {
		unsigned char c = (unsigned char)key[i];

		tmp[n++] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
		if (i == 63 && len > 64) {
			memcpy(tmp + n, "...", 3);
			n += 3;
			break;
		}
	}
	tmp[n] = '\0';
	return tmp;
}

int toml_table_add(struct toml_parser *ps, struct lg_toml_node *t,
		   const char *key, size_t len, struct lg_toml_node *value,
		   size_t line)
{
	char show[80];
	struct toml_entry *e;
	int error = 0;

	if (toml_table_find(t, key, len)) {
		error = toml_err(ps, "duplicate key '%s'",
				 toml_key_show(show, sizeof(show), key, len));
		goto done;
	}
	if (t->count >= LG_MAX_TOML_KEYS_PER_TABLE) {
		error = toml_toobig(ps, "keys in one table",
				    LG_MAX_TOML_KEYS_PER_TABLE);
		goto done;
	}
	if (t->count == t->cap && (error = table_grow(t)) < 0)
		goto done;
	e = &t->u.t.entries[t->count];
	e->key = lg__malloc(len + 1);
	if (!e->key) {
		error = lg_error_oom();
		goto done;
	}
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->key_len = len;
	e->line = (uint32_t)line;
	e->value = value;
	value = NULL;
	if (t->u.t.index)
		index_put(t, t->count);
	t->count++;
done:
	toml_node_free(value);
	return error;
}

int toml_array_push(struct toml_parser *ps, struct lg_toml_node *a,
		    struct lg_toml_node *item)
{
	int error = 0;

	(void)ps;
	if (a->count == a->cap) {
		uint32_t cap = a->cap ? 2 * a->cap : 4;
		struct lg_toml_node **items =
			lg__reallocarray(a->u.items, cap, sizeof(*items));

		if (!items) {
			error = lg_error_oom();
			goto done;
		}
		a->u.items = items;
		a->cap = cap;
	}
	a->u.items[a->count++] = item;
	item = NULL;
done:
	toml_node_free(item);
	return error;
}

void toml_close_inline(struct lg_toml_node *n)
{
	if (n->type == LG_TOML_TABLE) {
		n->flags = TF_INLINE;
		for (uint32_t i = 0; i < n->count; i++)
			toml_close_inline(n->u.t.entries[i].value);
	} else if (n->type == LG_TOML_ARRAY) {
		n->flags = TF_STATIC;
		for (uint32_t i = 0; i < n->count; i++)
			toml_close_inline(n->u.items[i]);
	}
}

/* ---- public accessors ---------------------------------------------------- */

static const char *const type_names[] = {
	"table", "array", "string", "integer", "float", "bool",
	"datetime", "datetime-local", "date-local", "time-local",
};

const char *lg_toml_type_name(enum lg_toml_type type)
{
	if ((size_t)type >= LG_ARRAY_SIZE(type_names))
		return "unknown";
	return type_names[type];
}

void lg_toml_free(struct lg_toml_node *root)
{
	toml_node_free(root);
}

int lg_toml_type(const struct lg_toml_node *n)
{
	return n ? n->type : -1;
}

size_t lg_toml_line(const struct lg_toml_node *n)
{
	return n ? n->line : 0;
}

size_t lg_toml_count(const struct lg_toml_node *n)
{
	if (!n || (n->type != LG_TOML_TABLE && n->type != LG_TOML_ARRAY))
		return 0;
	return n->count;
}

const struct lg_toml_node *lg_toml_at(const struct lg_toml_node *n, size_t i)
{
	if (i >= lg_toml_count(n))
		return NULL;
	return n->type == LG_TOML_ARRAY ? n->u.items[i]
					: n->u.t.entries[i].value;
}

const char *lg_toml_key_at(const struct lg_toml_node *table, size_t i,
			   size_t *len_out, size_t *line_out)
{
	const struct toml_entry *e;

	if (!table || table->type != LG_TOML_TABLE || i >= table->count)
		return NULL;
	e = &table->u.t.entries[i];
	if (len_out)
		*len_out = e->key_len;
	if (line_out)
		*line_out = e->line;
	return e->key;
}

const struct lg_toml_node *lg_toml_get_n(const struct lg_toml_node *table,
					 const char *key, size_t len)
{
	const struct toml_entry *e;

	if (!table || table->type != LG_TOML_TABLE || !key)
		return NULL;
	e = toml_table_find(table, key, len);
	return e ? e->value : NULL;
}

const struct lg_toml_node *lg_toml_get(const struct lg_toml_node *table,
				       const char *key)
{
	return key ? lg_toml_get_n(table, key, strlen(key)) : NULL;
}

const struct lg_toml_node *lg_toml_get_path(const struct lg_toml_node *table,
					    ...)
{
	const struct lg_toml_node *n = table;
	const char *key;
	va_list ap;

	va_start(ap, table);
	while (n && (key = va_arg(ap, const char *)) != NULL)
		n = lg_toml_get(n, key);
	va_end(ap);
	return n;
}

const struct lg_toml_node *lg_toml_get_typed(const struct lg_toml_node *table,
					     const char *key,
					     enum lg_toml_type type)
{
	const struct lg_toml_node *n = lg_toml_get(table, key);

	return n && n->type == type ? n : NULL;
}

const char *lg_toml_string(const struct lg_toml_node *n, size_t *len_out)
{
	if (!n || n->type != LG_TOML_STRING)
		return NULL;
	if (len_out)
		*len_out = n->u.s.len;
	return n->u.s.ptr;
}

const char *lg_toml_get_string(const struct lg_toml_node *table,
			       const char *key)
{
	return lg_toml_string(lg_toml_get(table, key), NULL);
}

bool lg_toml_int(const struct lg_toml_node *n, int64_t *out)
{
	if (!n || n->type != LG_TOML_INTEGER)
		return false;
	*out = n->u.i;
	return true;
}

bool lg_toml_float(const struct lg_toml_node *n, double *out)
{
	if (!n || n->type != LG_TOML_FLOAT)
		return false;
	*out = n->u.flt.f;
	return true;
}

bool lg_toml_bool(const struct lg_toml_node *n, bool *out)
{
	if (!n || n->type != LG_TOML_BOOL)
		return false;
	*out = n->u.b;
	return true;
}

static bool is_datetime_type(const struct lg_toml_node *n)
{
	return n && n->type >= LG_TOML_DATETIME && n->type <= LG_TOML_TIME_LOCAL;
}

bool lg_toml_datetime(const struct lg_toml_node *n,
		      struct lg_toml_datetime *out)
{
	if (!is_datetime_type(n))
		return false;
	toml_datetime_fields(out, n->u.s.ptr);
	return true;
}

const char *lg_toml_lexical(const struct lg_toml_node *n)
{
	if (n && n->type == LG_TOML_FLOAT)
		return n->u.flt.lex;
	return is_datetime_type(n) ? n->u.s.ptr : NULL;
}
