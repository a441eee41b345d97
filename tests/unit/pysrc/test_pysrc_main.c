/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "pysrc_tests.h"

static char kinds_buf[8192];
static char text_buf[1024];

struct lg_pysrc *t_parse(const char *text)
{
	struct lg_pysrc *src = NULL;

	assert_int_equal(lg_pysrc_parse(&src, text, strlen(text)), 0);
	assert_non_null(src);
	return src;
}

const char *t_kinds(const struct lg_pysrc *src)
{
	size_t n = 0;

	kinds_buf[0] = '\0';
	for (size_t i = 0; i < src->ntoks; i++) {
		int w = snprintf(kinds_buf + n, sizeof(kinds_buf) - n, "%s%s",
				 i ? " " : "",
				 lg_pytok_kind_name(src->toks[i].kind));

		assert_true(w > 0 && (size_t)w < sizeof(kinds_buf) - n);
		n += (size_t)w;
	}
	return kinds_buf;
}

const char *t_text(const struct lg_pysrc *src, size_t i)
{
	struct lg_str s = lg_pysrc_text(src, i);

	assert_true(s.len < sizeof(text_buf));
	memcpy(text_buf, s.ptr, s.len);
	text_buf[s.len] = '\0';
	return text_buf;
}

size_t t_find(const struct lg_pysrc *src, const char *text, size_t from)
{
	for (size_t i = from; i < src->ntoks; i++) {
		struct lg_str s = lg_pysrc_text(src, i);

		if (s.len == strlen(text) && !memcmp(s.ptr, text, s.len))
			return i;
	}
	fail_msg("no token '%s'", text);
	return 0;
}

const struct lg_pycall *t_call_at(const struct lg_pysrc *src, size_t tok)
{
	for (size_t i = 0; i < src->ncalls; i++)
		if (src->calls[i].first == tok)
			return &src->calls[i];
	return NULL;
}

int main(void)
{
	int failed = 0;

	failed += test_pysrc_tokenize_group();
	failed += test_pysrc_strlit_group();
	failed += test_pysrc_structure_group();
	failed += test_pysrc_nfkc_group();
	return failed ? 1 : 0;
}
