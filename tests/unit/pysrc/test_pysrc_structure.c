/* SPDX-License-Identifier: MIT */
#include "pysrc_tests.h"

static const struct lg_pyscope *scope_of(const struct lg_pysrc *src,
					 size_t tok)
{
	return &src->scopes[src->toks[tok].scope];
}

static void check_scope(const struct lg_pysrc *src, const char *tok_text,
			enum lg_pyscope_kind kind, const char *name)
{
	size_t i = t_find(src, tok_text, 0);
	const struct lg_pyscope *s = scope_of(src, i);

	assert_int_equal(s->kind, kind);
	assert_int_equal(lg_pysrc_scope_kind(src, i), kind);
	if (!name)
		assert_int_equal(s->name_tok, LG_PYTOK_NONE);
	else
		assert_string_equal(t_text(src, s->name_tok), name);
}

static void test_pysrc_structure__scopes(void **state)
{
	struct lg_pysrc *src = t_parse("x = 1\n"
				       "@dec\n"
				       "def f(a=dflt):\n"
				       "    y = 2\n"
				       "    class C(Base):\n"
				       "        z = 3\n"
				       "        async def m(self): inl()\n"
				       "        zz = 4\n"
				       "    yy = 5\n"
				       "w = 6\n");

	(void)state;
	assert_int_equal(src->nscopes, 4);
	check_scope(src, "x", LG_PYSCOPE_MODULE, NULL);
	check_scope(src, "dflt", LG_PYSCOPE_MODULE, NULL);
	check_scope(src, "y", LG_PYSCOPE_DEF, "f");
	check_scope(src, "Base", LG_PYSCOPE_DEF, "f");
	check_scope(src, "z", LG_PYSCOPE_CLASS, "C");
	check_scope(src, "inl", LG_PYSCOPE_DEF, "m");
	check_scope(src, "zz", LG_PYSCOPE_CLASS, "C");
	check_scope(src, "yy", LG_PYSCOPE_DEF, "f");
	check_scope(src, "w", LG_PYSCOPE_MODULE, NULL);
	assert_int_equal(src->scopes[src->toks[t_find(src, "z", 0)].scope]
				 .parent,
			 src->toks[t_find(src, "y", 0)].scope);
	lg_pysrc_free(src);
}

static void test_pysrc_structure__inline_bodies(void **state)
{
	struct lg_pysrc *src = t_parse("def f(): return g(); h()\n"
				       "class K: pass\n"
				       "top()\n"
				       "if x: inif()\n");

	(void)state;
	check_scope(src, "g", LG_PYSCOPE_DEF, "f");
	check_scope(src, "h", LG_PYSCOPE_DEF, "f");
	check_scope(src, "pass", LG_PYSCOPE_CLASS, "K");
	check_scope(src, "top", LG_PYSCOPE_MODULE, NULL);
	check_scope(src, "inif", LG_PYSCOPE_MODULE, NULL);
	assert_true(src->toks[t_find(src, "inif", 0)].flags & LG_PYTOK_F_STMT);
	assert_true(src->toks[t_find(src, "h", 0)].flags & LG_PYTOK_F_STMT);
	lg_pysrc_free(src);
}

static void check_resolve(const struct lg_pysrc *src, const char *name,
			  size_t at, const char *want)
{
	const char *got = lg_pysrc_resolve(src, name, strlen(name), at);

	if (!want)
		assert_null(got);
	else if (!got || strcmp(got, want))
		fail_msg("%s resolved to %s, not %s", name, got ? got : "NULL",
			 want);
}

static void test_pysrc_structure__imports(void **state)
{
	struct lg_pysrc *src = t_parse(
		"import os as o, sys\n"
		"from base64 import b64decode as d, b32decode\n"
		"import os.path\n"
		"import a.b.c as abc\n"
		"from . import sib\n"
		"from ..pkg.mod import (x as y,\n    z)\n"
		"b = __import__('base64')\n"
		"p = __import__('os.path')\n"
		"q = __import__('os.path', fromlist=['x'])\n"
		"im = importlib.import_module('zlib')\n"
		"sysx = sys.executable\n"
		"end = 1\n");
	size_t end = src->ntoks - 1;

	(void)state;
	check_resolve(src, "o", end, "os");
	check_resolve(src, "sys", end, "sys");
	check_resolve(src, "d", end, "base64.b64decode");
	check_resolve(src, "b32decode", end, "base64.b32decode");
	check_resolve(src, "os", end, "os");
	check_resolve(src, "abc", end, "a.b.c");
	check_resolve(src, "sib", end, ".sib");
	check_resolve(src, "y", end, "..pkg.mod.x");
	check_resolve(src, "z", end, "..pkg.mod.z");
	check_resolve(src, "b", end, "base64");
	check_resolve(src, "p", end, "os");
	check_resolve(src, "q", end, "os.path");
	check_resolve(src, "im", end, "zlib");
	check_resolve(src, "sysx", end, "sys.executable");
	check_resolve(src, "end", end, NULL);
	check_resolve(src, "nothing", end, NULL);
	lg_pysrc_free(src);
}

