/* SPDX-License-Identifier: MIT */
/* OSV querybatch answers: never crashes or leaks; on success every id is
 * NULL or a MAL- id, on failure every id is NULL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *ids[3];
	int error;

	if (size > (1u << 20))
		return 0;
	for (size_t n = 0; n <= 3; n++) {
		error = lg_osv_batch_parse(ids, n, (const char *)data, size, "fuzz");
		for (size_t i = 0; i < n; i++) {
			if (ids[i] && (error < 0 || strncmp(ids[i], "MAL-", 4) != 0))
				abort();
			lg__free(ids[i]);
		}
	}
	return 0;
}
