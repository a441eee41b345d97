/* SPDX-License-Identifier: MIT */
/* Configuration reader: never crashes; the first byte picks .lockgate.toml
 * or pyproject.toml mode. A successful read holds at most
 * LG_MAX_CONFIG_GLOBS non-empty globs, each usable by the matcher, values
 * in their ranges, complete [[suppress]] entries, and renders to TOML the
 * reader takes back with the same entries; a failure is one line naming
 * the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/config.h"
#include "lg/policy.h"
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

/* Ranges, required fields, and the rendering reads back the same. */
static void check_values(const struct lg_config *cfg)
{
	struct lg_config again = LG_CONFIG_INIT;
	struct lg_buf out = LG_BUF_INIT(1u << 24);

	if (cfg->jobs > LG_MAX_JOBS || cfg->cooldown_days < 0 ||
	    cfg->cooldown_days > LG_MAX_COOLDOWN_DAYS ||
	    cfg->nsuppress > LG_MAX_CONFIG_SUPPRESSIONS)
		abort();
	for (size_t i = 0; i < cfg->nsuppress; i++) {
		const struct lg_suppression *s = &cfg->suppress[i];

		if (!s->rule || !s->package || !s->version || !s->reason ||
		    !s->reason[0] || (s->sha256 && strlen(s->sha256) != 64))
			abort();
	}
	if (lg_policy_validate(cfg) < 0)
		lg_error_clear();
	if (lg_config_render(&out, cfg) < 0)
		abort();
	if (lg_config_parse(&again, out.ptr, out.len, "rendered", false) < 0 ||
	    again.nsuppress != cfg->nsuppress || again.nrules != cfg->nrules ||
	    again.ndisable != cfg->ndisable ||
	    again.jobs != (cfg->jobs ? cfg->jobs : 1))
		abort();
	for (size_t i = 0; i < cfg->nsuppress; i++)
		if (again.suppress[i].expires != cfg->suppress[i].expires ||
		    strcmp(again.suppress[i].reason, cfg->suppress[i].reason) != 0)
			abort();
	lg_config_dispose(&again);
	lg_buf_dispose(&out);
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
		check_values(&cfg);
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
