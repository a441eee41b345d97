/* SPDX-License-Identifier: MIT */
/* Lazy wheels: read a wheel's central directory and the members that run
 * code at install or interpreter start (.pth, sitecustomize/usercustomize,
 * .dist-info metadata, *.data/scripts/) with HTTP range requests, instead
 * of the whole file. Round 1 gets every wheel's tail, round 2 the central
 * directories the tails did not hold, round 3 the members; each round is
 * one parallel batch. Whatever cannot be read this way is downloaded in
 * full by the caller. The whole-file sha256 cannot be computed here: the
 * caller allows a lazy read only when the lock's hash is the index's
 * digest (lazy_ok). */
#include <strings.h>

#include "lg/decode.h"
#include "lg/fetch.h"
#include "lg/rules.h"
#include "lazy.h"

#define LAZY_TAIL_BYTES (64u << 10)    /* round 1: the last bytes */
#define LAZY_MIN_WHEEL_BYTES (1u << 20) /* smaller wheels: read in full */
#define LAZY_LOCAL_SLACK 1024u          /* local extra beyond the central */

/* Per-job state across the rounds. */
struct lazy_job {
	struct lg_engine__job *job;
	struct lg_engine__lazy *l;
	struct lg_buf dirbytes;  /* the central directory bytes */
	uint64_t tail_off;
	bool fallback;           /* read it in full instead */
	bool whole;              /* job->body holds the file (or job->error) */
	bool full_only;          /* not lazy: a whole download in round 1 */
	size_t max_file;         /* --max-file-size (0: default) */
};

void lg_engine__lazy_free(struct lg_engine__lazy *l)
{
	if (!l)
		return;
	for (size_t i = 0; l->m && i < l->dir->n; i++)
		lg__free(l->m[i].data);
	lg__free(l->m);
	lg_zip_dir_free(l->dir);
	lg__free(l);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "<top>.dist-info/<name>" with top at the root. */
static bool distinfo_file(const char *path)
{
	static const char *const names[] = {"METADATA", "RECORD", "WHEEL",
					    "entry_points.txt"};
	const char *slash = strchr(path, '/');

	if (!slash || strchr(slash + 1, '/') ||
	    (size_t)(slash - path) < 10 ||
	    strncmp(slash - 10, ".dist-info", 10) != 0)
		return false;
	for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++)
		if (!strcmp(slash + 1, names[i]))
			return true;
	return false;
}

/* "<top>.data/scripts/..." with top at the root. */
static bool data_script(const char *path)
{
	const char *slash = strchr(path, '/');

	return slash && (size_t)(slash - path) >= 5 &&
	       !strncmp(slash - 5, ".data", 5) &&
	       !strncmp(slash + 1, "scripts/", 8);
}

bool lg_engine__lazy_wants(const char *path)
{
	const char *base = base_name(path);

	if (ends_with(path, "/"))
		return false;
	return ends_with(path, ".pth") || !strcmp(base, "sitecustomize.py") ||
	       !strcmp(base, "usercustomize.py") || distinfo_file(path) ||
	       data_script(path);
}

static int fail_oom_or_fallback(struct lazy_job *lj, int error)
{
	if (error >= 0)
		return 0;
	if (error == LG_ENOMEM)
		return error;
	lg_error_clear();
	lj->fallback = true;
	return 0;
}

/* Runs one round: requests built by make() for the jobs it selects. */
typedef size_t (*round_make_fn)(struct lazy_job *lj,
				struct lg_fetch_request *reqs, size_t at,
				bool count_only);
typedef int (*round_take_fn)(struct lazy_job *lj,
			     struct lg_fetch_request *reqs, size_t n);

