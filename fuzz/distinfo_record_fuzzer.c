/* SPDX-License-Identifier: MIT */
/* lg_record_parse and lg_record_digest over arbitrary bytes: every row has
 * a NUL-terminated path no longer than the field cap; the only errors are
 * the caps, malformed CSV and OOM. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/rules.h"

#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_row(const struct lg_record_row *row, void *payload)
{
	unsigned char d[64];
	bool padded;
	long n;

	(void)payload;
	if (!row->path || !row->hash || !row->size || !row->line ||
	    strlen(row->path) > LG_MAX_DISTINFO_FIELD)
		abort();
	n = lg_record_digest(d, sizeof(d), &padded, row->hash);
	if (n > (long)sizeof(d))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int error;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	error = lg_record_parse((const char *)data, size, on_row, NULL);
	if (error > 0 || (error && error != LG_EINVALID &&
			  error != LG_ETOOBIG && error != LG_ENOMEM))
		abort();
	return 0;
}
