/* SPDX-License-Identifier: MIT */
/* HTTPS transfers over libcurl's multi interface: many requests at once,
 * each body capped and hashed while it streams, retries with backoff.
 * libcurl is used in this module only. */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "lg/buf.h"
#include "lg/fetch.h"
#include "lg/hash.h"
#include "fetch_private.h"

#define FETCH_CONNECT_TIMEOUT_MS 10000L /* default connect timeout */
#define FETCH_LOW_SPEED_BYTES 1L        /* abort below this many bytes/s ... */
#define FETCH_LOW_SPEED_SECS 30L        /* ... sustained for this long */
#define FETCH_SHOWN_URL 256             /* bytes of a URL kept in messages */
#define FETCH_RETRY_BASE_MS 500L        /* first backoff */
#define FETCH_PROGRESS_MS 100u          /* at most one progress call per */
#define FETCH_IDLE_POLL_MS 1000         /* longest wait for socket activity */

/* Connections, TLS sessions and DNS answers shared by every transfer of
 * the process, so an index document and the files after it reuse one
 * connection. Set up by lg_fetch_global_init; the process is single-
 * threaded where it uses libcurl, so no lock callbacks are needed. */
static CURLSH *g_share;

enum xfer_state { XFER_WAIT, XFER_RUN, XFER_DONE };

struct batch;

/* One request's transfer state. */
struct xfer {
	struct lg_fetch_request *req;
	struct batch *b;
	CURL *curl;
	struct lg_sha256 *sha;
	struct curl_slist *headers; /* request headers, or NULL */
	enum xfer_state state;
	uint64_t start_at;      /* monotonic ms: when to (re)start it */
	long bad_status;        /* non-2xx status seen by the write callback */
	bool aborted;           /* a callback stopped the transfer */
	char shown[FETCH_SHOWN_URL];
	char errbuf[CURL_ERROR_SIZE];
	char range[64];
};

struct batch {
	struct xfer *x;
	size_t n, running, done;
	CURLM *multi;
	const struct lg_fetch_options *opts;
	uint64_t max_total;     /* bodies held at once across the batch */
	uint64_t held;          /* bytes in bodies now */
	uint64_t received;      /* bytes received, for progress */
	uint64_t started_ms, last_progress_ms;
	unsigned jobs;
	int retries;
	long retry_base_ms;
};

int lg_fetch_global_init(void)
{
	const curl_version_info_data *v;
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);

	if (rc != CURLE_OK) {
		lg_error_set(LG_ERRCLASS_NET, "cannot initialise libcurl: %s",
			     curl_easy_strerror(rc));
		return LG_ERROR;
	}
	v = curl_version_info(CURLVERSION_NOW);
	if (!v || !(v->features & CURL_VERSION_SSL)) {
		curl_global_cleanup();
		lg_error_set(LG_ERRCLASS_NET, "libcurl was built without TLS");
		return LG_EUNSUPPORTED;
	}
	if ((g_share = curl_share_init()) != NULL) {
		/* Sharing is an optimisation: a failure here costs speed only. */
		(void)curl_share_setopt(g_share, CURLSHOPT_SHARE,
					CURL_LOCK_DATA_CONNECT);
		(void)curl_share_setopt(g_share, CURLSHOPT_SHARE,
					CURL_LOCK_DATA_SSL_SESSION);
		(void)curl_share_setopt(g_share, CURLSHOPT_SHARE,
					CURL_LOCK_DATA_DNS);
	}
	return 0;
}

void lg_fetch_global_cleanup(void)
{
	if (g_share)
		curl_share_cleanup(g_share);
	g_share = NULL;
	curl_global_cleanup();
}

void lg_fetch_request_dispose(struct lg_fetch_request *req)
{
	if (!req)
		return;
	lg_buf_dispose(&req->body);
	lg__free(req->effective_url);
	req->effective_url = NULL;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool is_https(const char *url)
{
	return strncasecmp(url, "https://", 8) == 0;
}

/* Whether the options let url through: https, or http with allow_http
 * (--allow-insecure-index). */
static bool scheme_allowed(const struct lg_fetch_options *opts, const char *url)
{
	return is_https(url) || (opts && opts->allow_http &&
				 strncasecmp(url, "http://", 7) == 0);
}

static bool status_ok(long code)
{
	return code >= 200 && code < 300;
}

/* Records why a request failed: its own message, not the thread's. */
static int xfail(struct xfer *x, int code, const char *fmt, ...)
	LG_PRINTF(3, 4);
static int xfail(struct xfer *x, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->req->message, sizeof(x->req->message), fmt, ap);
	va_end(ap);
	x->req->error = code;
	return code;
}

