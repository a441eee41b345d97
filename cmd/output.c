/* SPDX-License-Identifier: MIT */
/* The only place that writes reports and errors: every --format to its
 * --output, and the GitHub job summary and step outputs. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "lg/errors.h"
#include "lg/rules.h"

/* GitHub drops a step summary over 1 MiB; ours stays below. */
#define LG_MAX_STEP_SUMMARY_BYTES (1000u * 1000u)

const char lg_format_help[] =
	"text|json|github|gitlab|sarif|markdown (repeatable)";

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
	fprintf(stderr, "lockgate: unknown format '%s' (", format);
	for (size_t i = 0; i < lg_report_sink_count(); i++)
		fprintf(stderr, "%s%s", i ? ", " : "", lg_report_sink_at(i)->name);
	fprintf(stderr, ")\n");
	return LG_EXIT_USAGE;
}

int lg_outputs_opt(void *target, const char *name, const char *value)
{
	struct lg_outputs *o = target;

	if (!strcmp(name, "format")) {
		if (o->n == LG_MAX_OUTPUTS) {
			fprintf(stderr, "lockgate: at most %d --format options\n",
				LG_MAX_OUTPUTS);
			return LG_EXIT_USAGE;
		}
		o->v[o->n].format = value;
		o->v[o->n++].path = NULL;
		return 0;
	}
	if (!o->n && !o->early) {
		o->early = value;
		return 0;
	}
	if (!o->n || o->v[o->n - 1].path) {
		fprintf(stderr, "lockgate: --output '%s' has no --format of its own "
				"(write --format FMT --output FILE per report)\n", value);
		return LG_EXIT_USAGE;
	}
	o->v[o->n - 1].path = value;
	return 0;
}

int lg_outputs_finish(struct lg_outputs *o)
{
	size_t to_stdout = 0;
	int rc;

	if (!o->n) {
		o->v[0].format = "text";
		o->v[0].path = NULL;
		o->n = 1;
	}
	if (o->early) {
		if (o->v[0].path) {
			fprintf(stderr, "lockgate: two --output options for --format %s\n",
				o->v[0].format);
			return LG_EXIT_USAGE;
		}
		o->v[0].path = o->early;
		o->early = NULL;
	}
	for (size_t i = 0; i < o->n; i++) {
		if ((rc = lg_cmd_check_format(o->v[i].format)) != 0)
			return rc;
		to_stdout += !o->v[i].path || !strcmp(o->v[i].path, "-");
		for (size_t j = 0; j < i; j++)
			if (o->v[i].path && o->v[j].path && strcmp(o->v[i].path, "-") &&
			    !strcmp(o->v[i].path, o->v[j].path)) {
				fprintf(stderr, "lockgate: two reports would go to '%s'\n",
					o->v[i].path);
				return LG_EXIT_USAGE;
			}
	}
	if (to_stdout > 1) {
		fprintf(stderr, "lockgate: only one --format can go to standard output; "
				"give the others an --output FILE\n");
		return LG_EXIT_USAGE;
	}
	return 0;
}

static bool want_color(FILE *f)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	return isatty(fileno(f)) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

static int write_all(FILE *f, const struct lg_buf *b)
{
	return fwrite(b->ptr, 1, b->len, f) == b->len && fflush(f) == 0 ? 0 : -1;
}

static int emit_one(const struct lg_result *r, const struct lg_output *o,
		    const struct lg_report_options *ro_in)
{
	const struct lg_report_sink *sink = lg_report_sink_find(o->format);
	struct lg_buf b = LG_BUF_INIT(SIZE_MAX / 2);
	struct lg_report_options ro = *ro_in;
	bool to_file = o->path && strcmp(o->path, "-");
	FILE *f = stdout;
	int code = 0;

	if (to_file && !(f = fopen(o->path, "w"))) {
		fprintf(stderr, "lockgate: error: cannot write '%s'\n", o->path);
		return LG_EXIT_INCOMPLETE;
	}
	ro.color = want_color(f);
	if (sink->render(&b, r, &ro) < 0) {
		code = lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
	} else if (write_all(f, &b) < 0) {
		fprintf(stderr, "lockgate: error: cannot write the %s report\n", o->format);
		code = LG_EXIT_INCOMPLETE;
	}
	if (to_file && fclose(f) != 0 && !code)
		code = LG_EXIT_INCOMPLETE;
	lg_buf_dispose(&b);
	return code;
}

static int append_file(const char *path, const struct lg_buf *b, const char *what)
{
	FILE *f = fopen(path, "a");
	int error = 0;

	if (!f || write_all(f, b) < 0)
		error = -1;
	if (f && fclose(f) != 0)
		error = -1;
	if (error)
		fprintf(stderr, "lockgate: error: cannot append the %s to '%s'\n", what, path);
	return error ? LG_EXIT_INCOMPLETE : 0;
}

/* The Markdown report; past GitHub's limit only its heading and counts,
 * with a note saying so. */
static int step_summary(const char *path, const struct lg_result *r,
			const struct lg_report_options *ro)
{
	struct lg_buf b = LG_BUF_INIT(SIZE_MAX / 2);
	int code = 0;

	if (lg_report_sink_find("markdown")->render(&b, r, ro) < 0) {
		code = lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
		goto done;
	}
	if (b.len > LG_MAX_STEP_SUMMARY_BYTES) {
		char *counts_end = strstr(b.ptr, "**\n\n");

		b.len = counts_end ? (size_t)(counts_end - b.ptr) + 4 : 0;
		b.ptr[b.len] = '\0';
		lg_buf_puts(&b, "The full report does not fit GitHub's 1 MiB job summary; "
				"see the SARIF or JSON report of this step.\n");
	}
	lg_buf_putc(&b, '\n');
	code = append_file(path, &b, "job summary");
done:
	lg_buf_dispose(&b);
	return code;
}

