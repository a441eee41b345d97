/* SPDX-License-Identifier: MIT */
/* Decompressors with a capped output: data is inflated a chunk at a time
 * into out, so a bomb stops at out->max (LG_ETOOBIG) instead of
 * allocating what it asks for. Library allocations go through lg__malloc. */
#define ZLIB_CONST
#include <bzlib.h>
#include <limits.h>
#include <lzma.h>
#include <zlib.h>

#include "lg/buf.h"
#include "decode_private.h"

#define CHUNK 16384u

static unsigned feed_size(size_t left)
{
	return left > UINT_MAX ? UINT_MAX : (unsigned)left;
}

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return lg__reallocarray(NULL, items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	lg__free(p);
}

/* One zlib/raw/gzip stream; *used gets the input bytes it took. */
static int inflate_one(struct lg_buf *out, size_t *used, const char *in,
		       size_t len, int wbits)
{
	unsigned char chunk[CHUNK];
	z_stream zs;
	size_t left = len, got;
	int zr, error = 0;

	memset(&zs, 0, sizeof(zs));
	zs.zalloc = z_alloc;
	zs.zfree = z_free;
	if ((zr = inflateInit2(&zs, wbits)) != Z_OK)
		return zr == Z_MEM_ERROR ? lg_error_oom() : LG_EINVALID;
	zs.next_in = (const Bytef *)in;
	for (;;) {
		if (zs.avail_in == 0 && left) {
			zs.avail_in = feed_size(left);
			left -= zs.avail_in;
		}
		zs.next_out = chunk;
		zs.avail_out = CHUNK;
		zr = inflate(&zs, Z_NO_FLUSH);
		got = CHUNK - zs.avail_out;
		if (got && (error = lg_buf_put(out, chunk, got)) < 0)
			break;
		if (zr == Z_STREAM_END)
			break;
		if (zr == Z_MEM_ERROR) {
			error = lg_error_oom();
			break;
		}
		if (zr != Z_OK) { /* corrupt, or truncated (Z_BUF_ERROR) */
			error = LG_EINVALID;
			break;
		}
	}
	*used = len - left - zs.avail_in;
	inflateEnd(&zs);
	return error;
}

int lg_decode__zlib(struct lg_buf *out, const char *in, size_t len)
{
	size_t used;

	return inflate_one(out, &used, in, len, MAX_WBITS);
}

int lg_decode__deflate(struct lg_buf *out, const char *in, size_t len)
{
	size_t used;

	return inflate_one(out, &used, in, len, -MAX_WBITS);
}

static bool is_gzip(const char *p, size_t n)
{
	return n >= 2 && (unsigned char)p[0] == 0x1f &&
	       (unsigned char)p[1] == 0x8b;
}

/* Members follow each other, as gzip.decompress reads them. The loop
 * ends because each member takes at least its header. */
int lg_decode__gzip(struct lg_buf *out, const char *in, size_t len)
{
	size_t used = 0;
	int error = 0;

	if (!is_gzip(in, len))
		return LG_EINVALID;
	do {
		if ((error = inflate_one(out, &used, in, len, 16 + MAX_WBITS)) <
		    0)
			return error;
		in += used;
		len -= used;
	} while (used && is_gzip(in, len));
	return 0;
}

static void *bz_alloc(void *opaque, int items, int size)
{
	(void)opaque;
	if (items < 0 || size < 0)
		return NULL;
	return lg__reallocarray(NULL, (size_t)items, (size_t)size);
}

static void bz_free(void *opaque, void *p)
{
	(void)opaque;
	lg__free(p);
}

static bool is_bz2(const char *p, size_t n)
{
	return n >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
	       p[3] >= '1' && p[3] <= '9';
}

static int bz_error(int r)
{
	return r == BZ_MEM_ERROR ? lg_error_oom() : LG_EINVALID;
}

