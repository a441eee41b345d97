/* SPDX-License-Identifier: MIT */
/* Publisher pins: first use, same, changed, dropped; the file round-trips
 * sorted and reviewable. */
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/provenance.h"

int test_provenance_pins_group(void);

static char k_github[] = "GitHub", k_gitlab[] = "GitLab", repo[] = "pypa/sampleproject",
	   repo_case[] = "PyPA/SampleProject", repo_evil[] = "attacker/sampleproject",
	   wf[] = "release.yml", wf_evil[] = "evil.yml", empty[] = "", env[] = "pypi",
	   gl_file[] = ".gitlab-ci.yml";
static const struct lg_prov_publisher gh = {k_github, repo, wf, NULL, empty, NULL};

static struct lg_pins *parse(const char *json)
{
	struct lg_pins *p = NULL;

	if (lg_pins_parse(&p, json, strlen(json)) != 0)
		fail_msg("parse: %s", lg_error_last()->message);
	return p;
}

static enum lg_pin_verdict compare(const struct lg_pins *p, const char *project,
				   const struct lg_prov_publisher *seen, const char *why)
{
	struct lg_buf b = LG_BUF_INIT(4096);
	enum lg_pin_verdict v;

	assert_int_equal(lg_pins_compare(&v, &b, p, project, seen), 0);
	if (why && !strstr(b.ptr, why))
		fail_msg("'%s' lacks '%s'", b.ptr, why);
	lg_buf_dispose(&b);
	return v;
}

static void test_pins__first_use_then_same(void **state)
{
	struct lg_pins *p = parse("");
	struct lg_buf out = LG_BUF_INIT(1 << 20);

	(void)state;
	assert_int_equal(compare(p, "sampleproject", NULL, NULL), LG_PIN_NONE);
	assert_int_equal(compare(p, "sampleproject", &gh, "pin on first use"), LG_PIN_NEW);
	assert_int_equal(lg_pins_set(p, "SampleProject", &gh, "4.0.0"), 0);
	assert_int_equal(compare(p, "sample_project", &gh, NULL), LG_PIN_NEW);
	assert_int_equal(compare(p, "sampleproject", &gh, NULL), LG_PIN_SAME);
	assert_int_equal(lg_pins_write(&out, p), 0);
	assert_string_equal(out.ptr,
			    "{\n  \"version\": 1,\n  \"publishers\": {\n    \"sampleproject\": {\n"
			    "      \"kind\": \"GitHub\",\n      \"repository\": \"pypa/sampleproject\",\n"
			    "      \"workflow\": \"release.yml\",\n      \"environment\": \"\",\n"
			    "      \"since\": \"4.0.0\"\n    }\n  }\n}\n");
	lg_pins_free(p);
	/* and back: the written file is read to the same pins */
	p = parse(out.ptr);
	assert_int_equal(p->n, 1);
	assert_int_equal(compare(p, "SAMPLEPROJECT", &gh, NULL), LG_PIN_SAME);
	lg_pins_free(p);
	lg_buf_dispose(&out);
}

/* A takeover: same project, another repository or workflow. A case change
 * of the repository is not one (forges and PyPI ignore case). */
