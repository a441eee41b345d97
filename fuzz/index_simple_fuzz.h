/* SPDX-License-Identifier: MIT */
/* The property both Simple API page harnesses check: never crashes; every
 * file has a name, a url and a packagetype, a digest is 64 lower-case hex
 * digits or absent; the only errors are malformed input, an unsupported
 * api-version / repository-version, the caps and OOM. Selection by file
 * name keeps a subset. */
#ifndef LG_FUZZ_INDEX_SIMPLE_FUZZ_H
#define LG_FUZZ_INDEX_SIMPLE_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/index.h"

typedef int (*lg_fuzz_simple_fn)(struct lg_release **, const char *, size_t,
				 const char *);

static inline void lg_fuzz_check_files(const struct lg_release *rel)
{
	for (size_t i = 0; i < rel->nfiles; i++) {
		const struct lg_index_file *f = &rel->files[i];

		if (!f->filename || !f->url || !f->packagetype)
			abort();
		if (f->sha256 && strspn(f->sha256, "0123456789abcdef") != 64)
			abort();
		if (f->sha256 && f->sha256[64])
			abort();
	}
}

static inline int lg_fuzz_simple(lg_fuzz_simple_fn parse, const uint8_t *data,
				 size_t size)
{
	struct lg_release *rel = NULL;
	size_t before;
	int error;

	if (size > (1u << 20))
		return 0;
	error = parse(&rel, (const char *)data, size, "fuzz");
	if (error && error != LG_EINVALID && error != LG_EUNSUPPORTED &&
	    error != LG_ETOOBIG && error != LG_ENOMEM)
		abort();
	if (error == 0) {
		lg_fuzz_check_files(rel);
		before = rel->nfiles;
		if (lg_release_select(rel, "demo-pkg", "1.0") == 0 &&
		    rel->nfiles > before)
			abort();
		lg_fuzz_check_files(rel);
	}
	lg_release_free(rel);
	return 0;
}

#endif
