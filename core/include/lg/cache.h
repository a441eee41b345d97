/* SPDX-License-Identifier: MIT */
/* Content-addressed artifact cache: <dir>/sha256/<2 hex>/<64 hex>. */
#ifndef LG_INCLUDE_CACHE_H
#define LG_INCLUDE_CACHE_H

#include "lg/buf.h"

/* Loads the artifact whose sha256 is hex into out and verifies it. Returns
 * 0; LG_ENOTFOUND when absent or when the stored bytes do not match (the bad
 * entry is removed). */
LG_EXTERN(int) lg_cache_get(struct lg_buf *out, const char *dir, const char *hex)
	LG_WARN_UNUSED;
/* Whether an entry for hex exists (a regular file; not verified: read it
 * with lg_cache_get, which does). Touches nothing. */
LG_EXTERN(bool) lg_cache_has(const char *dir, const char *hex);

/* Stores bytes under their sha256 (hex) with an atomic rename, creating
 * directories as needed; safe under concurrent runs. */
LG_EXTERN(int) lg_cache_put(const char *dir, const char *hex, const void *data,
			   size_t len) LG_WARN_UNUSED;

/* Reads a whole regular file (no symlinks followed) of at most max bytes.
 * LG_ENOTFOUND when absent, LG_ETOOBIG when larger than max. */
LG_EXTERN(int) lg_fs_read_file(struct lg_buf *out, const char *path, size_t max)
	LG_WARN_UNUSED;

#endif
