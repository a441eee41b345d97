/* SPDX-License-Identifier: MIT */
/* core/decode: each codec (valid and invalid input), the peeler (deep
 * nests, bombs, plain text left alone) and the sniffers. Every fixture is
 * an inert string. */
#include <bzlib.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/decode.h"
#include "lg/limits.h"

#define SNIPPET                                                              \
	"import socket; socket.create_connection((\"127.0.0.1\", 9))\n"

/* ---- fixture builders ---------------------------------------------------- */

static void b64_encode(struct lg_buf *out, const char *p, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)p;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)u[i] << 16;
		size_t left = n - i;

		if (left > 1)
			v |= (uint32_t)u[i + 1] << 8;
		if (left > 2)
			v |= u[i + 2];
		assert_int_equal(lg_buf_putc(out, abc[v >> 18 & 63]), 0);
		assert_int_equal(lg_buf_putc(out, abc[v >> 12 & 63]), 0);
		assert_int_equal(lg_buf_putc(out, left > 1 ? abc[v >> 6 & 63] : '='), 0);
		assert_int_equal(lg_buf_putc(out, left > 2 ? abc[v & 63] : '='), 0);
	}
}

static void hex_encode(struct lg_buf *out, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(lg_buf_printf(out, "%02x", (unsigned char)p[i]), 0);
}

static void zlib_compress(struct lg_buf *out, const char *p, size_t n)
{
	uLongf cap = compressBound((uLong)n);
	Bytef *tmp = malloc(cap);

	assert_non_null(tmp);
	assert_int_equal(compress2(tmp, &cap, (const Bytef *)p, (uLong)n, 9), Z_OK);
	assert_int_equal(lg_buf_put(out, tmp, cap), 0);
	free(tmp);
}

/* wbits 31: gzip, -15: raw deflate. */
static void deflate_with(struct lg_buf *out, const char *p, size_t n, int wbits)
{
	unsigned char tmp[65536];
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, wbits, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	zs.next_out = tmp;
	zs.avail_out = sizeof(tmp);
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(lg_buf_put(out, tmp, sizeof(tmp) - zs.avail_out), 0);
	deflateEnd(&zs);
}

static void bz2_compress(struct lg_buf *out, const char *p, size_t n)
{
	char tmp[65536];
	unsigned len = sizeof(tmp);

	assert_int_equal(BZ2_bzBuffToBuffCompress(tmp, &len, (char *)(uintptr_t)p,
						  (unsigned)n, 9, 0, 0), BZ_OK);
	assert_int_equal(lg_buf_put(out, tmp, len), 0);
}

static void xz_compress(struct lg_buf *out, const char *p, size_t n, bool alone)
{
	uint8_t tmp[65536];
	size_t len = 0;

	if (alone) {
		lzma_options_lzma opt;
		lzma_stream ls = LZMA_STREAM_INIT;

		assert_false(lzma_lzma_preset(&opt, 6));
		assert_int_equal(lzma_alone_encoder(&ls, &opt), LZMA_OK);
		ls.next_in = (const uint8_t *)p;
		ls.avail_in = n;
		ls.next_out = tmp;
		ls.avail_out = sizeof(tmp);
		assert_int_equal(lzma_code(&ls, LZMA_FINISH), LZMA_STREAM_END);
		len = sizeof(tmp) - ls.avail_out;
		lzma_end(&ls);
	} else {
		assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
							 (const uint8_t *)p, n,
							 tmp, &len, sizeof(tmp)),
				 LZMA_OK);
	}
	assert_int_equal(lg_buf_put(out, tmp, len), 0);
}

