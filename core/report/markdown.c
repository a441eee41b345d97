/* SPDX-License-Identifier: MIT */
/* GitHub-flavoured Markdown (the job summary, PR comments): a table of the
 * changes, then a <details> block per package with its findings. Every
 * string from a package goes through lg_escape_markdown, which leaves no
 * Markdown or HTML syntax in it. */
#include "lg/report.h"
#include "report_private.h"

struct md_ctx {
	struct lg_buf *out;
	const struct lg_result *r;
	const struct lg_report_options *opts;
	bool *shown;
};

static void esc(struct md_ctx *m, const char *s)
{
	lg_escape_markdown(m->out, s ? s : "-");
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool of_package(const struct lg_finding *f, const char *pkg, const char *ver)
{
	return same(f->package, pkg) && same(f->version, ver);
}

/* Worst verdict of the artifacts of pkg/ver ("-" when none was fetched). */
static const char *verdict_of(const struct lg_result *r, const char *pkg, const char *ver)
{
	static const int rank[] = {[LG_VERDICT_PASS] = 1, [LG_VERDICT_WARN] = 2,
				   [LG_VERDICT_INCOMPLETE] = 3, [LG_VERDICT_BLOCK] = 4};
	int best = 0;
	enum lg_verdict v = LG_VERDICT_PASS;

	for (size_t i = 0; i < r->nartifacts; i++)
		if (same(r->artifacts[i].package, pkg) && same(r->artifacts[i].version, ver) &&
		    rank[r->artifacts[i].verdict] > best) {
			best = rank[r->artifacts[i].verdict];
			v = r->artifacts[i].verdict;
		}
	return best ? lg_verdict_name(v) : "-";
}

static void put_counts(struct md_ctx *m)
{
	struct lg_report_counts c;
	bool first = true;

	lg_report__count(&c, m->r);
	lg_buf_printf(m->out, "**%zu change%s, %zu artifact%s, %zu blocked, %zu finding%s",
		      m->r->nchanges, m->r->nchanges == 1 ? "" : "s", m->r->nartifacts,
		      m->r->nartifacts == 1 ? "" : "s", c.blocked, m->r->findings.n,
		      m->r->findings.n == 1 ? "" : "s");
	for (int s = LG_SEV_CRITICAL; s >= LG_SEV_INFO; s--) {
		if (!c.by_sev[s])
			continue;
		lg_buf_printf(m->out, "%s%zu %s", first ? " (" : ", ", c.by_sev[s],
			      lg_severity_name((enum lg_severity)s));
		first = false;
	}
	lg_buf_printf(m->out, "%s, %zu error%s**\n\n", first ? "" : ")", m->r->nerrors,
		      m->r->nerrors == 1 ? "" : "s");
	if (m->r->suppressed.n || m->r->ndisabled)
		lg_buf_printf(m->out, "Not counted: %zu suppressed by the "
			      "configuration, %zu of disabled rules.\n\n",
			      m->r->suppressed.n, m->r->ndisabled);
}

static void put_changes(struct md_ctx *m)
{
	if (!m->r->nchanges)
		return;
	lg_buf_puts(m->out, "| Lock file | Package | Change | Version | Verdict | Findings |\n"
			    "|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < m->r->nchanges; i++) {
		const struct lg_change *c = &m->r->changes[i];
		size_t n = 0;

		for (size_t k = 0; k < m->r->findings.n; k++)
			n += of_package(&m->r->findings.v[k], c->name, c->new_version);
		lg_buf_puts(m->out, "| ");
		esc(m, c->lockfile);
		lg_buf_printf(m->out, ":%zu | ", c->line);
		esc(m, c->name);
		lg_buf_printf(m->out, " | %s | ", lg_change_kind_name(c->kind));
		if (c->old_version && c->new_version) {
			esc(m, c->old_version);
			lg_buf_puts(m->out, " &#8594; ");
		}
		esc(m, c->new_version ? c->new_version : c->old_version);
		lg_buf_printf(m->out, " | %s | %zu |\n",
			      c->kind == LG_CHANGE_REMOVED
				      ? "-"
				      : verdict_of(m->r, c->name, c->new_version),
			      n);
	}
	lg_buf_putc(m->out, '\n');
}

static void put_finding_row(struct md_ctx *m, size_t i)
{
	const struct lg_finding *f = &m->r->findings.v[i];

	m->shown[i] = true;
	lg_buf_printf(m->out, "| %s | %s | ", lg_severity_name(f->severity), f->rule);
	if (f->path) {
		esc(m, f->path);
		if (f->line)
			lg_buf_printf(m->out, ":%zu", f->line);
	} else if (f->lockfile) {
		esc(m, f->lockfile);
		lg_buf_printf(m->out, ":%zu", f->lockfile_line);
	} else {
		lg_buf_puts(m->out, "-");
	}
	lg_buf_puts(m->out, " | ");
	esc(m, f->message);
	lg_buf_puts(m->out, " |\n");
}

static bool wanted(const struct lg_finding *f, const char *pkg, const char *ver,
		   const char *file)
{
	return of_package(f, pkg, ver) && (!file || same(f->file, file));
}

/* One <details> block with the unshown findings of pkg/ver (and file, when
 * set: scanned artifacts have no package); all remaining ones when all is
 * set. */
static void put_details(struct md_ctx *m, const char *pkg, const char *ver,
			const char *file, bool all)
{
	size_t n = 0;

	for (size_t i = 0; i < m->r->findings.n; i++)
		n += !m->shown[i] && (all || wanted(&m->r->findings.v[i], pkg, ver, file));
	if (!n)
		return;
	lg_buf_puts(m->out, "<details><summary>");
	if (all) {
		lg_buf_puts(m->out, "other findings");
	} else {
		esc(m, pkg ? pkg : file);
		if (ver) {
			lg_buf_putc(m->out, ' ');
			esc(m, ver);
		}
		lg_buf_printf(m->out, ": %s", verdict_of(m->r, pkg, ver));
	}
	lg_buf_printf(m->out, ", %zu finding%s</summary>\n\n"
			      "| Severity | Rule | Where | Message |\n|---|---|---|---|\n",
		      n, n == 1 ? "" : "s");
	for (size_t i = 0; i < m->r->findings.n; i++)
		if (!m->shown[i] && (all || wanted(&m->r->findings.v[i], pkg, ver, file)))
			put_finding_row(m, i);
	lg_buf_puts(m->out, "\nRun `lockgate explain RULE` for what a rule means and what "
			    "to do.\n\n</details>\n\n");
}

static int render_markdown(struct lg_buf *out, const struct lg_result *r,
			   const struct lg_report_options *opts)
{
	struct md_ctx m = {out, r, opts, NULL};

	if (!(m.shown = lg__calloc(r->findings.n + 1, sizeof(bool))))
		return lg_error_oom();
	lg_buf_printf(out, "## lockgate: %s\n\n", lg_verdict_name(r->verdict));
	put_counts(&m);
	put_changes(&m);
	for (size_t i = 0; i < r->nchanges; i++)
		put_details(&m, r->changes[i].name, r->changes[i].new_version, NULL, false);
	for (size_t i = 0; i < r->nartifacts; i++)
		put_details(&m, r->artifacts[i].package, r->artifacts[i].version,
			    r->artifacts[i].file, false);
	put_details(&m, NULL, NULL, NULL, true);
	if (r->nerrors)
		lg_buf_puts(out, "### Could not check (incomplete)\n\n");
	for (size_t i = 0; i < r->nerrors; i++) {
		lg_buf_puts(out, "- ");
		if (r->errors[i].package) {
			esc(&m, r->errors[i].package);
			lg_buf_puts(out, ": ");
		}
		esc(&m, r->errors[i].message);
		lg_buf_putc(out, '\n');
	}
	lg__free(m.shown);
	return out->err;
}

const struct lg_report_sink lg_report__markdown = {
	"markdown", "GitHub-flavoured Markdown (job summary, PR comment)", render_markdown};
