/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg/cache.h"
#include "cache_private.h"
#include "lg/hash.h"

static bool valid_hex(const char *hex)
{
	size_t n = 0;

	for (; hex[n]; n++)
		if (!((hex[n] >= '0' && hex[n] <= '9') ||
		      (hex[n] >= 'a' && hex[n] <= 'f')))
			return false;
	return n == LG_SHA256_HEX_LEN;
}

static int entry_path(struct lg_buf *p, const char *dir, const char *hex)
{
	if (!valid_hex(hex))
		return lg_error_invalid(LG_ERRCLASS_OS, "bad cache key '%.70s'", hex);
	lg_buf_printf(p, "%s/sha256/%.2s/%s", dir, hex, hex);
	return p->err;
}

int lg_fs_read_file(struct lg_buf *out, const char *path, size_t max)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd, error = 0;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		lg_error_set(LG_ERRCLASS_OS, "cannot open '%s': %s", path,
			     strerror(errno));
		return errno == ENOENT ? LG_ENOTFOUND : LG_ERROR;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error = lg_error_invalid(LG_ERRCLASS_OS, "'%s' is not a regular file",
					 path);
		goto done;
	}
	if ((uint64_t)st.st_size > max) {
		error = lg_error_toobig("'%s' is larger than %zu bytes", path, max);
		goto done;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if ((error = lg_buf_put(out, chunk, (size_t)n)) < 0)
			goto done;
	if (n < 0) {
		lg_error_set(LG_ERRCLASS_OS, "cannot read '%s': %s", path,
			     strerror(errno));
		error = LG_ERROR;
	}
done:
	close(fd);
	return error;
}

int lg_cache_get(struct lg_buf *out, const char *dir, const char *hex)
{
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	char got[LG_SHA256_HEX_LEN + 1];
	int error;

	if ((error = entry_path(&path, dir, hex)) < 0)
		goto done;
	lg_buf_reset(out);
	if ((error = lg_fs_read_file(out, path.ptr, out->max)) < 0)
		goto done;
	if ((error = lg_sha256_hex(got, out->ptr, out->len)) < 0)
		goto done;
	if (!lg_hex_equal(got, hex)) {
		(void)unlink(path.ptr);
		lg_buf_reset(out);
		lg_error_set(LG_ERRCLASS_OS, "cache entry '%s' was corrupt", hex);
		error = LG_ENOTFOUND;
	} else {
		/* Last use, for `lockgate cache clean --older-than`. */
		(void)utimensat(AT_FDCWD, path.ptr, NULL, AT_SYMLINK_NOFOLLOW);
	}
done:
	lg_buf_dispose(&path);
	return error;
}

bool lg_cache_has(const char *dir, const char *hex)
{
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct stat st;
	bool found;

	found = entry_path(&path, dir, hex) == 0 &&
		lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode);
	lg_buf_dispose(&path);
	lg_error_clear();
	return found;
}

/* Creates the directories of path (up to its last '/'), private to the
 * user: index documents may come from an index that needs credentials. */
static int mkdir_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			lg_error_set(LG_ERRCLASS_OS, "cannot create '%s': %s", path,
				     strerror(errno));
			*p = '/';
			return LG_ERROR;
		}
		*p = '/';
	}
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int lg_cache__write_atomic(const char *path, const char *dir, const void *data,
			   size_t len)
{
	struct lg_buf tmp = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	int fd = -1, error;

	if ((error = lg_buf_printf(&tmp, "%s.tmp.XXXXXX", path)) < 0 ||
	    (error = mkdir_parents(tmp.ptr)) < 0)
		goto done;
	if ((fd = mkstemp(tmp.ptr)) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0 || rename(tmp.ptr, path) < 0) {
		lg_error_set(LG_ERRCLASS_OS, "cannot write cache entry in '%s': %s",
			     dir, strerror(errno));
		error = LG_ERROR;
		if (fd >= 0)
			(void)unlink(tmp.ptr);
	}
done:
	if (fd >= 0)
		close(fd);
	lg_buf_dispose(&tmp);
	return error;
}

int lg_cache_put(const char *dir, const char *hex, const void *data, size_t len)
{
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	int error;

	if ((error = entry_path(&path, dir, hex)) == 0)
		error = lg_cache__write_atomic(path.ptr, dir, data, len);
	lg_buf_dispose(&path);
	return error;
}

/* ---- stats and clean --------------------------------------------------- */

/* One kind of cache entry: its top directory, and whether a file name
 * (within a two-hex-digit fan-out directory) is one of its entries or an
 * unfinished write of one. */
struct cache_kind {
	const char *dir;
	bool (*is_entry)(const char *fanout, const char *name, bool *partial);
};

static bool is_hex_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* sha256/<2 hex>/<64 hex>, or <64 hex>.tmp.XXXXXX from lg_cache_put. */
static bool sha256_entry(const char *fanout, const char *name, bool *partial)
{
	size_t n = strlen(name);

	if (strlen(fanout) != 2 || !is_hex_n(fanout, 2) ||
	    n < LG_SHA256_HEX_LEN || !is_hex_n(name, LG_SHA256_HEX_LEN) ||
	    strncmp(name, fanout, 2) != 0)
		return false;
	*partial = n != LG_SHA256_HEX_LEN;
	return !*partial || (n == LG_SHA256_HEX_LEN + 11 &&
			     !strncmp(name + LG_SHA256_HEX_LEN, ".tmp.", 5));
}