/* rounds x base64(zlib(...)) around the snippet. */
static void build_nest(struct lg_buf *out, unsigned rounds)
{
	struct lg_buf tmp = LG_BUF_INIT(SIZE_MAX / 2);

	assert_int_equal(lg_buf_puts(out, SNIPPET), 0);
	for (unsigned r = 0; r < rounds; r++) {
		lg_buf_reset(&tmp);
		zlib_compress(&tmp, out->ptr, out->len);
		lg_buf_reset(out);
		b64_encode(out, tmp.ptr, tmp.len);
	}
	lg_buf_dispose(&tmp);
}

/* ---- helpers ------------------------------------------------------------- */

static void check_apply(enum lg_codec c, const char *in, size_t len,
			const char *want, size_t want_len)
{
	struct lg_buf out = LG_BUF_INIT(1 << 20);
	int error = lg_decode_apply(&out, c, in, len);

	if (error)
		fail_msg("%s('%.*s') failed: %d %s", lg_codec_name(c), (int)len,
			 in, error, lg_error_last()->message);
	if (out.len != want_len || memcmp(out.ptr, want, want_len))
		fail_msg("%s('%.*s') gave '%s'", lg_codec_name(c), (int)len, in,
			 out.ptr);
	lg_buf_dispose(&out);
}

static void check_invalid(enum lg_codec c, const char *in, size_t len)
{
	struct lg_buf out = LG_BUF_INIT(1 << 20);

	assert_int_equal(lg_buf_puts(&out, "keep"), 0);
	if (lg_decode_apply(&out, c, in, len) != LG_EINVALID)
		fail_msg("%s accepted '%.*s'", lg_codec_name(c), (int)len, in);
	assert_string_equal(out.ptr, "keep");
	assert_true(lg_error_last()->message[0] != '\0');
	lg_error_clear();
	lg_buf_dispose(&out);
}

#define OK(c, in, want) check_apply((c), LG_TEST_STR(in), LG_TEST_STR(want))
#define BAD(c, in) check_invalid((c), LG_TEST_STR(in))

/* ---- tables -------------------------------------------------------------- */

static void test_decode__tables(void **state)
{
	(void)state;
	assert_int_equal(lg_decode_check_tables(), 0);
	assert_int_equal(lg_codec_for_callee("base64.b64decode"), LG_CODEC_BASE64);
	assert_int_equal(lg_codec_for_callee("base64.standard_b64decode"), LG_CODEC_BASE64);
	assert_int_equal(lg_codec_for_callee("base64.decodebytes"), LG_CODEC_BASE64);
	assert_int_equal(lg_codec_for_callee("base64.decodestring"), LG_CODEC_BASE64);
	assert_int_equal(lg_codec_for_callee("base64.urlsafe_b64decode"), LG_CODEC_BASE64URL);
	assert_int_equal(lg_codec_for_callee("base64.b32decode"), LG_CODEC_BASE32);
	assert_int_equal(lg_codec_for_callee("base64.b16decode"), LG_CODEC_BASE16);
	assert_int_equal(lg_codec_for_callee("base64.b85decode"), LG_CODEC_BASE85);
	assert_int_equal(lg_codec_for_callee("base64.a85decode"), LG_CODEC_ASCII85);
	assert_int_equal(lg_codec_for_callee("binascii.a2b_base64"), LG_CODEC_BASE64);
	assert_int_equal(lg_codec_for_callee("binascii.unhexlify"), LG_CODEC_HEX);
	assert_int_equal(lg_codec_for_callee("binascii.a2b_hex"), LG_CODEC_HEX);
	assert_int_equal(lg_codec_for_callee("bytes.fromhex"), LG_CODEC_HEX);
	assert_int_equal(lg_codec_for_callee("bytearray.fromhex"), LG_CODEC_HEX);
	assert_int_equal(lg_codec_for_callee("zlib.decompress"), LG_CODEC_ZLIB);
	assert_int_equal(lg_codec_for_callee("gzip.decompress"), LG_CODEC_GZIP);
	assert_int_equal(lg_codec_for_callee("bz2.decompress"), LG_CODEC_BZ2);
	assert_int_equal(lg_codec_for_callee("lzma.decompress"), LG_CODEC_LZMA);
	assert_int_equal(lg_codec_for_callee("base64.b64encode"), -1);
	assert_int_equal(lg_codec_for_callee("zlib"), -1);
	assert_int_equal(lg_codec_for_callee(""), -1);
	assert_int_equal(lg_codec_for_callee(NULL), -1);
	for (int c = 0; c < LG_CODEC_COUNT; c++)
		assert_true(lg_codec_name((enum lg_codec)c)[0] != '\0');
	assert_string_equal(lg_codec_name(LG_CODEC_COUNT), "unknown");
	assert_string_equal(lg_codec_name(LG_CODEC_ZLIB), "zlib.decompress");
}

