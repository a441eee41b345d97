/* SPDX-License-Identifier: MIT */
/* Lock files of two revisions (libgit2 lives only behind this header). */
#ifndef LG_INCLUDE_GITDIFF_H
#define LG_INCLUDE_GITDIFF_H

#include "lg/common.h"
#include "lg/lockfile.h"

/* One lock file path whose blob differs between the two sides. */
struct lg_gitdiff_file {
	char *path;
	char *old_data, *new_data; /* NULL when absent on that side */
	size_t old_len, new_len;
};

/* One side of the comparison, open for reading blobs by path. */
struct lg_gitdiff_side;

struct lg_gitdiff {
	struct lg_gitdiff_file *files; /* wanted paths whose blob differs */
	size_t nfiles, cap;
	char **head_paths; /* every wanted path on the new side, sorted */
	size_t nhead, head_cap;
	struct lg_gitdiff_side *old_side, *new_side; /* private */
};

struct lg_gitdiff_options {
	const char *repo;       /* a path inside the work tree or the git dir */
	const char *base;       /* revision; never NULL */
	bool base_is_default;   /* an unresolvable default base is the empty tree */
	const char *head;       /* revision, ignored when staged */
	bool staged;            /* compare base with the index */
	const char *index_file; /* GIT_INDEX_FILE, or NULL for the repo's index */
	/* Which paths are lock files (by name; content is judged later). */
	bool (*want_path)(const char *path, void *payload);
	void *want_payload;
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

/* A reader of any file of one side (old: the base tree; new: the head tree
 * or the index), for includes and for files that did not change. Its
 * read() returns LG_ENOTFOUND for a path the side does not have (or one
 * leaving the repository) and LG_ETOOBIG past LG_MAX_LOCKFILE_BYTES.
 * Valid while d lives. */
LG_EXTERN(void) lg_gitdiff_io(struct lg_lockfile_io *out,
			      const struct lg_gitdiff *d, bool new_side);

/* The top of the work tree of the repository at repo (NULL: "."), with a
 * trailing '/'. Ownership: *out is new (lg__free). Returns 0,
 * LG_ENOTFOUND (not a repository, or a bare one). */
LG_EXTERN(int) lg_gitdiff_workdir(char **out, const char *repo) LG_WARN_UNUSED;

#endif
