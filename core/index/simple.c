/* SPDX-License-Identifier: MIT */
/* Simple Repository API project pages: PEP 691 JSON and PEP 503 HTML
 * (with the PEP 592/658/700/714/740 attributes). Pure and capped. */
#include <ctype.h>
#include <strings.h>

#include <jansson.h>

#include "lg/buf.h"
#include "lg/index.h"
#include "lg/model.h"
#include "index_private.h"

static const char *const sdist_exts[] = {".tar.gz", ".zip", ".tar.bz2",
					 ".tar.xz", ".tgz", ".tar"};

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

const char *lg_index__packagetype(const char *filename)
{
	size_t n = strlen(filename);

	if (ends_with(filename, n, ".whl"))
		return "bdist_wheel";
	for (size_t i = 0; i < LG_ARRAY_SIZE(sdist_exts); i++)
		if (ends_with(filename, n, sdist_exts[i]))
			return "sdist";
	return "";
}

static int set_packagetype(struct lg_index_file *f)
{
	f->packagetype = lg__strdup(lg_index__packagetype(f->filename));
	return f->packagetype ? 0 : lg_error_oom();
}

/* "1.x" is fine; another major is refused, as the spec asks. */
static int check_api_version(const char *v, size_t n, const char *origin)
{
	size_t i = 0;

	while (i < n && (v[i] == ' ' || v[i] == '0'))
		i++;
	if (i < n && v[i] == '1' && (i + 1 == n || v[i + 1] == '.'))
		return 0;
	lg_error_set(LG_ERRCLASS_JSON, "'%s': Simple API version '%.*s' is not "
		     "1.x", origin, (int)(n < 20 ? n : 20), v);
	return LG_EUNSUPPORTED;
}

/* ---- JSON (PEP 691) ---------------------------------------------------- */

static int dup_str(char **out, json_t *v)
{
	if (!json_is_string(v))
		return 0;
	return (*out = lg__strdup(json_string_value(v))) ? 0 : lg_error_oom();
}

static bool truthy_metadata(json_t *obj)
{
	static const char *const keys[] = {"core-metadata", "dist-info-metadata",
					   "data-dist-info-metadata"};

	for (size_t i = 0; i < LG_ARRAY_SIZE(keys); i++) {
		json_t *v = json_object_get(obj, keys[i]);

		if (json_is_true(v) || json_is_object(v))
			return true;
	}
	return false;
}

