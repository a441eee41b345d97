/* SPDX-License-Identifier: MIT */
#include "lg_test.h"
#include "lg/policy.h"

static struct lg_result *result_with(enum lg_severity a_sev,
				     enum lg_severity b_sev, bool b_incomplete)
{
	struct lg_result *r = NULL;
	size_t ia, ib;

	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_result_add_artifact(r, &ia, "a", "1", "a-1.tar.gz"), 0);
	assert_int_equal(lg_result_add_artifact(r, &ib, "b", "1", "b-1.tar.gz"), 0);
	assert_int_equal(lg_findings_add(&r->findings, "x", a_sev, "p", 1, "m"), 0);
	assert_int_equal(lg_findings_set_context(&r->findings, 0, "a", "1",
						 "a-1.tar.gz", NULL, 0), 0);
	assert_int_equal(lg_findings_add(&r->findings, "y", b_sev, "p", 1, "m"), 0);
	assert_int_equal(lg_findings_set_context(&r->findings, 1, "b", "1",
						 "b-1.tar.gz", NULL, 0), 0);
	if (b_incomplete)
		r->artifacts[ib].verdict = LG_VERDICT_INCOMPLETE;
	return r;
}

static void test_policy__artifact_verdicts(void **state)
{
	struct lg_policy p = LG_POLICY_INIT;
	struct lg_result *r = result_with(LG_SEV_MEDIUM, LG_SEV_LOW, false);

	(void)state;
	lg_policy_finish(&p, r);
	assert_int_equal(r->artifacts[0].verdict, LG_VERDICT_WARN);
	assert_int_equal(r->artifacts[1].verdict, LG_VERDICT_PASS);
	assert_int_equal(r->verdict, LG_VERDICT_PASS); /* warn does not block */
	lg_result_free(r);

	r = result_with(LG_SEV_HIGH, LG_SEV_INFO, true);
	lg_policy_finish(&p, r);
	assert_int_equal(r->artifacts[0].verdict, LG_VERDICT_BLOCK);
	assert_int_equal(r->artifacts[1].verdict, LG_VERDICT_INCOMPLETE);
	assert_int_equal(r->verdict, LG_VERDICT_BLOCK); /* block wins */
	lg_result_free(r);

	r = result_with(LG_SEV_LOW, LG_SEV_LOW, true);
	lg_policy_finish(&p, r);
	assert_int_equal(r->verdict, LG_VERDICT_INCOMPLETE); /* never a pass */
	lg_result_free(r);

	p.fail_on = LG_SEV_CRITICAL;
	r = result_with(LG_SEV_HIGH, LG_SEV_LOW, false);
	lg_policy_finish(&p, r);
	assert_int_equal(r->artifacts[0].verdict, LG_VERDICT_WARN);
	assert_int_equal(r->verdict, LG_VERDICT_PASS);
	lg_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy__artifact_verdicts),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
