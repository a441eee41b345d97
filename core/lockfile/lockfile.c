/* SPDX-License-Identifier: MIT */
/* The format table and the semantic diff of two package sets. */
#include <fnmatch.h>

#include "lg/buf.h"
#include "lg/lockfile.h"
#include "lg/toml.h"

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

static bool match_pipfile(const char *path)
{
	return strcmp(base_name(path), "Pipfile.lock") == 0;
}

static bool match_poetry(const char *path)
{
	return strcmp(base_name(path), "poetry.lock") == 0;
}

static bool match_uv(const char *path)
{
	return strcmp(base_name(path), "uv.lock") == 0;
}

static bool match_pdm(const char *path)
{
	return strcmp(base_name(path), "pdm.lock") == 0;
}

/* PEP 751: "pylock.toml" or "pylock.<name>.toml" (no dot in name). */
static bool match_pylock(const char *path)
{
	const char *b = base_name(path), *mid;
	size_t n = strlen(b);

	if (strcmp(b, "pylock.toml") == 0)
		return true;
	if (n <= 12 || strncmp(b, "pylock.", 7) != 0 ||
	    strcmp(b + n - 5, ".toml") != 0)
		return false;
	mid = b + 7;
	return !memchr(mid, '.', (size_t)(b + n - 5 - mid));
}

/* Rows of formats[], for lookups inside this file. */
enum { FMT_PDM, FMT_PIPFILE, FMT_POETRY, FMT_PYLOCK, FMT_REQUIREMENTS, FMT_UV };

static const struct lg_lockfile_format formats[] = {
	{"pdm", match_pdm, lg_lockfile_parse_pdm},
	{"pipfile", match_pipfile, lg_lockfile_parse_pipfile},
	{"poetry", match_poetry, lg_lockfile_parse_poetry},
	{"pylock", match_pylock, lg_lockfile_parse_pylock},
	{"requirements", match_requirements, lg_lockfile_parse_requirements},
	{"uv", match_uv, lg_lockfile_parse_uv},
};

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The TOML lock format of a document by its keys: pylock (lock-version
 * and [[packages]]), pdm ([metadata] lock_version), poetry ([metadata]
 * lock-version or content-hash), uv (version, requires-python and
 * [[package]]). Cargo.lock and other TOML locks match none. */
static const struct lg_lockfile_format *
toml_lock_kind(const struct lg_toml_node *root)
{
	const struct lg_toml_node *meta = lg_toml_get(root, "metadata");

	if (lg_toml_get_string(root, "lock-version") &&
	    lg_toml_type(lg_toml_get(root, "packages")) == LG_TOML_ARRAY)
		return &formats[FMT_PYLOCK];
	if (lg_toml_get(meta, "lock_version"))
		return &formats[FMT_PDM];
	if (lg_toml_get(meta, "lock-version") || lg_toml_get(meta, "content-hash"))
		return &formats[FMT_POETRY];
	if (lg_toml_type(lg_toml_get(root, "version")) == LG_TOML_INTEGER &&
	    lg_toml_get_string(root, "requires-python") &&
	    (lg_toml_get(root, "package") || lg_toml_get(root, "distribution")))
		return &formats[FMT_UV];
	return NULL;
}

static bool is_req_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* One line of a pinned requirements file: an option, or a PEP 508 name
 * followed by extras, a specifier, '@', ';', '\' or nothing. *pinned is
 * set for "name==". */
static bool req_line_shape(const char *p, size_t n, bool *pinned)
{
	size_t i = 0;

	if (p[0] == '-')
		return true;
	if (!is_req_name_start(p[0]))
		return false;
	while (i < n && (is_req_name_start(p[i]) || p[i] == '-' || p[i] == '_' ||
			 p[i] == '.'))
		i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && p[i] == '[') {
		const char *end = memchr(p + i, ']', n - i);

		if (!end)
			return false;
		i = (size_t)(end - p) + 1;
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
	}
	if (i == n)
		return true;
	if (n - i >= 2 && p[i] == '=' && p[i + 1] == '=')
		return *pinned = true;
	return strchr("<>=!~@;\\", p[i]) != NULL;
}

/* Text whose every non-blank, non-comment line has the shape of a
 * requirement or an option, with at least one "name==" pin (rye's
 * requirements.lock). */
static bool looks_like_requirements(const char *buf, size_t len)
{
	bool pinned = false;
	size_t pos = 0;

	if (memchr(buf, '\0', len))
		return false;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len, b = pos, e = end;

		while (b < e && (buf[b] == ' ' || buf[b] == '\t'))
			b++;
		while (e > b && (buf[e - 1] == ' ' || buf[e - 1] == '\t' ||
				 buf[e - 1] == '\r'))
			e--;
		if (b < e && buf[b] != '#' &&
		    !req_line_shape(buf + b, e - b, &pinned))
			return false;
		pos = end + 1;
	}
	return pinned;
}

/* A *.lock file no name matched: by content. */
static const struct lg_lockfile_format *detect_lock(const char *buf, size_t len)
{
	const struct lg_lockfile_format *fmt = NULL;
	struct lg_toml_node *root = NULL;

	if (lg_toml_parse(&root, buf, len, "lock") == 0)
		fmt = toml_lock_kind(root);
	else
		lg_error_clear();
	lg_toml_free(root);
	if (!fmt && looks_like_requirements(buf, len))
		fmt = &formats[FMT_REQUIREMENTS];
	return fmt;
}

