/* SPDX-License-Identifier: MIT */
/* lockgate deps FILE...: what lockgate reads in lock files on disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/errors.h"
#include "lg/report.h"

#define LG_MAX_DEPS_PATHS 4096

static const char deps_usage[] =
	"usage: lockgate deps [--format text|json] [--output FILE] FILE...\n\n"
	"Prints the entries lockgate reads in lock and requirements files on "
	"disk\n(name, version, source, hashes, files, line). -r and -c "
	"includes are read\nrelative to the including file. No network.";

int cmd_deps(int argc, char **argv)
{
	const char *format = "text", *output = NULL;
	const struct lg_opt_spec opts[] = {
		{"format", LG_OPT_VALUE, &format, "FMT", "text or json", NULL},
		{"output", LG_OPT_VALUE, &output, "FILE",
		 "write the listing here, not to stdout", NULL},
	};
	struct lg_buf b = LG_BUF_INIT(SIZE_MAX / 2);
	struct lg_deps *d = NULL;
	FILE *f = stdout;
	char **paths;
	size_t npaths;
	int rc, error;

	if (!(paths = calloc(LG_MAX_DEPS_PATHS, sizeof(*paths))))
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, "out of memory");
	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, paths,
			  LG_MAX_DEPS_PATHS, &npaths, deps_usage);
	if (!rc && !npaths) {
		fprintf(stderr, "lockgate: deps needs at least one FILE\n");
		rc = LG_EXIT_USAGE;
	}
	if (!rc && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		fprintf(stderr, "lockgate: deps: unknown format (text or json)\n");
		rc = LG_EXIT_USAGE;
	}
	if (rc) {
		free(paths);
		return rc == 1 ? LG_EXIT_PASS : rc;
	}
	if ((error = lg_engine_deps(&d, paths, npaths, lg_cmd_env)) < 0) {
		rc = lg_cmd_fail(error == LG_EUNSUPPORTED ? LG_EXIT_USAGE
							  : LG_EXIT_INCOMPLETE,
				 lg_error_last()->message);
		goto done;
	}
	if (lg_report_deps(&b, format, d) < 0) {
		rc = lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
		goto done;
	}
	if (output && !(f = fopen(output, "w"))) {
		fprintf(stderr, "lockgate: error: cannot write '%s'\n", output);
		rc = LG_EXIT_INCOMPLETE;
		goto done;
	}
	if (fwrite(b.ptr, 1, b.len, f) != b.len || fflush(f) != 0)
		rc = lg_cmd_fail(LG_EXIT_INCOMPLETE, "cannot write the listing");
	if (output && fclose(f) != 0 && !rc)
		rc = LG_EXIT_INCOMPLETE;
done:
	lg_buf_dispose(&b);
	lg_deps_free(d);
	free(paths);
	return rc;
}
