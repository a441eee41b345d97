/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

void fx_dispose(struct fx *f)
{
	free(f->p);
	f->p = NULL;
	f->len = f->cap = 0;
}

void fx_put(struct fx *f, const void *p, size_t n)
{
	if (f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 1024;

		while (cap < f->len + n)
			cap *= 2;
		f->p = realloc(f->p, cap);
		assert_non_null(f->p);
		f->cap = cap;
	}
	if (n)
		memcpy(f->p + f->len, p, n);
	f->len += n;
}

static void put_zeros(struct fx *f, size_t n)
{
	static const unsigned char zero[512];

	while (n) {
		size_t k = n < sizeof(zero) ? n : sizeof(zero);

		fx_put(f, zero, k);
		n -= k;
	}
}

static void put_le(struct fx *f, uint32_t v, int nbytes)
{
	for (int i = 0; i < nbytes; i++) {
		unsigned char b = (unsigned char)(v >> (8 * i));

		fx_put(f, &b, 1);
	}
}

static uint32_t crc32_update(uint32_t crc, const void *p, size_t n)
{
	const unsigned char *b = p;

	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

uint32_t fx_crc32(const void *p, size_t n)
{
	return crc32_update(0, p, n);
}

/* ---- ustar ------------------------------------------------------------ */

void fx_tar_add(struct fx *f, const char *name, char type, const char *link,
		const void *data, size_t n, uint64_t declared_size)
{
	unsigned char h[512];
	unsigned sum = 0;

	assert_true(strlen(name) < 100);
	memset(h, 0, sizeof(h));
	memcpy(h, name, strlen(name));
	snprintf((char *)h + 100, 8, "%07o", type == FX_DIR ? 0755u : 0644u);
	snprintf((char *)h + 108, 8, "%07o", 1000u);
	snprintf((char *)h + 116, 8, "%07o", 1000u);
	snprintf((char *)h + 124, 12, "%011llo",
		 (unsigned long long)(declared_size ? declared_size : n));
	snprintf((char *)h + 136, 12, "%011o", 1700000000u);
	h[156] = (unsigned char)type;
	if (link) {
		assert_true(strlen(link) < 100);
		memcpy(h + 157, link, strlen(link));
	}
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "user", 4);
	memcpy(h + 297, "user", 4);
	memset(h + 148, ' ', 8);
	for (size_t i = 0; i < sizeof(h); i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	fx_put(f, h, sizeof(h));
	fx_put(f, data, n);
	put_zeros(f, (512 - n % 512) % 512);
}

void fx_tar_add_text(struct fx *f, const char *name, const char *text)
{
	fx_tar_add(f, name, FX_REG, NULL, text, strlen(text), 0);
}

void fx_tar_finish(struct fx *f)
{
	put_zeros(f, 1024);
}

/* ---- stored zip ------------------------------------------------------- */

/* General-purpose flag bit 11 (names are UTF-8) for non-ASCII names. */
static uint32_t utf8_flag(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p >= 0x80)
			return 1u << 11;
	return 0;
}

void fx_zip_add(struct fx_zip *z, const char *name, unsigned mode,
		const void *data, size_t n)
{
	size_t nlen = strlen(name);

	assert_true(z->n < FX_ZIP_MAX && nlen < sizeof(z->m[0].name));
	memcpy(z->m[z->n].name, name, nlen + 1);
	z->m[z->n].crc = fx_crc32(data, n);
	z->m[z->n].size = (uint32_t)n;
	z->m[z->n].offset = (uint32_t)z->out.len;
	z->m[z->n].mode = mode ? mode : 0100644u;
	put_le(&z->out, 0x04034b50u, 4);
	put_le(&z->out, 20, 2);          /* version needed */
	put_le(&z->out, utf8_flag(name), 2);
	put_le(&z->out, 0, 2);           /* method: stored */
	put_le(&z->out, 0, 2);           /* time */
	put_le(&z->out, 0x21, 2);        /* date: 1980-01-01 */
	put_le(&z->out, z->m[z->n].crc, 4);
	put_le(&z->out, (uint32_t)n, 4); /* compressed */
	put_le(&z->out, (uint32_t)n, 4); /* uncompressed */
	put_le(&z->out, (uint32_t)nlen, 2);
	put_le(&z->out, 0, 2);           /* extra length */
	fx_put(&z->out, name, nlen);
	fx_put(&z->out, data, n);
	z->n++;
}

