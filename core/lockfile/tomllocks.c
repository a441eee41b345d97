/* SPDX-License-Identifier: MIT */
/* The TOML lock formats: poetry.lock, uv.lock, pdm.lock and pylock.toml
 * (FORMATS.md §2, §4-6 and the rules in the vectors' README). Each is a
 * pure function of bytes over core/toml's tree. */
#include <stdio.h>
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/lockfile.h"
#include "lg/toml.h"

typedef const struct lg_toml_node node;

static int set_str(char **out, const char *s)
{
	lg__free(*out);
	*out = NULL;
	if (s && !(*out = lg__strdup(s)))
		return lg_error_oom();
	return 0;
}

static const char *base_of(const char *url)
{
	const char *b = url, *p;

	if (!url)
		return NULL;
	for (p = url; *p && *p != '#' && *p != '?'; p++)
		if (*p == '/')
			b = p + 1;
	return b;
}

/* A file with a hash written "algo:hex" (poetry, uv, pdm). */
static int add_file_hash(struct lg_pkg *pkg, const char *name, const char *url,
			 const char *hash, const char *origin)
{
	const char *colon = hash ? strchr(hash, ':') : NULL;

	if (hash && !colon)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: %s: malformed hash "
					"'%.40s'", origin, pkg->line, pkg->name, hash);
	if (colon && (size_t)(colon - hash) == 6 && memcmp(hash, "sha256", 6) == 0)
		return lg_pkg_add_file(pkg, name, url, colon + 1);
	if (colon) {
		int error = lg_pkg_add_hash(pkg, hash, strlen(hash));

		if (error < 0)
			return error;
	}
	return lg_pkg_add_file(pkg, name, url, NULL);
}

static int new_pkg(struct lg_pkg *pkg, node *t, const char *name_key,
		   const char *origin)
{
	const char *name = lg_toml_get_string(t, name_key);
	const char *version = lg_toml_get_string(t, "version");
	int error;

	memset(pkg, 0, sizeof(*pkg));
	if (!name)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: package without a name",
					origin, lg_toml_line(t));
	if ((error = lg_name_canonical(&pkg->name, name, strlen(name))) < 0)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: invalid package name",
					origin, lg_toml_line(t));
	pkg->line = lg_toml_line(t);
	if ((error = set_str(&pkg->version, version)) < 0 ||
	    (error = set_str(&pkg->spec, "")) < 0)
		return error;
	return 0;
}

/* Files given as an array of {file|url|filename|path, hash} tables. */
static int add_files(struct lg_pkg *pkg, node *arr, const char *origin)
{
	int error = 0;

	for (size_t i = 0; i < lg_toml_count(arr) && !error; i++) {
		node *f = lg_toml_at(arr, i);
		const char *url = lg_toml_get_string(f, "url");
		const char *name = lg_toml_get_string(f, "file");

		if (!name)
			name = lg_toml_get_string(f, "filename");
		if (!url && !name)
			name = base_of(lg_toml_get_string(f, "path"));
		if (!name)
			name = base_of(url);
		error = add_file_hash(pkg, name, url, lg_toml_get_string(f, "hash"),
				      origin);
	}
	return error;
}

static int finish(struct lg_pkgset *set, int error)
{
	if (!error)
		error = lg_pkgset_normalize(set);
	return error;
}

static int parse_doc(node **root, struct lg_pkgset **set, const char *buf,
		     size_t len, const char *origin)
{
	int error;

	*set = NULL;
	if (len > LG_MAX_LOCKFILE_BYTES)
		return lg_error_toobig("'%s': larger than %u bytes", origin,
				       LG_MAX_LOCKFILE_BYTES);
	if ((error = lg_toml_parse((struct lg_toml_node **)root, buf, len,
				   origin)) < 0)
		return error;
	if ((error = lg_pkgset_new(set, origin)) < 0) {
		lg_toml_free((struct lg_toml_node *)*root);
		*root = NULL;
	}
	return error;
}

static int done_doc(struct lg_pkgset **out, struct lg_pkgset *set, node *root,
		    int error)
{
	lg_toml_free((struct lg_toml_node *)root);
	if (error < 0) {
		lg_pkgset_free(set);
		return error;
	}
	*out = set;
	return 0;
}

/* ---- poetry.lock ------------------------------------------------------ */

