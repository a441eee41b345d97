/* SPDX-License-Identifier: MIT */
/* HTTPS GET into a capped buffer, hashing the body while it streams.
 * libcurl is used in this module only. */
#include <strings.h>

#include <curl/curl.h>

#include "lg/buf.h"
#include "lg/fetch.h"
#include "lg/hash.h"
#include "fetch_private.h"

#define FETCH_CONNECT_TIMEOUT_MS 10000L /* default connect timeout */
#define FETCH_TIMEOUT_MS 300000L        /* default whole-transfer timeout */
#define FETCH_LOW_SPEED_BYTES 1L        /* abort below this many bytes/s ... */
#define FETCH_LOW_SPEED_SECS 30L        /* ... sustained for this long */
#define FETCH_SHOWN_URL 256             /* bytes of a URL kept in messages */

/* State shared with the write callback. */
struct sink {
	struct lg_buf *out;
	struct lg_sha256 *sha;
	CURL *curl;
	const char *shown_url;
	int error;        /* set when the callback aborted the transfer */
	long bad_status;  /* non-2xx status seen by the callback, or 0 */
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
	return 0;
}

void lg_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

static bool is_https(const char *url)
{
	return strncasecmp(url, "https://", 8) == 0;
}

static bool status_ok(long code)
{
	return code >= 200 && code < 300;
}

/* Stores and hashes a chunk. Returning less than n makes libcurl abort the
 * transfer with CURLE_WRITE_ERROR; sink->error says why. */
static size_t on_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb; /* size is always 1 */
	long code = 0;

	if (curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code) ==
		    CURLE_OK &&
	    !status_ok(code)) {
		/* An error page: we only want its status, never its bytes. */
		s->bad_status = code;
		return 0;
	}
	if (lg_buf_put(s->out, p, n) < 0) {
		if ((s->error = s->out->err) == LG_ETOOBIG)
			lg_error_toobig("'%s': response larger than %zu bytes",
					s->shown_url, s->out->max);
		return 0;
	}
	if (s->sha && (s->error = lg_sha256_update(s->sha, p, n)) < 0)
		return 0;
	return n;
}

static CURLcode set_options(CURL *c, const struct lg_fetch_options *opts,
			    const char *url, struct sink *s, char *errbuf)
{
	long connect_ms = opts && opts->connect_timeout_ms > 0
				  ? opts->connect_timeout_ms
				  : FETCH_CONNECT_TIMEOUT_MS;
	long total_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms
						     : FETCH_TIMEOUT_MS;
	const char *ua = opts && opts->user_agent ? opts->user_agent
						  : "lockgate/" LG_VERSION;
	size_t room = s->out->max - s->out->len;
	CURLcode rc = CURLE_OK;

#define SET(opt, val)                                                        \
	do {                                                                 \
		if (rc == CURLE_OK)                                          \
			rc = curl_easy_setopt(c, opt, val);                  \
	} while (0)
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_URL, url);
	SET(CURLOPT_PROTOCOLS_STR, "https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "https");
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
	SET(CURLOPT_LOW_SPEED_LIMIT, FETCH_LOW_SPEED_BYTES);
	SET(CURLOPT_LOW_SPEED_TIME, FETCH_LOW_SPEED_SECS);
	SET(CURLOPT_USERAGENT, ua);
	/* No CURLOPT_ACCEPT_ENCODING: we hash the bytes exactly as served. */
	if (room < (size_t)INT64_MAX)
		SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)room);
	SET(CURLOPT_WRITEFUNCTION, on_write);
	SET(CURLOPT_WRITEDATA, s);
#undef SET
	return rc;
}

