/* SPDX-License-Identifier: MIT */
/* The engine's release-metadata glue (core/engine/release.c): upload
 * times, grouping a Simple API page into releases, which files count as
 * the locked ones, exemptions by canonical name. */
#include "lg_test.h"
#include "lg/engine.h"
#include "lg/index.h"
#include "lg/lockpolicy.h"
#include "../../../core/engine/engine_private.h"

#define NOW ((int64_t)1795824000) /* 2026-11-28T00:00:00Z */
#define H_OLD "1111111111111111111111111111111111111111111111111111111111111111"
#define H_NEW "2222222222222222222222222222222222222222222222222222222222222222"
#define H_WHL "3333333333333333333333333333333333333333333333333333333333333333"

static void test_engine__parse_time(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(lg_engine__parse_time(&t, "2026-11-28T00:00:00Z"), 0);
	assert_int_equal(t, NOW);
	assert_int_equal(lg_engine__parse_time(&t, "2026-11-28T00:00:00.123456Z"), 0);
	assert_int_equal(t, NOW);
	assert_int_equal(lg_engine__parse_time(&t, "2026-11-28T01:00:00+01:00"), 0);
	assert_int_equal(t, NOW);
	assert_int_equal(lg_engine__parse_time(&t, "2026-11-28T00:00:00"), 0);
	assert_int_equal(t, NOW);
	assert_int_equal(lg_engine__parse_time(&t, "2023-11-14T22:13:20Z"), 0);
	assert_int_equal(t, 1700000000);
	assert_int_equal(lg_engine__parse_time(&t, NULL), LG_EINVALID);
	assert_int_equal(t, -1);
	assert_int_equal(lg_engine__parse_time(&t, "2026-13-28T00:00:00Z"), LG_EINVALID);
	assert_int_equal(lg_engine__parse_time(&t, "2026-11-28T00:00:00 UTC"), LG_EINVALID);
	assert_int_equal(lg_engine__parse_time(&t, "yesterday"), LG_EINVALID);
}

static struct lg_index_file file(const char *name, const char *type,
				 const char *sha, const char *time)
{
	struct lg_index_file f = {0};

	f.filename = (char *)name;
	f.packagetype = (char *)type;
	f.sha256 = (char *)sha;
	f.upload_time = (char *)time;
	f.size = -1;
	return f;
}

static size_t count(const struct lg_result *r, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < r->findings.n; i++)
		n += strcmp(r->findings.v[i].rule, rule) == 0;
	return n;
}

static void run_checks(struct lg_result **r, bool *no_times,
		       const struct lg_engine_options *o, const struct lg_pkg *pkg,
		       struct lg_index_file *files, size_t n, bool whole)
{
	struct lg_release page = {NULL, NULL, files, n};
	struct lg_engine_ctx ctx = {pkg->name, pkg->version, "requirements.txt",
				    7, false};

	assert_int_equal(lg_result_new(r), 0);
	assert_int_equal(lg_engine__release_checks(*r, no_times, o, pkg, &page,
						   whole, &ctx), 0);
}