/* Whether file name fname belongs to version v ("x-1.0-py3...", "x-1.0.tar.gz"). */
static bool file_has_version(const char *fname, const char *v)
{
	size_t n = strlen(v);

	for (const char *p = fname; (p = strchr(p, '-')) != NULL; p++)
		if (strncmp(p + 1, v, n) == 0 &&
		    (p[1 + n] == '-' || strncmp(p + 1 + n, ".tar", 4) == 0 ||
		     strncmp(p + 1 + n, ".zip", 4) == 0 || p[1 + n] == '.'))
			return true;
	return false;
}

/* 1.x [metadata.files] (name -> [{file, hash}]) and 0.x [metadata.hashes]
 * (name -> ["hex"]): keyed by name only. A file goes to the version its
 * name carries; bare hashes go to every version of the name. */
static int poetry_metadata_files(struct lg_pkgset *set, node *tbl, bool bare,
				 const char *origin)
{
	int error = 0;

	if (lg_toml_type(tbl) != LG_TOML_TABLE)
		return 0;
	for (size_t i = 0; i < lg_toml_count(tbl) && !error; i++) {
		const char *key = lg_toml_key_at(tbl, i, NULL, NULL);
		node *arr = lg_toml_at(tbl, i);
		char *canon = NULL;
		size_t nver = 0;

		if (lg_name_canonical(&canon, key, strlen(key)) < 0) {
			lg_error_clear();
			continue;
		}
		for (size_t k = 0; k < set->npkgs; k++)
			nver += set->pkgs[k].name && strcmp(set->pkgs[k].name, canon) == 0;
		for (size_t j = 0; j < lg_toml_count(arr) && !error; j++) {
			node *f = lg_toml_at(arr, j);

			for (size_t k = 0; k < set->npkgs && !error; k++) {
				struct lg_pkg *pkg = &set->pkgs[k];
				const char *fname;

				if (!pkg->name || strcmp(pkg->name, canon) != 0)
					continue;
				if (bare) {
					const char *hex = lg_toml_string(f, NULL);

					if (hex)
						error = lg_pkg_add_file(pkg, NULL, NULL, hex);
					continue;
				}
				fname = lg_toml_get_string(f, "file");
				if (nver > 1 && fname && pkg->version &&
				    !file_has_version(fname, pkg->version))
					continue;
				error = add_file_hash(pkg, fname, NULL,
						      lg_toml_get_string(f, "hash"),
						      origin);
			}
		}
		lg__free(canon);
	}
	return error;
}

static int poetry_source(struct lg_pkg *pkg, node *src)
{
	static const struct {
		const char *type;
		enum lg_source_kind kind;
	} kinds[] = {
		{"directory", LG_SOURCE_PATH}, {"file", LG_SOURCE_PATH},
		{"git", LG_SOURCE_VCS},        {"legacy", LG_SOURCE_REGISTRY},
		{"url", LG_SOURCE_URL},
	};
	const char *type = lg_toml_get_string(src, "type");
	const char *url = lg_toml_get_string(src, "url");
	const char *ref = lg_toml_get_string(src, "resolved_reference");

	if (!src)
		return 0;
	pkg->source = LG_SOURCE_UNKNOWN;
	for (size_t i = 0; type && i < LG_ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].type, type) == 0)
			pkg->source = kinds[i].kind;
	if (pkg->source == LG_SOURCE_VCS && url && ref) {
		struct lg_buf u = LG_BUF_INIT(LG_MAX_PATH_BYTES);
		int error = lg_buf_printf(&u, "%s@%s", url, ref);

		if (error < 0) {
			lg_buf_dispose(&u);
			return error;
		}
		pkg->source_url = lg_buf_detach(&u);
		return pkg->source_url ? 0 : lg_error_oom();
	}
	return set_str(&pkg->source_url, url);
}

