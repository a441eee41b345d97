/* SPDX-License-Identifier: MIT */
/* Release metadata of a resolved package -> lg_release_check: upload times
 * and the project's other releases, from the index document resolve.c
 * read. A Simple API page (PEP 691 JSON) lists every release with its
 * upload-time: cooldown, first release and dormancy are all checked. The
 * PyPI JSON API's release document lists only the locked release: the
 * cooldown is checked. An HTML page (PEP 503) has no upload times: nothing
 * time-based is checked and the caller says so once per run. */
#include "lg/index.h"
#include "lg/lockpolicy.h"
#include "engine_private.h"


int lg_engine__parse_time(int64_t *out, const char *s)
{
	/* no zone: PyPI's upload_time is UTC without a suffix */
	return lg_time_parse(out, s, false);
}

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* PEP 503 equality of two names: case and runs of -_. do not matter. */
static bool same_name(const char *a, const char *b)
{
	for (;;) {
		if (is_sep(*a) != is_sep(*b))
			return false;
		if (is_sep(*a)) {
			while (is_sep(*a))
				a++;
			while (is_sep(*b))
				b++;
			continue;
		}
		if (fold(*a) != fold(*b))
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

static bool lock_pins(const struct lg_pkg *pkg, const char *sha256)
{
	bool any = false;

	for (size_t i = 0; i < pkg->nhashes; i++) {
		if (strncmp(pkg->hashes[i], "sha256:", 7) != 0)
			continue;
		any = true;
		if (sha256 && lg_hex_equal(pkg->hashes[i] + 7, sha256))
			return true;
	}
	return !any; /* no sha256 in the lock: any file may be installed */
}

/* The releases of a page: versions grouped with lg_version_equal. */
struct hist {
	struct lg_release_meta *rels;
	struct lg_release_file_meta *files; /* one per page file, grouped */
	const char **vstart;
	size_t *vlen;
	char **vers;
	size_t n;
};

static void hist_dispose(struct hist *h)
{
	for (size_t i = 0; i < h->n; i++)
		lg__free(h->vers[i]);
	lg__free(h->rels);
	lg__free(h->files);
	lg__free(h->vstart);
	lg__free(h->vlen);
	lg__free(h->vers);
}

static bool same_bytes(const struct hist *h, size_t g, const char *v,
		       size_t vl)
{
	return h->vlen[g] == vl && memcmp(h->vstart[g], v, vl) == 0;
}

/* Groups the files of page by version (files whose names do not parse as
 * the project's are left out). *at: the group of version, or SIZE_MAX. */
static int build_history(struct hist *h, size_t *at, const struct lg_pkg *pkg,
			 const struct lg_release *page)
{
	size_t nf = page->nfiles ? page->nfiles : 1, *group;
	int error = 0;

	*at = SIZE_MAX;
	if (!(h->rels = lg__calloc(nf, sizeof(*h->rels))) ||
	    !(h->files = lg__calloc(nf, sizeof(*h->files))) ||
	    !(h->vstart = lg__calloc(nf, sizeof(*h->vstart))) ||
	    !(h->vlen = lg__calloc(nf, sizeof(*h->vlen))) ||
	    !(h->vers = lg__calloc(nf, sizeof(*h->vers))) ||
	    !(group = lg__calloc(nf, sizeof(*group))))
		return lg_error_oom();
	for (size_t i = 0; i < page->nfiles; i++) {
		const char *v;
		size_t vl, g;
		bool wheel;

		group[i] = SIZE_MAX;
		if (!lg_dist_file_matches(page->files[i].filename, pkg->name, &v,
					  &vl, &wheel))
			continue;
		/* Grouped by the bytes of the version (files of one release
		 * spell it alike; a page of thousands of releases stays
		 * linear in practice: the last group is tried first). */
		g = h->n && same_bytes(h, h->n - 1, v, vl) ? h->n - 1 : h->n;
		for (size_t k = 0; g == h->n && k < h->n; k++)
			if (same_bytes(h, k, v, vl))
				g = k;
		if (g == h->n) {
			h->vstart[g] = v;
			h->vlen[g] = vl;
			if (!(h->vers[g] = lg__strndup(v, vl))) {
				error = lg_error_oom();
				goto done;
			}
			h->n++;
		}
		group[i] = g;
	}
	/* files grouped in order of their release */
	for (size_t g = 0, k = 0; g < h->n; g++) {
		h->rels[g].version = h->vers[g];
		h->rels[g].files = &h->files[k];
		for (size_t i = 0; i < page->nfiles; i++) {
			if (group[i] != g)
				continue;
			if (lg_engine__parse_time(&h->files[k].upload_time,
						  page->files[i].upload_time) < 0)
				h->files[k].upload_time = -1;
			k++;
			h->rels[g].nfiles++;
		}
		if (*at == SIZE_MAX &&
		    lg_version_equal(h->vstart[g], h->vlen[g], pkg->version,
				     strlen(pkg->version)))
			*at = g;
	}
done:
	lg__free(group);
	return error;
}

static bool any_time(const struct lg_release *rel)
{
	int64_t t;

	for (size_t i = 0; i < rel->nfiles; i++)
		if (lg_engine__parse_time(&t, rel->files[i].upload_time) == 0)
			return true;
	return false;
}

int lg_engine__release_checks(struct lg_result *r, bool *no_times,
			      const struct lg_engine_options *opts,
			      const struct lg_pkg *pkg,
			      const struct lg_release *page, bool whole_project,
			      const struct lg_engine_ctx *ctx)
{
	struct lg_release_policy p = LG_RELEASE_POLICY_INIT;
	struct lg_release_file_meta *inst = NULL;
	struct hist h = {0};
	size_t from = r->findings.n, at, ninst = 0;
	bool exempt = false;
	int error = 0;

	*no_times = false;
	if (!opts->now || !pkg->name || !pkg->version)
		return 0;
	if (!any_time(page)) {
		*no_times = page->nfiles > 0;
		return 0;
	}
	for (size_t i = 0; i < opts->ncooldown_exempt; i++)
		exempt |= same_name(opts->cooldown_exempt[i], pkg->name);
	p.cooldown_days = exempt ? 0 : opts->cooldown_days;
	p.dormant_days = opts->dormant_days;
	if (!(inst = lg__calloc(page->nfiles + 1, sizeof(*inst))))
		return lg_error_oom();
	/* The yanked flags stay false: index.yanked reports them. */
	for (size_t i = 0; i < page->nfiles; i++) {
		const struct lg_index_file *f = &page->files[i];
		const char *v;
		size_t vl;
		bool wheel;

		if (whole_project &&
		    (!lg_dist_file_matches(f->filename, pkg->name, &v, &vl,
					   &wheel) ||
		     !lg_version_equal(v, vl, pkg->version, strlen(pkg->version))))
			continue;
		if (!lock_pins(pkg, f->sha256))
			continue;
		if (lg_engine__parse_time(&inst[ninst].upload_time,
					  f->upload_time) < 0)
			inst[ninst].upload_time = -1;
		ninst++;
	}
	if (!whole_project) {
		error = lg_release_check_files(&r->findings, pkg->name,
					       pkg->version, inst, ninst,
					       opts->now, &p);
	} else if ((error = build_history(&h, &at, pkg, page)) == 0 &&
		   at != SIZE_MAX) {
		error = lg_release_check(&r->findings, pkg->name, h.rels, h.n, at,
					 inst, ninst, opts->now, &p);
	}
	if (!error)
		error = lg_findings_set_context(&r->findings, from, ctx->package,
						ctx->version, NULL, ctx->lockfile,
						ctx->lockfile_line);
	hist_dispose(&h);
	lg__free(inst);
	return error;
}
