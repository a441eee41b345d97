/* SPDX-License-Identifier: MIT */
/* Zip central directory, read from the bytes alone (APPNOTE 6.3.x §4.3):
 * the end records, the directory and a local header. Used to read a
 * wheel's few interesting members by range requests; no libarchive. */
#include "lg/archive.h"
#include "lg/buf.h"
#include "archive_private.h"

#define EOCD_SIG 0x06054b50u
#define EOCD_LEN 22u
#define Z64_LOC_SIG 0x07064b50u
#define Z64_LOC_LEN 20u
#define Z64_EOCD_SIG 0x06064b50u
#define Z64_EOCD_LEN 56u
#define CDH_SIG 0x02014b50u
#define CDH_LEN 46u
#define LFH_SIG 0x04034b50u
#define LFH_LEN 30u
#define Z64_EXTRA_ID 0x0001u
#define MAX_COMMENT 65535u
#define UNIX_HOST 3u
#define MODE_TYPE 0170000u
#define MODE_LINK 0120000u

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* The EOCD record: the last signature whose comment ends the file. */
static bool find_eocd(size_t *at, const unsigned char *t, size_t len)
{
	size_t i;

	if (len < EOCD_LEN)
		return false;
	for (i = len - EOCD_LEN + 1; i-- > 0;) {
		if (len - i - EOCD_LEN > MAX_COMMENT)
			return false;
		if (rd32(t + i) == EOCD_SIG &&
		    rd16(t + i + 20) == len - i - EOCD_LEN) {
			*at = i;
			return true;
		}
	}
	return false;
}

static int check_dir(uint64_t cd_off, uint64_t cd_size, uint64_t entries,
		     uint64_t dir_end)
{
	if (cd_off > dir_end || cd_size != dir_end - cd_off)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: the central "
					"directory does not end where the end "
					"records start");
	if (entries > LG_MAX_ARCHIVE_ENTRIES)
		return lg_error_toobig("zip: more than %u members",
				       LG_MAX_ARCHIVE_ENTRIES);
	if (cd_size > LG_MAX_ZIP_DIR_BYTES)
		return lg_error_toobig("zip: central directory larger than %u "
				       "bytes", LG_MAX_ZIP_DIR_BYTES);
	if (cd_size < entries * CDH_LEN)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: central "
					"directory too small for its entries");
	return 0;
}

/* The zip64 end record named by the locator just before the EOCD. */
static int zip64_dir(uint64_t *cd_off, uint64_t *cd_size, uint64_t *entries,
		     const unsigned char *t, size_t eocd, uint64_t tail_off)
{
	const unsigned char *loc, *rec;
	uint64_t rec_off;

	if (eocd < Z64_LOC_LEN) {
		lg_error_set(LG_ERRCLASS_ARCHIVE, "zip: the zip64 locator is "
			     "not in the bytes read");
		return LG_ENOTFOUND;
	}
	loc = t + eocd - Z64_LOC_LEN;
	if (rd32(loc) != Z64_LOC_SIG)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: an end "
					"record field overflows but there is "
					"no zip64 locator");
	if (rd32(loc + 4) != 0 || rd32(loc + 16) > 1)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: multi-disk "
					"archive");
	rec_off = rd64(loc + 8);
	if (rec_off < tail_off || rec_off - tail_off > eocd - Z64_LOC_LEN ||
	    eocd - Z64_LOC_LEN - (rec_off - tail_off) < Z64_EOCD_LEN) {
		lg_error_set(LG_ERRCLASS_ARCHIVE, "zip: the zip64 end record "
			     "is not in the bytes read");
		return LG_ENOTFOUND;
	}
	rec = t + (rec_off - tail_off);
	if (rd32(rec) != Z64_EOCD_SIG || rd32(rec + 16) != 0 ||
	    rd32(rec + 20) != 0)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: bad zip64 "
					"end record");
	*entries = rd64(rec + 32);
	*cd_size = rd64(rec + 40);
	*cd_off = rd64(rec + 48);
	return check_dir(*cd_off, *cd_size, *entries, rec_off);
}

