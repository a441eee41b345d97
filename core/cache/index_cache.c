/* SPDX-License-Identifier: MIT */
/* Index documents kept for revalidation (ETag / Last-Modified). An entry
 * is a few "key value" lines, an empty line, then the body. The body is
 * what the index served, so a tampered entry is no worse than a lying
 * index: artifacts are still verified by sha256. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg/cache.h"
#include "lg/hash.h"
#include "lg/index_cache.h"
#include "cache_private.h"

#define INDEX_CACHE_MAGIC "lockgate-index-doc 1\n"
#define INDEX_CACHE_HEADER_MAX (4 * LG_MAX_HTTP_HEADER_BYTES + LG_MAX_PATH_BYTES + 64)

static int entry_path(struct lg_buf *p, const char *dir, const char *url,
		      const char *accept)
{
	struct lg_buf key = LG_BUF_INIT(2 * LG_MAX_PATH_BYTES + 2);
	char hex[LG_SHA256_HEX_LEN + 1];
	int error;

	lg_buf_printf(&key, "%s\n%s", url, accept ? accept : "");
	if ((error = key.err) < 0 ||
	    (error = lg_sha256_hex(hex, key.ptr, key.len)) < 0)
		goto done;
	error = lg_buf_printf(p, "%s/index/%.2s/%s", dir, hex, hex);
done:
	lg_buf_dispose(&key);
	return error;
}

void lg_index_doc_dispose(struct lg_index_doc *doc)
{
	lg__free(doc->url);
	lg__free(doc->etag);
	lg__free(doc->last_modified);
	lg__free(doc->content_type);
	lg_buf_dispose(&doc->body);
	doc->url = doc->etag = doc->last_modified = doc->content_type = NULL;
}

static char **field(struct lg_index_doc *doc, const char *name, size_t n)
{
	static const char *const names[] = {"content-type", "etag",
					    "last-modified", "url"};
	char **slots[] = {&doc->content_type, &doc->etag, &doc->last_modified,
			  &doc->url};

	for (size_t i = 0; i < LG_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !strncmp(names[i], name, n))
			return slots[i];
	return NULL;
}

/* Splits the header lines of raw; *body_at is where the body starts. */
static int parse_entry(struct lg_index_doc *doc, const char *raw, size_t len,
		       size_t *body_at)
{
	size_t i = strlen(INDEX_CACHE_MAGIC);

	if (len < i || memcmp(raw, INDEX_CACHE_MAGIC, i) != 0)
		return LG_EINVALID;
	while (i < len && raw[i] != '\n') {
		const char *line = raw + i, *nl = memchr(line, '\n', len - i);
		const char *sp = nl ? memchr(line, ' ', (size_t)(nl - line)) : NULL;
		char **slot;

		if (!nl || !sp)
			return LG_EINVALID;
		if ((slot = field(doc, line, (size_t)(sp - line))) && !*slot &&
		    !(*slot = lg__strndup(sp + 1, (size_t)(nl - sp - 1))))
			return lg_error_oom();
		i = (size_t)(nl - raw) + 1;
	}
	if (i >= len)
		return LG_EINVALID;
	*body_at = i + 1;
	return 0;
}

int lg_index_cache_get(struct lg_index_doc *out, const char *dir,
		       const char *url, const char *accept)
{
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct lg_buf raw = LG_BUF_INIT(LG_MAX_JSON_BYTES + INDEX_CACHE_HEADER_MAX);
	size_t body_at = 0;
	int error;

	if ((error = entry_path(&path, dir, url, accept)) < 0 ||
	    (error = lg_fs_read_file(&raw, path.ptr, raw.max)) < 0)
		goto done;
	if ((error = parse_entry(out, raw.ptr, raw.len, &body_at)) == 0)
		error = lg_buf_put(&out->body, raw.ptr + body_at, raw.len - body_at);
	if (error == LG_EINVALID || error == LG_ETOOBIG)
		(void)unlink(path.ptr);
done:
	if (error < 0 && error != LG_ENOMEM) {
		lg_index_doc_dispose(out);
		lg_error_clear();
		error = LG_ENOTFOUND;
	}
	lg_buf_dispose(&path);
	lg_buf_dispose(&raw);
	return error;
}

static void put_field(struct lg_buf *b, const char *name, const char *value)
{
	if (value && !strpbrk(value, "\r\n"))
		lg_buf_printf(b, "%s %s\n", name, value);
}

int lg_index_cache_put(const char *dir, const char *url, const char *accept,
		       const struct lg_index_doc *doc)
{
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct lg_buf b = LG_BUF_INIT(LG_MAX_JSON_BYTES + INDEX_CACHE_HEADER_MAX);
	int error;

	lg_buf_puts(&b, INDEX_CACHE_MAGIC);
	put_field(&b, "url", doc->url);
	put_field(&b, "etag", doc->etag);
	put_field(&b, "last-modified", doc->last_modified);
	put_field(&b, "content-type", doc->content_type);
	lg_buf_putc(&b, '\n');
	lg_buf_put(&b, doc->body.ptr, doc->body.len);
	if ((error = b.err) == 0 &&
	    (error = entry_path(&path, dir, url, accept)) == 0)
		error = lg_cache__write_atomic(path.ptr, dir, b.ptr, b.len);
	lg_buf_dispose(&path);
	lg_buf_dispose(&b);
	return error;
}
