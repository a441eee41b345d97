/* SPDX-License-Identifier: MIT */
#include <ctype.h>

#include <jansson.h>

#include "lg/buf.h"
#include "lg/index.h"
#include "index_private.h"

static int dup_json_string(char **out, json_t *v)
{
	*out = NULL;
	if (!json_is_string(v))
		return 0;
	return (*out = lg__strdup(json_string_value(v))) ? 0 : lg_error_oom();
}

bool lg_index__is_hex64(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool is_hex64(const char *s)
{
	return lg_index__is_hex64(s, strlen(s));
}

void lg_index__file_dispose(struct lg_index_file *f)
{
	lg__free(f->filename);
	lg__free(f->url);
	lg__free(f->packagetype);
	lg__free(f->sha256);
	lg__free(f->yanked_reason);
	lg__free(f->upload_time);
	lg__free(f->provenance);
	lg__free(f->requires_python);
	memset(f, 0, sizeof(*f));
}

int lg_index__add_file(struct lg_index_file **out, struct lg_release *r,
		       size_t *cap, const char *origin)
{
	if (r->nfiles >= LG_MAX_INDEX_FILES)
		return lg_error_toobig("'%s': more than %u files", origin,
				       LG_MAX_INDEX_FILES);
	if (r->nfiles == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct lg_index_file *v = lg__reallocarray(r->files, ncap,
							   sizeof(*v));

		if (!v)
			return lg_error_oom();
		r->files = v;
		*cap = ncap;
	}
	*out = &r->files[r->nfiles++];
	memset(*out, 0, sizeof(**out));
	(*out)->size = -1;
	return 0;
}

static int read_file(struct lg_index_file *f, json_t *obj, const char *origin)
{
	json_t *digests = json_object_get(obj, "digests");
	json_t *sha = json_object_get(digests, "sha256");
	int error;

	if (!json_is_object(obj) || !json_is_string(json_object_get(obj, "filename")) ||
	    !json_is_string(json_object_get(obj, "url")))
		return lg_error_invalid(LG_ERRCLASS_JSON,
					"'%s': a file entry lacks filename or url",
					origin);
	if (sha && (!json_is_string(sha) || !is_hex64(json_string_value(sha))))
		return lg_error_invalid(LG_ERRCLASS_JSON,
					"'%s': malformed sha256 digest", origin);
	if ((error = dup_json_string(&f->filename, json_object_get(obj, "filename"))) < 0 ||
	    (error = dup_json_string(&f->url, json_object_get(obj, "url"))) < 0 ||
	    (error = dup_json_string(&f->packagetype, json_object_get(obj, "packagetype"))) < 0 ||
	    (error = dup_json_string(&f->sha256, sha)) < 0)
		return error;
	if (!f->packagetype && !(f->packagetype = lg__strdup("")))
		return lg_error_oom();
	for (char *p = f->sha256; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	f->yanked = json_is_true(json_object_get(obj, "yanked"));
	f->size = json_is_integer(json_object_get(obj, "size"))
			  ? (int64_t)json_integer_value(json_object_get(obj, "size"))
			  : -1;
	f->core_metadata = json_is_object(json_object_get(obj, "core-metadata")) ||
			   json_is_true(json_object_get(obj, "core-metadata"));
	if ((error = dup_json_string(&f->yanked_reason,
				     json_object_get(obj, "yanked_reason"))) < 0 ||
	    (error = dup_json_string(&f->upload_time,
				     json_object_get(obj, "upload_time_iso_8601"))) < 0 ||
	    (error = dup_json_string(&f->requires_python,
				     json_object_get(obj, "requires_python"))) < 0)
		return error;
	return 0;
}

static int read_release(struct lg_release *r, json_t *root, const char *origin)
{
	json_t *info = json_object_get(root, "info");
	json_t *urls = json_object_get(root, "urls");
	size_t n;
	int error;

	if (!json_is_object(root) || !json_is_array(urls))
		return lg_error_invalid(LG_ERRCLASS_JSON,
					"'%s': not a release document (no \"urls\")",
					origin);
	if ((error = dup_json_string(&r->name, json_object_get(info, "name"))) < 0 ||
	    (error = dup_json_string(&r->version, json_object_get(info, "version"))) < 0)
		return error;
	n = json_array_size(urls);
	if (n > LG_MAX_INDEX_FILES)
		return lg_error_toobig("'%s': more than %u files", origin,
				       LG_MAX_INDEX_FILES);
	if (!(r->files = lg__calloc(n ? n : 1, sizeof(*r->files))))
		return lg_error_oom();
	for (size_t i = 0; i < n; i++) {
		r->files[i].size = -1;
		r->nfiles++;
		if ((error = read_file(&r->files[i], json_array_get(urls, i), origin)) < 0)
			return error;
	}
	return 0;
}

int lg_index__parse_json(struct lg_release **out, const char *buf, size_t len,
			 const char *origin,
			 int (*read)(struct lg_release *r, json_t *root,
				     const char *origin))
{
	struct lg_release *r = NULL;
	json_t *root = NULL;
	json_error_t jerr;
	int error;

	LG_ASSERT_ARG(out && (buf || !len) && origin);
	*out = NULL;
	if (len > LG_MAX_JSON_BYTES)
		return lg_error_toobig("'%s': document larger than %u bytes",
				       origin, LG_MAX_JSON_BYTES);
	if (!(root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr))) {
		error = lg_error_invalid(LG_ERRCLASS_JSON, "'%s': line %d: %s",
					 origin, jerr.line, jerr.text);
		goto done;
	}
	if (!(r = lg__calloc(1, sizeof(*r)))) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = read(r, root, origin)) < 0)
		goto done;
	*out = r;
	r = NULL;
done:
	lg_release_free(r);
	json_decref(root);
	return error;
}

int lg_index_parse_release(struct lg_release **out, const char *buf, size_t len,
			   const char *origin)
{
	return lg_index__parse_json(out, buf, len, origin, read_release);
}

void lg_release_free(struct lg_release *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfiles; i++)
		lg_index__file_dispose(&r->files[i]);
	lg__free(r->files);
	lg__free(r->name);
	lg__free(r->version);
	lg__free(r);
}

static int put_encoded(struct lg_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
		    c == '+' || c == '!')
			lg_buf_putc(b, (char)c);
		else {
			lg_buf_putc(b, '%');
			lg_buf_putc(b, hex[c >> 4]);
			lg_buf_putc(b, hex[c & 15]);
		}
	}
	return b->err;
}

int lg_index_release_url(char **out, const char *index_url, const char *name,
			 const char *version)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	size_t n = strlen(index_url);
	int error;

	*out = NULL;
	while (n && index_url[n - 1] == '/')
		n--;
	lg_buf_put(&b, index_url, n);
	lg_buf_putc(&b, '/');
	put_encoded(&b, name);
	lg_buf_putc(&b, '/');
	put_encoded(&b, version);
	lg_buf_puts(&b, "/json");
	if ((error = b.err) < 0) {
		lg_buf_dispose(&b);
		return error;
	}
	*out = lg_buf_detach(&b);
	return *out ? 0 : lg_error_oom();
}