static void test_pysrc_structure__import_scopes(void **state)
{
	struct lg_pysrc *src = t_parse("import os\n"
				       "def f():\n"
				       "    import zlib as z\n"
				       "    z.decompress(a)\n"
				       "    os.system(b)\n"
				       "z.decompress(c)\n"
				       "class A:\n"
				       "    import subprocess as os\n"
				       "    os.run(d)\n"
				       "    def m(self):\n"
				       "        os.system(e)\n");
	const char *want[] = {"zlib.decompress", "os.system", "z.decompress",
			      "subprocess.run", "os.system"};

	(void)state;
	assert_int_equal(src->ncalls, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(src->calls[i].callee, want[i]);
	lg_pysrc_free(src);
}

static void test_pysrc_structure__calls(void **state)
{
	struct lg_pysrc *src = t_parse(
		"import builtins, subprocess as sp\n"
		"from base64 import b64decode as d\n"
		"sp.Popen(['x'])\n"
		"__import__('builtins').exec(c)\n"
		"getattr(builtins, 'exec')(c)\n"
		"getattr(__import__('os'), 'system')('id')\n"
		"''.join(x)\n"
		"model.eval()\n"
		"d(x)\n"
		"f()(y)\n"
		"a[0](z)\n"
		"def g(q): pass\n"
		"class H(B): pass\n"
		"if (x): pass\n");
	static const char *const want[] = {
		"subprocess.Popen", "__import__", "builtins.exec", "getattr",
		"builtins.exec", "getattr", "__import__", "os.system", ".join",
		"model.eval", "base64.b64decode", "f", "", "",
	};
	const struct lg_pycall *c;

	(void)state;
	if (src->ncalls != sizeof(want) / sizeof(want[0]))
		fail_msg("%zu calls", src->ncalls);
	for (size_t i = 0; i < src->ncalls; i++)
		if (strcmp(src->calls[i].callee, want[i]))
			fail_msg("call %zu is '%s', not '%s'", i,
				 src->calls[i].callee, want[i]);
	c = &src->calls[0];
	assert_string_equal(t_text(src, c->first), "sp");
	assert_string_equal(t_text(src, c->lparen), "(");
	assert_int_equal(c->rparen, src->toks[c->lparen].match);
	assert_int_equal(c->line, 3);
	c = t_call_at(src, t_find(src, "__import__", 0));
	assert_non_null(c);
	assert_int_equal(lg_pysrc_first_call(src, 0), 0);
	assert_int_equal(lg_pysrc_first_call(src, src->ntoks), src->ncalls);
	lg_pysrc_free(src);
}

static void test_pysrc_structure__unclosed_call(void **state)
{
	struct lg_pysrc *src = t_parse("exec(b64decode(x)\n");

	(void)state;
	assert_int_equal(src->ncalls, 2);
	assert_int_equal(src->calls[0].rparen, src->ntoks - 1);
	lg_pysrc_free(src);
}

static void test_pysrc_structure__assignments(void **state)
{
	struct lg_pysrc *src = t_parse("a = b = f(x)\n"
				       "c: int = 3\n"
				       "d += 1\n"
				       "e == 2\n"
				       "g = 1; h = 2\n"
				       "s = os.system\n");
	const struct lg_pyassign *v = src->assigns;

	(void)state;
	assert_int_equal(src->nassigns, 6);
	assert_string_equal(t_text(src, v[0].target), "a");
	assert_string_equal(t_text(src, v[1].target), "b");
	assert_int_equal(v[0].first, v[1].first);
	assert_string_equal(t_text(src, v[0].first), "f");
	assert_string_equal(t_text(src, v[0].end), "\n");
	assert_string_equal(t_text(src, v[2].target), "c");
	assert_string_equal(t_text(src, v[2].first), "3");
	assert_string_equal(t_text(src, v[3].target), "g");
	assert_string_equal(t_text(src, v[3].end), ";");
	assert_string_equal(t_text(src, v[4].target), "h");
	check_resolve(src, "s", src->ntoks - 1, "os.system");
	lg_pysrc_free(src);
}

static void test_pysrc_structure__name_cap(void **state)
{
	char text[LG_MAX_PY_NAME_BYTES * 2 + 64];
	struct lg_pysrc *src = NULL;
	size_t n = 0;

	(void)state;
	memcpy(text, "import ", 7);
	n = 7;
	while (n < LG_MAX_PY_NAME_BYTES + 16) {
		memcpy(text + n, "aa.", 3);
		n += 3;
	}
	memcpy(text + n, "b\n", 3);
	n += 2;
	assert_int_equal(lg_pysrc_parse(&src, text, n), LG_ETOOBIG);
	assert_null(src);
}

static void test_pysrc_structure__oom_sweep(void **state)
{
	static const char text[] =
		"import os as o\n"
		"def f(x):\n"
		"    y = o.system(x)\n"
		"    return __import__('zlib').decompress(y)\n";
	struct lg_pysrc *src = NULL;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_pysrc_parse(&src, text, sizeof(text) - 1);
		lg_alloc_fail_after(-1);
		if (error)
			assert_null(src);
	}
	assert_int_equal(error, 0);
	assert_int_equal(src->ncalls, 3);
	lg_pysrc_free(src);
}

int test_pysrc_structure_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pysrc_structure__scopes),
		cmocka_unit_test(test_pysrc_structure__inline_bodies),
		cmocka_unit_test(test_pysrc_structure__imports),
		cmocka_unit_test(test_pysrc_structure__import_scopes),
		cmocka_unit_test(test_pysrc_structure__calls),
		cmocka_unit_test(test_pysrc_structure__unclosed_call),
		cmocka_unit_test(test_pysrc_structure__assignments),
		cmocka_unit_test(test_pysrc_structure__name_cap),
		cmocka_unit_test(test_pysrc_structure__oom_sweep),
	};

	return cmocka_run_group_tests_name("pysrc_structure", tests, NULL,
					   NULL);
}
