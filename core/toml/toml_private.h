/* SPDX-License-Identifier: MIT */
#ifndef LG_TOML_PRIVATE_H
#define LG_TOML_PRIVATE_H

#include "lg/buf.h"
#include "lg/toml.h"

/* How a table or array came to be; decides what may extend it later. */
enum toml_flag {
	TF_IMPLICIT = 1 << 0, /* a table named only as a prefix of a [header] */
	TF_HEADER = 1 << 1,   /* defined by [header] or one [[header]] element */
	TF_DOTTED = 1 << 2,   /* defined by a dotted key (in node->section) */
	TF_INLINE = 1 << 3,   /* an inline table or one of its tables: closed */
	TF_STATIC = 1 << 4,   /* an array value ([..]), not [[header]]s */
};

struct toml_entry {
	char *key;    /* NUL-terminated; key_len counts escaped NULs */
	size_t key_len;
	uint32_t line;
	struct lg_toml_node *value;
};

struct lg_toml_node {
	uint8_t type;  /* enum lg_toml_type */
	uint8_t flags; /* enum toml_flag */
	uint32_t line;
	uint32_t section; /* TF_DOTTED: the section that defined it */
	uint32_t count, cap;
	union {
		struct {
			char *ptr; /* STRING: decoded; FLOAT, date-times: lexical */
			size_t len;
		} s;
		struct {
			char *lex;
			double f;
		} flt;
		int64_t i;
		bool b;
		struct lg_toml_node **items; /* ARRAY */
		struct {
			struct toml_entry *entries;
			uint32_t *index; /* open addressing, entry + 1; 0 = empty */
		} t;
	} u;
};

struct toml_parser {
	const char *p, *end;
	const char *origin;
	size_t line;
	size_t nodes;     /* nodes made so far, against LG_MAX_TOML_NODES */
	uint32_t section; /* current [header] section or inline table */
	uint32_t sections;
	struct lg_buf scratch; /* decoded strings and keys */
};

/* Errors, all "origin:line: ..." and returning the code. */
int toml_err(struct toml_parser *ps, const char *fmt, ...) LG_PRINTF(2, 3);
int toml_toobig(struct toml_parser *ps, const char *what, size_t limit);

/* tree.c */
int toml_node_new(struct lg_toml_node **out, struct toml_parser *ps,
		  enum lg_toml_type type);
void toml_node_free(struct lg_toml_node *n);
struct toml_entry *toml_table_find(const struct lg_toml_node *t,
				   const char *key, size_t len);
/* Adds key (copied, declared on line) -> value; value is stolen, also on
 * failure. LG_EINVALID if the key exists. */
int toml_table_add(struct toml_parser *ps, struct lg_toml_node *t,
		   const char *key, size_t len, struct lg_toml_node *value,
		   size_t line);
/* Appends item (stolen, also on failure). */
int toml_array_push(struct toml_parser *ps, struct lg_toml_node *a,
		    struct lg_toml_node *item);
/* Marks n and every table and array below it closed (inline). */
void toml_close_inline(struct lg_toml_node *n);
/* A key for messages: printable ASCII, cut at 64 bytes. */
const char *toml_key_show(char *tmp, size_t tmpsz, const char *key,
			  size_t len);

/* value.c */
bool toml_is_ws(char c);
bool toml_at_newline(const struct toml_parser *ps);
/* Skips one LF or CRLF (the caller knows one is there) and counts it. */
void toml_skip_newline(struct toml_parser *ps);
/* A string (any of the four quotings) into ps->scratch; keys forbid the
 * multi-line forms. */
int toml_parse_string(struct toml_parser *ps, bool is_key);
int toml_parse_value(struct lg_toml_node **out, struct toml_parser *ps,
		     size_t depth);
/* Re-reads a validated date-time lexical form. */
void toml_datetime_fields(struct lg_toml_datetime *out, const char *lex);

/* parse.c: key = value inside tbl (a section or an inline table). */
int toml_parse_keyval(struct toml_parser *ps, struct lg_toml_node *tbl,
		      size_t depth);

#endif
