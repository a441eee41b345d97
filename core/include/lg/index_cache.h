/* SPDX-License-Identifier: MIT */
/* Cache of index documents (project pages, release JSON) for HTTP
 * revalidation: <dir>/index/<2 hex>/<sha256 of key>, where the key is the
 * redacted document URL and the Accept header, so no credential ever
 * reaches a file name or a file. */
#ifndef LG_INCLUDE_INDEX_CACHE_H
#define LG_INCLUDE_INDEX_CACHE_H

#include "lg/buf.h"
#include "lg/limits.h"

struct lg_index_doc {
	char *url;           /* redacted URL the body came from (after redirects) */
	char *etag, *last_modified, *content_type; /* NULL when absent */
	struct lg_buf body;  /* capped at LG_MAX_JSON_BYTES */
};
#define LG_INDEX_DOC_INIT {NULL, NULL, NULL, NULL, LG_BUF_INIT(LG_MAX_JSON_BYTES)}

/* Loads the entry for (url, accept). url must already be redacted
 * (lg_url_redact): the cache never sees credentials.
 * Returns 0; LG_ENOTFOUND when there is none or it is unreadable (a broken
 * entry is removed). */
LG_EXTERN(int) lg_index_cache_get(struct lg_index_doc *out, const char *dir,
				 const char *url, const char *accept)
	LG_WARN_UNUSED;
/* Stores doc for (url, accept) with an atomic rename; url and doc->url
 * must already be redacted. Header values holding line breaks are
 * dropped. */
LG_EXTERN(int) lg_index_cache_put(const char *dir, const char *url,
				 const char *accept,
				 const struct lg_index_doc *doc) LG_WARN_UNUSED;
LG_EXTERN(void) lg_index_doc_dispose(struct lg_index_doc *doc);

#endif
