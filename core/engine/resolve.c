/* SPDX-License-Identifier: MIT */
/* (name, version) of a lock entry -> the files of that release on its index.
 *
 * Which index: the lock entry's own registry (uv.lock source.registry,
 * Pipfile.lock index, poetry source, requirements -i, pylock index) unless
 * it names PyPI itself, else the run's index (--index-url, PIP_INDEX_URL,
 * UV_INDEX_URL, UV_DEFAULT_INDEX: chosen by cmd/), else PyPI's Simple API.
 * Which API: a root whose last path segment is "pypi" is PyPI's JSON API
 * (<root>/<name>/<version>/json); any other root is a Simple API root
 * (<root>/<name>/, JSON asked first, HTML accepted). Credentials come from
 * the URL or from netrc for its host; they are sent to that origin only
 * and never reach a message, a finding or the cache. */
#include <stdio.h>
#include <strings.h>

#include "lg/buf.h"
#include "lg/fetch.h"
#include "lg/index.h"
#include "lg/index_cache.h"
#include "lg/rules.h"
#include "engine_private.h"

#define RESOLVE_DEFAULT_INDEX "https://pypi.org/simple/"
#define RESOLVE_JSON_ACCEPT "application/json"

struct resolve {
	const struct lg_engine_options *opts;
	const struct lg_pkg *pkg;
	char *index;       /* with credentials when known */
	char *shown;       /* index, redacted */
	char *doc_url;     /* with credentials */
	char *doc_shown;   /* redacted */
	char *user, *password; /* of the index, decoded; NULL when none */
	const char *accept;
	bool json_api;
	struct lg_index_doc doc;
};

/* PyPI's own roots in a lock mean "the default index": --index-url and
 * the environment may replace them (a mirror), as they replace PyPI. */
static bool is_pypi_root(const char *url)
{
	static const char *const roots[] = {
		"https://pypi.org/simple",        "https://pypi.org/pypi",
		"https://pypi.python.org/simple", "https://pypi.python.org/pypi",
	};
	size_t n = strlen(url);

	while (n && url[n - 1] == '/')
		n--;
	for (size_t i = 0; i < LG_ARRAY_SIZE(roots); i++)
		if (strlen(roots[i]) == n && !strncasecmp(url, roots[i], n))
			return true;
	return false;
}

static const char *choose_index(const struct lg_engine_options *opts,
				const struct lg_pkg *pkg)
{
	if (pkg->source == LG_SOURCE_REGISTRY && pkg->source_url &&
	    *pkg->source_url && !is_pypi_root(pkg->source_url))
		return pkg->source_url;
	return opts->index_url ? opts->index_url : RESOLVE_DEFAULT_INDEX;
}

/* The index URL with credentials: its own, else netrc's for its host. */
static int with_credentials(struct resolve *rs, const char *url)
{
	const char *login, *password;
	char *host = NULL;
	int error;

	if (lg_url_has_credentials(url))
		return (rs->index = lg__strdup(url)) ? lg_url_credentials(&rs->user,
									 &rs->password, url)
						     : lg_error_oom();
	if (!rs->opts->netrc)
		return (rs->index = lg__strdup(url)) ? 0 : lg_error_oom();
	if ((error = lg_url_host(&host, url)) < 0)
		return error;
	if (lg_netrc_lookup(rs->opts->netrc, host, &login, &password)) {
		if ((error = lg_url_set_credentials(&rs->index, url, login,
						    password)) == 0 &&
		    (!(rs->user = lg__strdup(login)) ||
		     !(rs->password = lg__strdup(password))))
			error = lg_error_oom();
	} else if (!(rs->index = lg__strdup(url))) {
		error = lg_error_oom();
	}
	lg__free(host);
	return error;
}

static bool is_http(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0;
}

static int check_scheme(struct resolve *rs)
{
	if (strncasecmp(rs->index, "https://", 8) == 0)
		return 0;
	if (is_http(rs->index) && rs->opts->fetch.allow_http)
		return 0;
	if (is_http(rs->index))
		return lg_error_invalid(LG_ERRCLASS_SOURCE, "'%s': a plain-http "
					"index is refused (anyone on the network "
					"can change what it serves); use https, "
					"or --allow-insecure-index", rs->shown);
	return lg_error_invalid(LG_ERRCLASS_SOURCE, "'%s': an index URL must "
				"be https", rs->shown);
}

