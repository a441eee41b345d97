/* SPDX-License-Identifier: MIT */
/* lockgate check: parse options, call lg_engine_check, render, exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/cache.h"
#include "lg/errors.h"
#include "lg/gitdiff.h"
#include "lg/model.h"
#include "lg/index.h"
#include "lg/limits.h"

static const char check_usage[] =
	"usage: lockgate check [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                      [--index-url URL] [--allow-insecure-index]\n"
	"                      [--format FMT [--output FILE]]...\n"
	"                      [--fail-on SEVERITY] [--warn-only]\n"
	"                      [--cache-dir DIR] [--ca-bundle FILE] [--config FILE]\n"
	"                      [--jobs N] [--full-download] [--max-file-size BYTES]\n"
	"                      [--quiet] [--offline]\n"
	"                      [--allowed-index-host HOST]... [--malware-db DIR]\n"
	"                      [--osv-url URL | --no-osv] [--trusted-root FILE]\n"
	"                      [--require-provenance NAME]... [--require-provenance-all]\n"
	"                      [--update-pins] [--no-provenance] [--cooldown-days N]\n"
	"                      [--cooldown-exempt NAME]... [--dormant-days N]\n\n"
	"Finds the packages that requirements files gained or changed between "
	"two\nrevisions (or HEAD and the staged index), downloads exactly the "
	"files the\nlock pins, verifies their hashes and scans them for "
	"install-time code.\nDefaults: --base HEAD~1 (HEAD with --staged), "
	"--head HEAD,\n--cache-dir $XDG_CACHE_HOME/lockgate, --jobs 8.\n"
	"Downloads run in parallel; 408, 429, 5xx answers and dropped "
	"connections\nare retried 3 times with backoff (honouring Retry-After); "
	"what still fails\nmakes the run incomplete (exit 2). Wheels of 1 MiB "
	"or more whose lock hash is\nthe index digest are read lazily: only "
	"the zip directory and the install-time\nmembers, by range requests "
	"(--full-download turns this off).\n"
	"--offline: no request; documents and files from the cache only, "
	"a\nmissing one is named and the run incomplete (exit 2); OSV and "
	"provenance\nare skipped (offline.not-checked). See README.\n"
	"Index of a package: the lock file's own index for it (unless that is "
	"PyPI),\nelse --index-url, PIP_INDEX_URL, UV_INDEX_URL, "
	"UV_DEFAULT_INDEX, else\nhttps://pypi.org/simple/. A Simple API root "
	"(PEP 503/691) or a PyPI JSON\nroot (a URL ending in /pypi). "
	"A requirements file's --extra-index-url indexes\nare read too: the "
	"file with the lock hash wins wherever it is, and a name\non several "
	"indexes with different files is policy.extra-index (high).\n"
	"Credentials: user:password@ in the URL, or\n~/.netrc ($NETRC); "
	"they are never printed.\nIn CI without --base, the base comes from "
	"the environment: GitHub\n(GITHUB_EVENT_PATH: pull_request.base.sha, "
	"merge_group.base_sha, push\nbefore) or GitLab "
	"(CI_MERGE_REQUEST_DIFF_BASE_SHA, else CI_COMMIT_BEFORE_SHA).\n"
	"Provenance: each changed file's PEP 740 provenance (the index's\n"
	"provenance URL, else <index root>/integrity/...) is verified offline\n"
	"against the Sigstore root (--trusted-root FILE overrides) and its\n"
	"publisher compared with .lockgate/publishers.json of the new revision;\n"
	"--update-pins writes publishers seen for the first time into it (in\n"
	"the work tree). --no-provenance skips all of it.\n"
	"Release checks from the index's upload times: release.cooldown (a "
	"file\nuploaded less than --cooldown-days ago, default 2), "
	"release.first,\nrelease.dormant (--dormant-days, default 180); "
	"PEP 503 HTML pages have\nno upload times (release.no-times says "
	"so).\n"
	"Formats: --format may be repeated; each --output names the file of the\n"
	"--format just before it (e.g. --format github --format sarif --output\n"
	"lockgate.sarif); at most one format goes to standard output.\n"
	"Configuration: --config FILE, else .lockgate.toml or pyproject.toml's\n"
	"[tool.lockgate] in the work tree of --repo (`lockgate config` prints\n"
	"it); the command line wins over it.\n"
	"Environment: GIT_INDEX_FILE (with --staged), SSL_CERT_FILE (CA bundle),\n"
	"NETRC, PIP_INDEX_URL, UV_INDEX_URL, UV_DEFAULT_INDEX, LOCKGATE_NOW\n"
	"(tests: the time release checks use, YYYY-MM-DDTHH:MM:SSZ),\n"
	"LOCKGATE_LOW_SPEED_TIME (stall timeout, s),\n"
	"https_proxy/no_proxy (libcurl's proxy variables),\n"
	"NO_COLOR, GITHUB_ACTIONS/GITLAB_CI (CI base), GITHUB_STEP_SUMMARY and\n"
	"GITHUB_OUTPUT (with --format github).";

static const char diff_usage[] =
	"usage: lockgate diff [--repo DIR] [--base REV] [--head REV | --staged]\n"
	"                     [--format FMT [--output FILE]]... [--config FILE]\n\n"
	"Prints the lock-file changes between two revisions (or HEAD and the "
	"staged\nindex): added, removed, upgraded, downgraded, rehashed, "
	"source-changed.\nNo network. Defaults, configuration and the CI base as for check.";

#define MAX_ALLOWED_HOSTS 64

struct host_list {
	const char *v[MAX_ALLOWED_HOSTS];
	size_t n;
};

/* Appends value to the list of option --name, refused (usage error) when
 * it is not valid (what it should be is `what`) or the list is full. */
