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
#include "engine_private.h"

struct check_run {
	const struct lg_engine_options *opts;
	struct lg_result *r;
	struct lg_buf body;      /* reused for every download */
	uint64_t downloaded;     /* bytes fetched in this run */
	/* Every changed lock file's entries, per side: the diff is one set
	 * difference, so a package moved between lock files (pdm.lock ->
	 * uv.lock) with the same version, source and hashes is no change,
	 * and a package in several lock files is fetched once. */
	struct lg_pkgset *old_all, *new_all;
	struct lg_lockfile_io old_io, new_io; /* files of each revision */
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
	const struct lg_lockfile_io io = {rec_read, &rec};
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
	if (pkg->nhashes)
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

static int fetch_release(struct lg_release **out, char **doc_url,
			 struct check_run *run, const struct lg_pkg *pkg)
{
	struct lg_buf doc = LG_BUF_INIT(LG_MAX_JSON_BYTES);
	int error;

	if ((error = lg_index_release_url(doc_url, run->opts->index_url,
					  pkg->name, pkg->version)) < 0 ||
	    (error = lg_fetch_get(&doc, NULL, &run->opts->fetch, *doc_url)) < 0 ||
	    (error = lg_index_parse_release(out, doc.ptr, doc.len, *doc_url)) < 0)
		goto done;
done:
	lg_buf_dispose(&doc);
	return error;
}

/* The bytes of one file: from the cache when the index digest is there,
 * else downloaded with the sha256 computed while streaming. */
static int get_bytes(struct check_run *run, char got[LG_SHA256_HEX_LEN + 1],
		     const char *doc_url, const struct lg_index_file *file)
{
	const char *dir = run->opts->cache_dir;
	char *url = NULL;
	int error;

	lg_buf_reset(&run->body);
	if (dir && file->sha256 &&
	    lg_cache_get(&run->body, dir, file->sha256) == 0) {
		memcpy(got, file->sha256, LG_SHA256_HEX_LEN + 1);
		return 0;
	}
	if (run->downloaded >= LG_MAX_TOTAL_DOWNLOAD)
		return lg_error_toobig("downloads in this run exceed %llu bytes",
				       (unsigned long long)LG_MAX_TOTAL_DOWNLOAD);
	if ((error = lg_url_resolve(&url, doc_url, file->url)) == 0)
		error = lg_fetch_get(&run->body, got, &run->opts->fetch, url);
	run->downloaded += run->body.len;
	lg__free(url);
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
	if (!error && pkg->nhashes && !lock_has_sha256(pkg, got)) {
		snprintf(msg, sizeof(msg), "downloaded bytes have sha256 %.16s..., "
			 "which the lock does not list", got);
		*ok = false;
		error = add_finding(run->r, ctx, file->filename, "hash.mismatch",
				    LG_SEV_CRITICAL, msg);
	}
	return error;
}

static int check_file(struct check_run *run, const struct lg_pkg *pkg,
		      const char *doc_url, const struct lg_index_file *file,
		      const struct lg_engine_ctx *ctx)
{
	struct lg_result *r = run->r;
	char got[LG_SHA256_HEX_LEN + 1];
	size_t idx, from = r->findings.n;
	bool ok;
	int error;

	if ((error = lg_result_add_artifact(r, &idx, pkg->name, pkg->version,
					    file->filename)) < 0)
		return error;
	if ((error = get_bytes(run, got, doc_url, file)) < 0) {
		r->artifacts[idx].verdict = LG_VERDICT_INCOMPLETE;
		return error == LG_ENOMEM ? error : incomplete(r, pkg->name);
	}
	if (!(r->artifacts[idx].sha256 = lg__strdup(got)))
		return lg_error_oom();
	if ((error = verify_bytes(run, &ok, got, pkg, file, ctx)) < 0)
		return error;
	if (ok && run->opts->cache_dir &&
	    lg_cache_put(run->opts->cache_dir, got, run->body.ptr,
			 run->body.len) < 0)
		lg_error_clear(); /* a cache we cannot write only costs time */
	if ((error = lg_engine__scan_artifact(r, idx, &run->opts->policy,
					      run->body.ptr, run->body.len,
					      ctx)) < 0)
		return error;
	if (lg_policy_verdict(&run->opts->policy, &r->findings, from) ==
	    LG_VERDICT_BLOCK)
		r->artifacts[idx].verdict = LG_VERDICT_BLOCK;
	return 0;
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
		if ((error = check_file(run, pkg, doc_url, &rel->files[i], ctx)) < 0)
			return error;
	}
	if (!checked && !pkg->nhashes) {
		lg_error_set(LG_ERRCLASS_SOURCE, "the index lists no file for "
			     "%s %s", pkg->name, pkg->version);
		return incomplete(run->r, pkg->name);
	}
	return 0;
}

static int check_change(struct check_run *run, const struct lg_change *c)
{
	const struct lg_pkg *pkg = c->pkg;
	struct lg_engine_ctx ctx = {c->name, c->new_version, c->lockfile, c->line,
				    false};
	struct lg_release *rel = NULL;
	char *doc_url = NULL, msg[256];
	int error;

	if (c->kind == LG_CHANGE_REMOVED)
		return 0;
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
	if ((error = fetch_release(&rel, &doc_url, run, pkg)) < 0)
		error = error == LG_ENOMEM ? error : incomplete(run->r, pkg->name);
	else
		error = check_release(run, pkg, rel, doc_url, &ctx);
	lg_release_free(rel);
	lg__free(doc_url);
	return error;
}

static int run_check(struct check_run *run, const struct lg_gitdiff *d)
{
	int error = 0;

	lg_gitdiff_io(&run->old_io, d, false);
	lg_gitdiff_io(&run->new_io, d, true);
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
	for (size_t i = 0; i < run->r->nchanges && !error && !run->opts->diff_only; i++)
		error = check_change(run, &run->r->changes[i]);
	return error;
}

int lg_engine_check(struct lg_result **out, const struct lg_engine_options *opts)
{
	struct lg_gitdiff_options gopts = {
		opts->repo, opts->base, opts->base_is_default, opts->head,
		opts->staged, opts->index_file, want_path, (void *)opts->config,
	};
	struct check_run run = {opts, NULL, LG_BUF_INIT(LG_MAX_ARTIFACT_BYTES),
				0, NULL, NULL, {NULL, NULL}, {NULL, NULL}};
	struct lg_gitdiff *diff = NULL;
	int error;

	*out = NULL;
	if ((error = lg_gitdiff_collect(&diff, &gopts)) < 0 ||
	    (error = lg_result_new(&run.r)) < 0 ||
	    (error = run_check(&run, diff)) < 0 ||
	    (!opts->diff_only &&
	     (error = lg_policy_apply(&opts->policy, run.r)) < 0))
		goto done;
	lg_policy_finish(&opts->policy, run.r);
	for (size_t i = 0; i < run.r->nchanges; i++)
		run.r->changes[i].pkg = NULL; /* the sets die below */
	*out = run.r;
	run.r = NULL;
done:
	lg_pkgset_free(run.old_all);
	lg_pkgset_free(run.new_all);
	lg_buf_dispose(&run.body);
	lg_result_free(run.r);
	lg_gitdiff_free(diff);
	return error;
}
