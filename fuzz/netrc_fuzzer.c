/* SPDX-License-Identifier: MIT */
/* netrc text: never crashes; the only errors are a keyword without a
 * value, a NUL in a token, the caps and OOM; a lookup returns a password
 * whenever it returns true. */
#include <stdint.h>
#include <stdlib.h>

#include "lg/errors.h"
#include "lg/index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hosts[] = {"idx.invalid", "IDX.INVALID", "", "x"};
	struct lg_netrc *n = NULL;
	const char *login, *pw;
	int error;

	if (size > (1u << 20))
		return 0;
	error = lg_netrc_parse(&n, (const char *)data, size);
	if (error && error != LG_EINVALID && error != LG_ETOOBIG && error != LG_ENOMEM)
		abort();
	for (size_t i = 0; n && i < sizeof(hosts) / sizeof(*hosts); i++)
		if (lg_netrc_lookup(n, hosts[i], &login, &pw) && (!login || !pw))
			abort();
	lg_netrc_free(n);
	return 0;
}