static int run_round(struct lazy_job *ljs, size_t nl, round_make_fn make,
		     round_take_fn take, const struct lg_engine_options *opts,
		     uint64_t room)
{
	struct lg_fetch_options fo = opts->fetch;
	struct lg_fetch_request *reqs = NULL;
	size_t total = 0, at = 0;
	int error = 0;

	for (size_t i = 0; i < nl; i++)
		if (!ljs[i].fallback && !ljs[i].whole)
			total += make(&ljs[i], NULL, 0, true);
	if (!total)
		return 0;
	if (!(reqs = lg__calloc(total, sizeof(*reqs))))
		return lg_error_oom();
	for (size_t i = 0; i < nl; i++)
		if (!ljs[i].fallback && !ljs[i].whole)
			at += make(&ljs[i], reqs, at, false);
	fo.progress = opts->progress;
	fo.progress_payload = opts->progress_payload;
	if ((error = lg_fetch_batch(reqs, total, room, &fo)) < 0)
		goto done;
	at = 0;
	for (size_t i = 0; i < nl && !error; i++) {
		size_t k;

		if (ljs[i].fallback || ljs[i].whole)
			continue;
		k = make(&ljs[i], NULL, 0, true);
		for (size_t j = 0; j < k; j++)
			if (ljs[i].l)
				ljs[i].l->bytes_read += reqs[at + j].body.len;
		error = take(&ljs[i], reqs + at, k);
		at += k;
	}
done:
	for (size_t i = 0; i < total; i++)
		lg_fetch_request_dispose(&reqs[i]);
	lg__free(reqs);
	return error;
}

/* ---- round 1: the tail --------------------------------------------------- */

static size_t make_tail(struct lazy_job *lj, struct lg_fetch_request *reqs,
			size_t at, bool count_only)
{
	struct lg_fetch_request init = LG_FETCH_REQUEST_INIT(0);

	if (count_only)
		return 1;
	reqs[at] = init;
	reqs[at].url = lj->job->url;
	if (lj->full_only) {
		reqs[at].max = lg_engine__max_file(lj->max_file);
		reqs[at].hash = true;
		return 1;
	}
	reqs[at].range = reqs[at].suffix = true;
	reqs[at].range_len = LAZY_TAIL_BYTES;
	reqs[at].max = LAZY_TAIL_BYTES;
	return 1;
}

static int take_tail(struct lazy_job *lj, struct lg_fetch_request *reqs,
		     size_t n)
{
	struct lg_fetch_request *r = &reqs[0];
	struct lg_engine__lazy *l;
	int error;

	(void)n;
	if (lj->full_only) {
		lj->whole = true;
		return lg_engine__take_full(lj->job, r);
	}
	if (r->error == 0 && r->partial && r->range_start == 0 &&
	    r->total_size && r->body.len == r->total_size) {
		/* A wheel smaller than the tail: that was all of it, a whole
		 * download in effect (hashed and verified as one). */
		lg_buf_dispose(&lj->job->body);
		lj->job->body = r->body;
		lg_buf_init(&r->body, 0);
		lj->whole = true;
		return fail_oom_or_fallback(
			lj, lg_sha256_hex(lj->job->got, lj->job->body.ptr,
					  lj->job->body.len));
	}
	/* A server without ranges, a failed request, an unknown size or a
	 * small wheel: the whole download tells (and reports) the rest. */
	if (r->error < 0 || r->range_ignored || !r->partial ||
	    !r->total_size || r->total_size < LAZY_MIN_WHEEL_BYTES ||
	    r->range_start + r->body.len != r->total_size) {
		lj->fallback = true;
		return 0;
	}
	if (!(l = lj->l = lg__calloc(1, sizeof(*l))))
		return lg_error_oom();
	l->file_size = r->total_size;
	l->bytes_read = r->body.len;
	lj->tail_off = r->range_start;
	if ((error = lg_zip_find_dir(&l->cd_off, &l->cd_size, &l->entries,
				     r->body.ptr, r->body.len, r->range_start,
				     r->total_size)) < 0)
		return fail_oom_or_fallback(lj, error);
	if (l->cd_off >= r->range_start) {
		/* The directory is in the tail already. */
		size_t from = (size_t)(l->cd_off - r->range_start);

		if ((error = lg_buf_put(&lj->dirbytes, r->body.ptr + from,
					(size_t)l->cd_size)) < 0)
			return fail_oom_or_fallback(lj, error);
	}
	return 0;
}

/* ---- round 2: the central directory -------------------------------------- */

