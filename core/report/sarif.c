/* SPDX-License-Identifier: MIT */
/* SARIF 2.1.0, as GitHub code scanning accepts it (FORMATS.md 11.5): the
 * rule table as tool.driver.rules with help text and default level, one
 * result per finding located on the lock-file line, the member inside the
 * artifact as a logical location, and partialFingerprints that do not
 * move with the lock-file line. Levels follow the policy threshold like
 * the github sink (error / warning / note). */
#include <jansson.h>
#include <stdio.h>

#include "lg/report.h"
#include "lg/rules.h"
#include "report_private.h"

#define LG_SARIF_MAX_DESCRIPTION 1024 /* GitHub's limit on descriptions */

static const char *const sarif_level[] = {
	[LG_LEVEL_NOTE] = "note",
	[LG_LEVEL_WARNING] = "warning",
	[LG_LEVEL_ERROR] = "error",
};

/* GitHub maps security-severity to its own four levels (>= 9.0 critical,
 * 7.0-8.9 high, 4.0-6.9 medium, below low). */
static const char *const security_severity[] = {
	[LG_SEV_INFO] = "1.0",  [LG_SEV_LOW] = "3.0",       [LG_SEV_MEDIUM] = "5.5",
	[LG_SEV_HIGH] = "8.0", [LG_SEV_CRITICAL] = "9.5",
};

static json_t *text_obj(const char *s)
{
	return json_pack("{s:o}", "text", lg_report__jstr(s));
}

/* Our own help text cut to GitHub's description limit at a UTF-8 boundary. */
static json_t *description(const char *help)
{
	char cut[LG_SARIF_MAX_DESCRIPTION + 1];
	size_t n = strlen(help);

	if (n <= LG_SARIF_MAX_DESCRIPTION)
		return text_obj(help);
	n = LG_SARIF_MAX_DESCRIPTION - 3;
	while (n && ((unsigned char)help[n] & 0xC0) == 0x80)
		n--;
	memcpy(cut, help, n);
	memcpy(cut + n, "...", 4);
	return text_obj(cut);
}

static json_t *rule_json(const struct lg_rule_info *ri, const struct lg_report_options *opts)
{
	struct lg_buf help = LG_BUF_INIT(1u << 20);
	json_t *o;

	lg_buf_printf(&help, "%s\n\nRun `lockgate explain %s` for this text in a terminal.",
		      ri->help, ri->id);
	o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:{s:s}, s:{s:[s, s], s:s, s:s}}",
		      "id", ri->id, "name", ri->id, "shortDescription", text_obj(ri->title),
		      "fullDescription", description(ri->help), "help", text_obj(help.ptr),
		      "defaultConfiguration", "level",
		      sarif_level[lg_report__level(ri->severity, opts)], "properties", "tags",
		      "security", "supply-chain", "precision", "medium", "security-severity",
		      security_severity[ri->severity]);
	lg_buf_dispose(&help);
	return o;
}

/* A repository path as a URI reference: unreserved bytes and '/' stay,
 * everything else is percent-encoded; an absolute path becomes file://. */
static json_t *uri_json(const char *path)
{
	struct lg_buf b = LG_BUF_INIT(4 * LG_MAX_PATH_BYTES + 16);
	json_t *v;

	if (path[0] == '/')
		lg_buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
		    strchr("-._~/", *p))
			lg_buf_putc(&b, (char)*p);
		else
			lg_buf_printf(&b, "%%%02X", *p);
	}
	v = b.err ? NULL : json_stringn(b.ptr, b.len);
	lg_buf_dispose(&b);
	return v;
}

static json_t *location_json(const struct lg_finding *f)
{
	const char *where = f->lockfile ? f->lockfile : f->file ? f->file : "lockgate";
	json_t *phys = json_pack("{s:{s:o}}", "artifactLocation", "uri", uri_json(where));
	json_t *loc = json_pack("{s:o}", "physicalLocation", phys);
	struct lg_buf fq = LG_BUF_INIT(SIZE_MAX / 2);

	if (phys && f->lockfile && f->lockfile_line)
		json_object_set_new(phys, "region", json_pack("{s:I}", "startLine",
							      (json_int_t)f->lockfile_line));
	if (loc && f->path) {
		lg_buf_printf(&fq, "%s/%s", f->file ? f->file : "", f->path);
		if (f->line)
			lg_buf_printf(&fq, ":%zu", f->line);
		json_object_set_new(loc, "logicalLocations",
				    json_pack("[{s:o, s:o, s:s}]", "name",
					      lg_report__jstr(f->path), "fullyQualifiedName",
					      lg_report__jstr(fq.ptr), "kind", "module"));
	}
	lg_buf_dispose(&fq);
	return loc;
}

