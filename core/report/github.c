/* SPDX-License-Identifier: MIT */
/* GitHub Actions workflow commands: one annotation per finding on the lock
 * file line that brought the package in. Severity at or above the policy
 * threshold is ::error, medium and above below it ::warning, the rest
 * ::notice. Every string is escaped so that nothing a package says can
 * start a workflow command, end one early or move the log's cursor. */
#include "lg/report.h"
#include "report_private.h"

static const char *const command[] = {
	[LG_LEVEL_NOTE] = "notice",
	[LG_LEVEL_WARNING] = "warning",
	[LG_LEVEL_ERROR] = "error",
};

static void prop(struct lg_buf *out, const char *s)
{
	lg_escape_workflow(out, s ? s : "-", true);
}

static void msg(struct lg_buf *out, const char *s)
{
	lg_escape_workflow(out, s ? s : "-", false);
}

/* A finding; a suppressed one is a ::notice that gives the reason. */
static void put_finding(struct lg_buf *out, const struct lg_finding *f,
			const struct lg_report_options *opts)
{
	lg_buf_printf(out, "::%s ",
		      f->suppressed_by ? "notice"
				       : command[lg_report__level(f->severity, opts)]);
	if (f->lockfile) {
		lg_buf_puts(out, "file=");
		prop(out, f->lockfile);
		if (f->lockfile_line)
			lg_buf_printf(out, ",line=%zu", f->lockfile_line);
		lg_buf_putc(out, ',');
	}
	lg_buf_printf(out, "title=%s (%s%s)", f->rule, lg_severity_name(f->severity),
		      f->suppressed_by ? ", suppressed" : "");
	if (f->package) {
		lg_buf_puts(out, " in ");
		prop(out, f->package);
		if (f->version) {
			lg_buf_putc(out, ' ');
			prop(out, f->version);
		}
	}
	lg_buf_puts(out, "::");
	if (f->file) {
		msg(out, f->file);
		if (f->path) {
			lg_buf_puts(out, " member ");
			msg(out, f->path);
			if (f->line)
				lg_buf_printf(out, " line %zu", f->line);
		}
		lg_buf_puts(out, ": ");
	}
	msg(out, f->message);
	if (f->suppressed_by) {
		lg_buf_puts(out, "%0Asuppressed by ");
		msg(out, f->suppressed_at);
		lg_buf_puts(out, ": ");
		msg(out, f->suppressed_by);
	}
	lg_buf_printf(out, "%%0A(lockgate explain %s)\n", f->rule);
}

static int render_github(struct lg_buf *out, const struct lg_result *r,
			 const struct lg_report_options *opts)
{
	struct lg_report_counts c;

	for (size_t i = 0; i < r->findings.n; i++)
		put_finding(out, &r->findings.v[i], opts);
	for (size_t i = 0; i < r->suppressed.n; i++)
		put_finding(out, &r->suppressed.v[i], opts);
	for (size_t i = 0; i < r->nerrors; i++) {
		lg_buf_puts(out, "::error title=lockgate could not check");
		if (r->errors[i].package) {
			lg_buf_putc(out, ' ');
			prop(out, r->errors[i].package);
		}
		lg_buf_puts(out, "::");
		msg(out, r->errors[i].message);
		lg_buf_puts(out, "%0A(the result is incomplete: exit 2)\n");
	}
	lg_report__count(&c, r);
	lg_buf_printf(out, "lockgate: verdict %s: %zu change%s, %zu artifact%s, "
		      "%zu blocked, %zu finding%s, %zu error%s\n",
		      lg_verdict_name(r->verdict), r->nchanges, r->nchanges == 1 ? "" : "s",
		      r->nartifacts, r->nartifacts == 1 ? "" : "s", c.blocked,
		      r->findings.n, r->findings.n == 1 ? "" : "s", r->nerrors,
		      r->nerrors == 1 ? "" : "s");
	return out->err;
}

const struct lg_report_sink lg_report__github = {
	"github", "GitHub Actions annotations on the lock-file line", render_github};
