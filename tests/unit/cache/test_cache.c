/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>
#include <unistd.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/hash.h"

static void test_cache__roundtrip_and_corruption(void **state)
{
	char dir[] = "/tmp/lg-cache-XXXXXX", hex[65], path[512];
	struct lg_buf b = LG_BUF_INIT(1u << 20);
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(lg_sha256_hex(hex, "abc", 3), 0);
	assert_int_equal(lg_cache_get(&b, dir, hex), LG_ENOTFOUND);
	assert_int_equal(lg_cache_put(dir, hex, "abc", 3), 0);
	assert_int_equal(lg_cache_get(&b, dir, hex), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.ptr, "abc", 3);
	/* A tampered entry is not served and is removed. */
	snprintf(path, sizeof(path), "%s/sha256/%.2s/%s", dir, hex, hex);
	assert_non_null(f = fopen(path, "wb"));
	fputs("evil", f);
	fclose(f);
	assert_int_equal(lg_cache_get(&b, dir, hex), LG_ENOTFOUND);
	assert_int_not_equal(access(path, F_OK), 0);
	/* Keys must be sha256 hex: no path games. */
	assert_int_equal(lg_cache_put(dir, "../../etc/passwd", "x", 1), LG_EINVALID);
	lg_buf_dispose(&b);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

static void test_fs_read__caps_and_links(void **state)
{
	char dir[] = "/tmp/lg-fs-XXXXXX", path[512], link[600];
	struct lg_buf b = LG_BUF_INIT(1u << 20);
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_non_null(f = fopen(path, "wb"));
	fputs("0123456789", f);
	fclose(f);
	assert_int_equal(lg_fs_read_file(&b, path, 9), LG_ETOOBIG);
	assert_int_equal(lg_fs_read_file(&b, path, 10), 0);
	snprintf(link, sizeof(link), "%s/l", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_true(lg_fs_read_file(&b, link, 100) < 0);
	assert_int_equal(lg_fs_read_file(&b, dir, 100), LG_EINVALID);
	lg_buf_dispose(&b);
	snprintf(link, sizeof(link), "rm -rf '%s'", dir);
	assert_int_equal(system(link), 0);
}

static void age(const char *dir, const char *hex, time_t when)
{
	char path[512];
	struct utimbuf t = {when, when};

	snprintf(path, sizeof(path), "%s/sha256/%.2s/%s", dir, hex, hex);
	assert_int_equal(utime(path, &t), 0);
}

static void test_cache__stats_and_clean(void **state)
{
	char dir[] = "/tmp/lg-cache-XXXXXX", a[65], b[65], path[600];
	struct lg_cache_stats s;
	time_t now = time(NULL);
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* a missing cache is an empty one */
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(lg_cache_stats(&s, path), 0);
	assert_int_equal(s.entries, 0);
	assert_int_equal(lg_sha256_hex(a, "aaa", 3), 0);
	assert_int_equal(lg_sha256_hex(b, "bbbbb", 5), 0);
	assert_int_equal(lg_cache_put(dir, a, "aaa", 3), 0);
	assert_int_equal(lg_cache_put(dir, b, "bbbbb", 5), 0);
	/* a file the cache did not name is never counted nor removed */
	snprintf(path, sizeof(path), "%s/sha256/%.2s/notes.txt", dir, a);
	assert_non_null(f = fopen(path, "wb"));
	fputs("mine", f);
	fclose(f);
	assert_int_equal(lg_cache_stats(&s, dir), 0);
	assert_int_equal(s.nkinds, 1);
	assert_string_equal(s.kinds[0].kind, "sha256");
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.bytes, 8);
	/* clean --older-than 10 days: only the entry unused for 30 days */
	age(dir, a, now - 30 * 86400);
	assert_int_equal(lg_cache_clean(&s, dir, 10 * 86400, now), 0);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.bytes, 3);
	assert_int_equal(lg_cache_stats(&s, dir), 0);
	assert_int_equal(s.entries, 1);
	/* a read refreshes the last use */
	{
		struct lg_buf buf = LG_BUF_INIT(1u << 20);

		age(dir, b, now - 30 * 86400);
		assert_int_equal(lg_cache_get(&buf, dir, b), 0);
		lg_buf_dispose(&buf);
	}
	assert_int_equal(lg_cache_clean(&s, dir, 10 * 86400, now), 0);
	assert_int_equal(s.entries, 0);
	/* clean without an age empties it */
	assert_int_equal(lg_cache_clean(&s, dir, -1, now), 0);
	assert_int_equal(s.entries, 1);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache__roundtrip_and_corruption),
		cmocka_unit_test(test_fs_read__caps_and_links),
		cmocka_unit_test(test_cache__stats_and_clean),
	};

	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
