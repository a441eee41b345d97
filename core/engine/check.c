/* SPDX-License-Identifier: MIT */
/* lockgate check: lock files of two revisions -> changed packages -> files
 * from the index -> verified bytes -> scan -> verdict. */
#include <stdio.h>

#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/gitdiff.h"
#include "lg/hash.h"
#include "lg/index.h"
#include "lg/lockfile.h"
#include "lg/lockpolicy.h"
#include "lg/osv.h"
#include "lg/rules.h"
#include "engine_private.h"

struct transition;

struct check_run {
	const struct lg_engine_options *opts;
	struct lg_result *r;
	/* Files to download, verify and scan, in report order. */
	struct lg_engine__job *jobs;
	size_t njobs, jobs_cap;
	/* Resolved releases: the jobs borrow their files. */
	struct lg_release **releases;
	size_t nreleases;
	/* Every changed lock file's entries, per side: the diff is one set
	 * difference, so a package moved between lock files (pdm.lock ->
	 * uv.lock) with the same version, source and hashes is no change,
	 * and a package in several lock files is fetched once. */
	struct lg_pkgset *old_all, *new_all;
	struct lg_lockfile_io old_io, new_io; /* files of each revision */
	struct lg_lock_policy lock_policy;
	char default_host[256];  /* host of opts->index_url */
	struct lg_osv_db *malware; /* --malware-db records, or NULL */
	char **osv_ids;            /* per change: a MAL- id from the OSV API */
	size_t nosv_ids;
	/* Upgrades and downgrades whose old files are read too. */
	struct transition *trans;
	size_t ntrans;
	struct lg_engine__prov *prov; /* provenance state, or NULL (off) */
	/* Index documents of every change, fetched in one batch. */
	struct lg_engine__docs docs;
	/* Changes whose index gave no upload times, and the first one. */
	size_t no_times;
	struct lg_engine_ctx no_times_ctx;
	/* --offline: the first registry change (the notes' context) and how
	 * many the OSV API would have been asked about. */
	size_t offline_osv;
	struct lg_engine_ctx offline_ctx;
};

static bool want_path(const char *path, void *payload)
{
	return lg_config_selects(payload, path, lg_lockfile_discoverable(path));
}

static bool is_pyproject(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strcmp(slash ? slash + 1 : path, "pyproject.toml") == 0;
}

/* Records the last error as something that left the run incomplete. */
static int incomplete(struct lg_result *r, const char *package)
{
	return lg_result_add_error(r, package, "%s", lg_error_last()->message);
}

/* One side of a lock file: its format by name or content (unknown content
 * is no lock file: *out stays NULL). */
static int parse_side(struct lg_pkgset **out, struct check_run *run,
		      const char *path, const char *data, size_t len,
		      const struct lg_lockfile_io *io)
{
	const struct lg_lockfile_format *fmt;

	*out = NULL;
	if (!data || !(fmt = lg_lockfile_format_detect(path, data, len)))
		return 0;
	return fmt->parse(out, &run->r->findings, data, len, path, io);
}

/* Parses both sides of one changed lock file into the run's union sets;
 * includes are read from the same side. */
static int parse_one_file(struct check_run *run, const struct lg_gitdiff_file *f)
{
	struct lg_pkgset *old = NULL, *cur = NULL;
	int error = 0;

	if (is_pyproject(f->path))
		return 0;
	if ((error = parse_side(&old, run, f->path, f->old_data, f->old_len,
				&run->old_io)) < 0 ||
	    (error = parse_side(&cur, run, f->path, f->new_data, f->new_len,
				&run->new_io)) < 0)
		goto done;
	if ((error = lg_pkgset_append(run->old_all, old)) < 0 ||
	    (error = lg_pkgset_append(run->new_all, cur)) < 0)
		goto done;
done:
	if (error < 0 && error != LG_ENOMEM)
		error = incomplete(run->r, NULL);
	lg_pkgset_free(old);
	lg_pkgset_free(cur);
	return error;
}

/* A reader that notes every file a parser includes. */
struct rec_io {
	const struct lg_lockfile_io *inner;
	char **paths;
	size_t n;
};

static int rec_read(struct lg_buf *out, const char *path, void *payload)
{
	struct rec_io *rec = payload;
	char **v;

	if (rec->n >= LG_MAX_INCLUDE_FILES)
		return lg_error_toobig("more than %u included files",
				       LG_MAX_INCLUDE_FILES);
	if (!(v = lg__reallocarray(rec->paths, rec->n + 1, sizeof(*v))))
		return lg_error_oom();
	rec->paths = v;
	if (!(v[rec->n] = lg__strdup(path)))
		return lg_error_oom();
	rec->n++;
	return rec->inner->read(out, path, rec->inner->payload);
}

static void rec_dispose(struct rec_io *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		lg__free(rec->paths[i]);
	lg__free(rec->paths);
}

/* Whether path reads differently on the two sides (absent counts). */
static int side_differs(bool *out, struct check_run *run, const char *path)
{
	struct lg_buf a = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	struct lg_buf b = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	int ea = run->old_io.read(&a, path, run->old_io.payload);
	int eb = run->new_io.read(&b, path, run->new_io.payload);
	int error = 0;

	if ((ea < 0 && ea != LG_ENOTFOUND) || (eb < 0 && eb != LG_ENOTFOUND))
		error = ea < 0 && ea != LG_ENOTFOUND ? ea : eb;
	else
		*out = ea != eb || a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0;
	lg_error_clear();
	lg_buf_dispose(&a);
	lg_buf_dispose(&b);
	return error;
}

/* An unchanged requirements file changes when a file it includes does:
 * the parse is a function of the bytes read, so if every file the new
 * side read is the same on the old side, nothing changed. */
