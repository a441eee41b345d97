/* SPDX-License-Identifier: MIT */
/* lg_archive_walk over arbitrary bytes: every member is loaded and every
 * loaded byte is read, so the sanitizers see any bad length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/archive.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/model.h"

#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
	size_t members;
	unsigned sum;
};

static bool want_everything(const char *path, void *payload)
{
	(void)payload;
	return path != NULL;
}

static int visit(const struct lg_member *m, void *payload)
{
	struct tally *t = payload;

	if (!m->path)
		abort();
	t->members++;
	t->sum += (unsigned)strlen(m->path);
	if (m->data) {
		/* Invariants: loaded members are capped and NUL-terminated. */
		if (m->size > LG_MAX_MEMBER_BYTES || m->data[m->size] != '\0')
			abort();
		for (size_t i = 0; i < m->size; i++)
			t->sum += (unsigned char)m->data[i];
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_findings findings = LG_FINDINGS_INIT;
	struct tally t = {0, 0};
	int error;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	error = lg_archive_walk(data, size, "fuzz", want_everything, visit, &t,
				&findings);
	if (error > 0)
		abort();
	if (t.members > LG_MAX_ARCHIVE_ENTRIES)
		abort();
	for (size_t i = 0; i < findings.n; i++)
		if (!findings.v[i].path || !findings.v[i].message ||
		    strcmp(findings.v[i].rule, "archive.unsafe-member") != 0)
			abort();
	lg_findings_dispose(&findings);
	lg_error_clear();
	return 0;
}