/* A delimiter no value can contain: random, checked against the value. */
static int random_delimiter(char out[64])
{
	unsigned char raw[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, raw, sizeof(raw)) == (ssize_t)sizeof(raw);

	if (fd >= 0)
		close(fd);
	if (!ok)
		return -1;
	memcpy(out, "lockgate_EOF_", 13);
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(out + 13 + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

static void put_output(struct lg_buf *b, const char *delim, const char *name,
		       const char *value)
{
	lg_buf_printf(b, "%s<<%s\n%s\n%s\n", name, delim, value, delim);
}

static int step_outputs(const char *path, const struct lg_result *r, int code)
{
	struct lg_buf b = LG_BUF_INIT(SIZE_MAX / 2), list = LG_BUF_INIT(SIZE_MAX / 2);
	size_t blocked = 0;
	char delim[64], num[32];
	int rc;

	if (random_delimiter(delim) < 0) {
		fprintf(stderr, "lockgate: error: no randomness for $GITHUB_OUTPUT\n");
		return LG_EXIT_INCOMPLETE;
	}
	for (size_t i = 0; i < r->nartifacts; i++) {
		const struct lg_artifact *a = &r->artifacts[i];

		if (a->verdict != LG_VERDICT_BLOCK)
			continue;
		blocked++;
		if (list.len)
			lg_buf_putc(&list, '\n');
		lg_escape_terminal(&list, a->package ? a->package : a->file);
		lg_buf_putc(&list, ' ');
		lg_escape_terminal(&list, a->version ? a->version : "-");
	}
	put_output(&b, delim, "verdict", lg_verdict_name(r->verdict));
#define LG_PUT_NUM(name, v)                                                  \
	do {                                                                 \
		snprintf(num, sizeof(num), "%zu", (size_t)(v));              \
		put_output(&b, delim, name, num);                            \
	} while (0)
	LG_PUT_NUM("exit-code", code);
	LG_PUT_NUM("changes", r->nchanges);
	LG_PUT_NUM("artifacts", r->nartifacts);
	LG_PUT_NUM("blocked", blocked);
	LG_PUT_NUM("findings", r->findings.n);
	LG_PUT_NUM("errors", r->nerrors);
#undef LG_PUT_NUM
	put_output(&b, delim, "blocked-packages", list.ptr);
	/* A value holding the delimiter would end it early: never write that. */
	if (list.err || b.err || strstr(list.ptr, delim)) {
		fprintf(stderr, "lockgate: error: cannot build $GITHUB_OUTPUT\n");
		rc = LG_EXIT_INCOMPLETE;
	} else {
		rc = append_file(path, &b, "step outputs");
	}
	lg_buf_dispose(&b);
	lg_buf_dispose(&list);
	return rc;
}

static int github_extras(const struct lg_result *r, const struct lg_report_options *ro,
			 int code)
{
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	const char *outputs = getenv("GITHUB_OUTPUT");
	int rc = 0, e;

	if (summary && *summary && (e = step_summary(summary, r, ro)) != 0)
		rc = e;
	if (outputs && *outputs && (e = step_outputs(outputs, r, code)) != 0)
		rc = e;
	return rc;
}

int lg_cmd_emit(const struct lg_result *r, const struct lg_outputs *outs,
		const struct lg_report_options *ro, int code)
{
	bool github = false;
	int rc = 0, e;

	for (size_t i = 0; i < outs->n; i++) {
		if ((e = emit_one(r, &outs->v[i], ro)) != 0)
			rc = e;
		github |= !strcmp(outs->v[i].format, "github");
	}
	if (github && (e = github_extras(r, ro, code)) != 0)
		rc = e;
	return rc;
}

int lg_cmd_emit_failure(const struct lg_outputs *outs,
			const struct lg_report_options *ro, const char *msg)
{
	struct lg_result *r = NULL;

	lg_cmd_fail(LG_EXIT_INCOMPLETE, msg);
	if (lg_result_new(&r) < 0 || lg_result_add_error(r, NULL, "%s", msg) < 0) {
		lg_result_free(r);
		return LG_EXIT_INCOMPLETE;
	}
	r->verdict = LG_VERDICT_INCOMPLETE;
	lg_cmd_emit(r, outs, ro, LG_EXIT_INCOMPLETE);
	lg_result_free(r);
	return LG_EXIT_INCOMPLETE;
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

int lg_policy_args_apply(struct lg_policy *p, const struct lg_policy_args *a)
{
	*p = (struct lg_policy)LG_POLICY_INIT;
	if (a->fail_on && lg_severity_parse(&p->fail_on, a->fail_on) < 0) {
		fprintf(stderr, "lockgate: --fail-on: unknown severity '%s' "
				"(info, low, medium, high, critical)\n", a->fail_on);
		return LG_EXIT_USAGE;
	}
	return 0;
}

int lg_policy_args_exit(const struct lg_policy_args *a, int code,
			const struct lg_result *r, const struct lg_policy *p)
{
	if (!a->warn_only || code != LG_EXIT_BLOCK)
		return code;
	for (size_t i = 0; r && i < r->findings.n; i++)
		if (r->findings.v[i].severity >= p->fail_on &&
		    (lg_rules_flags(r->findings.v[i].rule) & LG_RULE_NO_OVERRIDE))
			return LG_EXIT_BLOCK;
	return LG_EXIT_PASS;
}

const char *lg_cmd_env(const char *name, void *payload)
{
	(void)payload;
	return getenv(name);
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
