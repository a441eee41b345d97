/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "pysrc_tests.h"

static struct lg_pysrc *parse_n(const char *text, size_t len)
{
	struct lg_pysrc *src = NULL;

	assert_int_equal(lg_pysrc_parse(&src, text, len), 0);
	return src;
}

static void check_kinds(const char *text, const char *kinds)
{
	struct lg_pysrc *src = t_parse(text);

	assert_string_equal(t_kinds(src), kinds);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__simple_statement(void **state)
{
	struct lg_pysrc *src = t_parse("x = 1\n");

	(void)state;
	assert_string_equal(t_kinds(src), "NAME OP NUMBER NEWLINE ENDMARKER");
	assert_string_equal(t_text(src, 0), "x");
	assert_string_equal(t_text(src, 1), "=");
	assert_int_equal(src->toks[2].off, 4);
	assert_int_equal(src->toks[2].len, 1);
	assert_int_equal(src->toks[2].line, 1);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__string_forms(void **state)
{
	static const char *const forms[] = {
		"'a'",      "\"a\"",       "r'a\\'b'",    "b\"x\"",
		"u'x'",     "f\"{x}\"",    "rb'\\d'",     "BR\"x\"",
		"Fr'{a}'",  "rF\"z\"",     "'''a\nb'''",  "\"\"\"x\"y\"\"\"",
		"\"a\\\"b\"", "'a\\\nb'",  "f\"{x[\"k\"]}\"", "f'{a!r:>{w}}'",
		"f'{{x}}'", "t'{x}'",      "''",          "\"\"\"\"\"\"",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct lg_pysrc *src = t_parse(forms[i]);

		if (strcmp(t_kinds(src), "STRING NEWLINE ENDMARKER"))
			fail_msg("'%s' gave %s", forms[i], t_kinds(src));
		assert_int_equal(src->toks[0].len, strlen(forms[i]));
		lg_pysrc_free(src);
	}
}

static void test_pysrc_tokenize__prefix_needs_quote(void **state)
{
	(void)state;
	check_kinds("rb + bar\n", "NAME OP NAME NEWLINE ENDMARKER");
	check_kinds("xf'a'\n", "NAME STRING NEWLINE ENDMARKER");
}

static void test_pysrc_tokenize__continuation(void **state)
{
	struct lg_pysrc *src = t_parse("x = 1 + \\\n  2\ny\n");

	(void)state;
	assert_string_equal(t_kinds(src), "NAME OP NUMBER OP NUMBER NEWLINE "
					  "NAME NEWLINE ENDMARKER");
	assert_int_equal(src->toks[4].line, 2);
	assert_int_equal(src->toks[6].line, 3);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__brackets_join_lines(void **state)
{
	struct lg_pysrc *src = t_parse("f(a,\n      b)\nz\n");

	(void)state;
	assert_string_equal(t_kinds(src), "NAME OP NAME OP NAME OP NEWLINE "
					  "NAME NEWLINE ENDMARKER");
	assert_int_equal(src->toks[1].match, 5);
	assert_int_equal(src->toks[5].match, 1);
	assert_int_equal(src->toks[2].depth, 1);
	assert_int_equal(src->toks[1].depth, 0);
	assert_int_equal(src->toks[7].line, 3);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__mismatched_brackets(void **state)
{
	struct lg_pysrc *src = t_parse("(]\n)\n");

	(void)state;
	assert_int_equal(src->toks[0].match, LG_PYTOK_NONE);
	assert_int_equal(src->toks[1].match, LG_PYTOK_NONE);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__indent_dedent(void **state)
{
	(void)state;
	check_kinds("if x:\n    y\n\n    # c\nz\n",
		    "NAME NAME OP NEWLINE INDENT NAME NEWLINE COMMENT DEDENT "
		    "NAME NEWLINE ENDMARKER");
	check_kinds("if a:\n  if b:\n    c\n",
		    "NAME NAME OP NEWLINE INDENT NAME NAME OP NEWLINE INDENT "
		    "NAME NEWLINE DEDENT DEDENT ENDMARKER");
}

static void test_pysrc_tokenize__bad_dedent(void **state)
{
	struct lg_pysrc *src = t_parse("if x:\n    a\n  b\n");
	size_t b = t_find(src, "b", 0);

	(void)state;
	assert_int_equal(src->toks[b - 1].kind, LG_PYTOK_ERROR);
	assert_true(src->toks[b - 1].flags & LG_PYTOK_F_BADDEDENT);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__line_endings(void **state)
{
	struct lg_pysrc *src = t_parse("a\r\nb\rc\nd");

	(void)state;
	assert_string_equal(t_kinds(src), "NAME NEWLINE NAME NEWLINE NAME "
					  "NEWLINE NAME NEWLINE ENDMARKER");
	assert_int_equal(src->toks[1].len, 2);
	assert_int_equal(src->toks[3].len, 1);
	assert_int_equal(src->toks[2].line, 2);
	assert_int_equal(src->toks[4].line, 3);
	assert_int_equal(src->toks[6].line, 4);
	assert_int_equal(src->toks[7].len, 0); /* implicit at end of input */
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__tabs_and_form_feed(void **state)
{
	(void)state;
	/* A tab goes to column 8, the same block as eight spaces. */
	check_kinds("if x:\n\ty\n        z\n",
		    "NAME NAME OP NEWLINE INDENT NAME NEWLINE NAME NEWLINE "
		    "DEDENT ENDMARKER");
	/* A form feed resets the column. */
	check_kinds("x\n\fy\n", "NAME NEWLINE NAME NEWLINE ENDMARKER");
	check_kinds(
		"if x:\n    \f  y\n",
		"NAME NAME OP NEWLINE INDENT NAME NEWLINE DEDENT ENDMARKER");
}

static void test_pysrc_tokenize__bom(void **state)
{
	struct lg_pysrc *src = t_parse("\xEF\xBB\xBFx = 1\n");

	(void)state;
	assert_string_equal(t_kinds(src), "NAME OP NUMBER NEWLINE ENDMARKER");
	assert_int_equal(src->toks[0].off, 3);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__nul_byte(void **state)
{
	static const char text[] = "a\0b = '\0'\n";
	struct lg_pysrc *src = parse_n(text, sizeof(text) - 1);

	(void)state;
	assert_string_equal(t_kinds(src), "NAME ERROR NAME OP STRING NEWLINE "
					  "ENDMARKER");
	assert_true(src->toks[1].flags & LG_PYTOK_F_BADBYTE);
	assert_int_equal(src->toks[4].len, 3);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__utf8(void **state)
{
	struct lg_pysrc *src = t_parse("\xC3\xA9t\xC3\xA9 = 1\n");

	(void)state;
	assert_string_equal(t_kinds(src), "NAME OP NUMBER NEWLINE ENDMARKER");
	assert_int_equal(src->toks[0].len, 5);
	lg_pysrc_free(src);
	/* Bytes that are not UTF-8: stray continuation, overlong, surrogate,
	 * truncated sequence at the end. */
	check_kinds("a\xFF\xFE"
		    "b\n",
		    "NAME ERROR ERROR NAME NEWLINE ENDMARKER");
	check_kinds("\xC0\xAF\n", "ERROR ERROR NEWLINE ENDMARKER");
	check_kinds("\xED\xA0\x80\n", "ERROR ERROR ERROR NEWLINE ENDMARKER");
	check_kinds("x\xE2\x82", "NAME ERROR ERROR NEWLINE ENDMARKER");
}

static void test_pysrc_tokenize__unterminated_string(void **state)
{
	struct lg_pysrc *src = t_parse("x = 'abc\ny = 2\n");
	size_t y = t_find(src, "y", 0);

	(void)state;
	assert_string_equal(t_kinds(src), "NAME OP ERROR NEWLINE NAME OP "
					  "NUMBER NEWLINE ENDMARKER");
	assert_true(src->toks[2].flags & LG_PYTOK_F_UNTERMINATED);
	assert_int_equal(src->toks[2].len, 4);
	assert_int_equal(src->toks[y].line, 2);
	lg_pysrc_free(src);
	check_kinds("s = \"\"\"abc\n\ndef", "NAME OP ERROR NEWLINE ENDMARKER");
	check_kinds("f'{x'\n", "ERROR NEWLINE ENDMARKER");
	check_kinds("'abc\\", "ERROR NEWLINE ENDMARKER");
}

static void test_pysrc_tokenize__triple_string_lines(void **state)
{
	struct lg_pysrc *src = t_parse("s = '''a\nb\r\nc'''\nt = 1\n");

	(void)state;
	assert_int_equal(src->toks[t_find(src, "t", 0)].line, 4);
	lg_pysrc_free(src);
}

static void test_pysrc_tokenize__comments(void **state)
{
	(void)state;
	check_kinds("x # c\n# only\ny\n",
		    "NAME COMMENT NEWLINE COMMENT NAME NEWLINE ENDMARKER");
}

static void test_pysrc_tokenize__operators(void **state)
{
	static const char *const ops[] = {
		"**=", "//=", ">>=", "<<=", "...", "->", ":=", "!=", "==", "**",
		"//", "<=", ">=", "+=", "@", "~", "<<", "|=",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		char text[32];
		struct lg_pysrc *src;

		snprintf(text, sizeof(text), "a %s b\n", ops[i]);
		src = t_parse(text);
		assert_string_equal(t_kinds(src), "NAME OP NAME NEWLINE "
						  "ENDMARKER");
		assert_string_equal(t_text(src, 1), ops[i]);
		lg_pysrc_free(src);
	}
	check_kinds("a $ b ? c\n", "NAME ERROR NAME ERROR NAME NEWLINE "
				   "ENDMARKER");
}

static void test_pysrc_tokenize__numbers(void **state)
{
	struct lg_pysrc *src = t_parse("0x1F 1_000 3.14e-10 1j .5 0o17 1e5\n");

	(void)state;
	assert_string_equal(t_kinds(src), "NUMBER NUMBER NUMBER NUMBER NUMBER "
					  "NUMBER NUMBER NEWLINE ENDMARKER");
	assert_string_equal(t_text(src, 2), "3.14e-10");
	lg_pysrc_free(src);
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *p = malloc(u * times + t + 1);

	assert_non_null(p);
	for (size_t i = 0; i < times; i++)
		memcpy(p + i * u, unit, u);
	memcpy(p + u * times, tail, t + 1);
	return p;
}

static void test_pysrc_tokenize__bracket_cap(void **state)
{
	char *deep = repeat("(", LG_MAX_PY_NESTING + 1, "");
	char *ok = repeat("(", LG_MAX_PY_NESTING, "");
	struct lg_pytok *toks = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, deep, strlen(deep)),
			 LG_ETOOBIG);
	assert_null(toks);
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, ok, strlen(ok)), 0);
	free(toks);
	free(deep);
	free(ok);
}

static void test_pysrc_tokenize__indent_cap(void **state)
{
	/* Line i is indented i columns: 1 + LG_MAX_PY_NESTING lines reach
	 * the cap exactly, one more goes past it. */
	size_t levels = LG_MAX_PY_NESTING + 2, len = 0;
	char *text = malloc(levels * (levels + 8) + 16);
	struct lg_pytok *toks = NULL;
	size_t n;

	(void)state;
	assert_non_null(text);
	for (size_t i = 0; i < levels; i++) {
		memset(text + len, ' ', i);
		len += i;
		memcpy(text + len, "if x:\n", 6);
		len += 6;
	}
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, text, len), LG_ETOOBIG);
	/* One level less is fine. */
	len = 0;
	for (size_t i = 0; i < levels - 1; i++) {
		memset(text + len, ' ', i);
		len += i;
		memcpy(text + len, "if x:\n", 6);
		len += 6;
	}
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, text, len), 0);
	free(toks);
	free(text);
}

static void test_pysrc_tokenize__fstring_nesting_cap(void **state)
{
	char *deep = repeat("f'{", LG_MAX_PY_NESTING + 2, "");
	struct lg_pytok *toks = NULL;
	size_t n;

	(void)state;
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, deep, strlen(deep)),
			 LG_ETOOBIG);
	free(deep);
}

