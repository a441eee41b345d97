/* SPDX-License-Identifier: MIT */
/* Pipfile.lock parser: never crashes; a successful parse holds canonical,
 * non-empty names, sorted unique hashes and at most
 * LG_MAX_LOCKFILE_PACKAGES entries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/limits.h"
#include "lg/lockfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_pkgset *set = NULL;

	if (size > (1u << 20))
		return 0;
	if (lg_lockfile_parse_pipfile(&set, NULL, (const char *)data, size,
				      "Pipfile.lock", NULL) == 0) {
		if (set->npkgs > LG_MAX_LOCKFILE_PACKAGES)
			abort();
		for (size_t i = 0; i < set->npkgs; i++) {
			const struct lg_pkg *p = &set->pkgs[i];

			if (!p->name || !p->name[0])
				abort();
			for (size_t j = 1; j < p->nhashes; j++)
				if (strcmp(p->hashes[j - 1], p->hashes[j]) >= 0)
					abort();
		}
	}
	lg_pkgset_free(set);
	return 0;
}