static int json_hashes(struct lg_index_file *f, json_t *obj, const char *origin)
{
	json_t *hashes = json_object_get(obj, "hashes");
	json_t *sha = json_object_get(hashes, "sha256");

	if (hashes && !json_is_object(hashes))
		return lg_error_invalid(LG_ERRCLASS_JSON, "'%s': \"hashes\" of "
					"a file is not an object", origin);
	if (!sha)
		return 0;
	if (!json_is_string(sha) ||
	    !lg_index__is_hex64(json_string_value(sha), json_string_length(sha)))
		return lg_error_invalid(LG_ERRCLASS_JSON,
					"'%s': malformed sha256 digest", origin);
	if (dup_str(&f->sha256, sha) < 0)
		return LG_ENOMEM;
	for (char *p = f->sha256; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return 0;
}

static int json_file(struct lg_index_file *f, json_t *obj, const char *origin)
{
	json_t *yanked = json_object_get(obj, "yanked");
	json_t *size = json_object_get(obj, "size");
	int error;

	if (!json_is_object(obj) || !json_is_string(json_object_get(obj, "filename")) ||
	    !json_is_string(json_object_get(obj, "url")))
		return lg_error_invalid(LG_ERRCLASS_JSON,
					"'%s': a file entry lacks filename or url",
					origin);
	if ((error = dup_str(&f->filename, json_object_get(obj, "filename"))) < 0 ||
	    (error = dup_str(&f->url, json_object_get(obj, "url"))) < 0 ||
	    (error = set_packagetype(f)) < 0 ||
	    (error = json_hashes(f, obj, origin)) < 0 ||
	    (error = dup_str(&f->upload_time, json_object_get(obj, "upload-time"))) < 0 ||
	    (error = dup_str(&f->provenance, json_object_get(obj, "provenance"))) < 0 ||
	    (error = dup_str(&f->requires_python,
			     json_object_get(obj, "requires-python"))) < 0)
		return error;
	f->yanked = json_is_true(yanked) || json_is_string(yanked);
	if (json_is_string(yanked) && json_string_length(yanked) &&
	    (error = dup_str(&f->yanked_reason, yanked)) < 0)
		return error;
	if (json_is_integer(size) && json_integer_value(size) >= 0)
		f->size = (int64_t)json_integer_value(size);
	f->core_metadata = truthy_metadata(obj);
	return 0;
}

static int json_page(struct lg_release *r, json_t *root, const char *origin)
{
	json_t *ver = json_object_get(json_object_get(root, "meta"), "api-version");
	json_t *files = json_object_get(root, "files");
	size_t cap = 0, n;
	int error;

	if (!json_is_object(root) || !json_is_array(files))
		return lg_error_invalid(LG_ERRCLASS_JSON, "'%s': not a Simple "
					"API project page (no \"files\")", origin);
	if (json_is_string(ver) &&
	    (error = check_api_version(json_string_value(ver),
				       json_string_length(ver), origin)) < 0)
		return error;
	if ((error = dup_str(&r->name, json_object_get(root, "name"))) < 0)
		return error;
	if ((n = json_array_size(files)) > LG_MAX_INDEX_FILES)
		return lg_error_toobig("'%s': more than %u files", origin,
				       LG_MAX_INDEX_FILES);
	for (size_t i = 0; i < n; i++) {
		struct lg_index_file *f;

		if ((error = lg_index__add_file(&f, r, &cap, origin)) < 0 ||
		    (error = json_file(f, json_array_get(files, i), origin)) < 0)
			return error;
	}
	return 0;
}

int lg_index_parse_simple_json(struct lg_release **out, const char *buf,
			       size_t len, const char *origin)
{
	return lg_index__parse_json(out, buf, len, origin, json_page);
}

/* ---- HTML (PEP 503) ---------------------------------------------------- */

struct attr {
	const char *name, *val;
	size_t nlen, vlen;
	bool has_val;
};

struct tag {
	struct attr attrs[LG_MAX_HTML_ATTRS];
	size_t nattrs;
};

struct html {
	const char *p, *end, *origin;
	struct lg_release *r;
	size_t cap;
	struct lg_buf tmp; /* entity-decoded attribute value */
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool starts_ci(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

static const char *find_ci(const char *p, const char *end, const char *word)
{
	for (; p < end; p++)
		if (starts_ci(p, end, word))
			return p;
	return NULL;
}

/* Reads the attributes of a tag up to its '>' (h->p is past the name). */
static int read_attrs(struct html *h, struct tag *t)
{
	const char *p = h->p, *end = h->end;

	t->nattrs = 0;
	for (;;) {
		struct attr a = {0};

		while (p < end && (is_space(*p) || *p == '/'))
			p++;
		if (p >= end)
			return lg_error_invalid(LG_ERRCLASS_JSON, "'%s': "
						"unterminated tag", h->origin);
		if (*p == '>')
			break;
		a.name = p;
		while (p < end && !is_space(*p) && *p != '/' && *p != '>' && *p != '=')
			p++;
		a.nlen = (size_t)(p - a.name);
		if (!a.nlen)
			a.nlen = 1, p++; /* a stray '=': skip it */
		while (p < end && is_space(*p))
			p++;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_space(*p))
				p++;
			a.has_val = true;
			if (p < end && (*p == '"' || *p == '\'')) {
				const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));

				if (!q)
					return lg_error_invalid(LG_ERRCLASS_JSON,
								"'%s': unterminated "
								"attribute value",
								h->origin);
				a.val = p + 1;
				a.vlen = (size_t)(q - p - 1);
				p = q + 1;
			} else {
				a.val = p;
				while (p < end && !is_space(*p) && *p != '>')
					p++;
				a.vlen = (size_t)(p - a.val);
			}
		}
		if (t->nattrs == LG_MAX_HTML_ATTRS)
			return lg_error_toobig("'%s': a tag has more than %u "
					       "attributes", h->origin,
					       LG_MAX_HTML_ATTRS);
		t->attrs[t->nattrs++] = a;
	}
	h->p = p + 1;
	return 0;
}

