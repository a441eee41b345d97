/* SPDX-License-Identifier: MIT */
/* Pipfile.lock: JSON; every top-level key but "_meta" whose value is an
 * object is a section of packages (default, develop, custom categories).
 * An entry is an object ("version": "==x", "hashes" or the 2017 "hash",
 * "git"/"hg"/"svn"/"bzr" + "ref", "path", "file", "editable", "index",
 * "markers") or, in January 2017 files, a bare "==x" string. */
#include <jansson.h>

#include "lg/buf.h"
#include "lg/lockfile.h"

static int set_str(char **out, const char *s)
{
	lg__free(*out);
	if (!(*out = lg__strdup(s)))
		return lg_error_oom();
	return 0;
}

static const char *str_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int add_hash_str(struct lg_pkg *pkg, const char *h, const char *origin)
{
	const char *colon = strchr(h, ':');

	if (!colon || colon == h || !colon[1])
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': %s: malformed hash '%.40s'", origin,
					pkg->name, h);
	return lg_pkg_add_hash(pkg, h, strlen(h));
}

/* Where the key scan stands: entries come in file order, so the search
 * for the next key starts where the last one was found (linear overall);
 * a key not found after it is searched from the start. */
struct key_cursor {
	size_t pos, line; /* byte offset and its line */
};

static size_t find_key(const char *buf, size_t len, size_t from,
		       const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = from; i + klen + 2 <= len; i++) {
		const char *q = memchr(buf + i, '"', len - i);

		if (!q)
			break;
		i = (size_t)(q - buf);
		if (i + klen + 2 <= len && memcmp(buf + i + 1, key, klen) == 0 &&
		    buf[i + 1 + klen] == '"')
			return i;
	}
	return len;
}

/* Line of the next `"key"` (for annotations), 0 if not found. */
static size_t line_of_key(const char *buf, size_t len, struct key_cursor *c,
			  const char *key)
{
	size_t at = find_key(buf, len, c->pos, key);

	if (at == len) {
		at = find_key(buf, len, 0, key);
		if (at == len)
			return 0;
		c->pos = 0;
		c->line = 1;
	}
	for (size_t j = c->pos; j < at; j++)
		c->line += buf[j] == '\n';
	c->pos = at;
	return c->line;
}

static const char *const vcs_keys[] = {"bzr", "git", "hg", "svn"};

