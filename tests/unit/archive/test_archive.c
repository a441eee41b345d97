/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lg/archive.h"
#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/model.h"
#include "../../../core/archive/archive_private.h"
#include "fixtures.h"
#include "zipdir_tests.h"

#define SETUP_PY "from setuptools import setup\nsetup(name='inert')\n"
#define PKG_INFO "Metadata-Version: 2.1\nName: inert\nVersion: 1.0\n"
#define README "# inert\n\nNothing to see here.\n"

#define MAX_SEEN 32

/* What the member callback saw. */
struct seen {
	size_t n;
	char *path[MAX_SEEN];
	char *data[MAX_SEEN]; /* copy, or NULL when not loaded */
	size_t size[MAX_SEEN];
	int stop_at;          /* return -99 for this member index (-1: never) */
};

static void seen_dispose(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->path[i]);
		free(s->data[i]);
	}
	memset(s, 0, sizeof(*s));
	s->stop_at = -1;
}

/* Wants everything except *.md. */
static bool want_not_md(const char *path, void *payload)
{
	size_t n = strlen(path);

	(void)payload;
	return !(n >= 3 && strcmp(path + n - 3, ".md") == 0);
}

static bool want_all(const char *path, void *payload)
{
	(void)path;
	(void)payload;
	return true;
}

static int collect(const struct lg_member *m, void *payload)
{
	struct seen *s = payload;
	size_t i = s->n;

	assert_true(i < MAX_SEEN);
	if ((int)i == s->stop_at)
		return -99;
	s->path[i] = strdup(m->path);
	s->size[i] = m->size;
	if (m->data) {
		/* Loaded members are NUL-terminated. */
		assert_int_equal(m->data[m->size], '\0');
		s->data[i] = malloc(m->size + 1);
		assert_non_null(s->data[i]);
		memcpy(s->data[i], m->data, m->size + 1);
	}
	s->n++;
	return 0;
}

static int walk(const struct fx *f, lg_archive_want_fn want, struct seen *s,
		struct lg_findings *fs)
{
	return lg_archive_walk(f->p, f->len, "fixture", want, collect, s, fs);
}

static int walk_limited(const struct lg_archive_limits *lim,
			const struct fx *f, lg_archive_want_fn want,
			struct seen *s, struct lg_findings *fs)
{
	return lg_archive__walk_limits(lim, f->p, f->len, "fixture", want,
				       collect, s, fs);
}

static void make_sdist_tar(struct fx *f)
{
	fx_tar_add(f, "inert-1.0/", FX_DIR, NULL, NULL, 0, 0);
	fx_tar_add_text(f, "inert-1.0/setup.py", SETUP_PY);
	fx_tar_add_text(f, "inert-1.0/PKG-INFO", PKG_INFO);
	fx_tar_add_text(f, "inert-1.0/README.md", README);
	fx_tar_finish(f);
}

static void assert_sdist_seen(const struct seen *s)
{
	assert_int_equal(s->n, 3);
	assert_string_equal(s->path[0], "inert-1.0/setup.py");
	assert_string_equal(s->data[0], SETUP_PY);
	assert_int_equal(s->size[0], strlen(SETUP_PY));
	assert_string_equal(s->path[1], "inert-1.0/PKG-INFO");
	assert_string_equal(s->data[1], PKG_INFO);
	assert_string_equal(s->path[2], "inert-1.0/README.md");
	assert_null(s->data[2]);
	assert_int_equal(s->size[2], strlen(README)); /* declared size */
}

/* ---- sniff -------------------------------------------------------------- */

static void test_archive_sniff__magic(void **state)
{
	unsigned char tar[512] = {0};

	(void)state;
	assert_int_equal(lg_archive_sniff("\x1f\x8b\x08", 3),
			 LG_ARCHIVE_TAR_GZ);
	assert_int_equal(lg_archive_sniff("\xfd" "7zXZ\0\0", 7),
			 LG_ARCHIVE_TAR_XZ);
	assert_int_equal(lg_archive_sniff("BZh91AY", 7), LG_ARCHIVE_TAR_BZ2);
	assert_int_equal(lg_archive_sniff("PK\x03\x04", 4), LG_ARCHIVE_ZIP);
	assert_int_equal(lg_archive_sniff("PK\x05\x06", 4), LG_ARCHIVE_ZIP);
	memcpy(tar + 257, "ustar", 6);
	assert_int_equal(lg_archive_sniff(tar, sizeof(tar)), LG_ARCHIVE_TAR);
	/* too short to hold the magic */
	assert_int_equal(lg_archive_sniff(tar, 261), LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff("\x1f", 1), LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff("\xfd" "7zXZ", 5),
			 LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff("PK\x01\x02", 4), LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff("PK", 2), LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff("7z\xbc\xaf\x27\x1c", 6),
			 LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff("", 0), LG_ARCHIVE_UNKNOWN);
	assert_int_equal(lg_archive_sniff(NULL, 0), LG_ARCHIVE_UNKNOWN);
}

