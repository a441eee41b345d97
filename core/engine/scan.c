/* SPDX-License-Identifier: MIT */
/* One artifact's bytes through the archive reader and the rules. */
#include "lg/archive.h"
#include "lg/buf.h"
#include "lg/hash.h"
#include "lg/rules.h"
#include "engine_private.h"
#include "lazy.h"

static bool want_member(const char *path, void *payload)
{
	(void)payload;
	return lg_rules_wants_member(path);
}

/* One artifact's walk: every member is streamed (never held whole unless
 * the rules want its bytes); for a zip (a wheel) each member's sha256 is
 * computed on the way for wheel.record-mismatch. */
struct scan_walk {
	struct lg_rules_scan *scan;
	struct lg_sha256 *md; /* the current member's digest, or NULL */
	bool hash;            /* zip: hash every member */
	struct lg_engine__names *names; /* member paths collected, or NULL */
};

int lg_engine__names_add(struct lg_engine__names *n, const char *path)
{
	if (n->n == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 64;
		char **v = lg__reallocarray(n->v, cap, sizeof(*v));

		if (!v)
			return lg_error_oom();
		n->v = v;
		n->cap = cap;
	}
	if (!(n->v[n->n] = lg__strdup(path)))
		return lg_error_oom();
	n->n++;
	return 0;
}

void lg_engine__names_dispose(struct lg_engine__names *n)
{
	for (size_t i = 0; i < n->n; i++)
		lg__free(n->v[i]);
	lg__free(n->v);
	memset(n, 0, sizeof(*n));
}

static int on_block(const char *path, uint64_t off, const void *p, size_t n,
		    void *payload)
{
	struct scan_walk *w = payload;
	int error;

	(void)path;
	if (!w->hash)
		return 0;
	if (off == 0) {
		lg_sha256_free(w->md);
		w->md = NULL;
		if ((error = lg_sha256_new(&w->md)) < 0)
			return error;
	}
	return lg_sha256_update(w->md, p, n);
}

static int on_member(const struct lg_member *m, void *payload)
{
	struct scan_walk *w = payload;
	struct lg_rules_member info = {m->path, m->size, NULL, m->head,
				       m->head_len};
	char hex[LG_SHA256_HEX_LEN + 1];
	int error = 0;

	if (w->hash && m->streamed) {
		error = w->md ? lg_sha256_final_hex(w->md, hex)
			      : lg_sha256_hex(hex, "", 0);
		lg_sha256_free(w->md);
		w->md = NULL;
		if (error < 0)
			return error;
		info.sha256 = hex;
	}
	if (w->names && (error = lg_engine__names_add(w->names, m->path)) < 0)
		return error;
	if ((error = lg_rules_scan_note(w->scan, &info)) < 0)
		return error;
	if (!m->data)
		return 0;
	return lg_rules_scan_add(w->scan, m->path, m->data, m->size);
}

/* The project of the artifact for the rules (typosquat booster): the
 * lock entry's name, else the file name's. When neither names one, the
 * rules fall back to the artifact's own metadata. */
static int name_project(struct lg_rules_scan *scan, const char *file,
			const struct lg_engine_ctx *ctx)
{
	char *name = NULL;
	int error;

	if (ctx->package)
		return lg_rules_scan_set_project(scan, ctx->package);
	error = lg_name_from_artifact(&name, file);
	if (error == LG_ENOTFOUND || error == LG_EINVALID) {
		lg_error_clear();
		return 0;
	}
	if (!error)
		error = lg_rules_scan_set_project(scan, name);
	lg__free(name);
	return error;
}

/* Ends a scan that started at findings[from]: what was read is judged
 * even when reading stopped early (error), a failure makes the artifact
 * incomplete, the new findings get the package context, and a finding at
 * the policy threshold blocks the artifact. Frees scan. */
