/* SPDX-License-Identifier: MIT */
/* core/util: credentials never reach a message. */
#include <stdio.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/model.h"

static void check_mask(const char *in, const char *want, size_t cap)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", in);
	lg__mask_credentials(buf, cap);
	assert_string_equal(buf, want);
}

static void test_util_mask__urls(void **state)
{
	(void)state;
	check_mask("from https://alice:s3cret@idx.invalid/simple/x/",
		   "from https://***@idx.invalid/simple/x/", 256);
	/* a token as the user, a short user, two URLs in one message */
	check_mask("'git+https://ghp_tok3n@git.invalid/r@main' and http://a@h.invalid",
		   "'git+https://***@git.invalid/r@main' and http://***@h.invalid", 256);
	/* near misses: '@' after the host, no URL, already masked */
	check_mask("https://h.invalid/a@b x@y.invalid", "https://h.invalid/a@b x@y.invalid", 256);
	check_mask("https://***@h.invalid/", "https://***@h.invalid/", 256);
	/* a full buffer is cut, never overrun */
	check_mask("s://a@hhhh", "s://***@h", 10);
}

/* Findings and run errors mask what their formats put in. */
static void test_util_mask__findings(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_result *r = NULL;

	(void)state;
	assert_int_equal(lg_findings_add(&f, "policy.insecure-url", LG_SEV_HIGH,
					 NULL, 0, "index %s is http",
					 "http://u:pw@idx.invalid/simple"), 0);
	assert_null(strstr(f.v[0].message, "pw@"));
	assert_non_null(strstr(f.v[0].message, "http://***@idx.invalid"));
	lg_findings_dispose(&f);
	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_result_add_error(r, "x", "GET %s failed",
					     "https://u:pw@idx.invalid/"), 0);
	assert_null(strstr(r->errors[0].message, "pw@"));
	lg_result_free(r);
}

/* An error message may quote the previous one. */
static void test_util_error__wraps_last(void **state)
{
	(void)state;
	lg_error_set(LG_ERRCLASS_OS, "cannot open 'x': No such file or directory");
	lg_error_set(LG_ERRCLASS_OS, "cannot read the bundle 'x': %s",
		     lg_error_last()->message);
	assert_string_equal(lg_error_last()->message,
			    "cannot read the bundle 'x': cannot open 'x': No such "
			    "file or directory");
	lg_error_clear();
}

/* RFC 3339: offsets and no-zone (PyPI) for index times; Z only for
 * Sigstore windows. */
static void test_util_time__rfc3339(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(lg_time_parse(&t, "2026-11-28T00:00:00Z", true), 0);
	assert_int_equal(t, 1795824000);
	assert_int_equal(lg_time_parse(&t, "2026-11-28T01:00:00.5+01:00", false), 0);
	assert_int_equal(t, 1795824000);
	assert_int_equal(lg_time_parse(&t, "2026-11-28 00:00:00", false), 0);
	assert_int_equal(t, 1795824000);
	assert_int_equal(lg_time_parse(&t, "2026-11-28T01:00:00+01:00", true), LG_EINVALID);
	assert_int_equal(lg_time_parse(&t, "2026-13-28T00:00:00Z", false), LG_EINVALID);
	assert_int_equal(t, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util_mask__urls),
		cmocka_unit_test(test_util_mask__findings),
		cmocka_unit_test(test_util_error__wraps_last),
		cmocka_unit_test(test_util_time__rfc3339),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