static void test_archive_sniff__names(void **state)
{
	(void)state;
	assert_string_equal(lg_archive_format_name(LG_ARCHIVE_TAR_GZ),
			    "tar.gz");
	assert_string_equal(lg_archive_format_name(LG_ARCHIVE_ZIP), "zip");
	assert_string_equal(lg_archive_format_name(LG_ARCHIVE_UNKNOWN),
			    "unknown");
}

/* ---- path checks -------------------------------------------------------- */

struct path_case {
	const char *path;
	bool unsafe;
};

static const struct path_case path_cases[] = {
	{"inert-1.0/setup.py", false},
	{"inert/__init__.py", false},
	{"a/..b/c", false},
	{"a/b../c", false},
	{"./a", false},
	{"...", false},
	{"ab:c", false},
	{"pkg/caf\xc3\xa9.py", false},
	{"", true},
	{"/etc/passwd", true},
	{"\\evil.py", true},
	{"\\\\server\\share\\x", true},
	{"C:evil.py", true},
	{"c:/evil.py", true},
	{"..", true},
	{"../evil.py", true},
	{"a/../../evil.py", true},
	{"a/..", true},
	{"a\\..\\..\\evil.py", true},
	{"a/b\x01.py", true},
	{"a/b\n.py", true},
	{"a/b\x7f.py", true},
};

static void test_archive_path__cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(path_cases); i++) {
		const char *why = lg_archive__path_problem(path_cases[i].path,
							   LG_MAX_PATH_BYTES);

		if (path_cases[i].unsafe != (why != NULL))
			fail_msg("path case %zu: '%s' -> %s", i,
				 path_cases[i].path, why ? why : "(safe)");
	}
}

static void test_archive_path__too_long(void **state)
{
	char *p = malloc(LG_MAX_PATH_BYTES + 2);

	(void)state;
	assert_non_null(p);
	memset(p, 'a', LG_MAX_PATH_BYTES + 1);
	p[LG_MAX_PATH_BYTES] = '\0';
	assert_null(lg_archive__path_problem(p, LG_MAX_PATH_BYTES));
	p[LG_MAX_PATH_BYTES] = 'a';
	p[LG_MAX_PATH_BYTES + 1] = '\0';
	assert_string_equal(lg_archive__path_problem(p, LG_MAX_PATH_BYTES),
			    "name too long");
	free(p);
}

/* ---- walking ------------------------------------------------------------ */

static void test_archive_walk__tar(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&f);
	assert_int_equal(lg_archive_sniff(f.p, f.len), LG_ARCHIVE_TAR);
	assert_int_equal(walk(&f, want_not_md, &s, &fs), 0);
	assert_sdist_seen(&s);
	assert_int_equal(fs.n, 0);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_walk__tar_gz(void **state)
{
	struct fx tar = {0}, gz = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&tar);
	fx_gzip_stored(&gz, tar.p, tar.len);
	assert_int_equal(lg_archive_sniff(gz.p, gz.len), LG_ARCHIVE_TAR_GZ);
	assert_int_equal(walk(&gz, want_not_md, &s, &fs), 0);
	assert_sdist_seen(&s);
	assert_int_equal(fs.n, 0);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&tar);
	fx_dispose(&gz);
}