static int parse_unchanged(struct check_run *run, const char *path)
{
	struct lg_buf data = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	struct rec_io rec = {&run->new_io, NULL, 0};
	const struct lg_lockfile_io io = {rec_read, &rec, run->new_io.env,
					  run->new_io.env_payload};
	struct lg_pkgset *old = NULL, *cur = NULL;
	bool changed = false;
	int error, perr = 0;

	if ((error = run->new_io.read(&data, path, run->new_io.payload)) < 0 ||
	    lg_lockfile_format_detect(path, data.ptr, data.len) !=
		    lg_lockfile_format_by_name("requirements"))
		goto done;
	perr = lg_lockfile_parse_requirements(&cur, NULL, data.ptr, data.len,
					      path, &io);
	if (perr == LG_ENOMEM) {
		error = perr;
		goto done;
	}
	for (size_t i = 0; i < rec.n && !changed && !error; i++)
		error = side_differs(&changed, run, rec.paths[i]);
	if (error < 0 || !changed)
		goto done;
	if (perr < 0 ||
	    (error = lg_lockfile_parse_requirements(&old, &run->r->findings,
						    data.ptr, data.len, path,
						    &run->old_io)) < 0) {
		error = error == LG_ENOMEM ? error : incomplete(run->r, NULL);
		goto done;
	}
	if ((error = lg_pkgset_append(run->old_all, old)) == 0)
		error = lg_pkgset_append(run->new_all, cur);
done:
	if (error < 0 && error != LG_ENOMEM)
		error = incomplete(run->r, NULL);
	if (!error)
		lg_error_clear();
	rec_dispose(&rec);
	lg_pkgset_free(old);
	lg_pkgset_free(cur);
	lg_buf_dispose(&data);
	return error;
}

static bool is_changed(const struct lg_gitdiff *d, const char *path)
{
	for (size_t i = 0; i < d->nfiles; i++)
		if (strcmp(d->files[i].path, path) == 0)
			return true;
	return false;
}

static bool lock_has_sha256(const struct lg_pkg *pkg, const char *hex)
{
	for (size_t i = 0; hex && i < pkg->nhashes; i++)
		if (strncmp(pkg->hashes[i], "sha256:", 7) == 0 &&
		    lg_hex_equal(pkg->hashes[i] + 7, hex))
			return true;
	return false;
}

static size_t sha256_count(const struct lg_pkg *pkg)
{
	size_t n = 0;

	for (size_t i = 0; i < pkg->nhashes; i++)
		n += strncmp(pkg->hashes[i], "sha256:", 7) == 0;
	return n;
}

/* md5 and sha1 are reported by the lock policy (lock.weak-hash); the
 * entry is then checked as if it had only its other hashes. */
static bool weak_hash(const char *h)
{
	return strncmp(h, "md5:", 4) == 0 || strncmp(h, "sha1:", 5) == 0;
}

static bool release_has_sdist(const struct lg_release *rel)
{
	for (size_t i = 0; i < rel->nfiles; i++)
		if (strcmp(rel->files[i].packagetype, "sdist") == 0)
			return true;
	return false;
}

/* Exactly the files the lock pins; without hashes the sdist (else all). */
static bool wanted_file(const struct lg_pkg *pkg, const struct lg_release *rel,
			const struct lg_index_file *file)
{
	if (sha256_count(pkg))
		return lock_has_sha256(pkg, file->sha256);
	if (release_has_sdist(rel))
		return strcmp(file->packagetype, "sdist") == 0;
	return true;
}

static int add_finding(struct lg_result *r, const struct lg_engine_ctx *ctx,
		       const char *file, const char *rule, enum lg_severity sev,
		       const char *msg)
{
	size_t from = r->findings.n;
	int error;

	if ((error = lg_findings_add(&r->findings, rule, sev, NULL, 0, "%s",
				     msg)) < 0)
		return error;
	return lg_findings_set_context(&r->findings, from, ctx->package,
				       ctx->version, file, ctx->lockfile,
				       ctx->lockfile_line);
}

/* Every lock hash must name a file the index lists (lock and index agree). */
static int check_lock_hashes(struct lg_result *r, const struct lg_pkg *pkg,
			     const struct lg_release *rel,
			     const struct lg_engine_ctx *ctx)
{
	char msg[256];
	int error = 0;

	for (size_t i = 0; i < pkg->nhashes && !error; i++) {
		const char *h = pkg->hashes[i];
		bool found = false;

		if (weak_hash(h))
			continue;
		if (strncmp(h, "sha256:", 7) != 0) {
			lg_error_set(LG_ERRCLASS_HASH, "%s==%s: cannot verify "
				     "'%.6s' hashes yet; pin sha256 hashes",
				     pkg->name, pkg->version, h);
			return incomplete(r, pkg->name);
		}
		for (size_t j = 0; j < rel->nfiles && !found; j++) {
			if (!rel->files[j].sha256) {
				lg_error_set(LG_ERRCLASS_HASH, "the index gives no "
					     "sha256 for '%s'; cannot match it "
					     "to the lock", rel->files[j].filename);
				return incomplete(r, pkg->name);
			}
			found = lg_hex_equal(rel->files[j].sha256, h + 7);
		}
		if (found)
			continue;
		snprintf(msg, sizeof(msg), "the lock pins sha256 %.16s... but "
			 "the index lists no file of %s %s with that digest",
			 h + 7, pkg->name, pkg->version);
		error = add_finding(r, ctx, NULL, "hash.mismatch",
				    LG_SEV_CRITICAL, msg);
	}
	return error;
}