/* The first attribute called name (HTML: the first one wins), or NULL. */
static const struct attr *get_attr(const struct tag *t, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < t->nattrs; i++)
		if (t->attrs[i].nlen == n && strncasecmp(t->attrs[i].name, name, n) == 0)
			return &t->attrs[i];
	return NULL;
}

static const struct {
	const char *name;
	char c;
} entities[] = {
	{"amp;", '&'}, {"apos;", '\''}, {"gt;", '>'}, {"lt;", '<'}, {"quot;", '"'},
};

/* Decodes one "&...;" at s (s[0] == '&'); returns the bytes consumed, 0
 * when it is not a reference we know (then '&' is kept as is). */
static size_t put_entity(struct lg_buf *b, const char *s, size_t n)
{
	uint32_t cp = 0;
	size_t i = 1;
	bool hex;

	for (size_t k = 0; k < LG_ARRAY_SIZE(entities); k++) {
		size_t m = strlen(entities[k].name);

		if (n > m && strncmp(s + 1, entities[k].name, m) == 0) {
			lg_buf_putc(b, entities[k].c);
			return m + 1;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	i = hex ? 3 : 2;
	for (; i < n && i < 12 && s[i] != ';'; i++) {
		int d = hex ? lg_hex_digit(s[i]) : (isdigit((unsigned char)s[i]) ? s[i] - '0' : -1);

		if (d < 0)
			return 0;
		cp = cp * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (i >= n || s[i] != ';' || i == (hex ? 3u : 2u))
		return 0;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	lg_utf8_put(b, cp);
	return i + 1;
}

/* The entity-decoded value of a into h->tmp (NUL-terminated). */
static int decode_attr(struct html *h, const struct attr *a)
{
	lg_buf_reset(&h->tmp);
	for (size_t i = 0; i < a->vlen;) {
		size_t used = a->val[i] == '&' ? put_entity(&h->tmp, a->val + i,
							      a->vlen - i)
					       : 0;

		if (!used) {
			lg_buf_putc(&h->tmp, a->val[i]);
			used = 1;
		}
		i += used;
	}
	if (h->tmp.err == LG_ETOOBIG)
		return lg_error_toobig("'%s': attribute longer than %u bytes",
				       h->origin, LG_MAX_PATH_BYTES);
	return h->tmp.err < 0 ? lg_error_oom() : 0;
}

static int dup_attr(struct html *h, char **out, const struct attr *a)
{
	int error;

	if (!a)
		return 0;
	if ((error = decode_attr(h, a)) < 0)
		return error;
	return (*out = lg__strdup(h->tmp.ptr)) ? 0 : lg_error_oom();
}

/* file->url loses its "#algo=hex" fragment; a sha256 one is kept. */
static int take_fragment(struct lg_index_file *f, const char *origin)
{
	char *hash = strchr(f->url, '#');
	size_t n;

	if (!hash)
		return 0;
	*hash++ = '\0';
	if (strncasecmp(hash, "sha256=", 7) != 0)
		return 0; /* another algorithm: lockgate verifies sha256 only */
	hash += 7;
	n = strlen(hash);
	if (!lg_index__is_hex64(hash, n))
		return lg_error_invalid(LG_ERRCLASS_JSON,
					"'%s': malformed sha256 digest", origin);
	if (!(f->sha256 = lg__strndup(hash, n)))
		return lg_error_oom();
	for (char *p = f->sha256; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return 0;
}

/* The last path segment of url, percent-decoded; NULL (no error) when it
 * is empty or would hold a '/' or a NUL. */
static int filename_of(char **out, const char *url)
{
	size_t end = strcspn(url, "?#"), start = end, n = 0;
	char *s;

	*out = NULL;
	while (start && url[start - 1] != '/')
		start--;
	if (start == end)
		return 0;
	if (!(s = lg__malloc(end - start + 1)))
		return lg_error_oom();
	for (size_t i = start; i < end; i++) {
		int hi, lo;

		if (url[i] == '%' && i + 2 < end &&
		    (hi = lg_hex_digit(url[i + 1])) >= 0 &&
		    (lo = lg_hex_digit(url[i + 2])) >= 0) {
			s[n++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			s[n++] = url[i];
		}
		if (s[n - 1] == '/' || s[n - 1] == '\0') {
			lg__free(s);
			return 0;
		}
	}
	s[n] = '\0';
	*out = s;
	return 0;
}

static int html_anchor(struct html *h, const struct tag *t)
{
	const struct attr *href = get_attr(t, "href");
	const struct attr *yanked = get_attr(t, "data-yanked");
	const struct attr *meta = get_attr(t, "data-core-metadata");
	struct lg_index_file *f;
	char *name = NULL;
	int error;

	if (!href || !href->has_val)
		return 0;
	if ((error = decode_attr(h, href)) < 0 ||
	    (error = filename_of(&name, h->tmp.ptr)) < 0 || !name) {
		lg__free(name);
		return error;
	}
	if ((error = lg_index__add_file(&f, h->r, &h->cap, h->origin)) < 0) {
		lg__free(name);
		return error;
	}
	f->filename = name;
	if (!meta)
		meta = get_attr(t, "data-dist-info-metadata");
	f->yanked = yanked != NULL;
	f->core_metadata = meta && !(meta->vlen == 5 && !strncasecmp(meta->val, "false", 5));
	if ((error = dup_attr(h, &f->url, href)) < 0 ||
	    (error = take_fragment(f, h->origin)) < 0 ||
	    (error = set_packagetype(f)) < 0 ||
	    (yanked && yanked->vlen && (error = dup_attr(h, &f->yanked_reason, yanked)) < 0) ||
	    (error = dup_attr(h, &f->requires_python,
			      get_attr(t, "data-requires-python"))) < 0 ||
	    (error = dup_attr(h, &f->provenance, get_attr(t, "data-provenance"))) < 0)
		return error;
	return 0;
}

static int html_meta(struct html *h, const struct tag *t)
{
	const struct attr *name = get_attr(t, "name"), *content = get_attr(t, "content");

	if (!name || !content || name->vlen != 23 ||
	    strncasecmp(name->val, "pypi:repository-version", 23) != 0)
		return 0;
	return check_api_version(content->val, content->vlen, h->origin);
}

/* One markup item at h->p ('<'): comment, <a>, <meta> or anything else. */
static int html_item(struct html *h, struct tag *t)
{
	const char *p = h->p + 1, *q;
	size_t n = 0;

	if (starts_ci(p, h->end, "!--")) {
		q = find_ci(p + 3, h->end, "-->");
		h->p = q ? q + 3 : h->end;
		return 0;
	}
	while (p + n < h->end && isalpha((unsigned char)p[n]))
		n++;
	if (!n || p + n >= h->end ||
	    !(is_space(p[n]) || p[n] == '>' || p[n] == '/')) {
		q = memchr(p, '>', (size_t)(h->end - p)); /* </x>, <!DOCTYPE> */
		h->p = q ? q + 1 : h->end;
		return 0;
	}
	h->p = p + n;
	if (n == 1 && (*p == 'a' || *p == 'A')) {
		int error = read_attrs(h, t);

		return error < 0 ? error : html_anchor(h, t);
	}
	if (n == 4 && strncasecmp(p, "meta", 4) == 0) {
		int error = read_attrs(h, t);

		return error < 0 ? error : html_meta(h, t);
	}
	/* Any other tag: its attributes do not matter; a quote in it (or a
	 * '<' in a script) must not make the page unreadable. */
	q = memchr(h->p, '>', (size_t)(h->end - h->p));
	h->p = q ? q + 1 : h->end;
	return 0;
}

int lg_index_parse_simple_html(struct lg_release **out, const char *buf,
			       size_t len, const char *origin)
{
	struct html h = {buf, buf + len, origin, NULL, 0,
			 LG_BUF_INIT(LG_MAX_PATH_BYTES)};
	struct tag *t = NULL;
	int error = 0;

	LG_ASSERT_ARG(out && (buf || !len) && origin);
	*out = NULL;
	if (len > LG_MAX_JSON_BYTES)
		return lg_error_toobig("'%s': document larger than %u bytes",
				       origin, LG_MAX_JSON_BYTES);
	if (!(h.r = lg__calloc(1, sizeof(*h.r))) || !(t = lg__malloc(sizeof(*t)))) {
		error = lg_error_oom();
		goto done;
	}
	while (h.p < h.end && !error) {
		const char *lt = memchr(h.p, '<', (size_t)(h.end - h.p));

		if (!lt)
			break;
		h.p = lt;
		error = html_item(&h, t);
	}
	if (error < 0)
		goto done;
	*out = h.r;
	h.r = NULL;
done:
	lg__free(t);
	lg_buf_dispose(&h.tmp);
	lg_release_free(h.r);
	return error;
}

/* ---- dispatch and URLs ------------------------------------------------- */

static bool media_is(const char *ct, const char *type)
{
	size_t n = strlen(type);

	while (is_space(*ct))
		ct++;
	if (strncasecmp(ct, type, n) != 0)
		return false;
	ct += n;
	while (is_space(*ct))
		ct++;
	return *ct == '\0' || *ct == ';';
}

int lg_index_parse_simple(struct lg_release **out, const char *content_type,
			  const char *buf, size_t len, const char *origin)
{
	*out = NULL;
	if (content_type && (media_is(content_type, LG_SIMPLE_JSON_TYPE) ||
			     media_is(content_type,
				      "application/vnd.pypi.simple.latest+json")))
		return lg_index_parse_simple_json(out, buf, len, origin);
	if (content_type && (media_is(content_type, "text/html") ||
			     media_is(content_type,
				      "application/vnd.pypi.simple.v1+html") ||
			     media_is(content_type,
				      "application/vnd.pypi.simple.latest+html")))
		return lg_index_parse_simple_html(out, buf, len, origin);
	lg_error_set(LG_ERRCLASS_JSON, "'%s': the index answered with "
		     "Content-Type '%.60s', not a Simple API page", origin,
		     content_type ? content_type : "(none)");
	return LG_EUNSUPPORTED;
}

int lg_index_simple_url(char **out, const char *index_url, const char *name)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	size_t n = strlen(index_url);
	char *canon = NULL;
	int error;

	*out = NULL;
	if ((error = lg_name_canonical(&canon, name, strlen(name))) < 0)
		return error;
	while (n && index_url[n - 1] == '/')
		n--;
	lg_buf_put(&b, index_url, n);
	lg_buf_printf(&b, "/%s/", canon);
	lg__free(canon);
	if ((error = b.err) < 0) {
		lg_buf_dispose(&b);
		return error == LG_ETOOBIG
			       ? lg_error_toobig("index URL longer than %u bytes",
						 LG_MAX_PATH_BYTES)
			       : lg_error_oom();
	}
	*out = lg_buf_detach(&b);
	return *out ? 0 : lg_error_oom();
}

bool lg_index_is_json_root(const char *url)
{
	const char *p = strstr(url, "://");
	size_t end, start;

	p = p ? p + 3 : url;
	p += strcspn(p, "/?#"); /* the path */
	end = strcspn(p, "?#");
	while (end && p[end - 1] == '/')
		end--;
	start = end;
	while (start && p[start - 1] != '/')
		start--;
	return end - start == 4 && strncmp(p + start, "pypi", 4) == 0;
}