static void test_archive_walk__no_want_no_fn(void **state)
{
	struct fx f = {0};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&f);
	assert_int_equal(lg_archive_walk(f.p, f.len, NULL, NULL, NULL, NULL,
					 &fs),
			 0);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_walk__zip(void **state)
{
	struct fx_zip z = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	fx_zip_add(&z, "inert/__init__.py", 0, "X = 1\n", 6);
	fx_zip_add(&z, "inert-1.0.dist-info/METADATA", 0, PKG_INFO,
		   strlen(PKG_INFO));
	fx_zip_add(&z, "inert-1.0.dist-info/README.md", 0, README,
		   strlen(README));
	fx_zip_add(&z, "inert/link", 0120777u, "/etc/passwd", 11);
	fx_zip_add(&z, "../escape.pth", 0, "import os\n", 10);
	fx_zip_finish(&z);
	assert_int_equal(lg_archive_sniff(z.out.p, z.out.len), LG_ARCHIVE_ZIP);
	assert_int_equal(walk(&z.out, want_not_md, &s, &fs), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.path[0], "inert/__init__.py");
	assert_string_equal(s.data[0], "X = 1\n");
	assert_string_equal(s.path[1], "inert-1.0.dist-info/METADATA");
	assert_string_equal(s.data[1], PKG_INFO);
	assert_null(s.data[2]);
	assert_int_equal(s.size[2], strlen(README));
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].path, "inert/link");
	assert_non_null(strstr(fs.v[0].message, "symbolic link"));
	assert_string_equal(fs.v[1].path, "../escape.pth");
	assert_non_null(strstr(fs.v[1].message, "'..'"));
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&z.out);
}

static void test_archive_walk__empty_zip(void **state)
{
	struct fx_zip z = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	fx_zip_finish(&z);
	assert_int_equal(lg_archive_sniff(z.out.p, z.out.len), LG_ARCHIVE_ZIP);
	assert_int_equal(walk(&z.out, want_all, &s, &fs), 0);
	assert_int_equal(s.n, 0);
	lg_findings_dispose(&fs);
	fx_dispose(&z.out);
}

/* Non-ASCII names survive whatever the process locale is. */
static void test_archive_walk__utf8_names(void **state)
{
	struct fx_zip z = {0};
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	fx_zip_add(&z, "pkg/caf\xc3\xa9.py", 0, "X = 1\n", 6);
	fx_zip_finish(&z);
	assert_int_equal(walk(&z.out, want_all, &s, &fs), 0);
	assert_int_equal(fs.n, 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.path[0], "pkg/caf\xc3\xa9.py");
	seen_dispose(&s);

	fx_tar_add_text(&f, "pkg/caf\xc3\xa9.py", "X = 1\n");
	fx_tar_finish(&f);
	assert_int_equal(walk(&f, want_all, &s, &fs), 0);
	assert_int_equal(fs.n, 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.path[0], "pkg/caf\xc3\xa9.py");
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&z.out);
	fx_dispose(&f);
}

/* Links that stay inside the archive are not findings (Debian and many
 * sdists ship them); links that leave it are. */
