/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/model.h"

int lg_pkgset_new(struct lg_pkgset **out, const char *origin)
{
	struct lg_pkgset *set = lg__calloc(1, sizeof(*set));

	*out = NULL;
	if (!set || !(set->origin = lg__strdup(origin ? origin : ""))) {
		lg__free(set);
		return lg_error_oom();
	}
	*out = set;
	return 0;
}

void lg_pkg_dispose(struct lg_pkg *pkg)
{
	if (!pkg)
		return;
	lg__free(pkg->name);
	lg__free(pkg->version);
	lg__free(pkg->spec);
	for (size_t i = 0; i < pkg->nhashes; i++)
		lg__free(pkg->hashes[i]);
	lg__free(pkg->hashes);
	for (size_t i = 0; i < pkg->nfiles; i++) {
		lg__free(pkg->files[i].name);
		lg__free(pkg->files[i].url);
		lg__free(pkg->files[i].sha256);
		lg__free(pkg->files[i].upload_time);
	}
	lg__free(pkg->files);
	lg__free(pkg->source_url);
	lg__free(pkg->markers);
	lg__free(pkg->file);
	lg__free(pkg->extra_index);
	for (size_t i = 0; i < pkg->nextra_indexes; i++)
		lg__free(pkg->extra_indexes[i]);
	lg__free(pkg->extra_indexes);
	lg__free(pkg->trusted_host);
	memset(pkg, 0, sizeof(*pkg));
}

void lg_pkgset_free(struct lg_pkgset *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->npkgs; i++)
		lg_pkg_dispose(&set->pkgs[i]);
	lg__free(set->pkgs);
	lg__free(set->origin);
	lg__free(set);
}

int lg_pkgset_add_new(struct lg_pkgset *set, struct lg_pkg *pkg)
{
	if (set->npkgs >= LG_MAX_LOCKFILE_PACKAGES) {
		lg_pkg_dispose(pkg);
		return lg_error_toobig("'%s': more than %u packages", set->origin,
				       LG_MAX_LOCKFILE_PACKAGES);
	}
	if (set->npkgs == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct lg_pkg *v = lg__reallocarray(set->pkgs, cap, sizeof(*v));

		if (!v) {
			lg_pkg_dispose(pkg);
			return lg_error_oom();
		}
		set->pkgs = v;
		set->cap = cap;
	}
	set->pkgs[set->npkgs++] = *pkg;
	memset(pkg, 0, sizeof(*pkg));
	return 0;
}

const struct lg_pkg *lg_pkgset_find(const struct lg_pkgset *set,
				    const char *name)
{
	for (size_t i = 0; set && name && i < set->npkgs; i++)
		if (set->pkgs[i].name && strcmp(set->pkgs[i].name, name) == 0)
			return &set->pkgs[i];
	return NULL;
}

static int lower_hex_cmp(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b), n = alen < blen ? alen : blen;

	for (size_t i = 0; i < n; i++) {
		int ca = (unsigned char)a[i], cb = (unsigned char)b[i];

		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (ca != cb)
			return ca - cb;
	}
	return alen < blen ? -1 : alen > blen;
}

