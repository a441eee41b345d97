/* SPDX-License-Identifier: MIT */
/* lg_distinfo_parse (entry_points.txt with '=', WHEEL with ':') over
 * arbitrary bytes: keys and values are trimmed, NUL-terminated and within
 * the line cap; the only errors are the caps and OOM. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/rules.h"

#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_key(const char *section, const char *key, const char *value,
		  size_t line, void *payload)
{
	size_t kn = strlen(key), vn = strlen(value);

	(void)payload;
	if (!line || strlen(section) > LG_MAX_DISTINFO_FIELD ||
	    kn + vn > LG_MAX_DISTINFO_FIELD ||
	    (kn && (key[0] == ' ' || key[kn - 1] == ' ')) ||
	    (vn && (value[0] == ' ' || value[vn - 1] == ' ')))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = {'=', ':'};

	if (size > FUZZ_MAX_INPUT)
		return 0;
	for (size_t k = 0; k < sizeof(seps); k++) {
		int error = lg_distinfo_parse((const char *)data, size, seps[k],
					      on_key, NULL);

		if (error > 0 || (error && error != LG_ETOOBIG &&
				  error != LG_ENOMEM))
			abort();
	}
	return 0;
}