static int add_finding(struct lg_result *r, const struct lg_engine_ctx *ctx,
		       const char *rule, enum lg_severity sev, const char *msg)
{
	size_t from = r->findings.n;
	int error;

	if ((error = lg_findings_add(&r->findings, rule, sev, NULL, 0, "%s",
				     msg)) < 0)
		return error;
	return lg_findings_set_context(&r->findings, from, ctx->package,
				       ctx->version, NULL, ctx->lockfile,
				       ctx->lockfile_line);
}

/* index.insecure-http: high when nothing in the lock pins the bytes. */
static int insecure_finding(struct resolve *rs, struct lg_result *r,
			    const struct lg_engine_ctx *ctx, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s==%s: %s over plain http from '%.300s'%s",
		 rs->pkg->name, rs->pkg->version, what, rs->shown,
		 rs->pkg->nhashes ? "; the lock's hashes still pin the files"
				  : " and the lock pins no hash: anyone on the "
				    "network path chooses the code");
	return add_finding(r, ctx, LG_RULE_INDEX_INSECURE_HTTP,
			   rs->pkg->nhashes ? LG_SEV_MEDIUM : LG_SEV_HIGH, msg);
}

static int set_urls_at(struct resolve *rs, const char *index)
{
	int error;

	rs->json_api = lg_index_is_json_root(index);
	rs->accept = rs->json_api ? RESOLVE_JSON_ACCEPT : LG_SIMPLE_ACCEPT;
	if ((error = with_credentials(rs, index)) < 0 ||
	    (error = lg_url_redact(&rs->shown, rs->index)) < 0 ||
	    (error = check_scheme(rs)) < 0)
		return error;
	if (rs->json_api)
		error = lg_index_release_url(&rs->doc_url, rs->index,
					     rs->pkg->name, rs->pkg->version);
	else
		error = lg_index_simple_url(&rs->doc_url, rs->index, rs->pkg->name);
	if (error < 0)
		return error;
	return lg_url_redact(&rs->doc_shown, rs->doc_url);
}

/* The extra indexes pip asks for pkg too (requirements
 * --extra-index-url; registry entries only). */
static size_t nextras(const struct lg_pkg *pkg)
{
	return pkg->source == LG_SOURCE_REGISTRY ? pkg->nextra_indexes : 0;
}

static int dup_opt(char **out, const char *s)
{
	*out = NULL;
	return !s || (*out = lg__strdup(s)) ? 0 : lg_error_oom();
}

/* One prefetched document: what lg_fetch_doc would have given. */
struct lg_engine__doc {
	char *url;               /* with credentials */
	const char *accept;      /* static */
	int error;               /* 0, or the fetch error */
	char *message;           /* when error < 0 */
	struct lg_index_doc doc; /* when !error */
};

static void resolve_dispose(struct resolve *rs)
{
	lg_index_doc_dispose(&rs->doc);
	lg__free(rs->index);
	lg__free(rs->shown);
	lg__free(rs->doc_url);
	lg__free(rs->doc_shown);
	lg__free(rs->user);
	if (rs->password)
		memset(rs->password, 0, strlen(rs->password));
	lg__free(rs->password);
}

static const struct lg_engine__doc *find_doc(const struct lg_engine__docs *docs,
					     const char *url, const char *accept)
{
	for (size_t i = 0; docs && i < docs->n; i++)
		if (docs->v[i].accept == accept && !strcmp(docs->v[i].url, url))
			return &docs->v[i];
	return NULL;
}

static int copy_doc(struct lg_index_doc *dst, const struct lg_index_doc *src)
{
	lg_index_doc_dispose(dst);
	if (dup_opt(&dst->url, src->url) < 0 || dup_opt(&dst->etag, src->etag) < 0 ||
	    dup_opt(&dst->last_modified, src->last_modified) < 0 ||
	    dup_opt(&dst->content_type, src->content_type) < 0)
		return LG_ENOMEM;
	return lg_buf_put(&dst->body, src->body.ptr, src->body.len);
}

/* Fills one document from its answer (fresh, or the cached copy on 304)
 * and stores a fresh one in the cache. */
