/* SPDX-License-Identifier: MIT */
#include "lg_test.h"
#include "lg/buf.h"
#include "lg/policy.h"
#include "lg/rules.h"

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


static void parse(struct lg_config *cfg, const char *text)
{
	if (lg_config_parse(cfg, text, strlen(text), ".lockgate.toml", false) < 0)
		fail_msg("%s", lg_error_last()->message);
}

static void add(struct lg_result *r, const char *rule, enum lg_severity sev,
		const char *pkg, const char *file)
{
	size_t from = r->findings.n;

	assert_int_equal(lg_findings_add(&r->findings, rule, sev, "setup.py", 3,
					 "m"), 0);
	assert_int_equal(lg_findings_set_context(&r->findings, from, pkg, "1.0",
						 file, "requirements.txt", 2), 0);
}

/* A result of two artifacts of demo-pkg 1.0 (an sdist and a wheel) and
 * one of other 1.0, with findings a user sees. */
static struct lg_result *demo_result(void)
{
	struct lg_result *r = NULL;
	size_t i;

	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_result_add_artifact(r, &i, "demo-pkg", "1.0",
						"demo_pkg-1.0.tar.gz"), 0);
	r->artifacts[i].sha256 = lg__strdup(
		"1111111111111111111111111111111111111111111111111111111111111111");
	assert_int_equal(lg_result_add_artifact(r, &i, "demo-pkg", "1.0",
						"demo_pkg-1.0-py3-none-any.whl"), 0);
	r->artifacts[i].sha256 = lg__strdup(
		"2222222222222222222222222222222222222222222222222222222222222222");
	assert_int_equal(lg_result_add_artifact(r, &i, "other", "1.0",
						"other-1.0.tar.gz"), 0);
	add(r, "install.cmdclass-override", LG_SEV_HIGH, "demo-pkg",
	    "demo_pkg-1.0.tar.gz");
	add(r, "install.cmdclass-override", LG_SEV_HIGH, "demo-pkg",
	    "demo_pkg-1.0-py3-none-any.whl");
	add(r, "obf.encoded-code", LG_SEV_HIGH, "other", "other-1.0.tar.gz");
	add(r, "hash.mismatch", LG_SEV_CRITICAL, "other", "other-1.0.tar.gz");
	return r;
}

static size_t count_rule(const struct lg_findings *f, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += strcmp(f->v[i].rule, rule) == 0;
	return n;
}

static void test_policy_config__validate(void **state)
{
	static const struct {
		const char *text, *msg; /* msg NULL: valid */
	} cases[] = {
		{"[rules]\ndisable = [\"obf.*\", \"lock.unhashed\"]\n", NULL},
		{"[rules]\n\"net.webhook\" = \"low\"\n",
		 ".lockgate.toml:2: unknown rule 'net.webhook'"},
		{"[rules]\ndisable = [\"nope.*\"]\n", ".lockgate.toml:2: 'nope.*' names no rule"},
		{"[rules]\ndisable = [\"hash.mismatch\"]\n",
		 "rule 'hash.mismatch' cannot be disabled"},
		{"[rules]\ndisable = [\"hash.*\"]\n", NULL}, /* skips it */
		{"[rules]\n\"hash.mismatch\" = \"low\"\n", "cannot be re-graded"},
		{"\n[[suppress]]\nrule = \"hash.mismatch\"\npackage = \"p\"\nversion = \"1\"\nreason = \"r\"\n",
		 ".lockgate.toml:2: rule 'hash.mismatch' cannot be suppressed"},
		{"[[suppress]]\nrule = \"no.such\"\npackage = \"p\"\nversion = \"1\"\nreason = \"r\"\n",
		 "unknown rule 'no.such'"},
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lg_config cfg = LG_CONFIG_INIT;
		int error;

		parse(&cfg, cases[i].text);
		error = lg_policy_validate(&cfg);
		if (!cases[i].msg && error)
			fail_msg("case %zu: %s", i, lg_error_last()->message);
		if (cases[i].msg && (error != LG_EINVALID ||
				     !strstr(lg_error_last()->message, cases[i].msg)))
			fail_msg("case %zu: '%s' lacks '%s'", i,
				 error ? lg_error_last()->message : "(valid)",
				 cases[i].msg);
		lg_config_dispose(&cfg);
	}
	assert_true(lg_rules_flags("hash.mismatch") & LG_RULE_NO_OVERRIDE);
	/* Known malware blocks at any threshold: config cannot touch it. */
	assert_true(lg_rules_flags("mal.known") & LG_RULE_NO_OVERRIDE);
	assert_int_equal(lg_rules_flags("obf.packer"), 0);
}

/* Disabled rules disappear from the verdict (counted); re-graded ones
 * change it; hash.mismatch cannot be touched. */
static void test_policy_config__disable_and_regrade(void **state)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_policy p = LG_POLICY_INIT;
	struct lg_result *r = demo_result();

	(void)state;
	parse(&cfg, "[rules]\ndisable = [\"obf.*\", \"hash.*\"]\n"
		    "\"install.cmdclass-override\" = \"medium\"\n");
	assert_int_equal(lg_policy_validate(&cfg), 0);
	p.config = &cfg;
	assert_int_equal(lg_policy_apply(&p, r), 0);
	lg_policy_finish(&p, r);
	assert_int_equal(r->ndisabled, 1);
	assert_int_equal(count_rule(&r->findings, "obf.encoded-code"), 0);
	assert_int_equal(count_rule(&r->findings, "hash.mismatch"), 1);
	assert_int_equal(r->findings.v[0].severity, LG_SEV_MEDIUM);
	assert_int_equal(r->artifacts[0].verdict, LG_VERDICT_WARN);
	assert_int_equal(r->artifacts[2].verdict, LG_VERDICT_BLOCK); /* hash */
	lg_result_free(r);
	lg_config_dispose(&cfg);

	/* enable carves an exception out of a disabled prefix: the near miss. */
	r = demo_result();
	parse(&cfg, "[rules]\ndisable = [\"obf.*\"]\nenable = [\"obf.encoded-code\"]\n");
	assert_int_equal(lg_policy_apply(&p, r), 0);
	lg_policy_finish(&p, r);
	assert_int_equal(r->ndisabled, 0);
	assert_int_equal(count_rule(&r->findings, "obf.encoded-code"), 1);
	assert_int_equal(r->verdict, LG_VERDICT_BLOCK);
	lg_result_free(r);
	lg_config_dispose(&cfg);
}

