/* SPDX-License-Identifier: MIT */
/* requirements parser: the property of lockfile_fuzz.h (a requirement that
 * names no project has no name, never an empty one). */
#include "lockfile_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return lg_fuzz_lockfile(lg_lockfile_parse_requirements, data, size,
				false);
}
