/* SPDX-License-Identifier: MIT */
/* Layered decoding of constants found in package source: pure functions of
 * bytes (no I/O). Used to see through base64/zlib/... wrappers without
 * running anything. */
#ifndef LG_INCLUDE_DECODE_H
#define LG_INCLUDE_DECODE_H

#include "lg/buf.h"

enum lg_codec {
	LG_CODEC_BASE64 = 0, /* standard alphabet; whitespace ignored; padding optional */
	LG_CODEC_BASE64URL,  /* - and _ */
	LG_CODEC_BASE32,
	LG_CODEC_BASE16,     /* upper-case hex, as base64.b16decode */
	LG_CODEC_BASE85,     /* base64.b85decode alphabet */
	LG_CODEC_ASCII85,    /* base64.a85decode, with or without <~ ~> */
	LG_CODEC_HEX,        /* bytes.fromhex / binascii.unhexlify (either case, spaces ok) */
	LG_CODEC_ZLIB,       /* zlib.decompress (zlib header) */
	LG_CODEC_DEFLATE,    /* raw deflate (zlib.decompress(x, -15)) */
	LG_CODEC_GZIP,       /* gzip.decompress */
	LG_CODEC_BZ2,        /* bz2.decompress */
	LG_CODEC_LZMA,       /* lzma.decompress (.xz and legacy .lzma) */
	LG_CODEC_ROT13,      /* codecs.decode(x, 'rot13') */
	LG_CODEC_REVERSE,    /* x[::-1] */
	LG_CODEC_COUNT
};

/* Python name of a codec's usual call ("base64.b64decode", ...). */
LG_EXTERN(const char *) lg_codec_name(enum lg_codec c);
/* The codec a resolved callee name applies ("base64.b64decode" ->
 * LG_CODEC_BASE64, "zlib.decompress" -> LG_CODEC_ZLIB, "bytes.fromhex" ->
 * LG_CODEC_HEX, "codecs.decode" with arg 'rot13'/'hex'/'base64'/'zlib'...
 * is resolved by the caller); -1 when callee is no decoder. */
LG_EXTERN(int) lg_codec_for_callee(const char *callee);

/* Applies one codec to in. Appends the output to out (out->max caps it:
 * LG_ETOOBIG; a decompression bomb stops there). Returns 0, or LG_EINVALID
 * (error message set, out as it was) when in is not valid for c; LG_ENOMEM;
 * LG_ETOOBIG also when lzma data needs more than LG_MAX_DECODE_MEMORY. */
LG_EXTERN(int) lg_decode_apply(struct lg_buf *out, enum lg_codec c,
			      const char *in, size_t len) LG_WARN_UNUSED;

/* Peels encodings recognised from the bytes themselves (compression magic,
 * a plausible base64/base32/hex/base85 body) layer by layer, at most
 * LG_MAX_DECODE_LAYERS layers and LG_MAX_DECODE_BYTES of output in all.
 * out gets the innermost bytes (a copy of in when nothing applies);
 * *layers the number of layers peeled. Returns 0; LG_ETOOBIG when a cap is
 * hit (never a silent truncation); LG_ENOMEM.
 * One layer is a decompression (zlib, gzip, bzip2, xz, lzma), or a text
 * decoding (hex, base32, base64, base64url, base85, ascii85; the whole
 * whitespace-trimmed buffer, at least 16 bytes) together with the
 * decompression of its output when that is compressed: the usual
 * base64(zlib(x)) wrapper counts once, so aiocpa's 50 rounds are 50
 * layers. A text decoding is taken only when its output is compressed,
 * marshal, Python or clean text (or a known executable/archive magic);
 * reversed base64 (x[::-1]) and rot13 only when they yield compressed data
 * or Python. Peeling stops at Python source or marshal data. On error out
 * is left as it was. Thread-safe. */
LG_EXTERN(int) lg_decode_peel(struct lg_buf *out, unsigned *layers,
			     const char *in, size_t len) LG_WARN_UNUSED;

/* 0 when the codec tables are consistent (callee table sorted for bsearch,
 * every codec implemented); LG_EINVALID naming the first bad entry. Used
 * by the unit tests. */
LG_EXTERN(int) lg_decode_check_tables(void) LG_WARN_UNUSED;

/* Whether bytes look like a marshalled code object (or a .pyc header
 * followed by one). */
LG_EXTERN(bool) lg_decode_is_marshal(const char *p, size_t n);
/* Whether bytes look like Python source (tokenizes with keywords such as
 * import/def/exec and mostly printable text), as opposed to data. */
LG_EXTERN(bool) lg_decode_looks_like_python(const char *p, size_t n);

#endif
