/* SPDX-License-Identifier: MIT */
/* lockgate scan PATH...: local archives through the same rules. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/errors.h"

#define LG_MAX_SCAN_PATHS 4096

static const char scan_usage[] =
	"usage: lockgate scan [--format FMT [--output FILE]]... [--fail-on SEVERITY]\n"
	"                     [--warn-only] PATH...\n\n"
	"Scans local sdists (.tar.gz, .zip) and wheels with the install-time "
	"rules.\nThe format is detected from the bytes, not the name. No "
	"network, nothing\nis unpacked to disk.";

int cmd_scan(int argc, char **argv)
{
	struct lg_outputs outs = {0};
	struct lg_policy_args pol = {0};
	const struct lg_opt_spec opts[] = {
		{"format", LG_OPT_CALL, &outs, "FMT", lg_format_help, lg_outputs_opt},
		{"output", LG_OPT_CALL, &outs, "FILE",
		 "write the report of the --format before it here", lg_outputs_opt},
		{"fail-on", LG_OPT_VALUE, &pol.fail_on, "SEVERITY",
		 "block at this severity and above (default high)", NULL},
		{"warn-only", LG_OPT_FLAG, &pol.warn_only, NULL,
		 "report as usual but exit 0 when blocked", NULL},
	};
	struct lg_engine_options eo = {0};
	struct lg_report_options ro = {0};
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
		rc = lg_outputs_finish(&outs);
	if (!rc)
		rc = lg_policy_args_apply(&eo.policy, &pol);
	if (rc) {
		free(paths);
		return rc == 1 ? LG_EXIT_PASS : rc;
	}
	if (lg_engine_scan(&r, &eo, paths, npaths) < 0) {
		free(paths);
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
	}
	ro.title = "lockgate scan";
	ro.policy = &eo.policy;
	code = lg_policy_args_exit(&pol, lg_cmd_exit_for(r), r, &eo.policy);
	if ((rc = lg_cmd_emit(r, &outs, &ro, code)) != 0 && code != LG_EXIT_BLOCK)
		code = rc;
	lg_result_free(r);
	free(paths);
	return code;
}