/* ---- text codecs --------------------------------------------------------- */

static void test_decode__base64(void **state)
{
	(void)state;
	OK(LG_CODEC_BASE64, "aW1wb3J0IG9z", "import os");
	OK(LG_CODEC_BASE64, "aW1w\nb3J0\r\n IG9z\n", "import os");
	OK(LG_CODEC_BASE64, "aW1wb3J0IG9zIA==", "import os ");
	OK(LG_CODEC_BASE64, "aW1wb3J0IG9zIA", "import os "); /* no padding */
	OK(LG_CODEC_BASE64, "", "");
	OK(LG_CODEC_BASE64, "+/+/", "\xfb\xff\xbf");
	BAD(LG_CODEC_BASE64, "aW1wb3J0IG9z$");
	BAD(LG_CODEC_BASE64, "a");            /* 1 mod 4 */
	BAD(LG_CODEC_BASE64, "aW1w=b3J0");    /* data after padding */
	BAD(LG_CODEC_BASE64, "aW1wb3J0IG9zIA=");  /* partial padding */
	BAD(LG_CODEC_BASE64, "aW1wb3J0IG9zIA==="); /* too much */
	BAD(LG_CODEC_BASE64, "-_-_");         /* URL alphabet */
	OK(LG_CODEC_BASE64URL, "-_-_", "\xfb\xff\xbf");
	OK(LG_CODEC_BASE64URL, "aW1wb3J0IG9z", "import os");
	BAD(LG_CODEC_BASE64URL, "aW1w.b3J0");
}

static void test_decode__base32_16_hex(void **state)
{
	(void)state;
	OK(LG_CODEC_BASE32, "NFWXA33SOQQG64Y=", "import os");
	OK(LG_CODEC_BASE32, "NFWXA33SOQQG64Y", "import os");
	OK(LG_CODEC_BASE32, "NBSWY3DP", "hello");
	BAD(LG_CODEC_BASE32, "nbswy3dp");   /* lower case */
	BAD(LG_CODEC_BASE32, "NBSWY3D1");   /* 1 is not in the alphabet */
	BAD(LG_CODEC_BASE32, "NBS");        /* impossible length */
	BAD(LG_CODEC_BASE32, "NBSWY3DP=A");
	OK(LG_CODEC_BASE16, "696D706F7274206F73", "import os");
	BAD(LG_CODEC_BASE16, "696d706f7274206f73"); /* lower case */
	BAD(LG_CODEC_BASE16, "696D7");             /* odd */
	BAD(LG_CODEC_BASE16, "69 6D");
	OK(LG_CODEC_HEX, "696d706f7274206f73", "import os");
	OK(LG_CODEC_HEX, "69 6D 70 6f7274 206f73", "import os");
	OK(LG_CODEC_HEX, "", "");
	BAD(LG_CODEC_HEX, "696");
	BAD(LG_CODEC_HEX, "6 96d");  /* space inside a pair */
	BAD(LG_CODEC_HEX, "zz");
}

