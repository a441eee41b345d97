/* SPDX-License-Identifier: MIT */
/* URL helpers: resolution of index links (libcurl's URL API) and removal of
 * credentials before a URL reaches a message. */
#include <strings.h>

#include <curl/curl.h>

#include "lg/buf.h"
#include "lg/fetch.h"
#include "fetch_private.h"

static bool is_scheme_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
			  c == '.');
}

/* Start of the authority: after "scheme:" and the slashes that follow it
 * (any number, either kind, as lenient parsers accept), or after leading
 * slashes of a scheme-relative reference. Without a scheme followed by a
 * slash, the whole string is treated as a possible authority so that
 * "user:pass@host" loses its password too. Redacting too much is harmless;
 * too little is not. */
static size_t authority_start(const char *url)
{
	size_t i = 0;

	while (url[i] && is_scheme_char(url[i], i == 0))
		i++;
	if (i == 0 || url[i] != ':' ||
	    (url[i + 1] != '/' && url[i + 1] != '\\'))
		i = 0;
	else
		i++;
	while (url[i] == '/' || url[i] == '\\')
		i++;
	return i;
}

void lg_fetch__userinfo_span(size_t *cut_from, size_t *cut_to,
			     const char *url)
{
	size_t start = authority_start(url), end, at = 0;
	bool found = false;

	/* The authority ends at the first '/', '?' or '#'. A backslash does
	 * not end it here, so "u:p\@host" is still cut at the last '@'. */
	for (end = start; url[end] && url[end] != '/' && url[end] != '?' &&
			  url[end] != '#';
	     end++) {
		if (url[end] == '@') {
			at = end;
			found = true;
		}
	}
	*cut_from = start;
	*cut_to = found ? at + 1 : start;
}

void lg_fetch__redact(char *dst, size_t size, const char *url)
{
	size_t from, to, n = 0;

	if (!size)
		return;
	if (!url)
		url = "";
	lg_fetch__userinfo_span(&from, &to, url);
	for (size_t i = 0; url[i] && n + 1 < size; i++) {
		if (i >= from && i < to)
			continue;
		dst[n++] = url[i];
	}
	dst[n] = '\0';
}

int lg_url_redact(char **out, const char *url)
{
	size_t from, to, len;
	char *s;

	LG_ASSERT_ARG(out && url);
	*out = NULL;

	lg_fetch__userinfo_span(&from, &to, url);
	len = strlen(url);
	if (!(s = lg__malloc(len - (to - from) + 1)))
		return lg_error_oom();
	memcpy(s, url, from);
	memcpy(s + from, url + to, len - to + 1);
	*out = s;
	return 0;
}

static int url_error(CURLUcode uc, const char *url)
{
	char shown[256];

	if (uc == CURLUE_OUT_OF_MEMORY)
		return lg_error_oom();
	lg_fetch__redact(shown, sizeof(shown), url);
	return lg_error_invalid(LG_ERRCLASS_NET, "'%s': invalid URL: %s", shown,
				curl_url_strerror(uc));
}

int lg_url_resolve(char **out, const char *base, const char *ref)
{
	CURLU *u = NULL;
	CURLUcode uc;
	char *s = NULL;
	int error = 0;

	LG_ASSERT_ARG(out && base && ref);
	*out = NULL;

	if (strlen(base) > LG_MAX_PATH_BYTES || strlen(ref) > LG_MAX_PATH_BYTES)
		return lg_error_toobig("URL longer than %u bytes",
				       LG_MAX_PATH_BYTES);
	if (!(u = curl_url()))
		return lg_error_oom();
	/* No CURLU_URLENCODE: the index already encodes its links, and
	 * encoding twice would change the URL. */
	if ((uc = curl_url_set(u, CURLUPART_URL, base, 0)) != CURLUE_OK) {
		error = url_error(uc, base);
		goto done;
	}
	if ((uc = curl_url_set(u, CURLUPART_URL, ref, 0)) != CURLUE_OK) {
		error = url_error(uc, ref);
		goto done;
	}
	if ((uc = curl_url_get(u, CURLUPART_URL, &s, 0)) != CURLUE_OK) {
		error = url_error(uc, ref);
		goto done;
	}
	if (strlen(s) > LG_MAX_PATH_BYTES) {
		error = lg_error_toobig("URL longer than %u bytes",
					LG_MAX_PATH_BYTES);
		goto done;
	}
	if (!(*out = lg__strdup(s)))
		error = lg_error_oom();
done:
	curl_free(s);
	curl_url_cleanup(u);
	return error;
}

