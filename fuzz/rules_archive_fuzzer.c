/* SPDX-License-Identifier: MIT */
/* The archive-level rules (wheel.*, bin.*) on hostile members: the input is
 * split at "\0\0" into members given fixed paths (a wheel's WHEEL, RECORD
 * and entry_points.txt, package code, a script, a data file, an image);
 * each is noted with its own bytes as head and a fixed digest, and added
 * when the rules want it. Findings must be well-formed; the only errors
 * allowed are the caps and OOM. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/model.h"
#include "lg/rules.h"

#define FUZZ_MAX_INPUT (1u << 20)

static const char *const paths[] = {
	"p-1.0.dist-info/WHEEL",     "p-1.0.dist-info/RECORD",
	"p-1.0.dist-info/entry_points.txt", "p/__init__.py",
	"p-1.0.data/scripts/git",    "p-1.0.data/data/etc/cron.d/p",
	"p/logo.png",		     "sitecustomize.py",
};

static const char digest[] =
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_rules_scan *s = NULL;
	const char *p = (const char *)data, *end = p + size;
	int error = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (lg_rules_scan_new(&s, &f) < 0)
		return 0;
	for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]) && p <= end &&
			   !error;
	     k++) {
		const char *q = p;
		struct lg_rules_member m = {paths[k], 0, digest, NULL, 0};

		while (q + 1 < end && !(q[0] == '\0' && q[1] == '\0'))
			q++;
		if (q + 1 >= end)
			q = end;
		m.size = (uint64_t)(q - p);
		m.head = (const unsigned char *)p;
		m.head_len = m.size < 64 ? (size_t)m.size : 64;
		error = lg_rules_scan_note(s, &m);
		if (!error && lg_rules_wants_member(paths[k]))
			error = lg_rules_scan_add(s, paths[k], p,
						  (size_t)(q - p));
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
