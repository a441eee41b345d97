/* SPDX-License-Identifier: MIT */
#include "lg_test.h"
#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/osv.h"

static struct lg_osv_db *db_of(const char *json)
{
	struct lg_osv_db *db = NULL;

	assert_int_equal(lg_osv_db_new(&db), 0);
	assert_int_equal(lg_osv_db_add_record(db, json, strlen(json), "t.json"), 0);
	return db;
}

static void test_osv__versions_list(void **state)
{
	struct lg_osv_db *db = db_of(
		"{\"id\": \"MAL-2099-1\", \"affected\": [{\"package\": "
		"{\"ecosystem\": \"PyPI\", \"name\": \"Evil_Pkg\"}, "
		"\"versions\": [\"1.0\", \"1.2.post1\"]}]}");

	(void)state;
	assert_int_equal(lg_osv_db_count(db), 1);
	/* The name is PEP 503 normalised; versions compare in PEP 440. */
	assert_string_equal(lg_osv_db_match(db, "evil-pkg", "1.0"), "MAL-2099-1");
	assert_string_equal(lg_osv_db_match(db, "evil-pkg", "1.0.0"), "MAL-2099-1");
	assert_string_equal(lg_osv_db_match(db, "evil-pkg", "1.2.post1"), "MAL-2099-1");
	/* Near misses: another version, another name. */
	assert_null(lg_osv_db_match(db, "evil-pkg", "1.1"));
	assert_null(lg_osv_db_match(db, "evil-pkg", "1.2"));
	assert_null(lg_osv_db_match(db, "evil-pkgs", "1.0"));
	lg_osv_db_free(db);
}

static void test_osv__ranges(void **state)
{
	struct lg_osv_db *db = db_of(
		"{\"id\": \"MAL-2099-2\", \"affected\": [{\"package\": "
		"{\"ecosystem\": \"PyPI\", \"name\": \"x-pkg\"}, \"ranges\": ["
		"{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1.5\"}, "
		"{\"fixed\": \"2.0\"}]},"
		"{\"type\": \"GIT\", \"repo\": \"r\", \"events\": [{\"introduced\": \"0\"}]},"
		"{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"3.0\"}, "
		"{\"last_affected\": \"3.1\"}]}]}]}");

	(void)state;
	assert_null(lg_osv_db_match(db, "x-pkg", "1.4"));
	assert_non_null(lg_osv_db_match(db, "x-pkg", "1.5"));
	assert_non_null(lg_osv_db_match(db, "x-pkg", "1.9.9"));
	assert_non_null(lg_osv_db_match(db, "x-pkg", "2.0rc1")); /* before 2.0 */
	assert_null(lg_osv_db_match(db, "x-pkg", "2.0"));
	assert_null(lg_osv_db_match(db, "x-pkg", "2.5"));
	assert_non_null(lg_osv_db_match(db, "x-pkg", "3.1"));
	assert_null(lg_osv_db_match(db, "x-pkg", "3.1.1"));
	lg_osv_db_free(db);
}

static void test_osv__all_versions_and_skips(void **state)
{
	struct lg_osv_db *db = db_of(
		"{\"id\": \"MAL-2099-3\", \"affected\": ["
		"{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"a-pkg\"}},"
		"{\"package\": {\"ecosystem\": \"npm\", \"name\": \"b-pkg\"}}]}");
	const char *other[] = {
		/* not MAL-: a vulnerability, not malware */
		"{\"id\": \"GHSA-1\", \"affected\": [{\"package\": "
		"{\"ecosystem\": \"PyPI\", \"name\": \"c-pkg\"}}]}",
		/* withdrawn */
		"{\"id\": \"MAL-2\", \"withdrawn\": \"2099-01-01T00:00:00Z\", "
		"\"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", "
		"\"name\": \"c-pkg\"}}]}",
		"{\"id\": \"MAL-3\"}",
	};

	(void)state;
	assert_non_null(lg_osv_db_match(db, "a-pkg", "0.0.1"));
	assert_null(lg_osv_db_match(db, "b-pkg", "1.0")); /* npm */
	for (size_t i = 0; i < LG_ARRAY_SIZE(other); i++)
		assert_int_equal(lg_osv_db_add_record(db, other[i], strlen(other[i]),
						      "o.json"), 0);
	assert_null(lg_osv_db_match(db, "c-pkg", "1.0"));
	assert_int_equal(lg_osv_db_count(db), 1);
	lg_osv_db_free(db);
}

static void test_osv__malformed(void **state)
{
	const char *bad[] = {
		"", "[1]", "{\"id\": 1}",
		"{\"id\": \"MAL-1\", \"affected\": {}}",
		"{\"id\": \"MAL-1\", \"affected\": [{\"package\": {\"ecosystem\": "
		"\"PyPI\", \"name\": \"ok\"}}, {\"package\": {\"ecosystem\": "
		"\"PyPI\", \"name\": \"x\"}, \"versions\": [1]}]}",
		"{\"id\": \"MAL-1\", \"affected\": [{\"package\": {\"ecosystem\": "
		"\"PyPI\", \"name\": \"-bad-\"}}]}",
		"{\"id\": \"MAL-1\", \"id\": \"MAL-2\"}",
	};
	struct lg_osv_db *db = NULL;

	(void)state;
	assert_int_equal(lg_osv_db_new(&db), 0);
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++) {
		assert_int_equal(lg_osv_db_add_record(db, bad[i], strlen(bad[i]),
						      "bad.json"), LG_EINVALID);
		assert_non_null(strstr(lg_error_last()->message, "bad.json"));
	}
	/* A failed record adds nothing, not even its good entries. */
	assert_int_equal(lg_osv_db_count(db), 0);
	lg_osv_db_free(db);
}

