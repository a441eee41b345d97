/* SPDX-License-Identifier: MIT */
/* SHA-256 through OpenSSL EVP, and constant-time digest comparison.
 * OpenSSL is used in this module only. */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "lg/buf.h"
#include "lg/hash.h"

struct lg_sha256 {
	EVP_MD_CTX *md;
	bool finished; /* final_hex was called; the context is spent */
};

/* Translates the OpenSSL error queue into our error slot. */
static int error_from_openssl(const char *what)
{
	unsigned long code = ERR_get_error();
	char detail[256] = "unknown error";

	if (code)
		ERR_error_string_n(code, detail, sizeof(detail));
	ERR_clear_error();
	lg_error_set(LG_ERRCLASS_HASH, "sha256: %s: %s", what, detail);
	return LG_ERROR;
}

int lg_sha256_new(struct lg_sha256 **out)
{
	struct lg_sha256 *ctx = NULL;
	int error = 0;

	LG_ASSERT_ARG(out);
	*out = NULL;

	if (!(ctx = lg__calloc(1, sizeof(*ctx))))
		return lg_error_oom();
	if (!(ctx->md = EVP_MD_CTX_new())) {
		error = lg_error_oom();
		goto done;
	}
	if (EVP_DigestInit_ex(ctx->md, EVP_sha256(), NULL) != 1) {
		error = error_from_openssl("init");
		goto done;
	}

	*out = ctx;
	ctx = NULL;
done:
	lg_sha256_free(ctx);
	return error;
}

int lg_sha256_update(struct lg_sha256 *ctx, const void *p, size_t n)
{
	LG_ASSERT_ARG(ctx && (p || !n));

	if (ctx->finished) {
		lg_error_set(LG_ERRCLASS_HASH, "sha256: update after final");
		return LG_ERROR;
	}
	if (n && EVP_DigestUpdate(ctx->md, p, n) != 1)
		return error_from_openssl("update");
	return 0;
}

int lg_sha256_final_hex(struct lg_sha256 *ctx, char out[LG_SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	LG_ASSERT_ARG(ctx && out);

	if (ctx->finished) {
		lg_error_set(LG_ERRCLASS_HASH, "sha256: final called twice");
		return LG_ERROR;
	}
	ctx->finished = true;
	if (EVP_DigestFinal_ex(ctx->md, md, &mdlen) != 1)
		return error_from_openssl("final");
	if (mdlen * 2 != LG_SHA256_HEX_LEN) {
		lg_error_set(LG_ERRCLASS_HASH,
			     "sha256: unexpected digest length %u", mdlen);
		return LG_ERROR;
	}
	for (unsigned int i = 0; i < mdlen; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[LG_SHA256_HEX_LEN] = '\0';
	return 0;
}

void lg_sha256_free(struct lg_sha256 *ctx)
{
	if (!ctx)
		return;
	EVP_MD_CTX_free(ctx->md);
	lg__free(ctx);
}

int lg_sha256_hex(char out[LG_SHA256_HEX_LEN + 1], const void *p, size_t n)
{
	struct lg_sha256 *ctx = NULL;
	int error;

	LG_ASSERT_ARG(out && (p || !n));

	if ((error = lg_sha256_new(&ctx)) < 0 ||
	    (error = lg_sha256_update(ctx, p, n)) < 0 ||
	    (error = lg_sha256_final_hex(ctx, out)) < 0)
		goto done;
done:
	lg_sha256_free(ctx);
	return error;
}

/* ASCII lower-casing without a data-dependent branch. */
static unsigned char lower_ct(unsigned char c)
{
	unsigned int is_upper = (unsigned int)(c - 'A') < 26u;

	return (unsigned char)(c | (is_upper << 5));
}

/* Lengths are public (a digest's length depends on the algorithm only);
 * the contents are compared in constant time, a block at a time, through
 * CRYPTO_memcmp over the lower-cased bytes. */
bool lg_hex_equal(const char *a, const char *b)
{
	unsigned char xa[64], xb[64];
	size_t len, off, n;
	int diff = 0;

	if (!a || !b)
		return false;
	len = strlen(a);
	if (len != strlen(b) || len == 0)
		return false;
	for (off = 0; off < len; off += n) {
		n = len - off < sizeof(xa) ? len - off : sizeof(xa);
		for (size_t i = 0; i < n; i++) {
			xa[i] = lower_ct((unsigned char)a[off + i]);
			xb[i] = lower_ct((unsigned char)b[off + i]);
		}
		diff |= CRYPTO_memcmp(xa, xb, n);
	}
	return diff == 0;
}
