/* SPDX-License-Identifier: MIT */
/* lockgate check: parse options, call lg_engine_check, render, exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/errors.h"
#include "lg/limits.h"

static const char check_usage[] =
	"usage: lockgate check [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                      [--index-url URL] [--format text|json] "
	"[--output FILE]\n"
	"                      [--cache-dir DIR] [--ca-bundle FILE] [--jobs N]\n"
	"                      [--full-download] [--max-file-size BYTES] "
	"[--quiet]\n\n"
	"Finds the packages that requirements files gained or changed between "
	"two\nrevisions (or HEAD and the staged index), downloads exactly the "
	"files the\nlock pins, verifies their hashes and scans them for "
	"install-time code.\nDefaults: --base HEAD~1 (HEAD with --staged), "
	"--head HEAD,\n--index-url https://pypi.org/pypi, --cache-dir "
	"$XDG_CACHE_HOME/lockgate,\n--jobs 8.\n"
	"Downloads run in parallel; 408, 429, 5xx answers and dropped "
	"connections\nare retried 3 times with backoff (honouring Retry-After); "
	"what still fails\nmakes the run incomplete (exit 2). Wheels of 1 MiB "
	"or more whose lock hash is\nthe index digest are read lazily: only "
	"the zip directory and the install-time\nmembers, by range requests "
	"(--full-download turns this off).\n"
	"Environment: GIT_INDEX_FILE (with --staged), SSL_CERT_FILE (CA bundle),"
	"\nhttps_proxy/no_proxy (libcurl's proxy variables), NO_COLOR.";

static const char diff_usage[] =
	"usage: lockgate diff [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                     [--format text|json] [--output FILE]\n\n"
	"Prints the lock-file changes between two revisions (or HEAD and the "
	"staged\nindex): added, removed, upgraded, downgraded, rehashed, "
	"source-changed.\nNo network. Defaults as for check.";

struct check_args {
	const char *repo, *base, *head, *index_url, *format, *output;
	const char *cache_dir, *ca_bundle, *jobs, *max_file_size;
	bool staged, quiet, full_download;
	bool diff_only; /* lockgate diff */
};

static int finish_args(struct check_args *a);

static int run(struct check_args *a)
{
	struct lg_engine_options eo = {0};
	struct lg_progress_ui ui;
	struct lg_result *r = NULL;
	char *cache = a->cache_dir ? NULL : lg_cmd_default_cache_dir();
	uint64_t n = 0;
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
	eo.full_download = a->full_download;
	if (a->jobs && (lg_cmd_parse_size(&n, a->jobs, LG_MAX_FETCH_JOBS) < 0 ||
			!n)) {
		free(cache);
		fprintf(stderr, "lockgate: --jobs takes 1 to %u\n",
			LG_MAX_FETCH_JOBS);
		return LG_EXIT_USAGE;
	}
	eo.fetch.jobs = (unsigned)n;
	if (a->max_file_size &&
	    (lg_cmd_parse_size(&n, a->max_file_size, LG_MAX_ARTIFACT_BYTES) < 0 ||
	     !n)) {
		free(cache);
		fprintf(stderr, "lockgate: --max-file-size takes 1 to %u bytes "
			"(k, M, G suffixes)\n", LG_MAX_ARTIFACT_BYTES);
		return LG_EXIT_USAGE;
	}
	eo.max_file_bytes = a->max_file_size ? (size_t)n : 0;
	lg_progress_ui_init(&ui, a->quiet);
	eo.progress = lg_progress_ui_update;
	eo.progress_payload = &ui;

	error = lg_engine_check(&r, &eo);
	lg_progress_ui_end(&ui);
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
		{"jobs", LG_OPT_VALUE, &a.jobs, "N",
		 "parallel downloads (default 8)"},
		{"full-download", LG_OPT_FLAG, &a.full_download, NULL,
		 "download whole wheels, never lazily by range"},
		{"max-file-size", LG_OPT_VALUE, &a.max_file_size, "BYTES",
		 "refuse (incomplete) files larger than this (default 512M)"},
		{"quiet", LG_OPT_FLAG, &a.quiet, NULL,
		 "no progress on stderr"},
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
