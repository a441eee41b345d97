/* SPDX-License-Identifier: MIT */
/* A TOML 1.0.0 reader: a pure function of bytes to a read-only tree. No
 * I/O, no globals; thread-safe on distinct trees. Every limit is in
 * lg/limits.h (LG_MAX_TOML_*). Errors are one line, "origin:line: what". */
#ifndef LG_INCLUDE_TOML_H
#define LG_INCLUDE_TOML_H

#include "lg/common.h"

enum lg_toml_type {
	LG_TOML_TABLE = 0,
	LG_TOML_ARRAY,          /* values and arrays of tables alike */
	LG_TOML_STRING,
	LG_TOML_INTEGER,        /* int64 */
	LG_TOML_FLOAT,          /* double, inf and nan included */
	LG_TOML_BOOL,
	LG_TOML_DATETIME,       /* offset date-time: 1979-05-27T07:32:00Z */
	LG_TOML_DATETIME_LOCAL, /* 1979-05-27T07:32:00 */
	LG_TOML_DATE_LOCAL,     /* 1979-05-27 */
	LG_TOML_TIME_LOCAL,     /* 07:32:00.5 */
};

/* A node of the tree. Opaque: read it through the functions below, which
 * all accept NULL (and then answer "absent"). */
struct lg_toml_node;

/* The fields of a date-time value; parts the type lacks are 0. */
struct lg_toml_datetime {
	int year, month, day;
	int hour, minute, second;
	uint32_t nanosecond;  /* fraction digits past 9 are ignored */
	int offset_minutes;   /* LG_TOML_DATETIME only: Z is 0 */
};

/* Parses a TOML 1.0.0 document (a UTF-8 BOM is skipped; LF and CRLF end
 * lines). origin names it in error messages. Ownership: *out is new, the
 * root table; free it with lg_toml_free. Returns 0; LG_EINVALID for a
 * document that is not TOML 1.0.0 (duplicate keys included); LG_ETOOBIG
 * past LG_MAX_TOML_BYTES, _DEPTH, _KEYS or _NODES; LG_ENOMEM. */
LG_EXTERN(int) lg_toml_parse(struct lg_toml_node **out, const char *buf,
			    size_t len, const char *origin) LG_WARN_UNUSED;
LG_EXTERN(void) lg_toml_free(struct lg_toml_node *root);

/* "table", "array", "string", "integer", "float", "bool", "datetime",
 * "datetime-local", "date-local", "time-local" (toml-test's names). */
LG_EXTERN(const char *) lg_toml_type_name(enum lg_toml_type type);

/* Type of n; -1 for NULL. */
LG_EXTERN(int) lg_toml_type(const struct lg_toml_node *n);
/* 1-based line where the value starts (the header line of a [table]). */
LG_EXTERN(size_t) lg_toml_line(const struct lg_toml_node *n);

/* Tables and arrays: number of entries or items (0 for anything else). */
LG_EXTERN(size_t) lg_toml_count(const struct lg_toml_node *n);
/* Item i of an array or the value of entry i of a table (in document
 * order), or NULL. Ownership: borrowed from the tree. */
LG_EXTERN(const struct lg_toml_node *) lg_toml_at(const struct lg_toml_node *n,
						  size_t i);
/* Key of entry i of a table (NUL-terminated; *len_out, if not NULL, counts
 * NUL bytes an escape put in it) and the line of that key; NULL if none. */
LG_EXTERN(const char *) lg_toml_key_at(const struct lg_toml_node *table,
				       size_t i, size_t *len_out,
				       size_t *line_out);

/* Value of key in table, or NULL (absent, or table is not a table).
 * Ownership: borrowed from the tree. */
LG_EXTERN(const struct lg_toml_node *) lg_toml_get(const struct lg_toml_node *table,
						   const char *key);
LG_EXTERN(const struct lg_toml_node *)
lg_toml_get_n(const struct lg_toml_node *table, const char *key, size_t len);
/* Follows a path of keys, one per argument, ended by NULL:
 * lg_toml_get_path(root, "build-system", "backend-path", NULL). */
LG_EXTERN(const struct lg_toml_node *)
lg_toml_get_path(const struct lg_toml_node *table, ...) __attribute__((sentinel));
/* The value of key if it has the given type, else NULL. */
LG_EXTERN(const struct lg_toml_node *)
lg_toml_get_typed(const struct lg_toml_node *table, const char *key,
		  enum lg_toml_type type);

/* Scalars. Each returns false (and leaves *out alone) on a type mismatch. */
/* STRING: decoded text, NUL-terminated; *len_out (may be NULL) counts any
 * NUL an escape put inside. Ownership: borrowed from the tree. */
LG_EXTERN(const char *) lg_toml_string(const struct lg_toml_node *n,
				       size_t *len_out);
/* Shortcut: lg_toml_string(lg_toml_get(table, key), NULL). */
LG_EXTERN(const char *) lg_toml_get_string(const struct lg_toml_node *table,
					   const char *key);
LG_EXTERN(bool) lg_toml_int(const struct lg_toml_node *n, int64_t *out);
LG_EXTERN(bool) lg_toml_float(const struct lg_toml_node *n, double *out);
LG_EXTERN(bool) lg_toml_bool(const struct lg_toml_node *n, bool *out);
LG_EXTERN(bool) lg_toml_datetime(const struct lg_toml_node *n,
				 struct lg_toml_datetime *out);
/* FLOAT and the date-time types: the value exactly as written (date-time
 * separators included); NULL for other types. */
LG_EXTERN(const char *) lg_toml_lexical(const struct lg_toml_node *n);

#endif
