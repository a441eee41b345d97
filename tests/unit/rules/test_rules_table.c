/* SPDX-License-Identifier: MIT */
#include "rules_tests.h"

static bool is_id(const char *id)
{
	const char *dot = strchr(id, '.');

	if (!dot || dot == id || !dot[1] || strchr(dot + 1, '.'))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.'))
			return false;
	return true;
}

static void test_rules_table__rows(void **state)
{
	(void)state;
	assert_int_equal(lg_rules_selfcheck(), 0);
	assert_int_equal(lg_rules_count(), 68);
	for (size_t i = 0; i < lg_rules_count(); i++) {
		const struct lg_rule_info *r = lg_rules_at(i);

		assert_non_null(r);
		assert_true(is_id(r->id));
		assert_true(strlen(r->title) > 10 && !strchr(r->title, '\n'));
		assert_true(strlen(r->help) > 80);
		assert_ptr_equal(lg_rules_find(r->id), r);
		if (i)
			assert_true(strcmp(lg_rules_at(i - 1)->id, r->id) < 0);
	}
	assert_null(lg_rules_at(lg_rules_count()));
	assert_null(lg_rules_find("exec.decode"));
	assert_null(lg_rules_find("zzz"));
	assert_null(lg_rules_find(""));
	assert_null(lg_rules_find(NULL));
}

static void test_rules_table__severities(void **state)
{
	static const struct {
		const char *id;
		enum lg_severity sev;
	} want[] = {
		{"archive.unsafe-member", LG_SEV_CRITICAL},
		{"exec.decode-exec", LG_SEV_HIGH},
		{"hash.mismatch", LG_SEV_CRITICAL},
		{"install.cmdclass-override", LG_SEV_MEDIUM},
		{"install.pep517-backend", LG_SEV_LOW},
		{"install.toplevel-process", LG_SEV_HIGH},
		{"lock.unhashed", LG_SEV_MEDIUM},
		{"lock.unpinned", LG_SEV_MEDIUM},
		{"wheel.pth-exec-line", LG_SEV_MEDIUM},
		{"bin.disguised-executable", LG_SEV_HIGH},
		{"bin.native-in-sdist", LG_SEV_MEDIUM},
		{"wheel.console-script-shadow", LG_SEV_MEDIUM},
		{"wheel.data-spread", LG_SEV_MEDIUM},
		{"wheel.native-in-purelib", LG_SEV_MEDIUM},
		{"wheel.record-mismatch", LG_SEV_MEDIUM},
		{"wheel.startup-module", LG_SEV_HIGH},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct lg_rule_info *r = lg_rules_find(want[i].id);

		assert_non_null(r);
		assert_int_equal(r->severity, want[i].sev);
	}
}

static void test_rules_table__wants_member(void **state)
{
	static const char *const yes[] = {
		"setup.py", "pkg-1.0/setup.py", "pkg/deep/mod.py", "x.pth",
		"pkg-1.0.data/purelib/evil.pth", "pkg-1.0/setup.cfg",
		"pkg-1.0/pyproject.toml", "A.PY", "./pkg-1.0/setup.py",
		"pkg-1.0.dist-info/RECORD", "pkg-1.0.dist-info/WHEEL",
		"pkg-1.0.dist-info/entry_points.txt", "pkg-1.0.data/scripts/x",
		"pkg-1.0.dist-info/METADATA", /* the project name (C9) */
	};
	static const char *const no[] = {
		"README.md", "pkg/mod.pyc",   "pkg/py",	       "pth",
		".py",	     "setup.cfg.bak", "pkg/data.json",
		"a/pkg-1.0.dist-info/RECORD",
		"pkg-1.0.data/scripts/sub/x", "pkg-1.0.data/data/x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!lg_rules_wants_member(yes[i]))
			fail_msg("'%s' not wanted", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (lg_rules_wants_member(no[i]))
			fail_msg("'%s' wanted", no[i]);
	assert_false(lg_rules_wants_member(NULL));
}

static void test_rules_table__config_members_scan_clean(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	t_scan(&f, "pkg-1.0/setup.cfg", "[options]\ncmdclass = x\n");
	t_scan(&f, "pkg-1.0/pyproject.toml", "[build-system]\n");
	t_scan(&f, "README.md", "exec(base64.b64decode(x))");
	t_none(&f);
	lg_findings_dispose(&f);
}

int test_rules_table_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_table__rows),
		cmocka_unit_test(test_rules_table__severities),
		cmocka_unit_test(test_rules_table__wants_member),
		cmocka_unit_test(test_rules_table__config_members_scan_clean),
	};

	return cmocka_run_group_tests_name("rules_table", tests, NULL, NULL);
}
