/* SPDX-License-Identifier: MIT */
/* The JSON report: a stable contract (schema 1). Later versions add fields,
 * never rename them. Added since the first version: "policy", "revisions"
 * (when known), "summary", and per finding "title" and "fingerprint";
 * "suppressed" (findings a [[suppress]] entry hid, each with its
 * "suppression": {"reason", "origin"}) and summary "suppressed" and
 * "disabled". */
#include <jansson.h>
#include <stdio.h>

#include "lg/report.h"
#include "lg/rules.h"
#include "report_private.h"


json_t *lg_report__jstr(const char *s)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_JSON_BYTES);
	json_t *v;

	if (!s)
		return json_null();
	if (lg_utf8_sanitize(&b, s) < 0) {
		lg_buf_dispose(&b);
		return NULL;
	}
	v = json_stringn(b.ptr, b.len);
	lg_buf_dispose(&b);
	return v;
}

static json_t *jline(size_t line)
{
	return line ? json_integer((json_int_t)line) : json_null();
}

static json_t *change_json(const struct lg_change *c)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:s}", "lockfile",
			 lg_report__jstr(c->lockfile), "line", jline(c->line), "name",
			 lg_report__jstr(c->name), "old", lg_report__jstr(c->old_version), "new",
			 lg_report__jstr(c->new_version), "kind", lg_change_kind_name(c->kind));
}

static json_t *artifact_json(const struct lg_artifact *a)
{
	/* "read": "lazy" when only some members were read by range
	 * requests (the sha256 is then the index digest the lock pins). */
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:s}", "package", lg_report__jstr(a->package),
			 "version", lg_report__jstr(a->version), "file", lg_report__jstr(a->file),
			 "sha256", lg_report__jstr(a->sha256), "verdict",
			 lg_verdict_name(a->verdict), "read", a->lazy ? "lazy" : "full");
}

static json_t *finding_json(const struct lg_finding *f, const char *fp)
{
	const struct lg_rule_info *ri = lg_rules_find(f->rule);

	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s*}",
			 "rule", f->rule, "severity", lg_severity_name(f->severity),
			 "package", lg_report__jstr(f->package), "version", lg_report__jstr(f->version),
			 "file", lg_report__jstr(f->file), "path", lg_report__jstr(f->path), "line",
			 jline(f->line), "message", lg_report__jstr(f->message), "lockfile",
			 lg_report__jstr(f->lockfile), "lockfile_line", jline(f->lockfile_line),
			 "title", ri ? ri->title : f->rule, "fingerprint", fp);
}

static json_t *suppressed_json(const struct lg_finding *f)
{
	json_t *o = finding_json(f, NULL);

	if (o)
		json_object_del(o, "fingerprint");
	if (o && json_object_set_new(o, "suppression",
				     json_pack("{s:o, s:o}", "reason",
					       lg_report__jstr(f->suppressed_by),
					       "origin",
					       lg_report__jstr(f->suppressed_at))) < 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *findings_json(const struct lg_result *r)
{
	char(*fp)[LG_FINGERPRINT_LEN + 1] = NULL;
	json_t *arr = NULL;
	size_t *occ = NULL;
	char one[LG_FINGERPRINT_LEN + 32];

	if (lg_report_fingerprints(&fp, &occ, r) < 0)
		return NULL;
	arr = json_array();
	for (size_t i = 0; arr && i < r->findings.n; i++) {
		snprintf(one, sizeof(one), "%s:%zu", fp[i], occ[i] + 1);
		if (json_array_append_new(arr, finding_json(&r->findings.v[i], one)) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	lg__free(fp);
	lg__free(occ);
	return arr;
}

static json_t *summary_json(const struct lg_result *r)
{
	struct lg_report_counts c;
	json_t *sev = json_object();

	lg_report__count(&c, r);
	for (int s = LG_SEV_CRITICAL; sev && s >= LG_SEV_INFO; s--)
		json_object_set_new(sev, lg_severity_name((enum lg_severity)s),
				    json_integer((json_int_t)c.by_sev[s]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o*, s:I, s:I}", "changes",
			 (json_int_t)r->nchanges, "artifacts", (json_int_t)r->nartifacts,
			 "blocked", (json_int_t)c.blocked, "warned", (json_int_t)c.warned,
			 "findings", (json_int_t)r->findings.n, "errors",
			 (json_int_t)r->nerrors, "by_severity", sev, "suppressed",
			 (json_int_t)r->suppressed.n, "disabled",
			 (json_int_t)r->ndisabled);
}

static json_t *error_json(const struct lg_run_error *e)
{
	return json_pack("{s:o, s:o}", "package", lg_report__jstr(e->package), "message",
			 lg_report__jstr(e->message));
}

/* Appends items built by fn to a new array; NULL on failure. */
#define LG_JSON_ARRAY(arr, items, n, fn)                                     \
	do {                                                                 \
		(arr) = json_array();                                        \
		for (size_t i_ = 0; (arr) && i_ < (n); i_++)                 \
			if (json_array_append_new((arr), fn(&(items)[i_])) < 0) { \
				json_decref(arr);                            \
				(arr) = NULL;                                \
			}                                                    \
	} while (0)

static int render_json(struct lg_buf *out, const struct lg_result *r,
		       const struct lg_report_options *opts)
{
	json_t *root = NULL, *changes, *artifacts, *findings, *errors, *supp;
	enum lg_severity fail_on = opts->policy ? opts->policy->fail_on : LG_SEV_HIGH;
	char *text = NULL;
	int error = 0;

	LG_JSON_ARRAY(changes, r->changes, r->nchanges, change_json);
	LG_JSON_ARRAY(artifacts, r->artifacts, r->nartifacts, artifact_json);
	findings = findings_json(r);
	LG_JSON_ARRAY(errors, r->errors, r->nerrors, error_json);
	LG_JSON_ARRAY(supp, r->suppressed.v, r->suppressed.n, suppressed_json);
	root = json_pack("{s:i, s:{s:s, s:s}, s:s, s:o*, s:o*, s:o*, s:o*, s:{s:s}, s:o*}",
			 "schema", 1, "tool", "name", "lockgate", "version",
			 LG_VERSION, "verdict", lg_verdict_name(r->verdict),
			 "changes", changes, "artifacts", artifacts, "findings",
			 findings, "errors", errors, "policy", "fail_on",
			 lg_severity_name(fail_on), "summary", summary_json(r));
	if (root && json_object_set(root, "suppressed", supp ? supp : json_null()) < 0) {
		json_decref(root);
		root = NULL;
	}
	if (root && (opts->base || opts->head))
		json_object_set_new(root, "revisions",
				    json_pack("{s:o, s:o}", "base", lg_report__jstr(opts->base),
					      "head", lg_report__jstr(opts->head)));
	if (!root || !changes || !artifacts || !findings || !errors || !supp ||
	    !(text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					 JSON_ENSURE_ASCII))) {
		error = lg_error_oom();
		goto done;
	}
	lg_buf_puts(out, text);
	error = lg_buf_putc(out, '\n');
done:
	free(text);
	json_decref(supp);
	json_decref(root);
	return error;
}


const struct lg_report_sink lg_report__json = {
	"json", "the JSON report (schema 1)", render_json};