int lg_lockfile_parse_poetry(struct lg_pkgset **out,
			     struct lg_findings *findings, const char *buf,
			     size_t len, const char *origin,
			     const struct lg_lockfile_io *io)
{
	struct lg_pkgset *set = NULL;
	node *root = NULL, *pkgs, *meta;
	const char *lv;
	int error;

	(void)findings, (void)io;
	*out = NULL;
	if ((error = parse_doc(&root, &set, buf, len, origin)) < 0)
		return error;
	meta = lg_toml_get(root, "metadata");
	lv = lg_toml_get_string(meta, "lock-version");
	if (lv && ((lv[0] != '1' && lv[0] != '2') || (lv[1] && lv[1] != '.'))) {
		error = lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					 "'%s': line %zu: unsupported poetry "
					 "lock-version %.20s", origin,
					 lg_toml_line(lg_toml_get(meta, "lock-version")),
					 lv);
		goto done;
	}
	pkgs = lg_toml_get(root, "package");
	for (size_t i = 0; i < lg_toml_count(pkgs) && !error; i++) {
		node *t = lg_toml_at(pkgs, i);
		struct lg_pkg pkg;
		const char *type;
		bool develop = false;

		if ((error = new_pkg(&pkg, t, "name", origin)) < 0 ||
		    (error = poetry_source(&pkg, lg_toml_get(t, "source"))) < 0 ||
		    (error = add_files(&pkg, lg_toml_get(t, "files"), origin)) < 0) {
			lg_pkg_dispose(&pkg);
			break;
		}
		type = lg_toml_get_string(lg_toml_get(t, "source"), "type");
		if (type && strcmp(type, "directory") == 0 &&
		    lg_toml_bool(lg_toml_get(t, "develop"), &develop) && develop)
			pkg.source = LG_SOURCE_EDITABLE;
		if ((error = set_str(&pkg.markers,
				     lg_toml_get_string(t, "markers"))) < 0) {
			lg_pkg_dispose(&pkg);
			break;
		}
		error = lg_pkgset_add_new(set, &pkg);
	}
	if (!error)
		error = poetry_metadata_files(set, lg_toml_get(meta, "files"),
					      false, origin);
	if (!error)
		error = poetry_metadata_files(set, lg_toml_get(meta, "hashes"),
					      true, origin);
	error = finish(set, error);
done:
	return done_doc(out, set, root, error);
}

/* ---- uv.lock ---------------------------------------------------------- */

static int uv_source(struct lg_pkg *pkg, node *src)
{
	static const struct {
		const char *key;
		enum lg_source_kind kind;
	} kinds[] = {
		{"registry", LG_SOURCE_REGISTRY}, {"git", LG_SOURCE_VCS},
		{"url", LG_SOURCE_URL},           {"path", LG_SOURCE_PATH},
		{"directory", LG_SOURCE_PATH},    {"editable", LG_SOURCE_EDITABLE},
		{"virtual", LG_SOURCE_PATH},
	};

	pkg->source = LG_SOURCE_UNKNOWN;
	for (size_t i = 0; i < LG_ARRAY_SIZE(kinds); i++) {
		const char *v = lg_toml_get_string(src, kinds[i].key);

		if (v) {
			pkg->source = kinds[i].kind;
			return set_str(&pkg->source_url, v);
		}
	}
	return 0;
}

/* The size and upload-time a uv or pylock file table gives (an integer
 * and a string or TOML date-time, written as the lock writes it). */
static int file_meta(struct lg_pkg *pkg, node *f, const char *origin)
{
	node *size = lg_toml_get(f, "size");
	node *when = lg_toml_get(f, "upload-time");
	const char *text = when ? lg_toml_string(when, NULL) : NULL;
	struct lg_toml_datetime dt;
	char iso[40];
	int64_t n = 0;

	if (size && (!lg_toml_int(size, &n) || n < 0))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE, "'%s': line %zu: "
					"%s: size is not a byte count", origin,
					lg_toml_line(size), pkg->name);
	/* pylock writes a TOML date-time, uv a string. */
	if (when && !text && lg_toml_type(when) == LG_TOML_DATETIME &&
	    lg_toml_datetime(when, &dt)) {
		snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			 dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
			 dt.offset_minutes < 0 ? '-' : '+',
			 abs(dt.offset_minutes) / 60, abs(dt.offset_minutes) % 60);
		text = iso;
	}
	return lg_pkg_file_meta(pkg, (uint64_t)n, text);
}

/* One {url|path|filename, hash, size, upload-time} table of sdist or
 * wheels. */
static int uv_file(struct lg_pkg *pkg, node *f, const char *origin)
{
	const char *url = lg_toml_get_string(f, "url");
	const char *name = lg_toml_get_string(f, "filename");
	int error;

	if (!name)
		name = base_of(url ? url : lg_toml_get_string(f, "path"));
	if ((error = add_file_hash(pkg, name, url, lg_toml_get_string(f, "hash"),
				   origin)) < 0)
		return error;
	return file_meta(pkg, f, origin);
}

