/* SPDX-License-Identifier: MIT */
/* lockgate deps: lock files on disk -> parsed entries. */
#include "lg/cache.h"
#include "lg/engine.h"
#include "lg/lockfile.h"

static int read_disk(struct lg_buf *out, const char *path, void *payload)
{
	(void)payload;
	return lg_fs_read_file(out, path, LG_MAX_LOCKFILE_BYTES);
}

int lg_engine_deps(struct lg_deps **out, char *const *paths, size_t npaths,
		   const char *(*env)(const char *name, void *payload))
{
	const struct lg_lockfile_io io = {read_disk, NULL, env, NULL};
	struct lg_buf data = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	struct lg_deps *d;
	int error = 0;

	*out = NULL;
	if (!(d = lg__calloc(1, sizeof(*d))) ||
	    (npaths && (!(d->sets = lg__calloc(npaths, sizeof(*d->sets))) ||
			!(d->formats = lg__calloc(npaths, sizeof(*d->formats)))))) {
		lg_deps_free(d);
		return lg_error_oom();
	}
	for (size_t i = 0; i < npaths && !error; i++) {
		const struct lg_lockfile_format *fmt;

		lg_buf_reset(&data);
		if ((error = lg_fs_read_file(&data, paths[i],
					     LG_MAX_LOCKFILE_BYTES)) < 0)
			break;
		if (!(fmt = lg_lockfile_format_detect(paths[i], data.ptr, data.len))) {
			error = LG_EUNSUPPORTED;
			lg_error_set(LG_ERRCLASS_LOCKFILE, "'%s': not a lock or "
				     "requirements file lockgate reads",
				     paths[i]);
			break;
		}
		if ((error = fmt->parse(&d->sets[d->n], NULL, data.ptr, data.len,
					paths[i], &io)) < 0)
			break;
		d->formats[d->n++] = fmt->name;
	}
	lg_buf_dispose(&data);
	if (error < 0) {
		lg_deps_free(d);
		return error;
	}
	*out = d;
	return 0;
}
