/* SPDX-License-Identifier: MIT */
/* Rendering of `lockgate provenance verify` (text and json). Every string
 * from a certificate or a provenance is escaped for its sink. */
#include <jansson.h>

#include "lg/buf.h"
#include "lg/provenance.h"
#include "lg/report.h"
#include "report_private.h"

static void put_esc(struct lg_buf *out, const char *s)
{
	(void)lg_escape_terminal(out, s && *s ? s : "-");
}

static void text_publisher(struct lg_buf *out, const struct lg_prov_publisher *p)
{
	lg_buf_puts(out, ", publisher ");
	put_esc(out, p->kind);
	if (p->repository) {
		lg_buf_putc(out, ' ');
		put_esc(out, p->repository);
	}
	if (p->workflow || p->workflow_filepath) {
		lg_buf_putc(out, ' ');
		put_esc(out, p->workflow ? p->workflow : p->workflow_filepath);
	}
	if (p->email) {
		lg_buf_putc(out, ' ');
		put_esc(out, p->email);
	}
}

static int render_text(struct lg_buf *out, const struct lg_prov_run *r)
{
	lg_buf_puts(out, r->is_provenance ? "provenance" : r->is_detached ? "detached signature"
		    : "bundle");
	lg_buf_puts(out, " for ");
	put_esc(out, r->name);
	lg_buf_puts(out, " sha256 ");
	put_esc(out, r->sha256);
	lg_buf_putc(out, '\n');
	if (r->error) {
		lg_buf_puts(out, "rejected: ");
		put_esc(out, r->error);
		lg_buf_putc(out, '\n');
	}
	for (size_t i = 0; i < r->nitems; i++) {
		const struct lg_prov_run_item *it = &r->items[i];

		if (r->is_provenance)
			lg_buf_printf(out, "attestation %zu.%zu", it->bundle + 1, it->attestation + 1);
		else
			lg_buf_puts(out, "bundle");
		if (it->publisher)
			text_publisher(out, it->publisher);
		lg_buf_printf(out, ": %s", it->result.verified ? "verified" : "NOT verified");
		if (!it->result.verified)
			lg_buf_printf(out, " (%s)", lg_prov_step_name(it->result.failed));
		lg_buf_putc(out, '\n');
		for (int s = 0; s < LG_PROV_NSTEPS; s++) {
			lg_buf_printf(out, "  %-12s %-8s ", lg_prov_step_name((enum lg_prov_step)s),
				      lg_prov_status_name(it->result.steps[s].status));
			put_esc(out, it->result.steps[s].detail);
			lg_buf_putc(out, '\n');
		}
	}
	if (r->is_detached)
		return lg_buf_printf(out, "verdict: %s\n", r->verified
				     ? "signature and chain verified (detached: no transparency "
				       "log entry, no signed time)" : "not verified");
	return lg_buf_printf(out, "verdict: %s\n", r->verified ? "verified" : "not verified");
}

static json_t *jstr(const char *s)
{
	return s ? lg_report__jstr(s) : json_null();
}

static json_t *item_json(const struct lg_prov_run_item *it, bool prov)
{
	const struct lg_prov_result *res = &it->result;
	json_t *steps = json_array(), *o;

	for (int s = 0; steps && s < LG_PROV_NSTEPS; s++)
		if (json_array_append_new(steps, json_pack("{s:s, s:s, s:o}", "step",
					  lg_prov_step_name((enum lg_prov_step)s), "status",
					  lg_prov_status_name(res->steps[s].status), "detail",
					  jstr(res->steps[s].detail))) < 0) {
			json_decref(steps);
			return NULL;
		}
	o = json_pack("{s:b, s:o, s:I, s:o, s:{s:o, s:o, s:o, s:o}, s:o}", "verified",
		      res->verified, "failed",
		      res->verified ? json_null() : json_string(lg_prov_step_name(res->failed)),
		      "signed_time", (json_int_t)res->signed_time, "log", jstr(res->log_url),
		      "certificate", "san", jstr(res->san), "issuer", jstr(res->issuer),
		      "source_repository", jstr(res->source_repository), "build_config",
		      jstr(res->build_config), "steps", steps);
	if (o && prov) {
		const struct lg_prov_publisher *p = it->publisher;

		json_object_set_new(o, "bundle", json_integer((json_int_t)it->bundle));
		json_object_set_new(o, "attestation", json_integer((json_int_t)it->attestation));
		json_object_set_new(o, "publisher", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}",
			"kind", jstr(p->kind), "repository", jstr(p->repository), "workflow",
			jstr(p->workflow), "workflow_filepath", jstr(p->workflow_filepath),
			"environment", jstr(p->environment), "email", jstr(p->email)));
	}
	return o;
}

static int render_json(struct lg_buf *out, const struct lg_prov_run *r)
{
	json_t *items = json_array(), *root;
	char *text = NULL;
	int error = 0;

	for (size_t i = 0; items && i < r->nitems; i++)
		if (json_array_append_new(items, item_json(&r->items[i], r->is_provenance)) < 0) {
			json_decref(items);
			items = NULL;
		}
	root = items ? json_pack("{s:i, s:s, s:b, s:o, s:{s:o, s:o}, s:o}", "schema", 1, "kind",
				 r->is_provenance ? "provenance" : r->is_detached ? "detached" : "bundle", "verified",
				 r->verified, "error", jstr(r->error), "artifact", "name",
				 jstr(r->name), "sha256", r->sha256[0] ? json_string(r->sha256)
				 : json_null(), "attestations", items) : NULL;
	if (!root || !(text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					       JSON_ENSURE_ASCII)))
		error = lg_error_oom();
	else if ((error = lg_buf_puts(out, text)) == 0)
		error = lg_buf_putc(out, '\n');
	free(text);
	json_decref(root);
	return error;
}

int lg_report_provenance(struct lg_buf *out, const char *format, const struct lg_prov_run *r)
{
	if (!strcmp(format, "text"))
		return render_text(out, r);
	if (!strcmp(format, "json"))
		return render_json(out, r);
	lg_error_set(LG_ERRCLASS_INTERNAL, "provenance: unknown format '%s' (text or json)", format);
	return LG_EUSAGE;
}