static void test_pysrc_tokenize__token_cap(void **state)
{
	char *many = repeat(";", LG_MAX_PY_TOKENS, "");
	struct lg_pytok *toks = NULL;
	size_t n;

	(void)state;
	/* Each ';' is a token; NEWLINE and ENDMARKER go past the cap. */
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, many, strlen(many)),
			 LG_ETOOBIG);
	assert_null(toks);
	assert_int_equal(lg_pysrc_tokenize(&toks, &n, many, strlen(many) - 2),
			 0);
	assert_int_equal(n, LG_MAX_PY_TOKENS);
	free(toks);
	free(many);
}

/* Invariants on pseudo-random bytes from Python-ish pieces. */
static void test_pysrc_tokenize__random_invariants(void **state)
{
	static const char *const pieces[] = {
		"x", " ", "\n", "\r\n", "\t", "(", ")", "[", "]", "'", "\"",
		"'''", "f'", "{", "}", "\\", "#", "\xC3", "\xA9", "\0", "1.5",
		"if", ":", "    ", "def", "import", "=", ";", "\f", "\r",
	};
	uint32_t seed = 12345;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		char buf[256];
		size_t len = 0;
		struct lg_pytok *toks = NULL;
		size_t n = 0;
		uint32_t line = 1;

		while (len < 200) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) %
				   (sizeof(pieces) / sizeof(pieces[0]))];
			if (!*p)
				buf[len++] = '\0';
			else {
				memcpy(buf + len, p, strlen(p));
				len += strlen(p);
			}
		}
		assert_int_equal(lg_pysrc_tokenize(&toks, &n, buf, len), 0);
		assert_true(n >= 1);
		assert_int_equal(toks[n - 1].kind, LG_PYTOK_ENDMARKER);
		for (size_t i = 0; i < n; i++) {
			assert_true((size_t)toks[i].off + toks[i].len <= len);
			assert_true(toks[i].line >= line);
			line = toks[i].line;
			if (toks[i].match != LG_PYTOK_NONE)
				assert_int_equal(toks[toks[i].match].match, i);
		}
		free(toks);
	}
}