static void test_archive_walk__links_inside_and_out(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	fx_tar_add_text(&f, "./pkg/docs/ok.py", "ok = True\n");
	fx_tar_add(&f, "./pkg/alias.py", FX_SYMLINK, "docs/ok.py", NULL, 0, 0);
	fx_tar_add(&f, "./pkg/docs/up.py", FX_SYMLINK, "../alias.py", NULL, 0, 0);
	fx_tar_add(&f, "./pkg/hard.py", FX_HARDLINK, "./pkg/docs/ok.py", NULL, 0, 0);
	fx_tar_add(&f, "./pkg/esc", FX_SYMLINK, "../../etc/passwd", NULL, 0, 0);
	fx_tar_add(&f, "pkg/abs", FX_SYMLINK, "/home/u/.ssh", NULL, 0, 0);
	/* The classic traversal: a member written through the outward link. */
	fx_tar_add_text(&f, "pkg/abs/authorized_keys", "ssh-ed25519 AAAA x\n");
	fx_tar_add_text(&f, "pkg/absent.py", "ok = 1\n");
	fx_tar_finish(&f);

	assert_int_equal(walk(&f, want_all, &s, &fs), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.path[0], "./pkg/docs/ok.py");
	assert_string_equal(s.path[1], "pkg/absent.py");
	assert_int_equal(fs.n, 3);
	/* An outward link alone is medium: nothing is written through it. */
	assert_string_equal(fs.v[0].path, "./pkg/esc");
	assert_int_equal(fs.v[0].severity, LG_SEV_MEDIUM);
	assert_non_null(strstr(fs.v[0].message, "escapes"));
	assert_string_equal(fs.v[1].path, "pkg/abs");
	assert_int_equal(fs.v[1].severity, LG_SEV_MEDIUM);
	assert_non_null(strstr(fs.v[1].message, "absolute"));
	assert_string_equal(fs.v[2].path, "pkg/abs/authorized_keys");
	assert_int_equal(fs.v[2].severity, LG_SEV_CRITICAL);
	assert_non_null(strstr(fs.v[2].message, "through a symbolic link"));
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_walk__unsafe_members(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;
	static const char *const want_paths[] = {
		"../evil.py", "/etc/x", "pkg/link", "pkg/hard", "pkg/fifo",
		"pkg/dev", "pkg/blk", "a/../../b.py", "C:evil.py",
		"\\evil.py", "pkg/ctl?name.py", "../up/",
	};

	(void)state;
	fx_tar_add_text(&f, "../evil.py", "print('x')\n");
	fx_tar_add_text(&f, "/etc/x", "x\n");
	fx_tar_add(&f, "pkg/link", FX_SYMLINK, "/etc/passwd", NULL, 0, 0);
	fx_tar_add(&f, "pkg/hard", FX_HARDLINK, "../etc/shadow", NULL, 0, 0);
	fx_tar_add(&f, "pkg/fifo", FX_FIFO, NULL, NULL, 0, 0);
	fx_tar_add(&f, "pkg/dev", FX_CHR, NULL, NULL, 0, 0);
	fx_tar_add(&f, "pkg/blk", FX_BLK, NULL, NULL, 0, 0);
	fx_tar_add_text(&f, "a/../../b.py", "b\n");
	fx_tar_add_text(&f, "C:evil.py", "c\n");
	fx_tar_add_text(&f, "\\evil.py", "d\n");
	fx_tar_add_text(&f, "pkg/ctl\x1bname.py", "e\n");
	fx_tar_add(&f, "../up/", FX_DIR, NULL, NULL, 0, 0);
	fx_tar_add(&f, "pkg/", FX_DIR, NULL, NULL, 0, 0);
	fx_tar_add_text(&f, "pkg/ok.py", "ok = True\n");
	fx_tar_finish(&f);

	assert_int_equal(walk(&f, want_all, &s, &fs), 0);
	/* Only the safe regular file reaches the callback. */
	assert_int_equal(s.n, 1);
	assert_string_equal(s.path[0], "pkg/ok.py");
	assert_string_equal(s.data[0], "ok = True\n");
	assert_int_equal(fs.n, sizeof(want_paths) / sizeof(want_paths[0]));
	for (size_t i = 0; i < fs.n; i++) {
		assert_string_equal(fs.v[i].rule, "archive.unsafe-member");
		/* pkg/link points outside, but nothing is written through it */
		assert_int_equal(fs.v[i].severity,
				 i == 2 ? LG_SEV_MEDIUM : LG_SEV_CRITICAL);
		assert_int_equal(fs.v[i].line, 0);
		assert_string_equal(fs.v[i].path, want_paths[i]);
		assert_non_null(fs.v[i].message);
	}
	assert_non_null(strstr(fs.v[2].message, "symbolic link"));
	assert_non_null(strstr(fs.v[3].message, "hard link"));
	assert_non_null(strstr(fs.v[4].message, "FIFO"));
	assert_non_null(strstr(fs.v[5].message, "device"));
	assert_non_null(strstr(fs.v[10].message, "control character"));
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_walk__callback_stops(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = 1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&f);
	assert_int_equal(walk(&f, want_not_md, &s, &fs), -99);
	assert_int_equal(s.n, 1);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

/* ---- broken input ------------------------------------------------------- */

static void make_big_member_tar(struct fx *f, size_t n)
{
	char *data = malloc(n);

	assert_non_null(data);
	memset(data, 'x', n);
	fx_tar_add(f, "inert-1.0/big.txt", FX_REG, NULL, data, n, 0);
	fx_tar_add_text(f, "inert-1.0/after.txt", "after\n");
	fx_tar_finish(f);
	free(data);
}

static void test_archive_walk__truncated_tar(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;
	struct fx cut;

	(void)state;
	make_big_member_tar(&f, 5000);
	cut = f;
	cut.len = 512 + 2048; /* header and part of the data */

	lg_error_clear();
	assert_int_equal(walk(&cut, want_all, &s, &fs), LG_EINVALID);
	assert_int_equal(lg_error_last()->klass, LG_ERRCLASS_ARCHIVE);
	assert_non_null(strstr(lg_error_last()->message, "'fixture': corrupt"));
	seen_dispose(&s);
	/* Same when the member is skipped rather than read. */
	assert_int_equal(walk(&cut, NULL, &s, &fs), LG_EINVALID);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_walk__damaged_header(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&f);
	f.p[512 + 3] ^= 0x20; /* second header: checksum no longer matches */
	assert_int_equal(walk(&f, want_all, &s, &fs), LG_EINVALID);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_walk__corrupt_gzip(void **state)
{
	struct fx tar = {0}, gz = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&tar);
	fx_gzip_stored(&gz, tar.p, tar.len);
	gz.p[11] ^= 0xff; /* stored block length no longer matches NLEN */
	assert_int_equal(walk(&gz, want_all, &s, &fs), LG_EINVALID);
	seen_dispose(&s);
	/* gzip of something that is not a tar */
	fx_dispose(&gz);
	fx_gzip_stored(&gz, "hello, world\n", 13);
	assert_int_equal(walk(&gz, want_all, &s, &fs), LG_EINVALID);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&tar);
	fx_dispose(&gz);
}

static void test_archive_walk__corrupt_zip(void **state)
{
	struct fx_zip z = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	fx_zip_add(&z, "inert/__init__.py", 0, "X = 1\n", 6);
	fx_zip_finish(&z);
	z.out.p[z.out.len - 22 + 16] ^= 0x7f; /* central directory offset */
	assert_int_equal(walk(&z.out, want_all, &s, &fs), LG_EINVALID);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&z.out);
}

