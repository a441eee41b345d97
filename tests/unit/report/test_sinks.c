/* SPDX-License-Identifier: MIT */
/* The CI sinks against a result whose every string is hostile. */
#include <jansson.h>
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/report.h"
#include "lg/rules.h"
#include "sinks_tests.h"

#define EVIL_LOCK "reqs dir/requirements,1:x#.txt"
#define EVIL_PATH "pkg/setup.py\n::error file=x::y"
#define EVIL_MSG "payload %0A <script>alert(1)</script> | cell | \033[31mred **b** \r\n::warning::z"

/* lock_line moves the lock-file line (fingerprints must not move). */
static struct lg_result *evil_result(size_t lock_line)
{
	struct lg_result *r = NULL;
	struct lg_change c = {0};
	size_t idx;

	assert_int_equal(lg_result_new(&r), 0);
	c.lockfile = (char *)EVIL_LOCK;
	c.line = lock_line;
	c.name = (char *)"evil-pkg";
	c.new_version = (char *)"1.0\n::error::pwn";
	c.kind = LG_CHANGE_ADDED;
	assert_int_equal(lg_result_add_change(r, &c), 0);
	assert_int_equal(lg_result_add_artifact(r, &idx, "evil-pkg", "1.0\n::error::pwn",
						"evil\r\n::warning::x-1.0.tar.gz"), 0);
	r->artifacts[idx].verdict = LG_VERDICT_BLOCK;
	for (int k = 0; k < 2; k++) /* the same finding twice */
		assert_int_equal(lg_findings_add(&r->findings, "exec.decode-exec",
						 LG_SEV_CRITICAL, EVIL_PATH, 3, "%s", EVIL_MSG), 0);
	assert_int_equal(lg_findings_add(&r->findings, "obf.encoded-code", LG_SEV_MEDIUM,
					 EVIL_PATH, 9, "hidden \xff code"), 0);
	assert_int_equal(lg_findings_add(&r->findings, "install.pep517-backend",
					 LG_SEV_LOW, "pkg/pyproject.toml", 1, "backend"), 0);
	assert_int_equal(lg_findings_set_context(&r->findings, 0, "evil-pkg",
						 "1.0\n::error::pwn",
						 "evil\r\n::warning::x-1.0.tar.gz", EVIL_LOCK,
						 lock_line), 0);
	assert_int_equal(lg_result_add_error(r, "evil-pkg", "index said \n::error::fake"), 0);
	r->verdict = LG_VERDICT_BLOCK;
	return r;
}

static char *render(const char *sink, const struct lg_result *r,
		    const struct lg_report_options *o)
{
	struct lg_buf b = LG_BUF_INIT(1u << 22);
	const struct lg_report_sink *s = lg_report_sink_find(sink);

	assert_non_null(s);
	assert_int_equal(s->render(&b, r, o), 0);
	assert_null(memchr(b.ptr, '\033', b.len)); /* o->color is never set here */
	assert_int_equal(strlen(b.ptr), b.len);
	return lg_buf_detach(&b);
}

void test_report_escape__workflow(void **state)
{
	struct lg_buf b = LG_BUF_INIT(4096);

	(void)state;
	lg_escape_workflow(&b, "a%b\nc\r::d,e:f", false);
	assert_string_equal(b.ptr, "a%25b\\x0Ac\\x0D::d,e:f");
	lg_buf_reset(&b);
	lg_escape_workflow(&b, "a%b\nc,e:f", true);
	assert_string_equal(b.ptr, "a%25b\\x0Ac%2Ce%3Af");
	lg_buf_dispose(&b);
}

void test_report_escape__markdown(void **state)
{
	struct lg_buf b = LG_BUF_INIT(4096);

	(void)state;
	lg_escape_markdown(&b, "<b>|x|</b> [l](javascript:y) *e* `c` a-b.c/d, ok\n#");
	assert_string_equal(b.ptr,
			    "&#60;b&#62;&#124;x&#124;&#60;/b&#62; &#91;l&#93;&#40;javascript"
			    "&#58;y&#41; &#42;e&#42; &#96;c&#96; a-b.c/d, ok&#92;x0A&#35;");
	lg_buf_dispose(&b);
}

/* Every line is one of our commands or the verdict line: a package
 * string can neither start a command nor end one. */