/* Downloaded bytes must equal the index digest and a lock hash. */
static int verify_bytes(struct check_run *run, bool *ok, const char *got,
			const struct lg_pkg *pkg, const struct lg_index_file *file,
			const struct lg_engine_ctx *ctx)
{
	char msg[256];
	int error = 0;

	*ok = true;
	if (file->sha256 && !lg_hex_equal(got, file->sha256)) {
		snprintf(msg, sizeof(msg), "downloaded bytes have sha256 %.16s..., "
			 "the index says %.16s...", got, file->sha256);
		*ok = false;
		error = add_finding(run->r, ctx, file->filename, "hash.mismatch",
				    LG_SEV_CRITICAL, msg);
	}
	if (!error && sha256_count(pkg) && !lock_has_sha256(pkg, got)) {
		snprintf(msg, sizeof(msg), "downloaded bytes have sha256 %.16s..., "
			 "which the lock does not list", got);
		*ok = false;
		error = add_finding(run->r, ctx, file->filename, "hash.mismatch",
				    LG_SEV_CRITICAL, msg);
	}
	return error;
}

/* Queues one file of the release; its bytes come in the download phase. */
static int queue_file_into(struct check_run *run, struct lg_result *into,
			   size_t transition, const struct lg_pkg *pkg,
			   const char *doc_url, const struct lg_index_file *file,
			   const struct lg_engine_ctx *ctx)
{
	struct lg_engine__job *job;
	size_t idx;
	int error;

	if ((error = lg_result_add_artifact(into, &idx, pkg->name,
					    pkg->version, file->filename)) < 0)
		return error;
	if (run->njobs == run->jobs_cap) {
		size_t cap = run->jobs_cap ? run->jobs_cap * 2 : 16;
		void *p = lg__reallocarray(run->jobs, cap, sizeof(*run->jobs));

		if (!p)
			return lg_error_oom();
		run->jobs = p;
		run->jobs_cap = cap;
	}
	job = &run->jobs[run->njobs++];
	memset(job, 0, sizeof(*job));
	lg_buf_init(&job->body, LG_MAX_ARTIFACT_BYTES);
	job->pkg = pkg;
	job->file = file;
	job->ctx = *ctx;
	job->artifact = idx;
	job->transition = transition;
	/* A lazy read cannot hash the whole file: it is allowed only when
	 * the lock's hash is the index's digest, so the index vouches for
	 * the bytes the ranges come from. */
	job->lazy_ok = sha256_count(pkg) && file->sha256 &&
		       lock_has_sha256(pkg, file->sha256) &&
		       strcmp(file->packagetype, "bdist_wheel") == 0;
	if (run->prov &&
	    (error = lg_engine__prov_url(&job->prov_url, doc_url, pkg->name,
					 pkg->version, file)) < 0) {
		if (error == LG_ENOMEM)
			return error;
		lg_error_clear(); /* an unusable URL: no provenance */
	}
	if ((error = lg_url_resolve(&job->url, doc_url, file->url)) < 0) {
		if (error == LG_ENOMEM)
			return error;
		job->error = error;
		if (!(job->message = lg__strdup(lg_error_last()->message)))
			return lg_error_oom();
	}
	return 0;
}

static int queue_file(struct check_run *run, const struct lg_pkg *pkg,
		      const char *doc_url, const struct lg_index_file *file,
		      const struct lg_engine_ctx *ctx)
{
	return queue_file_into(run, run->r, 0, pkg, doc_url, file, ctx);
}

static int finish_old_job(struct check_run *run, struct lg_engine__job *job);
static struct lg_engine__prov_seen *seen_slot(struct check_run *run,
					      const struct lg_engine__job *job);

/* Verifies and scans one job after the download phase. */
static int finish_job(struct check_run *run, struct lg_engine__job *job)
{
	struct lg_result *r = run->r;
	struct lg_artifact *a;
	const struct lg_engine_ctx *ctx = &job->ctx;
	bool ok;
	int error;

	if (job->transition)
		return finish_old_job(run, job);
	a = &r->artifacts[job->artifact];
	if (job->error < 0) {
		a->verdict = LG_VERDICT_INCOMPLETE;
		return lg_result_add_error(r, job->pkg->name, "%s", job->message);
	}
	if (job->lazy) {
		/* Only ranges were read: the trust is the lock hash == index
		 * digest agreement checked when the job was queued. */
		if (!(a->sha256 = lg__strdup(job->file->sha256)))
			return lg_error_oom();
		a->lazy = true;
		if ((error = lg_engine__prov_check(run->prov, r, job,
						   job->file->sha256,
						   seen_slot(run, job))) < 0)
			return error;
		return lg_engine__scan_lazy(r, job->artifact,
					    &run->opts->policy, job->lazy, ctx);
	}
	if (!(a->sha256 = lg__strdup(job->got)))
		return lg_error_oom();
	if ((error = verify_bytes(run, &ok, job->got, job->pkg, job->file,
				  ctx)) < 0 ||
	    (error = lg_engine__prov_check(run->prov, r, job, job->got,
					       seen_slot(run, job))) < 0)
		return error;
	if (ok && !job->from_cache && run->opts->cache_dir &&
	    lg_cache_put(run->opts->cache_dir, job->got, job->body.ptr,
			 job->body.len) < 0)
		lg_error_clear(); /* a cache we cannot write only costs time */
	/* An sdist's member list stays for the wheel comparison (C15). */
	if (strcmp(job->file->packagetype, "sdist") == 0) {
		size_t nerrors = r->nerrors;

		if ((error = lg_engine__scan_artifact_names(
			     r, job->artifact, &run->opts->policy, job->body.ptr,
			     job->body.len, ctx, &job->names)) < 0)
			return error;
		job->names_ok = r->nerrors == nerrors;
		return 0;
	}
	return lg_engine__scan_artifact(r, job->artifact, &run->opts->policy,
					job->body.ptr, job->body.len, ctx);
}