int lg_lockfile_parse_uv(struct lg_pkgset **out, struct lg_findings *findings,
			 const char *buf, size_t len, const char *origin,
			 const struct lg_lockfile_io *io)
{
	struct lg_pkgset *set = NULL;
	node *root = NULL, *pkgs;
	int64_t version = 0;
	int error;

	(void)findings, (void)io;
	*out = NULL;
	if ((error = parse_doc(&root, &set, buf, len, origin)) < 0)
		return error;
	if (!lg_toml_int(lg_toml_get(root, "version"), &version) || version != 1) {
		error = lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					 "'%s': line %zu: unsupported uv.lock "
					 "version (expected the integer 1)", origin,
					 lg_toml_get(root, "version")
						 ? lg_toml_line(lg_toml_get(root, "version"))
						 : (size_t)1);
		goto done;
	}
	if (!(pkgs = lg_toml_get(root, "package")))
		pkgs = lg_toml_get(root, "distribution");
	for (size_t i = 0; i < lg_toml_count(pkgs) && !error; i++) {
		node *t = lg_toml_at(pkgs, i), *wheels = lg_toml_get(t, "wheels");
		node *sdist = lg_toml_get(t, "sdist");
		struct lg_pkg pkg;

		if ((error = new_pkg(&pkg, t, "name", origin)) < 0 ||
		    (error = uv_source(&pkg, lg_toml_get(t, "source"))) < 0 ||
		    (sdist && (error = uv_file(&pkg, sdist, origin)) < 0)) {
			lg_pkg_dispose(&pkg);
			break;
		}
		for (size_t j = 0; j < lg_toml_count(wheels) && !error; j++)
			error = uv_file(&pkg, lg_toml_at(wheels, j), origin);
		if (error < 0) {
			lg_pkg_dispose(&pkg);
			break;
		}
		error = lg_pkgset_add_new(set, &pkg);
	}
	error = finish(set, error);
done:
	return done_doc(out, set, root, error);
}

/* ---- pdm.lock --------------------------------------------------------- */

static const char *const vcs_keys[] = {"bzr", "git", "hg", "svn"};

static int pdm_source(struct lg_pkg *pkg, node *t)
{
	const char *v;
	bool editable = false;
	int error;

	for (size_t i = 0; i < LG_ARRAY_SIZE(vcs_keys); i++)
		if ((v = lg_toml_get_string(t, vcs_keys[i]))) {
			const char *rev = lg_toml_get_string(t, "revision");
			struct lg_buf u = LG_BUF_INIT(LG_MAX_PATH_BYTES);

			pkg->source = LG_SOURCE_VCS;
			lg__free(pkg->source_url);
			pkg->source_url = NULL;
			if ((error = lg_buf_printf(&u, "%s%s%s", v, rev ? "@" : "",
						   rev ? rev : "")) < 0) {
				lg_buf_dispose(&u);
				return error;
			}
			if (!(pkg->source_url = lg_buf_detach(&u)))
				return lg_error_oom();
		}
	if ((v = lg_toml_get_string(t, "path"))) {
		pkg->source = LG_SOURCE_PATH;
		if ((error = set_str(&pkg->source_url, v)) < 0)
			return error;
	}
	if ((v = lg_toml_get_string(t, "url"))) {
		bool local = strncmp(v, "file:", 5) == 0 ||
			     strncmp(v, "${PROJECT_ROOT}", 15) == 0;

		pkg->source = local ? LG_SOURCE_PATH : LG_SOURCE_URL;
		if ((error = set_str(&pkg->source_url, v)) < 0)
			return error;
	}
	if (lg_toml_bool(lg_toml_get(t, "editable"), &editable) && editable)
		pkg->source = LG_SOURCE_EDITABLE;
	return 0;
}

/* [metadata.files] (0.1 to 4.2) or, in 2020 files, [metadata] itself:
 * "<name> <version>" -> [{file|url, hash}]. */
static int pdm_metadata_files(struct lg_pkgset *set, node *tbl,
			      const char *origin)
{
	int error = 0;

	if (lg_toml_type(tbl) != LG_TOML_TABLE)
		return 0;
	for (size_t i = 0; i < lg_toml_count(tbl) && !error; i++) {
		const char *key = lg_toml_key_at(tbl, i, NULL, NULL);
		const char *sp = strchr(key, ' ');
		node *arr = lg_toml_at(tbl, i);
		char *canon = NULL;

		if (!sp || lg_toml_type(arr) != LG_TOML_ARRAY)
			continue;
		if (lg_name_canonical(&canon, key, (size_t)(sp - key)) < 0) {
			lg_error_clear();
			continue;
		}
		for (size_t k = 0; k < set->npkgs && !error; k++) {
			struct lg_pkg *pkg = &set->pkgs[k];

			if (pkg->name && strcmp(pkg->name, canon) == 0 &&
			    pkg->version && strcmp(pkg->version, sp + 1) == 0)
				error = add_files(pkg, arr, origin);
		}
		lg__free(canon);
	}
	return error;
}

