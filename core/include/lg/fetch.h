/* SPDX-License-Identifier: MIT */
/* HTTPS transfers (libcurl lives only behind this header). */
#ifndef LG_INCLUDE_FETCH_H
#define LG_INCLUDE_FETCH_H

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/hash.h"
#include "lg/limits.h"

/* Progress of a batch, for a terminal display (core never prints). */
struct lg_fetch_progress {
	size_t done, total;   /* requests finished / in the batch */
	uint64_t bytes;       /* body bytes received so far (all requests) */
	uint64_t elapsed_ms;  /* since the batch started */
};
typedef void (*lg_fetch_progress_fn)(const struct lg_fetch_progress *p,
				     void *payload);

struct lg_fetch_options {
	const char *ca_bundle;   /* PEM file of trusted CAs, NULL: system store */
	long connect_timeout_ms; /* 0: default */
	long timeout_ms;         /* whole transfer, 0: none (the low-speed
				  * limit below catches a stalled transfer;
				  * a multi-GB --full-download may take long) */
	const char *user_agent;  /* NULL: "lockgate/<version>" */
	unsigned jobs;           /* parallel transfers, 0: LG_FETCH_DEFAULT_JOBS
				  * (at most LG_MAX_FETCH_JOBS) */
	int retries;             /* retries after the first try; <0: none,
				  * 0: LG_FETCH_DEFAULT_RETRIES (at most
				  * LG_MAX_FETCH_RETRIES) */
	long retry_base_ms;      /* first backoff, 0: default (500 ms) */
	lg_fetch_progress_fn progress; /* NULL: none */
	void *progress_payload;
	bool allow_http;         /* also plain http (--allow-insecure-index) */
	/* A transfer slower than low_speed_bytes per second for
	 * low_speed_secs seconds is aborted (a timeout, retried); 0:
	 * defaults (1 byte/s for 30 s). */
	long low_speed_bytes;
	long low_speed_secs;
	/* --offline: no request leaves the process; every request fails at
	 * once with LG_ENET ("... --offline") and is never retried. */
	bool offline;
};
#define LG_FETCH_OPTIONS_INIT \
	{NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, false, 0, 0, false}
#define LG_FETCH_DEFAULT_JOBS 8u
#define LG_FETCH_DEFAULT_RETRIES 3

/* One request of a batch: the in fields are set by the caller, the out
 * fields by lg_fetch_batch. Initialise with LG_FETCH_REQUEST_INIT and
 * dispose with lg_fetch_request_dispose. */
struct lg_fetch_request {
	/* in */
	const char *url;       /* https URL (borrowed) */
	size_t max;            /* body cap, 0: LG_MAX_ARTIFACT_BYTES */
	bool hash;             /* compute the sha256 of the body */
	bool range;            /* ask for a byte range (no Accept-Encoding) */
	bool suffix;           /* range: the last range_len bytes */
	uint64_t range_from;   /* range: first byte (not with suffix) */
	uint64_t range_len;    /* range: bytes wanted (> 0) */
	const char *post;      /* POST this JSON body (borrowed), NULL: GET */
	size_t post_len;
	const char *const *headers; /* extra request headers ("Name: value"),
				     * NULL-terminated; NULL: none (Accept,
				     * If-None-Match...) */
	bool not_modified_ok;  /* a 304 is a result (status 304, empty body,
				* error 0), for conditional requests */
	bool keep_headers;     /* fill etag, last_modified, content_type */
	/* out */
	struct lg_buf body;    /* whole body, or empty on error */
	char sha256[LG_SHA256_HEX_LEN + 1]; /* "" unless hash and no error */
	long status;           /* last HTTP status (0: none) */
	bool partial;          /* 206: body is the range asked for */
	bool range_ignored;    /* range asked, server sent 200: body empty,
				* error 0; the caller falls back */
	uint64_t range_start;  /* 206: offset of the body in the file */
	uint64_t total_size;   /* 206: size of the whole file (0: unknown) */
	/* With keep_headers, response headers of the final answer ("" when
	 * absent). A value longer than LG_MAX_HTTP_HEADER_VALUE then fails
	 * the request (LG_ETOOBIG). */
	char etag[LG_MAX_HTTP_HEADER_VALUE + 1];
	char last_modified[LG_MAX_HTTP_HEADER_VALUE + 1];
	char content_type[LG_MAX_HTTP_HEADER_VALUE + 1];
	char *effective_url;   /* with keep_headers: the URL after redirects
				* (may carry credentials; freed by
				* lg_fetch_request_dispose) */
	unsigned attempts;     /* tries made */
	int error;             /* 0 or a negative LG_E* code */
	char message[LG_MAX_ERRMSG]; /* why, when error < 0 */
};
#define LG_FETCH_REQUEST_INIT(max_)                                          \
	{.max = (max_), .body = LG_BUF_INIT(LG_MAX_ARTIFACT_BYTES)}

/* Frees the body of a request (the request itself is the caller's). */
LG_EXTERN(void) lg_fetch_request_dispose(struct lg_fetch_request *req);

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

/* Runs n requests with up to opts->jobs transfers at once over libcurl's
 * multi interface (HTTP/2 multiplexing where the server offers it,
 * connections kept alive and reused, Accept-Encoding for whole-file
 * requests). Each request gets its own result (status, body, sha256,
 * error and message); one failing request never stops the others. The
 * bodies of the batch together may hold at most max_total bytes
 * (0: LG_MAX_TOTAL_DOWNLOAD): the request that would pass the cap fails
 * with LG_ETOOBIG, as does one whose body passes its own max. Retries:
 * 408, 429, 5xx and resets/timeouts are tried again after an exponential
 * backoff (retry_base_ms doubled each time, at most LG_MAX_RETRY_WAIT_SECS)
 * or the server's Retry-After (seconds or HTTP-date, at most
 * LG_MAX_RETRY_WAIT_SECS); other 4xx are final. After the last try the
 * request's error is LG_EHTTP / LG_ENET with a message saying how many
 * tries were made. Returns 0 when the batch ran (look at each request's
 * error); LG_EINVALID for bad arguments; LG_ENOMEM. */
LG_EXTERN(int) lg_fetch_batch(struct lg_fetch_request *reqs, size_t n,
			     uint64_t max_total,
			     const struct lg_fetch_options *opts)
	LG_WARN_UNUSED;

/* An index document request: a GET with an Accept header and the
 * conditional headers of a cached copy. */
struct lg_fetch_doc_request {
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

/* Like lg_fetch_get (a batch of one: same caps, TLS and scheme rules,
 * retries and error codes, no sha256), plus the request headers of req. A
 * 304 answer to a conditional request returns 0 with resp->status 304 and
 * out empty. resp is filled on success (Ownership: strings new, see
 * lg_fetch_response_dispose); header values longer than
 * LG_MAX_HTTP_HEADER_VALUE are LG_ETOOBIG. */
LG_EXTERN(int) lg_fetch_doc(struct lg_buf *out, struct lg_fetch_response *resp,
			   const struct lg_fetch_options *opts,
			   const struct lg_fetch_doc_request *req)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_fetch_response_dispose(struct lg_fetch_response *resp);

/* POSTs body (JSON) to url and reads the answer into out, with the rules
 * and return codes of lg_fetch_get (a batch of one: https only, TLS
 * verified, retries, out->max caps the answer). */
LG_EXTERN(int) lg_fetch_post_json(struct lg_buf *out,
				 const struct lg_fetch_options *opts,
				 const char *url, const char *body, size_t len)
	LG_WARN_UNUSED;

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