/* Forgets what a try left behind, before the next one. */
static void xfer_reset_body(struct xfer *x)
{
	struct lg_fetch_request *r = x->req;

	x->b->held -= r->body.len;
	lg_buf_reset(&r->body);
	lg_sha256_free(x->sha);
	x->sha = NULL;
	x->bad_status = 0;
	x->aborted = false;
	x->errbuf[0] = '\0';
	r->error = 0;
	r->message[0] = '\0';
	r->partial = r->range_ignored = false;
	r->range_start = r->total_size = 0;
	r->sha256[0] = '\0';
	r->etag[0] = r->last_modified[0] = r->content_type[0] = '\0';
}

/* Stores and hashes a chunk. Returning less than n makes libcurl abort the
 * transfer with CURLE_WRITE_ERROR; the xfer says why. */
static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	struct lg_fetch_request *r = x->req;
	struct batch *b = x->b;
	size_t n = size * nmemb; /* size is always 1 */
	long code = 0;

	if (curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &code) !=
		    CURLE_OK ||
	    !status_ok(code)) {
		/* An error page: we only want its status, never its bytes. */
		x->bad_status = code;
		x->aborted = true;
		return 0;
	}
	if (r->range && code == 200) {
		/* The server ignores ranges: stop before the whole file. */
		r->range_ignored = true;
		x->aborted = true;
		return 0;
	}
	if (r->range && code == 206)
		r->partial = true;
	if (b->held + n > b->max_total) {
		xfail(x, LG_ETOOBIG, "'%s': the downloads of this run would "
		      "exceed %llu bytes", x->shown,
		      (unsigned long long)b->max_total);
		x->aborted = true;
		return 0;
	}
	if (lg_buf_put(&r->body, p, n) < 0) {
		if (r->body.err == LG_ETOOBIG)
			xfail(x, LG_ETOOBIG, "'%s': response larger than %zu "
			      "bytes", x->shown, r->body.max);
		else
			xfail(x, LG_ENOMEM, "out of memory");
		x->aborted = true;
		return 0;
	}
	if (x->sha && lg_sha256_update(x->sha, p, n) < 0) {
		xfail(x, LG_ERROR, "'%s': cannot hash the body", x->shown);
		x->aborted = true;
		return 0;
	}
	b->held += n;
	b->received += n;
	return n;
}

