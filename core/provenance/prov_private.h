/* SPDX-License-Identifier: MIT */
/* Shared between the provenance parsers and the verifier. */
#ifndef LG_PROV_PRIVATE_H
#define LG_PROV_PRIVATE_H

#include "lg/provenance.h"

/* A validFor window in Unix seconds; end 0 means open-ended. */
struct lg_prov_window {
	int64_t start, end;
};

struct lg_prov_logkey {
	char *base_url;
	struct lg_prov_bytes key_id; /* logId.keyId */
	struct lg_prov_bytes spki;   /* publicKey.rawBytes (DER SubjectPublicKeyInfo) */
	char *key_details;           /* PKIX_ECDSA_P256_SHA_256, PKIX_ED25519, ... */
	struct lg_prov_window valid;
};

struct lg_prov_authority {
	char *uri;
	struct lg_prov_bytes *certs; /* leaf/intermediates first, root last */
	size_t ncerts;
	struct lg_prov_window valid;
};

struct lg_prov_trust {
	struct lg_prov_logkey *tlogs;
	size_t ntlogs;
	struct lg_prov_logkey *ctlogs;
	size_t nctlogs;
	struct lg_prov_authority *cas;
	size_t ncas;
	struct lg_prov_authority *tsas;
	size_t ntsas;
};

static inline bool lg_prov_window_has(const struct lg_prov_window *w, int64_t t)
{
	return t >= w->start && (w->end == 0 || t <= w->end);
}

void lg_prov_bytes_dispose(struct lg_prov_bytes *b);
/* "2024-11-06T22:37:07Z" (fraction optional) to Unix seconds. */
int lg_prov_parse_time(int64_t *out, const char *s);
void lg_prov_publisher_dispose(struct lg_prov_publisher *p);

#endif
