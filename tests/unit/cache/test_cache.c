/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache__roundtrip_and_corruption),
		cmocka_unit_test(test_fs_read__caps_and_links),
	};

	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