/* Keeps a response header's value (trimmed) in dst; too long is an error. */
static void keep_header(struct xfer *x, char *dst, const char *name,
			const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
		     v[n - 1] == '\t'))
		n--;
	if (n > LG_MAX_HTTP_HEADER_VALUE) {
		xfail(x, LG_ETOOBIG, "'%s': %s header longer than %u bytes",
		      x->shown, name, LG_MAX_HTTP_HEADER_VALUE);
		return;
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static bool header_is(const char *p, size_t n, const char *name, size_t *vlen)
{
	size_t k = strlen(name);

	if (n <= k || p[k] != ':' || strncasecmp(p, name, k) != 0)
		return false;
	*vlen = n - k - 1;
	return true;
}

/* "bytes A-B/TOTAL" (TOTAL may be a star): where a 206 body sits. */
static void parse_content_range(struct lg_fetch_request *r, const char *v)
{
	unsigned long long a, z, total;

	if (sscanf(v, " bytes %llu-%llu/%llu", &a, &z, &total) == 3 && a <= z &&
	    z < total) {
		r->range_start = a;
		r->total_size = total;
	} else if (sscanf(v, " bytes %llu-%llu/*", &a, &z) == 2 && a <= z) {
		r->range_start = a;
	}
}

/* Response headers: a new status line (a redirect, a retry) forgets what
 * came before; Content-Range says where a 206 body sits; ETag,
 * Last-Modified and Content-Type are kept for the caller. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	struct lg_fetch_request *r = x->req;
	size_t n = size * nmemb, vl;
	char line[128];

	if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
		r->etag[0] = r->last_modified[0] = r->content_type[0] = '\0';
		r->range_start = r->total_size = 0;
	} else if (!r->keep_headers) {
		/* only Content-Range below matters */
		if (header_is(p, n, "content-range", &vl) && vl < sizeof(line)) {
			memcpy(line, p + n - vl, vl);
			line[vl] = '\0';
			parse_content_range(r, line);
		}
	} else if (header_is(p, n, "etag", &vl)) {
		keep_header(x, r->etag, "ETag", p + n - vl, vl);
	} else if (header_is(p, n, "last-modified", &vl)) {
		keep_header(x, r->last_modified, "Last-Modified", p + n - vl, vl);
	} else if (header_is(p, n, "content-type", &vl)) {
		keep_header(x, r->content_type, "Content-Type", p + n - vl, vl);
	} else if (header_is(p, n, "content-range", &vl) && vl < sizeof(line)) {
		memcpy(line, p + n - vl, vl);
		line[vl] = '\0';
		parse_content_range(r, line);
	}
	return r->error < 0 ? 0 : n; /* 0 aborts the transfer */
}

#define SET(opt, val)                                                        \
	do {                                                                 \
		if (rc == CURLE_OK)                                          \
			rc = curl_easy_setopt(c, opt, val);                  \
	} while (0)

/* What this request asks for: a range or an encoding, caps, callbacks,
 * extra headers. */
static CURLcode set_request_options(struct xfer *x, CURL *c)
{
	struct lg_fetch_request *r = x->req;
	CURLcode rc = CURLE_OK;

	if (r->range) {
		/* Ranges count bytes of the file as stored: no encoding. */
		if (r->suffix)
			snprintf(x->range, sizeof(x->range), "-%llu",
				 (unsigned long long)r->range_len);
		else
			snprintf(x->range, sizeof(x->range), "%llu-%llu",
				 (unsigned long long)r->range_from,
				 (unsigned long long)(r->range_from +
						      r->range_len - 1));
		SET(CURLOPT_RANGE, x->range);
	} else {
		/* Whatever encodings libcurl decodes; the hash and the caps
		 * see the decoded bytes, which are the file. */
		SET(CURLOPT_ACCEPT_ENCODING, "");
	}
	if (r->body.max < (size_t)INT64_MAX)
		SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->body.max);
	SET(CURLOPT_WRITEFUNCTION, on_write);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, x);
	SET(CURLOPT_PRIVATE, x);
	if (r->post) {
		/* A JSON query (OSV's batch API): the body is the caller's. */
		struct curl_slist *l = curl_slist_append(
			x->headers, "Content-Type: application/json");

		if (!l)
			rc = CURLE_OUT_OF_MEMORY;
		else
			x->headers = l;
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->post_len);
		SET(CURLOPT_POSTFIELDS, r->post);
	}
	for (const char *const *h = r->headers; h && *h && rc == CURLE_OK; h++) {
		struct curl_slist *l = curl_slist_append(x->headers, *h);

		if (!l)
			rc = CURLE_OUT_OF_MEMORY;
		else
			x->headers = l;
	}
	if (x->headers)
		SET(CURLOPT_HTTPHEADER, x->headers);
	return rc;
}

/* Transport policy, the same for every request: https only, TLS
 * verification on, timeouts, HTTP/2, shared connections. */