void test_report_github__annotations(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_report_options o = {0};
	char *out = render("github", r, &o);
	size_t lines = 0;

	(void)state;
	for (char *line = out, *nl; *line; line = nl + 1, lines++) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_true(!strncmp(line, "::error ", 8) || !strncmp(line, "::warning ", 10) ||
			    !strncmp(line, "::notice ", 9) ||
			    !strncmp(line, "lockgate: verdict block", 23));
		assert_null(memchr(line, '\r', (size_t)(nl - line)));
	}
	assert_int_equal(lines, r->findings.n + r->nerrors + 1);
	assert_non_null(strstr(out, "::error file=reqs dir/requirements%2C1%3Ax#.txt,line=7,"
				    "title=exec.decode-exec (critical) in evil-pkg "
				    "1.0\\x0A%3A%3Aerror%3A%3Apwn::"));
	assert_non_null(strstr(out, "payload %250A <script>"));
	assert_non_null(strstr(out, "%0A(lockgate explain exec.decode-exec)\n"));
	assert_non_null(strstr(out, "::warning file="));  /* medium */
	assert_non_null(strstr(out, "::notice file="));   /* low */
	assert_non_null(strstr(out, "::error title=lockgate could not check evil-pkg::"));
	free(out);
	lg_result_free(r);
}

void test_report_github__policy_levels(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_policy p = {.fail_on = LG_SEV_LOW};
	struct lg_report_options o = {0};
	char *out;

	(void)state;
	o.policy = &p;
	out = render("github", r, &o);
	assert_null(strstr(out, "::warning "));
	assert_null(strstr(out, "::notice "));
	free(out);
	lg_result_free(r);
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &e);

	if (!v)
		fail_msg("not JSON: %s\n%s", e.text, text);
	return v;
}

static const char *jget(json_t *v, const char *k1, const char *k2)
{
	v = json_object_get(v, k1);
	if (k2)
		v = json_object_get(v, k2);
	return json_string_value(v);
}

void test_report_gitlab__codequality(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_report_options o = {0};
	char *out = render("gitlab", r, &o);
	json_t *arr = parse(out);

	(void)state;
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), r->findings.n + r->nerrors);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *it = json_array_get(arr, i);

		assert_non_null(jget(it, "description", NULL));
		assert_non_null(jget(it, "check_name", NULL));
		assert_int_equal(strlen(jget(it, "fingerprint", NULL)), 32);
		assert_non_null(jget(it, "severity", NULL));
		assert_string_equal(jget(it, "location", "path"), EVIL_LOCK);
		assert_int_equal(json_integer_value(json_object_get(
					 json_object_get(json_object_get(it, "location"), "lines"),
					 "begin")), 7);
	}
	assert_string_equal(jget(json_array_get(arr, 0), "severity", NULL), "blocker");
	assert_string_equal(jget(json_array_get(arr, 2), "severity", NULL), "major");
	assert_string_equal(jget(json_array_get(arr, 3), "severity", NULL), "minor");
	assert_string_equal(jget(json_array_get(arr, 4), "check_name", NULL),
			    "lockgate.incomplete");
	/* the twin finding is a separate issue */
	assert_string_not_equal(jget(json_array_get(arr, 0), "fingerprint", NULL),
				jget(json_array_get(arr, 1), "fingerprint", NULL));
	assert_non_null(strstr(jget(json_array_get(arr, 0), "description", NULL), "<script>"));
	json_decref(arr);
	free(out);
	lg_result_free(r);
}

/* Moving the entry in the lock file keeps every fingerprint. */
void test_report_fingerprint__stable(void **state)
{
	struct lg_result *a = evil_result(7), *b = evil_result(70);
	struct lg_report_options o = {0};
	char *ga = render("gitlab", a, &o), *gb = render("gitlab", b, &o);
	json_t *ja = parse(ga), *jb = parse(gb);

	(void)state;
	for (size_t i = 0; i < json_array_size(ja); i++)
		assert_string_equal(jget(json_array_get(ja, i), "fingerprint", NULL),
				    jget(json_array_get(jb, i), "fingerprint", NULL));
	json_decref(jb);
	free(gb);
	/* another rule (or member line) is another finding */
	b->findings.v[3].rule = "obf.packer";
	b->findings.v[2].line = 10;
	gb = render("gitlab", b, &o);
	jb = parse(gb);
	for (size_t i = 2; i < 4; i++)
		assert_string_not_equal(jget(json_array_get(ja, i), "fingerprint", NULL),
					jget(json_array_get(jb, i), "fingerprint", NULL));
	json_decref(ja);
	json_decref(jb);
	free(ga);
	free(gb);
	lg_result_free(a);
	lg_result_free(b);
}