static int list_add(struct host_list *h, const char *name, const char *value,
		    bool valid, const char *what)
{
	if (!valid) {
		fprintf(stderr, "lockgate: --%s wants %s, not '%s'\n", name, what,
			value);
		return LG_EXIT_USAGE;
	}
	if (h->n >= MAX_ALLOWED_HOSTS) {
		fprintf(stderr, "lockgate: more than %d --%s options\n",
			MAX_ALLOWED_HOSTS, name);
		return LG_EXIT_USAGE;
	}
	h->v[h->n++] = value;
	return 0;
}

static int host_opt(void *target, const char *name, const char *value)
{
	return list_add(target, name, value, *value && !strchr(value, '/'),
			"a host name");
}

#define MAX_REQUIRED 256

struct name_list {
	char *v[MAX_REQUIRED]; /* canonical names (owned) */
	size_t n;
};

static int name_opt(void *target, const char *name, const char *value)
{
	struct name_list *l = target;

	if (l->n >= MAX_REQUIRED) {
		fprintf(stderr, "lockgate: more than %d --%s options\n",
			MAX_REQUIRED, name);
		return LG_EXIT_USAGE;
	}
	if (lg_name_canonical(&l->v[l->n], value, strlen(value)) < 0 || !*l->v[l->n]) {
		fprintf(stderr, "lockgate: --%s wants a package name, not '%s'\n",
			name, value);
		lg__free(l->v[l->n]);
		l->v[l->n] = NULL;
		return LG_EXIT_USAGE;
	}
	l->n++;
	return 0;
}

static int exempt_opt(void *target, const char *name, const char *value)
{
	return list_add(target, name, value, *value, "a package name");
}

struct check_args {
	const char *repo, *base, *head, *index_url;
	const char *cooldown_days, *dormant_days;
	struct host_list exempt;
	const char *malware_db, *osv_url;
	struct host_list hosts;
	struct name_list required;
	const char *trusted_root;
	bool require_all, update_pins, no_provenance;
	const char *cache_dir, *ca_bundle, *config, *jobs, *max_file_size;
	struct lg_outputs outs;
	struct lg_policy_args pol;
	struct lg_policy policy; /* from pol */
	bool staged, allow_insecure_index, quiet, full_download, no_osv;
	bool offline;
	bool diff_only; /* lockgate diff */
};

/* The base: --base, else the CI's (said on stderr), else the default.
 * *owned is what to free. Returns 0 or an exit code. */
static int pick_base(struct check_args *a, struct lg_engine_options *eo, char **owned)
{
	const char *why;
	bool in_ci;
	int rc;

	*owned = NULL;
	eo->base = a->base;
	eo->base_is_default = false;
	if (a->base)
		return 0;
	if (!a->staged) {
		if ((rc = lg_ci_detect_base(owned, &why, &in_ci)) != 0)
			return rc;
		if (*owned) {
			eo->base = *owned;
			fprintf(stderr, "lockgate: base %s (%s)\n", *owned, why);
			return 0;
		}
		if (in_ci)
			fprintf(stderr, "lockgate: base HEAD~1, the default (%s)\n", why);
	}
	eo->base = a->staged ? "HEAD" : "HEAD~1";
	eo->base_is_default = true;
	return 0;
}

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

