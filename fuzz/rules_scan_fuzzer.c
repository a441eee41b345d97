/* SPDX-License-Identifier: MIT */
/* The per-artifact rules scanner on hostile members: the input is split at
 * "\0\0" into up to seven members given fixed roles (setup.py, a package,
 * a module, a .pth, a test, sitecustomize, pyproject.toml), so
 * cross-member contexts, in-tree build backends,
 * rescans of hidden code and every rule run. Findings must be
 * well-formed; the only errors allowed are the caps and OOM. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/model.h"
#include "lg/rules.h"

#define FUZZ_MAX_INPUT (1u << 20)

static const char *const paths[] = {
	"p-1/setup.py",	  "p-1/pkg/__init__.py", "p-1/pkg/mod.py",
	"p-1/p.pth",	  "p-1/tests/t.py",	 "p-1/sitecustomize.py",
	"p-1/pyproject.toml",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_rules_scan *s = NULL;
	const char *p = (const char *)data, *end = p + size;
	int error;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (lg_rules_scan_new(&s, &f) < 0)
		return 0;
	for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]) && p <= end;
	     k++) {
		const char *q = p;

		while (q + 1 < end && !(q[0] == '\0' && q[1] == '\0'))
			q++;
		if (q + 1 >= end)
			q = end;
		error = lg_rules_scan_add(s, paths[k], p, (size_t)(q - p));
		if (error && error != LG_ETOOBIG && error != LG_ENOMEM)
			abort();
		p = q + 2;
	}
	error = lg_rules_scan_finish(s);
	if (error > 0 || (error && error != LG_ETOOBIG && error != LG_ENOMEM))
		abort();
	for (size_t i = 0; i < f.n; i++)
		if (!f.v[i].message || !f.v[i].path ||
		    !lg_rules_find(f.v[i].rule))
			abort();
	lg_rules_scan_free(s);
	lg_findings_dispose(&f);
	return 0;
}
