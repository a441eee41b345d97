/* SPDX-License-Identifier: MIT */
/* HTTPS transfers (libcurl lives only behind this header). */
#ifndef LG_INCLUDE_FETCH_H
#define LG_INCLUDE_FETCH_H

#include "lg/buf.h"
#include "lg/hash.h"

struct lg_fetch_options {
	const char *ca_bundle;   /* PEM file of trusted CAs, NULL: system store */
	long connect_timeout_ms; /* 0: default */
	long timeout_ms;         /* whole transfer, 0: default */
	const char *user_agent;  /* NULL: "lockgate/<version>" */
};
#define LG_FETCH_OPTIONS_INIT {NULL, 0, 0, NULL}

/* Process-wide set-up and tear-down of the transport; call once each. */
LG_EXTERN(int) lg_fetch_global_init(void) LG_WARN_UNUSED;
LG_EXTERN(void) lg_fetch_global_cleanup(void);

/* GETs url over https into out (out->max caps the body; hitting it is
 * LG_ETOOBIG), computing the sha256 of the body while it streams when
 * sha256_out is not NULL. TLS verification is always on; only https is
 * allowed, for the request and for redirects (at most
 * LG_MAX_HTTP_REDIRECTS). Returns 0; LG_ENOTFOUND on 404/410; LG_EHTTP on
 * other non-2xx; LG_ENET on transport failure; LG_EINVALID for a non-https
 * URL. The error message never contains URL credentials. out is emptied
 * first (lg_buf_reset) and is left empty on failure: no partial body. */
LG_EXTERN(int) lg_fetch_get(struct lg_buf *out,
			   char sha256_out[LG_SHA256_HEX_LEN + 1],
			   const struct lg_fetch_options *opts, const char *url)
	LG_WARN_UNUSED;

/* POSTs body (JSON) to url and reads the answer into out, with the rules
 * and return codes of lg_fetch_get (https only, TLS verified, out->max
 * caps the answer). */
LG_EXTERN(int) lg_fetch_post_json(struct lg_buf *out,
				 const struct lg_fetch_options *opts,
				 const char *url, const char *body, size_t len)
	LG_WARN_UNUSED;

/* Resolves ref (absolute or relative URL) against base. Ownership: new. */
LG_EXTERN(int) lg_url_resolve(char **out, const char *base, const char *ref)
	LG_WARN_UNUSED;
/* Copy of url with any user:password removed, for messages. Ownership: new. */
LG_EXTERN(int) lg_url_redact(char **out, const char *url) LG_WARN_UNUSED;

#endif
