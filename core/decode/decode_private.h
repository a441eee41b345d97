/* SPDX-License-Identifier: MIT */
/* Shared between the files of core/decode only. */
#ifndef LG_DECODE_PRIVATE_H
#define LG_DECODE_PRIVATE_H

#include "lg/buf.h"
#include "lg/decode.h"

/* Each codec appends its output to out (out->max caps it) and returns 0,
 * LG_EINVALID without setting an error message (the input is not in the
 * format; out may hold partial output), or out->err / LG_ENOMEM /
 * LG_ETOOBIG with the message set. */
typedef int (*lg_decode__fn)(struct lg_buf *out, const char *in, size_t len);

int lg_decode__base64(struct lg_buf *out, const char *in, size_t len);
int lg_decode__base64url(struct lg_buf *out, const char *in, size_t len);
int lg_decode__base32(struct lg_buf *out, const char *in, size_t len);
int lg_decode__base16(struct lg_buf *out, const char *in, size_t len);
int lg_decode__base85(struct lg_buf *out, const char *in, size_t len);
int lg_decode__ascii85(struct lg_buf *out, const char *in, size_t len);
int lg_decode__hex(struct lg_buf *out, const char *in, size_t len);
int lg_decode__rot13(struct lg_buf *out, const char *in, size_t len);
int lg_decode__reverse(struct lg_buf *out, const char *in, size_t len);
int lg_decode__zlib(struct lg_buf *out, const char *in, size_t len);
int lg_decode__deflate(struct lg_buf *out, const char *in, size_t len);
int lg_decode__gzip(struct lg_buf *out, const char *in, size_t len);
int lg_decode__bz2(struct lg_buf *out, const char *in, size_t len);
int lg_decode__lzma(struct lg_buf *out, const char *in, size_t len);

/* The codec whose magic starts p[0..n) (ZLIB, GZIP, BZ2, LZMA), or -1. */
int lg_decode__compression(const char *p, size_t n);
/* Sets b's length back to n (n <= b->len). */
void lg_decode__truncate(struct lg_buf *b, size_t n);

#endif