static void test_decode__base85(void **state)
{
	(void)state;
	OK(LG_CODEC_BASE85, "Xk~0{Zy<MXa%^NF", "hello world!");
	OK(LG_CODEC_BASE85, "X>D+Ca&#bXa{", "import os");
	BAD(LG_CODEC_BASE85, "Xk~0{ Zy<");  /* space */
	BAD(LG_CODEC_BASE85, "Xk~0\"");     /* quote is not in the alphabet */
	BAD(LG_CODEC_BASE85, "~~~~~");      /* group overflow */
	OK(LG_CODEC_ASCII85, "BOu!rD]j7BEbo80", "hello world!");
	OK(LG_CODEC_ASCII85, "<~BOu!rD]j7BEbo80~>", "hello world!");
	OK(LG_CODEC_ASCII85, "BOu!r D]j7B\nEbo80", "hello world!");
	OK(LG_CODEC_ASCII85, "<~z@:B~>", "\0\0\0\0ab");
	BAD(LG_CODEC_ASCII85, "BOu!rD]j7BEbo8{");  /* past 'u' */
	BAD(LG_CODEC_ASCII85, "Bz");              /* z inside a group */
	BAD(LG_CODEC_ASCII85, "uuuuu");           /* group overflow */
}

static void test_decode__rot13_reverse(void **state)
{
	(void)state;
	OK(LG_CODEC_ROT13, "vzcbeg bf; bf.trgpjq()", "import os; os.getcwd()");
	OK(LG_CODEC_REVERSE, "cexe", "exec");
	OK(LG_CODEC_REVERSE, "", "");
}

/* ---- compression --------------------------------------------------------- */

static void check_roundtrip(enum lg_codec c, const struct lg_buf *packed)
{
	check_apply(c, packed->ptr, packed->len, LG_TEST_STR(SNIPPET));
}

static void test_decode__compression(void **state)
{
	struct lg_buf b = LG_BUF_INIT(1 << 20), two = LG_BUF_INIT(1 << 20);

	(void)state;
	zlib_compress(&b, LG_TEST_STR(SNIPPET));
	check_roundtrip(LG_CODEC_ZLIB, &b);
	check_invalid(LG_CODEC_ZLIB, b.ptr, b.len - 6); /* truncated */
	check_invalid(LG_CODEC_DEFLATE, b.ptr, b.len);  /* has a header */
	lg_buf_reset(&b);
	deflate_with(&b, LG_TEST_STR(SNIPPET), -15);
	check_roundtrip(LG_CODEC_DEFLATE, &b);
	check_invalid(LG_CODEC_ZLIB, b.ptr, b.len);
	lg_buf_reset(&b);
	deflate_with(&b, LG_TEST_STR("import socket; "), 31);
	assert_int_equal(lg_buf_put(&two, b.ptr, b.len), 0);
	lg_buf_reset(&b);
	deflate_with(&b, LG_TEST_STR("socket.create_connection((\"127.0.0.1\", 9))\n"), 31);
	assert_int_equal(lg_buf_put(&two, b.ptr, b.len), 0);
	check_roundtrip(LG_CODEC_GZIP, &two); /* two members */
	check_invalid(LG_CODEC_GZIP, two.ptr + 1, two.len - 1);
	lg_buf_reset(&b);
	bz2_compress(&b, LG_TEST_STR(SNIPPET));
	check_roundtrip(LG_CODEC_BZ2, &b);
	check_invalid(LG_CODEC_BZ2, b.ptr, b.len - 4);
	lg_buf_reset(&b);
	xz_compress(&b, LG_TEST_STR(SNIPPET), false);
	check_roundtrip(LG_CODEC_LZMA, &b);
	check_invalid(LG_CODEC_LZMA, b.ptr, b.len / 2);
	lg_buf_reset(&b);
	xz_compress(&b, LG_TEST_STR(SNIPPET), true);
	check_roundtrip(LG_CODEC_LZMA, &b);
	/* a legacy .lzma header asking for a 4 GiB dictionary:
	 * LG_MAX_DECODE_MEMORY */
	lg_buf_reset(&b);
	assert_int_equal(lg_buf_put(&b, "\x5d\xff\xff\xff\xff"
					"\xff\xff\xff\xff\xff\xff\xff\xff"
					"\x00\x10\x20\x30", 17), 0);
	{
		struct lg_buf out = LG_BUF_INIT(1 << 20);

		assert_int_equal(lg_decode_apply(&out, LG_CODEC_LZMA, b.ptr,
						 b.len),
				 LG_ETOOBIG);
		assert_non_null(strstr(lg_error_last()->message, "memory"));
		lg_error_clear();
		lg_buf_dispose(&out);
	}
	BAD(LG_CODEC_ZLIB, "not compressed at all");
	BAD(LG_CODEC_GZIP, "");
	BAD(LG_CODEC_BZ2, "BZh9 garbage garbage");
	BAD(LG_CODEC_LZMA, "\xFD" "7zXZ\0 garbage");
	lg_buf_dispose(&b);
	lg_buf_dispose(&two);
}