/* A CURLU for an absolute url, or NULL (error set). */
static CURLU *parse_abs(const char *url, int *error)
{
	CURLU *u;
	CURLUcode uc;

	*error = 0;
	if (strlen(url) > LG_MAX_PATH_BYTES) {
		*error = lg_error_toobig("URL longer than %u bytes",
					 LG_MAX_PATH_BYTES);
		return NULL;
	}
	if (!(u = curl_url())) {
		*error = lg_error_oom();
		return NULL;
	}
	if ((uc = curl_url_set(u, CURLUPART_URL, url, 0)) != CURLUE_OK) {
		*error = url_error(uc, url);
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

int lg_url_host(char **out, const char *url)
{
	CURLU *u;
	char *h = NULL;
	int error;

	LG_ASSERT_ARG(out && url);
	*out = NULL;
	if (!(u = parse_abs(url, &error)))
		return error;
	if (curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK || !h || !*h) {
		error = url_error(CURLUE_NO_HOST, url);
		goto done;
	}
	for (char *p = h; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (!(*out = lg__strdup(h)))
		error = lg_error_oom();
done:
	curl_free(h);
	curl_url_cleanup(u);
	return error;
}

bool lg_url_has_credentials(const char *url)
{
	size_t from, to;

	lg_fetch__userinfo_span(&from, &to, url);
	return to > from;
}

int lg_url_set_credentials(char **out, const char *url, const char *user,
			   const char *password)
{
	CURLU *u;
	CURLUcode uc;
	char *s = NULL;
	int error;

	LG_ASSERT_ARG(out && url && user && password);
	*out = NULL;
	if (!(u = parse_abs(url, &error)))
		return error;
	if ((uc = curl_url_set(u, CURLUPART_USER, user, CURLU_URLENCODE)) != CURLUE_OK ||
	    (uc = curl_url_set(u, CURLUPART_PASSWORD, password, CURLU_URLENCODE)) !=
		    CURLUE_OK ||
	    (uc = curl_url_get(u, CURLUPART_URL, &s, 0)) != CURLUE_OK) {
		error = url_error(uc, url);
		goto done;
	}
	if (!(*out = lg__strdup(s)))
		error = lg_error_oom();
done:
	if (s)
		memset(s, 0, strlen(s));
	curl_free(s);
	curl_url_cleanup(u);
	return error;
}

static bool part_equal(CURLU *a, CURLU *b, CURLUPart part, unsigned flags)
{
	char *x = NULL, *y = NULL;
	bool eq;

	eq = curl_url_get(a, part, &x, flags) == CURLUE_OK &&
	     curl_url_get(b, part, &y, flags) == CURLUE_OK && x && y &&
	     strcasecmp(x, y) == 0;
	curl_free(x);
	curl_free(y);
	return eq;
}

bool lg_url_same_origin(const char *a, const char *b)
{
	CURLU *ua = NULL, *ub = NULL;
	int error;
	bool same = false;

	if ((ua = parse_abs(a, &error)) && (ub = parse_abs(b, &error)))
		same = part_equal(ua, ub, CURLUPART_SCHEME, 0) &&
		       part_equal(ua, ub, CURLUPART_HOST, 0) &&
		       part_equal(ua, ub, CURLUPART_PORT, CURLU_DEFAULT_PORT);
	else
		lg_error_clear();
	curl_url_cleanup(ua);
	curl_url_cleanup(ub);
	return same;
}

int lg_url_credentials(char **user, char **password, const char *url)
{
	CURLU *u;
	char *x = NULL, *y = NULL;
	int error;

	LG_ASSERT_ARG(user && password && url);
	*user = *password = NULL;
	if (!(u = parse_abs(url, &error)))
		return error;
	(void)curl_url_get(u, CURLUPART_USER, &x, CURLU_URLDECODE);
	(void)curl_url_get(u, CURLUPART_PASSWORD, &y, CURLU_URLDECODE);
	if ((x && !(*user = lg__strdup(x))) || (y && !(*password = lg__strdup(y)))) {
		lg__free(*user);
		*user = NULL;
		error = lg_error_oom();
	}
	if (y)
		memset(y, 0, strlen(y));
	curl_free(x);
	curl_free(y);
	curl_url_cleanup(u);
	return error;
}
