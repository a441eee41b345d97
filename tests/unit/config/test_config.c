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
	struct lg_config cfg = {.include = inc, .ninclude = 1, .exclude = exc, .nexclude = 1};

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
		{"include = [\"a\"]\nfail_on = \"high\"\n", ".lockgate.toml",
		 ".lockgate.toml:2: unknown key 'fail_on'", false},
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


static const char full_config[] =
	"fail-on = \"medium\"\n"
	"warn-only = true\n"
	"cache-dir = \".cache/lg\"\n"
	"jobs = 8\n"
	"allowed-index-hosts = [\"PyPI.org\", \"pypi.example.invalid:8443\"]\n"
	"cooldown-days = 0\n"
	"cooldown-exempt = [\"Foo_Bar\"]\n"
	"[provenance]\n"
	"require = [\"Requests\"]\n"
	"trusted-publishers = [\"github:psf/requests\"]\n"
	"[rules]\n"
	"disable = [\"obf.*\"]\n"
	"enable = [\"obf.packer\"]\n"
	"\"net.suspicious-destination\" = \"high\"\n"
	"[rules.\"lock.unhashed\"]\n"
	"severity = \"low\"\n"
	"[[suppress]]\n"
	"rule = \"install.cmdclass-override\"\n"
	"package = \"Demo.Pkg\"\n"
	"version = \"1.0\"\n"
	"sha256 = \"sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"\n"
	"reason = \"reviewed: builds docs\"\n"
	"expires = 2027-01-31\n"
	"[[suppress]]\n"
	"rule = \"obf.packer\"\n"
	"package = \"x\"\n"
	"version = \"2\"\n"
	"reason = \"vendor\"\n"
	"expires = 2027-01-31T12:00:00+01:00\n";

static void test_config_parse__every_key(void **state)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_buf out = LG_BUF_INIT(1u << 20);
	struct lg_config again = LG_CONFIG_INIT;

	(void)state;
	assert_int_equal(cfg.cooldown_days, 2); /* the default */
	assert_int_equal(lg_config_parse(&cfg, full_config, strlen(full_config),
					 ".lockgate.toml", false), 0);
	assert_string_equal(cfg.origin, ".lockgate.toml");
	assert_true(cfg.has_fail_on && cfg.fail_on == LG_SEV_MEDIUM);
	assert_true(cfg.has_warn_only && cfg.warn_only);
	assert_string_equal(cfg.cache_dir, ".cache/lg");
	assert_int_equal(cfg.jobs, 8);
	assert_int_equal(cfg.nallowed_index_hosts, 2);
	assert_string_equal(cfg.allowed_index_hosts[0], "pypi.org");
	assert_int_equal(cfg.cooldown_days, 0);
	assert_string_equal(cfg.cooldown_exempt[0], "foo-bar");
	assert_string_equal(cfg.provenance_require[0], "requests");
	assert_false(cfg.provenance_require_all);
	assert_string_equal(cfg.trusted_publishers[0], "github:psf/requests");
	assert_int_equal(cfg.ndisable, 1);
	assert_string_equal(cfg.disable[0].pattern, "obf.*");
	assert_int_equal(cfg.disable[0].line, 12);
	assert_int_equal(cfg.nrules, 2);
	assert_string_equal(cfg.rules[0].rule, "net.suspicious-destination");
	assert_int_equal(cfg.rules[0].severity, LG_SEV_HIGH);
	assert_string_equal(cfg.rules[1].rule, "lock.unhashed");
	assert_int_equal(cfg.rules[1].severity, LG_SEV_LOW);
	assert_int_equal(cfg.nsuppress, 2);
	assert_string_equal(cfg.suppress[0].package, "demo-pkg");
	assert_int_equal(cfg.suppress[0].line, 17);
	assert_string_equal(cfg.suppress[0].sha256,
			    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	/* 2027-01-31 runs to the end of that day, UTC. */
	assert_int_equal(cfg.suppress[0].expires, 1801353600 + 86400);
	assert_string_equal(cfg.suppress[0].expires_text, "2027-01-31");
	assert_null(cfg.suppress[1].sha256);
	assert_int_equal(cfg.suppress[1].expires, 1801353600 + 11 * 3600);
	/* The rendering is TOML this reader takes back, to the same values. */
	assert_int_equal(lg_config_render(&out, &cfg), 0);
	assert_non_null(strstr(out.ptr, "fail-on = \"medium\"\n"));
	assert_non_null(strstr(out.ptr, "expires = 2027-01-31\n"));
	assert_int_equal(lg_config_parse(&again, strchr(out.ptr, '\n') + 1,
					 strlen(strchr(out.ptr, '\n') + 1),
					 "rendered", false), 0);
	assert_int_equal(again.nsuppress, 2);
	assert_int_equal(again.suppress[1].expires, cfg.suppress[1].expires);
	assert_int_equal(again.nrules, 2);
	assert_int_equal(again.jobs, 8);
	lg_config_dispose(&again);
	lg_buf_dispose(&out);
	lg_config_dispose(&cfg);
	/* Defaults render too, and say where they come from. */
	assert_int_equal(lg_config_render(&out, NULL), 0);
	assert_non_null(strstr(out.ptr, "no configuration file"));
	assert_non_null(strstr(out.ptr, "cooldown-days = 2\n"));
	lg_buf_dispose(&out);
}

/* Every allocation of the structured keys fails cleanly, and the policy
 * that applies them too. */
