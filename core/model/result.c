/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "lg/buf.h"
#include "lg/model.h"

int lg_result_new(struct lg_result **out)
{
	*out = lg__calloc(1, sizeof(**out));
	return *out ? 0 : lg_error_oom();
}

/* Grows an array of elements of size sz to hold one more. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
	void *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if (!(p = lg__reallocarray(*v, ncap, sz)))
		return lg_error_oom();
	*v = p;
	*cap = ncap;
	return 0;
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	return (*dst = lg__strdup(src)) ? 0 : lg_error_oom();
}

int lg_result_add_error(struct lg_result *r, const char *package,
			const char *fmt, ...)
{
	struct lg_run_error *e;
	char msg[LG_MAX_ERRMSG + 256];
	va_list ap;
	int error;

	if ((error = grow((void **)&r->errors, &r->errors_cap, r->nerrors,
			  sizeof(*r->errors))) < 0)
		return error;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lg__mask_credentials(msg, sizeof(msg));
	e = &r->errors[r->nerrors];
	if ((error = dup_or_null(&e->package, package)) < 0)
		return error;
	if ((error = dup_or_null(&e->message, msg)) < 0) {
		lg__free(e->package);
		return error;
	}
	r->nerrors++;
	return 0;
}

int lg_result_add_artifact(struct lg_result *r, size_t *index_out,
			   const char *package, const char *version,
			   const char *file)
{
	struct lg_artifact *a;
	int error;

	if ((error = grow((void **)&r->artifacts, &r->artifacts_cap,
			  r->nartifacts, sizeof(*r->artifacts))) < 0)
		return error;
	a = &r->artifacts[r->nartifacts];
	memset(a, 0, sizeof(*a));
	if ((error = dup_or_null(&a->package, package)) < 0 ||
	    (error = dup_or_null(&a->version, version)) < 0 ||
	    (error = dup_or_null(&a->file, file)) < 0) {
		lg__free(a->package);
		lg__free(a->version);
		return error;
	}
	*index_out = r->nartifacts++;
	return 0;
}

static void change_dispose(struct lg_change *c)
{
	lg__free(c->lockfile);
	lg__free(c->name);
	lg__free(c->old_version);
	lg__free(c->new_version);
}

int lg_result_add_change(struct lg_result *r, const struct lg_change *c)
{
	struct lg_change *x;
	int error;

	if ((error = grow((void **)&r->changes, &r->changes_cap, r->nchanges,
			  sizeof(*r->changes))) < 0)
		return error;
	x = &r->changes[r->nchanges];
	*x = *c;
	x->lockfile = x->name = x->old_version = x->new_version = NULL;
	if ((error = dup_or_null(&x->lockfile, c->lockfile)) < 0 ||
	    (error = dup_or_null(&x->name, c->name)) < 0 ||
	    (error = dup_or_null(&x->old_version, c->old_version)) < 0 ||
	    (error = dup_or_null(&x->new_version, c->new_version)) < 0) {
		change_dispose(x);
		return error;
	}
	r->nchanges++;
	return 0;
}

void lg_result_free(struct lg_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nchanges; i++)
		change_dispose(&r->changes[i]);
	lg__free(r->changes);
	for (size_t i = 0; i < r->nartifacts; i++) {
		lg__free(r->artifacts[i].package);
		lg__free(r->artifacts[i].version);
		lg__free(r->artifacts[i].file);
		lg__free(r->artifacts[i].sha256);
	}
	lg__free(r->artifacts);
	for (size_t i = 0; i < r->nerrors; i++) {
		lg__free(r->errors[i].package);
		lg__free(r->errors[i].message);
	}
	lg__free(r->errors);
	lg_findings_dispose(&r->findings);
	lg_findings_dispose(&r->suppressed);
	lg__free(r);
}
