/* SPDX-License-Identifier: MIT */
/* Plain data shared by every stage: lock entries, findings, results. */
#ifndef LG_INCLUDE_MODEL_H
#define LG_INCLUDE_MODEL_H

#include "lg/common.h"

/* ---- lock entries ------------------------------------------------------ */

/* Where a locked package comes from (the kinds lock files name). */
enum lg_source_kind {
	LG_SOURCE_REGISTRY = 0, /* an index (PyPI or source_url) */
	LG_SOURCE_URL,          /* a direct archive URL */
	LG_SOURCE_VCS,          /* git/hg/svn/bzr URL (+ ref) */
	LG_SOURCE_PATH,         /* a local file or directory */
	LG_SOURCE_EDITABLE,     /* an editable install of any target */
	LG_SOURCE_UNKNOWN,      /* the file does not say */
};
/* "registry", "url", "vcs", "path", "editable", "unknown". */
LG_EXTERN(const char *) lg_source_kind_name(enum lg_source_kind kind);

/* One file a lock entry pins (uv, poetry, pdm, pylock list them). */
struct lg_pkg_file {
	char *name;   /* file name ("x-1.0-py3-none-any.whl"), or NULL */
	char *url;    /* where the lock says it is, or NULL */
	char *sha256; /* lower-case hex, or NULL when the lock has none */
	uint64_t size;     /* bytes, 0 when the lock does not say (uv, pylock) */
	char *upload_time; /* as the lock writes it (uv, pylock), or NULL */
};

/* One pinned (or unpinned) requirement read from a lock file. */
struct lg_pkg {
	char *name;      /* PEP 503 canonical name; NULL when the file names
			  * no project (a bare directory or VCS URL) */
	char *version;   /* the pin as written; NULL when not pinned */
	char *spec;      /* raw specifier or requirement text ("" if none) */
	char **hashes;   /* "sha256:<hex>" etc., lower-case hex, sorted, unique */
	size_t nhashes;
	size_t line;     /* 1-based line of the declaration */
	char *file;      /* file of the declaration when an include brought
			  * it in; NULL: the lock file itself */
	enum lg_source_kind source;
	char *source_url; /* index, VCS URL (with @ref), URL or path; NULL for
			   * the default index */
	struct lg_pkg_file *files; /* files the lock names (may be none) */
	size_t nfiles;
	char *markers;   /* environment markers as written, or NULL */
	/* requirements files: pip options in effect for this entry (the
	 * first of each, from any file of the parse), or NULL */
	char *extra_index;  /* --extra-index-url (the first) */
	/* every --extra-index-url, in order (extra_indexes[0] is
	 * extra_index), at most LG_MAX_EXTRA_INDEXES */
	char **extra_indexes;
	size_t nextra_indexes;
	char *trusted_host; /* --trusted-host */
};
/* All entries of one lock file. Ownership: owns every string. */
struct lg_pkgset {
	char *origin; /* path of the lock file in the repository */
	struct lg_pkg *pkgs;
	size_t npkgs, cap;
};

LG_EXTERN(int) lg_pkgset_new(struct lg_pkgset **out, const char *origin)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_pkgset_free(struct lg_pkgset *set);
/* Steals the strings of pkg (also on failure). */
LG_EXTERN(int) lg_pkgset_add_new(struct lg_pkgset *set, struct lg_pkg *pkg)
	LG_WARN_UNUSED;
/* Adds a hash ("algo:hex", copied, lower-cased) unless pkg has it; keeps
 * pkg->hashes sorted. Returns 0, LG_ETOOBIG (LG_MAX_HASHES_PER_PACKAGE),
 * LG_ENOMEM. */
LG_EXTERN(int) lg_pkg_add_hash(struct lg_pkg *pkg, const char *algo_hex,
			       size_t len) LG_WARN_UNUSED;
/* Appends a file (strings copied; any may be NULL) and, when sha256 is
 * set, its "sha256:<hex>" to the hashes. */
/* Sets the size and upload time (copied; NULL: none) the lock gives for
 * the last file added to pkg. */
LG_EXTERN(int) lg_pkg_file_meta(struct lg_pkg *pkg, uint64_t size,
				const char *upload_time) LG_WARN_UNUSED;
LG_EXTERN(int) lg_pkg_add_file(struct lg_pkg *pkg, const char *name,
			       const char *url, const char *sha256)
	LG_WARN_UNUSED;
/* Sorts set by (name, version, source) and merges entries equal in all
 * three, uniting their hashes and files (the first line is kept). */
LG_EXTERN(int) lg_pkgset_normalize(struct lg_pkgset *set) LG_WARN_UNUSED;
/* Appends copies of every entry of src; entries without a file get
 * src->origin as their file. */
LG_EXTERN(int) lg_pkgset_append(struct lg_pkgset *dst,
				const struct lg_pkgset *src) LG_WARN_UNUSED;
/* Entry by canonical name, or NULL. Ownership: borrowed. */
LG_EXTERN(const struct lg_pkg *)
lg_pkgset_find(const struct lg_pkgset *set, const char *name);
LG_EXTERN(void) lg_pkg_dispose(struct lg_pkg *pkg);

/* PEP 503 normalisation into out (lower-case, runs of -_. become '-').
 * Returns 0, or LG_EINVALID when name is not a valid project name. */
LG_EXTERN(int) lg_name_canonical(char **out, const char *name, size_t len)
	LG_WARN_UNUSED;

/* Parsed lock files, as `lockgate deps` shows them. */
struct lg_deps {
	struct lg_pkgset **sets;
	const char **formats; /* format name of each set (static) */
	size_t n;
};
LG_EXTERN(void) lg_deps_free(struct lg_deps *d);

