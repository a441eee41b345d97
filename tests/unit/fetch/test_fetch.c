/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/fetch.h"
#include "lg/hash.h"
#include "lg/limits.h"

static const char *const proxy_vars[] = {
	"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
};

/* ---- lg_url_resolve --------------------------------------------------- */

struct resolve_case {
	const char *base, *ref, *want;
};

static const struct resolve_case resolve_cases[] = {
	/* absolute ref replaces the base */
	{"https://pypi.org/simple/six/",
	 "https://files.example/packages/ab/six-1.0.tar.gz#sha256=00",
	 "https://files.example/packages/ab/six-1.0.tar.gz#sha256=00"},
	/* relative path */
	{"https://pypi.org/simple/six/", "six-1.0.tar.gz",
	 "https://pypi.org/simple/six/six-1.0.tar.gz"},
	/* ../ */
	{"https://pypi.org/simple/six/", "../../packages/six-1.0.whl",
	 "https://pypi.org/packages/six-1.0.whl"},
	/* absolute-path ref */
	{"https://idx.example:8443/a/b/c", "/packages/x.whl",
	 "https://idx.example:8443/packages/x.whl"},
	/* base without trailing slash: last segment replaced */
	{"https://idx.example/simple/six", "six-1.0.whl",
	 "https://idx.example/simple/six-1.0.whl"},
	/* scheme-relative ref */
	{"https://idx.example/simple/", "//cdn.example/p/x.whl",
	 "https://cdn.example/p/x.whl"},
};

static void test_fetch_url_resolve__cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]);
	     i++) {
		const struct resolve_case *c = &resolve_cases[i];
		char *got = NULL;

		assert_int_equal(lg_url_resolve(&got, c->base, c->ref), 0);
		assert_non_null(got);
		assert_string_equal(got, c->want);
		lg__free(got);
	}
}

static void test_fetch_url_resolve__invalid(void **state)
{
	char *got = NULL;

	(void)state;
	assert_int_equal(lg_url_resolve(&got, "not a url", "x"), LG_EINVALID);
	assert_null(got);
	assert_int_equal(lg_url_resolve(&got, "relative/base", "x"),
			 LG_EINVALID);
	assert_null(got);
}

static void test_fetch_url_resolve__too_long(void **state)
{
	char *got = NULL;
	char *ref = malloc(LG_MAX_PATH_BYTES + 2);

	(void)state;
	assert_non_null(ref);
	memset(ref, 'a', LG_MAX_PATH_BYTES + 1);
	ref[LG_MAX_PATH_BYTES + 1] = '\0';
	assert_int_equal(lg_url_resolve(&got, "https://x.example/", ref),
			 LG_ETOOBIG);
	assert_null(got);
	free(ref);
}

/* ---- lg_url_redact ---------------------------------------------------- */

struct redact_case {
	const char *in, *want;
};

static const struct redact_case redact_cases[] = {
	{"https://pypi.org/simple/", "https://pypi.org/simple/"},
	{"https://user:s3cret@idx.example/simple/",
	 "https://idx.example/simple/"},
	{"https://token@idx.example:8443/x?y=z",
	 "https://idx.example:8443/x?y=z"},
	{"https://a:b@c@idx.example/", "https://idx.example/"},
	{"https://idx.example/path/a@b", "https://idx.example/path/a@b"},
	{"https://idx.example?q=a@b", "https://idx.example?q=a@b"},
	{"user:s3cret@idx.example/x", "idx.example/x"},
	{"https://u:p\\@idx.example/", "https://idx.example/"},
	{"", ""},
};

static void test_fetch_url_redact__cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(redact_cases) / sizeof(redact_cases[0]);
	     i++) {
		char *got = NULL;

		assert_int_equal(lg_url_redact(&got, redact_cases[i].in), 0);
		assert_non_null(got);
		assert_string_equal(got, redact_cases[i].want);
		lg__free(got);
	}
}

