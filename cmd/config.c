/* SPDX-License-Identifier: MIT */
/* Where lockgate check/diff read their configuration: --config FILE, else
 * the work tree of --repo: .lockgate.toml, else pyproject.toml's
 * [tool.lockgate]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/config.h"
#include "lg/errors.h"
#include "lg/gitdiff.h"
#include "lg/limits.h"

static bool is_pyproject(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strcmp(slash ? slash + 1 : path, "pyproject.toml") == 0;
}

/* Reads path into cfg. Returns 0, 1 when absent (and !required), or
 * LG_EXIT_USAGE after printing the problem. */
static int read_one(struct lg_config *cfg, const char *path, bool required)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_CONFIG_BYTES);
	bool pyproject = is_pyproject(path);
	int error, rc = 0;

	error = lg_fs_read_file(&b, path, LG_MAX_CONFIG_BYTES);
	if (error == LG_ENOTFOUND && !required) {
		lg_error_clear();
		rc = 1;
		goto done;
	}
	/* A pyproject.toml that never mentions us is not our configuration,
	 * even when lockgate's TOML reader refuses it. */
	if (!error && pyproject && !required &&
	    !memmem(b.ptr, b.len, "lockgate", 8))
		goto done;
	if (!error)
		error = lg_config_parse(cfg, b.ptr, b.len, path, pyproject);
	if (error < 0)
		rc = lg_cmd_fail(LG_EXIT_USAGE, error == LG_ENOTFOUND
						? "configuration file not found"
						: lg_error_last()->message);
done:
	lg_buf_dispose(&b);
	return rc;
}

int lg_cmd_load_config(struct lg_config *cfg, const char *file,
		       const char *repo)
{
	char *wd = NULL, *path = NULL;
	int rc;

	if (file)
		return read_one(cfg, file, true);
	if (lg_gitdiff_workdir(&wd, repo) < 0) {
		lg_error_clear(); /* check reports the repository itself */
		return 0;
	}
	if (asprintf(&path, "%s.lockgate.toml", wd) < 0) {
		lg__free(wd);
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
	}
	rc = read_one(cfg, path, false);
	free(path);
	path = NULL;
	if (rc == 1) {
		rc = asprintf(&path, "%spyproject.toml", wd) < 0
			     ? lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory")
			     : read_one(cfg, path, false);
		free(path);
	}
	lg__free(wd);
	return rc == 1 ? 0 : rc;
}
