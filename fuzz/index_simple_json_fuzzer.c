/* SPDX-License-Identifier: MIT */
/* PEP 691 JSON project pages: the property of index_simple_fuzz.h. */
#include "index_simple_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return lg_fuzz_simple(lg_index_parse_simple_json, data, size);
}
