/* SPDX-License-Identifier: MIT */
/* Read-only, in-memory walk of sdists and wheels (libarchive lives only
 * behind this header). Nothing is ever written to disk. */
#ifndef LG_INCLUDE_ARCHIVE_H
#define LG_INCLUDE_ARCHIVE_H

#include "lg/model.h"

enum lg_archive_format {
	LG_ARCHIVE_UNKNOWN = 0,
	LG_ARCHIVE_TAR_GZ,
	LG_ARCHIVE_TAR_XZ,
	LG_ARCHIVE_TAR_BZ2,
	LG_ARCHIVE_TAR, /* uncompressed tar */
	LG_ARCHIVE_ZIP, /* wheel or zip sdist */
};

/* Format from the first bytes (never from the file name). */
LG_EXTERN(enum lg_archive_format) lg_archive_sniff(const void *buf, size_t len);
LG_EXTERN(const char *) lg_archive_format_name(enum lg_archive_format fmt);

/* Bytes of every member's start handed on when the walk streams. */
#define LG_ARCHIVE_HEAD_BYTES 64u

struct lg_member {
	const char *path;  /* as stored in the archive */
	const char *data;  /* loaded bytes, NUL-terminated; NULL if not wanted */
	size_t size;       /* bytes in data, or bytes streamed, or (neither)
			    * the declared size */
	const unsigned char *head; /* first head_len bytes (at most
				    * LG_ARCHIVE_HEAD_BYTES) when the bytes
				    * were read; NULL otherwise */
	size_t head_len;
	bool streamed;     /* every byte went through block (size is exact) */
};

/* want(): should this member's bytes be loaded? */
typedef bool (*lg_archive_want_fn)(const char *path, void *payload);
/* fn(): called once per regular-file member, in archive order. A negative
 * return stops the walk and is returned by lg_archive_walk.
 * Ownership: m, m->path and m->data are borrowed for the call only. */
typedef int (*lg_archive_member_fn)(const struct lg_member *m, void *payload);
/* block(): the bytes of the current member, chunk by chunk in order (off is
 * the offset of p in the member), before fn() sees the member. A member
 * with no bytes gets no call. A negative return stops the walk. */
typedef int (*lg_archive_block_fn)(const char *path, uint64_t off,
				   const void *p, size_t n, void *payload);

struct lg_archive_walk_options {
	lg_archive_want_fn want;   /* NULL: load nothing */
	lg_archive_member_fn fn;   /* NULL: no per-member call */
	/* NULL: members not wanted are skipped unread. Set: every regular
	 * member is read in chunks (never held whole unless wanted, so a
	 * member larger than LG_MAX_MEMBER_BYTES is fine), head bytes are
	 * filled in, and the total and ratio caps count every byte. */
	lg_archive_block_fn block;
	void *payload;             /* passed to all three */
};

/* Walks every member of the archive in buf in one pass. Unsafe entries
 * (absolute paths, '..' components, links, devices, control characters in
 * names) are appended to findings as "archive.unsafe-member" and not passed
 * to fn. Returns 0; LG_EUNSUPPORTED for an unknown format; LG_EINVALID for a
 * corrupt archive; LG_ETOOBIG when a limit in lg/limits.h is hit (entries,
 * member size of a wanted member, total unpacked, expansion ratio). */
LG_EXTERN(int) lg_archive_walk(const void *buf, size_t len, const char *origin,
			      lg_archive_want_fn want, lg_archive_member_fn fn,
			      void *payload, struct lg_findings *findings)
	LG_WARN_UNUSED;

/* The same walk with the streaming options above (still one pass). */
LG_EXTERN(int) lg_archive_walk_ex(const void *buf, size_t len,
				 const char *origin,
				 const struct lg_archive_walk_options *opts,
				 struct lg_findings *findings) LG_WARN_UNUSED;

/* ---- zip central directory (pure; for lazy wheel reads by range) ------- */

/* One entry of a zip central directory. */
struct lg_zip_entry {
	char *path;            /* as stored, NUL-terminated (owned by the dir) */
	uint64_t local_offset; /* offset of the entry's local header */
	uint64_t csize, usize; /* compressed / uncompressed bytes */
	uint16_t method;       /* 0 stored, 8 deflate, ... */
	uint16_t name_len, extra_len; /* of the central record */
	bool encrypted;        /* general-purpose flag bit 0 */
	bool is_dir;           /* name ends with '/' */
	bool is_link;          /* unix mode says symbolic link */
	const char *problem;   /* why the path is unsafe, or NULL (static) */
};

struct lg_zip_dir {
	struct lg_zip_entry *v;
	size_t n;
};

/* Where the central directory is, from the last bytes of a zip: tail
 * holds the bytes [tail_off, file_size). Reads the end-of-central-
 * directory record (comment up to 65535 bytes) and, when a field
 * overflows, the zip64 locator and record. Returns 0 with *cd_off,
 * *cd_size and *entries set; LG_ENOTFOUND when the records are not in
 * tail (a bigger tail may find them); LG_EINVALID when they are
 * inconsistent (the directory does not end where the records start,
 * multi-disk); LG_ETOOBIG past LG_MAX_ARCHIVE_ENTRIES or
 * LG_MAX_ZIP_DIR_BYTES. */
LG_EXTERN(int) lg_zip_find_dir(uint64_t *cd_off, uint64_t *cd_size,
			      uint64_t *entries, const void *tail, size_t len,
			      uint64_t tail_off, uint64_t file_size)
	LG_WARN_UNUSED;

/* Parses the central directory bytes (exactly cd_size bytes, which sit at
 * cd_off in the file) into *out. Every entry's data must lie before the
 * directory. Returns 0; LG_EINVALID for a malformed record or an entry
 * count other than entries; LG_ETOOBIG past LG_MAX_ARCHIVE_ENTRIES or a
 * path over LG_MAX_PATH_BYTES; LG_ENOMEM. Ownership: *out is new
 * (lg_zip_dir_free). */
LG_EXTERN(int) lg_zip_parse_dir(struct lg_zip_dir **out, const void *cd,
			       size_t len, uint64_t cd_off, uint64_t entries)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_zip_dir_free(struct lg_zip_dir *d);

/* Offset (from the start of hdr) of the data of e, given the bytes of its
 * local header hdr[0..len) read at e->local_offset. Returns 0; LG_ENOTFOUND
 * when len is too short to tell (read more); LG_EINVALID when the header
 * is not a local header for e. */
LG_EXTERN(int) lg_zip_local_data(size_t *data_off, const void *hdr,
				size_t len, const struct lg_zip_entry *e)
	LG_WARN_UNUSED;

#endif
