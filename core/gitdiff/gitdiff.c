/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include <git2.h>

#include "lg/buf.h"
#include "lg/gitdiff.h"

/* (path, blob id) of every wanted file on one side. */
struct side_entry {
	char *path;
	git_oid id;
};

struct side {
	struct side_entry *v;
	size_t n, cap;
	size_t walked;
	const struct lg_gitdiff_options *opts;
	int error;
};

/* An open side: blobs are read by path from its tree or index. */
struct lg_gitdiff_side {
	git_repository *repo; /* borrowed from the diff */
	git_tree *tree;       /* NULL for an empty tree or the index */
	git_index *index;     /* the staged side */
};

static int git_error_to_lg(int code)
{
	const git_error *e = git_error_last();

	lg_error_set(LG_ERRCLASS_GIT, "git: %s",
		     e && e->message ? e->message : "unknown error");
	return code == GIT_ENOTFOUND ? LG_ENOTFOUND : LG_ERROR;
}

static int side_add(struct side *s, const char *path, const git_oid *id)
{
	struct side_entry *v;

	if (s->n >= LG_MAX_LOCKFILES)
		return lg_error_toobig("more than %u lock files in one revision",
				       LG_MAX_LOCKFILES);
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;

		if (!(v = lg__reallocarray(s->v, cap, sizeof(*v))))
			return lg_error_oom();
		s->v = v;
		s->cap = cap;
	}
	if (!(s->v[s->n].path = lg__strdup(path)))
		return lg_error_oom();
	git_oid_cpy(&s->v[s->n].id, id);
	s->n++;
	return 0;
}

static void side_dispose(struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		lg__free(s->v[i].path);
	lg__free(s->v);
}

static int tree_walk_cb(const char *root, const git_tree_entry *entry,
			void *payload)
{
	struct side *s = payload;
	char path[LG_MAX_PATH_BYTES];
	int n;

	if (++s->walked > LG_MAX_TREE_ENTRIES) {
		s->error = lg_error_toobig("tree has more than %u entries",
					   LG_MAX_TREE_ENTRIES);
		return -1;
	}
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	n = snprintf(path, sizeof(path), "%s%s", root, git_tree_entry_name(entry));
	if (n < 0 || (size_t)n >= sizeof(path)) {
		s->error = lg_error_toobig("a path in the tree is longer than %u "
					   "bytes", LG_MAX_PATH_BYTES);
		return -1;
	}
	if (!s->opts->want_path(path, s->opts->want_payload))
		return 0;
	if ((s->error = side_add(s, path, git_tree_entry_id(entry))) < 0)
		return -1;
	return 0;
}

static int collect_tree(struct side *s, git_tree *tree)
{
	int error;

	if (!tree)
		return 0;
	error = git_tree_walk(tree, GIT_TREEWALK_PRE, tree_walk_cb, s);
	if (s->error)
		return s->error;
	return error < 0 ? git_error_to_lg(error) : 0;
}

static int collect_index(struct side *s, git_index *index)
{
	size_t count = git_index_entrycount(index);
	int error;

	if (count > LG_MAX_TREE_ENTRIES)
		return lg_error_toobig("index has more than %u entries",
				       LG_MAX_TREE_ENTRIES);
	for (size_t i = 0; i < count; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);

		if (!e || git_index_entry_stage(e) != 0 || !s->opts->want_path(e->path, s->opts->want_payload))
			continue;
		if ((error = side_add(s, e->path, &e->id)) < 0)
			return error;
	}
	return 0;
}

static bool is_full_oid(const char *rev)
{
	size_t n = strspn(rev, "0123456789abcdefABCDEF");

	return !rev[n] && (n == 40 || n == 64);
}

/* A full commit id that does not resolve is missing from the clone (CI
 * clones are shallow), not a typo: the check is incomplete, and the user
 * is told how to fetch it. */
static int missing_commit(git_repository *repo, const char *rev)
{
	lg_error_set(LG_ERRCLASS_GIT, "commit %s is not in this %sclone: fetch it "
		     "(git fetch --no-tags --depth=1 origin %s) or fetch more history "
		     "(actions/checkout fetch-depth: 0, GitLab GIT_DEPTH: 0)", rev,
		     git_repository_is_shallow(repo) == 1 ? "shallow " : "", rev);
	return LG_ERROR;
}