/* LOCKGATE_LOW_SPEED_TIME: seconds a transfer may stay below 1 byte/s
 * before it is a timeout (default 30; tests shorten it). */
#define MAX_LOW_SPEED_SECS 3600u

static int low_speed_time(struct lg_fetch_options *fo)
{
	const char *e = getenv("LOCKGATE_LOW_SPEED_TIME");
	uint64_t n = 0;

	if (!e || !*e)
		return 0;
	if (lg_cmd_parse_size(&n, e, MAX_LOW_SPEED_SECS) < 0 || !n) {
		fprintf(stderr, "lockgate: LOCKGATE_LOW_SPEED_TIME takes 1 to "
			"%u seconds\n", MAX_LOW_SPEED_SECS);
		return LG_EXIT_USAGE;
	}
	fo->low_speed_secs = (long)n;
	return 0;
}

/* Known malware from the OSV API: --osv-url, else LOCKGATE_OSV_URL (empty:
 * no query), else api.osv.dev; --no-osv: none. A query that fails makes
 * the run incomplete. */
static const char *osv_url(const struct check_args *a)
{
	const char *e = getenv("LOCKGATE_OSV_URL");

	if (a->no_osv)
		return NULL;
	if (a->osv_url)
		return a->osv_url;
	if (e)
		return *e ? e : NULL;
	return "https://api.osv.dev";
}

/* Writes the pins the check recorded into the work tree (a temporary
 * file renamed over the old one). Returns 0 or an exit code. */
static int write_pins(const struct check_args *a, const struct lg_buf *pins)
{
	char *wd = NULL, *dir = NULL, *path = NULL, *tmp = NULL;
	FILE *f = NULL;
	int code = LG_EXIT_USAGE;

	if (!pins->len)
		return 0;
	if (lg_gitdiff_workdir(&wd, a->repo) < 0) {
		fprintf(stderr, "lockgate: --update-pins: %s\n", lg_error_last()->message);
		return LG_EXIT_USAGE;
	}
	if (asprintf(&dir, "%s.lockgate", wd) < 0 || asprintf(&path, "%s/publishers.json", dir) < 0 ||
	    asprintf(&tmp, "%s.tmp", path) < 0) {
		fprintf(stderr, "lockgate: out of memory\n");
		goto done;
	}
	if ((mkdir(dir, 0755) < 0 && errno != EEXIST) || !(f = fopen(tmp, "w")) ||
	    fwrite(pins->ptr, 1, pins->len, f) != pins->len) {
		fprintf(stderr, "lockgate: cannot write %s: %s\n", tmp, strerror(errno));
		goto done;
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		f = NULL;
		fprintf(stderr, "lockgate: cannot write %s: %s\n", path, strerror(errno));
		goto done;
	}
	f = NULL;
	fprintf(stderr, "lockgate: publishers pinned in %s (review and commit it)\n", path);
	code = 0;
done:
	if (f)
		fclose(f);
	if (code && tmp)
		remove(tmp);
	lg__free(wd);
	free(dir);
	free(path);
	free(tmp);
	return code;
}

#define DEFAULT_DORMANT_DAYS 180u
#define MAX_DAYS 36500u

/* The release checks: --cooldown-days / --cooldown-exempt win over the
 * configuration; now is LOCKGATE_NOW (RFC 3339 UTC, for tests), else the
 * clock policy.now was read from. Returns 0 or an exit code. */
