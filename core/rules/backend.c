/* SPDX-License-Identifier: MIT */
/* install.pep517-backend: the [build-system] table of an sdist's
 * pyproject.toml. pip imports build-backend ("pkg.mod:obj") after putting
 * the backend-path directories first on sys.path, and runs its hooks: an
 * in-tree backend is install code like setup.py. */
#include "lg/buf.h"
#include "lg/toml.h"
#include "rules_private.h"

static bool is_module_name(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' ||
		      (c == '.' && s[i + 1] != '.')))
			return false;
	}
	return true;
}

/* A backend-path entry as a member directory: "./x//y/" is "x/y", "." is
 * "". False when it is absolute or climbs out with "..". */
static bool norm_dir(struct lg_buf *out, const char *dir, size_t n)
{
	lg_buf_reset(out);
	if (memchr(dir, '\0', n) || (n && (dir[0] == '/' || dir[0] == '\\')) ||
	    (n >= 2 && dir[1] == ':'))
		return false;
	for (size_t i = 0; i < n;) {
		size_t k = i;

		while (k < n && dir[k] != '/' && dir[k] != '\\')
			k++;
		if (k - i == 2 && dir[i] == '.' && dir[i + 1] == '.')
			return false;
		if (k > i && !(k - i == 1 && dir[i] == '.')) {
			if (out->len)
				lg_buf_putc(out, '/');
			lg_buf_put(out, dir + i, k - i);
		}
		i = k + 1;
	}
	return true;
}

/* Asks in_tree about root + dir + module as .py and as a package; path
 * ends up naming the first that exists. */
static int find_in_tree(bool *found, struct lg_buf *path, const char *root,
			size_t root_len, const struct lg_buf *dir,
			const char *module, size_t mod_len,
			bool (*in_tree)(void *payload, const char *path),
			void *payload)
{
	static const char *const suffixes[] = {".py", "/__init__.py"};

	*found = false;
	for (size_t k = 0; k < LG_ARRAY_SIZE(suffixes); k++) {
		lg_buf_reset(path);
		lg_buf_put(path, root, root_len);
		if (dir->len) {
			lg_buf_put(path, dir->ptr, dir->len);
			lg_buf_putc(path, '/');
		}
		for (size_t i = 0; i < mod_len; i++)
			lg_buf_putc(path, module[i] == '.' ? '/' : module[i]);
		lg_buf_puts(path, suffixes[k]);
		if (path->err == LG_ETOOBIG)
			return 0; /* no member path is that long */
		if (path->err)
			return path->err;
		if ((*found = in_tree(payload, path->ptr)))
			break;
	}
	return 0;
}

struct backend_scan {
	struct lg_rules__ctx *ctx;
	const char *name;   /* build-backend */
	size_t mod_len;     /* its module part */
	size_t line;
	struct lg_buf dir, path;
};

static int check_backend_path(struct backend_scan *b,
			      const struct lg_toml_node *paths,
			      bool (*in_tree)(void *payload, const char *path),
			      void *payload, bool *in_tree_out)
{
	const char *root = b->ctx->path, *slash = strrchr(root, '/');
	size_t root_len = slash ? (size_t)(slash - root) + 1 : 0;
	char snip[LG_RULES_SNIPPET + 1];
	int error = 0;

	*in_tree_out = false;
	if (lg_toml_count(paths) > LG_MAX_BACKEND_PATHS)
		return lg_error_toobig("'%s': backend-path lists more than %u "
				       "directories", root, LG_MAX_BACKEND_PATHS);
	for (size_t i = 0; i < lg_toml_count(paths) && !error; i++) {
		size_t n;
		const char *dir = lg_toml_string(lg_toml_at(paths, i), &n);
		bool found;

		if (!dir)
			continue;
		lg_rules__snippet(snip, sizeof(snip), dir, n);
		if (!norm_dir(&b->dir, dir, n)) {
			error = lg_rules__report(b->ctx, LG_RULE_PEP517_BACKEND,
						 LG_SEV_LOW, lg_toml_line(paths),
						 "backend-path '%s' leaves the "
						 "source tree", snip);
			continue;
		}
		if (b->dir.err)
			return b->dir.err == LG_ETOOBIG ? 0 : b->dir.err;
		if ((error = find_in_tree(&found, &b->path, root, root_len,
					  &b->dir, b->name, b->mod_len,
					  in_tree, payload)) < 0 || !found ||
		    *in_tree_out)
			continue;
		*in_tree_out = true;
		lg_rules__snippet(snip, sizeof(snip), b->name, strlen(b->name));
		error = lg_rules__report(b->ctx, LG_RULE_PEP517_BACKEND,
					 LG_SEV_INFO, b->line,
					 "in-tree build backend '%s' (%s): its "
					 "hooks run at install and are scanned "
					 "with install context",
					 snip, b->path.ptr + root_len);
	}
	return error;
}

int lg_rules__pep517(struct lg_rules__ctx *ctx, const char *data, size_t len,
		     bool (*in_tree)(void *payload, const char *path),
		     void *payload)
{
	struct backend_scan b = {ctx, NULL, 0, 0, LG_BUF_INIT(LG_MAX_PATH_BYTES),
				 LG_BUF_INIT(LG_MAX_PATH_BYTES)};
	struct lg_toml_node *doc = NULL;
	const struct lg_toml_node *bs, *backend;
	char snip[LG_RULES_SNIPPET + 1];
	bool found = false;
	size_t n;
	int error = lg_toml_parse(&doc, data, len, ctx->path);

	if (error == LG_EINVALID || error == LG_ETOOBIG) {
		/* pip's TOML reader may accept what ours does not. */
		error = lg_rules__report(ctx, LG_RULE_PEP517_BACKEND, LG_SEV_LOW,
					 0, "pyproject.toml is not TOML 1.0, so "
					 "its build backend is unknown: %s",
					 lg_error_last()->message);
		goto done;
	}
	bs = lg_toml_get(doc, "build-system");
	backend = lg_toml_get(bs, "build-backend");
	if (error < 0 || !(b.name = lg_toml_string(backend, &n)))
		goto done; /* no backend: setuptools runs setup.py */
	b.mod_len = strcspn(b.name, ":");
	b.line = lg_toml_line(backend);
	lg_rules__snippet(snip, sizeof(snip), b.name, n);
	if (!is_module_name(b.name, b.mod_len)) {
		error = lg_rules__report(ctx, LG_RULE_PEP517_BACKEND, LG_SEV_LOW,
					 b.line, "build-backend '%s' is not a "
					 "module name", snip);
		goto done;
	}
	if ((error = check_backend_path(&b, lg_toml_get(bs, "backend-path"),
					in_tree, payload, &found)) < 0 ||
	    found || lg_rules__is_known_backend(b.name, b.mod_len))
		goto done;
	error = lg_rules__report(ctx, LG_RULE_PEP517_BACKEND, LG_SEV_LOW, b.line,
				 "unknown build backend '%s': its hooks run at "
				 "install", snip);
done:
	lg_buf_dispose(&b.dir);
	lg_buf_dispose(&b.path);
	lg_toml_free(doc);
	return error;
}