void test_report_sarif__shape(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_report_options o = {0};
	char *out = render("sarif", r, &o);
	json_t *doc = parse(out), *run, *rules, *results, *res, *loc, *inv;

	(void)state;
	assert_string_equal(jget(doc, "version", NULL), "2.1.0");
	assert_string_equal(jget(doc, "$schema", NULL),
			    "https://json.schemastore.org/sarif-2.1.0.json");
	run = json_array_get(json_object_get(doc, "runs"), 0);
	assert_string_equal(jget(json_object_get(json_object_get(run, "tool"), "driver"),
				 "name", NULL), "lockgate");
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	assert_int_equal(json_array_size(rules), lg_rules_count());
	for (size_t i = 0; i < json_array_size(rules); i++) {
		json_t *ru = json_array_get(rules, i);

		assert_string_equal(jget(ru, "id", NULL), lg_rules_at(i)->id);
		assert_non_null(jget(ru, "shortDescription", "text"));
		assert_true(strlen(jget(ru, "fullDescription", "text")) <= 1024);
		assert_non_null(strstr(jget(ru, "help", "text"), "lockgate explain"));
		assert_non_null(jget(ru, "defaultConfiguration", "level"));
		assert_non_null(json_object_get(json_object_get(ru, "properties"),
						"security-severity"));
	}
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), r->findings.n);
	res = json_array_get(results, 0);
	assert_string_equal(jget(res, "ruleId", NULL), "exec.decode-exec");
	assert_string_equal(jget(json_array_get(rules, (size_t)json_integer_value(
								json_object_get(res, "ruleIndex"))),
				 "id", NULL),
			    "exec.decode-exec");
	assert_string_equal(jget(res, "level", NULL), "error");
	assert_string_equal(jget(json_array_get(results, 2), "level", NULL), "warning");
	assert_string_equal(jget(json_array_get(results, 3), "level", NULL), "note");
	assert_non_null(strstr(jget(res, "message", "text"), "<script>"));
	loc = json_array_get(json_object_get(res, "locations"), 0);
	assert_string_equal(jget(json_object_get(loc, "physicalLocation"), "artifactLocation",
				 "uri"),
			    "reqs%20dir/requirements%2C1%3Ax%23.txt");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(loc, "physicalLocation"), "region"),
				 "startLine")), 7);
	assert_string_equal(jget(json_array_get(json_object_get(loc, "logicalLocations"), 0),
				 "name", NULL), EVIL_PATH);
	assert_non_null(jget(res, "partialFingerprints", "primaryLocationLineHash"));
	assert_string_not_equal(
		jget(res, "partialFingerprints", "primaryLocationLineHash"),
		jget(json_array_get(results, 1), "partialFingerprints", "primaryLocationLineHash"));
	inv = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	assert_int_equal(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 1);
	json_decref(doc);
	free(out);
	lg_result_free(r);
}

void test_report_markdown__escaped(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_report_options o = {0};
	char *out = render("markdown", r, &o);

	(void)state;
	assert_non_null(strstr(out, "## lockgate: block"));
	assert_null(strstr(out, "<script"));
	assert_non_null(strstr(out, "&#60;script&#62;"));
	assert_non_null(strstr(out, "<details><summary>evil-pkg 1.0&#92;x0A&#58;&#58;error"));
	/* a finding row has exactly the table's five pipes */
	for (char *line = out, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		size_t pipes = 0;

		if (strncmp(line, "| critical", 10))
			continue;
		for (char *p = line; p < nl; p++)
			pipes += *p == '|';
		assert_int_equal(pipes, 5);
	}
	assert_non_null(strstr(out, "### Could not check"));
	free(out);
	lg_result_free(r);
}