/* Canonical project name of an artifact file (a path or a file name):
 * `name-version-tags.whl`, or an sdist `name-version.tar.gz` (.zip,
 * .tar.bz2, .tar.xz, .tgz), PEP 625 or legacy. Returns 0 with *out new
 * (lg__free);
 * LG_ENOTFOUND (no error set) when the name is not an artifact's;
 * LG_EINVALID when the name part is not a project name. */
LG_EXTERN(int) lg_name_from_artifact(char **out, const char *file)
	LG_WARN_UNUSED;

/* ---- changes between two revisions ------------------------------------- */

enum lg_change_kind {
	LG_CHANGE_ADDED,
	LG_CHANGE_UPGRADED,
	LG_CHANGE_DOWNGRADED,
	LG_CHANGE_REHASHED,
	LG_CHANGE_REMOVED,
	LG_CHANGE_SOURCE_CHANGED, /* same name, another index/URL/kind */
};
LG_EXTERN(const char *) lg_change_kind_name(enum lg_change_kind kind);

struct lg_change {
	char *lockfile;
	size_t line;            /* line in the new lock file (old for removed) */
	char *name;             /* NULL for a requirement naming no project */
	char *old_version;      /* NULL when added */
	char *new_version;      /* NULL when removed or unpinned */
	enum lg_change_kind kind;
	const struct lg_pkg *pkg; /* borrowed from the new pkgset; NULL if removed */
	const struct lg_pkg *old_pkg; /* borrowed from the old pkgset; NULL if added */
};

/* ---- findings ------------------------------------------------------------ */

struct lg_finding {
	const char *rule;            /* static id from a rule table */
	enum lg_severity severity;
	char *package, *version;     /* NULL when not about a package */
	char *file;                  /* artifact file name */
	char *path;                  /* path inside the artifact */
	size_t line;                 /* line inside path, 0 if none */
	char *message;
	char *lockfile;              /* lock file that brought the package in */
	size_t lockfile_line;
	/* Findings in lg_result.suppressed only: the [[suppress]] entry's
	 * reason and "file:line". NULL elsewhere. */
	char *suppressed_by, *suppressed_at;
};

struct lg_findings {
	struct lg_finding *v;
	size_t n, cap;
};

#define LG_FINDINGS_INIT {NULL, 0, 0}
/* Appends a finding with path, line and a formatted message. */
LG_EXTERN(int) lg_findings_add(struct lg_findings *f, const char *rule,
			      enum lg_severity sev, const char *path,
			      size_t line, const char *fmt, ...)
	LG_PRINTF(6, 7) LG_WARN_UNUSED;
/* Fills the package context of findings [from, n) that have none yet. */
LG_EXTERN(int) lg_findings_set_context(struct lg_findings *f, size_t from,
				      const char *package, const char *version,
				      const char *file, const char *lockfile,
				      size_t lockfile_line) LG_WARN_UNUSED;
LG_EXTERN(void) lg_findings_dispose(struct lg_findings *f);
/* Appends *x, stealing its strings (also on failure, when they are freed);
 * *x is zeroed. Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_findings_take(struct lg_findings *f, struct lg_finding *x)
	LG_WARN_UNUSED;
/* Frees the strings of one finding and zeroes it. */
LG_EXTERN(void) lg_finding_dispose(struct lg_finding *x);
/* Highest severity among findings [from, n), or -1 when none. */
LG_EXTERN(int) lg_findings_max_severity(const struct lg_findings *f,
				       size_t from);

/* ---- a run's result ------------------------------------------------------ */

enum lg_verdict {
	LG_VERDICT_PASS = 0,
	LG_VERDICT_BLOCK,
	LG_VERDICT_INCOMPLETE,
	LG_VERDICT_WARN, /* artifacts only: a medium finding, not blocking */
};
LG_EXTERN(const char *) lg_verdict_name(enum lg_verdict v);

struct lg_artifact {
	char *package, *version;
	char *file;         /* file name (index) or path (scan) */
	char *sha256;       /* hex of the bytes read, NULL if never read; for
			     * a lazy read, the index digest the lock pins */
	enum lg_verdict verdict;
	bool lazy;          /* only some members were read, by range requests */
};

struct lg_run_error {
	char *package; /* NULL when not about one package */
	char *message;
};

struct lg_result {
	struct lg_change *changes;
	size_t nchanges, changes_cap;
	struct lg_artifact *artifacts;
	size_t nartifacts, artifacts_cap;
	struct lg_findings findings;
	/* Findings a [[suppress]] entry hid (suppressed_by set): reported,
	 * never counted in a verdict. */
	struct lg_findings suppressed;
	size_t ndisabled; /* findings of rules the configuration disables */
	struct lg_run_error *errors;
	size_t nerrors, errors_cap;
	enum lg_verdict verdict;
};

LG_EXTERN(int) lg_result_new(struct lg_result **out) LG_WARN_UNUSED;
LG_EXTERN(void) lg_result_free(struct lg_result *r);
/* Records an error that makes the run incomplete (copies the strings). */
LG_EXTERN(int) lg_result_add_error(struct lg_result *r, const char *package,
				  const char *fmt, ...) LG_PRINTF(3, 4)
	LG_WARN_UNUSED;
/* Appends an artifact (copies the strings); *index_out gets its index. */
LG_EXTERN(int) lg_result_add_artifact(struct lg_result *r, size_t *index_out,
				     const char *package, const char *version,
				     const char *file) LG_WARN_UNUSED;
/* Appends a change; copies the strings. */
LG_EXTERN(int) lg_result_add_change(struct lg_result *r,
				   const struct lg_change *c) LG_WARN_UNUSED;

#endif