/* Combination C15: for each changed package whose sdist and wheels were
 * both read, code with findings that a wheel has and the sdist lacks. */
static int check_divergence(struct check_run *run)
{
	struct lg_result *r = run->r;
	int error = 0;

	for (size_t i = 0; i < run->njobs && !error; i++) {
		const struct lg_engine__job *s = &run->jobs[i];

		if (!s->names_ok || s->transition)
			continue;
		for (size_t j = 0; j < run->njobs && !error; j++) {
			const struct lg_engine__job *w = &run->jobs[j];
			size_t from = r->findings.n;

			if (w->pkg != s->pkg || w->transition || w->error < 0 ||
			    strcmp(w->file->packagetype, "bdist_wheel") != 0)
				continue;
			if ((error = lg_rules_divergence(
				     &r->findings, 0, w->file->filename,
				     (const char *const *)s->names.v,
				     s->names.n)) < 0 ||
			    (error = lg_findings_set_context(
				     &r->findings, from, w->ctx.package,
				     w->ctx.version, w->file->filename,
				     w->ctx.lockfile, w->ctx.lockfile_line)) < 0)
				break;
			if (lg_policy_verdict(&run->opts->policy, &r->findings,
					      from) == LG_VERDICT_BLOCK)
				r->artifacts[w->artifact].verdict = LG_VERDICT_BLOCK;
		}
	}
	return error;
}

static bool release_has_wheel(const struct lg_release *rel)
{
	for (size_t i = 0; i < rel->nfiles; i++)
		if (strcmp(rel->files[i].packagetype, "sdist") != 0)
			return true;
	return false;
}

static int check_release(struct check_run *run, const struct lg_pkg *pkg,
			 const struct lg_release *rel, const char *doc_url,
			 const struct lg_engine_ctx *pkg_ctx)
{
	struct lg_engine_ctx file_ctx = *pkg_ctx, *ctx = &file_ctx;
	size_t checked = 0;
	int error;

	/* pip must build a package that ships only sdists. */
	file_ctx.sdist_build = !release_has_wheel(rel);

	if ((error = check_lock_hashes(run->r, pkg, rel, ctx)) < 0)
		return error;
	for (size_t i = 0; i < rel->nfiles; i++) {
		if (!wanted_file(pkg, rel, &rel->files[i]))
			continue;
		checked++;
		if ((error = queue_file(run, pkg, doc_url, &rel->files[i], ctx)) < 0)
			return error;
	}
	if (!checked && !sha256_count(pkg)) {
		lg_error_set(LG_ERRCLASS_SOURCE, "the index lists no file for "
			     "%s %s", pkg->name, pkg->version);
		return incomplete(run->r, pkg->name);
	}
	return 0;
}

static int keep_release(struct check_run *run, struct lg_release *rel)
{
	void *p = lg__reallocarray(run->releases, run->nreleases + 1,
				   sizeof(*run->releases));

	if (!p)
		return LG_ENOMEM;
	run->releases = p;
	run->releases[run->nreleases++] = rel;
	return 0;
}

/* A wheel's tags ("py3-none-any.whl"): after the third '-' from the end. */
static const char *wheel_tag(const char *filename)
{
	const char *p = filename + strlen(filename);
	int dashes = 0;

	while (p > filename && dashes < 3)
		if (*--p == '-')
			dashes++;
	return dashes == 3 ? p + 1 : NULL;
}

static bool is_sdist(const struct lg_index_file *f)
{
	return strcmp(f->packagetype, "sdist") == 0;
}

/* Pairs of files to compare: the first pinned sdist of each side, and the
 * first new pinned wheel that has an old pinned wheel with the same tags.
 * The old side is read for these two files at most (torch pins dozens of
 * large wheels; their install-time code is the same). */
struct transition_pairs {
	const struct lg_index_file *new_f[2], *old_f[2];
};

static void pick_pairs(struct transition_pairs *tp, const struct lg_pkg *pkg,
		       const struct lg_release *rel, const struct lg_pkg *opkg,
		       const struct lg_release *orel)
{
	memset(tp, 0, sizeof(*tp));
	for (size_t i = 0; i < rel->nfiles; i++) {
		const struct lg_index_file *f = &rel->files[i];
		const char *tag;

		if (!wanted_file(pkg, rel, f))
			continue;
		if (is_sdist(f)) {
			if (!tp->new_f[0])
				tp->new_f[0] = f;
			continue;
		}
		if (tp->new_f[1] || !(tag = wheel_tag(f->filename)))
			continue;
		for (size_t j = 0; j < orel->nfiles && !tp->new_f[1]; j++) {
			const struct lg_index_file *o = &orel->files[j];
			const char *otag;

			if (!is_sdist(o) && wanted_file(opkg, orel, o) &&
			    (otag = wheel_tag(o->filename)) && !strcmp(otag, tag)) {
				tp->new_f[1] = f;
				tp->old_f[1] = o;
			}
		}
	}
	for (size_t j = 0; tp->new_f[0] && j < orel->nfiles; j++)
		if (is_sdist(&orel->files[j]) &&
		    wanted_file(opkg, orel, &orel->files[j])) {
			tp->old_f[0] = &orel->files[j];
			break;
		}
	if (!tp->old_f[0])
		tp->new_f[0] = NULL;
}