static void test_archive_walk__unknown_format(void **state)
{
	struct lg_findings fs = LG_FINDINGS_INIT;
	static const char text[] = "this is not an archive at all";

	(void)state;
	assert_int_equal(lg_archive_walk(text, sizeof(text), "x.txt", want_all,
					 collect, NULL, &fs),
			 LG_EUNSUPPORTED);
	assert_int_equal(lg_archive_walk(NULL, 0, "empty", want_all, collect,
					 NULL, &fs),
			 LG_EUNSUPPORTED);
	lg_findings_dispose(&fs);
}

/* ---- caps --------------------------------------------------------------- */

static void test_archive_cap__member_bytes(void **state)
{
	struct lg_archive_limits lim = lg_archive__default_limits;
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	lim.max_member_bytes = 4096;
	make_big_member_tar(&f, 4097);
	lg_error_clear();
	assert_int_equal(walk_limited(&lim, &f, want_all, &s, &fs), LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "inert-1.0/big.txt"));
	seen_dispose(&s);
	/* Exactly at the cap is fine. */
	lim.max_member_bytes = 4097;
	assert_int_equal(walk_limited(&lim, &f, want_all, &s, &fs), 0);
	assert_int_equal(s.size[0], 4097);
	seen_dispose(&s);
	/* An unwanted member is never loaded, so its size does not matter. */
	lim.max_member_bytes = 16;
	assert_int_equal(walk_limited(&lim, &f, NULL, &s, &fs), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.size[0], 4097);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

/* Streaming: block sees every byte of every member in order, with its
 * offset; members larger than the member cap stream without error and
 * without being loaded; head holds the first bytes. */
struct streamed {
	uint64_t bytes[4];
	uint64_t next_off;
	unsigned char head[LG_ARCHIVE_HEAD_BYTES];
	size_t head_len, n;
	bool loaded[4];
};

static int on_block(const char *path, uint64_t off, const void *p, size_t n,
		    void *payload)
{
	struct streamed *st = payload;

	(void)path;
	(void)p;
	if (off == 0)
		st->next_off = 0;
	assert_int_equal(off, st->next_off);
	st->next_off += n;
	st->bytes[st->n < 4 ? st->n : 3] += n;
	return 0;
}

static int on_streamed(const struct lg_member *m, void *payload)
{
	struct streamed *st = payload;

	assert_true(m->streamed);
	assert_non_null(m->head);
	if (st->n < 4) {
		assert_int_equal(m->size, st->bytes[st->n]);
		st->loaded[st->n] = m->data != NULL;
	}
	if (st->n == 1) {
		memcpy(st->head, m->head, m->head_len);
		st->head_len = m->head_len;
	}
	st->n++;
	return 0;
}

static bool want_py(const char *path, void *payload)
{
	(void)payload;
	return strstr(path, ".py") != NULL;
}