const struct lg_lockfile_format *
lg_lockfile_format_detect(const char *path, const char *buf, size_t len)
{
	const struct lg_lockfile_format *fmt = lg_lockfile_format_for_path(path);
	size_t i = 0;

	if (fmt)
		return fmt;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			   buf[i] == '\r'))
		i++;
	if (i < len && buf[i] == '{' && memmem(buf, len, "\"_meta\"", 7))
		return &formats[FMT_PIPFILE];
	if (has_suffix(path, ".txt") || has_suffix(path, ".in"))
		return &formats[FMT_REQUIREMENTS];
	if (has_suffix(path, ".lock"))
		return detect_lock(buf, len);
	return NULL;
}

bool lg_lockfile_discoverable(const char *path)
{
	const char *base = base_name(path);

	return lg_lockfile_format_for_path(path) || has_suffix(base, ".lock") ||
	       strcmp(base, "pyproject.toml") == 0;
}

const struct lg_lockfile_format *lg_lockfile_format_by_name(const char *name)
{
	for (size_t i = 0; name && i < LG_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

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

/* The identity of an entry for the diff: its name, or for a requirement
 * naming no project its text. */
static const char *key_of(const struct lg_pkg *p)
{
	return p->name ? p->name : (p->spec ? p->spec : "");
}

static bool same_key(const struct lg_pkg *a, const struct lg_pkg *b)
{
	return (!a->name == !b->name) && strcmp(key_of(a), key_of(b)) == 0;
}

static bool same_source(const struct lg_pkg *a, const struct lg_pkg *b)
{
	return a->source == b->source && same_opt(a->source_url, b->source_url);
}

static int add_change(struct lg_result *r, const struct lg_pkgset *set,
		      const struct lg_pkg *prev, const struct lg_pkg *cur,
		      enum lg_change_kind kind)
{
	const struct lg_pkg *at = cur ? cur : prev;
	struct lg_change c = {0};

	c.kind = kind;
	c.lockfile = (char *)(at->file ? at->file : set->origin);
	c.line = at->line;
	c.name = (char *)key_of(at);
	c.old_version = prev ? prev->version : NULL;
	c.new_version = cur ? cur->version : NULL;
	c.pkg = cur;
	c.old_pkg = prev;
	return lg_result_add_change(r, &c);
}

static enum lg_change_kind version_kind(const struct lg_pkg *prev,
					const struct lg_pkg *cur)
{
	if (!same_source(prev, cur))
		return LG_CHANGE_SOURCE_CHANGED;
	if (prev->version && cur->version &&
	    lg_version_cmp(cur->version, prev->version) < 0)
		return LG_CHANGE_DOWNGRADED;
	return LG_CHANGE_UPGRADED;
}

/* A set difference by (name, version, source) within each name: exact
 * matches compare hashes and source URL; the rest pair up in order as
 * upgrades, downgrades or source changes; what is left is added or
 * removed. Both sets are normalised (sorted by name, version, source). */
int lg_lockfile_diff(struct lg_result *r, const struct lg_pkgset *old,
		     const struct lg_pkgset *new_set)
{
	const struct lg_pkgset *any = new_set ? new_set : old;
	size_t no = old ? old->npkgs : 0, nn = new_set ? new_set->npkgs : 0;
	bool *used_old = NULL, *used_new = NULL;
	int error = 0;

	if (!any)
		return 0;
	if ((no && !(used_old = lg__calloc(no, 1))) ||
	    (nn && !(used_new = lg__calloc(nn, 1)))) {
		error = lg_error_oom();
		goto done;
	}
	/* Exact (key, version, source kind) matches. */
	for (size_t i = 0; i < nn && !error; i++) {
		const struct lg_pkg *cur = &new_set->pkgs[i];

		for (size_t j = 0; j < no; j++) {
			const struct lg_pkg *prev = &old->pkgs[j];

			if (used_old[j] || !same_key(prev, cur) ||
			    !same_opt(prev->version, cur->version) ||
			    prev->source != cur->source)
				continue;
			used_old[j] = used_new[i] = true;
			if (!same_opt(prev->source_url, cur->source_url))
				error = add_change(r, any, prev, cur,
						   LG_CHANGE_SOURCE_CHANGED);
			else if (!same_hashes(prev, cur) ||
				 !same_opt(prev->spec, cur->spec))
				error = add_change(r, any, prev, cur,
						   LG_CHANGE_REHASHED);
			break;
		}
	}
	/* Same key, other version or source kind. */
	for (size_t i = 0; i < nn && !error; i++) {
		const struct lg_pkg *cur = &new_set->pkgs[i];
		bool paired = false;

		if (used_new[i])
			continue;
		for (size_t j = 0; j < no && !paired; j++) {
			const struct lg_pkg *prev = &old->pkgs[j];

			if (used_old[j] || !same_key(prev, cur))
				continue;
			used_old[j] = paired = true;
			error = add_change(r, any, prev, cur, version_kind(prev, cur));
		}
		if (!paired && !error)
			error = add_change(r, any, NULL, cur, LG_CHANGE_ADDED);
	}
	for (size_t j = 0; j < no && !error; j++)
		if (!used_old[j])
			error = add_change(r, old, &old->pkgs[j], NULL,
					   LG_CHANGE_REMOVED);
done:
	lg__free(used_old);
	lg__free(used_new);
	return error;
}
