/* SPDX-License-Identifier: MIT */
/* lg_zip_find_dir / lg_zip_parse_dir / lg_zip_local_data over fixtures
 * built in memory (fixtures.c), as a lazy wheel read sees them: a tail, a
 * directory, a local header. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lg/archive.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "fixtures.h"
#include "zipdir_tests.h"

#define PTH "import os\n"
#define EOCD_LEN 22u

static void three_members(struct fx_zip *z)
{
	memset(z, 0, sizeof(*z));
	fx_zip_add(z, "pkg/__init__.py", 0, "x = 1\n", 6);
	fx_zip_add(z, "evil.pth", 0, PTH, strlen(PTH));
	fx_zip_add(z, "pkg/link", 0120777, "target", 6);
	fx_zip_add(z, "../up.txt", 0, "u", 1);
	fx_zip_finish(z);
}

/* Finds and parses the directory of the whole buffer. */
static int parse_all(struct lg_zip_dir **d, const struct fx *f)
{
	uint64_t off, size, n;
	int error;

	if ((error = lg_zip_find_dir(&off, &size, &n, f->p, f->len, 0,
				     f->len)) < 0)
		return error;
	return lg_zip_parse_dir(d, f->p + off, (size_t)size, off, n);
}

void test_zipdir__members(void **state)
{
	struct fx_zip z;
	struct lg_zip_dir *d = NULL;

	(void)state;
	three_members(&z);
	assert_int_equal(parse_all(&d, &z.out), 0);
	assert_int_equal(d->n, 4);
	assert_string_equal(d->v[0].path, "pkg/__init__.py");
	assert_null(d->v[0].problem);
	assert_int_equal(d->v[1].usize, strlen(PTH));
	assert_int_equal(d->v[1].method, 0);
	assert_int_equal(d->v[1].local_offset, z.m[1].offset);
	assert_null(d->v[1].problem);
	/* a symbolic link and a '..' path are flagged, not dropped */
	assert_true(d->v[2].is_link);
	assert_non_null(d->v[2].problem);
	assert_non_null(d->v[3].problem);
	lg_zip_dir_free(d);
	fx_dispose(&z.out);
}

void test_zipdir__comment_and_tail(void **state)
{
	struct fx_zip z;
	uint64_t off, size, n;
	size_t len;

	(void)state;
	three_members(&z);
	/* A 300-byte archive comment: the EOCD is found behind it. */
	z.out.p[z.out.len - 2] = 44, z.out.p[z.out.len - 1] = 1;
	for (int i = 0; i < 300; i++)
		fx_put(&z.out, "c", 1);
	len = z.out.len;
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p, len, 0, len),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(off + size, len - 300 - EOCD_LEN);
	/* A tail that stops short of the EOCD: ask for more. */
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p + len - 100,
					 100, len - 100, len),
			 LG_ENOTFOUND);
	/* A tail that is not the end of the file is a caller bug. */
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p, 10, 0, len),
			 LG_EINVALID);
	fx_dispose(&z.out);
}

void test_zipdir__inconsistent(void **state)
{
	struct fx_zip z;
	struct lg_zip_dir *d = NULL;
	uint64_t off, size, n;
	unsigned char *eocd;

	(void)state;
	three_members(&z);
	eocd = z.out.p + z.out.len - EOCD_LEN;
	/* directory size that does not reach the EOCD */
	eocd[12]--;
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p, z.out.len,
					 0, z.out.len),
			 LG_EINVALID);
	eocd[12]++;
	/* one entry fewer than the records: bytes left over */
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p, z.out.len,
					 0, z.out.len),
			 0);
	assert_int_equal(lg_zip_parse_dir(&d, z.out.p + off, (size_t)size, off,
					  n - 1),
			 LG_EINVALID);
	assert_null(d);
	/* a truncated directory */
	assert_int_equal(lg_zip_parse_dir(&d, z.out.p + off, (size_t)size - 3,
					  off, n),
			 LG_EINVALID);
	/* an entry whose data would lie past the directory */
	assert_int_equal(lg_zip_parse_dir(&d, z.out.p + off, (size_t)size, 10,
					  n),
			 LG_EINVALID);
	/* multi-disk */
	eocd[4] = 1;
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p, z.out.len,
					 0, z.out.len),
			 LG_EINVALID);
	fx_dispose(&z.out);
}