static size_t make_dir(struct lazy_job *lj, struct lg_fetch_request *reqs,
		       size_t at, bool count_only)
{
	struct lg_fetch_request init = LG_FETCH_REQUEST_INIT(0);

	if (lj->dirbytes.len || !lj->l->cd_size)
		return 0;
	if (count_only)
		return 1;
	reqs[at] = init;
	reqs[at].url = lj->job->url;
	reqs[at].range = true;
	reqs[at].range_from = lj->l->cd_off;
	reqs[at].range_len = lj->l->cd_size;
	reqs[at].max = (size_t)lj->l->cd_size;
	return 1;
}

static int take_dir(struct lazy_job *lj, struct lg_fetch_request *reqs,
		    size_t n)
{
	struct lg_fetch_request *r = &reqs[0];

	(void)n;
	if (r->error < 0 || !r->partial || r->range_start != lj->l->cd_off ||
	    r->body.len != lj->l->cd_size) {
		lj->fallback = true;
		return 0;
	}
	return fail_oom_or_fallback(lj, lg_buf_put(&lj->dirbytes, r->body.ptr,
						   r->body.len));
}

/* The directory parsed; a wheel with anything unusual is read in full,
 * where the archive reader reports it (unsafe names, links, encryption,
 * methods other than stored/deflate, members too big to read). */
static int parse_dir(struct lazy_job *lj)
{
	struct lg_engine__lazy *l = lj->l;
	int error;

	if ((error = lg_zip_parse_dir(&l->dir, lj->dirbytes.ptr,
				      lj->dirbytes.len, l->cd_off,
				      l->entries)) < 0)
		return fail_oom_or_fallback(lj, error);
	if (l->dir->n && !(l->m = lg__calloc(l->dir->n, sizeof(*l->m))))
		return lg_error_oom();
	for (size_t i = 0; i < l->dir->n; i++) {
		const struct lg_zip_entry *e = &l->dir->v[i];

		l->m[i].e = e;
		if (e->problem || e->encrypted)
			lj->fallback = true;
		else if (lg_engine__lazy_wants(e->path) &&
			 ((e->method != 0 && e->method != 8) ||
			  e->usize > LG_MAX_MEMBER_BYTES))
			lj->fallback = true;
	}
	return 0;
}

/* ---- round 3: the members ------------------------------------------------ */

/* Which members a round reads: round 3 the install-time ones, round 4
 * the entry-point modules. */
static bool round3(const struct lg_engine__lazy *l, size_t i)
{
	return lg_engine__lazy_wants(l->dir->v[i].path);
}

static bool round4(const struct lg_engine__lazy *l, size_t i)
{
	return l->m[i].entry_point && !l->m[i].data;
}

static size_t make_selected(struct lazy_job *lj, struct lg_fetch_request *reqs,
			    size_t at, bool count_only,
			    bool (*sel)(const struct lg_engine__lazy *, size_t))
{
	const struct lg_zip_dir *d = lj->l->dir;
	size_t k = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct lg_zip_entry *e = &d->v[i];
		struct lg_fetch_request init = LG_FETCH_REQUEST_INIT(0);
		uint64_t len;

		if (!sel(lj->l, i))
			continue;
		if (!count_only) {
			len = 30u + e->name_len + e->extra_len +
			      LAZY_LOCAL_SLACK + e->csize;
			if (len > lj->l->cd_off - e->local_offset)
				len = lj->l->cd_off - e->local_offset;
			reqs[at + k] = init;
			reqs[at + k].url = lj->job->url;
			reqs[at + k].range = true;
			reqs[at + k].range_from = e->local_offset;
			reqs[at + k].range_len = len;
			reqs[at + k].max = (size_t)len;
		}
		k++;
	}
	return k;
}