static int release_options(struct lg_engine_options *eo,
			   const struct check_args *a, const struct lg_config *cfg)
{
	const char *fixed = getenv("LOCKGATE_NOW");
	uint64_t n;
	struct tm tm = {0};
	char *end;

	eo->now = eo->policy.now ? eo->policy.now : (int64_t)time(NULL);
	if (fixed && *fixed) {
		end = strptime(fixed, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (!end || *end) {
			fprintf(stderr, "lockgate: LOCKGATE_NOW must be a UTC time "
				"(YYYY-MM-DDTHH:MM:SSZ)\n");
			return LG_EXIT_USAGE;
		}
		eo->now = (int64_t)timegm(&tm);
	}
	eo->cooldown_days = cfg->cooldown_days < 0 ? 0
			    : cfg->cooldown_days > MAX_DAYS ? MAX_DAYS
							    : (unsigned)cfg->cooldown_days;
	if (a->cooldown_days) {
		if (lg_cmd_parse_size(&n, a->cooldown_days, MAX_DAYS) < 0 ||
		    strpbrk(a->cooldown_days, "kKmMgG")) {
			fprintf(stderr, "lockgate: --cooldown-days takes 0 to %u\n",
				MAX_DAYS);
			return LG_EXIT_USAGE;
		}
		eo->cooldown_days = (unsigned)n;
	}
	eo->dormant_days = DEFAULT_DORMANT_DAYS;
	if (a->dormant_days) {
		if (lg_cmd_parse_size(&n, a->dormant_days, MAX_DAYS) < 0 ||
		    strpbrk(a->dormant_days, "kKmMgG")) {
			fprintf(stderr, "lockgate: --dormant-days takes 0 to %u\n",
				MAX_DAYS);
			return LG_EXIT_USAGE;
		}
		eo->dormant_days = (unsigned)n;
	}
	if (a->exempt.n) {
		eo->cooldown_exempt = a->exempt.v;
		eo->ncooldown_exempt = a->exempt.n;
	} else {
		eo->cooldown_exempt = (const char *const *)cfg->cooldown_exempt;
		eo->ncooldown_exempt = cfg->ncooldown_exempt;
	}
	return 0;
}

static int run(struct check_args *a)
{
	struct lg_buf pins = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	struct lg_engine_options eo = {0};
	struct lg_report_options ro = {0};
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_result *r = NULL;
	struct lg_netrc *netrc = NULL;
	struct lg_progress_ui ui;
	uint64_t n = 0;
	char *cache = NULL;
	char *ci_base = NULL;
	char title[512];
	int code, error;

	if (!a->diff_only && (error = load_netrc(&netrc)) < 0)
		return lg_cmd_fail(LG_EXIT_USAGE, lg_error_last()->message);
	cache = a->cache_dir ? NULL : lg_cmd_default_cache_dir();
	if ((code = pick_base(a, &eo, &ci_base)) != 0)
		goto done;
	eo.repo = a->repo;
	eo.head = a->head ? a->head : "HEAD";
	eo.staged = a->staged;
	eo.index_file = a->staged ? getenv("GIT_INDEX_FILE") : NULL;
	eo.index_url = default_index(a);
	eo.netrc = netrc;
	eo.fetch.allow_http = a->allow_insecure_index;
	eo.cache_dir = a->cache_dir ? a->cache_dir : cache;
	eo.fetch.ca_bundle = a->ca_bundle ? a->ca_bundle : getenv("SSL_CERT_FILE");
	eo.diff_only = a->diff_only;
	eo.env = lg_cmd_env;
	eo.policy = a->policy;
	eo.config = &cfg;
	eo.allowed_index_hosts = a->hosts.v;
	eo.nallowed_index_hosts = a->hosts.n;
	eo.malware_db = a->malware_db;
	eo.osv_url = osv_url(a);
	eo.no_provenance = a->no_provenance;
	eo.trusted_root = a->trusted_root;
	eo.require_provenance = (const char *const *)a->required.v;
	eo.nrequire_provenance = a->required.n;
	eo.require_provenance_all = a->require_all;
	eo.pins_out = a->update_pins ? &pins : NULL;
	if ((code = lg_cmd_load_config(&cfg, a->config, a->repo)) != 0 ||
	    (code = lg_cmd_config_options(&eo, &a->pol, a->cache_dir != NULL,
					  &cfg)) != 0 ||
	    (code = release_options(&eo, a, &cfg)) != 0)
		goto done;
	eo.full_download = a->full_download;
	eo.fetch.offline = a->offline;
	if ((code = low_speed_time(&eo.fetch)) != 0)
		goto done;
	if (a->jobs && (lg_cmd_parse_size(&n, a->jobs, LG_MAX_FETCH_JOBS) < 0 ||
			!n)) {
		fprintf(stderr, "lockgate: --jobs takes 1 to %u\n",
			LG_MAX_FETCH_JOBS);
		code = LG_EXIT_USAGE;
		goto done;
	}
	eo.fetch.jobs = n ? (unsigned)n : eo.jobs; /* --jobs, else config */
	if (!eo.nallowed_index_hosts && cfg.nallowed_index_hosts) {
		eo.allowed_index_hosts = (const char *const *)cfg.allowed_index_hosts;
		eo.nallowed_index_hosts = cfg.nallowed_index_hosts;
	}
	if (a->max_file_size &&
	    (lg_cmd_parse_size(&n, a->max_file_size, LG_MAX_ARTIFACT_BYTES) < 0 ||
	     !n)) {
		fprintf(stderr, "lockgate: --max-file-size takes 1 to %u bytes "
			"(k, M, G suffixes)\n", LG_MAX_ARTIFACT_BYTES);
		code = LG_EXIT_USAGE;
		goto done;
	}
	eo.max_file_bytes = a->max_file_size ? (size_t)n : 0;
	lg_progress_ui_init(&ui, a->quiet || a->diff_only);
	eo.progress = lg_progress_ui_update;
	eo.progress_payload = &ui;
	snprintf(title, sizeof(title), "lockgate %s %s..%s",
		 a->diff_only ? "diff" : "check", eo.base,
		 a->staged ? "(staged)" : eo.head);
	ro.title = title;
	ro.policy = &eo.policy;
	ro.base = eo.base;
	ro.head = a->staged ? "(staged)" : eo.head;

	error = lg_engine_check(&r, &eo);
	lg_progress_ui_end(&ui);
	if (error == LG_EUSAGE || error == LG_ENOTFOUND) {
		code = lg_cmd_fail(LG_EXIT_USAGE, lg_error_last()->message);
		goto done;
	}
	if (error < 0) {
		code = lg_cmd_emit_failure(&a->outs, &ro, lg_error_last()->message);
		goto done;
	}
	code = lg_policy_args_exit(&a->pol, lg_cmd_exit_for(r), r, &eo.policy);
	if ((error = lg_cmd_emit(r, &a->outs, &ro, code)) != 0 && code != LG_EXIT_BLOCK)
		code = error;
	if ((error = write_pins(a, &pins)) != 0 && code == LG_EXIT_PASS)
		code = error;
done:
	lg_buf_dispose(&pins);
	lg_netrc_free(netrc);
	lg_config_dispose(&cfg);
	lg_result_free(r);
	free(cache);
	free(ci_base);
	return code;
}

static int finish_args(struct check_args *a, int rc)
{
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if (a->staged && a->head) {
		fprintf(stderr, "lockgate: --head and --staged exclude each other\n");
		return LG_EXIT_USAGE;
	}
	if ((rc = lg_outputs_finish(&a->outs)) != 0 ||
	    (rc = lg_policy_args_apply(&a->policy, &a->pol)) != 0)
		return rc;
	return run(a);
}

#define LG_CHECK_COMMON_OPTS(a)                                                     \
	{"repo", LG_OPT_VALUE, &(a).repo, "DIR", "repository (default: .)", NULL},  \
	{"base", LG_OPT_VALUE, &(a).base, "REV", "old revision", NULL},             \
	{"head", LG_OPT_VALUE, &(a).head, "REV", "new revision", NULL},             \
	{"staged", LG_OPT_FLAG, &(a).staged, NULL,                                  \
	 "compare HEAD (or --base) with the staged index", NULL},                   \
	{"format", LG_OPT_CALL, &(a).outs, "FMT", lg_format_help, lg_outputs_opt}, \
	{"output", LG_OPT_CALL, &(a).outs, "FILE",                                  \
	 "write the report of the --format before it here", lg_outputs_opt},       \
	{"config", LG_OPT_VALUE, &(a).config, "FILE",                               \
	 "configuration (default: .lockgate.toml or pyproject.toml)", NULL}

int cmd_check(int argc, char **argv)
{
	struct check_args a = {0};
	const struct lg_opt_spec opts[] = {
		LG_CHECK_COMMON_OPTS(a),
		{"index-url", LG_OPT_VALUE, &a.index_url, "URL",
		 "default index: Simple API root (or a PyPI /pypi JSON root)", NULL},
		{"allow-insecure-index", LG_OPT_FLAG, &a.allow_insecure_index, NULL,
		 "allow a plain-http index (reported as index.insecure-http)", NULL},
		{"fail-on", LG_OPT_VALUE, &a.pol.fail_on, "SEVERITY",
		 "block at this severity and above (default high)", NULL},
		{"warn-only", LG_OPT_FLAG, &a.pol.warn_only, NULL,
		 "report as usual but exit 0 when blocked (2 and 3 stay)", NULL},
		{"cache-dir", LG_OPT_VALUE, &a.cache_dir, "DIR",
		 "artifact cache (content-addressed)", NULL},
		{"ca-bundle", LG_OPT_VALUE, &a.ca_bundle, "FILE",
		 "PEM file of trusted CAs", NULL},
		{"jobs", LG_OPT_VALUE, &a.jobs, "N",
		 "parallel downloads (default 8)", NULL},
		{"full-download", LG_OPT_FLAG, &a.full_download, NULL,
		 "download whole wheels, never lazily by range", NULL},
		{"max-file-size", LG_OPT_VALUE, &a.max_file_size, "BYTES",
		 "refuse (incomplete) files larger than this (default 512M)", NULL},
		{"quiet", LG_OPT_FLAG, &a.quiet, NULL,
		 "no progress on stderr", NULL},
		{"offline", LG_OPT_FLAG, &a.offline, NULL,
		 "no network: everything from the cache, missing = incomplete",
		 NULL},
		{"allowed-index-host", LG_OPT_CALL, &a.hosts, "HOST",
		 "registry entries must come from this host (repeatable)",
		 host_opt},
		{"malware-db", LG_OPT_VALUE, &a.malware_db, "DIR",
		 "OSV records of known malware (ossf/malicious-packages)", NULL},
		{"no-osv", LG_OPT_FLAG, &a.no_osv, NULL,
		 "do not ask the OSV API about known malware", NULL},
		{"osv-url", LG_OPT_VALUE, &a.osv_url, "URL",
		 "ask this OSV API about changed versions (https://api.osv.dev)",
		 NULL},
		{"trusted-root", LG_OPT_VALUE, &a.trusted_root, "FILE",
		 "Sigstore trusted_root.json for provenance (default: shipped)", NULL},
		{"require-provenance", LG_OPT_CALL, &a.required, "NAME",
		 "this package must come with provenance (repeatable)", name_opt},
		{"require-provenance-all", LG_OPT_FLAG, &a.require_all, NULL,
		 "every changed package must come with provenance", NULL},
		{"update-pins", LG_OPT_FLAG, &a.update_pins, NULL,
		 "record first-seen publishers in .lockgate/publishers.json", NULL},
		{"no-provenance", LG_OPT_FLAG, &a.no_provenance, NULL,
		 "do not fetch or verify provenance", NULL},
		{"cooldown-days", LG_OPT_VALUE, &a.cooldown_days, "N",
		 "release.cooldown: files uploaded less than N days ago (default 2, 0: off)",
		 NULL},
		{"cooldown-exempt", LG_OPT_CALL, &a.exempt, "NAME",
		 "no cooldown for this package (repeatable)", exempt_opt},
		{"dormant-days", LG_OPT_VALUE, &a.dormant_days, "N",
		 "release.dormant: a release N days after the one before (default 180, 0: off)",
		 NULL},
	};
	size_t npos;
	int rc = finish_args(&a, lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv,
					      NULL, 0, &npos, check_usage));

	for (size_t i = 0; i < a.required.n; i++)
		lg__free(a.required.v[i]);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	struct check_args a = {0};
	const struct lg_opt_spec opts[] = {LG_CHECK_COMMON_OPTS(a)};
	size_t npos;

	a.diff_only = true;
	return finish_args(&a, lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv,
					    NULL, 0, &npos, diff_usage));
}

static const char ci_base_usage[] =
	"usage: lockgate ci-base\n\n"
	"Prints the base commit `lockgate check` would pick from the CI "
	"environment\n(GitHub event payload, GitLab variables), or nothing when "
	"it names none.\nThe CI scripts use it to fetch that commit into a "
	"shallow clone.";

int cmd_ci_base(int argc, char **argv)
{
	const char *why;
	char *base = NULL;
	bool in_ci;
	size_t npos;
	int rc;

	rc = lg_opt_parse(NULL, 0, argc, argv, NULL, 0, &npos, ci_base_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if ((rc = lg_ci_detect_base(&base, &why, &in_ci)) != 0)
		return rc;
	if (base)
		printf("%s\n", base);
	fprintf(stderr, "lockgate: %s\n", base ? why : in_ci ? why : "not in CI");
	free(base);
	return LG_EXIT_PASS;
}
