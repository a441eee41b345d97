/* SPDX-License-Identifier: MIT */
/* Shared inside core/archive, and with its unit tests (which shrink the
 * limits to hit them with small fixtures). No libarchive types here. */
#ifndef LG_ARCHIVE_PRIVATE_H
#define LG_ARCHIVE_PRIVATE_H

#include "lg/archive.h"

/* The caps applied by a walk; lg_archive_walk uses
 * lg_archive__default_limits, built from lg/limits.h. */
struct lg_archive_limits {
	size_t max_entries;          /* members (of any type) in the archive */
	size_t max_member_bytes;     /* one wanted member loaded into memory */
	size_t max_path_bytes;       /* one member path */
	uint64_t max_total_unpacked; /* bytes decompressed for one archive */
	uint64_t max_expansion_ratio;/* unpacked / max(packed, min_packed) */
	uint64_t min_packed;         /* packed size assumed for tiny archives */
};

extern const struct lg_archive_limits lg_archive__default_limits;

/* lg_archive_walk with explicit limits (same contract otherwise). */
int lg_archive__walk_limits(const struct lg_archive_limits *lim,
			    const void *buf, size_t len, const char *origin,
			    lg_archive_want_fn want, lg_archive_member_fn fn,
			    void *payload, struct lg_findings *findings)
	LG_WARN_UNUSED;

/* lg_archive_walk_ex with explicit limits. */
int lg_archive__walk_limits_ex(const struct lg_archive_limits *lim,
			       const void *buf, size_t len, const char *origin,
			       const struct lg_archive_walk_options *opts,
			       struct lg_findings *findings) LG_WARN_UNUSED;

/* Why a member path is unsafe to hand to an installer ("absolute path",
 * "'..' component", ...), or NULL when it is fine. Ownership: static. */
const char *lg_archive__path_problem(const char *path, size_t max_path_bytes);

/* Why a link member is unsafe (absolute target, or a target outside the
 * archive root), or NULL for a link that stays inside the archive. */
const char *lg_archive__link_problem(const char *path, const char *target,
				     bool hard);

#endif
