/* SPDX-License-Identifier: MIT */
/* Which paths discovery reads: gitignore-like globs and the vendored
 * trees skipped by default. */
#include <fnmatch.h>
#include <stdio.h>

#include "lg/config.h"

/* Directory names of vendored, generated or tool-managed trees; a lock
 * file below one is someone else's (sorted, lg_config_selfcheck). */
static const char *const vendored_dirs[] = {
	".eggs", ".git", ".hg", ".nox", ".svn", ".tox", ".venv",
	"__pypackages__", "_vendor", "dist-packages", "node_modules",
	"site-packages", "third_party", "vendor", "venv",
};

static bool is_vendored_part(const char *p, size_t n)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(vendored_dirs); i++)
		if (strlen(vendored_dirs[i]) == n &&
		    memcmp(vendored_dirs[i], p, n) == 0)
			return true;
	return false;
}

bool lg_config_path_vendored(const char *path)
{
	const char *p = path, *slash;

	/* Only directory parts count: the last part is the file. */
	while ((slash = strchr(p, '/'))) {
		if (is_vendored_part(p, (size_t)(slash - p)))
			return true;
		p = slash + 1;
	}
	return false;
}

struct segs {
	const char *v[LG_MAX_GLOB_SEGMENTS];
	size_t len[LG_MAX_GLOB_SEGMENTS];
	size_t n;
};

/* Splits s at '/' (empty parts dropped); false past the segment cap. */
static bool split(struct segs *out, const char *s)
{
	out->n = 0;
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);

		if (n) {
			if (out->n == LG_MAX_GLOB_SEGMENTS)
				return false;
			out->v[out->n] = s;
			out->len[out->n++] = n;
		}
		s += n + (slash ? 1 : 0);
	}
	return true;
}

static bool seg_match(const struct segs *pat, size_t i, const struct segs *path,
		      size_t j)
{
	char p[LG_MAX_PATH_BYTES], s[LG_MAX_PATH_BYTES];

	if (pat->len[i] >= sizeof(p) || path->len[j] >= sizeof(s))
		return false;
	memcpy(p, pat->v[i], pat->len[i]);
	p[pat->len[i]] = '\0';
	memcpy(s, path->v[j], path->len[j]);
	s[path->len[j]] = '\0';
	return fnmatch(p, s, 0) == 0;
}

static bool is_starstar(const struct segs *pat, size_t i)
{
	return pat->len[i] == 2 && memcmp(pat->v[i], "**", 2) == 0;
}

/* Dynamic programming over (pattern part, path part): reach[j] is true
 * when the parts of the pattern seen so far match path parts [0, j).
 * The pattern matches when it reaches a path prefix: all parts (a file),
 * or fewer (a directory, unless only files may match). */
static bool match_segs(const struct segs *pat, const struct segs *path,
		       bool dir_only)
{
	bool reach[LG_MAX_PATH_BYTES / 2 + 2] = {false}, next[LG_MAX_PATH_BYTES / 2 + 2];
	size_t n = path->n;

	if (n + 1 > LG_ARRAY_SIZE(reach))
		return false;
	reach[0] = true;
	for (size_t i = 0; i < pat->n; i++) {
		bool any = false;

		memset(next, 0, sizeof(next));
		for (size_t j = 0; j <= n; j++) {
			if (!reach[j])
				continue;
			if (is_starstar(pat, i)) {
				for (size_t k = j; k <= n; k++)
					next[k] = true;
				any = true;
				break; /* every later j is covered */
			}
			if (j < n && seg_match(pat, i, path, j))
				next[j + 1] = any = true;
		}
		memcpy(reach, next, sizeof(reach));
		if (!any)
			return false;
	}
	for (size_t j = 1; j <= n; j++)
		if (reach[j] && (j < n || !dir_only))
			return true;
	return false;
}

bool lg_config_glob_match(const char *pattern, const char *path)
{
	struct segs pat, parts;
	char buf[LG_MAX_PATH_BYTES + 4];
	size_t len = strlen(pattern);
	bool dir_only = false, anchored;
	const char *body = pattern;

	if (!len || len >= LG_MAX_PATH_BYTES)
		return false;
	if (body[0] == '/')
		body++, len--;
	if (len && body[len - 1] == '/')
		dir_only = true, len--;
	if (!len)
		return false;
	anchored = body != pattern || memchr(body, '/', len) != NULL;
	/* "name" or "name/" matches at any depth: "**\/name". */
	snprintf(buf, sizeof(buf), "%s%.*s", anchored ? "" : "**/", (int)len, body);
	if (!split(&pat, buf) || !split(&parts, path) || !pat.n)
		return false;
	return match_segs(&pat, &parts, dir_only);
}

static bool any_match(char *const *globs, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (lg_config_glob_match(globs[i], path))
			return true;
	return false;
}

bool lg_config_selects(const struct lg_config *cfg, const char *path,
		       bool named)
{
	if (cfg && any_match(cfg->exclude, cfg->nexclude, path))
		return false;
	if (cfg && cfg->ninclude)
		return any_match(cfg->include, cfg->ninclude, path);
	return named && !lg_config_path_vendored(path);
}

int lg_config_selfcheck(void)
{
	for (size_t i = 1; i < LG_ARRAY_SIZE(vendored_dirs); i++)
		if (strcmp(vendored_dirs[i - 1], vendored_dirs[i]) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"vendored table not sorted at '%s'",
						vendored_dirs[i]);
	for (size_t i = 1; i < lg_config_key_count(); i++)
		if (strcmp(lg_config_key_at(i - 1)->name,
			   lg_config_key_at(i)->name) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"config key table not sorted at "
						"'%s'", lg_config_key_at(i)->name);
	return 0;
}