/* Tree of a revision; *out stays NULL for an unresolvable default base. */
static int resolve_tree(git_tree **out, git_repository *repo, const char *rev,
			bool optional)
{
	git_object *obj = NULL;
	int error;

	*out = NULL;
	if ((error = git_revparse_single(&obj, repo, rev)) < 0) {
		if (optional)
			return 0;
		if (is_full_oid(rev))
			return missing_commit(repo, rev);
		lg_error_set(LG_ERRCLASS_GIT, "cannot resolve revision '%s'", rev);
		return LG_EUSAGE;
	}
	error = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	if (error < 0) {
		lg_error_set(LG_ERRCLASS_GIT, "revision '%s' is not a commit or tree",
			     rev);
		return LG_EUSAGE;
	}
	return 0;
}

/* The blob id into out (a capped buffer: its cap must admit the blob). */
static int read_blob_buf(struct lg_buf *out, git_repository *repo,
			 const git_oid *id, const char *path)
{
	git_blob *blob = NULL;
	git_object_size_t size;
	int error;

	if ((error = git_blob_lookup(&blob, repo, id)) < 0)
		return git_error_to_lg(error);
	size = git_blob_rawsize(blob);
	if (size > LG_MAX_LOCKFILE_BYTES)
		error = lg_error_toobig("'%s' is larger than %u bytes", path,
					LG_MAX_LOCKFILE_BYTES);
	else
		error = lg_buf_put(out, git_blob_rawcontent(blob), (size_t)size);
	git_blob_free(blob);
	return error;
}

static int read_blob(char **data, size_t *len, git_repository *repo,
		     const struct side_entry *e)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	int error;

	if ((error = read_blob_buf(&b, repo, &e->id, e->path)) < 0) {
		lg_buf_dispose(&b);
		return error;
	}
	*len = b.len;
	*data = lg__strndup(b.ptr, b.len);
	lg_buf_dispose(&b);
	return *data ? 0 : lg_error_oom();
}

static const struct side_entry *side_find(const struct side *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].path, path) == 0)
			return &s->v[i];
	return NULL;
}

static int diff_add(struct lg_gitdiff *d, git_repository *repo,
		    const struct side_entry *old, const struct side_entry *cur)
{
	struct lg_gitdiff_file *f;
	int error;

	if (d->nfiles == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;

		if (!(f = lg__reallocarray(d->files, cap, sizeof(*f))))
			return lg_error_oom();
		d->files = f;
		d->cap = cap;
	}
	f = &d->files[d->nfiles];
	memset(f, 0, sizeof(*f));
	d->nfiles++;
	if (!(f->path = lg__strdup(cur ? cur->path : old->path)))
		return lg_error_oom();
	if (old && (error = read_blob(&f->old_data, &f->old_len, repo, old)) < 0)
		return error;
	if (cur && (error = read_blob(&f->new_data, &f->new_len, repo, cur)) < 0)
		return error;
	return 0;
}

