/* SPDX-License-Identifier: MIT */
/* Configuration reader: never crashes; the first byte picks .lockgate.toml
 * or pyproject.toml mode. A successful read holds at most
 * LG_MAX_CONFIG_GLOBS non-empty globs, each usable by the matcher; a
 * failure is one line naming the file, and leaves no half-set value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/config.h"
#include "lg/errors.h"
#include "lg/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_globs(char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!v[i] || !v[i][0])
			abort();
		/* The matcher terminates on every stored glob. */
		(void)lg_config_glob_match(v[i], "a/b/requirements.txt");
		(void)lg_config_glob_match(v[i], v[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	const char *origin;
	bool pyproject;
	int error;

	if (size < 1 || size > (1u << 20))
		return 0;
	pyproject = data[0] & 1;
	origin = pyproject ? "pyproject.toml" : ".lockgate.toml";
	error = lg_config_parse(&cfg, (const char *)data + 1, size - 1, origin,
				pyproject);
	if (error == 0) {
		if (cfg.ninclude + cfg.nexclude > LG_MAX_CONFIG_GLOBS)
			abort();
		check_globs(cfg.include, cfg.ninclude);
		check_globs(cfg.exclude, cfg.nexclude);
	} else {
		const char *msg = lg_error_last()->message;

		if (strchr(msg, '\n') ||
		    (strncmp(msg, origin, strlen(origin)) != 0 &&
		     strcmp(msg, "out of memory") != 0))
			abort();
	}
	lg_config_dispose(&cfg);
	return 0;
}