/* Zeros deflated a MiB at a time: a small input with a huge output. */
static void build_bomb(struct lg_buf *out, size_t mib)
{
	static char zeros[1 << 20];
	unsigned char tmp[1 << 16];
	z_stream zs;
	int flush;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit(&zs, 9), Z_OK);
	for (size_t k = 0; k < mib; k++) {
		zs.next_in = (Bytef *)zeros;
		zs.avail_in = sizeof(zeros);
		flush = k + 1 == mib ? Z_FINISH : Z_NO_FLUSH;
		do {
			zs.next_out = tmp;
			zs.avail_out = sizeof(tmp);
			deflate(&zs, flush);
			assert_int_equal(lg_buf_put(out, tmp, sizeof(tmp) - zs.avail_out), 0);
		} while (zs.avail_out == 0);
	}
	deflateEnd(&zs);
}

static void test_decode__bomb(void **state)
{
	struct lg_buf bomb = LG_BUF_INIT(1 << 20), out = LG_BUF_INIT(1 << 20);
	unsigned layers = 99;

	(void)state;
	build_bomb(&bomb, 40);
	assert_true(bomb.len < 100000);
	/* the caller's cap */
	assert_int_equal(lg_decode_apply(&out, LG_CODEC_ZLIB, bomb.ptr, bomb.len),
			 LG_ETOOBIG);
	assert_int_equal(out.err, LG_ETOOBIG);
	lg_buf_dispose(&out);
	/* the peeler's own cap (LG_MAX_DECODE_BYTES) */
	lg_buf_init(&out, SIZE_MAX / 2);
	assert_int_equal(lg_decode_peel(&out, &layers, bomb.ptr, bomb.len),
			 LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "larger than"));
	lg_error_clear();
	lg_buf_dispose(&out);
	lg_buf_dispose(&bomb);
}

/* Large plain text behind one compression: the candidates tried on it
 * (and rejected) must not count against the budget. */
static void test_decode__peel_large_text(void **state)
{
	static const char line[] = "plain text line, nothing encoded here\n";
	struct lg_buf text = LG_BUF_INIT(SIZE_MAX / 2), packed = LG_BUF_INIT(SIZE_MAX / 2);
	struct lg_buf out = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	unsigned layers = 0;

	(void)state;
	while (text.len < (20u << 20))
		assert_int_equal(lg_buf_put(&text, line, sizeof(line) - 1), 0);
	zlib_compress(&packed, text.ptr, text.len);
	assert_int_equal(lg_decode_peel(&out, &layers, packed.ptr, packed.len), 0);
	assert_int_equal(layers, 1);
	assert_int_equal(out.len, text.len);
	lg_buf_dispose(&out);
	/* a long base64 body (decided from a prefix first) of Python */
	lg_buf_reset(&text);
	while (text.len < (1u << 20))
		assert_int_equal(lg_buf_puts(&text, SNIPPET), 0);
	lg_buf_reset(&packed);
	b64_encode(&packed, text.ptr, text.len);
	assert_int_equal(lg_decode_peel(&out, &layers, packed.ptr, packed.len), 0);
	assert_int_equal(layers, 1);
	assert_int_equal(out.len, text.len);
	lg_buf_dispose(&out);
	/* ... and of noise, which stays as it is */
	lg_buf_reset(&text);
	for (uint32_t x = 1; text.len < (1u << 20);) {
		x = x * 1103515245u + 12345u;
		assert_int_equal(lg_buf_putc(&text, (char)(x >> 24)), 0);
	}
	lg_buf_reset(&packed);
	b64_encode(&packed, text.ptr, text.len);
	assert_int_equal(lg_decode_peel(&out, &layers, packed.ptr, packed.len), 0);
	assert_int_equal(layers, 0);
	assert_int_equal(out.len, packed.len);
	lg_buf_dispose(&out);
	lg_buf_dispose(&packed);
	lg_buf_dispose(&text);
}

