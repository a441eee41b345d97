/* SPDX-License-Identifier: MIT */
/* The only place that writes reports and errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lg/errors.h"

int lg_cmd_fail(int code, const char *msg)
{
	struct lg_buf b = LG_BUF_INIT(1u << 20);

	lg_escape_terminal(&b, msg);
	fprintf(stderr, "lockgate: error: %s\n", b.ptr);
	lg_buf_dispose(&b);
	return code;
}

int lg_cmd_check_format(const char *format)
{
	if (lg_report_sink_find(format))
		return 0;
	fprintf(stderr, "lockgate: unknown format '%s' (text, json)\n", format);
	return LG_EXIT_USAGE;
}

static bool want_color(FILE *f)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	return isatty(fileno(f)) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

int lg_cmd_emit(const struct lg_result *r, const char *format,
		const char *output, const char *title)
{
	const struct lg_report_sink *sink = lg_report_sink_find(format);
	struct lg_buf b = LG_BUF_INIT(SIZE_MAX / 2);
	struct lg_report_options ro = {false, title};
	FILE *f = stdout;
	int code = 0;

	if (output && !(f = fopen(output, "w"))) {
		fprintf(stderr, "lockgate: error: cannot write '%s'\n", output);
		return LG_EXIT_INCOMPLETE;
	}
	ro.color = want_color(f);
	if (sink->render(&b, r, &ro) < 0) {
		code = lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
	} else if (fwrite(b.ptr, 1, b.len, f) != b.len || fflush(f) != 0) {
		fprintf(stderr, "lockgate: error: cannot write the report\n");
		code = LG_EXIT_INCOMPLETE;
	}
	if (output && fclose(f) != 0 && !code)
		code = LG_EXIT_INCOMPLETE;
	lg_buf_dispose(&b);
	return code;
}

int lg_cmd_exit_for(const struct lg_result *r)
{
	static const int map[] = {
		[LG_VERDICT_PASS] = LG_EXIT_PASS,
		[LG_VERDICT_BLOCK] = LG_EXIT_BLOCK,
		[LG_VERDICT_INCOMPLETE] = LG_EXIT_INCOMPLETE,
		[LG_VERDICT_WARN] = LG_EXIT_PASS,
	};

	return map[r->verdict];
}
