/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/index.h"
#include "lg/limits.h"

#define SHA "0ACE7980F82C5815EDE4CD7BF9F6693684CEC2AE47B9B7ADE9ADD533B8627C6B"

static void test_index_release__files(void **state)
{
	const char doc[] =
		"{\"info\": {\"name\": \"Demo-Pkg\", \"version\": \"1.0\"},"
		" \"urls\": [{\"filename\": \"demo_pkg-1.0.tar.gz\","
		" \"url\": \"../../files/demo_pkg-1.0.tar.gz\", \"packagetype\": \"sdist\","
		" \"digests\": {\"sha256\": \"" SHA "\"}, \"yanked\": true},"
		" {\"filename\": \"demo_pkg-1.0-py3-none-any.whl\", \"url\": \"https://h.invalid/w.whl\","
		" \"digests\": {}}]}";
	struct lg_release *r = NULL;

	(void)state;
	assert_int_equal(lg_index_parse_release(&r, LG_TEST_STR(doc), "doc"), 0);
	assert_string_equal(r->name, "Demo-Pkg");
	assert_int_equal(r->nfiles, 2);
	assert_string_equal(r->files[0].packagetype, "sdist");
	assert_string_equal(r->files[0].sha256,
			    "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b");
	assert_true(r->files[0].yanked);
	assert_null(r->files[1].sha256);
	assert_string_equal(r->files[1].packagetype, "");
	lg_release_free(r);
}

static void test_index_release__rejects(void **state)
{
	static const char *const bad[] = {
		"{\"urls\": [], \"urls\": []}",               /* duplicate keys */
		"{\"info\": {}}",                             /* no urls */
		"[1, 2]",                                     /* not an object */
		"{\"urls\": [{\"filename\": \"x\"}]}",        /* no url */
		("{\"urls\": [{\"filename\": \"x\", \"url\": \"u\", "
		 "\"digests\": {\"sha256\": \"abc\"}}]}"),    /* short digest */
		"{\"urls\": [",                               /* truncated */
	};
	struct lg_release *r = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(lg_index_parse_release(&r, bad[i], strlen(bad[i]), "d"),
				 LG_EINVALID);
		assert_null(r);
	}
}

static void test_index_release__caps(void **state)
{
	struct lg_buf b = LG_BUF_INIT(64u << 20);
	struct lg_release *r = NULL;

	(void)state;
	lg_buf_puts(&b, "{\"urls\": [");
	for (size_t i = 0; i <= LG_MAX_INDEX_FILES; i++)
		lg_buf_printf(&b, "%s{\"filename\": \"f%zu\", \"url\": \"u\"}",
			      i ? "," : "", i);
	lg_buf_puts(&b, "]}");
	assert_int_equal(lg_index_parse_release(&r, b.ptr, b.len, "d"), LG_ETOOBIG);
	assert_int_equal(lg_index_parse_release(&r, b.ptr, LG_MAX_JSON_BYTES + 1u, "d"),
			 LG_ETOOBIG);
	lg_buf_dispose(&b);
}

static void test_index_url__encoding(void **state)
{
	char *u = NULL;

	(void)state;
	assert_int_equal(lg_index_release_url(&u, "https://i.invalid/pypi/", "demo-pkg",
					      "1.0+local/x"), 0);
	assert_string_equal(u, "https://i.invalid/pypi/demo-pkg/1.0+local%2Fx/json");
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_release__files),
		cmocka_unit_test(test_index_release__rejects),
		cmocka_unit_test(test_index_release__caps),
		cmocka_unit_test(test_index_url__encoding),
	};

	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