void test_report_text__grouped_one_line(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_report_options o = {0};
	char *out = render("text", r, &o), *lock, *pkg, *fnd;
	struct lg_buf b = LG_BUF_INIT(1u << 20);

	(void)state;
	lock = strstr(out, "reqs dir/requirements,1:x#.txt\n");
	pkg = strstr(out, "  line 7  evil-pkg  added 1.0\\x0A::error::pwn\n");
	fnd = strstr(out, "CRITICAL exec.decode-exec pkg/setup.py\\x0A::error file=x::y:3: "
			  "payload %0A <script>");
	assert_non_null(lock);
	assert_non_null(pkg);
	assert_non_null(fnd);
	assert_true(lock < pkg && pkg < fnd);
	assert_non_null(strstr(fnd, "(lockgate explain exec.decode-exec)\n"));
	assert_non_null(strstr(out, "MEDIUM obf.encoded-code"));
	/* colour: only our own SGR codes, never the package's */
	o.color = true;
	assert_int_equal(lg_report_sink_find("text")->render(&b, r, &o), 0);
	assert_non_null(strstr(b.ptr, "\033[1;31mCRITICAL\033[0m"));
	assert_null(strstr(b.ptr, "\033[31mred"));
	lg_buf_dispose(&b);
	free(out);
	lg_result_free(r);
}

void test_report_sinks__all_listed(void **state)
{
	static const char *const names[] = {"github", "gitlab", "json",
					    "markdown", "sarif", "text"};

	(void)state;
	assert_int_equal(lg_report_sink_count(), LG_ARRAY_SIZE(names));
	for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++) {
		assert_string_equal(lg_report_sink_at(i)->name, names[i]);
		assert_non_null(lg_report_sink_at(i)->summary);
	}
	assert_null(lg_report_sink_find("yaml"));
}

/* A suppressed finding: shown with its reason by text, json, sarif
 * (suppressions, kind external) and github (a notice); gitlab omits it.
 * The reason is config text and is escaped like everything else. */
void test_report_suppressed__every_sink(void **state)
{
	struct lg_result *r = evil_result(7);
	struct lg_report_options o = {0};
	struct lg_finding moved = r->findings.v[2];
	json_t *j, *s, *res;
	char *out;

	(void)state;
	r->findings.v[2] = r->findings.v[3];
	r->findings.n--;
	moved.suppressed_by = lg__strdup("reviewed\n::error::forged %0A");
	moved.suppressed_at = lg__strdup(".lockgate.toml:4");
	assert_int_equal(lg_findings_take(&r->suppressed, &moved), 0);
	r->ndisabled = 2;

	out = render("json", r, &o);
	j = parse(out);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 3);
	s = json_array_get(json_object_get(j, "suppressed"), 0);
	assert_string_equal(jget(s, "rule", NULL), "obf.encoded-code");
	assert_string_equal(jget(s, "suppression", "reason"),
			    "reviewed\n::error::forged %0A");
	assert_string_equal(jget(s, "suppression", "origin"), ".lockgate.toml:4");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(j, "summary"), "suppressed")), 1);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(j, "summary"), "disabled")), 2);
	json_decref(j);
	free(out);

	out = render("sarif", r, &o);
	j = parse(out);
	res = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
	assert_int_equal(json_array_size(res), 4);
	s = json_array_get(json_object_get(json_array_get(res, 3), "suppressions"), 0);
	assert_string_equal(jget(s, "kind", NULL), "external");
	assert_string_equal(jget(s, "justification", NULL),
			    "reviewed\n::error::forged %0A");
	assert_null(json_object_get(json_array_get(res, 0), "suppressions"));
	json_decref(j);
	free(out);

	out = render("github", r, &o);
	assert_non_null(strstr(out, "::notice file="));
	assert_non_null(strstr(out, "obf.encoded-code (medium, suppressed)"));
	assert_non_null(strstr(out, "suppressed by .lockgate.toml:4: reviewed"));
	assert_null(strstr(out, "\n::error::forged"));
	free(out);

	out = render("gitlab", r, &o);
	j = parse(out);
	for (size_t i = 0; i < json_array_size(j); i++)
		assert_string_not_equal(jget(json_array_get(j, i), "check_name", NULL),
					"obf.encoded-code");
	json_decref(j);
	free(out);

	out = render("text", r, &o);
	assert_non_null(strstr(out, "suppressed by the configuration (1):"));
	assert_non_null(strstr(out, "reason (.lockgate.toml:4): reviewed"));
	assert_null(strstr(out, "\n::error::forged"));
	assert_non_null(strstr(out, "not counted: 1 suppressed, 2 of disabled rules"));
	free(out);
	lg_result_free(r);
}
