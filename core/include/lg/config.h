/* SPDX-License-Identifier: MIT */
/* Configuration: .lockgate.toml or [tool.lockgate] in pyproject.toml, a
 * pure function of bytes (through core/toml) to a struct. Keys are rows of
 * one table (name, type, setter, help); later keys are new rows. */
#ifndef LG_INCLUDE_CONFIG_H
#define LG_INCLUDE_CONFIG_H

#include "lg/buf.h"
#include "lg/common.h"
#include "lg/toml.h"

/* A per-rule severity override: [rules] "ID" = "SEV", or
 * [rules."ID"] severity = "SEV". The rule id is checked against the rule
 * table by lg_policy_validate (core/config knows no rules). */
struct lg_config_rule {
	char *rule;                /* rule id as written */
	enum lg_severity severity; /* the severity every finding of it gets */
	size_t line;               /* line in lg_config.origin */
};

/* A rule id or an id prefix "obf.*" in [rules] enable/disable. */
struct lg_config_pattern {
	char *pattern;
	size_t line;
};

/* One [[suppress]] entry: hides the findings of one rule on one package
 * version (and, with sha256, one artifact file) until it expires. */
struct lg_suppression {
	char *rule;     /* rule id (checked by lg_policy_validate) */
	char *package;  /* PEP 503 canonical name */
	char *version;  /* as the lock pins it, compared as a string */
	char *sha256;   /* lower-case hex of the artifact, or NULL: any file */
	char *reason;   /* non-empty */
	char *expires_text; /* the expiry as written, or NULL: never */
	int64_t expires;    /* Unix time (UTC) it stops at: a date expires at
			     * the end of that day (UTC), a date-time at that
			     * instant (a local one read as UTC) */
	size_t line;    /* line of the [[suppress]] header */
};

/* Everything the configuration file sets. The engine receives it through
 * lg_engine_options.config and the policy through lg_policy.config; later
 * issues read their keys here. Ownership: owns every string and array;
 * lg_config_dispose frees them. Start from LG_CONFIG_INIT (the defaults). */
struct lg_config {
	char **include; /* path globs: only matching paths are discovered */
	size_t ninclude;
	char **exclude; /* path globs never discovered */
	size_t nexclude;

	char *origin;   /* the file read (findings about it name it), or NULL */

	/* Policy (the CLI wins: --fail-on, --warn-only). */
	bool has_fail_on;
	enum lg_severity fail_on; /* fail-on: block at this and above */
	bool has_warn_only;
	bool warn_only;           /* warn-only: a block exits 0 */
	struct lg_config_rule *rules; /* [rules] overrides, in file order */
	size_t nrules;
	struct lg_config_pattern *enable, *disable; /* [rules] enable/disable */
	size_t nenable, ndisable;
	struct lg_suppression *suppress; /* [[suppress]], in file order */
	size_t nsuppress;

	/* Fetching (the CLI wins: --cache-dir, --jobs). */
	char *cache_dir; /* cache-dir as written; NULL: unset (cmd/ resolves
			  * a relative one against the file's directory) */
	unsigned jobs;   /* jobs: parallel downloads 1..LG_MAX_JOBS; 0: unset */

	/* Lock policy (issue 7 consumes these; lockgate only stores them). */
	char **allowed_index_hosts; /* lower-case host[:port]; none: any */
	size_t nallowed_index_hosts;
	int64_t cooldown_days;      /* cooldown-days, default
				     * LG_CONFIG_COOLDOWN_DAYS */
	char **cooldown_exempt;     /* canonical package names */
	size_t ncooldown_exempt;

	/* Provenance (issue 8 consumes these). */
	char **provenance_require;  /* [provenance] require: canonical names */
	size_t nprovenance_require;
	bool provenance_require_all; /* [provenance] require-all */
	char **trusted_publishers;  /* [provenance] trusted-publishers */
	size_t ntrusted_publishers;
};

#define LG_CONFIG_COOLDOWN_DAYS 2
#define LG_CONFIG_INIT {.cooldown_days = LG_CONFIG_COOLDOWN_DAYS}

enum lg_config_type {
	LG_CONFIG_STRING_LIST, /* array of strings */
	LG_CONFIG_STRING,
	LG_CONFIG_BOOL,
	LG_CONFIG_INTEGER,
	LG_CONFIG_TABLE,
	LG_CONFIG_TABLE_LIST,  /* array of tables ([[suppress]]) */
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
 * an earlier read; values are replaced; on success cfg->origin becomes
 * origin; on failure the caller disposes cfg). pyproject: the keys live in the
 * [tool.lockgate] table (absent: nothing is set); otherwise at the top
 * level (.lockgate.toml). Returns 0; LG_EINVALID for invalid TOML, an
 * unknown key or a bad value, with "origin:line: ..." set; LG_ETOOBIG
 * past LG_MAX_CONFIG_BYTES or LG_MAX_CONFIG_GLOBS; LG_ENOMEM. */
LG_EXTERN(int) lg_config_parse(struct lg_config *cfg, const char *buf,
			      size_t len, const char *origin, bool pyproject)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_config_dispose(struct lg_config *cfg);

/* Appends the configuration as a TOML document every key of the table
 * has a line in (unset keys as comments with their default), so a user
 * sees what lockgate will use. Strings are escaped as TOML basic strings.
 * Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_config_render(struct lg_buf *out, const struct lg_config *cfg)
	LG_WARN_UNUSED;

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
