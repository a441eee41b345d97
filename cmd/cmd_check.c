/* SPDX-License-Identifier: MIT */
/* lockgate check: parse options, call lg_engine_check, render, exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/cache.h"
#include "lg/errors.h"
#include "lg/index.h"
#include "lg/limits.h"

static const char check_usage[] =
	"usage: lockgate check [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                      [--index-url URL] [--allow-insecure-index]\n"
	"                      [--format text|json] [--output FILE]\n"
	"                      [--cache-dir DIR] [--ca-bundle FILE]\n\n"
	"Finds the packages that requirements files gained or changed between "
	"two\nrevisions (or HEAD and the staged index), downloads exactly the "
	"files the\nlock pins, verifies their hashes and scans them for "
	"install-time code.\nDefaults: --base HEAD~1 (HEAD with --staged), "
	"--head HEAD,\n--cache-dir $XDG_CACHE_HOME/lockgate.\n"
	"Index of a package: the lock file's own index for it (unless that is "
	"PyPI),\nelse --index-url, PIP_INDEX_URL, UV_INDEX_URL, "
	"UV_DEFAULT_INDEX, else\nhttps://pypi.org/simple/. A Simple API root "
	"(PEP 503/691) or a PyPI JSON\nroot (a URL ending in /pypi). "
	"Credentials: user:password@ in the URL, or\n~/.netrc ($NETRC); "
	"they are never printed.\nEnvironment: GIT_INDEX_FILE (with --staged), "
	"SSL_CERT_FILE (CA bundle), NETRC,\nPIP_INDEX_URL, UV_INDEX_URL, "
	"UV_DEFAULT_INDEX, NO_COLOR.";

static const char diff_usage[] =
	"usage: lockgate diff [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                     [--format text|json] [--output FILE]\n\n"
	"Prints the lock-file changes between two revisions (or HEAD and the "
	"staged\nindex): added, removed, upgraded, downgraded, rehashed, "
	"source-changed.\nNo network. Defaults as for check.";

struct check_args {
	const char *repo, *base, *head, *index_url, *format, *output;
	const char *cache_dir, *ca_bundle;
	bool staged, allow_insecure_index;
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

/* --index-url, else the environment conventions pip and uv users have. */
static const char *default_index(const struct check_args *a)
{
	static const char *const vars[] = {"PIP_INDEX_URL", "UV_INDEX_URL",
					   "UV_DEFAULT_INDEX"};

	if (a->index_url)
		return a->index_url;
	for (size_t i = 0; i < LG_ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "https://pypi.org/simple/";
}

/* $NETRC, else ~/.netrc; a missing file is no error. */
static int load_netrc(struct lg_netrc **out)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_NETRC_BYTES);
	const char *env = getenv("NETRC"), *home = getenv("HOME");
	char *path = NULL;
	int error;

	*out = NULL;
	if (env && *env)
		path = strdup(env);
	else if (home && *home && asprintf(&path, "%s/.netrc", home) < 0)
		path = NULL;
	if (!path)
		return 0;
	if ((error = lg_fs_read_file(&b, path, b.max)) == LG_ENOTFOUND)
		error = 0;
	else if (error == 0)
		error = lg_netrc_parse(out, b.ptr, b.len);
	lg_buf_dispose(&b);
	free(path);
	return error;
}

static int run(struct check_args *a)
{
	struct lg_engine_options eo = {0};
	struct lg_result *r = NULL;
	struct lg_netrc *netrc = NULL;
	char *cache = NULL;
	char title[512];
	int code, error;

	if (!a->diff_only && (error = load_netrc(&netrc)) < 0)
		return lg_cmd_fail(LG_EXIT_USAGE, lg_error_last()->message);
	cache = a->cache_dir ? NULL : default_cache_dir();
	eo.repo = a->repo;
	eo.base = a->base ? a->base : (a->staged ? "HEAD" : "HEAD~1");
	eo.base_is_default = !a->base;
	eo.head = a->head ? a->head : "HEAD";
	eo.staged = a->staged;
	eo.index_file = a->staged ? getenv("GIT_INDEX_FILE") : NULL;
	eo.index_url = default_index(a);
	eo.netrc = netrc;
	eo.fetch.allow_http = a->allow_insecure_index;
	eo.cache_dir = a->cache_dir ? a->cache_dir : cache;
	eo.fetch.ca_bundle = a->ca_bundle ? a->ca_bundle : getenv("SSL_CERT_FILE");
	eo.policy = (struct lg_policy)LG_POLICY_INIT;
	eo.diff_only = a->diff_only;

	error = lg_engine_check(&r, &eo);
	lg_netrc_free(netrc);
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
		 "default index: Simple API root (or a PyPI /pypi JSON root)"},
		{"allow-insecure-index", LG_OPT_FLAG, &a.allow_insecure_index, NULL,
		 "allow a plain-http index (reported as index.insecure-http)"},
		{"format", LG_OPT_VALUE, &a.format, "FMT", "text or json"},
		{"output", LG_OPT_VALUE, &a.output, "FILE",
		 "write the report here, not to stdout"},
		{"cache-dir", LG_OPT_VALUE, &a.cache_dir, "DIR",
		 "artifact cache (content-addressed)"},
		{"ca-bundle", LG_OPT_VALUE, &a.ca_bundle, "FILE",
		 "PEM file of trusted CAs"},
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