static void test_pysrc_tokenize__empty_and_kind_names(void **state)
{
	(void)state;
	check_kinds("", "ENDMARKER");
	check_kinds("\n\n  \n", "ENDMARKER");
	assert_string_equal(lg_pytok_kind_name(LG_PYTOK_DEDENT), "DEDENT");
	assert_string_equal(lg_pytok_kind_name((enum lg_pytok_kind)99),
			    "UNKNOWN");
}

int test_pysrc_tokenize_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pysrc_tokenize__simple_statement),
		cmocka_unit_test(test_pysrc_tokenize__string_forms),
		cmocka_unit_test(test_pysrc_tokenize__prefix_needs_quote),
		cmocka_unit_test(test_pysrc_tokenize__continuation),
		cmocka_unit_test(test_pysrc_tokenize__brackets_join_lines),
		cmocka_unit_test(test_pysrc_tokenize__mismatched_brackets),
		cmocka_unit_test(test_pysrc_tokenize__indent_dedent),
		cmocka_unit_test(test_pysrc_tokenize__bad_dedent),
		cmocka_unit_test(test_pysrc_tokenize__line_endings),
		cmocka_unit_test(test_pysrc_tokenize__tabs_and_form_feed),
		cmocka_unit_test(test_pysrc_tokenize__bom),
		cmocka_unit_test(test_pysrc_tokenize__nul_byte),
		cmocka_unit_test(test_pysrc_tokenize__utf8),
		cmocka_unit_test(test_pysrc_tokenize__unterminated_string),
		cmocka_unit_test(test_pysrc_tokenize__triple_string_lines),
		cmocka_unit_test(test_pysrc_tokenize__comments),
		cmocka_unit_test(test_pysrc_tokenize__operators),
		cmocka_unit_test(test_pysrc_tokenize__numbers),
		cmocka_unit_test(test_pysrc_tokenize__bracket_cap),
		cmocka_unit_test(test_pysrc_tokenize__indent_cap),
		cmocka_unit_test(test_pysrc_tokenize__fstring_nesting_cap),
		cmocka_unit_test(test_pysrc_tokenize__token_cap),
		cmocka_unit_test(test_pysrc_tokenize__random_invariants),
		cmocka_unit_test(test_pysrc_tokenize__empty_and_kind_names),
	};

	return cmocka_run_group_tests_name("pysrc_tokenize", tests, NULL, NULL);
}
