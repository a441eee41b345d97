/* SPDX-License-Identifier: MIT */
/* GitLab Code Quality (artifacts:reports:codequality): a JSON array of
 * issues. Severity: critical -> blocker, high -> critical, medium -> major,
 * low -> minor, info -> info. The fingerprint is lg_report_fingerprints'
 * key (rule, package, version, lock file, artifact, member path and line,
 * never the lock-file line), so the MR widget sees the same finding as the
 * same issue from run to run. */
#include <jansson.h>
#include <stdio.h>

#include "lg/hash.h"
#include "lg/report.h"
#include "report_private.h"

static const char *const gl_severity[] = {
	[LG_SEV_INFO] = "info",     [LG_SEV_LOW] = "minor",
	[LG_SEV_MEDIUM] = "major",  [LG_SEV_HIGH] = "critical",
	[LG_SEV_CRITICAL] = "blocker",
};

/* fp itself for the first occurrence, else the hash of "fp:occ". */
static int occurrence_fp(char out[LG_FINGERPRINT_LEN + 1], const char *fp, size_t occ)
{
	char key[LG_FINGERPRINT_LEN + 32], hex[LG_SHA256_HEX_LEN + 1];
	int error;

	if (!occ) {
		memcpy(out, fp, LG_FINGERPRINT_LEN + 1);
		return 0;
	}
	snprintf(key, sizeof(key), "%s:%zu", fp, occ);
	if ((error = lg_sha256_hex(hex, key, strlen(key))) < 0)
		return error;
	memcpy(out, hex, LG_FINGERPRINT_LEN);
	out[LG_FINGERPRINT_LEN] = '\0';
	return 0;
}

static json_t *issue(const char *check, const char *sev, const char *desc,
		     const char *fp, const char *path, size_t line)
{
	return json_pack("{s:o, s:s, s:s, s:s, s:[s], s:{s:o, s:{s:I}}}",
			 "description", lg_report__jstr(desc), "check_name", check,
			 "fingerprint", fp, "severity", sev, "categories", "Security",
			 "location", "path", lg_report__jstr(path ? path : "."), "lines",
			 "begin", (json_int_t)(line ? line : 1));
}

static int describe(struct lg_buf *b, const struct lg_finding *f)
{
	lg_buf_reset(b);
	if (f->package)
		lg_buf_printf(b, "%s %s: ", f->package, f->version ? f->version : "");
	lg_buf_printf(b, "%s (%s): ", f->rule, lg_severity_name(f->severity));
	if (f->path)
		lg_buf_printf(b, "%s:%zu: ", f->path, f->line);
	lg_buf_puts(b, f->message ? f->message : "");
	return lg_buf_printf(b, " (lockgate explain %s)", f->rule);
}

/* The lock file that names package, for run errors. */
static const char *lockfile_of(const struct lg_result *r, const char *package,
			       size_t *line)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (package && r->changes[i].name &&
		    strcmp(r->changes[i].name, package) == 0) {
			*line = r->changes[i].line;
			return r->changes[i].lockfile;
		}
	*line = 0;
	return r->nchanges ? r->changes[0].lockfile : NULL;
}

static int add_errors(json_t *arr, struct lg_buf *b, const struct lg_result *r)
{
	char hex[LG_SHA256_HEX_LEN + 1];
	int error;

	for (size_t i = 0; i < r->nerrors; i++) {
		const struct lg_run_error *e = &r->errors[i];
		const char *lock;
		size_t line;

		lg_buf_reset(b);
		lg_buf_printf(b, "lockgate-incomplete-v1%c%s%c%s", 0,
			      e->package ? e->package : "", 0, e->message);
		if (b->err || (error = lg_sha256_hex(hex, b->ptr, b->len)) < 0)
			return b->err ? b->err : error;
		hex[LG_FINGERPRINT_LEN] = '\0';
		lg_buf_reset(b);
		lg_buf_printf(b, "%s%scould not be checked: %s", e->package ? e->package : "",
			      e->package ? " " : "", e->message);
		lock = lockfile_of(r, e->package, &line);
		if (b->err || json_array_append_new(
				      arr, issue("lockgate.incomplete", "blocker", b->ptr,
						 hex, lock, line)) < 0)
			return b->err ? b->err : lg_error_oom();
	}
	return 0;
}

static int render_gitlab(struct lg_buf *out, const struct lg_result *r,
			 const struct lg_report_options *opts)
{
	char(*fp)[LG_FINGERPRINT_LEN + 1] = NULL, one[LG_FINGERPRINT_LEN + 1];
	struct lg_buf desc = LG_BUF_INIT(SIZE_MAX / 2);
	json_t *arr = json_array();
	size_t *occ = NULL;
	int error;

	(void)opts;
	if (!arr) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = lg_report_fingerprints(&fp, &occ, r)) < 0)
		goto done;
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct lg_finding *f = &r->findings.v[i];

		if ((error = describe(&desc, f)) < 0 ||
		    (error = occurrence_fp(one, fp[i], occ[i])) < 0)
			goto done;
		if (json_array_append_new(arr, issue(f->rule, gl_severity[f->severity],
						     desc.ptr, one,
						     f->lockfile ? f->lockfile : f->file,
						     f->lockfile_line)) < 0) {
			error = lg_error_oom();
			goto done;
		}
	}
	if ((error = add_errors(arr, &desc, r)) < 0)
		goto done;
	error = lg_report__dump(out, arr, 2);
	arr = NULL;
done:
	json_decref(arr);
	lg__free(fp);
	lg__free(occ);
	lg_buf_dispose(&desc);
	return error;
}

const struct lg_report_sink lg_report__gitlab = {
	"gitlab", "GitLab Code Quality report (JSON array)", render_gitlab};
