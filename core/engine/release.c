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

#define RELEASE_DAY 86400

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool num(const char *s, size_t n, unsigned *out)
{
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

int lg_engine__parse_time(int64_t *out, const char *s)
{
	unsigned y, mo, d, h, mi, se, oh = 0, om = 0;
	int64_t off = 0;
	const char *p;

	*out = -1;
	if (!s || strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
	    s[16] != ':' || !num(s, 4, &y) || !num(s + 5, 2, &mo) ||
	    !num(s + 8, 2, &d) || !num(s + 11, 2, &h) || !num(s + 14, 2, &mi) ||
	    !num(s + 17, 2, &se) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return LG_EINVALID;
	p = s + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
	    num(p + 1, 2, &oh) && num(p + 4, 2, &om) && oh < 24 && om < 60)
		off = (*p == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
	else if (*p && strcmp(p, "Z") != 0 && strcmp(p, "z") != 0)
		return LG_EINVALID;
	/* no zone: PyPI's upload_time is UTC without a suffix */
	*out = days_from_civil(y, mo, d) * RELEASE_DAY + h * 3600 + mi * 60 +
	       se - off;
	return 0;
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