static int take_answer(struct lg_index_doc *doc, struct lg_index_doc *cached,
		       bool have, const struct lg_fetch_response *resp,
		       const struct lg_buf *body, const char *doc_url,
		       const char *doc_shown, const char *accept,
		       const char *dir)
{
	int error;

	if (resp->status == 304 && have) {
		lg_index_doc_dispose(doc);
		*doc = *cached;
		*cached = (struct lg_index_doc)LG_INDEX_DOC_INIT;
		return 0;
	}
	if ((error = lg_buf_put(&doc->body, body->ptr, body->len)) < 0 ||
	    (error = lg_url_redact(&doc->url, resp->effective_url &&
						     *resp->effective_url
					      ? resp->effective_url
					      : doc_url)) < 0 ||
	    (error = dup_opt(&doc->etag, resp->etag)) < 0 ||
	    (error = dup_opt(&doc->last_modified, resp->last_modified)) < 0 ||
	    (error = dup_opt(&doc->content_type, resp->content_type)) < 0)
		return error;
	if (dir && (resp->etag || resp->last_modified) &&
	    lg_index_cache_put(dir, doc_shown, accept, doc) < 0)
		lg_error_clear(); /* a cache we cannot write only costs time */
	return 0;
}

static bool header_safe(const char *v)
{
	return v && *v && !strpbrk(v, "\r\n");
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* One prefetch request: URLs, cached copy and headers. */
struct pre {
	struct resolve rs;
	struct lg_index_doc cached;
	bool have;
	char *hdr[3];
	const char *headers[4];
};

static int plan_one(struct pre *p, struct lg_fetch_request *req)
{
	const char *dir = p->rs.opts->cache_dir;
	const char *cond[2] = {NULL, NULL};
	static const char *const names[3] = {"Accept", "If-None-Match",
					     "If-Modified-Since"};
	const char *vals[3];
	size_t nh = 0;

	if (dir && lg_index_cache_get(&p->cached, dir, p->rs.doc_shown,
				      p->rs.accept) == 0) {
		p->have = true;
		cond[0] = header_safe(p->cached.etag) ? p->cached.etag : NULL;
		cond[1] = header_safe(p->cached.last_modified)
				  ? p->cached.last_modified
				  : NULL;
	}
	lg_error_clear();
	vals[0] = p->rs.accept;
	vals[1] = cond[0];
	vals[2] = cond[1];
	for (size_t i = 0; i < 3; i++) {
		size_t len;

		if (!vals[i])
			continue;
		len = strlen(names[i]) + strlen(vals[i]) + 3;
		if (!(p->hdr[i] = lg__malloc(len)))
			return lg_error_oom();
		snprintf(p->hdr[i], len, "%s: %s", names[i], vals[i]);
		p->headers[nh++] = p->hdr[i];
	}
	p->headers[nh] = NULL;
	req->url = p->rs.doc_url;
	req->max = LG_MAX_JSON_BYTES;
	req->headers = p->headers;
	req->keep_headers = true;
	req->not_modified_ok = cond[0] || cond[1];
	return 0;
}

/* The answer of one prefetch request into its document entry. */
static int settle_one(struct lg_engine__doc *d, struct pre *p,
		      struct lg_fetch_request *req)
{
	struct lg_fetch_response resp = {req->status, (char *)nonempty(req->etag),
					 (char *)nonempty(req->last_modified),
					 (char *)nonempty(req->content_type),
					 req->effective_url};

	if ((d->error = req->error) < 0) {
		if (d->error == LG_ENOMEM)
			return lg_error_oom();
		return (d->message = lg__strdup(req->message)) ? 0
							       : lg_error_oom();
	}
	return take_answer(&d->doc, &p->cached, p->have, &resp, &req->body,
			   p->rs.doc_url, p->rs.doc_shown, p->rs.accept,
			   p->rs.opts->cache_dir);
}

/* --offline: the cached copy stands for the answer, unrevalidated (as a
 * 304 would); a document the cache does not hold is an error that names
 * it. Nothing is sent. */
static void offline_answers(struct pre *pre, struct lg_fetch_request *reqs,
			    size_t m)
{
	for (size_t i = 0; i < m; i++) {
		if (pre[i].have) {
			reqs[i].status = 304;
			continue;
		}
		reqs[i].error = LG_ENET;
		snprintf(reqs[i].message, sizeof(reqs[i].message),
			 "'%s': not in the index-document cache (--offline)",
			 pre[i].rs.doc_shown);
	}
}

void lg_engine__docs_dispose(struct lg_engine__docs *docs)
{
	for (size_t i = 0; docs && i < docs->n; i++) {
		lg__free(docs->v[i].url);
		lg__free(docs->v[i].message);
		lg_index_doc_dispose(&docs->v[i].doc);
	}
	if (docs) {
		lg__free(docs->v);
		docs->v = NULL;
		docs->n = 0;
	}
}

int lg_engine__prefetch(struct lg_engine__docs *docs,
			const struct lg_engine_options *opts,
			const struct lg_pkg *const *pkgs, size_t n)
{
	struct pre *pre = NULL;
	struct lg_fetch_request *reqs = NULL;
	size_t m = 0;
	int error = 0;

	size_t total = 0;

	docs->v = NULL;
	docs->n = 0;
	for (size_t i = 0; i < n; i++)
		total += 1 + nextras(pkgs[i]);
	if (!total)
		return 0;
	if (!(pre = lg__calloc(total, sizeof(*pre))) ||
	    !(reqs = lg__calloc(total, sizeof(*reqs))) ||
	    !(docs->v = lg__calloc(total, sizeof(*docs->v)))) {
		error = lg_error_oom();
		goto done;
	}
	for (size_t i = 0, x = 0; i < n && !error; x++) {
		struct pre *p = &pre[m];
		const char *index = x ? pkgs[i]->extra_indexes[x - 1]
				      : choose_index(opts, pkgs[i]);

		p->rs = (struct resolve){opts, pkgs[i], NULL, NULL, NULL, NULL,
					 NULL, NULL, NULL, false,
					 LG_INDEX_DOC_INIT};
		p->cached = (struct lg_index_doc)LG_INDEX_DOC_INIT;
		if (x == nextras(pkgs[i])) {
			i++;
			x = (size_t)-1;
		}
		/* A package whose URL cannot be built fails again, with its
		 * message, when it is resolved. */
		if ((error = set_urls_at(&p->rs, index)) < 0 ||
		    find_doc(docs, p->rs.doc_url, p->rs.accept)) {
			resolve_dispose(&p->rs);
			error = error == LG_ENOMEM ? error : 0;
			lg_error_clear();
			continue;
		}
		reqs[m] = (struct lg_fetch_request)LG_FETCH_REQUEST_INIT(LG_MAX_JSON_BYTES);
		lg_buf_init(&reqs[m].body, LG_MAX_JSON_BYTES);
		docs->v[m].doc = (struct lg_index_doc)LG_INDEX_DOC_INIT;
		docs->v[m].accept = p->rs.accept;
		if (!(docs->v[m].url = lg__strdup(p->rs.doc_url)))
			error = lg_error_oom();
		docs->n = ++m;
		if (!error)
			error = plan_one(p, &reqs[m - 1]);
	}
	if (!error && m && opts->fetch.offline)
		offline_answers(pre, reqs, m);
	else if (!error && m)
		error = lg_fetch_batch(reqs, m, 0, &opts->fetch);
	for (size_t i = 0; i < m && !error; i++)
		error = settle_one(&docs->v[i], &pre[i], &reqs[i]);
done:
	for (size_t i = 0; pre && i < m; i++) {
		resolve_dispose(&pre[i].rs);
		lg_index_doc_dispose(&pre[i].cached);
		for (size_t k = 0; k < 3; k++)
			lg__free(pre[i].hdr[k]);
		lg_fetch_request_dispose(&reqs[i]);
	}
	lg__free(pre);
	lg__free(reqs);
	if (error < 0)
		lg_engine__docs_dispose(docs);
	return error;
}

/* The document: prefetched, else revalidated from the cache (304) or
 * fetched anew. */
static int get_document(struct resolve *rs, const struct lg_engine__docs *docs)
{
	const char *dir = rs->opts->cache_dir;
	const struct lg_engine__doc *pd = find_doc(docs, rs->doc_url, rs->accept);
	struct lg_index_doc cached = LG_INDEX_DOC_INIT;
	struct lg_fetch_response resp = LG_FETCH_RESPONSE_INIT;
	struct lg_fetch_doc_request req = {rs->doc_url, rs->accept, NULL, NULL};
	struct lg_buf body = LG_BUF_INIT(LG_MAX_JSON_BYTES);
	bool have = false;
	int error;

	if (pd && pd->error == LG_ETOOBIG)
		return lg_error_toobig("%s", pd->message);
	if (pd && pd->error == LG_EINVALID)
		return lg_error_invalid(LG_ERRCLASS_NET, "%s", pd->message);
	if (pd && pd->error < 0) {
		lg_error_set(LG_ERRCLASS_NET, "%s", pd->message);
		return pd->error;
	}
	if (pd)
		return copy_doc(&rs->doc, &pd->doc) < 0 ? lg_error_oom() : 0;
	if (dir && lg_index_cache_get(&cached, dir, rs->doc_shown, rs->accept) == 0) {
		have = true;
		req.if_none_match = cached.etag;
		req.if_modified_since = cached.last_modified;
	}
	lg_error_clear();
	if (rs->opts->fetch.offline) {
		/* The cached copy as is, or nothing: no request is sent. */
		if (!have) {
			lg_error_set(LG_ERRCLASS_NET, "'%s': not in the "
				     "index-document cache (--offline)",
				     rs->doc_shown);
			error = LG_ENET;
			goto done;
		}
		resp.status = 304;
	} else if ((error = lg_fetch_doc(&body, &resp, &rs->opts->fetch, &req)) < 0)
		goto done;
	error = take_answer(&rs->doc, &cached, have, &resp, &body, rs->doc_url,
			    rs->doc_shown, rs->accept, dir);
done:
	lg_buf_dispose(&body);
	lg_fetch_response_dispose(&resp);
	lg_index_doc_dispose(&cached);
	return error;
}

/* Parses the document; the release checks read it whole (a Simple API
 * page lists every release) before the locked version's files are kept. */
static int parse_document(struct lg_release **out, struct resolve *rs,
			  struct lg_result *r, const struct lg_engine_ctx *ctx,
			  bool *no_times)
{
	const struct lg_buf *b = &rs->doc.body;
	int error;

	if (rs->json_api) {
		if ((error = lg_index_parse_release(out, b->ptr, b->len,
						    rs->doc_shown)) < 0)
			return error;
		return no_times ? lg_engine__release_checks(r, no_times, rs->opts,
							    rs->pkg, *out, false,
							    ctx)
				: 0;
	}
	if ((error = lg_index_parse_simple(out, rs->doc.content_type, b->ptr,
					   b->len, rs->doc_shown)) < 0 ||
	    (no_times &&
	     (error = lg_engine__release_checks(r, no_times, rs->opts, rs->pkg,
						*out, true, ctx)) < 0) ||
	    (error = lg_release_select(*out, rs->pkg->name, rs->pkg->version)) < 0)
		return error;
	if (!(*out)->nfiles) {
		lg_error_set(LG_ERRCLASS_SOURCE, "'%s' lists no file of %s %s",
			     rs->doc_shown, rs->pkg->name, rs->pkg->version);
		return LG_ENOTFOUND;
	}
	return 0;
}

/* index.yanked: the locked version (or some of its files) was withdrawn. */
static int yanked_finding(struct resolve *rs, const struct lg_release *rel,
			  struct lg_result *r, const struct lg_engine_ctx *ctx)
{
	const char *reason = NULL;
	size_t n = 0;
	char msg[512];

	for (size_t i = 0; i < rel->nfiles; i++) {
		if (!rel->files[i].yanked)
			continue;
		n++;
		if (!reason && rel->files[i].yanked_reason)
			reason = rel->files[i].yanked_reason;
	}
	if (!n)
		return 0;
	snprintf(msg, sizeof(msg), "%s==%s is yanked on '%.200s' (%zu of %zu "
		 "files)%s%.200s%s", rs->pkg->name, rs->pkg->version, rs->shown,
		 n, rel->nfiles, reason ? ": \"" : "", reason ? reason : "",
		 reason ? "\"" : "");
	return add_finding(r, ctx, LG_RULE_INDEX_YANKED, LG_SEV_LOW, msg);
}

/* File URLs become absolute (against the page, after redirects); those on
 * the index's own origin get its credentials, as pip does. */
static int absolute_urls(struct lg_release *rel, struct resolve *rs,
			 bool *any_http)
{
	const char *base = rs->doc.url ? rs->doc.url : rs->doc_shown;
	char *abs = NULL;
	int error = 0;

	for (size_t i = 0; i < rel->nfiles && !error; i++) {
		struct lg_index_file *f = &rel->files[i];

		if ((error = lg_url_resolve(&abs, base, f->url)) < 0)
			break;
		*any_http |= is_http(abs);
		if (!lg_url_has_credentials(abs) && (rs->user || rs->password) &&
		    lg_url_same_origin(abs, rs->index)) {
			lg__free(f->url);
			f->url = NULL;
			if ((error = lg_url_set_credentials(&f->url, abs,
							    rs->user ? rs->user : "",
							    rs->password ? rs->password
									 : "")) < 0)
				break;
			lg__free(abs);
		} else {
			lg__free(f->url);
			f->url = abs;
		}
		abs = NULL;
	}
	lg__free(abs);
	return error;
}

/* One index's answer for pkg: the files of its locked version. */
struct on_index {
	struct resolve rs;
	struct lg_release *rel; /* NULL: see error */
	int error;
	bool exists;            /* the index has a document for the name */
};

static int read_index(struct on_index *o, const char *index,
		      const struct lg_engine__docs *docs, struct lg_result *r,
		      const struct lg_engine_ctx *ctx, bool *no_times)
{
	if ((o->error = set_urls_at(&o->rs, index)) < 0 ||
	    (o->error = get_document(&o->rs, docs)) < 0)
		return o->error;
	o->exists = true;
	return o->error = parse_document(&o->rel, &o->rs, r, ctx, no_times);
}

/* Whether rel lists a file the lock pins by sha256 (any file when the
 * lock has no sha256). */
static bool has_locked_file(const struct lg_pkg *pkg, const struct lg_release *rel)
{
	bool any = false;

	for (size_t i = 0; rel && i < rel->nfiles; i++)
		for (size_t k = 0; k < pkg->nhashes; k++) {
			if (strncmp(pkg->hashes[k], "sha256:", 7) != 0)
				continue;
			any = true;
			if (rel->files[i].sha256 &&
			    lg_hex_equal(rel->files[i].sha256, pkg->hashes[k] + 7))
				return true;
		}
	return rel && rel->nfiles && !any;
}

/* Whether every file (by sha256) of a is in b. */
static bool files_within(const struct lg_release *a, const struct lg_release *b)
{
	for (size_t i = 0; a && i < a->nfiles; i++) {
		bool found = false;

		for (size_t j = 0; b && j < b->nfiles && !found; j++)
			found = a->files[i].sha256 && b->files[j].sha256 &&
				lg_hex_equal(a->files[i].sha256, b->files[j].sha256);
		if (!found)
			return false;
	}
	return true;
}

/* policy.extra-index raised to high: the name is on more than one of the
 * indexes pip asks and they do not list the same files for the locked
 * version. The lock policy's finding for the option (low/medium) is
 * raised in place, so the user reads one finding. */
static int confusion_finding(const struct on_index *ix, size_t n,
			     const struct lg_pkg *pkg, struct lg_result *r,
			     const struct lg_engine_ctx *ctx)
{
	size_t on = 0, a = SIZE_MAX, b = SIZE_MAX;
	char msg[768];
	struct lg_findings *f = &r->findings;

	for (size_t i = 0; i < n; i++) {
		if (!ix[i].exists)
			continue;
		on++;
		if (a == SIZE_MAX)
			a = i;
		else if (b == SIZE_MAX &&
			 (!files_within(ix[a].rel, ix[i].rel) ||
			  !files_within(ix[i].rel, ix[a].rel)))
			b = i;
	}
	if (on < 2 || b == SIZE_MAX)
		return 0;
	snprintf(msg, sizeof(msg), "%s is on %zu of the indexes pip asks, which "
		 "list different files for %s ('%.200s' and '%.200s'): pip takes "
		 "the highest version from any of them, so whoever publishes the "
		 "name on the other index chooses the code (dependency "
		 "confusion)%s", pkg->name, on, pkg->version, ix[a].rs.shown,
		 ix[b].rs.shown, pkg->nhashes ? "; the lock's hashes still pin "
						"the file" : "");
	for (size_t i = 0; i < f->n; i++) {
		struct lg_finding *g = &f->v[i];
		char *m;

		if (strcmp(g->rule, LG_RULE_POLICY_EXTRA_INDEX) != 0 ||
		    !g->package || strcmp(g->package, ctx->package) != 0 ||
		    g->lockfile_line != ctx->lockfile_line)
			continue;
		if (!(m = lg__strdup(msg)))
			return lg_error_oom();
		lg__free(g->message);
		g->message = m;
		g->severity = LG_SEV_HIGH;
		return 0;
	}
	return add_finding(r, ctx, LG_RULE_POLICY_EXTRA_INDEX, LG_SEV_HIGH, msg);
}

/* The release checks of the index that won, when it was not read with
 * them (extra indexes are read without: only the winner's page counts). */
static int winner_release_checks(struct on_index *w, struct lg_result *r,
				 const struct lg_engine_ctx *ctx, bool *no_times)
{
	const struct lg_buf *b = &w->rs.doc.body;
	struct lg_release *page = NULL;
	int error;

	if (!no_times)
		return 0;
	if (w->rs.json_api)
		return lg_engine__release_checks(r, no_times, w->rs.opts,
						 w->rs.pkg, w->rel, false, ctx);
	if ((error = lg_index_parse_simple(&page, w->rs.doc.content_type, b->ptr,
					   b->len, w->rs.doc_shown)) == 0)
		error = lg_engine__release_checks(r, no_times, w->rs.opts,
						  w->rs.pkg, page, true, ctx);
	lg_release_free(page);
	return error;
}

int lg_engine__resolve(struct lg_release **out, char **doc_url,
		       const struct lg_engine_options *opts,
		       const struct lg_engine__docs *docs,
		       const struct lg_pkg *pkg, struct lg_result *r,
		       const struct lg_engine_ctx *ctx, bool *no_times)
{
	struct on_index ix[1 + LG_MAX_EXTRA_INDEXES];
	size_t n = 1 + (nextras(pkg) < LG_MAX_EXTRA_INDEXES ? nextras(pkg)
							    : LG_MAX_EXTRA_INDEXES);
	size_t win = 0;
	struct lg_error first = {LG_ERRCLASS_NONE, ""};
	struct resolve *rs;
	struct lg_release *rel = NULL;
	bool any_http = false;
	int error = 0;

	*out = NULL;
	*doc_url = NULL;
	for (size_t i = 0; i < n; i++)
		ix[i] = (struct on_index){{opts, pkg, NULL, NULL, NULL, NULL, NULL,
					   NULL, NULL, false, LG_INDEX_DOC_INIT},
					  NULL, 0, false};
	/* The primary index; then, for a requirements file with
	 * --extra-index-url, every extra index: the first that lists a file
	 * with the lock's hash wins (pip would find it there too). */
	read_index(&ix[0], choose_index(opts, pkg), docs, r, ctx,
		   n == 1 ? no_times : NULL);
	if (ix[0].error == LG_ENOMEM) {
		error = ix[0].error;
		goto done;
	}
	if (ix[0].error < 0)
		first = *lg_error_last();
	win = has_locked_file(pkg, ix[0].rel) ? 0 : SIZE_MAX;
	for (size_t i = 1; i < n; i++) {
		if (read_index(&ix[i], pkg->extra_indexes[i - 1], docs, r, ctx,
			       NULL) == LG_ENOMEM) {
			error = LG_ENOMEM;
			goto done;
		}
		lg_error_clear(); /* an extra index pip cannot read is skipped */
		if (win == SIZE_MAX && has_locked_file(pkg, ix[i].rel))
			win = i;
	}
	if (n > 1 && (error = confusion_finding(ix, n, pkg, r, ctx)) < 0)
		goto done;
	if (win == SIZE_MAX) /* the lock's files are nowhere: as the primary says */
		win = 0;
	if ((error = ix[win].error) < 0) {
		if (error != LG_ENOMEM)
			lg_error_set(first.klass, "%s", first.message);
		goto done;
	}
	if (n > 1 && (error = winner_release_checks(&ix[win], r, ctx, no_times)) < 0)
		goto done;
	rs = &ix[win].rs;
	rel = ix[win].rel;
	ix[win].rel = NULL;
	if ((error = absolute_urls(rel, rs, &any_http)) < 0)
		goto done;
	if ((error = yanked_finding(rs, rel, r, ctx)) < 0)
		goto done;
	if ((is_http(rs->index) || any_http) &&
	    (error = insecure_finding(rs, r, ctx, is_http(rs->index)
							  ? "the index is read"
							  : "files are downloaded")) < 0)
		goto done;
	*doc_url = rs->doc.url ? rs->doc.url : rs->doc_shown;
	if (*doc_url == rs->doc.url)
		rs->doc.url = NULL;
	else
		rs->doc_shown = NULL;
	*out = rel;
	rel = NULL;
done:
	lg_release_free(rel);
	for (size_t i = 0; i < n; i++) {
		lg_release_free(ix[i].rel);
		resolve_dispose(&ix[i].rs);
	}
	return error;
}