int lg_zip_find_dir(uint64_t *cd_off, uint64_t *cd_size, uint64_t *entries,
		    const void *tail, size_t len, uint64_t tail_off,
		    uint64_t file_size)
{
	const unsigned char *t = tail;
	size_t at;
	uint16_t n16;
	uint32_t size32, off32;

	LG_ASSERT_ARG(cd_off && cd_size && entries && (tail || !len));
	if (tail_off > file_size || file_size - tail_off != len)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: the tail "
					"does not end the file");
	if (!find_eocd(&at, t, len)) {
		lg_error_set(LG_ERRCLASS_ARCHIVE, "zip: no end of central "
			     "directory record in the last %zu bytes", len);
		return LG_ENOTFOUND;
	}
	if (rd16(t + at + 4) != 0 || rd16(t + at + 6) != 0 ||
	    rd16(t + at + 8) != rd16(t + at + 10))
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: multi-disk "
					"archive");
	n16 = rd16(t + at + 10);
	size32 = rd32(t + at + 12);
	off32 = rd32(t + at + 16);
	if (n16 == 0xffff || size32 == 0xffffffffu || off32 == 0xffffffffu)
		return zip64_dir(cd_off, cd_size, entries, t, at, tail_off);
	*entries = n16;
	*cd_size = size32;
	*cd_off = off32;
	return check_dir(*cd_off, *cd_size, *entries, tail_off + at);
}

/* Replaces overflowed 32-bit fields with the zip64 extra's 64-bit ones. */
static int apply_zip64(struct lg_zip_entry *e, const unsigned char *x,
		       size_t xlen, bool need_u, bool need_c, bool need_o)
{
	while (xlen >= 4) {
		uint16_t id = rd16(x), n = rd16(x + 2);
		const unsigned char *f = x + 4;
		size_t left = n;

		if ((size_t)n > xlen - 4)
			break;
		if (id == Z64_EXTRA_ID) {
			if (need_u && left >= 8) {
				e->usize = rd64(f);
				f += 8, left -= 8, need_u = false;
			}
			if (need_c && left >= 8) {
				e->csize = rd64(f);
				f += 8, left -= 8, need_c = false;
			}
			if (need_o && left >= 8) {
				e->local_offset = rd64(f);
				need_o = false;
			}
			break;
		}
		x += 4 + n;
		xlen -= 4 + (size_t)n;
	}
	if (need_u || need_c || need_o)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: a size or "
					"offset overflows without a zip64 "
					"extra field");
	return 0;
}

/* One central record at p (left bytes available); *used is its length. */
static int parse_entry(struct lg_zip_entry *e, size_t *used,
		       const unsigned char *p, size_t left, uint64_t cd_off)
{
	size_t nl, xl, cl;
	uint32_t c32, u32, o32;
	int error;

	if (left < CDH_LEN || rd32(p) != CDH_SIG)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: bad central "
					"directory record");
	nl = rd16(p + 28), xl = rd16(p + 30), cl = rd16(p + 32);
	if (left - CDH_LEN < nl + xl + cl)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: central "
					"record runs past the directory");
	if (nl > LG_MAX_PATH_BYTES)
		return lg_error_toobig("zip: member name longer than %u bytes",
				       LG_MAX_PATH_BYTES);
	e->method = rd16(p + 10);
	e->encrypted = rd16(p + 8) & 1u;
	c32 = rd32(p + 20), u32 = rd32(p + 24), o32 = rd32(p + 42);
	e->csize = c32, e->usize = u32, e->local_offset = o32;
	e->name_len = (uint16_t)nl, e->extra_len = (uint16_t)xl;
	if ((error = apply_zip64(e, p + CDH_LEN + nl, xl, u32 == 0xffffffffu,
				 c32 == 0xffffffffu, o32 == 0xffffffffu)) < 0)
		return error;
	if (e->local_offset >= cd_off || cd_off - e->local_offset <
						 LFH_LEN + nl ||
	    e->csize > cd_off - e->local_offset - LFH_LEN - nl)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: member data "
					"outside the archive");
	if (!(e->path = lg__strndup((const char *)p + CDH_LEN, nl)))
		return lg_error_oom();
	if (strlen(e->path) != nl)
		e->problem = "NUL in name";
	e->is_dir = nl && e->path[nl - 1] == '/';
	e->is_link = (rd16(p + 4) >> 8) == UNIX_HOST &&
		     ((rd32(p + 38) >> 16) & MODE_TYPE) == MODE_LINK;
	if (!e->problem)
		e->problem = lg_archive__path_problem(e->path,
						      LG_MAX_PATH_BYTES);
	if (!e->problem && e->is_link)
		e->problem = "symbolic link";
	*used = CDH_LEN + nl + xl + cl;
	return 0;
}

