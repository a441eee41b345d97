/* SPDX-License-Identifier: MIT */
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
	for (size_t i = 0; set && i < set->npkgs; i++)
		if (strcmp(set->pkgs[i].name, name) == 0)
			return &set->pkgs[i];
	return NULL;
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
};

const char *lg_change_kind_name(enum lg_change_kind kind)
{
	return (size_t)kind < LG_ARRAY_SIZE(change_names) ? change_names[kind]
							  : "unknown";
}

static const char *const verdict_names[] = {"pass", "block", "incomplete",
					     "warn"};

const char *lg_verdict_name(enum lg_verdict v)
{
	return (size_t)v < LG_ARRAY_SIZE(verdict_names) ? verdict_names[v]
							: "unknown";
}