/* lg_policy_apply under every allocation failure: LG_ENOMEM, no leak, no
 * finding lost twice. */
static void test_policy_config__oom_sweep(void **state)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_policy p = LG_POLICY_INIT;
	int error = LG_ENOMEM;

	(void)state;
	parse(&cfg, "[rules]\ndisable = [\"obf.*\"]\n"
		    "[[suppress]]\nrule = \"install.cmdclass-override\"\n"
		    "package = \"demo-pkg\"\nversion = \"1.0\"\nreason = \"r\"\n"
		    "[[suppress]]\nrule = \"obf.packer\"\npackage = \"other\"\n"
		    "version = \"1.0\"\nreason = \"r\"\nexpires = 2020-01-01\n");
	p.config = &cfg;
	p.now = 1801353600;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		struct lg_result *r = demo_result();

		lg_alloc_fail_after(n);
		error = lg_policy_apply(&p, r);
		lg_alloc_fail_after(-1);
		if (!error) {
			assert_int_equal(r->suppressed.n, 2);
			assert_int_equal(count_rule(&r->findings,
						    "config.suppression-expired"), 1);
		}
		lg_result_free(r);
	}
	assert_int_equal(error, 0);
	lg_config_dispose(&cfg);
}

static void test_policy_config__suppressions(void **state)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_policy p = LG_POLICY_INIT;
	struct lg_result *r = demo_result();

	(void)state;
	/* Bound to the sdist by sha256; the wheel's finding stays. */
	parse(&cfg, "[[suppress]]\nrule = \"install.cmdclass-override\"\n"
		    "package = \"Demo_Pkg\"\nversion = \"1.0\"\n"
		    "sha256 = \"1111111111111111111111111111111111111111111111111111111111111111\"\n"
		    "reason = \"reviewed the install command\"\n"
		    "expires = 2027-01-31\n");
	p.config = &cfg;
	p.now = 1801353600 - 86400; /* 2027-01-30 */
	assert_int_equal(lg_policy_apply(&p, r), 0);
	lg_policy_finish(&p, r);
	assert_int_equal(r->suppressed.n, 1);
	assert_string_equal(r->suppressed.v[0].file, "demo_pkg-1.0.tar.gz");
	assert_string_equal(r->suppressed.v[0].suppressed_by,
			    "reviewed the install command");
	assert_string_equal(r->suppressed.v[0].suppressed_at, ".lockgate.toml:1");
	assert_int_equal(r->artifacts[0].verdict, LG_VERDICT_PASS);
	assert_int_equal(r->artifacts[1].verdict, LG_VERDICT_BLOCK);
	assert_int_equal(count_rule(&r->findings, "config.suppression-expired"), 0);
	lg_result_free(r);

	/* The last day still suppresses; the day after, it is expired: the
	 * finding counts again and a low finding names the entry. */
	r = demo_result();
	p.now = 1801353600 + 86399;
	assert_int_equal(lg_policy_apply(&p, r), 0);
	assert_int_equal(r->suppressed.n, 1);
	lg_result_free(r);
	r = demo_result();
	p.now = 1801353600 + 86400;
	assert_int_equal(lg_policy_apply(&p, r), 0);
	lg_policy_finish(&p, r);
	assert_int_equal(r->suppressed.n, 0);
	assert_int_equal(r->artifacts[0].verdict, LG_VERDICT_BLOCK);
	assert_int_equal(count_rule(&r->findings, "config.suppression-expired"), 1);
	{
		const struct lg_finding *f = &r->findings.v[r->findings.n - 1];

		assert_int_equal(f->severity, LG_SEV_LOW);
		assert_string_equal(f->lockfile, ".lockgate.toml");
		assert_int_equal(f->lockfile_line, 1);
		assert_non_null(strstr(f->message, "2027-01-31"));
	}
	lg_result_free(r);
	lg_config_dispose(&cfg);

	/* Another version matches nothing: reported as unused (info) since
	 * the package was checked; an entry for an unchecked package is not. */
	r = demo_result();
	parse(&cfg, "[[suppress]]\nrule = \"install.cmdclass-override\"\n"
		    "package = \"demo-pkg\"\nversion = \"0.9\"\nreason = \"old\"\n"
		    "[[suppress]]\nrule = \"obf.packer\"\n"
		    "package = \"absent\"\nversion = \"1\"\nreason = \"r\"\n");
	assert_int_equal(lg_policy_apply(&p, r), 0);
	lg_policy_finish(&p, r);
	assert_int_equal(r->suppressed.n, 0);
	assert_int_equal(count_rule(&r->findings, "config.suppression-unused"), 1);
	assert_int_equal(r->verdict, LG_VERDICT_BLOCK);
	lg_result_free(r);
	lg_config_dispose(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy__artifact_verdicts),
		cmocka_unit_test(test_policy_config__validate),
		cmocka_unit_test(test_policy_config__disable_and_regrade),
		cmocka_unit_test(test_policy_config__suppressions),
		cmocka_unit_test(test_policy_config__oom_sweep),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
