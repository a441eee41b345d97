/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/config.h"
#include "lg/limits.h"

static void test_config_table__sorted(void **state)
{
	(void)state;
	assert_int_equal(lg_config_selfcheck(), 0);
	assert_true(lg_config_key_count() >= 2);
	for (size_t i = 0; i < lg_config_key_count(); i++) {
		assert_non_null(lg_config_key_at(i)->set);
		assert_true(strlen(lg_config_key_at(i)->help) > 20);
	}
	assert_null(lg_config_key_at(lg_config_key_count()));
}

static void test_config_glob__gitignore_like(void **state)
{
	static const struct {
		const char *pattern, *path;
		bool match;
	} cases[] = {
		{"requirements.txt", "requirements.txt", true},
		{"requirements.txt", "a/b/requirements.txt", true},
		{"legacy", "legacy/requirements.txt", true},
		{"legacy", "svc/legacy/uv.lock", true},
		{"legacy/", "legacy/uv.lock", true},
		{"uv.lock/", "uv.lock", false}, /* directories only */
		{"/legacy", "svc/legacy/uv.lock", false},
		{"/legacy", "legacy/uv.lock", true},
		{"svc/*/uv.lock", "svc/api/uv.lock", true},
		{"svc/*/uv.lock", "svc/api/v2/uv.lock", false},
		{"svc/**/uv.lock", "svc/uv.lock", true},
		{"svc/**/uv.lock", "svc/api/v2/uv.lock", true},
		{"svc/**", "svc/api/uv.lock", true},
		{"svc/**", "other/svc/uv.lock", false},
		{"**/docs/*.txt", "a/docs/requirements.txt", true},
		{"**/docs/*.txt", "docs/requirements.txt", true},
		{"*.lock", "deep/down/x.lock", true},
		{"*.lock", "x.lockfile", false},
		{"req?.txt", "req1.txt", true},
		{"req[0-9].txt", "reqa.txt", false},
		{"", "x", false},
		{"/", "x", false},
		{"//", "x/y", false},
		{"**", "x/y", true},
		{"a/**/**/b", "a/x/y/b", true},
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++)
		if (lg_config_glob_match(cases[i].pattern, cases[i].path) !=
		    cases[i].match)
			fail_msg("glob '%s' on '%s': expected %d", cases[i].pattern,
				 cases[i].path, cases[i].match);
}

static void test_config_selects__defaults_and_globs(void **state)
{
	char inc0[] = "services/**", exc0[] = "services/old/**";
	char *inc[] = {inc0}, *exc[] = {exc0};
	struct lg_config cfg = {inc, 1, exc, 1};

	(void)state;
	assert_true(lg_config_selects(NULL, "requirements.txt", true));
	assert_false(lg_config_selects(NULL, "README.md", false));
	assert_false(lg_config_selects(NULL, "vendor/requirements.txt", true));
	assert_false(lg_config_selects(NULL, "a/.venv/lib/x/requirements.txt", true));
	assert_false(lg_config_selects(NULL, "pkg/_vendor/uv.lock", true));
	assert_true(lg_config_selects(NULL, "vendor.txt/requirements.txt", false) ==
		    false);
	assert_true(lg_config_selects(NULL, "myvendor/requirements.txt", true));
	assert_true(lg_config_path_vendored("node_modules/x/requirements.txt"));
	assert_false(lg_config_path_vendored("venv"));
	/* include: only matching paths, any name, vendored trees too. */
	assert_true(lg_config_selects(&cfg, "services/api/deps.pins", false));
	assert_true(lg_config_selects(&cfg, "services/vendor/requirements.txt", true));
	assert_false(lg_config_selects(&cfg, "requirements.txt", true));
	assert_false(lg_config_selects(&cfg, "services/old/requirements.txt", true));
	cfg.include = NULL;
	cfg.ninclude = 0;
	assert_true(lg_config_selects(&cfg, "requirements.txt", true));
	assert_false(lg_config_selects(&cfg, "services/old/uv.lock", true));
}

