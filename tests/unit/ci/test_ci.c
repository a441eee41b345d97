/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/ci.h"
#include "lg/limits.h"

#define SHA_A "0123456789abcdef0123456789abcdef01234567"
#define SHA_B "89abcdef0123456789abcdef0123456789abcdef"
#define ZERO "0000000000000000000000000000000000000000"

static void expect_base(const char *json, const char *want, const char *why)
{
	char *base = NULL;
	const char *w = NULL;

	assert_int_equal(lg_ci_github_base(&base, &w, json, strlen(json)), 0);
	if (want)
		assert_string_equal(base, want);
	else
		assert_null(base);
	assert_string_equal(w, why);
	lg__free(base);
}

static void test_ci_github__events(void **state)
{
	(void)state;
	expect_base("{\"action\":\"synchronize\",\"pull_request\":{\"title\":\"x\","
		    "\"base\":{\"sha\":\"" SHA_A "\",\"ref\":\"main\"},"
		    "\"head\":{\"sha\":\"" SHA_B "\"}}}",
		    SHA_A, "pull_request.base.sha");
	expect_base("{\"merge_group\":{\"base_sha\":\"" SHA_B "\",\"head_sha\":\"" SHA_A "\"}}",
		    SHA_B, "merge_group.base_sha");
	expect_base("{\"before\":\"" SHA_A "\",\"after\":\"" SHA_B "\"}", SHA_A, "push before");
	expect_base("{\"before\":\"" ZERO "\",\"after\":\"" SHA_B "\"}", NULL,
		    "push of a new branch (before is all zeros)");
	expect_base("{\"schedule\":\"0 0 * * *\"}", NULL, "the event names no base");
}

/* The payload is attacker-influenced (PR text): a base that is not an
 * object id, or a document that is not JSON, is an error, never a rev. */
static void test_ci_github__hostile(void **state)
{
	static const char *const bad[] = {
		"{\"pull_request\":{\"base\":{\"sha\":\"HEAD~5\"}}}",
		"{\"pull_request\":{\"base\":{\"sha\":\"--output=/etc/passwd\"}}}",
		"{\"before\":\"" SHA_A "\",\"before\":\"" SHA_B "\"}",
		"[1]",
		"{\"before\":",
	};
	char *base = NULL;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(lg_ci_github_base(&base, &why, bad[i], strlen(bad[i])),
				 LG_EINVALID);
		assert_null(base);
	}
}

static void test_ci_github__cap(void **state)
{
	char *base = NULL;
	const char *why;

	(void)state;
	/* the length is checked before a byte is read */
	assert_int_equal(lg_ci_github_base(&base, &why, "{}", LG_MAX_CI_EVENT_BYTES + 1u),
			 LG_ETOOBIG);
	assert_null(base);
}

static void test_ci_null_sha(void **state)
{
	(void)state;
	assert_true(lg_ci_is_null_sha(ZERO));
	assert_true(lg_ci_is_null_sha(ZERO "000000000000000000000000"));
	assert_false(lg_ci_is_null_sha(ZERO ZERO));
	assert_false(lg_ci_is_null_sha(SHA_A));
	assert_false(lg_ci_is_null_sha("0000"));
	assert_false(lg_ci_is_null_sha(""));
	assert_false(lg_ci_is_null_sha(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ci_github__events),
		cmocka_unit_test(test_ci_github__hostile),
		cmocka_unit_test(test_ci_github__cap),
		cmocka_unit_test(test_ci_null_sha),
	};

	return cmocka_run_group_tests_name("ci", tests, NULL, NULL);
}