/* Inflates (or copies) one member's data into m. */
static int take_member(struct lg_engine__lazy_member *m,
		       const struct lg_fetch_request *r)
{
	const struct lg_zip_entry *e = m->e;
	struct lg_buf out = LG_BUF_INIT((size_t)e->usize);
	size_t off;
	int error;

	if (r->error < 0 || !r->partial || r->range_start != e->local_offset)
		return LG_EINVALID;
	if ((error = lg_zip_local_data(&off, r->body.ptr, r->body.len, e)) < 0)
		return error;
	if (off > r->body.len || r->body.len - off < e->csize)
		return LG_ENOTFOUND;
	if (e->method == 0)
		error = e->csize == e->usize
				? lg_buf_put(&out, r->body.ptr + off,
					     (size_t)e->csize)
				: LG_EINVALID;
	else
		error = lg_decode_apply(&out, LG_CODEC_DEFLATE,
					r->body.ptr + off, (size_t)e->csize);
	if (!error && out.len != e->usize)
		error = LG_EINVALID;
	if (!error)
		error = lg_sha256_hex(m->sha256, out.ptr, out.len);
	if (error < 0) {
		lg_buf_dispose(&out);
		return error;
	}
	m->len = out.len;
	m->data = lg_buf_detach(&out);
	return m->data ? 0 : lg_error_oom();
}

static int take_selected(struct lazy_job *lj, struct lg_fetch_request *reqs,
			 size_t n,
			 bool (*sel)(const struct lg_engine__lazy *, size_t))
{
	struct lg_engine__lazy *l = lj->l;
	size_t k = 0;
	int error;

	for (size_t i = 0; i < l->dir->n && k < n; i++) {
		if (!sel(l, i))
			continue;
		if ((error = take_member(&l->m[i], &reqs[k++])) < 0)
			return fail_oom_or_fallback(lj, error);
	}
	return 0;
}

static size_t make_members(struct lazy_job *lj, struct lg_fetch_request *reqs,
			   size_t at, bool count_only)
{
	return make_selected(lj, reqs, at, count_only, round3);
}

static int take_members(struct lazy_job *lj, struct lg_fetch_request *reqs,
			size_t n)
{
	return take_selected(lj, reqs, n, round3);
}

static size_t make_modules(struct lazy_job *lj, struct lg_fetch_request *reqs,
			   size_t at, bool count_only)
{
	return make_selected(lj, reqs, at, count_only, round4);
}

/* Round 4 selects members not read yet: once read, they would no longer
 * be selected, so the selection is taken first. */
static int take_modules(struct lazy_job *lj, struct lg_fetch_request *reqs,
			size_t n)
{
	struct lg_engine__lazy *l = lj->l;
	size_t k = 0;
	int error;

	for (size_t i = 0; i < l->dir->n && k < n; i++) {
		if (!round4(l, i))
			continue;
		l->m[i].entry_point = false; /* done either way */
		if ((error = take_member(&l->m[i], &reqs[k++])) < 0)
			return fail_oom_or_fallback(lj, error);
	}
	return 0;
}

/* ---- round 4: the modules of console and gui scripts --------------------- */

/* Marks the member named by a dotted module ("a.b": a/b.py, a/b/__init__.py). */
static void mark_module(struct lg_engine__lazy *l, const char *mod, size_t n)
{
	char path[LG_MAX_DISTINFO_FIELD + 16];
	static const char *const tails[] = {".py", "/__init__.py"};

	if (!n || n >= LG_MAX_DISTINFO_FIELD)
		return;
	for (size_t t = 0; t < LG_ARRAY_SIZE(tails); t++) {
		size_t j;

		for (j = 0; j < n; j++)
			path[j] = mod[j] == '.' ? '/' : mod[j];
		memcpy(path + n, tails[t], strlen(tails[t]) + 1);
		for (size_t i = 0; i < l->dir->n; i++) {
			const struct lg_zip_entry *e = &l->dir->v[i];

			if (!l->m[i].data && !e->problem && !e->encrypted &&
			    (e->method == 0 || e->method == 8) &&
			    e->usize <= LG_MAX_MEMBER_BYTES &&
			    !strcmp(e->path, path))
				l->m[i].entry_point = true;
		}
	}
}

static int on_entry_point(const char *section, const char *key,
			  const char *value, size_t line, void *payload)
{
	size_t n = strcspn(value, ": [");

	(void)key;
	(void)line;
	if (!strcmp(section, "console_scripts") || !strcmp(section, "gui_scripts"))
		mark_module(payload, value, n);
	return 0;
}

