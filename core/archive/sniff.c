/* SPDX-License-Identifier: MIT */
/* Format detection by magic bytes and member-path checks: pure functions,
 * no libarchive. */
#include "archive_private.h"

#define TAR_MAGIC_OFFSET 257u

static bool has_magic(const unsigned char *p, size_t len, size_t off,
		      const char *magic, size_t n)
{
	return len >= off + n && memcmp(p + off, magic, n) == 0;
}

enum lg_archive_format lg_archive_sniff(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!p)
		return LG_ARCHIVE_UNKNOWN;
	if (has_magic(p, len, 0, "\x1f\x8b", 2))
		return LG_ARCHIVE_TAR_GZ;
	if (has_magic(p, len, 0, "\xfd" "7zXZ\0", 6))
		return LG_ARCHIVE_TAR_XZ;
	if (has_magic(p, len, 0, "BZh", 3))
		return LG_ARCHIVE_TAR_BZ2;
	if (has_magic(p, len, 0, "PK\x03\x04", 4) ||
	    has_magic(p, len, 0, "PK\x05\x06", 4))
		return LG_ARCHIVE_ZIP;
	if (has_magic(p, len, TAR_MAGIC_OFFSET, "ustar", 5))
		return LG_ARCHIVE_TAR;
	return LG_ARCHIVE_UNKNOWN;
}

const char *lg_archive_format_name(enum lg_archive_format fmt)
{
	switch (fmt) {
	case LG_ARCHIVE_TAR_GZ:
		return "tar.gz";
	case LG_ARCHIVE_TAR_XZ:
		return "tar.xz";
	case LG_ARCHIVE_TAR_BZ2:
		return "tar.bz2";
	case LG_ARCHIVE_TAR:
		return "tar";
	case LG_ARCHIVE_ZIP:
		return "zip";
	case LG_ARCHIVE_UNKNOWN:
		break;
	}
	return "unknown";
}

static bool is_sep(char c)
{
	return c == '/' || c == '\\';
}

static bool has_dotdot_component(const char *path)
{
	const char *p = path;

	while (*p) {
		const char *start = p;

		while (*p && !is_sep(*p))
			p++;
		if (p - start == 2 && start[0] == '.' && start[1] == '.')
			return true;
		while (is_sep(*p))
			p++;
	}
	return false;
}

static bool has_control_char(const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* Both separators count: installers on Windows treat '\' as one. */
/* Depth of the directory holding path ("a/b/c" -> 2), separators folded. */
static long dir_depth(const char *path)
{
	long depth = 0;

	for (const char *p = path; *p; p++)
		if (is_sep(*p) && p[1] && !is_sep(p[1]))
			depth++;
	return depth;
}

const char *lg_archive__link_problem(const char *path, const char *target,
				     bool hard)
{
	long depth;

	if (!*target)
		return "link with an empty target";
	if (hard) /* tar hard links name another member of the archive */
		return lg_archive__path_problem(target, LG_MAX_PATH_BYTES)
			       ? "hard link to a path outside the archive"
			       : NULL;
	if (target[0] == '/' || target[0] == '\\' ||
	    (target[0] && target[1] == ':'))
		return "symbolic link to an absolute path";
	/* Walk the target from the link's directory; '.' entries of the
	 * path ("./pkg/x") count as directories of depth 0. */
	depth = dir_depth(path);
	if (path[0] == '.' && is_sep(path[1]))
		depth--;
	for (const char *p = target; *p;) {
		const char *start = p;

		while (*p && !is_sep(*p))
			p++;
		if (p - start == 2 && start[0] == '.' && start[1] == '.')
			depth--;
		else if (!(p - start == 1 && start[0] == '.') && p > start && *p)
			depth++;
		if (depth < 0)
			return "symbolic link that escapes the archive";
		while (is_sep(*p))
			p++;
	}
	return NULL;
}

const char *lg_archive__path_problem(const char *path, size_t max_path_bytes)
{
	size_t len = strlen(path);

	if (len == 0)
		return "empty name";
	if (len > max_path_bytes)
		return "name too long";
	if (has_control_char(path))
		return "control character in name";
	if (path[0] == '/')
		return "absolute path";
	if (path[0] == '\\')
		return "absolute Windows path";
	if (((path[0] >= 'a' && path[0] <= 'z') ||
	     (path[0] >= 'A' && path[0] <= 'Z')) &&
	    path[1] == ':')
		return "Windows drive letter";
	if (has_dotdot_component(path))
		return "'..' component";
	return NULL;
}
