/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/lockfile.h"
#include "lg/report.h"

static void test_report_escape__terminal(void **state)
{
	struct lg_buf b = LG_BUF_INIT(4096);

	(void)state;
	lg_escape_terminal(&b, "ok \033]0;pwn\007 \x9b bad\xff \xe2\x80\xae rtl \\ caf\xc3\xa9");
	assert_string_equal(b.ptr, "ok \\x1B]0;pwn\\x07 \\x9B bad\\xFF \\u{202E} rtl "
				   "\\\\ caf\xc3\xa9");
	lg_buf_dispose(&b);
}

static void test_report_escape__utf8(void **state)
{
	struct lg_buf b = LG_BUF_INIT(4096);

	(void)state;
	lg_utf8_sanitize(&b, "a\xff" "b\xed\xa0\x80" "c\xc3\xa9");
	assert_string_equal(b.ptr, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				   "c\xc3\xa9");
	lg_buf_dispose(&b);
}

/* A result whose strings come from a hostile package. */
static struct lg_result *hostile_result(void)
{
	struct lg_result *r = NULL;
	struct lg_change c = {0};
	size_t idx;

	assert_int_equal(lg_result_new(&r), 0);
	c.lockfile = (char *)"requirements.txt";
	c.line = 3;
	c.name = (char *)"demo-pkg";
	c.new_version = (char *)"1.0";
	c.kind = LG_CHANGE_ADDED;
	assert_int_equal(lg_result_add_change(r, &c), 0);
	assert_int_equal(lg_result_add_artifact(r, &idx, "demo-pkg", "1.0",
						"demo\033[2J.tar.gz"), 0);
	r->artifacts[idx].verdict = LG_VERDICT_BLOCK;
	assert_int_equal(lg_findings_add(&r->findings, "exec.decode-exec",
					 LG_SEV_CRITICAL, "x/setup.py\n::error::x", 12,
					 "exec of \"%s\"", "\xff\x01"), 0);
	assert_int_equal(lg_findings_set_context(&r->findings, 0, "demo-pkg", "1.0",
						 "demo\033[2J.tar.gz",
						 "requirements.txt", 3), 0);
	r->verdict = LG_VERDICT_BLOCK;
	return r;
}

static void test_report_text__escapes_everything(void **state)
{
	struct lg_result *r = hostile_result();
	struct lg_buf b = LG_BUF_INIT(1u << 20);
	struct lg_report_options o = {false, "title", NULL, NULL, NULL};

	(void)state;
	assert_int_equal(lg_report_sink_find("text")->render(&b, r, &o), 0);
	assert_null(memchr(b.ptr, '\033', b.len));
	assert_null(strstr(b.ptr, "\n::error"));
	assert_non_null(strstr(b.ptr, "CRITICAL exec.decode-exec"));
	assert_non_null(strstr(b.ptr, "verdict: block"));
	lg_buf_dispose(&b);
	lg_result_free(r);
}

static void test_report_json__valid_utf8_and_shape(void **state)
{
	struct lg_result *r = hostile_result();
	struct lg_buf b = LG_BUF_INIT(1u << 20);
	struct lg_report_options o = {false, NULL, NULL, "HEAD~1", "HEAD"};

	(void)state;
	assert_int_equal(lg_report_sink_find("json")->render(&b, r, &o), 0);
	assert_non_null(strstr(b.ptr, "\"schema\": 1"));
	assert_non_null(strstr(b.ptr, "\"verdict\": \"block\""));
	assert_non_null(strstr(b.ptr, "\"old\": null"));
	assert_non_null(strstr(b.ptr, "\"lockfile_line\": 3"));
	assert_non_null(strstr(b.ptr, "\\uFFFD"));  /* invalid byte replaced */
	assert_non_null(strstr(b.ptr, "\\u001B")); /* ESC escaped by JSON */
	assert_null(memchr(b.ptr, '\033', b.len));
	assert_non_null(strstr(b.ptr, "\"fingerprint\": \""));
	assert_non_null(strstr(b.ptr, "\"fail_on\": \"high\""));
	assert_non_null(strstr(b.ptr, "\"revisions\": {"));
	assert_non_null(strstr(b.ptr, "\"blocked\": 1"));
	lg_buf_dispose(&b);
	lg_result_free(r);
}

#include "sinks_tests.h"

/* An index URL in a lock file may carry a password: deps shows the
 * index but never the credentials, in text or JSON. */
static void test_report_deps__masks_credentials(void **state)
{
	static const char req[] =
		"-i https://alice:s3cret@idx.invalid/simple\n"
		"demo @ https://tok3n@files.invalid/demo-1.0.tar.gz\n"
		"six==1.16.0\n";
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	const char *fmt = "requirements";
	struct lg_deps d = {&set, &fmt, 1};
	struct lg_buf b = LG_BUF_INIT(1 << 16);

	(void)state;
	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, req, sizeof(req) - 1,
							"requirements.txt", NULL), 0);
	assert_int_equal(lg_report_deps(&b, "text", &d), 0);
	assert_null(strstr(b.ptr, "s3cret"));
	assert_null(strstr(b.ptr, "tok3n"));
	assert_non_null(strstr(b.ptr, "https://***@idx.invalid/simple"));
	lg_buf_reset(&b);
	assert_int_equal(lg_report_deps(&b, "json", &d), 0);
	assert_null(strstr(b.ptr, "s3cret"));
	assert_null(strstr(b.ptr, "tok3n"));
	assert_non_null(strstr(b.ptr, "https://***@files.invalid/demo-1.0.tar.gz"));
	lg_buf_dispose(&b);
	lg_pkgset_free(set);
	lg_findings_dispose(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		LG_SINK_TESTS,
		cmocka_unit_test(test_report_escape__terminal),
		cmocka_unit_test(test_report_escape__utf8),
		cmocka_unit_test(test_report_text__escapes_everything),
		cmocka_unit_test(test_report_json__valid_utf8_and_shape),
		cmocka_unit_test(test_report_deps__masks_credentials),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
