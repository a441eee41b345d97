/* SPDX-License-Identifier: MIT */
/* Changed pyproject.toml files: what the project asks pip to install
 * that no lock file pins, and the build requirements pip fetches. */
#include "lg/buf.h"
#include "lg/gitdiff.h"
#include "lg/lockfile.h"
#include "lg/rules.h"
#include "engine_private.h"

static bool is_pyproject(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strcmp(slash ? slash + 1 : path, "pyproject.toml") == 0;
}

/* Every pinned entry of every lock file of the new revision. A lock file
 * that cannot be read pins nothing here (check reports it when changed). */
static int head_pins(struct lg_pkgset *all, size_t *nlocks,
		     const struct lg_gitdiff *d, const struct lg_lockfile_io *io)
{
	struct lg_buf data = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	int error = 0;

	*nlocks = 0;
	for (size_t i = 0; i < d->nhead && !error; i++) {
		const char *path = d->head_paths[i];
		const struct lg_lockfile_format *fmt;
		struct lg_pkgset *set = NULL;

		lg_buf_reset(&data);
		if (is_pyproject(path) || io->read(&data, path, io->payload) < 0 ||
		    !(fmt = lg_lockfile_format_detect(path, data.ptr, data.len))) {
			lg_error_clear();
			continue;
		}
		(*nlocks)++;
		error = fmt->parse(&set, NULL, data.ptr, data.len, path, io);
		if (error == 0)
			error = lg_pkgset_append(all, set);
		else if (error != LG_ENOMEM)
			error = 0, lg_error_clear();
		lg_pkgset_free(set);
	}
	lg_buf_dispose(&data);
	return error;
}

static bool pinned(const struct lg_pkgset *all, const char *name)
{
	for (size_t i = 0; i < all->npkgs; i++)
		if (all->pkgs[i].name && all->pkgs[i].version &&
		    strcmp(all->pkgs[i].name, name) == 0)
			return true;
	return false;
}

/* One low finding on the requirement q of the pyproject.toml at path. */
static int add(struct lg_result *r, const char *rule, const char *path,
	       const struct lg_pyproject_req *q, const char *what,
	       const char *why)
{
	size_t from = r->findings.n;
	int error;

	if ((error = lg_findings_add(&r->findings, rule, LG_SEV_LOW, NULL, 0,
				     "%s '%.120s' %s", what, q->text, why)) < 0)
		return error;
	return lg_findings_set_context(&r->findings, from, q->name, NULL, NULL,
				       path, q->line);
}

static int report(struct lg_result *r, const char *path,
		  const struct lg_pyproject *pp, const struct lg_pkgset *all,
		  size_t nlocks)
{
	int error = 0;

	for (size_t i = 0; i < pp->n && !error; i++) {
		const struct lg_pyproject_req *q = &pp->reqs[i];
		bool locked = q->name && pinned(all, q->name);

		if (q->kind == LG_PYPROJECT_BUILD)
			error = add(r, LG_RULE_LOCK_BUILD_REQUIRES, path, q,
				    "build requirement",
				    locked ? "is fetched unpinned when pip builds "
					     "the project (a lock pins it, but "
					     "pip's isolated build ignores locks)"
					   : "is fetched unpinned when pip builds "
					     "the project");
		else if (nlocks && q->name && !locked &&
			 (!pp->name || strcmp(q->name, pp->name) != 0))
			error = add(r, LG_RULE_LOCK_DEP_NOT_LOCKED, path, q,
				    q->kind == LG_PYPROJECT_OPTIONAL
					    ? "optional dependency"
					    : "dependency",
				    "is pinned by no lock file of the revision");
	}
	return error;
}

int lg_engine__pyprojects(struct lg_result *r, const struct lg_gitdiff *d,
			  const struct lg_lockfile_io *io)
{
	struct lg_pkgset *all = NULL;
	size_t nlocks = 0;
	int error = 0;

	for (size_t i = 0; i < d->nfiles && !error; i++) {
		const struct lg_gitdiff_file *f = &d->files[i];
		struct lg_pyproject *pp = NULL;

		if (!is_pyproject(f->path) || !f->new_data)
			continue;
		if (!all && ((error = lg_pkgset_new(&all, "")) < 0 ||
			     (error = head_pins(all, &nlocks, d, io)) < 0))
			break;
		error = lg_lockfile_parse_pyproject(&pp, f->new_data, f->new_len,
						    f->path);
		if (error == 0)
			error = report(r, f->path, pp, all, nlocks);
		else if (error != LG_ENOMEM)
			error = lg_result_add_error(r, NULL, "%s",
						    lg_error_last()->message);
		lg_pyproject_free(pp);
	}
	lg_pkgset_free(all);
	return error;
}
