/* SPDX-License-Identifier: MIT */
/* requirements parser: the property of lockfile_fuzz.h (a requirement that
 * names no project has no name, never an empty one). */
#include "lg/errors.h"
#include "lockfile_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No include is ever found; ${A...} expands to text that is itself
 * requirement syntax (a second ${...}, a comment, an option), the rest
 * stays as written. */
static int no_read(struct lg_buf *out, const char *path, void *payload)
{
	(void)out;
	(void)path;
	(void)payload;
	return LG_ENOTFOUND;
}

static const char *env(const char *name, void *payload)
{
	(void)payload;
	return name[0] == 'A' ? "x${A} #--hash=sha256:0 -e ." : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct lg_lockfile_io io = {no_read, NULL, env, NULL};

	return lg_fuzz_lockfile_io(lg_lockfile_parse_requirements, data, size,
				   false, &io);
}