/* Shallow copies of the findings of [from, n) about the file fname. */
static int pick_file(struct lg_finding **out, size_t *n,
		     const struct lg_findings *f, size_t from, const char *fname)
{
	*n = 0;
	if (!(*out = lg__calloc(f->n - from + 1, sizeof(**out))))
		return lg_error_oom();
	for (size_t i = from; i < f->n; i++)
		if (f->v[i].file && strcmp(f->v[i].file, fname) == 0)
			(*out)[(*n)++] = f->v[i];
	return 0;
}

/* An upgrade or downgrade whose old version is read too: install-time
 * behaviour the new version has and the old one had not is reported
 * (transition.new-install-behaviour); the old version's own findings are
 * not. Its files join the run's one download batch. */
struct transition {
	const struct lg_change *c;
	struct lg_engine_ctx ctx;      /* of the new version */
	struct transition_pairs tp;
	struct lg_result *old;         /* scan of the old files */
	char *why;                     /* the first failure, or NULL */
	/* Provenance of the pairs' files, old and new. */
	struct lg_engine__prov_seen old_seen[2], new_seen[2];
};

/* Where the provenance outcome of a job goes: the slot of the transition
 * pair it belongs to, or NULL. */
static struct lg_engine__prov_seen *seen_slot(struct check_run *run,
					      const struct lg_engine__job *job)
{
	if (job->transition) {
		struct transition *t = &run->trans[job->transition - 1];

		for (int k = 0; k < 2; k++)
			if (t->tp.old_f[k] == job->file)
				return &t->old_seen[k];
		return NULL;
	}
	for (size_t i = 0; i < run->ntrans; i++)
		for (int k = 0; k < 2; k++)
			if (run->trans[i].tp.new_f[k] == job->file)
				return &run->trans[i].new_seen[k];
	return NULL;
}

static int transition_fail(struct transition *t, const char *why)
{
	if (t->why)
		return 0;
	return (t->why = lg__strdup(why)) ? 0 : lg_error_oom();
}

/* Resolves the old release, pairs its files with the new ones and queues
 * the old files. An old version the index no longer has leaves nothing to
 * compare with: the new version was checked in full all the same. */
static int start_transition(struct check_run *run, const struct lg_change *c,
			    const struct lg_release *rel,
			    const struct lg_engine_ctx *ctx)
{
	const struct lg_pkg *opkg = c->old_pkg;
	struct lg_engine_ctx octx = {opkg->name, opkg->version, NULL, 0, false};
	struct lg_release *orel = NULL;
	struct transition *t;
	char *doc_url = NULL;
	void *p;
	int error;

	if (!(p = lg__reallocarray(run->trans, run->ntrans + 1, sizeof(*run->trans))))
		return lg_error_oom();
	run->trans = p;
	t = &run->trans[run->ntrans++];
	memset(t, 0, sizeof(*t));
	t->c = c;
	t->ctx = *ctx;
	if ((error = lg_result_new(&t->old)) < 0)
		return error;
	/* Index findings about the old version (a plain-http index) go to
	 * its own result: only the comparison is reported. */
	error = lg_engine__resolve(&orel, &doc_url, run->opts, &run->docs,
				   opkg, t->old, &octx, NULL);
	if (error == LG_ENOTFOUND) {
		lg_error_clear();
		error = 0;
		goto done;
	}
	if (error < 0) {
		if (error != LG_ENOMEM) {
			error = transition_fail(t, lg_error_last()->message);
			lg_error_clear();
		}
		goto done;
	}
	pick_pairs(&t->tp, c->pkg, rel, opkg, orel);
	for (int k = 0; k < 2 && !error; k++)
		if (t->tp.new_f[k])
			error = queue_file_into(run, t->old, run->ntrans, opkg,
						doc_url, t->tp.old_f[k], &octx);
done:
	if (orel && keep_release(run, orel) < 0) {
		lg_release_free(orel);
		error = lg_error_oom();
	}
	lg__free(doc_url);
	return error;
}

/* An old-version file after the download phase: scanned into its
 * transition's own result. */
static int finish_old_job(struct check_run *run, struct lg_engine__job *job)
{
	struct transition *t = &run->trans[job->transition - 1];
	const struct lg_index_file *file = job->file;
	char why[LG_MAX_ERRMSG];
	int error;

	if (job->error < 0)
		return transition_fail(t, job->message);
	/* Its provenance is verified against the digest its bytes have. */
	if (job->lazy) {
		if ((error = lg_engine__prov_observe(run->prov, job, file->sha256,
						     seen_slot(run, job))) < 0)
			return error;
		return lg_engine__scan_lazy(t->old, job->artifact,
					    &run->opts->policy, job->lazy,
					    &job->ctx);
	}
	if (!file->sha256 || !lg_hex_equal(job->got, file->sha256)) {
		snprintf(why, sizeof(why), "'%s' does not match the index "
			 "digest", file->filename);
		return transition_fail(t, why);
	}
	if ((error = lg_engine__prov_observe(run->prov, job, job->got,
					     seen_slot(run, job))) < 0)
		return error;
	if (!job->from_cache && run->opts->cache_dir &&
	    lg_cache_put(run->opts->cache_dir, job->got, job->body.ptr,
			 job->body.len) < 0)
		lg_error_clear();
	return lg_engine__scan_artifact(t->old, job->artifact, &run->opts->policy,
					job->body.ptr, job->body.len, &job->ctx);
}

/* An account-takeover indicator of the changed package (combination C16):
 * its release.dormant finding's message, or NULL. */
static const char *takeover_indicator(const struct lg_findings *f,
				      const char *package)
{
	for (size_t i = 0; package && i < f->n; i++)
		if (!strcmp(f->v[i].rule, LG_RULE_RELEASE_DORMANT) &&
		    f->v[i].package && !strcmp(f->v[i].package, package))
			return f->v[i].message;
	return NULL;
}

