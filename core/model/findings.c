/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "lg/buf.h"
#include "lg/model.h"

static void finding_dispose(struct lg_finding *f)
{
	lg__free(f->package);
	lg__free(f->version);
	lg__free(f->file);
	lg__free(f->path);
	lg__free(f->message);
	lg__free(f->lockfile);
	lg__free(f->suppressed_by);
	lg__free(f->suppressed_at);
}

void lg_finding_dispose(struct lg_finding *x)
{
	finding_dispose(x);
	memset(x, 0, sizeof(*x));
}

static int findings_grow(struct lg_findings *f)
{
	size_t cap;
	struct lg_finding *v;

	if (f->n < f->cap)
		return 0;
	cap = f->cap ? f->cap * 2 : 16;
	if (!(v = lg__reallocarray(f->v, cap, sizeof(*v))))
		return lg_error_oom();
	f->v = v;
	f->cap = cap;
	return 0;
}

int lg_findings_take(struct lg_findings *f, struct lg_finding *x)
{
	int error = findings_grow(f);

	if (error < 0) {
		lg_finding_dispose(x);
		return error;
	}
	f->v[f->n++] = *x;
	memset(x, 0, sizeof(*x));
	return 0;
}

int lg_findings_add(struct lg_findings *f, const char *rule,
		    enum lg_severity sev, const char *path, size_t line,
		    const char *fmt, ...)
{
	struct lg_finding *x;
	char msg[1024];
	va_list ap;
	int error;

	if ((error = findings_grow(f)) < 0)
		return error;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lg__mask_credentials(msg, sizeof(msg));
	x = &f->v[f->n];
	memset(x, 0, sizeof(*x));
	x->rule = rule;
	x->severity = sev;
	x->line = line;
	if (!(x->message = lg__strdup(msg)) ||
	    (path && !(x->path = lg__strdup(path)))) {
		finding_dispose(x);
		return lg_error_oom();
	}
	f->n++;
	return 0;
}

static int dup_opt(char **dst, const char *src)
{
	if (*dst || !src)
		return 0;
	return (*dst = lg__strdup(src)) ? 0 : lg_error_oom();
}

int lg_findings_set_context(struct lg_findings *f, size_t from,
			    const char *package, const char *version,
			    const char *file, const char *lockfile,
			    size_t lockfile_line)
{
	int error = 0;

	for (size_t i = from; i < f->n && !error; i++) {
		struct lg_finding *x = &f->v[i];

		if ((error = dup_opt(&x->package, package)) < 0 ||
		    (error = dup_opt(&x->version, version)) < 0 ||
		    (error = dup_opt(&x->file, file)) < 0 ||
		    (error = dup_opt(&x->lockfile, lockfile)) < 0)
			break;
		if (!x->lockfile_line)
			x->lockfile_line = lockfile_line;
	}
	return error;
}

void lg_findings_dispose(struct lg_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		finding_dispose(&f->v[i]);
	lg__free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

int lg_findings_max_severity(const struct lg_findings *f, size_t from)
{
	int max = -1;

	for (size_t i = from; i < f->n; i++)
		if ((int)f->v[i].severity > max)
			max = (int)f->v[i].severity;
	return max;
}
