/* SPDX-License-Identifier: MIT */
/* requirements parser: never crashes; a successful parse holds canonical,
 * non-empty names and at most LG_MAX_LOCKFILE_PACKAGES entries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/limits.h"
#include "lg/lockfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_findings findings = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;

	if (size > (1u << 20))
		return 0;
	if (lg_lockfile_parse_requirements(&set, &findings, (const char *)data,
					   size, "fuzz.txt", NULL) == 0) {
		if (set->npkgs > LG_MAX_LOCKFILE_PACKAGES)
			abort();
		for (size_t i = 0; i < set->npkgs; i++)
			if (set->pkgs[i].name && !set->pkgs[i].name[0])
				abort();
	}
	lg_pkgset_free(set);
	lg_findings_dispose(&findings);
	return 0;
}