static json_t *result_json(const struct lg_finding *f, const char *fp, size_t occ,
			   const struct lg_report_options *opts)
{
	struct lg_buf m = LG_BUF_INIT(SIZE_MAX / 2);
	char pfp[LG_FINGERPRINT_LEN + 32];
	const struct lg_rule_info *ri = lg_rules_find(f->rule);
	json_t *o;

	if (f->package)
		lg_buf_printf(&m, "%s %s: ", f->package, f->version ? f->version : "");
	if (f->path)
		lg_buf_printf(&m, "%s%s%s:%zu: ", f->file ? f->file : "", f->file ? " member " : "",
			      f->path, f->line);
	lg_buf_printf(&m, "%s (severity %s)", f->message ? f->message : "",
		      lg_severity_name(f->severity));
	snprintf(pfp, sizeof(pfp), "%s:%zu", fp, occ + 1);
	o = json_pack("{s:s, s:s, s:o, s:[o], s:{s:s, s:s}, s:{s:s, s:o, s:o, s:o, s:o, s:o}}",
		      "ruleId", f->rule, "level",
		      sarif_level[lg_report__level(f->severity, opts)], "message",
		      text_obj(m.ptr), "locations", location_json(f), "partialFingerprints",
		      "primaryLocationLineHash", pfp, "lockgate/v1", fp, "properties",
		      "severity", lg_severity_name(f->severity), "package",
		      lg_report__jstr(f->package), "version", lg_report__jstr(f->version),
		      "artifact", lg_report__jstr(f->file), "member", lg_report__jstr(f->path),
		      "memberLine", f->line ? json_integer((json_int_t)f->line) : json_null());
	if (o && ri)
		json_object_set_new(o, "ruleIndex",
				    json_integer((json_int_t)(ri - lg_rules_at(0))));
	/* A [[suppress]] entry hid it: code scanning shows it as dismissed. */
	if (o && f->suppressed_by)
		json_object_set_new(o, "suppressions",
				    json_pack("[{s:s, s:s, s:o, s:{s:o}}]", "kind",
					      "external", "status", "accepted",
					      "justification",
					      lg_report__jstr(f->suppressed_by),
					      "properties", "origin",
					      lg_report__jstr(f->suppressed_at)));
	lg_buf_dispose(&m);
	return o;
}

/* The results of findings f (fingerprinted as the findings of r). */
static int append_results(json_t *results, const struct lg_result *r,
			  const struct lg_findings *f,
			  const struct lg_report_options *opts)
{
	struct lg_result view = *r;
	char(*fp)[LG_FINGERPRINT_LEN + 1] = NULL;
	size_t *occ = NULL;
	int error;

	view.findings = *f;
	if ((error = lg_report_fingerprints(&fp, &occ, &view)) < 0)
		return error;
	for (size_t i = 0; i < f->n && !error; i++)
		if (json_array_append_new(results, result_json(&f->v[i], fp[i],
							       occ[i], opts)) < 0)
			error = lg_error_oom();
	lg__free(fp);
	lg__free(occ);
	return error;
}

static json_t *invocation_json(const struct lg_result *r)
{
	json_t *notes = json_array();
	struct lg_buf m = LG_BUF_INIT(SIZE_MAX / 2);

	for (size_t i = 0; notes && i < r->nerrors; i++) {
		lg_buf_reset(&m);
		if (r->errors[i].package)
			lg_buf_printf(&m, "%s: ", r->errors[i].package);
		lg_buf_puts(&m, r->errors[i].message);
		json_array_append_new(notes, json_pack("{s:s, s:o}", "level", "error",
						       "message", text_obj(m.ptr)));
	}
	lg_buf_dispose(&m);
	return json_pack("[{s:b, s:o*}]", "executionSuccessful", r->nerrors == 0,
			 "toolExecutionNotifications", notes);
}

static int render_sarif(struct lg_buf *out, const struct lg_result *r,
			const struct lg_report_options *opts)
{
	json_t *rules = json_array(), *results = json_array(), *root;
	int error;

	if (!rules || !results)
		goto oom;
	for (size_t i = 0; i < lg_rules_count(); i++)
		if (json_array_append_new(rules, rule_json(lg_rules_at(i), opts)) < 0)
			goto oom;
	if ((error = append_results(results, r, &r->findings, opts)) < 0 ||
	    (error = append_results(results, r, &r->suppressed, opts)) < 0)
		goto fail;
	root = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:o, s:s}]}",
			 "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			 "version", "2.1.0", "runs", "tool", "driver", "name", "lockgate",
			 "semanticVersion", LG_VERSION, "version", LG_VERSION, "rules", rules,
			 "results", results, "invocations", invocation_json(r),
			 "columnKind", "utf16CodeUnits");
	rules = results = NULL; /* stolen by json_pack, even on failure */
	error = lg_report__dump(out, root, 2);
	goto done;
oom:
	error = lg_error_oom();
fail:
	json_decref(rules);
	json_decref(results);
done:
	return error;
}

const struct lg_report_sink lg_report__sarif = {
	"sarif", "SARIF 2.1.0 for GitHub code scanning", render_sarif};
