/* SPDX-License-Identifier: MIT */
#ifndef LG_ENGINE_PRIVATE_H
#define LG_ENGINE_PRIVATE_H

#include "lg/engine.h"

/* Where findings about one package come from. */
struct lg_engine_ctx {
	const char *package, *version;
	const char *lockfile;
	size_t lockfile_line;
	bool sdist_build; /* pip builds this sdist: report its build requires */
};

/* Walks the archive in buf and adds its findings; sets the verdict of
 * artifact (block or incomplete; pass is left as is). Only LG_ENOMEM is
 * returned as an error; anything else is recorded in r. */
int lg_engine__scan_artifact(struct lg_result *r, size_t artifact,
			     const struct lg_policy *policy, const char *buf,
			     size_t len, const struct lg_engine_ctx *ctx);

/* Reports what the changed pyproject.toml files of d ask pip to install
 * that no lock file of the new revision pins (lock.dep-not-locked), and
 * their build requirements (lock.build-requires-unpinned). io reads the
 * new revision. Returns 0 or LG_ENOMEM; a pyproject.toml that cannot be
 * read makes r incomplete. */
struct lg_gitdiff;
struct lg_lockfile_io;
int lg_engine__pyprojects(struct lg_result *r, const struct lg_gitdiff *d,
			  const struct lg_lockfile_io *io);

/* Reads every *.json file under dir (recursively, at most LG_MAX_OSV_DEPTH
 * deep and LG_MAX_OSV_FILES files; symlinks are not followed) into a new
 * OSV db. Returns 0; LG_ENOTFOUND when dir does not exist; the first
 * record's error otherwise (the file is named). */
struct lg_osv_db;
int lg_engine__load_malware_db(struct lg_osv_db **out, const char *dir);

#endif
