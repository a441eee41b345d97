/* SPDX-License-Identifier: MIT */
#include "pysrc_tests.h"

/* Value of the first token of text, which must be a STRING. */
static void check_value(const char *text, const char *want, size_t want_len)
{
	struct lg_pysrc *src = t_parse(text);
	struct lg_buf out = LG_BUF_INIT(1024);

	assert_int_equal(src->toks[0].kind, LG_PYTOK_STRING);
	assert_int_equal(lg_pysrc_string_value(&out, src->buf, &src->toks[0]),
			 0);
	if (out.len != want_len || memcmp(out.ptr, want, want_len))
		fail_msg("%s gave '%s'", text, out.ptr);
	lg_buf_dispose(&out);
	lg_pysrc_free(src);
}

#define CHECK(text, want) check_value((text), (want), sizeof(want) - 1)

static void test_pysrc_strlit__plain_and_quotes(void **state)
{
	(void)state;
	CHECK("'abc'", "abc");
	CHECK("\"a'b\"", "a'b");
	CHECK("'''x\ny'''", "x\ny");
	CHECK("\"\"\"q\"\"\"", "q");
	CHECK("''", "");
	CHECK("u'x'", "x");
}

static void test_pysrc_strlit__escapes(void **state)
{
	(void)state;
	CHECK("'a\\nb\\tc'", "a\nb\tc");
	CHECK("'\\\\ \\' \\\"'", "\\ ' \"");
	CHECK("'\\x41\\101\\0'", "AA\0");
	CHECK("'\\a\\b\\f\\v\\r'", "\a\b\f\v\r");
	CHECK("'\\u00e9\\U0001F600'", "\xC3\xA9\xF0\x9F\x98\x80");
	CHECK("'\\xe9'", "\xC3\xA9");        /* text: U+00E9 as UTF-8 */
	CHECK("b'\\xe9\\u00e9'", "\xE9\\u00e9"); /* bytes: raw, no \\u */
	CHECK("'\\N{DASH}'", "\\N{DASH}");
	CHECK("'\\q'", "\\q");
	CHECK("'a\\\nb'", "ab");
	CHECK("'\\x4'", "\\x4");
}

static void test_pysrc_strlit__raw_and_format(void **state)
{
	struct lg_pysrc *src;

	(void)state;
	CHECK("r'\\n\\x41'", "\\n\\x41");
	CHECK("Rb'\\d'", "\\d");
	CHECK("f'{x}\\n'", "{x}\n");
	src = t_parse("f'a' rb'b' B'c' x");
	assert_true(lg_pysrc_string_flags(src->buf, &src->toks[0]) &
		    LG_PYSTR_FORMAT);
	assert_int_equal(lg_pysrc_string_flags(src->buf, &src->toks[1]),
			 LG_PYSTR_RAW | LG_PYSTR_BYTES);
	assert_int_equal(lg_pysrc_string_flags(src->buf, &src->toks[2]),
			 LG_PYSTR_BYTES);
	assert_int_equal(lg_pysrc_string_flags(src->buf, &src->toks[3]), 0);
	lg_pysrc_free(src);
}

static void test_pysrc_strlit__errors(void **state)
{
	struct lg_pysrc *src = t_parse("x 'abc");
	struct lg_buf out = LG_BUF_INIT(4);

	(void)state;
	assert_int_equal(lg_pysrc_string_value(&out, src->buf, &src->toks[0]),
			 LG_EINVALID);
	assert_int_equal(lg_pysrc_string_value(&out, src->buf, &src->toks[1]),
			 LG_EINVALID); /* unterminated: an ERROR token */
	lg_pysrc_free(src);
	src = t_parse("'too long for four'");
	assert_int_equal(lg_pysrc_string_value(&out, src->buf, &src->toks[0]),
			 LG_ETOOBIG);
	lg_buf_dispose(&out);
	lg_pysrc_free(src);
}

int test_pysrc_strlit_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pysrc_strlit__plain_and_quotes),
		cmocka_unit_test(test_pysrc_strlit__escapes),
		cmocka_unit_test(test_pysrc_strlit__raw_and_format),
		cmocka_unit_test(test_pysrc_strlit__errors),
	};

	return cmocka_run_group_tests_name("pysrc_strlit", tests, NULL, NULL);
}
