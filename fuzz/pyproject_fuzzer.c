/* SPDX-License-Identifier: MIT */
/* pyproject.toml requirements and the content sniffing of *.lock files:
 * never crash; a read pyproject has named requirements with canonical
 * names and lines inside the document; a *.lock is one known format or
 * none, and the format it names parses or fails cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/lockfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count_lines(const char *buf, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	return n;
}

static void check_pyproject(const char *buf, size_t len)
{
	struct lg_pyproject *pp = NULL;
	size_t lines = count_lines(buf, len);

	if (lg_lockfile_parse_pyproject(&pp, buf, len, "pyproject.toml") < 0) {
		if (pp)
			abort();
		return;
	}
	for (size_t i = 0; i < pp->n; i++) {
		const struct lg_pyproject_req *q = &pp->reqs[i];

		if (!q->text || !q->line || q->line > lines ||
		    (q->name && (!q->name[0] || strpbrk(q->name, "_.ABCDEFGHIJKLMNOPQRSTUVWXYZ"))))
			abort();
	}
	lg_pyproject_free(pp);
}

static void check_lock(const char *buf, size_t len)
{
	const struct lg_lockfile_format *fmt =
		lg_lockfile_format_detect("x.lock", buf, len);
	struct lg_pkgset *set = NULL;

	if (!fmt)
		return;
	if (fmt->parse(&set, NULL, buf, len, "x.lock", NULL) == 0) {
		if (!set || set->npkgs > LG_MAX_LOCKFILE_PACKAGES)
			abort();
	} else if (set) {
		abort();
	}
	lg_pkgset_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	check_pyproject((const char *)data, size);
	check_lock((const char *)data, size);
	lg_error_clear();
	return 0;
}