static void test_config_parse__oom_sweep_every_key(void **state)
{
	struct lg_config cfg = LG_CONFIG_INIT;
	struct lg_buf out = LG_BUF_INIT(1u << 20);
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 5000; n++) {
		lg_alloc_fail_after(n);
		error = lg_config_parse(&cfg, full_config, strlen(full_config),
					".lockgate.toml", false);
		lg_alloc_fail_after(-1);
		lg_config_dispose(&cfg);
	}
	assert_int_equal(error, 0);
	error = LG_ENOMEM;
	assert_int_equal(lg_config_parse(&cfg, full_config, strlen(full_config),
					 ".lockgate.toml", false), 0);
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_buf_dispose(&out);
		lg_alloc_fail_after(n);
		error = lg_config_render(&out, &cfg);
		lg_alloc_fail_after(-1);
	}
	assert_int_equal(error, 0);
	lg_buf_dispose(&out);
	lg_config_dispose(&cfg);
}

static void test_config_parse__bad_values(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"\nfail-on = \"severe\"\n", "c.toml:2: 'fail-on' must be a severity"},
		{"warn-only = \"yes\"\n", "c.toml:1: 'warn-only' must be true or false"},
		{"jobs = 0\n", "c.toml:1: 'jobs' must be an integer from 1 to 64"},
		{"jobs = 65\n", "'jobs' must be an integer from 1 to 64"},
		{"jobs = \"4\"\n", "'jobs' must be an integer"},
		{"cooldown-days = -1\n", "'cooldown-days' must be an integer from 0"},
		{"cache-dir = \"\"\n", "'cache-dir' must be a non-empty string"},
		{"allowed-index-hosts = [\"https://pypi.org\"]\n",
		 "'allowed-index-hosts' item 1 must be a host name"},
		{"cooldown-exempt = [\"-x-\"]\n", "'cooldown-exempt' item 1 must be a project name"},
		{"[provenance]\nrequire-all = 1\n", "c.toml:2: 'require-all' must be true or false"},
		{"[provenance]\nrequired = []\n", "c.toml:2: unknown key 'required' in [provenance]"},
		{"[rules]\ndisable = [\"*\"]\n", "'rules.disable' item 1 must be a rule id"},
		{"[rules]\n\"net.x\" = \"loud\"\n", "c.toml:2: rule 'net.x' needs a severity"},
		{"[rules.\"net.x\"]\nlevel = \"low\"\n", "c.toml:2: unknown key 'level' in [rules.\"net.x\"]"},
		{"[rules]\n\"Net X\" = \"low\"\n", "c.toml:2: 'Net X' in [rules] is not a rule id"},
		{"[[suppress]]\nrule = \"a.b\"\npackage = \"p\"\nversion = \"1\"\n",
		 "c.toml:1: [[suppress]] needs 'reason'"},
		{"[[suppress]]\nrule = \"a.b\"\npackage = \"p\"\nversion = \"1\"\nreason = \"\"\n",
		 "c.toml:5: 'reason' must be a non-empty string"},
		{"[[suppress]]\nrule = \"a.b\"\npackage = \"p\"\nversion = \"1\"\nreason = \"r\"\n"
		 "expires = \"2027-01-31\"\n", "c.toml:6: 'expires' must be a TOML date"},
		{"[[suppress]]\nrule = \"a.b\"\npackage = \"p\"\nversion = \"1\"\nreason = \"r\"\n"
		 "sha256 = \"abc\"\n", "c.toml:6: 'sha256' must be 64 hex digits"},
		{"[[suppress]]\nrule = \"a.b\"\nwhy = \"r\"\n", "c.toml:3: unknown key 'why' in [[suppress]]"},
		{"suppress = {rule = \"a.b\"}\n", "'suppress' must be an array of tables"},
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lg_config cfg = LG_CONFIG_INIT;
		int error = lg_config_parse(&cfg, cases[i].text, strlen(cases[i].text),
					    "c.toml", false);

		if (error != LG_EINVALID)
			fail_msg("case %zu: %d", i, error);
		if (!strstr(lg_error_last()->message, cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i,
				 lg_error_last()->message, cases[i].msg);
		lg_config_dispose(&cfg);
	}
}

/* The CLI-free structures also reach pyproject.toml's [tool.lockgate]. */
static void test_config_parse__pyproject_tables(void **state)
{
	static const char text[] =
		"[project]\nname = \"app\"\n"
		"[tool.lockgate]\nfail-on = \"critical\"\n"
		"[tool.lockgate.provenance]\nrequire-all = true\n"
		"[[tool.lockgate.suppress]]\nrule = \"a.b\"\npackage = \"P\"\n"
		"version = \"1\"\nreason = \"r\"\n";
	struct lg_config cfg = LG_CONFIG_INIT;

	(void)state;
	assert_int_equal(lg_config_parse(&cfg, LG_TEST_STR(text), "pyproject.toml",
					 true), 0);
	assert_int_equal(cfg.fail_on, LG_SEV_CRITICAL);
	assert_true(cfg.provenance_require_all);
	assert_int_equal(cfg.nsuppress, 1);
	assert_int_equal(cfg.suppress[0].line, 7);
	assert_null(cfg.suppress[0].expires_text);
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
		cmocka_unit_test(test_config_parse__every_key),
		cmocka_unit_test(test_config_parse__oom_sweep_every_key),
		cmocka_unit_test(test_config_parse__bad_values),
		cmocka_unit_test(test_config_parse__pyproject_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
