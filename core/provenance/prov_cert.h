/* SPDX-License-Identifier: MIT */
/* Certificate helpers inside core/provenance (never exported). */
#ifndef LG_PROV_CERT_H
#define LG_PROV_CERT_H

#include "prov_crypto.h"

#define LG_PROV_MAX_SANS 16
/* What the policies read from a leaf; strings new or NULL. */
struct lg_prov_cert {
	char *issuer;        /* .1.8, else .1.1 */
	char *source_repo;   /* .1.12 */
	char *build_config;  /* .1.18 */
	char *source_digest; /* .1.13 */
	char *source_ref;    /* .1.14 */
	char *sans[LG_PROV_MAX_SANS];
	size_t nsans;
};
int lg_prov_cert_facts(struct lg_prov_cert *c, X509 *x);
void lg_prov_cert_dispose(struct lg_prov_cert *c);
/* Chains leaf to a CA of t valid at when, validated at when. */
bool lg_prov_chain_at(X509 *leaf, const struct lg_prov_trust *t, int64_t when, char *why,
		      size_t whylen);
bool lg_prov_profile_ok(X509 *x, char *why, size_t whylen);
/* Verifies the embedded SCTs of leaf; 0 when at least one verifies, else
 * LG_EINVALID. why says which. */
int lg_prov_sct(char *why, size_t whylen, X509 *leaf, const struct lg_prov_trust *t);
bool lg_prov_publisher_ok(const struct lg_prov_cert *c, const struct lg_prov_publisher *p,
			  char *why, size_t whylen);

#endif
