/* SPDX-License-Identifier: MIT */
/* PyPI JSON API release documents: never crashes; every file parsed has a
 * filename and a url, and a digest is 64 lower-case hex digits or absent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_release *rel = NULL;

	if (size > (1u << 20))
		return 0;
	if (lg_index_parse_release(&rel, (const char *)data, size, "fuzz") == 0) {
		for (size_t i = 0; i < rel->nfiles; i++) {
			const struct lg_index_file *f = &rel->files[i];

			if (!f->filename || !f->url || !f->packagetype)
				abort();
			if (f->sha256 && strlen(f->sha256) != 64)
				abort();
		}
	}
	lg_release_free(rel);
	return 0;
}
