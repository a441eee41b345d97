/* SPDX-License-Identifier: MIT */
/* Digests (OpenSSL lives only behind this header). */
#ifndef LG_INCLUDE_HASH_H
#define LG_INCLUDE_HASH_H

#include "lg/common.h"

#define LG_SHA256_HEX_LEN 64

struct lg_sha256; /* opaque streaming context */

LG_EXTERN(int) lg_sha256_new(struct lg_sha256 **out) LG_WARN_UNUSED;
LG_EXTERN(int) lg_sha256_update(struct lg_sha256 *ctx, const void *p, size_t n)
	LG_WARN_UNUSED;
/* Writes 64 lower-case hex digits and a NUL to out. */
LG_EXTERN(int) lg_sha256_final_hex(struct lg_sha256 *ctx,
				  char out[LG_SHA256_HEX_LEN + 1]) LG_WARN_UNUSED;
LG_EXTERN(void) lg_sha256_free(struct lg_sha256 *ctx);
/* One-shot digest of a buffer. */
LG_EXTERN(int) lg_sha256_hex(char out[LG_SHA256_HEX_LEN + 1], const void *p,
			    size_t n) LG_WARN_UNUSED;
/* Constant-time comparison of two hex digests, case-insensitive; false when
 * lengths differ or either is NULL or empty. */
LG_EXTERN(bool) lg_hex_equal(const char *a, const char *b);

#endif