int lg_lockfile_parse_pdm(struct lg_pkgset **out, struct lg_findings *findings,
			  const char *buf, size_t len, const char *origin,
			  const struct lg_lockfile_io *io)
{
	struct lg_pkgset *set = NULL;
	node *root = NULL, *pkgs, *meta;
	int error;

	(void)findings, (void)io;
	*out = NULL;
	if ((error = parse_doc(&root, &set, buf, len, origin)) < 0)
		return error;
	meta = lg_toml_get(root, "metadata");
	pkgs = lg_toml_get(root, "package");
	for (size_t i = 0; i < lg_toml_count(pkgs) && !error; i++) {
		node *t = lg_toml_at(pkgs, i);
		struct lg_pkg pkg;

		if ((error = new_pkg(&pkg, t, "name", origin)) < 0 ||
		    (error = pdm_source(&pkg, t)) < 0 ||
		    (error = add_files(&pkg, lg_toml_get(t, "files"), origin)) < 0 ||
		    (error = set_str(&pkg.markers, lg_toml_get_string(t, "marker"))) < 0) {
			lg_pkg_dispose(&pkg);
			break;
		}
		error = lg_pkgset_add_new(set, &pkg);
	}
	if (!error)
		error = pdm_metadata_files(set, lg_toml_get(meta, "files"), origin);
	if (!error && !lg_toml_get(meta, "lock_version"))
		error = pdm_metadata_files(set, meta, origin);
	error = finish(set, error);
	return done_doc(out, set, root, error);
}

/* ---- pylock.toml (PEP 751) ------------------------------------------- */

/* hashes = {sha256 = "hex", ...}: required, non-empty. */
static int pylock_file(struct lg_pkg *pkg, node *f, const char *origin)
{
	node *hashes = lg_toml_get(f, "hashes");
	const char *url = lg_toml_get_string(f, "url");
	const char *name = lg_toml_get_string(f, "name");
	const char *sha = NULL;
	int error = 0;

	if (lg_toml_type(hashes) != LG_TOML_TABLE || !lg_toml_count(hashes))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: %s: a file needs a "
					"non-empty hashes table", origin,
					lg_toml_line(f), pkg->name);
	if (!name)
		name = base_of(url ? url : lg_toml_get_string(f, "path"));
	for (size_t i = 0; i < lg_toml_count(hashes) && !error; i++) {
		const char *algo = lg_toml_key_at(hashes, i, NULL, NULL);
		const char *hex = lg_toml_string(lg_toml_at(hashes, i), NULL);
		struct lg_buf h = LG_BUF_INIT(256);

		if (!hex)
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': line %zu: %s: a hash is "
						"not a string", origin,
						lg_toml_line(f), pkg->name);
		if (strcmp(algo, "sha256") == 0) {
			sha = hex;
			continue;
		}
		if ((error = lg_buf_printf(&h, "%s:%s", algo, hex)) == 0)
			error = lg_pkg_add_hash(pkg, h.ptr, h.len);
		lg_buf_dispose(&h);
	}
	if (error || (error = lg_pkg_add_file(pkg, name, url, sha)) < 0)
		return error;
	return file_meta(pkg, f, origin);
}

static bool pylock_has_url(node *f)
{
	return lg_toml_get_string(f, "url") != NULL;
}

