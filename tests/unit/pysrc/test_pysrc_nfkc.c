/* SPDX-License-Identifier: MIT */
/* NFKC of identifiers: Python binds the normalised name, so every
 * structure pass must see it. */
#include "pysrc_tests.h"

static const char *nfkc(const char *s)
{
	static char out[256];
	struct lg_buf b = LG_BUF_INIT(sizeof(out) - 1);

	assert_int_equal(lg_pysrc_nfkc(&b, s, strlen(s)), 0);
	memcpy(out, b.ptr, b.len + 1);
	lg_buf_dispose(&b);
	return out;
}

static void test_pysrc_nfkc__table(void **state)
{
	(void)state;
	assert_int_equal(lg_pysrc_nfkc_selfcheck(), 0);
	assert_non_null(lg_pysrc_nfkc_version());
	assert_true(strlen(lg_pysrc_nfkc_version()) >= 5);
	/* fullwidth, mathematical bold and italic, ligature, ordinal */
	assert_string_equal(nfkc("\xef\xbd\x85\xef\xbd\x98\xef\xbd\x85\xef\xbd\x83"), "exec");
	assert_string_equal(nfkc("\xf0\x9d\x90\x9e\xf0\x9d\x90\xb1\xf0\x9d\x90\x9e\xf0\x9d\x90\x9c"), "exec");
	assert_string_equal(nfkc("\xef\xac\x81le"), "file");
	assert_string_equal(nfkc("\xc2\xaa"), "a");
	/* already normal: Greek lambda, CJK, ASCII stay as they are */
	assert_string_equal(nfkc("\xce\xbb"), "\xce\xbb");
	assert_string_equal(nfkc("\xe5\x90\x8d\xe5\xad\x97"), "\xe5\x90\x8d\xe5\xad\x97");
	assert_string_equal(nfkc("plain_name"), "plain_name");
	/* invalid UTF-8 is copied */
	assert_string_equal(nfkc("a\xff"), "a\xff");
}

static void test_pysrc_nfkc__names_resolve(void **state)
{
	/* `ｅｘｅｃ(ｂａｓｅ６４.b64decode(s))` with `import base64 as ｂ` */
	struct lg_pysrc *src = t_parse(
		"from base64 import b64decode as \xef\xbd\x84\n"
		"\xef\xbd\x85\xef\xbd\x98\xef\xbd\x85\xef\xbd\x83(\xef\xbd\x84(s))\n"
		"import \xef\xbd\x8f\xef\xbd\x93\n"
		"\xf0\x9d\x90\xa8\xf0\x9d\x90\xac.system('x')\n");
	size_t e = t_find(src, "exec", 0);
	struct lg_str raw = lg_pysrc_raw_text(src, e);
	bool seen_exec = false, seen_dec = false, seen_sys = false;

	(void)state;
	assert_int_equal(raw.len, 12);
	assert_true(src->toks[e].flags & LG_PYTOK_F_NONASCII);
	for (size_t i = 0; i < src->ncalls; i++) {
		seen_exec |= !strcmp(src->calls[i].callee, "exec");
		seen_dec |= !strcmp(src->calls[i].callee, "base64.b64decode");
		seen_sys |= !strcmp(src->calls[i].callee, "os.system");
	}
	assert_true(seen_exec);
	assert_true(seen_dec);
	assert_true(seen_sys);
	assert_true(lg_pysrc_is(src, e, LG_PYTOK_NAME, "exec"));
	lg_pysrc_free(src);
}

static void test_pysrc_nfkc__i18n_unchanged(void **state)
{
	/* Names already in NFKC keep their bytes: no copy is made. */
	struct lg_pysrc *src = t_parse("\xce\xbb = 1\n"
				       "\xe5\x90\x8d\xe5\xad\x97 = '\xef\xbd\x85'\n");

	(void)state;
	assert_int_equal(src->nnorms, 0);
	assert_string_equal(t_text(src, 0), "\xce\xbb");
	lg_pysrc_free(src);
}

static void test_pysrc_nfkc__name_cap(void **state)
{
	/* A fullwidth name whose NFKC form is past LG_MAX_PY_NAME_BYTES. */
	static char text[3 * (LG_MAX_PY_NAME_BYTES + 1) + 8];
	struct lg_pysrc *src = NULL;
	size_t n = 0;

	(void)state;
	for (unsigned i = 0; i <= LG_MAX_PY_NAME_BYTES; i++) {
		memcpy(text + n, "\xef\xbd\x81", 3);
		n += 3;
	}
	memcpy(text + n, " = 1\n", 5);
	n += 5;
	assert_int_equal(lg_pysrc_parse(&src, text, n), LG_ETOOBIG);
	assert_null(src);
	/* One byte shorter fits. */
	assert_int_equal(lg_pysrc_parse(&src, text + 3, n - 3), 0);
	assert_int_equal(src->nnorms, 1);
	lg_pysrc_free(src);
}

int test_pysrc_nfkc_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pysrc_nfkc__table),
		cmocka_unit_test(test_pysrc_nfkc__names_resolve),
		cmocka_unit_test(test_pysrc_nfkc__i18n_unchanged),
		cmocka_unit_test(test_pysrc_nfkc__name_cap),
	};

	return cmocka_run_group_tests_name("pysrc_nfkc", tests, NULL, NULL);
}
