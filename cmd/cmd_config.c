/* SPDX-License-Identifier: MIT */
/* lockgate config: print the effective configuration. */
#include <stdio.h>

#include "cmd.h"
#include "lg/buf.h"
#include "lg/config.h"
#include "lg/errors.h"

static const char config_usage[] =
	"usage: lockgate config [--repo DIR] [--config FILE]\n\n"
	"Prints the configuration check and diff would use, as TOML: every key,\n"
	"with the defaults of the keys the file does not set, and the file it\n"
	"came from (--config FILE, else .lockgate.toml, else pyproject.toml's\n"
	"[tool.lockgate] in the work tree of --repo). Options on the command\n"
	"line of check (--fail-on, --warn-only, --cache-dir) win over it.\n"
	"Exit 3 when the configuration is invalid (the message names file and "
	"line).";

int cmd_config(int argc, char **argv)
{
	const char *repo = NULL, *file = NULL;
	const struct lg_opt_spec opts[] = {
		{"repo", LG_OPT_VALUE, &repo, "DIR", "repository (default: .)", NULL},
		{"config", LG_OPT_VALUE, &file, "FILE",
		 "configuration (default: .lockgate.toml or pyproject.toml)", NULL},
	};
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_buf out = LG_BUF_INIT(SIZE_MAX);
	size_t npos;
	int rc;

	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, NULL, 0, &npos,
			  config_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if ((rc = lg_cmd_load_config(&cfg, file, repo)) == 0) {
		if (lg_config_render(&out, &cfg) < 0)
			rc = lg_cmd_fail(LG_EXIT_INCOMPLETE,
					 lg_error_last()->message);
		else
			fwrite(out.ptr, 1, out.len, stdout);
	}
	lg_buf_dispose(&out);
	lg_config_dispose(&cfg);
	return rc;
}