int lg_lockfile_parse_pylock(struct lg_pkgset **out,
			     struct lg_findings *findings, const char *buf,
			     size_t len, const char *origin,
			     const struct lg_lockfile_io *io)
{
	struct lg_pkgset *set = NULL;
	node *root = NULL, *pkgs;
	const char *lv;
	int error;

	(void)findings, (void)io;
	*out = NULL;
	if ((error = parse_doc(&root, &set, buf, len, origin)) < 0)
		return error;
	if (!(lv = lg_toml_get_string(root, "lock-version"))) {
		error = lg_error_invalid(LG_ERRCLASS_LOCKFILE, "'%s': line 1: "
					 "missing required top-level key "
					 "'lock-version'", origin);
		goto done;
	}
	if (lv[0] != '1' || (lv[1] && lv[1] != '.')) {
		error = lg_error_invalid(LG_ERRCLASS_LOCKFILE, "'%s': line %zu: "
					 "unsupported lock-version %.20s", origin,
					 lg_toml_line(lg_toml_get(root, "lock-version")),
					 lv);
		goto done;
	}
	if (!lg_toml_get_string(root, "created-by")) {
		error = lg_error_invalid(LG_ERRCLASS_LOCKFILE, "'%s': line 1: "
					 "missing required top-level key "
					 "'created-by'", origin);
		goto done;
	}
	pkgs = lg_toml_get(root, "packages");
	for (size_t i = 0; i < lg_toml_count(pkgs) && !error; i++) {
		node *t = lg_toml_at(pkgs, i);
		node *vcs = lg_toml_get(t, "vcs"), *dir = lg_toml_get(t, "directory");
		node *arch = lg_toml_get(t, "archive"), *sdist = lg_toml_get(t, "sdist");
		node *wheels = lg_toml_get(t, "wheels");
		const char *index = lg_toml_get_string(t, "index");
		int exclusive = !!vcs + !!dir + !!arch;
		bool editable = false, any_url = false, any_path;
		struct lg_pkg pkg;

		if ((error = new_pkg(&pkg, t, "name", origin)) < 0)
			goto pkg_fail;
		if (exclusive > 1 || (exclusive && (sdist || wheels))) {
			error = lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						 "'%s': line %zu: %s: vcs, directory "
						 "and archive exclude each other "
						 "and sdist/wheels", origin,
						 pkg.line, pkg.name);
			goto pkg_fail;
		}
		if ((error = set_str(&pkg.markers, lg_toml_get_string(t, "marker"))) < 0)
			goto pkg_fail;
		if (vcs) {
			const char *url = lg_toml_get_string(vcs, "url");
			const char *commit = lg_toml_get_string(vcs, "commit-id");
			struct lg_buf u = LG_BUF_INIT(LG_MAX_PATH_BYTES);

			pkg.source = LG_SOURCE_VCS;
			if (!url)
				url = lg_toml_get_string(vcs, "path");
			if ((error = lg_buf_printf(&u, "%s%s%s", url ? url : "",
						   commit ? "@" : "",
						   commit ? commit : "")) < 0 ||
			    !(pkg.source_url = lg_buf_detach(&u))) {
				lg_buf_dispose(&u);
				error = error < 0 ? error : lg_error_oom();
				goto pkg_fail;
			}
		} else if (dir) {
			lg_toml_bool(lg_toml_get(dir, "editable"), &editable);
			pkg.source = editable ? LG_SOURCE_EDITABLE : LG_SOURCE_PATH;
			if ((error = set_str(&pkg.source_url,
					     lg_toml_get_string(dir, "path"))) < 0)
				goto pkg_fail;
		} else if (arch) {
			pkg.source = pylock_has_url(arch) ? LG_SOURCE_URL : LG_SOURCE_PATH;
			if ((error = set_str(&pkg.source_url,
					     lg_toml_get_string(arch, pylock_has_url(arch)
								       ? "url" : "path"))) < 0 ||
			    (error = pylock_file(&pkg, arch, origin)) < 0)
				goto pkg_fail;
		} else if (sdist || wheels) {
			if (sdist && (error = pylock_file(&pkg, sdist, origin)) < 0)
				goto pkg_fail;
			any_url = sdist && pylock_has_url(sdist);
			for (size_t j = 0; j < lg_toml_count(wheels) && !error; j++) {
				node *w = lg_toml_at(wheels, j);

				any_url |= pylock_has_url(w);
				error = pylock_file(&pkg, w, origin);
			}
			if (error)
				goto pkg_fail;
			/* Only local paths: nothing comes from an index. */
			any_path = (sdist && lg_toml_get_string(sdist, "path")) ||
					(lg_toml_count(wheels) &&
					 lg_toml_get_string(lg_toml_at(wheels, 0), "path"));
			pkg.source = (!any_url && !index && any_path) ? LG_SOURCE_PATH
								      : LG_SOURCE_REGISTRY;
			if ((error = set_str(&pkg.source_url, index)) < 0)
				goto pkg_fail;
		} else {
			pkg.source = LG_SOURCE_UNKNOWN;
		}
		error = lg_pkgset_add_new(set, &pkg);
		continue;
pkg_fail:
		lg_pkg_dispose(&pkg);
	}
	error = finish(set, error);
done:
	return done_doc(out, set, root, error);
}