static CURLcode set_options(struct xfer *x)
{
	const struct lg_fetch_options *opts = x->b->opts;
	CURL *c = x->curl;
	long connect_ms = opts && opts->connect_timeout_ms > 0
				  ? opts->connect_timeout_ms
				  : FETCH_CONNECT_TIMEOUT_MS;
	/* No whole-transfer timeout by default: a multi-GB file on a slow
	 * link is legitimate; the low-speed limit catches a stall. */
	long total_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : 0L;
	long low_bytes = opts && opts->low_speed_bytes > 0
				 ? opts->low_speed_bytes
				 : FETCH_LOW_SPEED_BYTES;
	long low_secs = opts && opts->low_speed_secs > 0 ? opts->low_speed_secs
							 : FETCH_LOW_SPEED_SECS;
	const char *ua = opts && opts->user_agent ? opts->user_agent
						  : "lockgate/" LG_VERSION;
	CURLcode rc = CURLE_OK;

	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_URL, x->req->url);
	SET(CURLOPT_PROTOCOLS_STR, opts && opts->allow_http ? "http,https" : "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR,
	    opts && opts->allow_http ? "http,https" : "https");
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, (long)LG_MAX_HTTP_REDIRECTS);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (opts && opts->ca_bundle)
		SET(CURLOPT_CAINFO, opts->ca_bundle);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	SET(CURLOPT_TIMEOUT_MS, total_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, low_bytes);
	SET(CURLOPT_LOW_SPEED_TIME, low_secs);
	SET(CURLOPT_USERAGENT, ua);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Several transfers at once: wait for a connection that can
	 * multiplex rather than open one each. A lone transfer would only
	 * lose time waiting. */
	SET(CURLOPT_PIPEWAIT, x->b->n > 1 ? 1L : 0L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	if (g_share)
		SET(CURLOPT_SHARE, g_share);
	if (rc == CURLE_OK)
		rc = set_request_options(x, c);
	return rc;
}
#undef SET

/* Checks a request before any transfer; a bad one is done at once. */
static int xfer_prepare(struct xfer *x)
{
	struct lg_fetch_request *r = x->req;

	lg_fetch__redact(x->shown, sizeof(x->shown), r->url ? r->url : "");
	r->max = r->max ? r->max : LG_MAX_ARTIFACT_BYTES;
	lg_buf_init(&r->body, r->max);
	lg__free(r->effective_url);
	r->effective_url = NULL;
	r->error = 0;
	r->message[0] = r->sha256[0] = '\0';
	r->status = 0;
	r->attempts = 0;
	r->partial = r->range_ignored = false;
	r->range_start = r->total_size = 0;
	if (!r->url)
		return xfail(x, LG_EINVALID, "request without a URL");
	if (x->b->opts && x->b->opts->offline)
		return xfail(x, LG_ENET, "'%s': not fetched (--offline)",
			     x->shown);
	if (!scheme_allowed(x->b->opts, r->url))
		return xfail(x, LG_EINVALID, "'%s': only https URLs are "
			     "allowed", x->shown);
	if (strlen(r->url) > LG_MAX_PATH_BYTES)
		return xfail(x, LG_ETOOBIG, "'%s': URL longer than %u bytes",
			     x->shown, LG_MAX_PATH_BYTES);
	if (r->range && !r->range_len)
		return xfail(x, LG_EINVALID, "'%s': empty range", x->shown);
	return 0;
}

static int xfer_start(struct xfer *x)
{
	CURLcode rc;
	CURLMcode mc;

	xfer_reset_body(x);
	x->req->attempts++;
	if (x->req->hash && lg_sha256_new(&x->sha) < 0)
		return xfail(x, LG_ENOMEM, "out of memory");
	if (!x->curl) {
		if (!(x->curl = curl_easy_init()))
			return xfail(x, LG_ENOMEM, "out of memory");
		if ((rc = set_options(x)) != CURLE_OK)
			return xfail(x, rc == CURLE_OUT_OF_MEMORY ? LG_ENOMEM
								 : LG_ERROR,
				     "'%s': cannot set up transfer: %s",
				     x->shown, curl_easy_strerror(rc));
	}
	if ((mc = curl_multi_add_handle(x->b->multi, x->curl)) != CURLM_OK)
		return xfail(x, LG_ERROR, "'%s': cannot start transfer: %s",
			     x->shown, curl_multi_strerror(mc));
	x->state = XFER_RUN;
	x->b->running++;
	return 0;
}

static void xfer_finish(struct xfer *x)
{
	if (x->curl)
		curl_easy_cleanup(x->curl);
	x->curl = NULL;
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	lg_sha256_free(x->sha);
	x->sha = NULL;
	if (x->req->error < 0) {
		x->b->held -= x->req->body.len;
		lg_buf_reset(&x->req->body); /* never hand out a partial body */
	}
	x->state = XFER_DONE;
	x->b->done++;
}

