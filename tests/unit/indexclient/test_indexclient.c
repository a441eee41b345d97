/* SPDX-License-Identifier: MIT */
/* The index client's helpers outside core/index: the index-document cache
 * (core/cache/index_cache.c) and the URL credential helpers
 * (core/fetch/url.c). Kept apart from test_cache/test_fetch. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/fetch.h"
#include "lg/index.h"
#include "lg/index_cache.h"

#define SECRET "s3cr3t-Pw"

/* Fails when SECRET is in any file name or file under dir. */
static void assert_no_secret(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		assert_null(strstr(e->d_name, SECRET));
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(lstat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			assert_no_secret(path);
		} else {
			char buf[4096];
			FILE *f = fopen(path, "rb");
			size_t n;

			assert_non_null(f);
			n = fread(buf, 1, sizeof(buf) - 1, f);
			buf[n] = '\0';
			fclose(f);
			assert_null(strstr(buf, SECRET));
		}
	}
	closedir(d);
}

static void test_indexclient_cache__roundtrip(void **state)
{
	char dir[] = "/tmp/lg-icache-XXXXXX";
	struct lg_index_doc doc = LG_INDEX_DOC_INIT, got = LG_INDEX_DOC_INIT;
	const char *url = "https://idx.invalid/simple/demo-pkg/";
	char *shown = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(lg_index_cache_get(&got, dir, url, LG_SIMPLE_ACCEPT), LG_ENOTFOUND);
	assert_int_equal(lg_url_redact(&shown, "https://alice:" SECRET "@idx.invalid/simple/demo-pkg/"), 0);
	assert_string_equal(shown, url);
	doc.url = strdup(shown);
	doc.etag = strdup("\"abc\"");
	doc.last_modified = strdup("Tue, 14 Nov 2023 22:13:20 GMT");
	doc.content_type = strdup("application/vnd.pypi.simple.v1+json");
	lg_buf_put(&doc.body, "{\"files\": []}\n\nx\0y", 18);
	assert_int_equal(lg_index_cache_put(dir, shown, LG_SIMPLE_ACCEPT, &doc), 0);
	/* Another Accept is another entry. */
	assert_int_equal(lg_index_cache_get(&got, dir, url, "application/json"), LG_ENOTFOUND);
	assert_int_equal(lg_index_cache_get(&got, dir, url, LG_SIMPLE_ACCEPT), 0);
	assert_string_equal(got.url, url);
	assert_string_equal(got.etag, "\"abc\"");
	assert_string_equal(got.last_modified, "Tue, 14 Nov 2023 22:13:20 GMT");
	assert_string_equal(got.content_type, "application/vnd.pypi.simple.v1+json");
	assert_int_equal(got.body.len, 18);
	assert_memory_equal(got.body.ptr, "{\"files\": []}\n\nx\0y", 18);
	assert_no_secret(dir);
	lg_index_doc_dispose(&got);
	/* A header with a line break is dropped, not written. */
	free(doc.etag);
	doc.etag = strdup("\"a\"\nurl https://evil.invalid/");
	assert_int_equal(lg_index_cache_put(dir, url, "x", &doc), 0);
	assert_int_equal(lg_index_cache_get(&got, dir, url, "x"), 0);
	assert_null(got.etag);
	assert_string_equal(got.url, url);
	lg_index_doc_dispose(&got);
	lg_index_doc_dispose(&doc);
	free(shown);
}

static void test_indexclient_cache__broken_entry(void **state)
{
	char dir[] = "/tmp/lg-icache-XXXXXX", path[1024];
	struct lg_index_doc doc = LG_INDEX_DOC_INIT, got = LG_INDEX_DOC_INIT;
	const char *url = "https://idx.invalid/simple/x/";
	struct dirent *e;
	DIR *d;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(lg_index_cache_put(dir, url, "a", &doc), 0);
	/* Find the one entry and overwrite it with garbage. */
	snprintf(path, sizeof(path), "%s/index", dir);
	assert_non_null(d = opendir(path));
	while ((e = readdir(d)) && e->d_name[0] == '.')
		;
	assert_non_null(e);
	snprintf(path, sizeof(path), "%s/index/%s", dir, e->d_name);
	closedir(d);
	assert_non_null(d = opendir(path));
	while ((e = readdir(d)) && e->d_name[0] == '.')
		;
	assert_non_null(e);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s", e->d_name);
	closedir(d);
	assert_non_null(f = fopen(path, "wb"));
	fputs("not an entry", f);
	fclose(f);
	assert_int_equal(lg_index_cache_get(&got, dir, url, "a"), LG_ENOTFOUND);
	assert_int_not_equal(access(path, F_OK), 0); /* removed */
	lg_index_doc_dispose(&got);
}

