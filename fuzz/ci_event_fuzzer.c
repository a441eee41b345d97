/* SPDX-License-Identifier: MIT */
/* GitHub event payloads (attacker-influenced: PR titles and bodies): never
 * crashes; a base, when found, is a 40- or 64-digit lower-case hex id. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/ci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	char *base = NULL;

	if (size > (1u << 20))
		return 0;
	if (lg_ci_github_base(&base, &why, (const char *)data, size) == 0) {
		if (!why)
			abort();
		if (base && ((strlen(base) != 40 && strlen(base) != 64) ||
			     strspn(base, "0123456789abcdef") != strlen(base) ||
			     lg_ci_is_null_sha(base)))
			abort();
	}
	lg__free(base);
	return 0;
}