/* Transport errors worth another try: the network or the server hiccuped. */
static bool transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static bool status_retryable(long code)
{
	return code == 408 || code == 429 || (code >= 500 && code <= 599);
}

/* Result of one finished try: 0, or a negative code; *retry says whether
 * another try may help. */
static int xfer_outcome(struct xfer *x, CURLcode rc, bool *retry)
{
	struct lg_fetch_request *r = x->req;
	long code = x->bad_status;

	*retry = false;
	if (!code && curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE,
				       &code) != CURLE_OK)
		code = 0;
	r->status = code;
	if (r->error < 0)
		return r->error;
	if (r->range_ignored)
		return 0;
	if (rc == CURLE_FILESIZE_EXCEEDED)
		return xfail(x, LG_ETOOBIG, "'%s': response larger than %zu "
			     "bytes", x->shown, r->body.max);
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x->bad_status)) {
		if (status_ok(code) || (code == 304 && r->not_modified_ok))
			return 0;
		*retry = status_retryable(code);
		return xfail(x, code == 404 || code == 410 ? LG_ENOTFOUND
							    : LG_EHTTP,
			     "HTTP %ld from %s", code, x->shown);
	}
	if (rc == CURLE_OUT_OF_MEMORY)
		return xfail(x, LG_ENOMEM, "out of memory");
	*retry = transient(rc);
	return xfail(x, LG_ENET, "'%s': %s%s", x->shown,
		     rc == CURLE_OPERATION_TIMEDOUT ? "timeout: " : "",
		     x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
}

/* How long to wait before the next try: the server's Retry-After when it
 * sent one (seconds or an HTTP-date, which libcurl turns into seconds),
 * else retry_base_ms doubled per try; both capped. No jitter: a run makes
 * few requests per server, and Retry-After is what servers ask for. */
static uint64_t backoff_ms(const struct xfer *x)
{
	const uint64_t cap = (uint64_t)LG_MAX_RETRY_WAIT_SECS * 1000u;
	curl_off_t after = 0;
	uint64_t ms;
	unsigned shift = x->req->attempts - 1;

	if (curl_easy_getinfo(x->curl, CURLINFO_RETRY_AFTER, &after) ==
		    CURLE_OK &&
	    after > 0)
		return (uint64_t)after >= cap / 1000u ? cap
						      : (uint64_t)after * 1000u;
	ms = (uint64_t)x->b->retry_base_ms << (shift > 16 ? 16 : shift);
	return ms > cap ? cap : ms;
}

static void on_done(struct batch *b, struct xfer *x, CURLcode rc)
{
	bool retry;
	int error;

	(void)curl_multi_remove_handle(b->multi, x->curl);
	b->running--;
	error = xfer_outcome(x, rc, &retry);
	if (error < 0 && retry &&
	    (int)x->req->attempts <= b->retries) {
		x->start_at = now_ms() + backoff_ms(x);
		x->state = XFER_WAIT;
		return;
	}
	if (error == 0 && x->sha &&
	    lg_sha256_final_hex(x->sha, x->req->sha256) < 0)
		xfail(x, LG_ERROR, "'%s': cannot hash the body", x->shown);
	if (error == 0 && x->req->keep_headers) {
		char *eff = NULL;

		if (curl_easy_getinfo(x->curl, CURLINFO_EFFECTIVE_URL, &eff) ==
			    CURLE_OK && eff &&
		    !(x->req->effective_url = lg__strdup(eff)))
			xfail(x, LG_ENOMEM, "out of memory");
	}
	if (error < 0 && x->req->attempts > 1) {
		size_t len = strlen(x->req->message);

		snprintf(x->req->message + len, sizeof(x->req->message) - len,
			 " (gave up after %u tries)", x->req->attempts);
	}
	xfer_finish(x);
}

