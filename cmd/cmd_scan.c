/* SPDX-License-Identifier: MIT */
/* lockgate scan PATH...: local archives through the same rules. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/errors.h"

#define LG_MAX_SCAN_PATHS 4096

static const char scan_usage[] =
	"usage: lockgate scan [--format text|json] [--output FILE] PATH...\n\n"
	"Scans local sdists (.tar.gz, .zip) and wheels with the install-time "
	"rules.\nThe format is detected from the bytes, not the name. No "
	"network, nothing\nis unpacked to disk.";

int cmd_scan(int argc, char **argv)
{
	const char *format = "text", *output = NULL;
	const struct lg_opt_spec opts[] = {
		{"format", LG_OPT_VALUE, &format, "FMT", "text or json"},
		{"output", LG_OPT_VALUE, &output, "FILE",
		 "write the report here, not to stdout"},
	};
	struct lg_engine_options eo = {0};
	struct lg_result *r = NULL;
	char **paths;
	size_t npaths;
	int rc, code;

	if (!(paths = calloc(LG_MAX_SCAN_PATHS, sizeof(*paths))))
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, paths,
			  LG_MAX_SCAN_PATHS, &npaths, scan_usage);
	if (!rc && !npaths) {
		fprintf(stderr, "lockgate: scan needs at least one PATH\n");
		rc = LG_EXIT_USAGE;
	}
	if (!rc)
		rc = lg_cmd_check_format(format);
	if (rc) {
		free(paths);
		return rc == 1 ? LG_EXIT_PASS : rc;
	}
	eo.policy = (struct lg_policy)LG_POLICY_INIT;
	if (lg_engine_scan(&r, &eo, paths, npaths) < 0) {
		free(paths);
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
	}
	code = lg_cmd_exit_for(r);
	if ((rc = lg_cmd_emit(r, format, output, "lockgate scan")) != 0 &&
	    code != LG_EXIT_BLOCK)
		code = rc;
	lg_result_free(r);
	free(paths);
	return code;
}
