/* SPDX-License-Identifier: MIT */
/* The only orchestrator: diff -> index -> fetch -> verify -> scan -> policy. */
#ifndef LG_INCLUDE_ENGINE_H
#define LG_INCLUDE_ENGINE_H

#include "lg/config.h"
#include "lg/fetch.h"
#include "lg/model.h"
#include "lg/policy.h"

struct lg_engine_options {
	const char *repo;        /* NULL: current directory */
	const char *base;        /* revision */
	bool base_is_default;    /* unresolvable default base = empty tree */
	const char *head;        /* revision (ignored when staged) */
	bool staged;             /* compare base with the git index */
	const char *index_file;  /* GIT_INDEX_FILE or NULL */
	const char *index_url;   /* JSON API base, e.g. https://pypi.org/pypi */
	const char *cache_dir;   /* NULL: no cache */
	struct lg_fetch_options fetch;
	struct lg_policy policy;
	bool diff_only;          /* lockgate diff: changes only, no network */
	/* The configuration (discovery paths, and the keys later stages
	 * read: allowed_index_hosts, cooldown_*, provenance_*; see
	 * lg/config.h); NULL: defaults. Borrowed. */
	const struct lg_config *config;
	unsigned jobs;           /* parallel downloads; 0 or 1: one at a time
				  * (config jobs; the fetcher's --jobs) */
};

/* Checks the packages changed between two revisions. Returns 0 with *out
 * set whenever a result could be built (its verdict may be incomplete);
 * LG_EUSAGE for a bad revision; another negative code when nothing could be
 * checked at all (not a repository, out of memory). */
LG_EXTERN(int) lg_engine_check(struct lg_result **out,
			      const struct lg_engine_options *opts)
	LG_WARN_UNUSED;

/* Scans local archive files; no network. Same return contract. */
LG_EXTERN(int) lg_engine_scan(struct lg_result **out,
			     const struct lg_engine_options *opts,
			     char *const *paths, size_t npaths) LG_WARN_UNUSED;

/* Parses lock files on disk (includes are read from disk, relative to the
 * including file). Returns 0 with *out set; LG_EUNSUPPORTED for a file no
 * format reads; the parser's error for a malformed file. */
LG_EXTERN(int) lg_engine_deps(struct lg_deps **out, char *const *paths,
			     size_t npaths) LG_WARN_UNUSED;

#endif