/* ---- peeling ------------------------------------------------------------- */

static void check_peel(const char *in, size_t len, unsigned want_layers,
		       const char *want, size_t want_len)
{
	struct lg_buf out = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	unsigned layers = 99;
	int error = lg_decode_peel(&out, &layers, in, len);

	if (error)
		fail_msg("peel failed: %d %s", error, lg_error_last()->message);
	if (layers != want_layers || out.len != want_len ||
	    memcmp(out.ptr, want, want_len))
		fail_msg("peel of '%.40s' gave %u layers: '%.60s'", in, layers,
			 out.ptr);
	lg_buf_dispose(&out);
}

static void test_decode__peel_nest50(void **state)
{
	struct lg_buf nest = LG_BUF_INIT(SIZE_MAX / 2);

	(void)state;
	build_nest(&nest, 50);
	check_peel(nest.ptr, nest.len, 50, LG_TEST_STR(SNIPPET));
	/* the same with line breaks and surrounding blanks */
	assert_int_equal(lg_buf_puts(&nest, "\n  "), 0);
	check_peel(nest.ptr, nest.len, 50, LG_TEST_STR(SNIPPET));
	lg_buf_dispose(&nest);
}

static void test_decode__peel_nest65(void **state)
{
	struct lg_buf nest = LG_BUF_INIT(SIZE_MAX / 2), out = LG_BUF_INIT(SIZE_MAX / 2);
	unsigned layers = 0;

	(void)state;
	build_nest(&nest, LG_MAX_DECODE_LAYERS);
	check_peel(nest.ptr, nest.len, LG_MAX_DECODE_LAYERS, LG_TEST_STR(SNIPPET));
	lg_buf_reset(&nest);
	build_nest(&nest, 65);
	assert_int_equal(lg_decode_peel(&out, &layers, nest.ptr, nest.len),
			 LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "nested"));
	lg_error_clear();
	lg_buf_dispose(&out);
	lg_buf_dispose(&nest);
}

