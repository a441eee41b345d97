/* SPDX-License-Identifier: MIT */
/* wheel.pth-exec-line. Hosts are inert (127.0.0.1, .invalid). */
#include <stdlib.h>

#include "rules_tests.h"

/* pytest-cov's pytest-cov.pth (2.6 - 4.x), one line in the file: the
 * repr() of its embed script with 1-space indents. */
#define PYTEST_COV_PTH                                                        \
	"import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:\\n"     \
	" try:\\n"                                                            \
	"  from pytest_cov.embed import init\\n"                              \
	"  init()\\n"                                                         \
	" except Exception as exc:\\n"                                        \
	"  sys.stderr.write(\\n"                                              \
	"   \"pytest-cov: Failed to setup subprocess coverage. \"\\n"         \
	"   \"Environ: {0!r} \"\\n"                                           \
	"   \"Exception: {1!r}\\\\n\".format(\\n"                             \
	"    dict((k, v) for k, v in os.environ.items() if "                  \
	"k.startswith(\\'COV_CORE\\')),\\n"                                   \
	"    exc\\n"                                                          \
	"   )\\n"                                                             \
	"  )\\n"                                                              \
	"')"

/* The same as written in the design brief (wider indents, \n for \\n). */
#define PYTEST_COV_BRIEF                                                      \
	"import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:\\n"     \
	" try:\\n  from pytest_cov.embed import init\\n  init()\\n"           \
	" except Exception as exc:\\n  sys.stderr.write(\\n"                  \
	"    \"pytest-cov: Failed to setup subprocess coverage. \"\\n"        \
	"    \"Environ: {0!r} \"\\n    \"Exception: {1!r}\\n\".format(\\n"    \
	"      dict((k, v) for k, v in os.environ.items() if "                \
	"k.startswith(\\'COV_CORE\\')),\\n      exc\\n    )\\n  )\\n')"

#define NSPKG_OLD                                                             \
	"import sys, types, os;has_mfs = sys.version_info > (3, 5);"          \
	"p = os.path.join(sys._getframe(1).f_locals['sitedir'], "             \
	"*('google', 'cloud'));"                                              \
	"importlib = has_mfs and __import__('importlib.util');"               \
	"has_mfs and __import__('importlib.machinery');"                      \
	"m = has_mfs and sys.modules.setdefault('google.cloud', "             \
	"importlib.util.module_from_spec("                                    \
	"importlib.machinery.PathFinder.find_spec('google.cloud', "           \
	"[os.path.dirname(p)])));"                                            \
	"m = m or sys.modules.setdefault('google.cloud', "                    \
	"types.ModuleType('google.cloud'));"                                  \
	"mp = (m or []) and m.__dict__.setdefault('__path__',[]);"            \
	"(p not in mp) and mp.append(p);"                                     \
	"m and setattr(sys.modules['google'], 'cloud', m)\n"

#define NSPKG_PEP420                                                          \
	"import sys, types, os;pep420 = sys.version_info > (3, 3);"           \
	"p = os.path.join(sys._getframe(1).f_locals['sitedir'], "             \
	"*('zope',));"                                                        \
	"ie = os.path.exists(os.path.join(p,'__init__.py'));"                 \
	"m = not ie and not pep420 and sys.modules.setdefault('zope', "       \
	"types.ModuleType('zope'));"                                          \
	"mp = (m or []) and m.__dict__.setdefault('__path__',[]);"            \
	"(p not in mp) and mp.append(p)\n"

static void pth_none(const char *text)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	t_scan(&f, "site/x.pth", text);
	t_none(&f);
	lg_findings_dispose(&f);
}

static const struct lg_finding *pth_one(struct lg_findings *f,
					const char *text,
					enum lg_severity sev)
{
	const struct lg_finding *x;

	t_scan(f, "demo-1.0.data/purelib/demo.pth", text);
	x = t_one(f, "wheel.pth-exec-line");
	if (x->severity != sev)
		fail_msg("%s: %s", lg_severity_name(x->severity), x->message);
	return x;
}

static void test_rules_pth__templates(void **state)
{
	(void)state;
	pth_none("import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = "
		 "os.environ.get(var, 'local') == 'local'; enabled and "
		 "__import__('_distutils_hack').add_shim(); \n");
	pth_none("import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = "
		 "os.environ.get(var, 'local') == 'local'; enabled and "
		 "__import__('_distutils_hack').add_shim()");
	pth_none("import _virtualenv\n");
	pth_none("import __editable___demo_pkg_1_0_finder; "
		 "__editable___demo_pkg_1_0_finder.install()\n");
	pth_none("import coverage; coverage.process_startup()\n");
	pth_none("import _cuda_bindings_redirector\n");
	pth_none(PYTEST_COV_PTH "\n");
	pth_none(PYTEST_COV_BRIEF);
	pth_none(NSPKG_OLD NSPKG_PEP420);
	pth_none("# comment\n/opt/site/extra\n../src\n\n  import os\n");
	pth_none("\xEF\xBB\xBFimport _virtualenv\r\n");
}