/* Compares the new files' findings with the old files' once every job is
 * scanned. */
static int finish_transition(struct check_run *run, struct transition *t)
{
	const struct lg_pkg *opkg = t->c->old_pkg;
	struct lg_findings *f = &run->r->findings;
	struct lg_finding *nv = NULL, *ov = NULL;
	size_t nn, no, added = f->n;
	int error = 0;

	if (!t->why && t->old->nerrors)
		error = transition_fail(t, t->old->errors[0].message);
	if (!error && t->why)
		return lg_result_add_error(run->r, t->c->name, "cannot compare "
					   "with %s %s: %s", opkg->name,
					   opkg->version, t->why);
	for (int k = 0; k < 2 && !error; k++) {
		if (!t->tp.new_f[k])
			continue;
		lg__free(nv);
		lg__free(ov);
		nv = ov = NULL;
		if ((error = pick_file(&nv, &nn, f, 0, t->tp.new_f[k]->filename)) < 0 ||
		    (error = pick_file(&ov, &no, &t->old->findings, 0,
				       t->tp.old_f[k]->filename)) < 0)
			break;
		error = lg_transition_check_ex(f, ov, no, nv, nn, opkg->version,
					       takeover_indicator(f, t->c->name));
	}
	if (!error)
		error = lg_findings_set_context(f, added, t->ctx.package,
						t->ctx.version, NULL,
						t->ctx.lockfile,
						t->ctx.lockfile_line);
	for (int k = 0; k < 2 && !error; k++)
		if (t->tp.new_f[k])
			error = lg_engine__prov_compare(run->prov, run->r, &t->ctx,
							opkg->version, &t->old_seen[k],
							&t->new_seen[k]);
	lg__free(nv);
	lg__free(ov);
	return error;
}

/* Lock policy and known malware: findings on the lock-file line. */
static int check_policy(struct check_run *run, const struct lg_change *c,
			const struct lg_engine_ctx *ctx)
{
	struct lg_findings *f = &run->r->findings;
	size_t from = f->n;
	const char *id;
	int error;

	if ((error = lg_lockpolicy_check(f, c, &run->lock_policy)) < 0)
		return error;
	id = run->malware && c->name && c->new_version
		     ? lg_osv_db_match(run->malware, c->name, c->new_version)
		     : NULL;
	if (!id && run->osv_ids)
		id = run->osv_ids[c - run->r->changes];
	if (id &&
	    (error = lg_findings_add(f, LG_RULE_MAL_KNOWN, LG_SEV_CRITICAL, NULL,
				     0, "%s %s is known malware (%s)", c->name,
				     c->new_version, id)) < 0)
		return error;
	return lg_findings_set_context(f, from, ctx->package, ctx->version, NULL,
				       ctx->lockfile, ctx->lockfile_line);
}

static int check_change(struct check_run *run, const struct lg_change *c)
{
	const struct lg_pkg *pkg = c->pkg;
	struct lg_engine_ctx ctx = {c->name, c->new_version, c->lockfile, c->line,
				    false};
	struct lg_release *rel = NULL;
	char *doc_url = NULL, msg[256];
	size_t nerrors;
	bool no_times = false;
	int error;

	if (c->kind == LG_CHANGE_REMOVED)
		return 0;
	if ((error = check_policy(run, c, &ctx)) < 0)
		return error;
	if (!pkg->version || !pkg->name) {
		snprintf(msg, sizeof(msg), "'%.80s' is not pinned to one version "
			 "from an index (%.60s, %s); lockgate cannot tell which "
			 "file pip will install", pkg->name ? pkg->name : pkg->spec,
			 *pkg->spec ? pkg->spec : "no version",
			 lg_source_kind_name(pkg->source));
		return add_finding(run->r, &ctx, NULL, "lock.unpinned",
				   LG_SEV_MEDIUM, msg);
	}
	if (!pkg->nhashes) {
		snprintf(msg, sizeof(msg), "%s==%s has no --hash; the file "
			 "installed is not pinned", pkg->name, pkg->version);
		if ((error = add_finding(run->r, &ctx, NULL, "lock.unhashed",
					 LG_SEV_MEDIUM, msg)) < 0)
			return error;
	}
	nerrors = run->r->nerrors;
	if ((error = lg_engine__resolve(&rel, &doc_url, run->opts, &run->docs,
					pkg, run->r, &ctx, &no_times)) < 0)
		error = error == LG_ENOMEM ? error : incomplete(run->r, pkg->name);
	else
		error = check_release(run, pkg, rel, doc_url, &ctx);
	if (no_times && !run->no_times++)
		run->no_times_ctx = ctx;
	if (run->opts->fetch.offline && pkg->source == LG_SOURCE_REGISTRY &&
	    !run->offline_osv++)
		run->offline_ctx = ctx;
	if (!error && run->r->nerrors == nerrors &&
	    (c->kind == LG_CHANGE_UPGRADED || c->kind == LG_CHANGE_DOWNGRADED) &&
	    c->old_pkg && c->old_pkg->name && c->old_pkg->version &&
	    c->old_pkg->source == LG_SOURCE_REGISTRY)
		error = start_transition(run, c, rel, &ctx);
	/* The jobs borrow the release's files until the run ends. */
	if (rel && keep_release(run, rel) < 0) {
		lg_release_free(rel);
		error = lg_error_oom();
	}
	lg__free(doc_url);
	return error;
}

