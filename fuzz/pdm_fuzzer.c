/* SPDX-License-Identifier: MIT */
/* pdm lock parser: the property of lockfile_fuzz.h. */
#include "lockfile_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return lg_fuzz_lockfile(lg_lockfile_parse_pdm, data, size, true);
}
