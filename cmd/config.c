/* SPDX-License-Identifier: MIT */
/* Where lockgate check/diff read their configuration: --config FILE, else
 * the work tree of --repo: .lockgate.toml, else pyproject.toml's
 * [tool.lockgate]. And what the configuration sets that the command line
 * did not (precedence: command line > configuration > default). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/config.h"
#include "lg/engine.h"
#include "lg/errors.h"
#include "lg/gitdiff.h"
#include "lg/limits.h"
#include "lg/policy.h"

static bool is_pyproject(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strcmp(slash ? slash + 1 : path, "pyproject.toml") == 0;
}

/* A relative cache-dir is relative to the directory of the file at path. */
static int resolve_cache_dir(struct lg_config *cfg, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *joined = NULL;

	if (!cfg->cache_dir || cfg->cache_dir[0] == '/' || !slash)
		return 0;
	if (asprintf(&joined, "%.*s/%s", (int)(slash - path), path,
		     cfg->cache_dir) < 0)
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
	lg__free(cfg->cache_dir);
	cfg->cache_dir = lg__strdup(joined);
	free(joined);
	return cfg->cache_dir ? 0 : lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
}

/* Reads path into cfg; messages and findings name it as shown. Returns 0,
 * 1 when absent (and !required), or LG_EXIT_USAGE after printing the
 * problem. */
static int read_one(struct lg_config *cfg, const char *path, const char *shown,
		    bool required)
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
		error = lg_config_parse(cfg, b.ptr, b.len, shown, pyproject);
	if (!error)
		error = lg_policy_validate(cfg);
	if (error < 0)
		rc = lg_cmd_fail(LG_EXIT_USAGE, error == LG_ENOTFOUND
						? "configuration file not found"
						: lg_error_last()->message);
	else
		rc = resolve_cache_dir(cfg, path);
done:
	lg_buf_dispose(&b);
	return rc;
}

/* <wd><name>, read and named "<name>" (relative to the work tree). */
static int read_in_tree(struct lg_config *cfg, const char *wd, const char *name)
{
	char *path = NULL;
	int rc;

	if (asprintf(&path, "%s%s", wd, name) < 0)
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
	rc = read_one(cfg, path, name, false);
	free(path);
	return rc;
}

int lg_cmd_load_config(struct lg_config *cfg, const char *file,
		       const char *repo)
{
	char *wd = NULL;
	int rc;

	if (file)
		return read_one(cfg, file, file, true);
	if (lg_gitdiff_workdir(&wd, repo) < 0) {
		lg_error_clear(); /* check reports the repository itself */
		return 0;
	}
	rc = read_in_tree(cfg, wd, ".lockgate.toml");
	if (rc == 1)
		rc = read_in_tree(cfg, wd, "pyproject.toml");
	lg__free(wd);
	return rc == 1 ? 0 : rc;
}

/* LOCKGATE_TODAY=YYYY-MM-DD (tests: the start of that day, UTC), else the
 * clock. */
static int now(int64_t *out)
{
	const char *today = getenv("LOCKGATE_TODAY");
	struct tm tm = {0};
	char *end;

	if (!today || !*today) {
		*out = (int64_t)time(NULL);
		return 0;
	}
	end = strptime(today, "%Y-%m-%d", &tm);
	if (!end || *end) {
		fprintf(stderr, "lockgate: LOCKGATE_TODAY must be a date "
				"(YYYY-MM-DD)\n");
		return LG_EXIT_USAGE;
	}
	*out = (int64_t)timegm(&tm);
	return 0;
}

int lg_cmd_config_options(struct lg_engine_options *eo,
			  struct lg_policy_args *pol, bool cli_cache_dir,
			  const struct lg_config *cfg)
{
	if (!pol->fail_on && cfg->has_fail_on)
		eo->policy.fail_on = cfg->fail_on;
	if (cfg->has_warn_only && cfg->warn_only)
		pol->warn_only = true;
	if (!cli_cache_dir && cfg->cache_dir)
		eo->cache_dir = cfg->cache_dir;
	if (cfg->jobs && !eo->jobs) /* a --jobs already in eo wins */
		eo->jobs = cfg->jobs;
	eo->config = cfg;
	eo->policy.config = cfg;
	return now(&eo->policy.now);
}