static void report_progress(struct batch *b, bool force)
{
	struct lg_fetch_progress p;
	uint64_t now;

	if (!b->opts || !b->opts->progress)
		return;
	now = now_ms();
	if (!force && now - b->last_progress_ms < FETCH_PROGRESS_MS)
		return;
	b->last_progress_ms = now;
	p.done = b->done;
	p.total = b->n;
	p.bytes = b->received;
	p.elapsed_ms = now - b->started_ms;
	b->opts->progress(&p, b->opts->progress_payload);
}

/* Starts what is due; returns how long the loop may sleep (ms). */
static long start_due(struct batch *b)
{
	uint64_t now = now_ms(), soonest = UINT64_MAX;

	for (size_t i = 0; i < b->n; i++) {
		struct xfer *x = &b->x[i];

		if (x->state != XFER_WAIT)
			continue;
		if (x->start_at > now) {
			soonest = x->start_at < soonest ? x->start_at : soonest;
			continue;
		}
		if (b->running >= b->jobs)
			break;
		if (xfer_start(x) < 0)
			xfer_finish(x);
	}
	if (soonest == UINT64_MAX)
		return FETCH_IDLE_POLL_MS;
	return soonest - now < FETCH_IDLE_POLL_MS ? (long)(soonest - now)
						  : FETCH_IDLE_POLL_MS;
}

/* Milliseconds until a waiting request may start (0: one may now; -1:
 * none is waiting). */
static long until_due(const struct batch *b)
{
	uint64_t now = now_ms(), soonest = UINT64_MAX;

	for (size_t i = 0; i < b->n; i++) {
		if (b->x[i].state != XFER_WAIT)
			continue;
		if (b->x[i].start_at <= now)
			return 0;
		if (b->x[i].start_at < soonest)
			soonest = b->x[i].start_at;
	}
	if (soonest == UINT64_MAX)
		return -1;
	return soonest - now < FETCH_IDLE_POLL_MS ? (long)(soonest - now)
						  : FETCH_IDLE_POLL_MS;
}

static int run_loop(struct batch *b)
{
	CURLMcode mc;
	CURLMsg *msg;
	int still, left;

	while (b->done < b->n) {
		long wait = start_due(b);

		if ((mc = curl_multi_perform(b->multi, &still)) != CURLM_OK)
			goto fail;
		while ((msg = curl_multi_info_read(b->multi, &left)) != NULL) {
			struct xfer *x = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			(void)curl_easy_getinfo(msg->easy_handle,
						CURLINFO_PRIVATE, (char **)&x);
			if (x)
				on_done(b, x, msg->data.result);
		}
		report_progress(b, false);
		if (b->done >= b->n)
			break;
		if (b->running < b->jobs && until_due(b) == 0)
			continue; /* a free slot and a request due: start it */
		if (b->running == 0) {
			/* Nothing in flight: sleep until the next retry is
			 * due. */
			wait = until_due(b);
			if (wait > 0) {
				struct timespec ts = {wait / 1000,
						      (wait % 1000) * 1000000L};

				nanosleep(&ts, NULL);
			}
			continue;
		}
		if ((mc = curl_multi_poll(b->multi, NULL, 0,
					  wait > 0 ? (int)wait : 1, NULL)) !=
		    CURLM_OK)
			goto fail;
	}
	report_progress(b, true);
	return 0;
fail:
	lg_error_set(LG_ERRCLASS_NET, "transfer loop failed: %s",
		     curl_multi_strerror(mc));
	return mc == CURLM_OUT_OF_MEMORY ? LG_ENOMEM : LG_ERROR;
}

static void batch_settings(struct batch *b, const struct lg_fetch_options *o,
			   uint64_t max_total)
{
	b->opts = o;
	b->max_total = max_total ? max_total : LG_MAX_TOTAL_DOWNLOAD;
	b->jobs = o && o->jobs ? o->jobs : LG_FETCH_DEFAULT_JOBS;
	if (b->jobs > LG_MAX_FETCH_JOBS)
		b->jobs = LG_MAX_FETCH_JOBS;
	b->retries = !o || o->retries == 0 ? LG_FETCH_DEFAULT_RETRIES
		     : o->retries < 0	   ? 0
					   : o->retries;
	if (b->retries > LG_MAX_FETCH_RETRIES)
		b->retries = LG_MAX_FETCH_RETRIES;
	b->retry_base_ms = o && o->retry_base_ms > 0 ? o->retry_base_ms
						     : FETCH_RETRY_BASE_MS;
	b->started_ms = b->last_progress_ms = now_ms();
}

