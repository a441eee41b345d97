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

/* ---- lockgate cache stats / clean ------------------------------------ */

#define LG_CACHE_MAX_KINDS 8u

/* Entries and bytes of one kind of entry (a row of the table in
 * core/cache/cache.c: "sha256" = verified artifacts). */
struct lg_cache_kind_stats {
	const char *kind;  /* static */
	uint64_t entries, bytes;
	uint64_t partial;  /* unfinished writes (.tmp) left by killed runs */
};

struct lg_cache_stats {
	struct lg_cache_kind_stats kinds[LG_CACHE_MAX_KINDS];
	size_t nkinds;
	uint64_t entries, bytes; /* all kinds */
};

/* Counts the entries of every kind under dir (a missing dir is empty).
 * Only files with the names the cache writes are counted; symbolic links
 * are never followed. Returns 0; LG_ERROR when dir cannot be read. */
LG_EXTERN(int) lg_cache_stats(struct lg_cache_stats *out, const char *dir)
	LG_WARN_UNUSED;

/* Removes entries whose last use (mtime; lg_cache_get refreshes it) is at
 * least older_than seconds before now (older_than < 0: every entry), and
 * unfinished writes of the same age. Only files with the names the cache
 * writes are removed, so a --cache-dir pointing at the wrong directory
 * loses nothing else. *removed (optional) gets what went. Returns 0;
 * LG_ERROR when something could not be removed. */
LG_EXTERN(int) lg_cache_clean(struct lg_cache_stats *removed, const char *dir,
			     int64_t older_than, int64_t now) LG_WARN_UNUSED;

/* Reads a whole regular file (no symlinks followed) of at most max bytes.
 * LG_ENOTFOUND when absent, LG_ETOOBIG when larger than max. */
LG_EXTERN(int) lg_fs_read_file(struct lg_buf *out, const char *path, size_t max)
	LG_WARN_UNUSED;

#endif