static void test_osv__caps(void **state)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_OSV_RECORD_BYTES * 2);
	struct lg_osv_db *db = NULL;

	(void)state;
	assert_int_equal(lg_osv_db_new(&db), 0);
	assert_int_equal(lg_buf_puts(&b, "{\"id\": \"MAL-1\", \"affected\": [{"
				     "\"package\": {\"ecosystem\": \"PyPI\", "
				     "\"name\": \"x\"}, \"versions\": ["), 0);
	for (unsigned i = 0; i <= LG_MAX_OSV_VERSIONS; i++)
		assert_int_equal(lg_buf_printf(&b, "%s\"%u\"", i ? "," : "", i), 0);
	assert_int_equal(lg_buf_puts(&b, "]}]}"), 0);
	assert_int_equal(lg_osv_db_add_record(db, b.ptr, b.len, "big.json"),
			 LG_ETOOBIG);
	assert_int_equal(lg_osv_db_add_record(db, b.ptr, LG_MAX_OSV_RECORD_BYTES + 1,
					      "huge.json"), LG_ETOOBIG);
	assert_int_equal(lg_osv_db_count(db), 0);
	lg_osv_db_free(db);
	lg_buf_dispose(&b);
}

static void test_osv__batch(void **state)
{
	static const struct lg_osv_query q[] = {{"a-pkg", "1.0"}, {"b\"pkg", "2"}};
	static const char answer[] =
		"{\"results\": [{\"vulns\": [{\"id\": \"PYSEC-1\"}, "
		"{\"id\": \"MAL-2099-9\"}]}, {}]}";
	struct lg_buf b = LG_BUF_INIT(1u << 20);
	char *ids[2];
	const char *bad[] = {"", "{}", "{\"results\": [{}]}",
			     "{\"results\": [{}, {\"vulns\": [{\"id\": 1}]}]}",
			     "{\"results\": [{}, {\"vulns\": {}}]}",
			     "{\"results\": [1, {}]}"};

	(void)state;
	assert_int_equal(lg_osv_batch_request(&b, q, 2), 0);
	assert_string_equal(b.ptr,
			    "{\"queries\":[{\"package\":{\"name\":\"a-pkg\","
			    "\"ecosystem\":\"PyPI\"},\"version\":\"1.0\"},"
			    "{\"package\":{\"name\":\"b\\\"pkg\",\"ecosystem\":"
			    "\"PyPI\"},\"version\":\"2\"}]}");
	assert_int_equal(lg_osv_batch_request(&b, q, LG_MAX_OSV_BATCH + 1),
			 LG_ETOOBIG);
	assert_int_equal(lg_osv_batch_parse(ids, 2, LG_TEST_STR(answer), "osv"), 0);
	assert_string_equal(ids[0], "MAL-2099-9"); /* PYSEC is not malware */
	assert_null(ids[1]);
	lg__free(ids[0]);
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++) {
		assert_int_equal(lg_osv_batch_parse(ids, 2, bad[i], strlen(bad[i]),
						    "osv"), LG_EINVALID);
		assert_null(ids[0]);
		assert_null(ids[1]);
	}
	lg_buf_dispose(&b);
}

static void test_osv__oom_sweep(void **state)
{
	static const char rec[] =
		"{\"id\": \"MAL-1\", \"affected\": [{\"package\": {\"ecosystem\": "
		"\"PyPI\", \"name\": \"A_b\"}, \"versions\": [\"1\", \"2\"], "
		"\"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": "
		"[{\"introduced\": \"3\"}, {\"fixed\": \"4\"}]}]}, {\"package\": "
		"{\"ecosystem\": \"PyPI\", \"name\": \"c\"}}]}";
	static const char answer[] = "{\"results\": [{\"vulns\": [{\"id\": \"MAL-9\"}]}, {}]}";
	struct lg_osv_db *db = NULL;
	char *ids[2];
	int error = LG_ENOMEM;

	(void)state;
	assert_int_equal(lg_osv_db_new(&db), 0);
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_osv_db_add_record(db, LG_TEST_STR(rec), "r.json");
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_int_equal(lg_osv_db_count(db), 0);
	}
	assert_int_equal(error, 0);
	assert_int_equal(lg_osv_db_count(db), 2);
	assert_non_null(lg_osv_db_match(db, "a-b", "3.5"));
	assert_non_null(lg_osv_db_match(db, "c", "9"));
	lg_osv_db_free(db);
	error = LG_ENOMEM;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_osv_batch_parse(ids, 2, LG_TEST_STR(answer), "a");
		lg_alloc_fail_after(-1);
	}
	assert_int_equal(error, 0);
	assert_string_equal(ids[0], "MAL-9");
	lg__free(ids[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osv__versions_list),
		cmocka_unit_test(test_osv__ranges),
		cmocka_unit_test(test_osv__all_versions_and_skips),
		cmocka_unit_test(test_osv__malformed),
		cmocka_unit_test(test_osv__caps),
		cmocka_unit_test(test_osv__batch),
		cmocka_unit_test(test_osv__oom_sweep),
	};

	return cmocka_run_group_tests_name("osv", tests, NULL, NULL);
}
