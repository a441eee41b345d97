/* SPDX-License-Identifier: MIT */
/* lockgate check: parse options, call lg_engine_check, render, exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/errors.h"

static const char check_usage[] =
	"usage: lockgate check [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                      [--index-url URL] [--format text|json] "
	"[--output FILE]\n"
	"                      [--cache-dir DIR] [--ca-bundle FILE] "
	"[--config FILE]\n\n"
	"Finds the packages that requirements files gained or changed between "
	"two\nrevisions (or HEAD and the staged index), downloads exactly the "
	"files the\nlock pins, verifies their hashes and scans them for "
	"install-time code.\nDefaults: --base HEAD~1 (HEAD with --staged), "
	"--head HEAD,\n--index-url https://pypi.org/pypi, --cache-dir "
	"$XDG_CACHE_HOME/lockgate.\nConfiguration: --config FILE, else "
	".lockgate.toml or pyproject.toml's\n[tool.lockgate] in the work tree "
	"of --repo (keys: include, exclude).\nEnvironment: GIT_INDEX_FILE (with --staged), "
	"SSL_CERT_FILE (CA bundle),\nNO_COLOR.";

static const char diff_usage[] =
	"usage: lockgate diff [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                     [--format text|json] [--output FILE] "
	"[--config FILE]\n\n"
	"Prints the lock-file changes between two revisions (or HEAD and the "
	"staged\nindex): added, removed, upgraded, downgraded, rehashed, "
	"source-changed.\nNo network. Defaults and configuration as for check.";

struct check_args {
	const char *repo, *base, *head, *index_url, *format, *output;
	const char *cache_dir, *ca_bundle, *config;
	bool staged;
	bool diff_only; /* lockgate diff */
};

/* $XDG_CACHE_HOME/lockgate, else $HOME/.cache/lockgate; NULL if neither. */
static char *default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *p = NULL;

	if (xdg && *xdg)
		return asprintf(&p, "%s/lockgate", xdg) < 0 ? NULL : p;
	if (home && *home)
		return asprintf(&p, "%s/.cache/lockgate", home) < 0 ? NULL : p;
	return NULL;
}

static int finish_args(struct check_args *a);

static int run(struct check_args *a)
{
	struct lg_engine_options eo = {0};
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_result *r = NULL;
	char *cache = a->cache_dir ? NULL : default_cache_dir();
	char title[512];
	int code, error;

	eo.repo = a->repo;
	eo.base = a->base ? a->base : (a->staged ? "HEAD" : "HEAD~1");
	eo.base_is_default = !a->base;
	eo.head = a->head ? a->head : "HEAD";
	eo.staged = a->staged;
	eo.index_file = a->staged ? getenv("GIT_INDEX_FILE") : NULL;
	eo.index_url = a->index_url ? a->index_url : "https://pypi.org/pypi";
	eo.cache_dir = a->cache_dir ? a->cache_dir : cache;
	eo.fetch.ca_bundle = a->ca_bundle ? a->ca_bundle : getenv("SSL_CERT_FILE");
	eo.policy = (struct lg_policy)LG_POLICY_INIT;
	eo.diff_only = a->diff_only;
	eo.config = &cfg;

	if ((code = lg_cmd_load_config(&cfg, a->config, a->repo)) != 0) {
		lg_config_dispose(&cfg); /* keys read before the bad one */
		free(cache);
		return code;
	}
	error = lg_engine_check(&r, &eo);
	lg_config_dispose(&cfg);
	if (error < 0) {
		free(cache);
		return lg_cmd_fail(error == LG_EUSAGE || error == LG_ENOTFOUND
					   ? LG_EXIT_USAGE
					   : LG_EXIT_INCOMPLETE,
				   lg_error_last()->message);
	}
	snprintf(title, sizeof(title), "lockgate %s %s..%s",
		 a->diff_only ? "diff" : "check", eo.base,
		 a->staged ? "(staged)" : eo.head);
	code = lg_cmd_exit_for(r);
	if ((error = lg_cmd_emit(r, a->format, a->output, title)) != 0 &&
	    code != LG_EXIT_BLOCK)
		code = error;
	lg_result_free(r);
	free(cache);
	return code;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = {0};
	const struct lg_opt_spec opts[] = {
		{"repo", LG_OPT_VALUE, &a.repo, "DIR", "repository (default: .)"},
		{"base", LG_OPT_VALUE, &a.base, "REV", "old revision"},
		{"head", LG_OPT_VALUE, &a.head, "REV", "new revision"},
		{"staged", LG_OPT_FLAG, &a.staged, NULL,
		 "compare HEAD (or --base) with the staged index"},
		{"index-url", LG_OPT_VALUE, &a.index_url, "URL",
		 "JSON API base (default https://pypi.org/pypi)"},
		{"format", LG_OPT_VALUE, &a.format, "FMT", "text or json"},
		{"output", LG_OPT_VALUE, &a.output, "FILE",
		 "write the report here, not to stdout"},
		{"cache-dir", LG_OPT_VALUE, &a.cache_dir, "DIR",
		 "artifact cache (content-addressed)"},
		{"ca-bundle", LG_OPT_VALUE, &a.ca_bundle, "FILE",
		 "PEM file of trusted CAs"},
		{"config", LG_OPT_VALUE, &a.config, "FILE",
		 "configuration (default: .lockgate.toml or pyproject.toml)"},
	};
	size_t npos;
	int rc;

	a.format = "text";
	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, NULL, 0, &npos,
			  check_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	return finish_args(&a);
}

static int finish_args(struct check_args *a)
{
	int rc;

	if (a->staged && a->head) {
		fprintf(stderr, "lockgate: --head and --staged exclude each other\n");
		return LG_EXIT_USAGE;
	}
	if ((rc = lg_cmd_check_format(a->format)) != 0)
		return rc;
	return run(a);
}

int cmd_diff(int argc, char **argv)
{
	struct check_args a = {0};
	const struct lg_opt_spec opts[] = {
		{"repo", LG_OPT_VALUE, &a.repo, "DIR", "repository (default: .)"},
		{"base", LG_OPT_VALUE, &a.base, "REV", "old revision"},
		{"head", LG_OPT_VALUE, &a.head, "REV", "new revision"},
		{"staged", LG_OPT_FLAG, &a.staged, NULL,
		 "compare HEAD (or --base) with the staged index"},
		{"format", LG_OPT_VALUE, &a.format, "FMT", "text or json"},
		{"output", LG_OPT_VALUE, &a.output, "FILE",
		 "write the changes here, not to stdout"},
		{"config", LG_OPT_VALUE, &a.config, "FILE",
		 "configuration (default: .lockgate.toml or pyproject.toml)"},
	};
	size_t npos;
	int rc;

	a.format = "text";
	a.diff_only = true;
	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, NULL, 0, &npos,
			  diff_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	return finish_args(&a);
}
