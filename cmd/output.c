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

char *lg_cmd_default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *p = NULL;

	if (xdg && *xdg)
		return asprintf(&p, "%s/lockgate", xdg) < 0 ? NULL : p;
	if (home && *home)
		return asprintf(&p, "%s/.cache/lockgate", home) < 0 ? NULL : p;
	return NULL;
}

int lg_cmd_parse_size(uint64_t *out, const char *s, uint64_t max)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;

	if (!s || *s < '0' || *s > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p == 'k' || *p == 'K')
		mul = 1024, p++;
	else if (*p == 'm' || *p == 'M')
		mul = 1024 * 1024, p++;
	else if (*p == 'g' || *p == 'G')
		mul = 1024 * 1024 * 1024, p++;
	if (*p || (v && mul > max / v) || v * mul > max)
		return -1;
	*out = v * mul;
	return 0;
}