int lg_pkg_add_hash(struct lg_pkg *pkg, const char *algo_hex, size_t len)
{
	size_t lo = 0, hi = pkg->nhashes;
	char **v, *h;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = lower_hex_cmp(algo_hex, len, pkg->hashes[mid]);

		if (c == 0)
			return 0;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (pkg->nhashes >= LG_MAX_HASHES_PER_PACKAGE)
		return lg_error_toobig("'%s': more than %u hashes",
				       pkg->name ? pkg->name : "?",
				       LG_MAX_HASHES_PER_PACKAGE);
	if (!(v = lg__reallocarray(pkg->hashes, pkg->nhashes + 1, sizeof(*v))))
		return lg_error_oom();
	pkg->hashes = v;
	if (!(h = lg__strndup(algo_hex, len)))
		return lg_error_oom();
	for (char *p = h; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	memmove(&v[lo + 1], &v[lo], (pkg->nhashes - lo) * sizeof(*v));
	v[lo] = h;
	pkg->nhashes++;
	return 0;
}

static int dup_opt(char **out, const char *s)
{
	*out = NULL;
	if (s && !(*out = lg__strdup(s)))
		return lg_error_oom();
	return 0;
}

int lg_pkg_file_meta(struct lg_pkg *pkg, uint64_t size, const char *upload_time)
{
	struct lg_pkg_file *f;

	if (!pkg->nfiles)
		return 0;
	f = &pkg->files[pkg->nfiles - 1];
	f->size = size;
	lg__free(f->upload_time);
	f->upload_time = NULL;
	return dup_opt(&f->upload_time, upload_time);
}

int lg_pkg_add_file(struct lg_pkg *pkg, const char *name, const char *url,
		    const char *sha256)
{
	struct lg_pkg_file *v, *f;
	char hash[7 + 128 + 1];
	int error;

	if (pkg->nfiles >= LG_MAX_FILES_PER_PACKAGE)
		return lg_error_toobig("'%s': more than %u files",
				       pkg->name ? pkg->name : "?",
				       LG_MAX_FILES_PER_PACKAGE);
	if (!(v = lg__reallocarray(pkg->files, pkg->nfiles + 1, sizeof(*v))))
		return lg_error_oom();
	pkg->files = v;
	f = &v[pkg->nfiles];
	memset(f, 0, sizeof(*f));
	pkg->nfiles++;
	if ((error = dup_opt(&f->name, name)) < 0 ||
	    (error = dup_opt(&f->url, url)) < 0 ||
	    (error = dup_opt(&f->sha256, sha256)) < 0)
		return error;
	if (!sha256)
		return 0;
	for (char *p = f->sha256; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (strlen(sha256) > 128)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': sha256 too long",
					pkg->name ? pkg->name : "?");
	memcpy(hash, "sha256:", 7);
	memcpy(hash + 7, f->sha256, strlen(f->sha256) + 1);
	return lg_pkg_add_hash(pkg, hash, strlen(hash));
}

static int copy_pkg(struct lg_pkg *dst, const struct lg_pkg *src,
		    const char *origin)
{
	int error = 0;

	memset(dst, 0, sizeof(*dst));
	dst->line = src->line;
	dst->source = src->source;
	if ((error = dup_opt(&dst->name, src->name)) < 0 ||
	    (error = dup_opt(&dst->version, src->version)) < 0 ||
	    (error = dup_opt(&dst->spec, src->spec)) < 0 ||
	    (error = dup_opt(&dst->file, src->file ? src->file : origin)) < 0 ||
	    (error = dup_opt(&dst->source_url, src->source_url)) < 0 ||
	    (error = dup_opt(&dst->markers, src->markers)) < 0 ||
	    (error = dup_opt(&dst->extra_index, src->extra_index)) < 0 ||
	    (error = dup_opt(&dst->trusted_host, src->trusted_host)) < 0)
		return error;
	if (src->nextra_indexes &&
	    !(dst->extra_indexes = lg__calloc(src->nextra_indexes,
					      sizeof(*dst->extra_indexes))))
		return lg_error_oom();
	for (size_t i = 0; i < src->nextra_indexes; i++, dst->nextra_indexes++)
		if ((error = dup_opt(&dst->extra_indexes[i],
				     src->extra_indexes[i])) < 0)
			return error;
	for (size_t i = 0; i < src->nhashes && !error; i++)
		error = lg_pkg_add_hash(dst, src->hashes[i], strlen(src->hashes[i]));
	for (size_t i = 0; i < src->nfiles && !error; i++)
		if ((error = lg_pkg_add_file(dst, src->files[i].name,
					     src->files[i].url,
					     src->files[i].sha256)) == 0)
			error = lg_pkg_file_meta(dst, src->files[i].size,
						 src->files[i].upload_time);
	return error;
}

int lg_pkgset_append(struct lg_pkgset *dst, const struct lg_pkgset *src)
{
	int error = 0;

	for (size_t i = 0; src && i < src->npkgs && !error; i++) {
		struct lg_pkg pkg;

		if ((error = copy_pkg(&pkg, &src->pkgs[i], src->origin)) < 0)
			lg_pkg_dispose(&pkg);
		else
			error = lg_pkgset_add_new(dst, &pkg);
	}
	return error;
}

static int cmp_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_pkg(const void *pa, const void *pb)
{
	const struct lg_pkg *a = pa, *b = pb;
	int c;

	if ((c = cmp_opt(a->name, b->name)) != 0 ||
	    (c = cmp_opt(a->version, b->version)) != 0 ||
	    (c = strcmp(lg_source_kind_name(a->source),
			lg_source_kind_name(b->source))) != 0)
		return c;
	/* Stable: the earlier declaration first. */
	return (a->line > b->line) - (a->line < b->line);
}

/* Moves what b has and a lacks into a; b is disposed. */
static int merge_into(struct lg_pkg *a, struct lg_pkg *b)
{
	int error = 0;

	for (size_t i = 0; i < b->nhashes && !error; i++)
		error = lg_pkg_add_hash(a, b->hashes[i], strlen(b->hashes[i]));
	for (size_t i = 0; i < b->nfiles && !error; i++) {
		bool have = false;

		for (size_t j = 0; j < a->nfiles && !have; j++)
			have = !cmp_opt(a->files[j].name, b->files[i].name) &&
			       !cmp_opt(a->files[j].url, b->files[i].url) &&
			       !cmp_opt(a->files[j].sha256, b->files[i].sha256);
		if (!have &&
		    (error = lg_pkg_add_file(a, b->files[i].name,
					     b->files[i].url,
					     b->files[i].sha256)) == 0)
			error = lg_pkg_file_meta(a, b->files[i].size,
						 b->files[i].upload_time);
	}
	if (!error && !a->source_url && b->source_url) {
		a->source_url = b->source_url;
		b->source_url = NULL;
	}
	lg_pkg_dispose(b);
	return error;
}

/* The default index under its spellings: the same source as none. */
static bool is_default_index(const char *url)
{
	static const char *const pypi[] = {
		"https://pypi.org/simple",         "https://pypi.org/simple/",
		"https://pypi.python.org/simple",  "https://pypi.python.org/simple/",
	};
	for (size_t i = 0; url && i < LG_ARRAY_SIZE(pypi); i++)
		if (strcmp(url, pypi[i]) == 0)
			return true;
	return false;
}

int lg_pkgset_normalize(struct lg_pkgset *set)
{
	size_t n = 0;
	int error = 0;

	for (size_t i = 0; i < set->npkgs; i++) {
		struct lg_pkg *p = &set->pkgs[i];

		if (p->source == LG_SOURCE_REGISTRY && is_default_index(p->source_url)) {
			lg__free(p->source_url);
			p->source_url = NULL;
		}
	}
	if (set->npkgs < 2)
		return 0;
	qsort(set->pkgs, set->npkgs, sizeof(set->pkgs[0]), cmp_pkg);
	for (size_t i = 0; i < set->npkgs; i++) {
		struct lg_pkg *cur = &set->pkgs[i];

		if (n && !error) {
			struct lg_pkg *last = &set->pkgs[n - 1];

			if (!cmp_opt(last->name, cur->name) &&
			    !cmp_opt(last->version, cur->version) &&
			    last->source == cur->source) {
				error = merge_into(last, cur);
				continue;
			}
		}
		if (error) {
			lg_pkg_dispose(cur);
			continue;
		}
		if (n != i) {
			set->pkgs[n] = *cur;
			memset(cur, 0, sizeof(*cur));
		}
		n++;
	}
	set->npkgs = n;
	return error;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

int lg_name_canonical(char **out, const char *name, size_t len)
{
	char *p;
	size_t n = 0;

	*out = NULL;
	if (!len || !is_alnum(name[0]) || !is_alnum(name[len - 1]))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"invalid project name '%.*s'",
					(int)(len > 80 ? 80 : len), name);
	if (!(p = lg__malloc(len + 1)))
		return lg_error_oom();
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (is_sep(c)) {
			if (n && p[n - 1] != '-')
				p[n++] = '-';
		} else if (is_alnum(c)) {
			p[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		} else {
			lg__free(p);
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"invalid project name '%.*s'",
						(int)(len > 80 ? 80 : len), name);
		}
	}
	p[n] = '\0';
	*out = p;
	return 0;
}