static void test_archive_walk__streaming(void **state)
{
	struct lg_archive_limits lim = lg_archive__default_limits;
	struct lg_archive_walk_options opts = {want_py, on_streamed, on_block,
					       NULL};
	struct streamed st = {0};
	struct lg_findings fs = LG_FINDINGS_INIT;
	struct fx f = {0};
	struct fx_zip z = {0};
	char *big = malloc(200000);

	(void)state;
	assert_non_null(big);
	memset(big, 'b', 200000);
	memcpy(big, "\x7f" "ELF", 4);
	opts.payload = &st;
	lim.max_member_bytes = 4096;
	fx_zip_add(&z, "inert/__init__.py", 0, "X = 1\n", 6);
	fx_zip_add(&z, "inert/_native.so", 0, big, 200000);
	fx_zip_add(&z, "inert/empty.txt", 0, "", 0);
	fx_zip_finish(&z);
	assert_int_equal(lg_archive__walk_limits_ex(&lim, z.out.p, z.out.len,
						    "fixture", &opts, &fs),
			 0);
	assert_int_equal(st.n, 3);
	assert_int_equal(st.bytes[1], 200000);
	assert_true(st.loaded[0]);
	assert_false(st.loaded[1]);
	assert_int_equal(st.head_len, LG_ARCHIVE_HEAD_BYTES);
	assert_memory_equal(st.head, "\x7f" "ELF" "bbbb", 8);
	/* The same in a tar, through the public entry point. */
	memset(&st, 0, sizeof(st));
	fx_tar_add(&f, "inert-1.0/big.bin", FX_REG, NULL, big, 200000, 0);
	fx_tar_add_text(&f, "inert-1.0/setup.py", SETUP_PY);
	fx_tar_finish(&f);
	assert_int_equal(lg_archive_walk_ex(f.p, f.len, "fixture", &opts, &fs),
			 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.bytes[0], 200000);
	assert_int_equal(fs.n, 0);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
	fx_dispose(&z.out);
	free(big);
}

/* The real cap: the header alone claims LG_MAX_MEMBER_BYTES + 1. */
static void test_archive_cap__member_bytes_default(void **state)
{
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	fx_tar_add(&f, "inert-1.0/setup.py", FX_REG, NULL, "x", 1,
		   (uint64_t)LG_MAX_MEMBER_BYTES + 1);
	fx_tar_finish(&f);
	assert_int_equal(walk(&f, want_all, &s, &fs), LG_ETOOBIG);
	assert_int_equal(s.n, 0);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_cap__zip_member_bytes(void **state)
{
	struct lg_archive_limits lim = lg_archive__default_limits;
	struct fx_zip z = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;
	char data[300];

	(void)state;
	memset(data, 'y', sizeof(data));
	fx_zip_add(&z, "inert/data.py", 0, data, sizeof(data));
	fx_zip_finish(&z);
	lim.max_member_bytes = 299;
	assert_int_equal(walk_limited(&lim, &z.out, want_all, &s, &fs),
			 LG_ETOOBIG);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&z.out);
}

static void test_archive_cap__entries(void **state)
{
	struct lg_archive_limits lim = lg_archive__default_limits;
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_sdist_tar(&f); /* 4 entries, directory included */
	lim.max_entries = 4;
	assert_int_equal(walk_limited(&lim, &f, want_all, &s, &fs), 0);
	seen_dispose(&s);
	lim.max_entries = 3;
	lg_error_clear();
	assert_int_equal(walk_limited(&lim, &f, want_all, &s, &fs), LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "members"));
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

static void test_archive_cap__total_unpacked(void **state)
{
	struct lg_archive_limits lim = lg_archive__default_limits;
	struct fx f = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;

	(void)state;
	make_big_member_tar(&f, 5000);
	lim.max_total_unpacked = 4000;
	assert_int_equal(walk_limited(&lim, &f, want_all, &s, &fs), LG_ETOOBIG);
	seen_dispose(&s);
	lim.max_total_unpacked = 5000 + 6;
	assert_int_equal(walk_limited(&lim, &f, want_all, &s, &fs), 0);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&f);
}

/* A gzip'd tar whose member is a long run of zeros: the expansion ratio
 * cap trips whether the member is read or skipped. */