/* Reads entry_points.txt (when round 3 got it) and marks its modules. */
static int mark_entry_points(struct lazy_job *lj)
{
	struct lg_engine__lazy *l = lj->l;
	int error;

	for (size_t i = 0; i < l->dir->n; i++) {
		if (!l->m[i].data ||
		    !ends_with(l->dir->v[i].path, ".dist-info/entry_points.txt"))
			continue;
		error = lg_distinfo_parse(l->m[i].data, l->m[i].len, '=',
					  on_entry_point, l);
		if (error == LG_ENOMEM)
			return error;
		lg_error_clear(); /* malformed: the rules say so from the file */
	}
	return 0;
}

/* Root-Is-Purelib: true means wheel.native-in-purelib must see the first
 * bytes of every member: such a wheel is read in full. */
static bool purelib(const struct lg_engine__lazy *l)
{
	for (size_t i = 0; i < l->dir->n; i++) {
		const char *p = l->m[i].data, *hit;

		if (!p || !ends_with(l->dir->v[i].path, ".dist-info/WHEEL"))
			continue;
		for (hit = strcasestr(p, "Root-Is-Purelib:"); hit;
		     hit = strcasestr(hit + 1, "Root-Is-Purelib:")) {
			const char *v = hit + 16;

			while (*v == ' ' || *v == '\t')
				v++;
			if (!strncasecmp(v, "true", 4))
				return true;
		}
		return false;
	}
	return true; /* no WHEEL: let the full read judge it */
}

static int settle(struct lazy_job *ljs, size_t nl, size_t *full,
		  size_t *nfull, struct lg_engine__job *jobs)
{
	for (size_t i = 0; i < nl; i++) {
		struct lazy_job *lj = &ljs[i];

		if (lj->whole && !lj->fallback)
			continue; /* job->body holds the file */
		if (!lj->fallback && purelib(lj->l))
			lj->fallback = true;
		if (lj->fallback) {
			lg_engine__lazy_free(lj->l);
			full[(*nfull)++] = (size_t)(lj->job - jobs);
		} else {
			lj->job->lazy = lj->l;
		}
		lj->l = NULL;
	}
	return 0;
}

int lg_engine__lazy_read(struct lg_engine__job *jobs, size_t njobs,
			 const size_t *lazy, size_t nlazy, size_t *full,
			 size_t *nfull, const struct lg_engine_options *opts)
{
	struct lazy_job *ljs = NULL;
	size_t nl = nlazy + *nfull;
	int error = 0;

	if (!nl)
		return 0;
	if (!(ljs = lg__calloc(nl, sizeof(*ljs))))
		return lg_error_oom();
	/* Whole downloads share round 1 with the tails, so they run in
	 * parallel with the lazy reads instead of after them. */
	for (size_t i = 0; i < nl; i++) {
		ljs[i].job = &jobs[i < nlazy ? lazy[i] : full[i - nlazy]];
		ljs[i].full_only = i >= nlazy;
		ljs[i].max_file = opts->max_file_bytes;
		lg_buf_init(&ljs[i].dirbytes, LG_MAX_ZIP_DIR_BYTES);
	}
	*nfull = 0;
	if ((error = run_round(ljs, nl, make_tail, take_tail, opts,
				    lg_engine__room(jobs, njobs))) < 0 ||
	    (error = run_round(ljs, nl, make_dir, take_dir, opts,
				    lg_engine__room(jobs, njobs))) < 0)
		goto done;
	for (size_t i = 0; i < nl && !error; i++)
		if (!ljs[i].fallback && !ljs[i].whole)
			error = parse_dir(&ljs[i]);
	if (error < 0 ||
	    (error = run_round(ljs, nl, make_members, take_members, opts,
			       lg_engine__room(jobs, njobs))) < 0)
		goto done;
	for (size_t i = 0; i < nl && !error; i++)
		if (!ljs[i].fallback && !ljs[i].whole)
			error = mark_entry_points(&ljs[i]);
	if (error < 0 ||
	    (error = run_round(ljs, nl, make_modules, take_modules, opts,
			       lg_engine__room(jobs, njobs))) < 0)
		goto done;
	error = settle(ljs, nl, full, nfull, jobs);
done:
	for (size_t i = 0; i < nl; i++) {
		lg_engine__lazy_free(ljs[i].l);
		lg_buf_dispose(&ljs[i].dirbytes);
	}
	lg__free(ljs);
	return error;
}