int lg_zip_parse_dir(struct lg_zip_dir **out, const void *cd, size_t len,
		     uint64_t cd_off, uint64_t entries)
{
	const unsigned char *p = cd;
	struct lg_zip_dir *d = NULL;
	size_t off = 0, used;
	int error = 0;

	LG_ASSERT_ARG(out && (cd || !len));
	*out = NULL;
	if (entries > LG_MAX_ARCHIVE_ENTRIES)
		return lg_error_toobig("zip: more than %u members",
				       LG_MAX_ARCHIVE_ENTRIES);
	if (len > LG_MAX_ZIP_DIR_BYTES)
		return lg_error_toobig("zip: central directory larger than %u "
				       "bytes", LG_MAX_ZIP_DIR_BYTES);
	if (entries > len / CDH_LEN)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: central "
					"directory too small for its entries");
	if (!(d = lg__calloc(1, sizeof(*d))) ||
	    (entries && !(d->v = lg__calloc((size_t)entries, sizeof(*d->v))))) {
		error = lg_error_oom();
		goto done;
	}
	for (; d->n < entries; d->n++) {
		if ((error = parse_entry(&d->v[d->n], &used, p + off, len - off,
					 cd_off)) < 0) {
			d->n++; /* free its path too */
			goto done;
		}
		off += used;
	}
	if (off != len)
		error = lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: %zu bytes "
					 "after the last central record",
					 len - off);
done:
	if (error < 0) {
		lg_zip_dir_free(d);
		return error;
	}
	*out = d;
	return 0;
}

void lg_zip_dir_free(struct lg_zip_dir *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		lg__free(d->v[i].path);
	lg__free(d->v);
	lg__free(d);
}

int lg_zip_local_data(size_t *data_off, const void *hdr, size_t len,
		      const struct lg_zip_entry *e)
{
	const unsigned char *h = hdr;
	size_t nl, xl;

	LG_ASSERT_ARG(data_off && (hdr || !len) && e);
	if (len < LFH_LEN) {
		lg_error_set(LG_ERRCLASS_ARCHIVE, "zip: short local header");
		return LG_ENOTFOUND;
	}
	if (rd32(h) != LFH_SIG)
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: no local "
					"header where the directory points");
	nl = rd16(h + 26), xl = rd16(h + 28);
	if (nl != e->name_len || (len >= LFH_LEN + nl && !e->problem &&
				  memcmp(h + LFH_LEN, e->path, nl) != 0))
		return lg_error_invalid(LG_ERRCLASS_ARCHIVE, "zip: local "
					"header names another member than the "
					"directory");
	if (len < LFH_LEN + nl + xl) {
		lg_error_set(LG_ERRCLASS_ARCHIVE, "zip: short local header");
		return LG_ENOTFOUND;
	}
	*data_off = LFH_LEN + nl + xl;
	return 0;
}
