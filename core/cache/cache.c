/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg/cache.h"
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

static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
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

int lg_cache_put(const char *dir, const char *hex, const void *data, size_t len)
{
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct lg_buf tmp = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	int fd = -1, error;

	if ((error = entry_path(&path, dir, hex)) < 0 ||
	    (error = lg_buf_printf(&tmp, "%s.tmp.XXXXXX", path.ptr)) < 0 ||
	    (error = mkdir_p(tmp.ptr)) < 0)
		goto done;
	if ((fd = mkstemp(tmp.ptr)) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0 || rename(tmp.ptr, path.ptr) < 0) {
		lg_error_set(LG_ERRCLASS_OS, "cannot write cache entry in '%s': %s",
			     dir, strerror(errno));
		error = LG_ERROR;
		if (fd >= 0)
			(void)unlink(tmp.ptr);
	}
done:
	if (fd >= 0)
		close(fd);
	lg_buf_dispose(&path);
	lg_buf_dispose(&tmp);
	return error;
}
