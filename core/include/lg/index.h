/* SPDX-License-Identifier: MIT */
/* Package index documents: pure parsers and URL building. */
#ifndef LG_INCLUDE_INDEX_H
#define LG_INCLUDE_INDEX_H

#include "lg/common.h"

struct lg_index_file {
	char *filename;
	char *url;          /* as served: absolute or relative to the document */
	char *packagetype;  /* "sdist", "bdist_wheel", ... ("" if absent) */
	char *sha256;       /* lower-case hex, NULL if the index gives none */
	bool yanked;
};

struct lg_release {
	char *name, *version; /* from "info"; may be NULL */
	struct lg_index_file *files;
	size_t nfiles;
};

/* Parses a PyPI JSON API release document (/pypi/<name>/<version>/json).
 * Returns 0; LG_EINVALID for malformed JSON or shapes; LG_ETOOBIG past
 * LG_MAX_JSON_BYTES or LG_MAX_INDEX_FILES. Duplicate keys are rejected. */
LG_EXTERN(int) lg_index_parse_release(struct lg_release **out, const char *buf,
				     size_t len, const char *origin)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_release_free(struct lg_release *r);

/* <index_url>/<name>/<version>/json with the name and version
 * percent-encoded. Ownership: new. */
LG_EXTERN(int) lg_index_release_url(char **out, const char *index_url,
				   const char *name, const char *version)
	LG_WARN_UNUSED;

#endif