/* ---- lg_fetch_get ----------------------------------------------------- */

static void test_fetch_get__rejects_non_https(void **state)
{
	struct lg_buf out = LG_BUF_INIT(1024);
	char sha[LG_SHA256_HEX_LEN + 1];
	static const char *const urls[] = {
		"http://user:s3cret@pypi.org/simple/",
		"ftp://pypi.org/x",
		"file:///etc/passwd",
		"pypi.org/simple/",
		"",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		lg_error_clear();
		assert_int_equal(lg_fetch_get(&out, sha, NULL, urls[i]),
				 LG_EINVALID);
		assert_int_equal(out.len, 0);
		assert_null(strstr(lg_error_last()->message, "s3cret"));
	}
	assert_non_null(strstr(lg_error_last()->message, "https"));
	lg_buf_dispose(&out);
}

static int closed_loopback_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int port;

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_fetch_get__closed_port_is_enet(void **state)
{
	struct lg_buf out = LG_BUF_INIT(1024);
	struct lg_fetch_options opts = LG_FETCH_OPTIONS_INIT;
	char sha[LG_SHA256_HEX_LEN + 1];
	char url[128];
	double t0;

	(void)state;
	opts.connect_timeout_ms = 5000;
	snprintf(url, sizeof(url), "https://user:s3cret@127.0.0.1:%d/x",
		 closed_loopback_port());
	t0 = now_seconds();
	lg_error_clear();
	assert_int_equal(lg_fetch_get(&out, sha, &opts, url), LG_ENET);
	assert_true(now_seconds() - t0 < 4.0);
	assert_int_equal(out.len, 0);
	assert_int_equal(lg_error_last()->klass, LG_ERRCLASS_NET);
	assert_non_null(strstr(lg_error_last()->message, "127.0.0.1"));
	assert_null(strstr(lg_error_last()->message, "s3cret"));
	lg_buf_dispose(&out);
}

/* Each request of a batch gets its own result; one bad request does not
 * stop the others, and refused connections are not retried. */
static void test_fetch_batch__per_request_results(void **state)
{
	struct lg_fetch_request r[4] = {
		LG_FETCH_REQUEST_INIT(0), LG_FETCH_REQUEST_INIT(0),
		LG_FETCH_REQUEST_INIT(0), LG_FETCH_REQUEST_INIT(0)};
	struct lg_fetch_options opts = LG_FETCH_OPTIONS_INIT;
	char closed[128], *longurl;
	double t0;

	(void)state;
	longurl = malloc(LG_MAX_PATH_BYTES + 32);
	assert_non_null(longurl);
	memcpy(longurl, "https://a.invalid/", 18);
	memset(longurl + 18, 'x', LG_MAX_PATH_BYTES);
	longurl[18 + LG_MAX_PATH_BYTES] = '\0';
	snprintf(closed, sizeof(closed), "https://u:pw@127.0.0.1:%d/f.whl",
		 closed_loopback_port());
	r[0].url = "http://127.0.0.1/x";
	r[1].url = longurl;
	r[2].url = closed;
	r[2].hash = true;
	r[3].url = closed;
	r[3].range = true; /* a range of no bytes is a caller error */
	opts.retry_base_ms = 2000; /* a retry would show in the time */
	t0 = now_seconds();
	assert_int_equal(lg_fetch_batch(r, 4, 0, &opts), 0);
	assert_true(now_seconds() - t0 < 1.5);
	assert_int_equal(r[0].error, LG_EINVALID);
	assert_non_null(strstr(r[0].message, "only https"));
	assert_int_equal(r[1].error, LG_ETOOBIG);
	assert_int_equal(r[2].error, LG_ENET);
	assert_int_equal(r[2].attempts, 1);
	assert_int_equal(r[2].body.len, 0);
	assert_string_equal(r[2].sha256, "");
	assert_null(strstr(r[2].message, "pw@"));
	assert_int_equal(r[3].error, LG_EINVALID);
	for (size_t i = 0; i < 4; i++)
		lg_fetch_request_dispose(&r[i]);
	free(longurl);
}

