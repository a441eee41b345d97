/* SPDX-License-Identifier: MIT */
/* exec.decode-exec. Payload strings are inert placeholders. */
#include <stdio.h>
#include <stdlib.h>

#include "rules_tests.h"

/* Scans text as pkg/mod.py; asserts one finding at line with severity. */
static void hit(const char *text, size_t line, enum lg_severity sev,
		const char *path)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	t_scan(&f, path ? path : "pkg/mod.py", text);
	x = t_one(&f, "exec.decode-exec");
	assert_int_equal(x->line, line);
	assert_int_equal(x->severity, sev);
	assert_string_equal(x->path, path ? path : "pkg/mod.py");
	lg_findings_dispose(&f);
}

static void miss(const char *text)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	t_scan(&f, "pkg/mod.py", text);
	t_none(&f);
	lg_findings_dispose(&f);
}

static void test_rules_decode_exec__direct(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	t_scan(&f, "pkg/mod.py",
	       "import base64\n"
	       "exec(base64.b64decode('cHJpbnQoMSk='))\n");
	x = t_one(&f, "exec.decode-exec");
	assert_int_equal(x->severity, LG_SEV_HIGH);
	assert_int_equal(x->line, 2);
	assert_non_null(strstr(x->message, "'exec'"));
	assert_non_null(strstr(x->message, "'base64.b64decode'"));
	lg_findings_dispose(&f);
}

static void test_rules_decode_exec__decoders_and_sinks(void **state)
{
	static const char *const shapes[] = {
		"import zlib, "
		"base64\neval(zlib.decompress(base64.b64decode(s)))\n",
		"import binascii\nexec(binascii.unhexlify(h))\n",
		"exec(bytes.fromhex('7072696e74'))\n",
		"import codecs\nexec(codecs.decode(s, 'rot13'))\n",
		"import marshal, "
		"lzma\nexec(marshal.loads(lzma.decompress(b)))\n",
		"import bz2 as q\nexec(compile(q.decompress(b), '<s>', "
		"'exec'))\n",
		"import base64\nexec(base64.urlsafe_b64decode(s).decode())\n",
		"from base64 import b64decode as d\nexec(d(s))\n",
		"from gzip import decompress\nexec(decompress(s))\n",
		"import builtins, base64\nbuiltins.exec(base64.b85decode(s))\n",
		"import builtins, base64\n"
		"getattr(builtins, 'exec')(base64.b32decode(s))\n",
		"__import__('builtins').exec(__import__('base64').b64decode(s))"
		"\n",
		"from builtins import exec as run\nimport base64 as b\n"
		"run(b.a85decode(s))\n",
		"import base64\nb = base64\nexec(b.b16decode(s))\n",
		"e = exec\nimport base64\ne(base64.decodebytes(s))\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct lg_findings f = LG_FINDINGS_INIT;

		t_scan(&f, "pkg/mod.py", shapes[i]);
		if (t_count(&f, "exec.decode-exec") != 1)
			fail_msg("shape %zu: %zu findings", i, f.n);
		lg_findings_dispose(&f);
	}
}

static void test_rules_decode_exec__through_variables(void **state)
{
	(void)state;
	hit("import zlib\np = zlib.decompress(blob)\nexec(p)\n", 3, LG_SEV_HIGH,
	    NULL);
	hit("import base64\na = base64.b64decode(x)\nb = a\nc = b.decode()\n"
	    "eval(c)\n",
	    5, LG_SEV_HIGH, NULL);
	hit("import base64\ndef run():\n    code = base64.b64decode(s)\n"
	    "    exec(code)\n",
	    4, LG_SEV_HIGH, NULL);
	/* a module-level variable read inside a function */
	hit("import base64\nP = base64.b64decode(s)\ndef run():\n    exec(P)\n",
	    4, LG_SEV_HIGH, NULL);
	hit("import base64\nx = y = base64.b64decode(s)\nexec(y)\n", 3,
	    LG_SEV_HIGH, NULL);
}