static void put_le(struct fx *f, uint64_t v, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)(v >> (8 * i));

		fx_put(f, &c, 1);
	}
}

void test_zipdir__zip64(void **state)
{
	struct fx_zip z;
	struct lg_zip_dir *d = NULL;
	uint64_t off, size, n, cd_off, cd_size, rec_off;

	(void)state;
	three_members(&z);
	cd_size = (uint64_t)(z.out.p[z.out.len - 10] |
			     z.out.p[z.out.len - 9] << 8 |
			     z.out.p[z.out.len - 8] << 16);
	z.out.len -= EOCD_LEN;
	cd_off = z.out.len - cd_size;
	rec_off = z.out.len;
	/* zip64 end record */
	put_le(&z.out, 0x06064b50u, 4);
	put_le(&z.out, 44, 8);
	put_le(&z.out, 45, 2);
	put_le(&z.out, 45, 2);
	put_le(&z.out, 0, 4);
	put_le(&z.out, 0, 4);
	put_le(&z.out, 4, 8);
	put_le(&z.out, 4, 8);
	put_le(&z.out, cd_size, 8);
	put_le(&z.out, cd_off, 8);
	/* locator */
	put_le(&z.out, 0x07064b50u, 4);
	put_le(&z.out, 0, 4);
	put_le(&z.out, rec_off, 8);
	put_le(&z.out, 1, 4);
	/* EOCD with overflowed fields */
	put_le(&z.out, 0x06054b50u, 4);
	put_le(&z.out, 0, 4);
	put_le(&z.out, 0xffff, 2);
	put_le(&z.out, 0xffff, 2);
	put_le(&z.out, 0xffffffffu, 4);
	put_le(&z.out, 0xffffffffu, 4);
	put_le(&z.out, 0, 2);
	assert_int_equal(lg_zip_find_dir(&off, &size, &n, z.out.p, z.out.len,
					 0, z.out.len),
			 0);
	assert_int_equal(off, cd_off);
	assert_int_equal(size, cd_size);
	assert_int_equal(n, 4);
	assert_int_equal(parse_all(&d, &z.out), 0);
	assert_int_equal(d->n, 4);
	lg_zip_dir_free(d);
	/* the zip64 record outside the tail: read more */
	assert_int_equal(lg_zip_find_dir(&off, &size, &n,
					 z.out.p + z.out.len - 42, 42,
					 z.out.len - 42, z.out.len),
			 LG_ENOTFOUND);
	fx_dispose(&z.out);
}

void test_zipdir__caps(void **state)
{
	struct lg_zip_dir *d = NULL;
	static const unsigned char none[1];

	(void)state;
	assert_int_equal(lg_zip_parse_dir(&d, none, 0, 0,
					  (uint64_t)LG_MAX_ARCHIVE_ENTRIES + 1),
			 LG_ETOOBIG);
	assert_int_equal(lg_zip_parse_dir(&d, none,
					  (size_t)LG_MAX_ZIP_DIR_BYTES + 1, 0, 1),
			 LG_ETOOBIG);
	assert_null(d);
}

void test_zipdir__local_header(void **state)
{
	struct fx_zip z;
	struct lg_zip_dir *d = NULL;
	size_t data_off;
	const unsigned char *lh;

	(void)state;
	three_members(&z);
	assert_int_equal(parse_all(&d, &z.out), 0);
	lh = z.out.p + d->v[1].local_offset;
	assert_int_equal(lg_zip_local_data(&data_off, lh, 64, &d->v[1]), 0);
	assert_memory_equal(lh + data_off, PTH, strlen(PTH));
	/* too short to tell: read more */
	assert_int_equal(lg_zip_local_data(&data_off, lh, 20, &d->v[1]),
			 LG_ENOTFOUND);
	/* the header of another member */
	assert_int_equal(lg_zip_local_data(&data_off,
					   z.out.p + d->v[0].local_offset, 64,
					   &d->v[1]),
			 LG_EINVALID);
	/* not a local header at all */
	assert_int_equal(lg_zip_local_data(&data_off, lh + 1, 64, &d->v[1]),
			 LG_EINVALID);
	lg_zip_dir_free(d);
	fx_dispose(&z.out);
}