static void test_decode__peel_codecs(void **state)
{
	struct lg_buf b = LG_BUF_INIT(1 << 20), t = LG_BUF_INIT(1 << 20);

	(void)state;
	/* hex of Python */
	hex_encode(&b, LG_TEST_STR(SNIPPET));
	check_peel(b.ptr, b.len, 1, LG_TEST_STR(SNIPPET));
	/* base32, base85 of Python */
	check_peel(LG_TEST_STR("NFWXA33SOQQG64Y="), 1, LG_TEST_STR("import os"));
	check_peel(LG_TEST_STR("X>D+Ca&#bXb2}h!b1r9PbYpj9C@B"), 1,
		   LG_TEST_STR("import os; os.getcwd()"));
	/* base64(base64(Python)): two layers of text */
	lg_buf_reset(&b);
	b64_encode(&b, LG_TEST_STR(SNIPPET));
	b64_encode(&t, b.ptr, b.len);
	check_peel(t.ptr, t.len, 2, LG_TEST_STR(SNIPPET));
	/* reversed base64 of zlib: x[::-1] */
	lg_buf_reset(&b);
	lg_buf_reset(&t);
	zlib_compress(&t, LG_TEST_STR(SNIPPET));
	b64_encode(&b, t.ptr, t.len);
	lg_buf_reset(&t);
	for (size_t i = b.len; i > 0; i--)
		assert_int_equal(lg_buf_putc(&t, b.ptr[i - 1]), 0);
	check_peel(t.ptr, t.len, 1, LG_TEST_STR(SNIPPET));
	/* bare compression, each format */
	lg_buf_reset(&b);
	bz2_compress(&b, LG_TEST_STR(SNIPPET));
	check_peel(b.ptr, b.len, 1, LG_TEST_STR(SNIPPET));
	lg_buf_reset(&b);
	xz_compress(&b, LG_TEST_STR(SNIPPET), false);
	check_peel(b.ptr, b.len, 1, LG_TEST_STR(SNIPPET));
	lg_buf_reset(&b);
	deflate_with(&b, LG_TEST_STR(SNIPPET), 31);
	check_peel(b.ptr, b.len, 1, LG_TEST_STR(SNIPPET));
	/* rot13 of Python */
	check_peel(LG_TEST_STR("vzcbeg bf; bf.trgpjq()"), 1,
		   LG_TEST_STR("import os; os.getcwd()"));
	lg_buf_dispose(&b);
	lg_buf_dispose(&t);
}

