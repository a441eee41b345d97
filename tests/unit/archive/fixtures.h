/* SPDX-License-Identifier: MIT */
/* In-memory builders for small, inert archive fixtures: ustar, stored zip,
 * and gzip (stored blocks, or a fixed-Huffman run of zeros). */
#ifndef LG_TEST_ARCHIVE_FIXTURES_H
#define LG_TEST_ARCHIVE_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

struct fx {
	unsigned char *p;
	size_t len, cap;
};

/* ustar type flags */
#define FX_REG '0'
#define FX_HARDLINK '1'
#define FX_SYMLINK '2'
#define FX_CHR '3'
#define FX_BLK '4'
#define FX_DIR '5'
#define FX_FIFO '6'

void fx_dispose(struct fx *f);
void fx_put(struct fx *f, const void *p, size_t n);
uint32_t fx_crc32(const void *p, size_t n);

/* Tar: one member (name < 100 bytes); declared_size lets a header claim
 * more bytes than follow it (pass 0 to use n). */
void fx_tar_add(struct fx *f, const char *name, char type, const char *link,
		const void *data, size_t n, uint64_t declared_size);
void fx_tar_add_text(struct fx *f, const char *name, const char *text);
void fx_tar_finish(struct fx *f);

/* Zip with stored members: add them, then finish writes the central
 * directory (at most FX_ZIP_MAX members). mode is the Unix mode put in the
 * external attributes (0 for a plain 0644 file). */
#define FX_ZIP_MAX 32
struct fx_zip {
	struct fx out;
	size_t n;
	struct {
		char name[128];
		uint32_t crc, size, offset, mode;
	} m[FX_ZIP_MAX];
};
void fx_zip_add(struct fx_zip *z, const char *name, unsigned mode,
		const void *data, size_t n);
void fx_zip_finish(struct fx_zip *z);

/* gzip of p[0..n) in stored deflate blocks. */
void fx_gzip_stored(struct fx *out, const void *p, size_t n);
/* gzip whose deflate stream produces prefix then nzeros zero bytes, using
 * fixed-Huffman back-references (about 13 bits per 258 zeros). */
void fx_gzip_zeros(struct fx *out, const void *prefix, size_t nprefix,
		   size_t nzeros);

#endif