/* Pairs the two sides by path; equal blob ids are skipped unread. */
static int pair_sides(struct lg_gitdiff *d, git_repository *repo,
		      const struct side *old, const struct side *cur)
{
	int error = 0;

	for (size_t i = 0; i < cur->n && !error; i++) {
		const struct side_entry *o = side_find(old, cur->v[i].path);

		if (o && git_oid_equal(&o->id, &cur->v[i].id))
			continue;
		error = diff_add(d, repo, o, &cur->v[i]);
	}
	for (size_t i = 0; i < old->n && !error; i++)
		if (!side_find(cur, old->v[i].path))
			error = diff_add(d, repo, &old->v[i], NULL);
	return error;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every wanted path of the new side, sorted. */
static int list_head(struct lg_gitdiff *d, const struct side *cur)
{
	if (!cur->n)
		return 0;
	if (!(d->head_paths = lg__calloc(cur->n, sizeof(*d->head_paths))))
		return lg_error_oom();
	d->head_cap = cur->n;
	for (; d->nhead < cur->n; d->nhead++)
		if (!(d->head_paths[d->nhead] = lg__strdup(cur->v[d->nhead].path)))
			return lg_error_oom();
	qsort(d->head_paths, d->nhead, sizeof(*d->head_paths), cmp_path);
	return 0;
}

static int open_head(struct lg_gitdiff_side *side,
		     const struct lg_gitdiff_options *opts)
{
	int error;

	if (!opts->staged)
		return resolve_tree(&side->tree, side->repo, opts->head, false);
	error = opts->index_file ? git_index_open(&side->index, opts->index_file)
				 : git_repository_index(&side->index, side->repo);
	return error < 0 ? git_error_to_lg(error) : 0;
}

static int collect(struct lg_gitdiff *d, const struct lg_gitdiff_options *opts)
{
	struct side old = {0}, cur = {0};
	int error;

	old.opts = cur.opts = opts;
	if ((error = resolve_tree(&d->old_side->tree, d->old_side->repo,
				  opts->base, opts->base_is_default)) < 0 ||
	    (error = open_head(d->new_side, opts)) < 0 ||
	    (error = collect_tree(&old, d->old_side->tree)) < 0)
		goto done;
	if (d->new_side->index)
		error = collect_index(&cur, d->new_side->index);
	else
		error = collect_tree(&cur, d->new_side->tree);
	if (error < 0 || (error = list_head(d, &cur)) < 0)
		goto done;
	error = pair_sides(d, d->old_side->repo, &old, &cur);
done:
	side_dispose(&old);
	side_dispose(&cur);
	return error;
}

static int open_repo(git_repository **out, const char *repo)
{
	if (git_repository_open_ext(out, repo ? repo : ".", 0, NULL) < 0) {
		lg_error_set(LG_ERRCLASS_GIT, "'%s' is not in a git repository",
			     repo ? repo : ".");
		return LG_ENOTFOUND;
	}
	return 0;
}

int lg_gitdiff_collect(struct lg_gitdiff **out,
		       const struct lg_gitdiff_options *opts)
{
	struct lg_gitdiff *d;
	int error;

	LG_ASSERT_ARG(out && opts && opts->base && opts->want_path);
	*out = NULL;
	git_libgit2_init();
	if (!(d = lg__calloc(1, sizeof(*d)))) {
		git_libgit2_shutdown();
		return lg_error_oom();
	}
	/* From here d holds the libgit2 reference (lg_gitdiff_free). */
	if (!(d->old_side = lg__calloc(1, sizeof(*d->old_side))) ||
	    !(d->new_side = lg__calloc(1, sizeof(*d->new_side)))) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = open_repo(&d->old_side->repo, opts->repo)) < 0)
		goto done;
	d->new_side->repo = d->old_side->repo;
	if ((error = collect(d, opts)) < 0)
		goto done;
	*out = d;
	d = NULL;
done:
	lg_gitdiff_free(d);
	return error;
}

static void side_close(struct lg_gitdiff_side *side)
{
	if (!side)
		return;
	git_tree_free(side->tree);
	git_index_free(side->index);
	lg__free(side);
}

void lg_gitdiff_free(struct lg_gitdiff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nfiles; i++) {
		lg__free(d->files[i].path);
		lg__free(d->files[i].old_data);
		lg__free(d->files[i].new_data);
	}
	lg__free(d->files);
	for (size_t i = 0; i < d->nhead; i++)
		lg__free(d->head_paths[i]);
	lg__free(d->head_paths);
	if (d->old_side)
		git_repository_free(d->old_side->repo);
	side_close(d->old_side);
	side_close(d->new_side);
	lg__free(d);
	git_libgit2_shutdown();
}

/* The blob id and mode of path on side, or LG_ENOTFOUND. */
static int side_lookup(git_oid *id, git_filemode_t *mode,
		       const struct lg_gitdiff_side *side, const char *path)
{
	git_tree_entry *entry = NULL;
	int error = 0;

	if (path[0] == '/' || strncmp(path, "../", 3) == 0 ||
	    strcmp(path, "..") == 0 || !*path)
		return LG_ENOTFOUND;
	if (side->index) {
		const git_index_entry *e = git_index_get_bypath(side->index, path, 0);

		if (!e)
			return LG_ENOTFOUND;
		git_oid_cpy(id, &e->id);
		*mode = (git_filemode_t)e->mode;
		return 0;
	}
	if (!side->tree || git_tree_entry_bypath(&entry, side->tree, path) < 0)
		return LG_ENOTFOUND;
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		error = LG_ENOTFOUND;
	else
		git_oid_cpy(id, git_tree_entry_id(entry));
	*mode = git_tree_entry_filemode(entry);
	git_tree_entry_free(entry);
	return error;
}

/* path becomes the target of the symlink whose blob is id (relative to
 * the link's directory), normalised. */
static int follow_link(struct lg_buf *path, const struct lg_gitdiff_side *side,
		       const git_oid *id)
{
	struct lg_buf target = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct lg_buf next = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	const char *slash = strrchr(path->ptr, '/');
	int error;

	if ((error = read_blob_buf(&target, side->repo, id, path->ptr)) < 0)
		goto done;
	if (target.ptr[0] != '/' && slash)
		lg_buf_put(&next, path->ptr, (size_t)(slash - path->ptr) + 1);
	lg_buf_put(&next, target.ptr, target.len);
	if ((error = next.err) < 0 ||
	    (error = lg_lockfile_path_normalize(&next)) < 0)
		goto done;
	lg_buf_reset(path);
	error = lg_buf_put(path, next.ptr, next.len);
done:
	lg_buf_dispose(&target);
	lg_buf_dispose(&next);
	return error;
}