void fx_zip_finish(struct fx_zip *z)
{
	uint32_t cd_start = (uint32_t)z->out.len, cd_size;

	for (size_t i = 0; i < z->n; i++) {
		size_t nlen = strlen(z->m[i].name);

		put_le(&z->out, 0x02014b50u, 4);
		put_le(&z->out, (3u << 8) | 20u, 2); /* made by: Unix */
		put_le(&z->out, 20, 2);
		put_le(&z->out, utf8_flag(z->m[i].name), 2);
		put_le(&z->out, 0, 2);
		put_le(&z->out, 0, 2);
		put_le(&z->out, 0x21, 2);
		put_le(&z->out, z->m[i].crc, 4);
		put_le(&z->out, z->m[i].size, 4);
		put_le(&z->out, z->m[i].size, 4);
		put_le(&z->out, (uint32_t)nlen, 2);
		put_le(&z->out, 0, 2); /* extra */
		put_le(&z->out, 0, 2); /* comment */
		put_le(&z->out, 0, 2); /* disk */
		put_le(&z->out, 0, 2); /* internal attributes */
		put_le(&z->out, z->m[i].mode << 16, 4);
		put_le(&z->out, z->m[i].offset, 4);
		fx_put(&z->out, z->m[i].name, nlen);
	}
	cd_size = (uint32_t)z->out.len - cd_start;
	put_le(&z->out, 0x06054b50u, 4);
	put_le(&z->out, 0, 2);
	put_le(&z->out, 0, 2);
	put_le(&z->out, (uint32_t)z->n, 2);
	put_le(&z->out, (uint32_t)z->n, 2);
	put_le(&z->out, cd_size, 4);
	put_le(&z->out, cd_start, 4);
	put_le(&z->out, 0, 2);
}

/* ---- gzip ------------------------------------------------------------- */

static const unsigned char gzip_header[10] = {
	0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff,
};

void fx_gzip_stored(struct fx *out, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t off = 0;

	fx_put(out, gzip_header, sizeof(gzip_header));
	do {
		size_t k = n - off < 65535 ? n - off : 65535;
		unsigned char final = off + k == n;

		fx_put(out, &final, 1);
		put_le(out, (uint32_t)k, 2);
		put_le(out, (uint32_t)(~k & 0xffffu), 2);
		fx_put(out, b + off, k);
		off += k;
	} while (off < n);
	put_le(out, fx_crc32(p, n), 4);
	put_le(out, (uint32_t)n, 4);
}

struct bits {
	struct fx *out;
	uint32_t acc;
	int nacc;
};

/* Numbers go in least-significant bit first ... */
static void put_bits(struct bits *w, uint32_t v, int n)
{
	for (int i = 0; i < n; i++) {
		w->acc |= ((v >> i) & 1u) << w->nacc;
		if (++w->nacc == 8) {
			unsigned char b = (unsigned char)w->acc;

			fx_put(w->out, &b, 1);
			w->acc = 0;
			w->nacc = 0;
		}
	}
}

/* ... Huffman codes most-significant bit first. */
static void put_code(struct bits *w, uint32_t code, int n)
{
	for (int i = n - 1; i >= 0; i--)
		put_bits(w, (code >> i) & 1u, 1);
}

static void put_literal(struct bits *w, unsigned char c)
{
	if (c < 144)
		put_code(w, 0x30u + c, 8);
	else
		put_code(w, 0x190u + (c - 144u), 9);
}

void fx_gzip_zeros(struct fx *out, const void *prefix, size_t nprefix,
		   size_t nzeros)
{
	static const unsigned char zero[4096];
	struct bits w = {out, 0, 0};
	const unsigned char *b = prefix;
	uint32_t crc = crc32_update(0, prefix, nprefix);
	size_t left = nzeros;

	fx_put(out, gzip_header, sizeof(gzip_header));
	put_bits(&w, 1, 1); /* BFINAL */
	put_bits(&w, 1, 2); /* BTYPE = fixed Huffman */
	for (size_t i = 0; i < nprefix; i++)
		put_literal(&w, b[i]);
	if (left) {
		put_literal(&w, 0);
		left--;
	}
	for (; left >= 258; left -= 258) {
		put_code(&w, 0xC0u + (285u - 280u), 8); /* length 258 */
		put_code(&w, 0, 5);                     /* distance 1 */
	}
	for (; left; left--)
		put_literal(&w, 0);
	put_code(&w, 0, 7); /* end of block */
	if (w.nacc)
		put_bits(&w, 0, 8 - w.nacc);
	for (size_t k = nzeros; k;) {
		size_t c = k < sizeof(zero) ? k : sizeof(zero);

		crc = crc32_update(crc, zero, c);
		k -= c;
	}
	put_le(out, crc, 4);
	put_le(out, (uint32_t)(nprefix + nzeros), 4);
}
