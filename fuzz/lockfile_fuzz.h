/* SPDX-License-Identifier: MIT */
/* The property every lock parser harness checks: never crashes; a
 * successful parse holds non-empty canonical names (when named), sorted
 * unique hashes and at most LG_MAX_LOCKFILE_PACKAGES entries. */
#ifndef LG_FUZZ_LOCKFILE_FUZZ_H
#define LG_FUZZ_LOCKFILE_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/limits.h"
#include "lg/lockfile.h"

typedef int (*lg_fuzz_parse_fn)(struct lg_pkgset **, struct lg_findings *,
				const char *, size_t, const char *,
				const struct lg_lockfile_io *);

static inline int lg_fuzz_lockfile_io(lg_fuzz_parse_fn parse,
				      const uint8_t *data, size_t size,
				      bool names_required,
				      const struct lg_lockfile_io *io)
{
	struct lg_pkgset *set = NULL;

	if (size > (1u << 20))
		return 0;
	if (parse(&set, NULL, (const char *)data, size, "fuzz.lock", io) == 0) {
		if (set->npkgs > LG_MAX_LOCKFILE_PACKAGES)
			abort();
		for (size_t i = 0; i < set->npkgs; i++) {
			const struct lg_pkg *p = &set->pkgs[i];

			if (names_required ? (!p->name || !p->name[0])
					   : (p->name && !p->name[0]))
				abort();
			for (size_t j = 1; j < p->nhashes; j++)
				if (strcmp(p->hashes[j - 1], p->hashes[j]) >= 0)
					abort();
		}
	}
	lg_pkgset_free(set);
	return 0;
}

static inline int lg_fuzz_lockfile(lg_fuzz_parse_fn parse, const uint8_t *data,
				   size_t size, bool names_required)
{
	return lg_fuzz_lockfile_io(parse, data, size, names_required, NULL);
}

#endif