static int read_entry(struct lg_pkg *pkg, json_t *v, json_t *sources,
		      const char *origin)
{
	const char *s;
	json_t *hashes;
	int error;

	if (json_is_string(v)) { /* "crayons": "==0.1.1" */
		s = json_string_value(v);
		if (strncmp(s, "==", 2) == 0 && s[2] && strcmp(s, "==*") != 0)
			return set_str(&pkg->version, s + 2);
		return set_str(&pkg->spec, s);
	}
	if (!json_is_object(v))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': %s: entry is not an object", origin,
					pkg->name);
	if ((s = str_member(v, "version"))) {
		if ((error = set_str(&pkg->spec, s)) < 0)
			return error;
		if (strncmp(s, "===", 3) == 0)
			s += 1;
		if (strncmp(s, "==", 2) == 0 && s[2] && !strchr(s, '*') &&
		    (error = set_str(&pkg->version, s + 2)) < 0)
			return error;
	}
	if ((hashes = json_object_get(v, "hashes"))) {
		size_t i;
		json_t *h;

		if (!json_is_array(hashes))
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': %s: hashes is not a list",
						origin, pkg->name);
		json_array_foreach(hashes, i, h) {
			if (!json_is_string(h))
				return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
							"'%s': %s: hash is not a "
							"string", origin, pkg->name);
			if ((error = add_hash_str(pkg, json_string_value(h),
						  origin)) < 0)
				return error;
		}
	}
	if ((s = str_member(v, "hash")) && (error = add_hash_str(pkg, s, origin)) < 0)
		return error;
	if ((s = str_member(v, "markers")) && (error = set_str(&pkg->markers, s)) < 0)
		return error;
	for (size_t i = 0; i < LG_ARRAY_SIZE(vcs_keys); i++) {
		if (!(s = str_member(v, vcs_keys[i])))
			continue;
		pkg->source = LG_SOURCE_VCS;
		if ((error = set_str(&pkg->source_url, s)) < 0)
			return error;
		if ((s = str_member(v, "ref"))) {
			struct lg_buf u = LG_BUF_INIT(LG_MAX_PATH_BYTES);

			if ((error = lg_buf_printf(&u, "%s@%s", pkg->source_url, s)) < 0) {
				lg_buf_dispose(&u);
				return error;
			}
			lg__free(pkg->source_url);
			pkg->source_url = lg_buf_detach(&u);
			if (!pkg->source_url)
				return lg_error_oom();
		}
	}
	if ((s = str_member(v, "path"))) {
		pkg->source = LG_SOURCE_PATH;
		if ((error = set_str(&pkg->source_url, s)) < 0)
			return error;
	}
	if ((s = str_member(v, "file"))) {
		bool remote = strstr(s, "://") && strncmp(s, "file:", 5) != 0;

		pkg->source = remote ? LG_SOURCE_URL : LG_SOURCE_PATH;
		if ((error = set_str(&pkg->source_url, s)) < 0)
			return error;
	}
	if (json_is_true(json_object_get(v, "editable")))
		pkg->source = LG_SOURCE_EDITABLE;
	if (pkg->source == LG_SOURCE_REGISTRY && (s = str_member(v, "index"))) {
		size_t i;
		json_t *src;

		json_array_foreach(sources, i, src) {
			const char *name = str_member(src, "name");
			const char *url = str_member(src, "url");

			if (name && url && strcmp(name, s) == 0)
				return set_str(&pkg->source_url, url);
		}
	} else if (pkg->source == LG_SOURCE_REGISTRY &&
		   (s = str_member(json_array_get(sources, 0), "url"))) {
		/* pipenv installs an entry that names no index from the first
		 * source only (other sources need an explicit index). */
		return set_str(&pkg->source_url, s);
	}
	return 0;
}

int lg_lockfile_parse_pipfile(struct lg_pkgset **out,
			      struct lg_findings *findings, const char *buf,
			      size_t len, const char *origin,
			      const struct lg_lockfile_io *io)
{
	struct lg_pkgset *set = NULL;
	json_error_t jerr;
	json_t *root = NULL, *meta, *sources, *section;
	const char *key;
	struct key_cursor cur = {0, 1};
	int error;

	(void)findings;
	(void)io;
	LG_ASSERT_ARG(out && (buf || !len) && origin);
	*out = NULL;
	if (len > LG_MAX_LOCKFILE_BYTES)
		return lg_error_toobig("'%s': larger than %u bytes", origin,
				       LG_MAX_LOCKFILE_BYTES);
	if (!(root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %d: %.200s", origin, jerr.line,
					jerr.text);
	if (!json_is_object(root)) {
		error = lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					 "'%s': not a JSON object", origin);
		goto done;
	}
	meta = json_object_get(root, "_meta");
	sources = json_object_get(meta, "sources");
	if ((error = lg_pkgset_new(&set, origin)) < 0)
		goto done;
	json_object_foreach(root, key, section) {
		const char *name;
		json_t *v;

		if (strcmp(key, "_meta") == 0 || !json_is_object(section))
			continue;
		json_object_foreach(section, name, v) {
			struct lg_pkg pkg = {0};

			if ((error = lg_name_canonical(&pkg.name, name, strlen(name))) < 0)
				goto done;
			pkg.line = line_of_key(buf, len, &cur, name);
			if ((error = read_entry(&pkg, v, sources, origin)) < 0 ||
			    (!pkg.spec && (error = set_str(&pkg.spec, "")) < 0)) {
				lg_pkg_dispose(&pkg);
				goto done;
			}
			if ((error = lg_pkgset_add_new(set, &pkg)) < 0)
				goto done;
		}
	}
	error = lg_pkgset_normalize(set);
done:
	json_decref(root);
	if (error < 0) {
		lg_pkgset_free(set);
		return error;
	}
	*out = set;
	return 0;
}
