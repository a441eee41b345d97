/* SPDX-License-Identifier: MIT */
/* Shared inside core/index only. */
#ifndef LG_INDEX_PRIVATE_H
#define LG_INDEX_PRIVATE_H

#include "lg/index.h"

/* Whether s is exactly 64 hex digits (either case). */
bool lg_index__is_hex64(const char *s, size_t n);
/* "bdist_wheel" for *.whl, "sdist" for the sdist extensions, else "". */
const char *lg_index__packagetype(const char *filename);
/* Frees the strings of f (not f itself). */
void lg_index__file_dispose(struct lg_index_file *f);
/* Appends a zeroed file (size -1) to r, growing r->files; *out points at
 * it. Returns 0, LG_ETOOBIG past LG_MAX_INDEX_FILES, LG_ENOMEM. */
int lg_index__add_file(struct lg_index_file **out, struct lg_release *r,
		       size_t *cap, const char *origin);

struct json_t;
/* Loads a JSON document (capped at LG_MAX_JSON_BYTES, duplicate keys
 * rejected) and reads it into a new release with read(). Returns 0 with
 * *out set, LG_EINVALID / LG_ETOOBIG naming origin, or read's error. */
int lg_index__parse_json(struct lg_release **out, const char *buf, size_t len,
			 const char *origin,
			 int (*read)(struct lg_release *r, struct json_t *root,
				     const char *origin));

#endif
