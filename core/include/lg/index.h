/* SPDX-License-Identifier: MIT */
/* Package index documents: pure parsers and URL building. */
#ifndef LG_INCLUDE_INDEX_H
#define LG_INCLUDE_INDEX_H

#include "lg/common.h"

struct lg_index_file {
	char *filename;
	char *url;          /* as served: absolute or relative to the document */
	char *packagetype;  /* "sdist", "bdist_wheel", ... ("" if absent) */
	char *sha256;       /* lower-case hex, NULL if the index gives none */
	bool yanked;
	char *yanked_reason;   /* NULL when none was given */
	int64_t size;          /* bytes, -1 when the index does not say */
	char *upload_time;     /* as served (RFC 3339), or NULL */
	char *provenance;      /* PEP 740 provenance URL, or NULL */
	char *requires_python; /* specifier as served (entities decoded), or NULL */
	bool core_metadata;    /* a PEP 658 <url>.metadata file exists */
};

/* The files of one release (PyPI JSON API) or of one project page
 * (Simple API: every version until lg_release_select keeps one). */
struct lg_release {
	char *name, *version; /* from "info" / the page; may be NULL */
	struct lg_index_file *files;
	size_t nfiles;
};

/* Parses a PyPI JSON API release document (/pypi/<name>/<version>/json).
 * Returns 0; LG_EINVALID for malformed JSON or shapes; LG_ETOOBIG past
 * LG_MAX_JSON_BYTES or LG_MAX_INDEX_FILES. Duplicate keys are rejected. */
LG_EXTERN(int) lg_index_parse_release(struct lg_release **out, const char *buf,
				     size_t len, const char *origin)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_release_free(struct lg_release *r);

/* <index_url>/<name>/<version>/json with the name and version
 * percent-encoded. Ownership: new. */
LG_EXTERN(int) lg_index_release_url(char **out, const char *index_url,
				   const char *name, const char *version)
	LG_WARN_UNUSED;

/* ---- Simple Repository API (PEP 503 / PEP 691) ------------------------ */

#define LG_SIMPLE_JSON_TYPE "application/vnd.pypi.simple.v1+json"
/* What lockgate asks a Simple API project page for: JSON first, HTML as
 * lower-quality alternatives (servers that speak only HTML answer that). */
#define LG_SIMPLE_ACCEPT                                                  \
	"application/vnd.pypi.simple.v1+json, "                            \
	"application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

/* Parses a PEP 691 JSON project page. file URLs are left as served
 * (absolute or relative to the page); packagetype comes from the file
 * name. Returns 0; LG_EINVALID for malformed JSON or shapes;
 * LG_EUNSUPPORTED for an api-version whose major is not 1; LG_ETOOBIG past
 * LG_MAX_JSON_BYTES or LG_MAX_INDEX_FILES. */
LG_EXTERN(int) lg_index_parse_simple_json(struct lg_release **out,
					 const char *buf, size_t len,
					 const char *origin) LG_WARN_UNUSED;
/* Parses a PEP 503 HTML project page: every <a href> is a file; href
 * entities are decoded, a #<algo>=<hex> fragment is taken off (sha256 kept),
 * data-yanked / data-requires-python / data-core-metadata /
 * data-dist-info-metadata / data-provenance are read. The file name is the
 * last path segment of the href, percent-decoded (what pip uses). Same
 * return codes as lg_index_parse_simple_json (LG_MAX_INDEX_FILES anchors). */
LG_EXTERN(int) lg_index_parse_simple_html(struct lg_release **out,
					 const char *buf, size_t len,
					 const char *origin) LG_WARN_UNUSED;
/* Picks the parser by a response Content-Type (parameters ignored): the
 * v1 JSON type, else the v1 HTML type or text/html; anything else is
 * LG_EUNSUPPORTED. */
LG_EXTERN(int) lg_index_parse_simple(struct lg_release **out,
				    const char *content_type, const char *buf,
				    size_t len, const char *origin)
	LG_WARN_UNUSED;

/* <index_url>/<name>/ with name PEP 503-normalised. Ownership: new. */
LG_EXTERN(int) lg_index_simple_url(char **out, const char *index_url,
				  const char *name) LG_WARN_UNUSED;
/* Whether index_url is a PyPI JSON API root (its last path segment is
 * "pypi": https://pypi.org/pypi), rather than a Simple API root. */
LG_EXTERN(bool) lg_index_is_json_root(const char *index_url);

/* ---- file names and versions ------------------------------------------ */

/* Project and version of a wheel or sdist file name for a known project:
 * a wheel is name-version(-build)?-py-abi-plat.whl; an sdist is
 * name-version.{tar.gz,zip,tar.bz2,tar.xz,tgz}, split at the '-' after
 * which the prefix normalises to project (legacy names with '-'). On a
 * match *version_out points into filename (length *version_len) and
 * *is_wheel says which kind. Returns false for anything else. */
LG_EXTERN(bool) lg_dist_file_matches(const char *filename, const char *project,
				    const char **version_out,
				    size_t *version_len, bool *is_wheel);

/* PEP 440 equality of two versions after canonicalisation: case, 'v'
 * prefix, separators, spelled-out pre/post/dev words, implicit numbers and
 * trailing release zeros ("1.0" == "1.0.0" == "V1.0", "1.0" != "1.0.post0",
 * "1.0a1" == "1.0.alpha.1"; local labels compare case- and separator-
 * insensitively). Strings that are not PEP 440 compare as equal only when
 * byte-identical. */
LG_EXTERN(bool) lg_version_equal(const char *a, size_t alen, const char *b,
				 size_t blen);

/* Keeps in rel only the files of project's version (by file name, with
 * lg_dist_file_matches and lg_version_equal), in order. Returns 0 or
 * LG_ENOMEM. */
LG_EXTERN(int) lg_release_select(struct lg_release *rel, const char *project,
				 const char *version) LG_WARN_UNUSED;

/* ---- netrc ------------------------------------------------------------- */

/* A parsed netrc file (machine/default with login/password/account; macdef
 * bodies are skipped). Ownership: lg_netrc_free. */
struct lg_netrc;

/* Parses netrc text. Returns 0; LG_EINVALID for a token with no value;
 * LG_ETOOBIG past LG_MAX_NETRC_BYTES, LG_MAX_NETRC_ENTRIES or a token longer
 * than LG_MAX_NETRC_TOKEN. Messages never quote a password. */
LG_EXTERN(int) lg_netrc_parse(struct lg_netrc **out, const char *buf,
			     size_t len) LG_WARN_UNUSED;
LG_EXTERN(void) lg_netrc_free(struct lg_netrc *n);
/* Login and password for host (case-insensitive), else the default entry.
 * Returns false when neither exists or the entry has no password.
 * Ownership: borrowed from n. */
LG_EXTERN(bool) lg_netrc_lookup(const struct lg_netrc *n, const char *host,
				const char **login, const char **password);

#endif