static int judge(struct lg_result *r, size_t artifact,
		 const struct lg_policy *policy, struct lg_rules_scan *scan,
		 int error, size_t from, const struct lg_engine_ctx *ctx)
{
	struct lg_artifact *a = &r->artifacts[artifact];

	if (error != LG_ENOMEM) {
		int e2 = lg_rules_scan_finish(scan);

		if (error >= 0 || e2 == LG_ENOMEM)
			error = e2;
	}
	lg_rules_scan_free(scan);
	if (error == LG_ENOMEM)
		return error;
	if (error < 0) {
		a->verdict = LG_VERDICT_INCOMPLETE;
		if ((error = lg_result_add_error(r, ctx->package, "%s: %s", a->file,
						 lg_error_last()->message)) < 0)
			return error;
	}
	if ((error = lg_findings_set_context(&r->findings, from, ctx->package,
					     ctx->version, a->file,
					     ctx->lockfile, ctx->lockfile_line)) < 0)
		return error;
	if (lg_policy_verdict(policy, &r->findings, from) == LG_VERDICT_BLOCK)
		a->verdict = LG_VERDICT_BLOCK;
	return 0;
}

int lg_engine__scan_artifact(struct lg_result *r, size_t artifact,
			     const struct lg_policy *policy, const char *buf,
			     size_t len, const struct lg_engine_ctx *ctx)
{
	return lg_engine__scan_artifact_names(r, artifact, policy, buf, len,
					      ctx, NULL);
}

int lg_engine__scan_artifact_names(struct lg_result *r, size_t artifact,
				   const struct lg_policy *policy,
				   const char *buf, size_t len,
				   const struct lg_engine_ctx *ctx,
				   struct lg_engine__names *names)
{
	struct lg_artifact *a = &r->artifacts[artifact];
	struct lg_rules_scan *scan = NULL;
	struct scan_walk w = {NULL, NULL, false, names};
	struct lg_archive_walk_options opts = {want_member, on_member,
					       on_block, &w};
	size_t from = r->findings.n;
	int error;

	if ((error = lg_rules_scan_new(&scan, &r->findings)) < 0)
		return error;
	w.scan = scan;
	w.hash = lg_archive_sniff(buf, len) == LG_ARCHIVE_ZIP;
	if (ctx->sdist_build)
		lg_rules_scan_report_build_requires(scan);
	if ((error = name_project(scan, a->file, ctx)) == 0)
		error = lg_archive_walk_ex(buf, len, a->file, &opts,
					   &r->findings);
	lg_sha256_free(w.md);
	return judge(r, artifact, policy, scan, error, from, ctx);
}

/* The members a lazy read got, through the same rules: every member is
 * noted (path and size; digest and first bytes when it was read), the
 * members read are added as usual. */
int lg_engine__scan_lazy(struct lg_result *r, size_t artifact,
			 const struct lg_policy *policy,
			 const struct lg_engine__lazy *lazy,
			 const struct lg_engine_ctx *ctx)
{
	struct lg_artifact *a = &r->artifacts[artifact];
	struct lg_rules_scan *scan = NULL;
	size_t from = r->findings.n;
	int error;

	if ((error = lg_rules_scan_new(&scan, &r->findings)) < 0)
		return error;
	error = name_project(scan, a->file, ctx);
	for (size_t i = 0; i < lazy->dir->n && !error; i++) {
		const struct lg_engine__lazy_member *m = &lazy->m[i];
		struct lg_rules_member info = {m->e->path, m->e->usize, NULL,
					       NULL, 0};

		if (m->e->is_dir)
			continue;
		if (m->data) {
			info.sha256 = m->sha256;
			info.head = (const unsigned char *)m->data;
			info.head_len = m->len < LG_ARCHIVE_HEAD_BYTES
						? m->len
						: LG_ARCHIVE_HEAD_BYTES;
		}
		if ((error = lg_rules_scan_note(scan, &info)) == 0 && m->data)
			error = lg_rules_scan_add(scan, m->e->path, m->data,
						  m->len);
	}
	return judge(r, artifact, policy, scan, error, from, ctx);
}
