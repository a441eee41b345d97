/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/lockfile.h"

#define H64A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define H64B "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"

static struct lg_pkgset *parse_ok(const char *text)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;

	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, text,
							strlen(text), "r.txt"),
			 0);
	lg_findings_dispose(&f);
	return set;
}

static int parse_err(const char *text, size_t len)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	int error = lg_lockfile_parse_requirements(&set, &f, text, len, "r.txt");

	assert_null(set);
	lg_findings_dispose(&f);
	return error;
}

static void test_lockfile_requirements__pin_hashes_continuation(void **state)
{
	struct lg_pkgset *set = parse_ok(
		"# header\n"
		"\n"
		"Demo_Pkg==1.0 \\\n"
		"    --hash=sha256:" H64B " \\\n"
		"    --hash sha256:" H64A "\n"
		"other==2.1 --hash=sha256:" H64A "\n");

	(void)state;
	assert_int_equal(set->npkgs, 2);
	assert_string_equal(set->pkgs[0].name, "demo-pkg");
	assert_string_equal(set->pkgs[0].version, "1.0");
	assert_int_equal(set->pkgs[0].line, 3);
	assert_int_equal(set->pkgs[0].nhashes, 2);
	/* lower-cased and sorted */
	assert_string_equal(set->pkgs[0].hashes[0], "sha256:" H64A);
	assert_string_equal(set->pkgs[0].hashes[1],
			    "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	assert_int_equal(set->pkgs[1].line, 6);
	lg_pkgset_free(set);
}

/* pip: a comment line ends a continuation; the hashes after it are lost. */
static void test_lockfile_requirements__comment_ends_continuation(void **state)
{
	struct lg_pkgset *set = parse_ok("amqp==5.3.1 \\\n"
					 "    --hash=sha256:" H64A " \\\n"
					 "    # via kombu\n"
					 "    --hash=sha256:" H64B "\n");

	(void)state;
	assert_int_equal(set->npkgs, 1);
	assert_int_equal(set->pkgs[0].nhashes, 1);
	lg_pkgset_free(set);
}

static void test_lockfile_requirements__unpinned_and_special(void **state)
{
	struct lg_pkgset *set = parse_ok(
		"\xEF\xBB\xBFrequests[socks] >= 2.31, < 3 ; python_version >= \"3.8\"\r\n"
		"six==1.*\n"
		"attrs===23.1.0\n"
		"-e ./libs/core\n"
		"-r other.txt\n"
		"--index-url https://pypi.invalid/simple\n"
		"foo @ https://h.invalid/foo-1.0.whl\n"
		"pkg==1.0#not-a-comment\n");

	(void)state;
	assert_int_equal(set->npkgs, 6);
	assert_string_equal(set->pkgs[0].name, "requests");
	assert_null(set->pkgs[0].version);
	assert_string_equal(set->pkgs[0].spec, ">= 2.31, < 3");
	assert_null(set->pkgs[1].version); /* wildcard is not a pin */
	assert_string_equal(set->pkgs[2].version, "23.1.0");
	assert_string_equal(set->pkgs[3].name, "./libs/core");
	assert_null(set->pkgs[3].version);
	assert_string_equal(set->pkgs[4].name, "foo");
	assert_null(set->pkgs[4].version);
	assert_string_equal(set->pkgs[5].version, "1.0#not-a-comment");
	lg_pkgset_free(set);
}

static void test_lockfile_requirements__bad_input(void **state)
{
	(void)state;
	assert_int_equal(parse_err(LG_TEST_STR("x==1 --hash=md5:abc\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x==1 --hash=sha256:abc\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x==1 --hash\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x==1\0y==2\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("@@@\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x[extra==1\n")), LG_EINVALID);
}

static void test_lockfile_requirements__caps(void **state)
{
	struct lg_buf b = LG_BUF_INIT(64u << 20);

	(void)state;
	/* One logical line over LG_MAX_LOCKFILE_LINE through continuations. */
	for (size_t i = 0; i * 8 < LG_MAX_LOCKFILE_LINE + 100; i++)
		lg_buf_puts(&b, "aaaaaaa \\\n");
	assert_int_equal(parse_err(b.ptr, b.len), LG_ETOOBIG);
	lg_buf_reset(&b);
	for (size_t i = 0; i <= LG_MAX_LOCKFILE_PACKAGES; i++)
		lg_buf_printf(&b, "p%zu==1\n", i);
	assert_int_equal(parse_err(b.ptr, b.len), LG_ETOOBIG);
	assert_int_equal(parse_err(b.ptr, LG_MAX_LOCKFILE_BYTES + 1u), LG_ETOOBIG);
	lg_buf_dispose(&b);
}

static void test_lockfile_requirements__oom_sweep(void **state)
{
	const char *text = "a==1 --hash=sha256:" H64A "\nb>=2\n-e .\n";
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_lockfile_parse_requirements(&set, &f, text,
						       strlen(text), "r.txt");
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(set);
	}
	assert_int_equal(error, 0);
	assert_int_equal(set->npkgs, 3);
	lg_pkgset_free(set);
}

static void test_lockfile_format__paths(void **state)
{
	(void)state;
	assert_non_null(lg_lockfile_format_for_path("requirements.txt"));
	assert_non_null(lg_lockfile_format_for_path("svc/requirements-dev.txt"));
	assert_non_null(lg_lockfile_format_for_path("requirements/base.txt"));
	assert_non_null(lg_lockfile_format_for_path("a/requirements/prod.txt"));
	assert_non_null(lg_lockfile_format_for_path("dev-requirements.txt"));
	assert_null(lg_lockfile_format_for_path("README.txt"));
	assert_null(lg_lockfile_format_for_path("docs/notes.txt"));
	assert_null(lg_lockfile_format_for_path("requirements.in"));
}

static const struct lg_change *find_change(const struct lg_result *r,
					   const char *name)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (!strcmp(r->changes[i].name, name))
			return &r->changes[i];
	return NULL;
}

static void test_lockfile_diff__kinds(void **state)
{
	struct lg_pkgset *old = parse_ok("same==1.0\nup==1.0\ndown==2.0\n"
					 "gone==1.0\nre==1.0 --hash=sha256:" H64A "\n");
	struct lg_pkgset *cur = parse_ok("same==1.0\nup==1.10\ndown==1.9\n"
					 "re==1.0 --hash=sha256:" H64B "\nnew==0.1\n");
	struct lg_result *r = NULL;
	const struct lg_change *c;

	(void)state;
	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_lockfile_diff(r, old, cur), 0);
	assert_int_equal(r->nchanges, 5);
	assert_null(find_change(r, "same"));
	c = find_change(r, "up");
	assert_int_equal(c->kind, LG_CHANGE_UPGRADED);
	assert_string_equal(c->old_version, "1.0");
	assert_string_equal(c->new_version, "1.10");
	assert_int_equal(find_change(r, "down")->kind, LG_CHANGE_DOWNGRADED);
	assert_int_equal(find_change(r, "re")->kind, LG_CHANGE_REHASHED);
	c = find_change(r, "gone");
	assert_int_equal(c->kind, LG_CHANGE_REMOVED);
	assert_null(c->new_version);
	c = find_change(r, "new");
	assert_int_equal(c->kind, LG_CHANGE_ADDED);
	assert_null(c->old_version);
	assert_int_equal(c->line, 5);
	lg_result_free(r);
	lg_pkgset_free(old);
	lg_pkgset_free(cur);
}

static void test_lockfile_version__order(void **state)
{
	static const char *const ascending[] = {
		"1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1",
		"1.1",      "1.10",  "2!0.1",
	};

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(ascending) / sizeof(*ascending); i++) {
		assert_true(lg_version_cmp(ascending[i], ascending[i + 1]) < 0);
		assert_true(lg_version_cmp(ascending[i + 1], ascending[i]) > 0);
	}
	assert_int_equal(lg_version_cmp("1.0", "1.0.0"), 0);
	assert_int_equal(lg_version_cmp("v1.2", "1.2"), 0);
}

static void test_lockfile_name__canonical(void **state)
{
	char *n = NULL;

	(void)state;
	assert_int_equal(lg_name_canonical(&n, LG_TEST_STR("FRIENDLY-._-BARD")), 0);
	assert_string_equal(n, "friendly-bard");
	free(n);
	assert_int_equal(lg_name_canonical(&n, LG_TEST_STR("-bad")), LG_EINVALID);
	assert_int_equal(lg_name_canonical(&n, LG_TEST_STR("b\xc3\xa4" "d")), LG_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockfile_requirements__pin_hashes_continuation),
		cmocka_unit_test(test_lockfile_requirements__comment_ends_continuation),
		cmocka_unit_test(test_lockfile_requirements__unpinned_and_special),
		cmocka_unit_test(test_lockfile_requirements__bad_input),
		cmocka_unit_test(test_lockfile_requirements__caps),
		cmocka_unit_test(test_lockfile_requirements__oom_sweep),
		cmocka_unit_test(test_lockfile_format__paths),
		cmocka_unit_test(test_lockfile_diff__kinds),
		cmocka_unit_test(test_lockfile_version__order),
		cmocka_unit_test(test_lockfile_name__canonical),
	};

	return cmocka_run_group_tests_name("lockfile", tests, NULL, NULL);
}