/* Maps the outcome of a finished transfer to our error codes. */
static int transfer_result(CURL *c, CURLcode rc, const struct sink *s,
			   const char *errbuf)
{
	long code = s->bad_status;

	if (s->error)
		return s->error;
	if (rc == CURLE_FILESIZE_EXCEEDED)
		return lg_error_toobig("'%s': response larger than %zu bytes",
				       s->shown_url, s->out->max);
	if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && code)) {
		if (!code && curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE,
					       &code) != CURLE_OK)
			code = 0;
		if (status_ok(code))
			return 0;
		if (code == 404 || code == 410) {
			lg_error_set(LG_ERRCLASS_NET, "HTTP %ld from %s", code,
				     s->shown_url);
			return LG_ENOTFOUND;
		}
		lg_error_set(LG_ERRCLASS_NET, "HTTP %ld from %s", code,
			     s->shown_url);
		return LG_EHTTP;
	}
	if (rc == CURLE_OUT_OF_MEMORY)
		return lg_error_oom();
	lg_error_set(LG_ERRCLASS_NET, "'%s': %s", s->shown_url,
		     errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return LG_ENET;
}

/* A GET, or a POST of post[0, post_len) as JSON when post is not NULL. */
static int transfer(struct lg_buf *out, char sha256_out[LG_SHA256_HEX_LEN + 1],
		    const struct lg_fetch_options *opts, const char *url,
		    const char *post, size_t post_len)
{
	struct curl_slist *headers = NULL;
	char shown[FETCH_SHOWN_URL];
	char errbuf[CURL_ERROR_SIZE];
	struct sink s = {0};
	CURL *c = NULL;
	CURLcode rc;
	int error = 0;

	LG_ASSERT_ARG(out && url);

	lg_buf_reset(out);
	lg_fetch__redact(shown, sizeof(shown), url);
	errbuf[0] = '\0';
	if (!is_https(url))
		return lg_error_invalid(LG_ERRCLASS_NET,
					"'%s': only https URLs are allowed",
					shown);
	if (strlen(url) > LG_MAX_PATH_BYTES)
		return lg_error_toobig("'%s': URL longer than %u bytes", shown,
				       LG_MAX_PATH_BYTES);

	s.out = out;
	s.shown_url = shown;
	if (sha256_out && (error = lg_sha256_new(&s.sha)) < 0)
		goto done;
	if (!(c = s.curl = curl_easy_init())) {
		error = lg_error_oom();
		goto done;
	}
	if ((rc = set_options(c, opts, url, &s, errbuf)) != CURLE_OK) {
		lg_error_set(LG_ERRCLASS_NET,
			     "'%s': cannot set up transfer: %s", shown,
			     curl_easy_strerror(rc));
		error = rc == CURLE_OUT_OF_MEMORY ? LG_ENOMEM : LG_ERROR;
		goto done;
	}
	if (post) {
		if (!(headers = curl_slist_append(NULL, "Content-Type: "
						  "application/json"))) {
			error = lg_error_oom();
			goto done;
		}
		if (curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers) != CURLE_OK ||
		    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				     (curl_off_t)post_len) != CURLE_OK ||
		    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post) != CURLE_OK) {
			lg_error_set(LG_ERRCLASS_NET, "'%s': cannot set up POST",
				     shown);
			error = LG_ERROR;
			goto done;
		}
	}
	rc = curl_easy_perform(c);
	if ((error = transfer_result(c, rc, &s, errbuf)) < 0)
		goto done;
	if (sha256_out)
		error = lg_sha256_final_hex(s.sha, sha256_out);
done:
	if (error < 0)
		lg_buf_reset(out); /* never hand out a partial body */
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	lg_sha256_free(s.sha);
	return error;
}

int lg_fetch_get(struct lg_buf *out, char sha256_out[LG_SHA256_HEX_LEN + 1],
		 const struct lg_fetch_options *opts, const char *url)
{
	return transfer(out, sha256_out, opts, url, NULL, 0);
}

int lg_fetch_post_json(struct lg_buf *out, const struct lg_fetch_options *opts,
		       const char *url, const char *body, size_t len)
{
	LG_ASSERT_ARG(body);
	return transfer(out, NULL, opts, url, body, len);
}
