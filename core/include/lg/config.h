/* SPDX-License-Identifier: MIT */
/* Configuration: .lockgate.toml or [tool.lockgate] in pyproject.toml, a
 * pure function of bytes (through core/toml) to a struct. Keys are rows of
 * one table (name, type, setter, help); later keys are new rows. */
#ifndef LG_INCLUDE_CONFIG_H
#define LG_INCLUDE_CONFIG_H

#include "lg/common.h"
#include "lg/toml.h"

struct lg_config {
	char **include; /* path globs: only matching paths are discovered */
	size_t ninclude;
	char **exclude; /* path globs never discovered */
	size_t nexclude;
};

#define LG_CONFIG_INIT {NULL, 0, NULL, 0}

enum lg_config_type {
	LG_CONFIG_STRING_LIST, /* array of strings */
};

struct lg_config_key {
	const char *name; /* table sorted by name */
	enum lg_config_type type;
	/* Stores the value (type already checked). Returns 0, LG_EINVALID
	 * (error set, naming origin and line), LG_ETOOBIG, LG_ENOMEM. */
	int (*set)(struct lg_config *cfg, const struct lg_toml_node *value,
		   const char *origin, size_t line);
	const char *help;
};

/* Reads configuration into cfg (which starts as LG_CONFIG_INIT or from
 * an earlier read; values are replaced). pyproject: the keys live in the
 * [tool.lockgate] table (absent: nothing is set); otherwise at the top
 * level (.lockgate.toml). Returns 0; LG_EINVALID for invalid TOML, an
 * unknown key or a bad value, with "origin:line: ..." set; LG_ETOOBIG
 * past LG_MAX_CONFIG_BYTES or LG_MAX_CONFIG_GLOBS; LG_ENOMEM. */
LG_EXTERN(int) lg_config_parse(struct lg_config *cfg, const char *buf,
			      size_t len, const char *origin, bool pyproject)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_config_dispose(struct lg_config *cfg);

/* The key table. Ownership: borrowed, static. */
LG_EXTERN(size_t) lg_config_key_count(void);
LG_EXTERN(const struct lg_config_key *) lg_config_key_at(size_t i);
/* 0 when the key table and the vendored-directory table are sorted and
 * unique, else LG_EINVALID (for tests). */
LG_EXTERN(int) lg_config_selfcheck(void) LG_WARN_UNUSED;

/* gitignore-like match of a '/'-separated path relative to the repository
 * root: '*', '?' and '[...]' stay inside one part; a "**" part matches
 * any number of parts; a pattern without '/' (but a trailing one) matches
 * a part at any depth; a leading '/' or an inner '/' anchors it at the
 * root; a trailing '/' matches directories only; a pattern that matches a
 * directory matches everything below it. */
LG_EXTERN(bool) lg_config_glob_match(const char *pattern, const char *path);

/* Whether a part of path names a vendored or generated tree lockgate
 * skips by default (vendor/, _vendor/, third_party/, node_modules/,
 * .venv/, venv/, .tox/, .nox/, site-packages/, .git/, __pypackages__/...). */
LG_EXTERN(bool) lg_config_path_vendored(const char *path);

/* Whether discovery looks at path. named: its name is a lock file name.
 * With include globs, a path must match one (any name; its format is then
 * judged by content) and vendored trees are not skipped; without, a path
 * must be named and outside vendored trees. A path matching an exclude
 * glob is never looked at. cfg may be NULL (defaults). */
LG_EXTERN(bool) lg_config_selects(const struct lg_config *cfg,
				  const char *path, bool named);

#endif
