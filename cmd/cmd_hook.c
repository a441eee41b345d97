/* SPDX-License-Identifier: MIT */
/* lockgate install-hook: writes hooks/pre-commit (or pre-push) into the
 * directory git runs hooks from (core.hooksPath or .git/hooks). Our own
 * hook (marked "lockgate-hook: NAME") is rewritten in place, so running it
 * twice is harmless; a foreign hook is left alone unless --force, which
 * keeps it as NAME.lockgate-saved. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "lg/errors.h"
#include "lg/gitdiff.h"

extern const unsigned char lg_hook_pre_commit[];
extern const unsigned char lg_hook_pre_push[];

#define LG_MAX_HOOK_BYTES (1u << 20) /* an existing hook read for the marker */

static const char hook_usage[] =
	"usage: lockgate install-hook [--repo DIR] [--pre-commit | --pre-push] "
	"[--force]\n\n"
	"Writes lockgate's git hook into the repository's hooks directory "
	"(core.hooksPath\nwhen set, else .git/hooks). pre-commit (the default) "
	"runs `lockgate check\n--staged` when a lock or requirements file is "
	"staged; pre-push checks each\npushed range that changes one. An "
	"existing hook that lockgate did not write is\nkept unless --force "
	"(it is then saved as HOOK.lockgate-saved).";

/* Whether the file at path is a hook lockgate wrote (1), foreign (0),
 * absent (-1). */
static int ours(const char *path, const char *name)
{
	char buf[4096], marker[64];
	FILE *f = fopen(path, "r");
	bool found = false;

	if (!f)
		return errno == ENOENT ? -1 : 0;
	snprintf(marker, sizeof(marker), "# lockgate-hook: %s", name);
	for (int lines = 0; lines < 8 && fgets(buf, sizeof(buf), f); lines++)
		found |= strncmp(buf, marker, strlen(marker)) == 0;
	fclose(f);
	return found;
}

static int mkdirs(const char *dir)
{
	char *p = strdup(dir);
	int rc = 0;

	if (!p)
		return -1;
	for (char *s = p + 1; *s && !rc; s++)
		if (*s == '/') {
			*s = '\0';
			rc = mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
			*s = '/';
		}
	if (!rc && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* Writes the hook to a temporary file beside it, then renames it over. */
static int write_hook(const char *path, const unsigned char *text)
{
	char *tmp = NULL;
	size_t len = strlen((const char *)text);
	FILE *f;
	int rc = -1;

	if (asprintf(&tmp, "%s.lockgate-tmp", path) < 0)
		return -1;
	if ((f = fopen(tmp, "w"))) {
		rc = fwrite(text, 1, len, f) == len ? 0 : -1;
		rc |= fclose(f) != 0 ? -1 : 0;
	}
	if (!rc)
		rc = chmod(tmp, 0755) < 0 || rename(tmp, path) < 0 ? -1 : 0;
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int install(const char *repo, const char *name, const unsigned char *text,
		   bool force)
{
	char *dir = NULL, *path = NULL, *saved = NULL;
	int rc = LG_EXIT_INCOMPLETE, state;

	if (lg_gitdiff_hooks_dir(&dir, repo) < 0) {
		rc = lg_cmd_fail(LG_EXIT_USAGE, lg_error_last()->message);
		goto done;
	}
	if (asprintf(&path, "%s/%s", dir, name) < 0 ||
	    asprintf(&saved, "%s.lockgate-saved", path) < 0)
		goto done;
	state = ours(path, name);
	if (state == 0 && !force) {
		fprintf(stderr, "lockgate: %s exists and was not written by lockgate; "
				"add lockgate to it by hand, or use --force (it is then "
				"kept as %s)\n", path, saved);
		rc = LG_EXIT_USAGE;
		goto done;
	}
	if (mkdirs(dir) < 0 || (state == 0 && rename(path, saved) < 0) ||
	    write_hook(path, text) < 0) {
		fprintf(stderr, "lockgate: error: cannot write %s: %s\n", path, strerror(errno));
		goto done;
	}
	printf("lockgate: %s %s%s%s\n", state == 1 ? "updated" : "installed", path,
	       state == 0 ? "; the previous hook is " : "", state == 0 ? saved : "");
	rc = LG_EXIT_PASS;
done:
	lg__free(dir);
	free(path);
	free(saved);
	return rc;
}

int cmd_install_hook(int argc, char **argv)
{
	const char *repo = NULL;
	bool pre_commit = false, pre_push = false, force = false;
	const struct lg_opt_spec opts[] = {
		{"repo", LG_OPT_VALUE, &repo, "DIR", "repository (default: .)", NULL},
		{"pre-commit", LG_OPT_FLAG, &pre_commit, NULL,
		 "install the pre-commit hook (default)", NULL},
		{"pre-push", LG_OPT_FLAG, &pre_push, NULL, "install the pre-push hook", NULL},
		{"force", LG_OPT_FLAG, &force, NULL,
		 "replace a hook lockgate did not write (kept as HOOK.lockgate-saved)",
		 NULL},
	};
	size_t npos;
	int rc;

	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, NULL, 0, &npos,
			  hook_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if (pre_commit && pre_push) {
		fprintf(stderr, "lockgate: --pre-commit and --pre-push exclude each other "
				"(run install-hook once for each)\n");
		return LG_EXIT_USAGE;
	}
	return pre_push ? install(repo, "pre-push", lg_hook_pre_push, force)
			: install(repo, "pre-commit", lg_hook_pre_commit, force);
}