static void test_indexclient_url__credentials(void **state)
{
	char *s = NULL, *u = NULL, *p = NULL;

	(void)state;
	assert_int_equal(lg_url_host(&s, "https://A:b@Idx.Invalid:8443/simple/"), 0);
	assert_string_equal(s, "idx.invalid");
	free(s);
	assert_int_equal(lg_url_host(&s, "not a url"), LG_EINVALID);
	assert_true(lg_url_has_credentials("https://a@h.invalid/"));
	assert_false(lg_url_has_credentials("https://h.invalid/a@b"));
	assert_int_equal(lg_url_set_credentials(&s, "https://h.invalid/simple/", "al ice",
						 "p@ss:/w#"), 0);
	assert_string_equal(s, "https://al%20ice:p%40ss%3a%2fw%23@h.invalid/simple/");
	assert_int_equal(lg_url_credentials(&u, &p, s), 0);
	assert_string_equal(u, "al ice");
	assert_string_equal(p, "p@ss:/w#");
	free(u);
	free(p);
	free(s);
	assert_int_equal(lg_url_credentials(&u, &p, "https://h.invalid/"), 0);
	assert_null(u);
	assert_null(p);
	assert_true(lg_url_same_origin("https://u:p@H.invalid/simple/", "https://h.invalid:443/f/x.whl"));
	assert_false(lg_url_same_origin("https://h.invalid/", "http://h.invalid/"));
	assert_false(lg_url_same_origin("https://h.invalid/", "https://h.invalid:8443/"));
	assert_false(lg_url_same_origin("https://h.invalid/", "https://files.invalid/"));
	assert_false(lg_url_same_origin("https://h.invalid/", "::"));
	/* Errors about a URL never quote its password. */
	assert_int_equal(lg_url_host(&s, "https://u:" SECRET "@/x"), LG_EINVALID);
	assert_null(strstr(lg_error_last()->message, SECRET));
}

static void test_indexclient_fetch__request_rejects(void **state)
{
	struct lg_buf b = LG_BUF_INIT(1024);
	struct lg_fetch_response resp = LG_FETCH_RESPONSE_INIT;
	struct lg_fetch_options opts = LG_FETCH_OPTIONS_INIT;
	struct lg_fetch_doc_request req = {"http://u:" SECRET "@127.0.0.1:9/simple/", LG_SIMPLE_ACCEPT,
				       NULL, NULL};

	(void)state;
	assert_int_equal(lg_fetch_doc(&b, &resp, &opts, &req), LG_EINVALID);
	assert_null(strstr(lg_error_last()->message, SECRET));
	assert_null(resp.etag);
	/* With allow_http the scheme passes; a header with a line break does not. */
	opts.allow_http = true;
	req.if_none_match = "\"a\"\r\nX-Evil: 1";
	assert_int_equal(lg_fetch_doc(&b, &resp, &opts, &req), LG_EINVALID);
	/* A closed port is a transport error, and the message is redacted. */
	req.if_none_match = NULL;
	assert_int_equal(lg_fetch_doc(&b, &resp, &opts, &req), LG_ENET);
	assert_null(strstr(lg_error_last()->message, SECRET));
	lg_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indexclient_cache__roundtrip),
		cmocka_unit_test(test_indexclient_cache__broken_entry),
		cmocka_unit_test(test_indexclient_url__credentials),
		cmocka_unit_test(test_indexclient_fetch__request_rejects),
	};

	unsetenv("http_proxy");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	return cmocka_run_group_tests_name("indexclient", tests, NULL, NULL);
}