static void test_pins__changed_and_dropped(void **state)
{
	struct lg_pins *p = parse("{\"version\":1,\"publishers\":{\"sampleproject\":"
				  "{\"kind\":\"GitHub\",\"repository\":\"pypa/sampleproject\","
				  "\"workflow\":\"release.yml\",\"environment\":null}}}");
	struct lg_prov_publisher other = gh, caseonly = gh, gitlab = {0};

	(void)state;
	other.repository = repo_evil;
	assert_int_equal(compare(p, "sampleproject", &other,
				 "repository 'pypa/sampleproject' -> 'attacker/sampleproject'"),
			 LG_PIN_CHANGED);
	other = gh;
	other.workflow = wf_evil;
	assert_int_equal(compare(p, "sampleproject", &other, "workflow 'release.yml' -> 'evil.yml'"),
			 LG_PIN_CHANGED);
	other = gh;
	other.environment = env;
	assert_int_equal(compare(p, "sampleproject", &other, "environment '' -> 'pypi'"),
			 LG_PIN_CHANGED);
	caseonly.repository = repo_case;
	assert_int_equal(compare(p, "sampleproject", &caseonly, NULL), LG_PIN_SAME);
	gitlab.kind = k_gitlab;
	gitlab.repository = repo;
	gitlab.workflow_filepath = gl_file;
	assert_int_equal(compare(p, "sampleproject", &gitlab, "kind 'GitHub' -> 'GitLab'"),
			 LG_PIN_CHANGED);
	assert_int_equal(compare(p, "sampleproject", NULL,
				 "provenance dropped: sampleproject was published by GitHub "
				 "pypa/sampleproject"), LG_PIN_DROPPED);
	/* re-pinning on a reviewed change replaces the pin */
	assert_int_equal(lg_pins_set(p, "sampleproject", &gitlab, "5.0.0"), 0);
	assert_int_equal(p->n, 1);
	assert_int_equal(compare(p, "sampleproject", &gitlab, NULL), LG_PIN_SAME);
	lg_pins_free(p);
}

static void test_pins__sorted_insert(void **state)
{
	struct lg_pins *p = parse("{\"version\":1,\"publishers\":{}}");
	static const char *const names[] = {"zeta", "Alpha", "mid_dle"};

	(void)state;
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(lg_pins_set(p, names[i], &gh, NULL), 0);
	assert_int_equal(p->n, 3);
	assert_string_equal(p->v[0].project, "alpha");
	assert_string_equal(p->v[1].project, "mid-dle");
	assert_string_equal(p->v[2].project, "zeta");
	lg_pins_free(p);
}

static void test_pins__invalid(void **state)
{
	static const char *const bad[] = {
		"{\"version\":2,\"publishers\":{}}",
		"{\"version\":1,\"publishers\":[]}",
		"{\"version\":1,\"publishers\":{\"a\":{\"repository\":\"x/y\"}}}",
		"{\"version\":1,\"publishers\":{\"A.b\":{\"kind\":\"GitHub\"},\"a-b\":{\"kind\":\"GitHub\"}}}",
		"{\"version\":1,\"version\":1}",
		"{\"version\":1,\"publishers\":{\"a\":{\"kind\":7}}}",
		"{\"version\":1,\"publishers\":{\"\":{\"kind\":\"GitHub\"}}}",
	};
	struct lg_pins *p = NULL;
	struct lg_buf big = LG_BUF_INIT(LG_MAX_PINS_BYTES + 2);

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (lg_pins_parse(&p, bad[i], strlen(bad[i])) != LG_EINVALID)
			fail_msg("accepted: %s", bad[i]);
		assert_null(p);
	}
	/* caps: the file size and one field's length */
	for (size_t i = 0; i <= LG_MAX_PINS_BYTES; i++)
		lg_buf_putc(&big, ' ');
	assert_int_equal(lg_pins_parse(&p, big.ptr, big.len), LG_ETOOBIG);
	lg_buf_reset(&big);
	lg_buf_puts(&big, "{\"version\":1,\"publishers\":{\"a\":{\"kind\":\"");
	for (size_t i = 0; i <= LG_MAX_PIN_FIELD; i++)
		lg_buf_putc(&big, 'k');
	lg_buf_puts(&big, "\"}}}");
	assert_int_equal(lg_pins_parse(&p, big.ptr, big.len), LG_ETOOBIG);
	lg_buf_dispose(&big);
}

int test_provenance_pins_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pins__first_use_then_same),
		cmocka_unit_test(test_pins__changed_and_dropped),
		cmocka_unit_test(test_pins__sorted_insert),
		cmocka_unit_test(test_pins__invalid),
	};

	return cmocka_run_group_tests_name("pins", tests, NULL, NULL);
}