int lg_fetch_batch(struct lg_fetch_request *reqs, size_t n,
		   uint64_t max_total, const struct lg_fetch_options *opts)
{
	struct batch b = {0};
	int error = 0;

	LG_ASSERT_ARG(reqs || !n);
	if (n > LG_MAX_FETCH_BATCH)
		return lg_error_toobig("more than %u downloads in one batch",
				       LG_MAX_FETCH_BATCH);
	batch_settings(&b, opts, max_total);
	b.n = n;
	if (n && !(b.x = lg__calloc(n, sizeof(*b.x))))
		return lg_error_oom();
	if (!(b.multi = curl_multi_init())) {
		error = lg_error_oom();
		goto done;
	}
	(void)curl_multi_setopt(b.multi, CURLMOPT_PIPELINING,
				(long)CURLPIPE_MULTIPLEX);
	(void)curl_multi_setopt(b.multi, CURLMOPT_MAX_HOST_CONNECTIONS,
				(long)b.jobs);
	(void)curl_multi_setopt(b.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
				(long)b.jobs);
	for (size_t i = 0; i < n; i++) {
		b.x[i].req = &reqs[i];
		b.x[i].b = &b;
		b.x[i].state = XFER_WAIT;
		if (xfer_prepare(&b.x[i]) < 0)
			xfer_finish(&b.x[i]);
	}
	report_progress(&b, true);
	error = run_loop(&b);
done:
	for (size_t i = 0; b.x && i < n; i++) {
		if (b.x[i].curl && b.x[i].state == XFER_RUN)
			(void)curl_multi_remove_handle(b.multi, b.x[i].curl);
		if (b.x[i].state != XFER_DONE) {
			if (!reqs[i].error)
				xfail(&b.x[i], LG_ERROR, "transfer not finished");
			xfer_finish(&b.x[i]);
		}
	}
	if (b.multi)
		curl_multi_cleanup(b.multi);
	lg__free(b.x);
	return error;
}

/* Sets the error of a failed request of a batch of one. */
static void request_error(const struct lg_fetch_request *req)
{
	if (req->error == LG_ENOMEM)
		lg_error_oom();
	else if (req->error == LG_ETOOBIG)
		lg_error_toobig("%s", req->message);
	else if (req->error == LG_EINVALID)
		lg_error_invalid(LG_ERRCLASS_NET, "%s", req->message);
	else
		lg_error_set(LG_ERRCLASS_NET, "%s", req->message);
}

int lg_fetch_get(struct lg_buf *out, char sha256_out[LG_SHA256_HEX_LEN + 1],
		 const struct lg_fetch_options *opts, const char *url)
{
	struct lg_fetch_request req = LG_FETCH_REQUEST_INIT(0);
	int error;

	LG_ASSERT_ARG(out && url);

	lg_buf_reset(out);
	req.url = url;
	req.max = out->max;
	req.hash = sha256_out != NULL;
	if ((error = lg_fetch_batch(&req, 1, out->max, opts)) < 0)
		goto done;
	if ((error = req.error) < 0) {
		request_error(&req);
		goto done;
	}
	if ((error = lg_buf_put(out, req.body.ptr, req.body.len)) < 0)
		goto done;
	if (sha256_out)
		memcpy(sha256_out, req.sha256, sizeof(req.sha256));
done:
	if (error < 0)
		lg_buf_reset(out);
	lg_fetch_request_dispose(&req);
	return error;
}

static int dup_header(char **out, const char *v)
{
	*out = NULL;
	if (!*v)
		return 0;
	return (*out = lg__strdup(v)) ? 0 : lg_error_oom();
}

/* *out = "Name: value" (new); NULL value: no header. A value with a line
 * break (header injection) is LG_EINVALID, a long one LG_ETOOBIG. */