/* Reads path on side; a symlink is followed inside the revision, as pip
 * follows it on disk. */
static int side_read(struct lg_buf *out, const char *path, void *payload)
{
	const struct lg_gitdiff_side *side = payload;
	struct lg_buf cur = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	git_filemode_t mode = 0;
	git_oid id;
	int error;

	if ((error = lg_buf_puts(&cur, path)) < 0)
		goto done;
	for (unsigned hops = 0;; hops++) {
		if ((error = side_lookup(&id, &mode, side, cur.ptr)) < 0) {
			git_error_clear();
			lg_error_set(LG_ERRCLASS_GIT, "'%s': no such file in the "
				     "revision", path);
			goto done;
		}
		if (mode != GIT_FILEMODE_LINK)
			break;
		if (hops == LG_MAX_SYMLINK_HOPS) {
			error = lg_error_toobig("'%s': more than %u symlinks",
						path, LG_MAX_SYMLINK_HOPS);
			goto done;
		}
		if ((error = follow_link(&cur, side, &id)) < 0)
			goto done;
	}
	error = read_blob_buf(out, side->repo, &id, cur.ptr);
done:
	lg_buf_dispose(&cur);
	return error;
}

void lg_gitdiff_io(struct lg_lockfile_io *out, const struct lg_gitdiff *d,
		   bool new_side)
{
	out->read = side_read;
	out->payload = new_side ? d->new_side : d->old_side;
	out->env = NULL;
	out->env_payload = NULL;
}

int lg_gitdiff_workdir(char **out, const char *repo)
{
	git_repository *r = NULL;
	const char *wd;
	int error;

	*out = NULL;
	git_libgit2_init();
	if ((error = open_repo(&r, repo)) < 0)
		goto done;
	if (!(wd = git_repository_workdir(r))) {
		lg_error_set(LG_ERRCLASS_GIT, "'%s' is a bare repository",
			     repo ? repo : ".");
		error = LG_ENOTFOUND;
		goto done;
	}
	if (!(*out = lg__strdup(wd)))
		error = lg_error_oom();
done:
	git_repository_free(r);
	git_libgit2_shutdown();
	return error;
}

/* core.hooksPath, relative to the work tree (the git dir when bare). */
static int configured_hooks(char **out, git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf buf = {0};
	const char *base;
	int error;

	*out = NULL;
	if ((error = git_repository_config_snapshot(&cfg, repo)) < 0)
		return git_error_to_lg(error);
	error = git_config_get_path(&buf, cfg, "core.hooksPath");
	git_config_free(cfg);
	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return git_error_to_lg(error);
	base = git_repository_workdir(repo) ? git_repository_workdir(repo)
					    : git_repository_path(repo);
	if (buf.ptr[0] == '/') {
		*out = lg__strdup(buf.ptr);
	} else {
		struct lg_buf b = LG_BUF_INIT(2 * LG_MAX_PATH_BYTES);

		if (lg_buf_printf(&b, "%s%s", base, buf.ptr) == 0)
			*out = lg_buf_detach(&b);
		lg_buf_dispose(&b);
	}
	git_buf_dispose(&buf);
	return *out ? 0 : lg_error_oom();
}

int lg_gitdiff_hooks_dir(char **out, const char *repo_path)
{
	git_repository *repo = NULL;
	git_buf buf = {0};
	int error;

	LG_ASSERT_ARG(out);
	*out = NULL;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, repo_path ? repo_path : ".", 0, NULL) < 0) {
		lg_error_set(LG_ERRCLASS_GIT, "'%s' is not in a git repository",
			     repo_path ? repo_path : ".");
		error = LG_ENOTFOUND;
		goto done;
	}
	if ((error = configured_hooks(out, repo)) < 0 || *out)
		goto done;
	if ((error = git_repository_item_path(&buf, repo, GIT_REPOSITORY_ITEM_HOOKS)) < 0) {
		error = git_error_to_lg(error);
		goto done;
	}
	if (!(*out = lg__strdup(buf.ptr)))
		error = lg_error_oom();
done:
	git_buf_dispose(&buf);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return error;
}
