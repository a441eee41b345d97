/* SPDX-License-Identifier: MIT */
#include <stdio.h>

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
	bool (*want_path)(const char *path);
	int error;
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
	if (!s->want_path(path))
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

		if (!e || git_index_entry_stage(e) != 0 || !s->want_path(e->path))
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

static int read_blob(char **data, size_t *len, git_repository *repo,
		     const struct side_entry *e)
{
	git_blob *blob = NULL;
	git_object_size_t size;
	int error;

	if ((error = git_blob_lookup(&blob, repo, &e->id)) < 0)
		return git_error_to_lg(error);
	size = git_blob_rawsize(blob);
	if (size > LG_MAX_LOCKFILE_BYTES) {
		git_blob_free(blob);
		return lg_error_toobig("'%s' is larger than %u bytes", e->path,
				       LG_MAX_LOCKFILE_BYTES);
	}
	*data = lg__strndup(git_blob_rawcontent(blob), (size_t)size);
	*len = (size_t)size;
	git_blob_free(blob);
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

static int collect_head(struct side *s, git_repository *repo,
			const struct lg_gitdiff_options *opts)
{
	git_tree *tree = NULL;
	git_index *index = NULL;
	int error;

	if (!opts->staged) {
		if ((error = resolve_tree(&tree, repo, opts->head, false)) == 0)
			error = collect_tree(s, tree);
		git_tree_free(tree);
		return error;
	}
	error = opts->index_file ? git_index_open(&index, opts->index_file)
				 : git_repository_index(&index, repo);
	if (error < 0)
		return git_error_to_lg(error);
	error = collect_index(s, index);
	git_index_free(index);
	return error;
}

static int collect(struct lg_gitdiff *d, git_repository *repo,
		   const struct lg_gitdiff_options *opts)
{
	struct side old = {0}, cur = {0};
	git_tree *base = NULL;
	int error;

	old.want_path = cur.want_path = opts->want_path;
	if ((error = resolve_tree(&base, repo, opts->base,
				  opts->base_is_default)) < 0 ||
	    (error = collect_tree(&old, base)) < 0 ||
	    (error = collect_head(&cur, repo, opts)) < 0)
		goto done;
	error = pair_sides(d, repo, &old, &cur);
done:
	git_tree_free(base);
	side_dispose(&old);
	side_dispose(&cur);
	return error;
}

int lg_gitdiff_collect(struct lg_gitdiff **out,
		       const struct lg_gitdiff_options *opts)
{
	struct lg_gitdiff *d = NULL;
	git_repository *repo = NULL;
	int error;

	LG_ASSERT_ARG(out && opts && opts->base && opts->want_path);
	*out = NULL;
	git_libgit2_init();
	if ((error = git_repository_open_ext(&repo, opts->repo ? opts->repo : ".",
					     0, NULL)) < 0) {
		lg_error_set(LG_ERRCLASS_GIT, "'%s' is not in a git repository",
			     opts->repo ? opts->repo : ".");
		error = LG_ENOTFOUND;
		goto done;
	}
	if (!(d = lg__calloc(1, sizeof(*d)))) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = collect(d, repo, opts)) < 0)
		goto done;
	*out = d;
	d = NULL;
done:
	lg_gitdiff_free(d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return error;
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
	lg__free(d);
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
