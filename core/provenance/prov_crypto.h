/* SPDX-License-Identifier: MIT */
/* OpenSSL helpers shared inside core/provenance (never exported). */
#ifndef LG_PROV_CRYPTO_H
#define LG_PROV_CRYPTO_H

#include <limits.h>
#include <stdio.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "prov_private.h"

int lg_prov_sha256(unsigned char out[32], const void *p, size_t n);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void lg_prov_hex(char *out, const unsigned char *p, size_t n);
/* Unix seconds of an ASN.1 time, INT64_MIN when it cannot be read. */
int64_t lg_prov_asn1_unix(const ASN1_TIME *t);
bool lg_prov_verify_sig(EVP_PKEY *pkey, const void *sig, size_t siglen, const void *msg,
			size_t len);
bool lg_prov_verify_prehashed(EVP_PKEY *pkey, const void *sig, size_t siglen,
			      const unsigned char digest[32]);
/* New key or certificate from DER, NULL when it does not parse. */
EVP_PKEY *lg_prov_pubkey(const struct lg_prov_bytes *spki);
X509 *lg_prov_x509(const struct lg_prov_bytes *der);
/* Checks the checkpoint note against e and the log key; on failure
 * returns LG_EINVALID (or LG_ETOOBIG) with the reason in why. */
int lg_prov_checkpoint(char *why, size_t whylen, const char *note,
		       const struct lg_prov_tlog *e, EVP_PKEY *key);

#endif
