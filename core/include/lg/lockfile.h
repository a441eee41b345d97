/* SPDX-License-Identifier: MIT */
/* Lock and requirements file parsers: pure functions of bytes. */
#ifndef LG_INCLUDE_LOCKFILE_H
#define LG_INCLUDE_LOCKFILE_H

#include "lg/buf.h"
#include "lg/model.h"

/* How a parser reads the files a lock file includes (requirements -r/-c),
 * from the same revision. read() fills out with the bytes of path (a
 * normalised path relative to the repository root, '/'-separated) and
 * returns 0, LG_ENOTFOUND when there is no such file, or another error. */
struct lg_lockfile_io {
	int (*read)(struct lg_buf *out, const char *path, void *payload);
	void *payload;
	/* Environment for requirements files' ${VAR} (pip expands
	 * ${NAME} with NAME of A-Z, 0-9 and _; an unset one stays as
	 * written). NULL: nothing is expanded. The caller (cmd/) decides
	 * where values come from: core never reads the environment. */
	const char *(*env)(const char *name, void *env_payload);
	void *env_payload;
};

struct lg_lockfile_format {
	const char *name;                      /* "requirements" */
	bool (*match_path)(const char *path);  /* cheap bid on the path */
	/* Pure parser; io may be NULL (includes are then not followed). The
	 * set is normalised: sorted by (name, version, source), one entry
	 * for each, hashes and files united. */
	int (*parse)(struct lg_pkgset **out, struct lg_findings *findings,
		     const char *buf, size_t len, const char *origin,
		     const struct lg_lockfile_io *io);
};

/* Removes "." and "x/.." parts and doubled slashes of a '/'-separated
 * path in place; a ".." above the start stays (no reader finds it). */
LG_EXTERN(int) lg_lockfile_path_normalize(struct lg_buf *path) LG_WARN_UNUSED;

/* The format that reads path, or NULL. Ownership: borrowed, static. */
LG_EXTERN(const struct lg_lockfile_format *)
lg_lockfile_format_for_path(const char *path);

/* The format of a file a user names: by path, else by content (a JSON
 * object with "_meta" is a Pipfile.lock; any other .txt or .in file is a
 * requirements file; a *.lock file is poetry, pdm, uv or pylock by its
 * TOML keys, or requirements when every line has a requirement's shape
 * and one pins with ==), or NULL. */
LG_EXTERN(const struct lg_lockfile_format *)
lg_lockfile_format_detect(const char *path, const char *buf, size_t len);
/* Whether discovery reads path, by its name alone: a known lock name, any
 * "*.lock" (its format is then judged by content; unknown content is not
 * a lock file) or "pyproject.toml". */
LG_EXTERN(bool) lg_lockfile_discoverable(const char *path);
/* The format by name ("requirements", "pipfile", ...), or NULL. */
LG_EXTERN(const struct lg_lockfile_format *)
lg_lockfile_format_by_name(const char *name);

/* Parses a requirements file as pip reads it (-r and -c includes through
 * io, relative to origin's directory, each file once per chain; -i and
 * other options add no entries). A -c constraints file adds no entry: its
 * "name==version" pins a registry requirement that names no version
 * (version, and hashes when the requirement has none), and the entry then
 * points at the constraint's file and line. Entries that cannot be checked
 * (unpinned, URL, path, editable) keep version NULL; the check engine
 * reports them. */
LG_EXTERN(int) lg_lockfile_parse_requirements(struct lg_pkgset **out,
					     struct lg_findings *findings,
					     const char *buf, size_t len,
					     const char *origin,
					     const struct lg_lockfile_io *io)
	LG_WARN_UNUSED;
/* The TOML formats (core/toml): poetry.lock (lock-version 1.x/2.x and the
 * unversioned form), uv.lock (version 1, [[package]] or [[distribution]]),
 * pdm.lock (0.1 to 4.5, and 2020 files) and pylock.toml (PEP 751). */
LG_EXTERN(int) lg_lockfile_parse_poetry(struct lg_pkgset **out,
				       struct lg_findings *findings,
				       const char *buf, size_t len,
				       const char *origin,
				       const struct lg_lockfile_io *io)
	LG_WARN_UNUSED;
LG_EXTERN(int) lg_lockfile_parse_uv(struct lg_pkgset **out,
				   struct lg_findings *findings,
				   const char *buf, size_t len, const char *origin,
				   const struct lg_lockfile_io *io) LG_WARN_UNUSED;
LG_EXTERN(int) lg_lockfile_parse_pdm(struct lg_pkgset **out,
				    struct lg_findings *findings,
				    const char *buf, size_t len, const char *origin,
				    const struct lg_lockfile_io *io) LG_WARN_UNUSED;
LG_EXTERN(int) lg_lockfile_parse_pylock(struct lg_pkgset **out,
				       struct lg_findings *findings,
				       const char *buf, size_t len,
				       const char *origin,
				       const struct lg_lockfile_io *io)
	LG_WARN_UNUSED;
/* Pipfile.lock (JSON; every object-valued top-level key but _meta is a
 * section). */
LG_EXTERN(int) lg_lockfile_parse_pipfile(struct lg_pkgset **out,
					struct lg_findings *findings,
					const char *buf, size_t len,
					const char *origin,
					const struct lg_lockfile_io *io)
	LG_WARN_UNUSED;

/* What a pyproject.toml asks pip to install. */
enum lg_pyproject_kind {
	LG_PYPROJECT_DEPENDENCY, /* [project].dependencies */
	LG_PYPROJECT_OPTIONAL,   /* [project.optional-dependencies].<extra> */
	LG_PYPROJECT_BUILD,      /* [build-system].requires */
};

struct lg_pyproject_req {
	char *name;  /* PEP 503 canonical, or NULL when the text names none */
	char *text;  /* the requirement as written */
	size_t line;
	enum lg_pyproject_kind kind;
};

struct lg_pyproject {
	char *name; /* [project].name, canonical, or NULL */
	bool has_build_system;
	struct lg_pyproject_req *reqs;
	size_t n, cap;
};

/* Reads the requirements of a pyproject.toml (core/toml). Ownership: *out
 * is new (lg_pyproject_free). Returns 0; LG_EINVALID for invalid TOML or
 * a requirement list that is not an array of strings ("origin:line:");
 * LG_ETOOBIG past LG_MAX_LOCKFILE_PACKAGES; LG_ENOMEM. */
LG_EXTERN(int) lg_lockfile_parse_pyproject(struct lg_pyproject **out,
					  const char *buf, size_t len,
					  const char *origin) LG_WARN_UNUSED;
LG_EXTERN(void) lg_pyproject_free(struct lg_pyproject *pp);

/* Appends to r the changes between old and new (either may be NULL for a
 * lock file that was added or deleted). Unpinned entries are ignored. */
LG_EXTERN(int) lg_lockfile_diff(struct lg_result *r, const struct lg_pkgset *old,
			       const struct lg_pkgset *new_set) LG_WARN_UNUSED;

/* PEP 440-ish ordering of two version strings: <0, 0, >0. */
LG_EXTERN(int) lg_version_cmp(const char *a, const char *b);

#endif