/* Ends of sdist file names (wheels end in .whl). */
static const char *const sdist_exts[] = {".tar.bz2", ".tar.gz", ".tar.xz",
					 ".tgz", ".zip"};

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && !strncmp(s + n - k, suffix, k);
}

int lg_name_from_artifact(char **out, const char *file)
{
	const char *base = strrchr(file, '/'), *dash = NULL;
	size_t n, stem = 0;

	*out = NULL;
	base = base ? base + 1 : file;
	n = strlen(base);
	if (n > LG_MAX_PATH_BYTES)
		return lg_error_toobig("file name longer than %u bytes",
				       LG_MAX_PATH_BYTES);
	if (ends_with(base, n, ".whl")) {
		dash = memchr(base, '-', n); /* name-version-tags.whl */
	} else {
		for (size_t i = 0; i < LG_ARRAY_SIZE(sdist_exts) && !stem; i++)
			if (ends_with(base, n, sdist_exts[i]))
				stem = n - strlen(sdist_exts[i]);
		/* name-version: the version starts at the last '-' + digit. */
		for (size_t i = stem; i > 0 && !dash; i--)
			if (base[i - 1] == '-' && i < stem && base[i] >= '0' &&
			    base[i] <= '9')
				dash = base + i - 1;
	}
	if (!dash || dash == base)
		return LG_ENOTFOUND;
	return lg_name_canonical(out, base, (size_t)(dash - base));
}

static const char *const change_names[] = {
	"added", "upgraded", "downgraded", "rehashed", "removed",
	"source-changed",
};

const char *lg_change_kind_name(enum lg_change_kind kind)
{
	return (size_t)kind < LG_ARRAY_SIZE(change_names) ? change_names[kind]
							  : "unknown";
}

static const char *const source_names[] = {
	"registry", "url", "vcs", "path", "editable", "unknown",
};

const char *lg_source_kind_name(enum lg_source_kind kind)
{
	return (size_t)kind < LG_ARRAY_SIZE(source_names) ? source_names[kind]
							  : "unknown";
}

static const char *const verdict_names[] = {"pass", "block", "incomplete",
					     "warn"};

const char *lg_verdict_name(enum lg_verdict v)
{
	return (size_t)v < LG_ARRAY_SIZE(verdict_names) ? verdict_names[v]
							: "unknown";
}

void lg_deps_free(struct lg_deps *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		lg_pkgset_free(d->sets[i]);
	lg__free(d->sets);
	lg__free(d->formats);
	lg__free(d);
}