/* One querybatch for changes [from, to) of the eligible list idx. */
static int osv_batch(struct check_run *run, const size_t *idx, size_t n,
		     const char *url)
{
	struct lg_osv_query q[LG_MAX_OSV_BATCH];
	struct lg_buf body = LG_BUF_INIT(LG_MAX_JSON_BYTES);
	struct lg_buf answer = LG_BUF_INIT(LG_MAX_JSON_BYTES);
	char *ids[LG_MAX_OSV_BATCH];
	int error;

	for (size_t i = 0; i < n; i++) {
		q[i].name = run->r->changes[idx[i]].name;
		q[i].version = run->r->changes[idx[i]].new_version;
	}
	if ((error = lg_osv_batch_request(&body, q, n)) < 0 ||
	    (error = lg_fetch_post_json(&answer, &run->opts->fetch, url, body.ptr,
					body.len)) < 0 ||
	    (error = lg_osv_batch_parse(ids, n, answer.ptr, answer.len, url)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		run->osv_ids[idx[i]] = ids[i];
done:
	lg_buf_dispose(&body);
	lg_buf_dispose(&answer);
	return error;
}

/* Known malware from the OSV API for every changed registry version. A
 * failed query leaves the run incomplete, never a pass. */
static int query_osv(struct check_run *run)
{
	struct lg_result *r = run->r;
	struct lg_buf url = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	const char *base = run->opts->osv_url;
	size_t *idx = NULL, n = 0;
	int error = 0;

	if (!r->nchanges)
		return 0;
	if (!(run->osv_ids = lg__calloc(r->nchanges, sizeof(*run->osv_ids))) ||
	    !(idx = lg__calloc(r->nchanges, sizeof(*idx))))
		return lg_error_oom();
	run->nosv_ids = r->nchanges;
	for (size_t i = 0; i < r->nchanges; i++) {
		const struct lg_change *c = &r->changes[i];

		if (c->kind != LG_CHANGE_REMOVED && c->name && c->new_version &&
		    c->pkg && c->pkg->source == LG_SOURCE_REGISTRY)
			idx[n++] = i;
	}
	if (n && (error = lg_buf_printf(&url, "%.*s/v1/querybatch",
					(int)(strlen(base) - (base[0] &&
						base[strlen(base) - 1] == '/')),
					base)) == 0)
		for (size_t i = 0; i < n && !error; i += LG_MAX_OSV_BATCH)
			error = osv_batch(run, idx + i,
					  n - i < LG_MAX_OSV_BATCH ? n - i
								   : LG_MAX_OSV_BATCH,
					  url.ptr);
	if (error < 0 && error != LG_ENOMEM)
		error = lg_result_add_error(r, NULL, "OSV query: %s",
					    lg_error_last()->message);
	lg__free(idx);
	lg_buf_dispose(&url);
	return error;
}

/* release.no-times, once per run: the time-based release checks were
 * skipped where the index serves no upload times. */
static int no_times_finding(struct check_run *run)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "the index gives no upload times for %zu "
		 "changed package%s (an HTML project page): release.cooldown, "
		 "release.first and release.dormant were not checked for %s",
		 run->no_times, run->no_times == 1 ? "" : "s",
		 run->no_times == 1 ? "it" : "them");
	return add_finding(run->r, &run->no_times_ctx, NULL,
			   LG_RULE_RELEASE_NO_TIMES, LG_SEV_INFO, msg);
}

/* offline.not-checked, once per check --offline skipped: the OSV query
 * and the provenance of the changed files. */
static int offline_notes(struct check_run *run)
{
	char msg[320];
	int error = 0;

	if (!run->offline_osv)
		return 0;
	if (run->opts->osv_url) {
		snprintf(msg, sizeof(msg), "--offline: the OSV API was not "
			 "asked about %zu changed version%s (known malicious "
			 "releases were checked only against --malware-db, if "
			 "given)", run->offline_osv,
			 run->offline_osv == 1 ? "" : "s");
		error = add_finding(run->r, &run->offline_ctx, NULL,
				    LG_RULE_OFFLINE_NOT_CHECKED, LG_SEV_INFO, msg);
	}
	if (!error && run->prov) {
		snprintf(msg, sizeof(msg), "--offline: the provenance (PEP 740) "
			 "of the changed files was not fetched; a package that "
			 "requires it or pins its publisher is incomplete");
		error = add_finding(run->r, &run->offline_ctx, NULL,
				    LG_RULE_OFFLINE_NOT_CHECKED, LG_SEV_INFO, msg);
	}
	return error;
}

/* The index documents check_change and start_transition will read, in
 * one parallel batch instead of one request after the other. */
static int prefetch_docs(struct check_run *run)
{
	const struct lg_pkg **pkgs;
	size_t n = 0;
	int error;

	if (!(pkgs = lg__calloc(2 * run->r->nchanges + 1, sizeof(*pkgs))))
		return lg_error_oom();
	for (size_t i = 0; i < run->r->nchanges; i++) {
		const struct lg_change *c = &run->r->changes[i];

		if (c->kind == LG_CHANGE_REMOVED || !c->pkg || !c->pkg->name ||
		    !c->pkg->version)
			continue;
		pkgs[n++] = c->pkg;
		if ((c->kind == LG_CHANGE_UPGRADED ||
		     c->kind == LG_CHANGE_DOWNGRADED) &&
		    c->old_pkg && c->old_pkg->name && c->old_pkg->version &&
		    c->old_pkg->source == LG_SOURCE_REGISTRY)
			pkgs[n++] = c->old_pkg;
	}
	error = lg_engine__prefetch(&run->docs, run->opts, pkgs, n);
	lg__free(pkgs);
	return error;
}