/* One bzip2 stream; *used gets the input bytes it took. */
static int bunzip_one(struct lg_buf *out, size_t *used, const char *in,
		      size_t len)
{
	char chunk[CHUNK];
	bz_stream bs;
	size_t left = len, got;
	int r, error = 0;

	memset(&bs, 0, sizeof(bs));
	bs.bzalloc = bz_alloc;
	bs.bzfree = bz_free;
	if ((r = BZ2_bzDecompressInit(&bs, 0, 0)) != BZ_OK)
		return bz_error(r);
	bs.next_in = (char *)(uintptr_t)in;
	for (;;) {
		if (bs.avail_in == 0 && left) {
			bs.avail_in = feed_size(left);
			left -= bs.avail_in;
		}
		bs.next_out = chunk;
		bs.avail_out = CHUNK;
		r = BZ2_bzDecompress(&bs);
		got = CHUNK - bs.avail_out;
		if (got && (error = lg_buf_put(out, chunk, got)) < 0)
			break;
		if (r == BZ_STREAM_END)
			break;
		if (r != BZ_OK || (!got && !bs.avail_in && !left)) {
			error = r == BZ_OK ? LG_EINVALID : bz_error(r);
			break;
		}
	}
	*used = len - left - bs.avail_in;
	BZ2_bzDecompressEnd(&bs);
	return error;
}

int lg_decode__bz2(struct lg_buf *out, const char *in, size_t len)
{
	size_t used = 0;
	int error = 0;

	if (!is_bz2(in, len))
		return LG_EINVALID;
	do {
		if ((error = bunzip_one(out, &used, in, len)) < 0)
			return error;
		in += used;
		len -= used;
	} while (used && is_bz2(in, len));
	return 0;
}

static void *xz_alloc(void *opaque, size_t nmemb, size_t size)
{
	(void)opaque;
	return lg__reallocarray(NULL, nmemb, size);
}

static void xz_free(void *opaque, void *p)
{
	(void)opaque;
	lg__free(p);
}

static int xz_error(lzma_ret r)
{
	if (r == LZMA_MEM_ERROR)
		return lg_error_oom();
	if (r == LZMA_MEMLIMIT_ERROR)
		return lg_error_toobig("lzma data needs more than %u bytes of "
				       "memory to decode",
				       LG_MAX_DECODE_MEMORY);
	return LG_EINVALID;
}

/* .xz (concatenated streams) and legacy .lzma, as lzma.decompress reads
 * them; the decoder's memory is capped by LG_MAX_DECODE_MEMORY. */
int lg_decode__lzma(struct lg_buf *out, const char *in, size_t len)
{
	const lzma_allocator alloc = {xz_alloc, xz_free, NULL};
	uint8_t chunk[CHUNK];
	lzma_stream ls = LZMA_STREAM_INIT;
	size_t left = len, got;
	lzma_ret r;
	int error = 0;

	ls.allocator = &alloc;
	if ((r = lzma_auto_decoder(&ls, LG_MAX_DECODE_MEMORY,
				   LZMA_CONCATENATED)) != LZMA_OK)
		return xz_error(r);
	ls.next_in = (const uint8_t *)in;
	for (;;) {
		if (ls.avail_in == 0 && left) {
			ls.avail_in = left;
			left = 0;
		}
		ls.next_out = chunk;
		ls.avail_out = CHUNK;
		r = lzma_code(&ls, left || ls.avail_in ? LZMA_RUN
						       : LZMA_FINISH);
		got = CHUNK - ls.avail_out;
		if (got && (error = lg_buf_put(out, chunk, got)) < 0)
			break;
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK) {
			error = xz_error(r);
			break;
		}
	}
	lzma_end(&ls);
	return error;
}

int lg_decode__compression(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n >= 2 && u[0] == 0x78 &&
	    (u[1] == 0x01 || u[1] == 0x5e || u[1] == 0x9c || u[1] == 0xda))
		return LG_CODEC_ZLIB;
	if (is_gzip(p, n))
		return LG_CODEC_GZIP;
	if (is_bz2(p, n))
		return LG_CODEC_BZ2;
	if ((n >= 6 && !memcmp(u, "\xFD" "7zXZ\0", 6)) ||
	    (n >= 3 && u[0] == 0x5D && u[1] == 0 && u[2] == 0))
		return LG_CODEC_LZMA;
	return -1;
}
