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
	bool allow_http;         /* also plain http (--allow-insecure-index) */
};
#define LG_FETCH_OPTIONS_INIT {NULL, 0, 0, NULL, false}

/* Process-wide set-up and tear-down of the transport; call once each. */
LG_EXTERN(int) lg_fetch_global_init(void) LG_WARN_UNUSED;
LG_EXTERN(void) lg_fetch_global_cleanup(void);

/* GETs url over https into out (out->max caps the body; hitting it is
 * LG_ETOOBIG), computing the sha256 of the body while it streams when
 * sha256_out is not NULL. TLS verification is always on; only https is
 * allowed, for the request and for redirects (at most
 * LG_MAX_HTTP_REDIRECTS). Returns 0; LG_ENOTFOUND on 404/410; LG_EHTTP on
 * other non-2xx; LG_ENET on transport failure; LG_EINVALID for a non-https
 * URL (http too when opts->allow_http). The error message never contains URL credentials. out is emptied
 * first (lg_buf_reset) and is left empty on failure: no partial body. */
LG_EXTERN(int) lg_fetch_get(struct lg_buf *out,
			   char sha256_out[LG_SHA256_HEX_LEN + 1],
			   const struct lg_fetch_options *opts, const char *url)
	LG_WARN_UNUSED;

/* A GET with request headers and the response headers a cache needs. */
struct lg_fetch_request {
	const char *url;
	const char *accept;            /* Accept header, or NULL */
	const char *if_none_match;     /* ETag to revalidate, or NULL */
	const char *if_modified_since; /* Last-Modified to revalidate, or NULL */
};

struct lg_fetch_response {
	long status;          /* final HTTP status: 2xx, or 304 */
	char *etag;           /* response headers (NULL when absent) */
	char *last_modified;
	char *content_type;
	char *effective_url;  /* URL after redirects (may carry credentials) */
};
#define LG_FETCH_RESPONSE_INIT {0, NULL, NULL, NULL, NULL}

/* Like lg_fetch_get (same caps, TLS and https rules, same error codes,
 * no sha256), plus the request headers of req. A 304 answer to a
 * conditional request returns 0 with resp->status 304 and out empty.
 * resp is filled on success (Ownership: strings new, see
 * lg_fetch_response_dispose); header values longer than
 * LG_MAX_HTTP_HEADER_BYTES are LG_ETOOBIG. */
LG_EXTERN(int) lg_fetch_request(struct lg_buf *out,
			       struct lg_fetch_response *resp,
			       const struct lg_fetch_options *opts,
			       const struct lg_fetch_request *req)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_fetch_response_dispose(struct lg_fetch_response *resp);

/* Resolves ref (absolute or relative URL) against base. Ownership: new. */
LG_EXTERN(int) lg_url_resolve(char **out, const char *base, const char *ref)
	LG_WARN_UNUSED;
/* Copy of url with any user:password removed, for messages. Ownership: new. */
LG_EXTERN(int) lg_url_redact(char **out, const char *url) LG_WARN_UNUSED;
/* Lower-case host of an absolute URL. Ownership: new. LG_EINVALID when
 * url has no host. */
LG_EXTERN(int) lg_url_host(char **out, const char *url) LG_WARN_UNUSED;
/* Whether url carries a user or password. */
LG_EXTERN(bool) lg_url_has_credentials(const char *url);
/* Decoded user and password of url (either may be NULL). Ownership: new;
 * the caller wipes and frees them. */
LG_EXTERN(int) lg_url_credentials(char **user, char **password,
				 const char *url) LG_WARN_UNUSED;
/* Copy of url with user and password set (percent-encoded). Ownership:
 * new. */
LG_EXTERN(int) lg_url_set_credentials(char **out, const char *url,
				     const char *user, const char *password)
	LG_WARN_UNUSED;
/* Whether a and b have the same scheme, host and port (default ports
 * filled in); false when either does not parse. */
LG_EXTERN(bool) lg_url_same_origin(const char *a, const char *b);

#endif
