/* SPDX-License-Identifier: MIT */
#ifndef LG_ENGINE_PRIVATE_H
#define LG_ENGINE_PRIVATE_H

#include "lg/engine.h"

/* Where findings about one package come from. */
struct lg_engine_ctx {
	const char *package, *version;
	const char *lockfile;
	size_t lockfile_line;
};

/* Walks the archive in buf and adds its findings; sets the verdict of
 * artifact (block or incomplete; pass is left as is). Only LG_ENOMEM is
 * returned as an error; anything else is recorded in r. */
int lg_engine__scan_artifact(struct lg_result *r, size_t artifact,
			     const struct lg_policy *policy, const char *buf,
			     size_t len, const struct lg_engine_ctx *ctx);

#endif