static const struct cache_kind cache_kinds[] = {
	{"sha256", sha256_entry},
};

typedef int (*cache_visit_fn)(const char *path, const struct stat *st,
			      bool partial, struct lg_cache_kind_stats *k,
			      void *payload);

/* Calls fn for each entry file of kind k under dir (two levels). */
static int walk_kind(const char *dir, const struct cache_kind *kind,
		     struct lg_cache_kind_stats *k, cache_visit_fn fn,
		     void *payload, bool prune)
{
	struct lg_buf top = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct lg_buf sub = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	DIR *d1 = NULL, *d2 = NULL;
	struct dirent *e1, *e2;
	struct stat st;
	int error = 0;

	if ((error = lg_buf_printf(&top, "%s/%s", dir, kind->dir)) < 0)
		goto done;
	if (!(d1 = opendir(top.ptr))) {
		if (errno != ENOENT) {
			lg_error_set(LG_ERRCLASS_OS, "cannot read '%s': %s",
				     top.ptr, strerror(errno));
			error = LG_ERROR;
		}
		goto done;
	}
	while (!error && (e1 = readdir(d1)) != NULL) {
		if (e1->d_name[0] == '.')
			continue;
		lg_buf_reset(&sub);
		if ((error = lg_buf_printf(&sub, "%s/%s", top.ptr,
					   e1->d_name)) < 0)
			break;
		if (lstat(sub.ptr, &st) < 0 || !S_ISDIR(st.st_mode) ||
		    !(d2 = opendir(sub.ptr)))
			continue;
		while (!error && (e2 = readdir(d2)) != NULL) {
			struct lg_buf f = LG_BUF_INIT(LG_MAX_PATH_BYTES);
			bool partial = false;

			if (!kind->is_entry(e1->d_name, e2->d_name, &partial))
				continue;
			if ((error = lg_buf_printf(&f, "%s/%s", sub.ptr,
						   e2->d_name)) == 0 &&
			    lstat(f.ptr, &st) == 0 && S_ISREG(st.st_mode))
				error = fn(f.ptr, &st, partial, k, payload);
			lg_buf_dispose(&f);
		}
		closedir(d2);
		d2 = NULL;
		if (!error && prune)
			(void)rmdir(sub.ptr); /* only when empty */
	}
done:
	if (d1)
		closedir(d1);
	lg_buf_dispose(&top);
	lg_buf_dispose(&sub);
	return error;
}

static void count(const struct stat *st, bool partial,
		  struct lg_cache_kind_stats *k)
{
	if (partial) {
		k->partial++;
		return;
	}
	k->entries++;
	k->bytes += (uint64_t)st->st_size;
}

static int count_entry(const char *path, const struct stat *st, bool partial,
		       struct lg_cache_kind_stats *k, void *payload)
{
	(void)path;
	(void)payload;
	count(st, partial, k);
	return 0;
}

static void sum(struct lg_cache_stats *out)
{
	out->entries = out->bytes = 0;
	for (size_t i = 0; i < out->nkinds; i++) {
		out->entries += out->kinds[i].entries;
		out->bytes += out->kinds[i].bytes;
	}
}

static int walk_all(struct lg_cache_stats *out, const char *dir,
		    cache_visit_fn fn, void *payload, bool prune)
{
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < LG_ARRAY_SIZE(cache_kinds) && !error; i++) {
		out->kinds[i].kind = cache_kinds[i].dir;
		out->nkinds++;
		error = walk_kind(dir, &cache_kinds[i], &out->kinds[i], fn,
				  payload, prune);
	}
	sum(out);
	return error;
}

int lg_cache_stats(struct lg_cache_stats *out, const char *dir)
{
	LG_ASSERT_ARG(out && dir);
	return walk_all(out, dir, count_entry, NULL, false);
}

struct clean_ctx {
	int64_t older_than, now;
	int failed_errno;
};

static int clean_entry(const char *path, const struct stat *st, bool partial,
		       struct lg_cache_kind_stats *k, void *payload)
{
	struct clean_ctx *c = payload;

	if (c->older_than >= 0 && (int64_t)st->st_mtime > c->now - c->older_than)
		return 0;
	if (unlink(path) < 0) {
		c->failed_errno = errno;
		return 0;
	}
	count(st, partial, k);
	return 0;
}

int lg_cache_clean(struct lg_cache_stats *removed, const char *dir,
		   int64_t older_than, int64_t now)
{
	struct lg_cache_stats local;
	struct clean_ctx c = {older_than, now, 0};
	int error;

	LG_ASSERT_ARG(dir);
	if ((error = walk_all(removed ? removed : &local, dir, clean_entry,
			      &c, true)) < 0)
		return error;
	if (c.failed_errno) {
		lg_error_set(LG_ERRCLASS_OS, "cannot remove some entries in "
			     "'%s': %s", dir, strerror(c.failed_errno));
		return LG_ERROR;
	}
	return 0;
}
