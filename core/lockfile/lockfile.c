/* SPDX-License-Identifier: MIT */
/* The format table and the semantic diff of two package sets. */
#include <fnmatch.h>

#include "lg/buf.h"
#include "lg/lockfile.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* requirements.txt, requirements-dev.txt, any .txt under requirements/ */
static bool match_requirements(const char *path)
{
	static const char *const globs[] = {
		"requirements*.txt", "*requirements.txt", "*-requirements*.txt",
		"constraints*.txt",
	};
	const char *base = base_name(path);
	const char *dir_end = base > path ? base - 1 : NULL;

	for (size_t i = 0; i < LG_ARRAY_SIZE(globs); i++)
		if (fnmatch(globs[i], base, 0) == 0)
			return true;
	/* Any .txt in a directory named requirements/ or requires/. */
	if (dir_end && fnmatch("*.txt", base, 0) == 0) {
		const char *d = dir_end;

		while (d > path && d[-1] != '/')
			d--;
		return (size_t)(dir_end - d) >= 8 &&
		       (strncmp(d, "requirements/", 13) == 0 ||
			strncmp(d, "requires/", 9) == 0);
	}
	return false;
}

static const struct lg_lockfile_format formats[] = {
	{"requirements", match_requirements, lg_lockfile_parse_requirements},
};

const struct lg_lockfile_format *lg_lockfile_format_for_path(const char *path)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(formats); i++)
		if (formats[i].match_path(path))
			return &formats[i];
	return NULL;
}

static bool same_hashes(const struct lg_pkg *a, const struct lg_pkg *b)
{
	if (a->nhashes != b->nhashes)
		return false;
	for (size_t i = 0; i < a->nhashes; i++)
		if (strcmp(a->hashes[i], b->hashes[i]) != 0)
			return false;
	return true;
}

static bool same_opt(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int classify(enum lg_change_kind *kind, const struct lg_pkg *old,
		    const struct lg_pkg *cur)
{
	int cmp;

	if (!old) {
		*kind = LG_CHANGE_ADDED;
		return 1;
	}
	if (same_opt(old->version, cur->version) &&
	    strcmp(old->spec, cur->spec) == 0)
		return same_hashes(old, cur) ? 0 : (*kind = LG_CHANGE_REHASHED, 1);
	cmp = (old->version && cur->version)
		      ? lg_version_cmp(cur->version, old->version)
		      : 1;
	*kind = cmp < 0 ? LG_CHANGE_DOWNGRADED : LG_CHANGE_UPGRADED;
	return 1;
}

int lg_lockfile_diff(struct lg_result *r, const struct lg_pkgset *old,
		     const struct lg_pkgset *new_set)
{
	const char *origin = new_set ? new_set->origin : old->origin;
	int error = 0;

	for (size_t i = 0; new_set && i < new_set->npkgs && !error; i++) {
		const struct lg_pkg *cur = &new_set->pkgs[i];
		const struct lg_pkg *prev = lg_pkgset_find(old, cur->name);
		struct lg_change c = {0};

		if (!classify(&c.kind, prev, cur))
			continue;
		c.lockfile = (char *)origin;
		c.line = cur->line;
		c.name = cur->name;
		c.old_version = prev ? prev->version : NULL;
		c.new_version = cur->version;
		c.pkg = cur;
		error = lg_result_add_change(r, &c);
	}
	for (size_t i = 0; old && i < old->npkgs && !error; i++) {
		const struct lg_pkg *prev = &old->pkgs[i];
		struct lg_change c = {0};

		if (lg_pkgset_find(new_set, prev->name))
			continue;
		c.lockfile = (char *)origin;
		c.line = prev->line;
		c.name = prev->name;
		c.old_version = prev->version;
		c.kind = LG_CHANGE_REMOVED;
		error = lg_result_add_change(r, &c);
	}
	return error;
}
