/* SPDX-License-Identifier: MIT */
#include "lg_test.h"
#include "lg/limits.h"
#include "lg/squat.h"

struct pair {
	const char *name, *target;
	enum lg_squat_kind kind;
};

static void test_squat__table(void **state)
{
	(void)state;
	assert_int_equal(lg_squat_selfcheck(), 0);
	assert_true(lg_squat_is_popular("requests"));
	assert_true(lg_squat_is_popular("python-dateutil"));
	assert_false(lg_squat_is_popular("reqeusts"));
	assert_false(lg_squat_is_popular(NULL));
}

/* Real-world squats and the project each imitated. */
static void test_squat__real_pairs(void **state)
{
	static const struct pair pairs[] = {
		{"reqeusts", "requests", LG_SQUAT_EDIT},   /* swap */
		{"rwquests", "requests", LG_SQUAT_EDIT},   /* substitution */
		{"reuests", "requests", LG_SQUAT_EDIT},    /* deletion */
		{"djangoo", "django", LG_SQUAT_EDIT},      /* insertion */
		{"cryptograpyh", "cryptography", LG_SQUAT_EDIT},
		{"pillwo", "pillow", LG_SQUAT_EDIT},
		{"flsak", "flask", LG_SQUAT_EDIT},
		{"pandar", "pandas", LG_SQUAT_EDIT},
		{"dateutil", "python-dateutil", LG_SQUAT_AFFIX},
		{"python-requests", "requests", LG_SQUAT_AFFIX},
		{"requests-python", "requests", LG_SQUAT_AFFIX},
		{"py-numpy", "numpy", LG_SQUAT_AFFIX},
		{"numpy2", "numpy", LG_SQUAT_AFFIX},
		{"requests-dev", "requests", LG_SQUAT_AFFIX},
		{"nurnpy", "numpy", LG_SQUAT_HOMOGLYPH},
		{"b0to3", "boto3", LG_SQUAT_HOMOGLYPH},
		{"c1ick", "click", LG_SQUAT_HOMOGLYPH},
		{"python-date-util", "python-dateutil", LG_SQUAT_SEPARATOR},
		{"typingextensions", "typing-extensions", LG_SQUAT_SEPARATOR},
	};
	struct lg_squat_match m;

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		assert_int_equal(lg_squat_check(&m, pairs[i].name), 0);
		if (!m.target || strcmp(m.target, pairs[i].target) ||
		    m.kind != pairs[i].kind)
			fail_msg("%s: got %s (%s), want %s (%s)", pairs[i].name,
				 m.target ? m.target : "none",
				 lg_squat_kind_name(m.kind), pairs[i].target,
				 lg_squat_kind_name(pairs[i].kind));
		assert_true(m.rank > 0 && m.rank <= LG_SQUAT_TARGET_RANK);
	}
}

/* Popular names, plugins of popular projects and unrelated short names
 * are not squats. */
static void test_squat__near_misses(void **state)
{
	static const char *const names[] = {
		"requests", "python-dateutil", "pytest-cov", "requests-oauthlib",
		"types-requests", "django-rest-knox-plugin", "flask-sqlalchemy",
		"django-my-own-widget", "flask-my-own-extension", "numpy",
		"boto", "six", "mylib", "acme-internal-tool",
		"sqlalchemy-my-dialect", "py", /* two letters: no affix game */
		"torc",                         /* four letters: no edit game */
	};
	struct lg_squat_match m;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(lg_squat_check(&m, names[i]), 0);
		if (m.target)
			fail_msg("%s: flagged as %s of %s", names[i],
				 lg_squat_kind_name(m.kind), m.target);
		assert_int_equal(m.kind, LG_SQUAT_NONE);
	}
}

static void test_squat__bad_names(void **state)
{
	char longname[LG_MAX_PROJECT_NAME_BYTES + 2];
	struct lg_squat_match m;

	(void)state;
	assert_int_equal(lg_squat_check(&m, "Requests"), LG_EINVALID);
	assert_int_equal(lg_squat_check(&m, "re_quests"), LG_EINVALID);
	assert_int_equal(lg_squat_check(&m, "-requests"), LG_EINVALID);
	assert_int_equal(lg_squat_check(&m, "re--quests"), LG_EINVALID);
	assert_int_equal(lg_squat_check(&m, ""), LG_EINVALID);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(lg_squat_check(&m, longname), LG_ETOOBIG);
	longname[LG_MAX_PROJECT_NAME_BYTES] = '\0'; /* at the cap: fine */
	assert_int_equal(lg_squat_check(&m, longname), 0);
	assert_null(m.target);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_squat__table),
		cmocka_unit_test(test_squat__real_pairs),
		cmocka_unit_test(test_squat__near_misses),
		cmocka_unit_test(test_squat__bad_names),
	};

	return cmocka_run_group_tests_name("squat", tests, NULL, NULL);
}
