/* SPDX-License-Identifier: MIT */
/* Finding identities that survive unrelated edits of the lock file. */
#include <stdio.h>

#include "lg/hash.h"
#include "lg/report.h"
#include "report_private.h"

/* Hashes each field followed by a NUL, so fields cannot run together. */
static int key_hash(char out[LG_FINGERPRINT_LEN + 1], const struct lg_finding *f)
{
	const char *fields[] = {"lockgate-finding-v1", f->rule, f->package, f->version,
				f->lockfile, f->file, f->path};
	char hex[LG_SHA256_HEX_LEN + 1], line[32];
	struct lg_sha256 *ctx = NULL;
	int error;

	if ((error = lg_sha256_new(&ctx)) < 0)
		return error;
	for (size_t i = 0; i < LG_ARRAY_SIZE(fields) && !error; i++) {
		const char *v = fields[i] ? fields[i] : "";

		if ((error = lg_sha256_update(ctx, v, strlen(v) + 1)) < 0)
			break;
	}
	snprintf(line, sizeof(line), "%zu", f->line);
	if (!error && (error = lg_sha256_update(ctx, line, strlen(line))) == 0 &&
	    (error = lg_sha256_final_hex(ctx, hex)) == 0) {
		memcpy(out, hex, LG_FINGERPRINT_LEN);
		out[LG_FINGERPRINT_LEN] = '\0';
	}
	lg_sha256_free(ctx);
	return error;
}

struct fp_sort {
	const char (*fp)[LG_FINGERPRINT_LEN + 1];
	size_t i;
};

static int cmp_fp(const void *a, const void *b)
{
	const struct fp_sort *x = a, *y = b;
	int c = strcmp(x->fp[x->i], y->fp[y->i]);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

int lg_report_fingerprints(char (**out)[LG_FINGERPRINT_LEN + 1], size_t **occ,
			   const struct lg_result *r)
{
	size_t n = r->findings.n;
	char (*fp)[LG_FINGERPRINT_LEN + 1] = lg__calloc(n + 1, sizeof(*fp));
	size_t *o = lg__calloc(n + 1, sizeof(*o));
	struct fp_sort *s = lg__calloc(n + 1, sizeof(*s));
	int error = 0;

	*out = NULL;
	*occ = NULL;
	if (!fp || !o || !s) {
		error = lg_error_oom();
		goto done;
	}
	for (size_t i = 0; i < n && !error; i++) {
		error = key_hash(fp[i], &r->findings.v[i]);
		s[i].fp = (const char(*)[LG_FINGERPRINT_LEN + 1])fp;
		s[i].i = i;
	}
	if (error)
		goto done;
	qsort(s, n, sizeof(*s), cmp_fp);
	for (size_t k = 1; k < n; k++)
		if (strcmp(fp[s[k].i], fp[s[k - 1].i]) == 0)
			o[s[k].i] = o[s[k - 1].i] + 1;
	*out = fp;
	*occ = o;
	fp = NULL;
	o = NULL;
done:
	lg__free(fp);
	lg__free(o);
	lg__free(s);
	return error;
}
