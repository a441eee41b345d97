/* SPDX-License-Identifier: MIT */
/* Lock files of two revisions (libgit2 lives only behind this header). */
#ifndef LG_INCLUDE_GITDIFF_H
#define LG_INCLUDE_GITDIFF_H

#include "lg/common.h"

/* One lock file path whose blob differs between the two sides. */
struct lg_gitdiff_file {
	char *path;
	char *old_data, *new_data; /* NULL when absent on that side */
	size_t old_len, new_len;
};

struct lg_gitdiff {
	struct lg_gitdiff_file *files;
	size_t nfiles, cap;
};

struct lg_gitdiff_options {
	const char *repo;       /* a path inside the work tree or the git dir */
	const char *base;       /* revision; never NULL */
	bool base_is_default;   /* an unresolvable default base is the empty tree */
	const char *head;       /* revision, ignored when staged */
	bool staged;            /* compare base with the index */
	const char *index_file; /* GIT_INDEX_FILE, or NULL for the repo's index */
	bool (*want_path)(const char *path); /* which paths are lock files */
};

/* Reads the lock files that differ between base and head (or the index).
 * Unchanged blobs are never read. Returns 0; LG_EUSAGE for a revision that
 * does not resolve; LG_ERROR for a full commit id absent from the clone
 * (shallow CI clones: the message says how to fetch it); LG_ENOTFOUND when repo is not a git repository;
 * LG_ETOOBIG past LG_MAX_LOCKFILE_BYTES or LG_MAX_LOCKFILES. */
LG_EXTERN(int) lg_gitdiff_collect(struct lg_gitdiff **out,
				 const struct lg_gitdiff_options *opts)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_gitdiff_free(struct lg_gitdiff *d);

/* The directory git runs hooks from: core.hooksPath (relative to the work
 * tree) when set, else $GIT_DIR/hooks (the common dir of a worktree).
 * *out is new (lg__free); the directory may not exist. Returns 0;
 * LG_ENOTFOUND when repo is not in a git repository. */
LG_EXTERN(int) lg_gitdiff_hooks_dir(char **out, const char *repo)
	LG_WARN_UNUSED;

#endif