static int header_line(char **out, const char *name, const char *value,
		       const char *url)
{
	char shown[256];
	size_t n;

	*out = NULL;
	if (!value)
		return 0;
	lg_fetch__redact(shown, sizeof(shown), url);
	if (strpbrk(value, "\r\n"))
		return lg_error_invalid(LG_ERRCLASS_NET, "'%s': %s value holds "
					"a line break", shown, name);
	n = strlen(name) + 2 + strlen(value) + 1;
	if (n > LG_MAX_HTTP_HEADER_BYTES)
		return lg_error_toobig("'%s': %s longer than %u bytes", shown,
				       name, LG_MAX_HTTP_HEADER_BYTES);
	if (!(*out = lg__malloc(n)))
		return lg_error_oom();
	snprintf(*out, n, "%s: %s", name, value);
	return 0;
}

int lg_fetch_doc(struct lg_buf *out, struct lg_fetch_response *resp,
		 const struct lg_fetch_options *opts,
		 const struct lg_fetch_doc_request *dr)
{
	struct lg_fetch_request req = LG_FETCH_REQUEST_INIT(0);
	char *hdr[3] = {NULL, NULL, NULL};
	const char *headers[4] = {NULL, NULL, NULL, NULL};
	size_t nh = 0;
	int error = 0;

	LG_ASSERT_ARG(out && resp && dr && dr->url);

	lg_buf_reset(out);
	*resp = (struct lg_fetch_response)LG_FETCH_RESPONSE_INIT;
	if ((error = header_line(&hdr[0], "Accept", dr->accept, dr->url)) < 0 ||
	    (error = header_line(&hdr[1], "If-None-Match", dr->if_none_match,
				 dr->url)) < 0 ||
	    (error = header_line(&hdr[2], "If-Modified-Since",
				 dr->if_modified_since, dr->url)) < 0)
		goto done;
	for (size_t i = 0; i < LG_ARRAY_SIZE(hdr); i++)
		if (hdr[i])
			headers[nh++] = hdr[i];
	req.url = dr->url;
	req.max = out->max;
	req.headers = headers;
	req.keep_headers = true;
	req.not_modified_ok = dr->if_none_match || dr->if_modified_since;
	if ((error = lg_fetch_batch(&req, 1, out->max, opts)) < 0)
		goto done;
	if ((error = req.error) < 0) {
		request_error(&req);
		goto done;
	}
	resp->status = req.status;
	if ((error = lg_buf_put(out, req.body.ptr, req.body.len)) < 0 ||
	    (error = dup_header(&resp->etag, req.etag)) < 0 ||
	    (error = dup_header(&resp->last_modified, req.last_modified)) < 0 ||
	    (error = dup_header(&resp->content_type, req.content_type)) < 0 ||
	    (error = dup_header(&resp->effective_url,
				req.effective_url ? req.effective_url : "")) < 0)
		goto done;
done:
	if (error < 0) {
		lg_buf_reset(out);
		lg_fetch_response_dispose(resp);
	}
	for (size_t i = 0; i < LG_ARRAY_SIZE(hdr); i++)
		lg__free(hdr[i]);
	lg_fetch_request_dispose(&req);
	return error;
}

void lg_fetch_response_dispose(struct lg_fetch_response *resp)
{
	if (!resp)
		return;
	lg__free(resp->etag);
	lg__free(resp->last_modified);
	lg__free(resp->content_type);
	lg__free(resp->effective_url);
	*resp = (struct lg_fetch_response)LG_FETCH_RESPONSE_INIT;
}

int lg_fetch_post_json(struct lg_buf *out, const struct lg_fetch_options *opts,
		       const char *url, const char *body, size_t len)
{
	struct lg_fetch_request req = LG_FETCH_REQUEST_INIT(0);
	int error;

	LG_ASSERT_ARG(out && url && body);

	lg_buf_reset(out);
	req.url = url;
	req.max = out->max;
	req.post = body;
	req.post_len = len;
	if ((error = lg_fetch_batch(&req, 1, out->max, opts)) < 0)
		goto done;
	if ((error = req.error) < 0) {
		request_error(&req);
		goto done;
	}
	error = lg_buf_put(out, req.body.ptr, req.body.len);
done:
	if (error < 0)
		lg_buf_reset(out);
	lg_fetch_request_dispose(&req);
	return error;
}