static void test_config_parse__files(void **state)
{
	static const char dot[] =
		"# lockgate\n"
		"include = [\"svc/**\", \"requirements.txt\"]\n"
		"exclude = [\"svc/legacy/**\"]\n";
	static const char pyproject[] =
		"[project]\nname = \"x\"\n"
		"[tool.lockgate]\n"
		"exclude = [\"docs/**\"]\n"
		"[tool.other]\nincludes = 1\n";
	struct lg_config cfg = LG_CONFIG_INIT;

	(void)state;
	assert_int_equal(lg_config_parse(&cfg, LG_TEST_STR(dot), ".lockgate.toml",
					 false), 0);
	assert_int_equal(cfg.ninclude, 2);
	assert_string_equal(cfg.include[1], "requirements.txt");
	assert_int_equal(cfg.nexclude, 1);
	lg_config_dispose(&cfg);
	assert_int_equal(lg_config_parse(&cfg, LG_TEST_STR(pyproject),
					 "pyproject.toml", true), 0);
	assert_int_equal(cfg.ninclude, 0);
	assert_int_equal(cfg.nexclude, 1);
	assert_string_equal(cfg.exclude[0], "docs/**");
	lg_config_dispose(&cfg);
	/* No [tool.lockgate]: nothing set. */
	assert_int_equal(lg_config_parse(&cfg, LG_TEST_STR("[project]\n"),
					 "pyproject.toml", true), 0);
	assert_null(cfg.include);
	lg_config_dispose(&cfg);
}

static void test_config_parse__errors_name_file_and_line(void **state)
{
	static const struct {
		const char *text, *origin, *msg;
		bool pyproject;
	} cases[] = {
		{"include = [\"a\"]\nfail-on = \"high\"\n", ".lockgate.toml",
		 ".lockgate.toml:2: unknown key 'fail-on'", false},
		{"[tool.lockgate]\n\ninclude = \"a\"\n", "pyproject.toml",
		 "pyproject.toml:3: 'include' must be an array of strings", true},
		{"exclude = [\n \"a\",\n 3]\n", "c.toml", "c.toml:3: 'exclude' item 2",
		 false},
		{"exclude = [\"\"]\n", "c.toml", "c.toml:1:", false},
		{"[tool]\nlockgate = 1\n", "pyproject.toml",
		 "pyproject.toml:2: [tool.lockgate] must be a table", true},
		{"include = [\"a\"\n", "c.toml", "c.toml:", false},
		{"[tool.lockgate]\nincludes = []\n", "pyproject.toml",
		 "unknown key 'includes' in [tool.lockgate]", true},
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lg_config cfg = LG_CONFIG_INIT;
		int error = lg_config_parse(&cfg, cases[i].text, strlen(cases[i].text),
					    cases[i].origin, cases[i].pyproject);

		assert_int_equal(error, LG_EINVALID);
		if (!strstr(lg_error_last()->message, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i,
				 lg_error_last()->message, cases[i].msg);
		lg_config_dispose(&cfg);
	}
}

/* LG_MAX_CONFIG_GLOBS and LG_MAX_CONFIG_BYTES are errors, not truncation. */
static void test_config_parse__caps(void **state)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	size_t n = LG_MAX_CONFIG_GLOBS + 1, len = 0;
	char *text = malloc(16 + n * 6);

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text, "exclude = [");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "\"a\",");
	len += (size_t)sprintf(text + len, "]\n");
	assert_int_equal(lg_config_parse(&cfg, text, len, "c.toml", false),
			 LG_ETOOBIG);
	assert_null(cfg.exclude);
	assert_int_equal(lg_config_parse(&cfg, text, LG_MAX_CONFIG_BYTES + 1,
					 "c.toml", false), LG_ETOOBIG);
	free(text);
}

static void test_config_parse__oom_sweep(void **state)
{
	static const char text[] = "[tool.lockgate]\ninclude = [\"a/**\", \"b\"]\n"
				   "exclude = [\"c\"]\n";
	struct lg_config cfg = LG_CONFIG_INIT;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_config_parse(&cfg, LG_TEST_STR(text), "pyproject.toml",
					true);
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			lg_config_dispose(&cfg);
	}
	assert_int_equal(error, 0);
	assert_int_equal(cfg.ninclude, 2);
	assert_int_equal(cfg.nexclude, 1);
	lg_config_dispose(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_table__sorted),
		cmocka_unit_test(test_config_glob__gitignore_like),
		cmocka_unit_test(test_config_selects__defaults_and_globs),
		cmocka_unit_test(test_config_parse__files),
		cmocka_unit_test(test_config_parse__errors_name_file_and_line),
		cmocka_unit_test(test_config_parse__caps),
		cmocka_unit_test(test_config_parse__oom_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