static int run_check(struct check_run *run, const struct lg_gitdiff *d)
{
	int error = 0;

	lg_gitdiff_io(&run->old_io, d, false);
	lg_gitdiff_io(&run->new_io, d, true);
	run->old_io.env = run->new_io.env = run->opts->env;
	if ((error = lg_pkgset_new(&run->old_all, "")) < 0 ||
	    (error = lg_pkgset_new(&run->new_all, "")) < 0)
		return error;
	for (size_t i = 0; i < d->nfiles && !error; i++)
		error = parse_one_file(run, &d->files[i]);
	for (size_t i = 0; i < d->nhead && !error; i++)
		if (!is_changed(d, d->head_paths[i]) &&
		    !is_pyproject(d->head_paths[i]))
			error = parse_unchanged(run, d->head_paths[i]);
	if (!error && (error = lg_pkgset_normalize(run->old_all)) == 0 &&
	    (error = lg_pkgset_normalize(run->new_all)) == 0)
		error = lg_lockfile_diff(run->r, run->old_all, run->new_all);
	if (!error && !run->opts->diff_only)
		error = lg_engine__pyprojects(run->r, d, &run->new_io);
	if (run->opts->diff_only)
		return error;
	if (!error && run->opts->osv_url && !run->opts->fetch.offline)
		error = query_osv(run);
	if (!error && !run->opts->no_provenance &&
	    (error = lg_engine__prov_begin(&run->prov, run->r, run->opts,
					   &run->old_io, &run->new_io)) < 0 &&
	    error != LG_ENOMEM && error != LG_EUSAGE)
		error = incomplete(run->r, NULL); /* the pin file is unusable */
	if (!error)
		error = prefetch_docs(run);
	for (size_t i = 0; i < run->r->nchanges && !error; i++)
		error = check_change(run, &run->r->changes[i]);
	if (!error && run->no_times)
		error = no_times_finding(run);
	if (!error && run->opts->fetch.offline)
		error = offline_notes(run);
	if (!error)
		error = lg_engine__download(run->jobs, run->njobs, run->opts);
	if (!error && run->prov)
		error = lg_engine__prov_fetch(run->jobs, run->njobs, run->opts);
	for (size_t i = 0; i < run->njobs && !error; i++) {
		error = finish_job(run, &run->jobs[i]);
		lg_engine__job_dispose(&run->jobs[i]); /* frees its bytes now */
	}
	for (size_t i = 0; i < run->ntrans && !error; i++)
		error = finish_transition(run, &run->trans[i]);
	if (!error)
		error = check_divergence(run);
	if (!error)
		error = lg_engine__prov_end(run->prov);
	return error;
}

int lg_engine_check(struct lg_result **out, const struct lg_engine_options *opts)
{
	struct lg_gitdiff_options gopts = {
		opts->repo, opts->base, opts->base_is_default, opts->head,
		opts->staged, opts->index_file, want_path, (void *)opts->config,
	};
	struct check_run run = {.opts = opts, .lock_policy = LG_LOCK_POLICY_INIT};
	struct lg_gitdiff *diff = NULL;
	int error;

	*out = NULL;
	run.lock_policy.allowed_hosts = opts->allowed_index_hosts;
	run.lock_policy.nallowed_hosts = opts->nallowed_index_hosts;
	run.lock_policy.default_host = "pypi.org";
	if (opts->index_url &&
	    lg_lockpolicy_url_host(run.default_host, sizeof(run.default_host),
				   opts->index_url) == 0)
		run.lock_policy.default_host = run.default_host;
	lg_error_clear();
	if ((error = lg_result_new(&run.r)) < 0)
		goto done;
	if (opts->malware_db && !opts->diff_only &&
	    (error = lg_engine__load_malware_db(&run.malware, opts->malware_db)) < 0) {
		if (error == LG_ENOMEM ||
		    (error = incomplete(run.r, NULL)) < 0)
			goto done;
		lg_error_clear();
	}
	if ((error = lg_gitdiff_collect(&diff, &gopts)) < 0 ||
	    (error = run_check(&run, diff)) < 0 ||
	    (!opts->diff_only &&
	     (error = lg_policy_apply(&opts->policy, run.r)) < 0))
		goto done;
	lg_policy_finish(&opts->policy, run.r);
	for (size_t i = 0; i < run.r->nchanges; i++) /* the sets die below */
		run.r->changes[i].pkg = run.r->changes[i].old_pkg = NULL;
	*out = run.r;
	run.r = NULL;
done:
	for (size_t i = 0; i < run.nosv_ids; i++)
		lg__free(run.osv_ids[i]);
	lg__free(run.osv_ids);
	lg_osv_db_free(run.malware);
	lg_engine__prov_free(run.prov);
	lg_pkgset_free(run.old_all);
	lg_pkgset_free(run.new_all);
	for (size_t i = 0; i < run.njobs; i++) {
		lg_engine__job_dispose(&run.jobs[i]);
		lg_engine__names_dispose(&run.jobs[i].names);
	}
	lg__free(run.jobs);
	for (size_t i = 0; i < run.ntrans; i++) {
		lg_result_free(run.trans[i].old);
		lg__free(run.trans[i].why);
		for (int k = 0; k < 2; k++) {
			lg_engine__prov_seen_dispose(&run.trans[i].old_seen[k]);
			lg_engine__prov_seen_dispose(&run.trans[i].new_seen[k]);
		}
	}
	lg__free(run.trans);
	for (size_t i = 0; i < run.nreleases; i++)
		lg_release_free(run.releases[i]);
	lg__free(run.releases);
	lg_engine__docs_dispose(&run.docs);
	lg_result_free(run.r);
	lg_gitdiff_free(diff);
	return error;
}
