/* SPDX-License-Identifier: MIT */
/* Lock and requirements file parsers: pure functions of bytes. */
#ifndef LG_INCLUDE_LOCKFILE_H
#define LG_INCLUDE_LOCKFILE_H

#include "lg/model.h"

struct lg_lockfile_format {
	const char *name;                      /* "requirements" */
	bool (*match_path)(const char *path);  /* cheap bid on the path */
	int (*parse)(struct lg_pkgset **out, struct lg_findings *findings,
		     const char *buf, size_t len, const char *origin);
};

/* The format that reads path, or NULL. Ownership: borrowed, static. */
LG_EXTERN(const struct lg_lockfile_format *)
lg_lockfile_format_for_path(const char *path);

/* Parses a requirements file (pip's format). Entries that cannot be checked
 * (unpinned, direct URL, editable) are reported in findings as
 * "lock.unpinned" with origin as path and the line. */
LG_EXTERN(int) lg_lockfile_parse_requirements(struct lg_pkgset **out,
					     struct lg_findings *findings,
					     const char *buf, size_t len,
					     const char *origin)
	LG_WARN_UNUSED;

/* Appends to r the changes between old and new (either may be NULL for a
 * lock file that was added or deleted). Unpinned entries are ignored. */
LG_EXTERN(int) lg_lockfile_diff(struct lg_result *r, const struct lg_pkgset *old,
			       const struct lg_pkgset *new_set) LG_WARN_UNUSED;

/* PEP 440-ish ordering of two version strings: <0, 0, >0. */
LG_EXTERN(int) lg_version_cmp(const char *a, const char *b);

#endif