static void test_engine__release_checks(void **state)
{
	static char h_new[] = "sha256:" H_NEW;
	static char *hashes[] = {h_new};
	static const char *const exempt[] = {"Demo_Pkg"};
	struct lg_index_file page[] = {
		file("demo_pkg-1.0.tar.gz", "sdist", H_OLD, "2026-10-01T00:00:00Z"),
		/* the wheel of 1.1 the lock does not pin: uploaded just now */
		file("demo_pkg-1.1-py3-none-any.whl", "bdist_wheel", H_WHL,
		     "2026-11-27T23:30:00Z"),
		file("demo_pkg-1.1.tar.gz", "sdist", H_NEW, "2026-11-20T00:00:00Z"),
		file("other-2.0.tar.gz", "sdist", H_OLD, "2020-01-01T00:00:00Z"),
	};
	struct lg_pkg pkg = {0};
	struct lg_engine_options o = {0};
	struct lg_result *r = NULL;
	bool no_times;

	(void)state;
	pkg.name = (char *)"demo-pkg";
	pkg.version = (char *)"1.1";
	pkg.hashes = hashes;
	pkg.nhashes = 1;
	o.now = NOW;
	o.cooldown_days = 2;
	o.dormant_days = 180;
	/* only the pinned sdist counts: 8 days old, no cooldown; 1.0 came
	 * before: not the first; 50 days: not dormant */
	run_checks(&r, &no_times, &o, &pkg, page, LG_ARRAY_SIZE(page), true);
	assert_false(no_times);
	assert_int_equal(r->findings.n, 0);
	lg_result_free(r);
	/* a longer cooldown holds it, on the lock-file line */
	o.cooldown_days = 10;
	run_checks(&r, &no_times, &o, &pkg, page, LG_ARRAY_SIZE(page), true);
	assert_int_equal(count(r, LG_RULE_RELEASE_COOLDOWN), 1);
	assert_int_equal(r->findings.v[0].lockfile_line, 7);
	assert_string_equal(r->findings.v[0].package, "demo-pkg");
	lg_result_free(r);
	/* exempt by another spelling of the name */
	o.cooldown_exempt = exempt;
	o.ncooldown_exempt = 1;
	run_checks(&r, &no_times, &o, &pkg, page, LG_ARRAY_SIZE(page), true);
	assert_int_equal(r->findings.n, 0);
	lg_result_free(r);
	o.ncooldown_exempt = 0;
	/* a JSON API release document: no history, so never "first" */
	run_checks(&r, &no_times, &o, &pkg, page + 1, 2, false);
	assert_int_equal(count(r, LG_RULE_RELEASE_FIRST), 0);
	assert_int_equal(count(r, LG_RULE_RELEASE_COOLDOWN), 1);
	lg_result_free(r);
	/* the same files as a whole page: 1.1 is the first release */
	run_checks(&r, &no_times, &o, &pkg, page + 1, 2, true);
	assert_int_equal(count(r, LG_RULE_RELEASE_FIRST), 1);
	lg_result_free(r);
	/* no times at all (an HTML page): nothing, and no_times */
	for (size_t i = 0; i < LG_ARRAY_SIZE(page); i++)
		page[i].upload_time = NULL;
	run_checks(&r, &no_times, &o, &pkg, page, LG_ARRAY_SIZE(page), true);
	assert_true(no_times);
	assert_int_equal(r->findings.n, 0);
	lg_result_free(r);
	/* now == 0: the checks are off */
	o.now = 0;
	run_checks(&r, &no_times, &o, &pkg, page, LG_ARRAY_SIZE(page), true);
	assert_false(no_times);
	lg_result_free(r);
}

static void test_engine__release_checks_oom(void **state)
{
	static char h_new[] = "sha256:" H_NEW;
	static char *hashes[] = {h_new};
	struct lg_index_file page[] = {
		file("demo_pkg-1.0.tar.gz", "sdist", H_OLD, "2025-01-01T00:00:00Z"),
		file("demo_pkg-1.1.tar.gz", "sdist", H_NEW, "2026-11-27T23:00:00Z"),
	};
	struct lg_release rel = {NULL, NULL, page, 2};
	struct lg_pkg pkg = {0};
	struct lg_engine_options o = {0};
	struct lg_engine_ctx ctx = {"demo-pkg", "1.1", "r.txt", 1, false};
	int error = LG_ENOMEM;
	bool nt;

	(void)state;
	pkg.name = (char *)"demo-pkg";
	pkg.version = (char *)"1.1";
	pkg.hashes = hashes;
	pkg.nhashes = 1;
	o.now = NOW;
	o.cooldown_days = 2;
	o.dormant_days = 180;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		struct lg_result *r = NULL;

		if (lg_result_new(&r) < 0)
			continue;
		lg_alloc_fail_after(n);
		error = lg_engine__release_checks(r, &nt, &o, &pkg, &rel, true, &ctx);
		lg_alloc_fail_after(-1);
		if (!error) {
			assert_int_equal(count(r, LG_RULE_RELEASE_COOLDOWN), 1);
			assert_int_equal(count(r, LG_RULE_RELEASE_DORMANT), 1);
		}
		lg_result_free(r);
	}
	assert_int_equal(error, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine__parse_time),
		cmocka_unit_test(test_engine__release_checks),
		cmocka_unit_test(test_engine__release_checks_oom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