static void test_rules_decode_exec__setup_py_is_critical(void **state)
{
	(void)state;
	hit("import base64\nexec(base64.b64decode(s))\n", 2, LG_SEV_CRITICAL,
	    "setup.py");
	hit("import base64\nexec(base64.b64decode(s))\n", 2, LG_SEV_CRITICAL,
	    "demo-1.0/setup.py");
	/* two directories down is an ordinary module */
	hit("import base64\nexec(base64.b64decode(s))\n", 2, LG_SEV_HIGH,
	    "demo-1.0/tools/setup.py");
}

static void test_rules_decode_exec__one_finding_per_nest(void **state)
{
	(void)state;
	hit("import base64\nexec(compile(base64.b64decode(s), 'x', 'exec'))\n",
	    2, LG_SEV_HIGH, NULL);
}

static void test_rules_decode_exec__near_misses(void **state)
{
	(void)state;
	miss("exec(open('version.py').read())\n");
	miss("import os\nhere = os.path.dirname(__file__)\n"
	     "exec(open(os.path.join(here, 'pkg', '__version__.py')).read(), "
	     "about)\n");
	miss("model.eval()\nnet.eval(mode=True)\ncursor.exec(q)\n");
	miss("import base64\ndata = base64.b64decode(s)\nprint(data)\n");
	miss("eval('1 + 1')\nimport ast\nast.literal_eval(s)\n");
	miss("import re\nrx = re.compile(pattern)\n");
	/* the variable was overwritten with something harmless */
	miss("import base64\nx = base64.b64decode(s)\nx = "
	     "'print(1)'\nexec(x)\n");
	/* decoded in another function */
	miss("import base64\ndef a():\n    p = base64.b64decode(s)\n"
	     "def b():\n    exec(p)\n");
	/* a keyword named like the variable is not a use of it */
	miss("import base64\nsrc = base64.b64decode(s)\nexec(code, src=1)\n");
	/* a local function that happens to be named decode */
	miss("def b64decode(x):\n    return x\nexec(b64decode(s))\n");
}

static void test_rules_decode_exec__findings_cap(void **state)
{
	size_t n = LG_MAX_FINDINGS_PER_FILE + 1, len = 0;
	char *text = malloc(n * 40 + 32);
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text, "import base64\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len,
				       "exec(base64.b64decode(s))\n");
	assert_int_equal(lg_rules_scan_member(&f, "pkg/mod.py", text, len),
			 LG_ETOOBIG);
	assert_int_equal(f.n, LG_MAX_FINDINGS_PER_FILE);
	lg_findings_dispose(&f);
	free(text);
}

static void test_rules_decode_exec__too_deep_is_an_error(void **state)
{
	char text[LG_MAX_PY_NESTING + 8];
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	memset(text, '[', sizeof(text));
	assert_int_equal(lg_rules_scan_member(&f, "pkg/mod.py", text,
					      sizeof(text)),
			 LG_ETOOBIG);
	assert_int_equal(f.n, 0);
}

static void test_rules_decode_exec__oom_sweep(void **state)
{
	static const char text[] = "import base64\n"
				   "p = base64.b64decode(s)\n"
				   "exec(p)\n";
	struct lg_findings f = LG_FINDINGS_INIT;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 2000; n++) {
		lg_findings_dispose(&f);
		lg_alloc_fail_after(n);
		error = lg_rules_scan_member(&f, "m.py", text,
					     sizeof(text) - 1);
		lg_alloc_fail_after(-1);
	}
	assert_int_equal(error, 0);
	assert_int_equal(t_count(&f, "exec.decode-exec"), 1);
	lg_findings_dispose(&f);
}

int test_rules_decode_exec_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_decode_exec__direct),
		cmocka_unit_test(test_rules_decode_exec__decoders_and_sinks),
		cmocka_unit_test(test_rules_decode_exec__through_variables),
		cmocka_unit_test(test_rules_decode_exec__setup_py_is_critical),
		cmocka_unit_test(test_rules_decode_exec__one_finding_per_nest),
		cmocka_unit_test(test_rules_decode_exec__near_misses),
		cmocka_unit_test(test_rules_decode_exec__findings_cap),
		cmocka_unit_test(test_rules_decode_exec__too_deep_is_an_error),
		cmocka_unit_test(test_rules_decode_exec__oom_sweep),
	};

	return cmocka_run_group_tests_name("rules_decode_exec", tests, NULL,
					   NULL);
}
