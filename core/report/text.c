/* SPDX-License-Identifier: MIT */
/* The human report: grouped by lock file, then package, then artifact; one
 * line per finding (severity, rule id, file:line, message and the
 * `lockgate explain` hint); every attacker-controlled string escaped for
 * the terminal. Colour only when the caller asks (a TTY without NO_COLOR). */
#include "lg/report.h"
#include "report_private.h"

struct text_ctx {
	struct lg_buf *out;
	const struct lg_result *r;
	bool color;
	bool *shown; /* findings already printed */
};

static const char *const sev_color[] = {
	"\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};

static void upper(char dst[16], const char *src)
{
	size_t k;

	for (k = 0; src[k] && k < 15; k++)
		dst[k] = (src[k] >= 'a' && src[k] <= 'z') ? (char)(src[k] - 32)
							  : src[k];
	dst[k] = '\0';
}

static void put_esc(struct text_ctx *t, const char *s)
{
	lg_escape_terminal(t->out, s ? s : "-");
}

static void put_color(struct text_ctx *t, const char *code, const char *word)
{
	if (t->color)
		lg_buf_printf(t->out, "%s%s\033[0m", code, word);
	else
		lg_buf_puts(t->out, word);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void put_finding(struct text_ctx *t, size_t i, const char *indent)
{
	const struct lg_finding *f = &t->r->findings.v[i];
	char sev[16];

	t->shown[i] = true;
	upper(sev, lg_severity_name(f->severity));
	lg_buf_puts(t->out, indent);
	put_color(t, sev_color[f->severity], sev);
	lg_buf_printf(t->out, " %s ", f->rule);
	if (f->path) {
		put_esc(t, f->path);
		if (f->line)
			lg_buf_printf(t->out, ":%zu", f->line);
	} else if (f->lockfile) {
		put_esc(t, f->lockfile);
		lg_buf_printf(t->out, ":%zu", f->lockfile_line);
	} else {
		put_esc(t, f->file);
	}
	lg_buf_puts(t->out, ": ");
	put_esc(t, f->message);
	lg_buf_puts(t->out, "  ");
	if (t->color)
		lg_buf_printf(t->out, "\033[2m(lockgate explain %s)\033[0m\n", f->rule);
	else
		lg_buf_printf(t->out, "(lockgate explain %s)\n", f->rule);
}

/* Findings of one package/version (and file, or package-level ones). */
static void put_findings_of(struct text_ctx *t, const char *pkg,
			    const char *ver, const char *file, const char *indent)
{
	for (size_t i = 0; i < t->r->findings.n; i++) {
		const struct lg_finding *f = &t->r->findings.v[i];

		if (!t->shown[i] && same(f->package, pkg) && same(f->version, ver) &&
		    same(f->file, file))
			put_finding(t, i, indent);
	}
}

static void put_artifact(struct text_ctx *t, const struct lg_artifact *a,
			 const char *indent)
{
	static const char *const vcolor[] = {"\033[32m", "\033[1;31m",
						"\033[1;33m", "\033[33m"};
	char word[16];

	upper(word, lg_verdict_name(a->verdict));
	lg_buf_puts(t->out, indent);
	put_esc(t, a->file);
	lg_buf_puts(t->out, "  ");
	put_color(t, vcolor[a->verdict], word);
	if (a->sha256)
		lg_buf_printf(t->out, "  sha256:%.16s...", a->sha256);
	if (a->lazy)
		lg_buf_puts(t->out, "  (read lazily: members by range)");
	lg_buf_putc(t->out, '\n');
	put_findings_of(t, a->package, a->version, a->file,
			indent[2] ? "      " : "    ");
}

static void put_change(struct text_ctx *t, const struct lg_change *c)
{
	lg_buf_printf(t->out, "  line %zu  ", c->line);
	put_esc(t, c->name);
	lg_buf_printf(t->out, "  %s ", lg_change_kind_name(c->kind));
	if (c->old_version && c->kind != LG_CHANGE_REMOVED) {
		put_esc(t, c->old_version);
		lg_buf_puts(t->out, " -> ");
	}
	put_esc(t, c->kind == LG_CHANGE_REMOVED ? c->old_version : c->new_version);
	lg_buf_putc(t->out, '\n');
	if (c->kind == LG_CHANGE_REMOVED)
		return;
	put_findings_of(t, c->name, c->new_version, NULL, "      ");
	for (size_t i = 0; i < t->r->nartifacts; i++) {
		const struct lg_artifact *a = &t->r->artifacts[i];

		if (same(a->package, c->name) && same(a->version, c->new_version))
			put_artifact(t, a, "    ");
	}
}

static int cmp_lockfile(const void *a, const void *b)
{
	const struct lg_change *x = *(const struct lg_change *const *)a;
	const struct lg_change *y = *(const struct lg_change *const *)b;
	int c = strcmp(x->lockfile ? x->lockfile : "", y->lockfile ? y->lockfile : "");

	return c ? c : (x > y) - (x < y);
}

/* Changes grouped by lock file (sorted by path, file order inside). */
static int put_changes(struct text_ctx *t)
{
	const struct lg_change **v = lg__calloc(t->r->nchanges + 1, sizeof(*v));

	if (!v)
		return lg_error_oom();
	for (size_t i = 0; i < t->r->nchanges; i++)
		v[i] = &t->r->changes[i];
	qsort(v, t->r->nchanges, sizeof(*v), cmp_lockfile);
	for (size_t i = 0; i < t->r->nchanges; i++) {
		if (!i || !same(v[i]->lockfile, v[i - 1]->lockfile)) {
			put_esc(t, v[i]->lockfile);
			lg_buf_putc(t->out, '\n');
		}
		put_change(t, v[i]);
	}
	lg__free(v);
	return 0;
}

/* Findings a [[suppress]] entry hid: shown, never counted. */
static void put_suppressed(struct text_ctx *t)
{
	const struct lg_findings *s = &t->r->suppressed;

	if (s->n)
		lg_buf_printf(t->out, "suppressed by the configuration (%zu):\n",
			      s->n);
	for (size_t i = 0; i < s->n; i++) {
		const struct lg_finding *f = &s->v[i];

		lg_buf_printf(t->out, "  %s %s ", lg_severity_name(f->severity),
			      f->rule);
		put_esc(t, f->package);
		lg_buf_putc(t->out, ' ');
		put_esc(t, f->version);
		lg_buf_putc(t->out, ' ');
		put_esc(t, f->file ? f->file : f->lockfile);
		if (f->path) {
			lg_buf_putc(t->out, ' ');
			put_esc(t, f->path);
			if (f->line)
				lg_buf_printf(t->out, ":%zu", f->line);
		}
		lg_buf_puts(t->out, ": ");
		put_esc(t, f->message);
		lg_buf_puts(t->out, "\n    reason (");
		put_esc(t, f->suppressed_at);
		lg_buf_puts(t->out, "): ");
		put_esc(t, f->suppressed_by);
		lg_buf_putc(t->out, '\n');
	}
}

static void put_summary(struct text_ctx *t)
{
	const struct lg_result *r = t->r;
	size_t blocked = 0;

	for (size_t i = 0; i < r->nerrors; i++) {
		lg_buf_puts(t->out, "  error: ");
		if (r->errors[i].package) {
			put_esc(t, r->errors[i].package);
			lg_buf_puts(t->out, ": ");
		}
		put_esc(t, r->errors[i].message);
		lg_buf_putc(t->out, '\n');
	}
	for (size_t i = 0; i < r->nartifacts; i++)
		blocked += r->artifacts[i].verdict == LG_VERDICT_BLOCK;
	lg_buf_printf(t->out, "verdict: %s (%zu change%s, %zu artifact%s, %zu "
		      "blocked, %zu finding%s, %zu error%s)\n",
		      lg_verdict_name(r->verdict), r->nchanges,
		      r->nchanges == 1 ? "" : "s", r->nartifacts,
		      r->nartifacts == 1 ? "" : "s", blocked, r->findings.n,
		      r->findings.n == 1 ? "" : "s", r->nerrors,
		      r->nerrors == 1 ? "" : "s");
	if (r->suppressed.n || r->ndisabled)
		lg_buf_printf(t->out, "  not counted: %zu suppressed, %zu of "
			      "disabled rules\n", r->suppressed.n, r->ndisabled);
}

static int render_text(struct lg_buf *out, const struct lg_result *r,
		       const struct lg_report_options *opts)
{
	struct text_ctx t = {out, r, opts->color, NULL};

	if (!(t.shown = lg__calloc(r->findings.n + 1, sizeof(bool))))
		return lg_error_oom();
	if (opts->title)
		lg_buf_printf(out, "%s\n", opts->title);
	if (put_changes(&t) < 0) {
		lg__free(t.shown);
		return LG_ENOMEM;
	}
	if (!r->nchanges)
		for (size_t i = 0; i < r->nartifacts; i++)
			put_artifact(&t, &r->artifacts[i], "  ");
	for (size_t i = 0; i < r->findings.n; i++)
		if (!t.shown[i])
			put_finding(&t, i, "  ");
	put_suppressed(&t);
	put_summary(&t);
	lg__free(t.shown);
	return out->err;
}

const struct lg_report_sink lg_report__text = {
	"text", "grouped by lock file and package (default)", render_text};