static void test_archive_cap__expansion_ratio(void **state)
{
	struct lg_archive_limits lim = lg_archive__default_limits;
	struct fx hdr = {0}, gz = {0};
	struct seen s = {.stop_at = -1};
	struct lg_findings fs = LG_FINDINGS_INIT;
	const size_t nzeros = 4u << 20;

	(void)state;
	/* a header for a member of nzeros bytes, then the zeros (and the
	 * end-of-archive blocks) come from the deflate run */
	fx_tar_add(&hdr, "inert-1.0/zeros.bin", FX_REG, NULL, NULL, 0, nzeros);
	fx_gzip_zeros(&gz, hdr.p, hdr.len, nzeros + 1024);
	assert_true(gz.len * 100 < nzeros);

	lim.min_packed = 0;
	lim.max_member_bytes = nzeros;
	lim.max_expansion_ratio = 10;
	lg_error_clear();
	assert_int_equal(walk_limited(&lim, &gz, want_all, &s, &fs),
			 LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "times"));
	assert_int_equal(walk_limited(&lim, &gz, NULL, &s, &fs), LG_ETOOBIG);
	/* With the real ratio and the 1 MiB floor the same input is fine. */
	lim = lg_archive__default_limits;
	lim.max_member_bytes = nzeros;
	assert_int_equal(walk_limited(&lim, &gz, want_all, &s, &fs), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.size[0], nzeros);
	seen_dispose(&s);
	lg_findings_dispose(&fs);
	fx_dispose(&hdr);
	fx_dispose(&gz);
}

/* Every allocation failure is reported as LG_ENOMEM and leaks nothing. */
static void test_archive_walk__oom_sweep(void **state)
{
	struct fx f = {0};
	int error = LG_ENOMEM;

	(void)state;
	fx_tar_add(&f, "../evil.py", FX_REG, NULL, "x", 1, 0);
	fx_tar_add_text(&f, "inert-1.0/setup.py", SETUP_PY);
	fx_tar_finish(&f);
	for (long n = 0; n < 100 && error == LG_ENOMEM; n++) {
		struct seen s = {.stop_at = -1};
		struct lg_findings fs = LG_FINDINGS_INIT;

		lg_alloc_fail_after(n);
		error = walk(&f, want_all, &s, &fs);
		lg_alloc_fail_after(-1);
		assert_true(error == 0 || error == LG_ENOMEM);
		seen_dispose(&s);
		lg_findings_dispose(&fs);
	}
	assert_int_equal(error, 0);
	fx_dispose(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_archive_sniff__magic),
		cmocka_unit_test(test_archive_sniff__names),
		cmocka_unit_test(test_archive_path__cases),
		cmocka_unit_test(test_archive_path__too_long),
		cmocka_unit_test(test_archive_walk__tar),
		cmocka_unit_test(test_archive_walk__tar_gz),
		cmocka_unit_test(test_archive_walk__no_want_no_fn),
		cmocka_unit_test(test_archive_walk__zip),
		cmocka_unit_test(test_archive_walk__empty_zip),
		cmocka_unit_test(test_archive_walk__utf8_names),
		cmocka_unit_test(test_archive_walk__unsafe_members),
		cmocka_unit_test(test_archive_walk__links_inside_and_out),
		cmocka_unit_test(test_archive_walk__callback_stops),
		cmocka_unit_test(test_archive_walk__truncated_tar),
		cmocka_unit_test(test_archive_walk__damaged_header),
		cmocka_unit_test(test_archive_walk__corrupt_gzip),
		cmocka_unit_test(test_archive_walk__corrupt_zip),
		cmocka_unit_test(test_archive_walk__unknown_format),
		cmocka_unit_test(test_archive_cap__member_bytes),
		cmocka_unit_test(test_archive_cap__member_bytes_default),
		cmocka_unit_test(test_archive_cap__zip_member_bytes),
		cmocka_unit_test(test_archive_cap__entries),
		cmocka_unit_test(test_archive_cap__total_unpacked),
		cmocka_unit_test(test_archive_cap__expansion_ratio),
		cmocka_unit_test(test_archive_walk__oom_sweep),
		cmocka_unit_test(test_archive_walk__streaming),
		cmocka_unit_test(test_zipdir__members),
		cmocka_unit_test(test_zipdir__comment_and_tail),
		cmocka_unit_test(test_zipdir__inconsistent),
		cmocka_unit_test(test_zipdir__zip64),
		cmocka_unit_test(test_zipdir__caps),
		cmocka_unit_test(test_zipdir__local_header),
	};

	return cmocka_run_group_tests_name("archive", tests, NULL, NULL);
}