static void test_rules_pth__tampered_templates(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* template + one more statement */
	pth_one(&f,
		"import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = "
		"os.environ.get(var, 'local') == 'local'; enabled and "
		"__import__('_distutils_hack').add_shim(); os.system('id')\n",
		LG_SEV_CRITICAL);
	lg_findings_dispose(&f);
	/* editable finder names that differ */
	pth_one(&f,
		"import __editable___a_finder; "
		"__editable___b_finder.install()\n",
		LG_SEV_HIGH);
	lg_findings_dispose(&f);
	/* nspkg prefix with an extra statement */
	pth_one(&f, "import sys, types, os;p = os.path.join('x', *('a',));"
		    "__import__('demo_hook').go()\n",
		LG_SEV_HIGH);
	lg_findings_dispose(&f);
	/* nspkg with a package name that is not a module name */
	pth_one(&f, "import sys, types, os;m = m or sys.modules.setdefault("
		    "'a' + b, types.ModuleType('a'))\n",
		LG_SEV_HIGH);
	lg_findings_dispose(&f);
}

static void test_rules_pth__grades(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	x = pth_one(&f, "/opt/paths\nimport demo_hook\n", LG_SEV_MEDIUM);
	assert_int_equal(x->line, 2);
	assert_string_equal(x->path, "demo-1.0.data/purelib/demo.pth");
	assert_non_null(strstr(x->message, "import demo_hook"));
	lg_findings_dispose(&f);
	pth_one(&f, "import demo_hook; demo_hook.start()\n", LG_SEV_HIGH);
	lg_findings_dispose(&f);
	pth_one(&f, "import\tdemo_hook, other\n", LG_SEV_MEDIUM);
	lg_findings_dispose(&f);
	pth_one(&f, "import sys;__import__('demo').go()\n", LG_SEV_HIGH);
	lg_findings_dispose(&f);
}

static void test_rules_pth__critical(void **state)
{
	static const char *const lines[] = {
		"import os;os.system(\"curl http://127.0.0.1/x\")\n",
		"import os as o;o.popen('id')\n",
		"import sys;__import__('socket').create_connection(a)\n",
		"import urllib.request\n",
		"import sys; sys.executable\n",
		"import subprocess\n",
		"import x;eval(y)\n",
		"import x; x.run(stdout=DEVNULL)\n",
	};
	struct lg_findings f = LG_FINDINGS_INIT;
	char longline[300];

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		pth_one(&f, lines[i], LG_SEV_CRITICAL);
		lg_findings_dispose(&f);
	}
	memcpy(longline, "import demo", 11);
	memset(longline + 11, 'x', sizeof(longline) - 12);
	longline[sizeof(longline) - 1] = '\0';
	pth_one(&f, longline, LG_SEV_CRITICAL);
	lg_findings_dispose(&f);
}

static void test_rules_pth__litellm_shape(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	pth_one(&f,
		"import os, subprocess, sys; subprocess.Popen([sys.executable,"
		" \"-c\", \"import base64; "
		"exec(base64.b64decode('cGFzcw=='))\"]"
		", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n",
		LG_SEV_CRITICAL);
	lg_findings_dispose(&f);
	/* decode-exec also runs on the line's code, as critical */
	t_scan(&f, "x.pth",
	       "/some/path\nimport "
	       "base64;exec(base64.b64decode('cGFzcw=='))\n");
	x = t_one(&f, "exec.decode-exec");
	assert_int_equal(x->severity, LG_SEV_CRITICAL);
	assert_int_equal(x->line, 2);
	assert_int_equal(t_one(&f, "wheel.pth-exec-line")->severity,
			 LG_SEV_CRITICAL);
	lg_findings_dispose(&f);
}

static void test_rules_pth__line_breaks(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	/* str.splitlines() also breaks on \f, \v, \x1c-\x1e, NEL, U+2028 */
	x = pth_one(&f, "/a/path\fimport demo_hook\n", LG_SEV_MEDIUM);
	assert_int_equal(x->line, 1);
	lg_findings_dispose(&f);
	pth_one(&f, "/a\xE2\x80\xA8import demo_hook\n", LG_SEV_MEDIUM);
	lg_findings_dispose(&f);
	x = pth_one(&f, "a\r\nb\rc\nimport demo_hook", LG_SEV_MEDIUM);
	assert_int_equal(x->line, 4);
	lg_findings_dispose(&f);
	/* indented or commented import lines are not executed */
	pth_none(" import os;os.system('id')\n#import os;os.system('id')\n"
		 "importer\n");
}

static void test_rules_pth__bad_bytes(void **state)
{
	static const char text[] = "import a\0b;\xFF\xFE('x\n";
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(lg_rules_scan_member(&f, "x.pth", text,
					      sizeof(text) - 1),
			 0);
	assert_int_equal(t_count(&f, "wheel.pth-exec-line"), 1);
	lg_findings_dispose(&f);
}

static void test_rules_pth__oom_sweep(void **state)
{
	static const char text[] = "import _virtualenv\n"
				   "import os;os.system('id')\n";
	struct lg_findings f = LG_FINDINGS_INIT;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 5000; n++) {
		lg_findings_dispose(&f);
		lg_alloc_fail_after(n);
		error = lg_rules_scan_member(&f, "x.pth", text,
					     sizeof(text) - 1);
		lg_alloc_fail_after(-1);
	}
	assert_int_equal(error, 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].severity, LG_SEV_CRITICAL);
	lg_findings_dispose(&f);
}

int test_rules_pth_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_pth__templates),
		cmocka_unit_test(test_rules_pth__tampered_templates),
		cmocka_unit_test(test_rules_pth__grades),
		cmocka_unit_test(test_rules_pth__critical),
		cmocka_unit_test(test_rules_pth__litellm_shape),
		cmocka_unit_test(test_rules_pth__line_breaks),
		cmocka_unit_test(test_rules_pth__bad_bytes),
		cmocka_unit_test(test_rules_pth__oom_sweep),
	};

	return cmocka_run_group_tests_name("rules_pth", tests, NULL, NULL);
}
