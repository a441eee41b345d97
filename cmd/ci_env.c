/* SPDX-License-Identifier: MIT */
/* The diff base a CI run implies, from its environment (cmd/ reads the
 * environment; core/ci parses the GitHub event payload). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/ci.h"
#include "lg/errors.h"
#include "lg/limits.h"

static bool env_is(const char *name, const char *value)
{
	const char *v = getenv(name);

	return v && !strcmp(v, value);
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Reads the event payload (capped) and asks core/ci for its base. */
static int github_base(char **base, const char **why)
{
	const char *path = env_nonempty("GITHUB_EVENT_PATH");
	struct lg_buf b = LG_BUF_INIT(LG_MAX_CI_EVENT_BYTES + 1);
	char chunk[65536];
	FILE *f;
	size_t n;
	int error;

	if (!path) {
		*why = "GITHUB_EVENT_PATH is not set";
		return 0;
	}
	if (!(f = fopen(path, "rb"))) {
		fprintf(stderr, "lockgate: error: cannot read GITHUB_EVENT_PATH '%s'\n", path);
		return LG_EXIT_INCOMPLETE;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !b.err)
		lg_buf_put(&b, chunk, n);
	error = ferror(f) ? LG_ERROR : 0;
	fclose(f);
	if (b.err == LG_ETOOBIG || (!b.err && !error))
		error = lg_ci_github_base(base, why, b.ptr, b.len);
	else
		lg_error_set(LG_ERRCLASS_OS, "cannot read '%s'", path);
	lg_buf_dispose(&b);
	if (error < 0 || b.err == LG_ETOOBIG)
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, b.err == LG_ETOOBIG
			? "the GitHub event payload is too large" : lg_error_last()->message);
	return 0;
}

static int gitlab_base(char **base, const char **why)
{
	const char *mr = env_nonempty("CI_MERGE_REQUEST_DIFF_BASE_SHA");
	const char *before = env_nonempty("CI_COMMIT_BEFORE_SHA");

	if (mr) {
		*why = "CI_MERGE_REQUEST_DIFF_BASE_SHA";
		*base = strdup(mr);
	} else if (before && !lg_ci_is_null_sha(before)) {
		*why = "CI_COMMIT_BEFORE_SHA";
		*base = strdup(before);
	} else {
		*why = before ? "CI_COMMIT_BEFORE_SHA is all zeros (a new branch)"
			      : "neither CI_MERGE_REQUEST_DIFF_BASE_SHA nor "
				"CI_COMMIT_BEFORE_SHA is set";
		return 0;
	}
	return *base ? 0 : lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
}

int lg_ci_detect_base(char **base, const char **why, bool *in_ci)
{
	char *b = NULL;
	int rc;

	*base = NULL;
	*why = "not in CI";
	*in_ci = true;
	if (env_is("GITHUB_ACTIONS", "true")) {
		if ((rc = github_base(&b, why)) != 0)
			return rc;
		if (b) { /* core's copy (lg__free) becomes a libc one for cmd */
			*base = strdup(b);
			lg__free(b);
			return *base ? 0 : lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
		}
		return 0;
	}
	if (env_is("GITLAB_CI", "true"))
		return gitlab_base(base, why);
	*in_ci = false;
	return 0;
}
