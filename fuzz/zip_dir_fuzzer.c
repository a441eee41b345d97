/* SPDX-License-Identifier: MIT */
/* The zip central directory reader over arbitrary bytes, as a lazy wheel
 * read meets them: the input is the tail of a file (here the whole file),
 * the directory is parsed when the tail holds it, and every entry's local
 * header is located. Properties: only the documented errors; every entry
 * has a NUL-terminated path under the cap and data before the directory;
 * a local header's data offset lies within the bytes given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/archive.h"
#include "lg/errors.h"
#include "lg/limits.h"

#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entries(const struct lg_zip_dir *d, const uint8_t *data,
			  size_t size, uint64_t cd_off)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct lg_zip_entry *e = &d->v[i];
		size_t off;
		int error;

		if (!e->path || strlen(e->path) > LG_MAX_PATH_BYTES ||
		    e->local_offset >= cd_off || e->csize > cd_off)
			abort();
		error = lg_zip_local_data(&off, data + e->local_offset,
					  (size_t)(size - e->local_offset), e);
		if (error == 0 && off > size - e->local_offset)
			abort();
		if (error && error != LG_EINVALID && error != LG_ENOTFOUND)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_zip_dir *d = NULL;
	uint64_t cd_off, cd_size, n;
	int error;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	error = lg_zip_find_dir(&cd_off, &cd_size, &n, data, size, 0, size);
	if (error) {
		if (error != LG_EINVALID && error != LG_ENOTFOUND &&
		    error != LG_ETOOBIG)
			abort();
		return 0;
	}
	if (cd_off + cd_size > size)
		abort();
	error = lg_zip_parse_dir(&d, data + cd_off, (size_t)cd_size, cd_off, n);
	if (error) {
		if (d || (error != LG_EINVALID && error != LG_ETOOBIG &&
			  error != LG_ENOMEM))
			abort();
		return 0;
	}
	if (d->n != n)
		abort();
	check_entries(d, data, size, cd_off);
	lg_zip_dir_free(d);
	return 0;
}