/* --offline: no request is tried (not even a connect to a closed port);
 * each fails at once, never retried, and says --offline. */
static void test_fetch_batch__offline_sends_nothing(void **state)
{
	struct lg_fetch_request r = LG_FETCH_REQUEST_INIT(0);
	struct lg_fetch_options opts = LG_FETCH_OPTIONS_INIT;
	struct lg_buf out = LG_BUF_INIT(1024);
	char url[128];

	(void)state;
	snprintf(url, sizeof(url), "https://u:pw@127.0.0.1:%d/f.whl",
		 closed_loopback_port());
	r.url = url;
	opts.offline = true;
	assert_int_equal(lg_fetch_batch(&r, 1, 0, &opts), 0);
	assert_int_equal(r.error, LG_ENET);
	assert_int_equal(r.attempts, 0);
	assert_non_null(strstr(r.message, "--offline"));
	assert_null(strstr(r.message, "pw@"));
	lg_fetch_request_dispose(&r);
	lg_error_clear();
	assert_int_equal(lg_fetch_get(&out, NULL, &opts, url), LG_ENET);
	assert_non_null(strstr(lg_error_last()->message, "--offline"));
	lg_buf_dispose(&out);
}

/* More requests than jobs: a freed slot starts the next request at once
 * (no idle wait between them). Refused connections end at once. */
static void test_fetch_batch__queue_moves_on(void **state)
{
	struct lg_fetch_request r[5];
	struct lg_fetch_options opts = LG_FETCH_OPTIONS_INIT;
	char url[64];
	double t0;

	(void)state;
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/f",
		 closed_loopback_port());
	for (size_t i = 0; i < 5; i++) {
		struct lg_fetch_request init = LG_FETCH_REQUEST_INIT(0);

		r[i] = init;
		r[i].url = url;
	}
	opts.jobs = 1;
	t0 = now_seconds();
	assert_int_equal(lg_fetch_batch(r, 5, 0, &opts), 0);
	assert_true(now_seconds() - t0 < 1.5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(r[i].error, LG_ENET);
		lg_fetch_request_dispose(&r[i]);
	}
}

static void test_fetch_batch__empty_and_too_many(void **state)
{
	struct lg_fetch_request r = LG_FETCH_REQUEST_INIT(0);

	(void)state;
	assert_int_equal(lg_fetch_batch(NULL, 0, 0, NULL), 0);
	assert_int_equal(lg_fetch_batch(&r, (size_t)LG_MAX_FETCH_BATCH + 1, 0,
					NULL),
			 LG_ETOOBIG);
}

static int setup(void **state)
{
	(void)state;
	/* libcurl honours proxy variables; the tests must not use them. */
	for (size_t i = 0; i < sizeof(proxy_vars) / sizeof(proxy_vars[0]); i++)
		unsetenv(proxy_vars[i]);
	return lg_fetch_global_init() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	lg_fetch_global_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fetch_url_resolve__cases),
		cmocka_unit_test(test_fetch_url_resolve__invalid),
		cmocka_unit_test(test_fetch_url_resolve__too_long),
		cmocka_unit_test(test_fetch_url_redact__cases),
		cmocka_unit_test(test_fetch_get__rejects_non_https),
		cmocka_unit_test(test_fetch_get__closed_port_is_enet),
		cmocka_unit_test(test_fetch_batch__per_request_results),
		cmocka_unit_test(test_fetch_batch__offline_sends_nothing),
		cmocka_unit_test(test_fetch_batch__queue_moves_on),
		cmocka_unit_test(test_fetch_batch__empty_and_too_many),
	};

	return cmocka_run_group_tests_name("fetch", tests, setup, teardown);
}