static void test_decode__peel_leaves_text(void **state)
{
	static const char *const plain[] = {
		"The quick brown fox jumps over the lazy dog",
		"ThisIsAnIdentifierName1234",
		"deadbeefcafebabe00112233445566778899aabbccddeeff0011223344556677",
		"abcdefghijklmnopqrstuvwxyzABCDEF",
		"helloworldthisistext",
		"short",
		"",
		SNIPPET,
		"https://203.0.113.7/simple/pkg/pkg-1.0.tar.gz",
		"Zm9vYmFy", /* base64 of "foobar", but shorter than 16 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		check_peel(plain[i], strlen(plain[i]), 0, plain[i], strlen(plain[i]));
	/* a corrupt compressed body is left as it is */
	check_peel(LG_TEST_STR("x\x9c garbage that does not inflate"), 0,
		   LG_TEST_STR("x\x9c garbage that does not inflate"));
}

static void test_decode__peel_args(void **state)
{
	struct lg_buf out = LG_BUF_INIT(4);
	unsigned layers;

	(void)state;
	assert_int_equal(lg_decode_peel(NULL, &layers, "x", 1), LG_ERROR);
	assert_int_equal(lg_decode_peel(&out, NULL, "x", 1), LG_ERROR);
	/* the caller's own cap on out */
	assert_int_equal(lg_decode_peel(&out, &layers, LG_TEST_STR("longer than four")),
			 LG_ETOOBIG);
	lg_error_clear();
	lg_buf_dispose(&out);
	lg_buf_init(&out, 16);
	assert_int_equal(lg_decode_apply(&out, LG_CODEC_COUNT, "x", 1), LG_EINVALID);
	lg_error_clear();
	lg_buf_dispose(&out);
}

/* ---- sniffers ------------------------------------------------------------ */

static void test_decode__marshal(void **state)
{
	static const char code311[] = "\xe3\0\0\0\0\0\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0";
	static const char code_c[] = "c\x01\0\0\0\0\0\0\0\0\0\0\0\x03\0\0\0\x40\0\0\0";
	static const char pyc[] = "\xa7\x0d\x0d\x0a\0\0\0\0\0\0\0\0\0\0\0\0"
				  "\xe3\0\0\0\0\0\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0";

	(void)state;
	assert_true(lg_decode_is_marshal(code311, sizeof(code311) - 1));
	assert_true(lg_decode_is_marshal(code_c, sizeof(code_c) - 1));
	assert_true(lg_decode_is_marshal(pyc, sizeof(pyc) - 1));
	assert_false(lg_decode_is_marshal(code311, 8)); /* too short */
	assert_false(lg_decode_is_marshal(LG_TEST_STR("cat /etc/hostname > /dev/null")));
	assert_false(lg_decode_is_marshal(LG_TEST_STR("\xa7\x0d\x0d\x0a not code at all")));
	assert_false(lg_decode_is_marshal(LG_TEST_STR(SNIPPET)));
	assert_false(lg_decode_is_marshal("", 0));
	assert_false(lg_decode_is_marshal(NULL, 0));
}

static void test_decode__python(void **state)
{
	(void)state;
	assert_true(lg_decode_looks_like_python(LG_TEST_STR(SNIPPET)));
	assert_true(lg_decode_looks_like_python(LG_TEST_STR("exec(payload)")));
	assert_true(lg_decode_looks_like_python(LG_TEST_STR("from os import path\n")));
	assert_true(lg_decode_looks_like_python(LG_TEST_STR("\n\ndef run(x):\n    return x\n")));
	assert_true(lg_decode_looks_like_python(LG_TEST_STR("x = 1\ny = f(x)\n")));
	assert_true(lg_decode_looks_like_python(LG_TEST_STR("__import__('os').getcwd()")));
	assert_false(lg_decode_looks_like_python(LG_TEST_STR("hello world")));
	assert_false(lg_decode_looks_like_python(LG_TEST_STR("aW1wb3J0IG9zIA==\naW1wb3J0IG9zIA=\n")));
	assert_false(lg_decode_looks_like_python(LG_TEST_STR("x = 1")));
	assert_false(lg_decode_looks_like_python(LG_TEST_STR("import os\0\0\0\0")));
	assert_false(lg_decode_looks_like_python(LG_TEST_STR("\x01\x02\x03\x04\x05 import os\n\x06\x07\x08\x0e\x0f\x10")));
	assert_false(lg_decode_looks_like_python("", 0));
	assert_false(lg_decode_looks_like_python(NULL, 0));
}

/* ---- OOM ----------------------------------------------------------------- */

static void test_decode__oom(void **state)
{
	struct lg_buf nest = LG_BUF_INIT(SIZE_MAX / 2);
	int error = LG_ENOMEM;

	(void)state;
	build_nest(&nest, 3);
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		struct lg_buf out = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
		unsigned layers = 0;

		lg_alloc_fail_after(n);
		error = lg_decode_peel(&out, &layers, nest.ptr, nest.len);
		lg_alloc_fail_after(-1);
		assert_true(error == 0 || error == LG_ENOMEM);
		if (!error) {
			assert_int_equal(layers, 3);
			assert_string_equal(out.ptr, SNIPPET);
		}
		lg_buf_dispose(&out);
	}
	assert_int_equal(error, 0);
	lg_error_clear();
	lg_buf_dispose(&nest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode__tables),
		cmocka_unit_test(test_decode__base64),
		cmocka_unit_test(test_decode__base32_16_hex),
		cmocka_unit_test(test_decode__base85),
		cmocka_unit_test(test_decode__rot13_reverse),
		cmocka_unit_test(test_decode__compression),
		cmocka_unit_test(test_decode__bomb),
		cmocka_unit_test(test_decode__peel_large_text),
		cmocka_unit_test(test_decode__peel_nest50),
		cmocka_unit_test(test_decode__peel_nest65),
		cmocka_unit_test(test_decode__peel_codecs),
		cmocka_unit_test(test_decode__peel_leaves_text),
		cmocka_unit_test(test_decode__peel_args),
		cmocka_unit_test(test_decode__marshal),
		cmocka_unit_test(test_decode__python),
		cmocka_unit_test(test_decode__oom),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
