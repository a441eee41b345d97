/* SPDX-License-Identifier: MIT */
/* Known-malicious versions from OSV records (the format of the OpenSSF
 * malicious-packages database: MAL-*.json). The parser is pure; reading a
 * directory of records is the engine's (engine/malware_db.c). */
#ifndef LG_INCLUDE_OSV_H
#define LG_INCLUDE_OSV_H

#include "lg/buf.h"
#include "lg/common.h"

struct lg_osv_db;

/* Ownership: *out is new (lg_osv_db_free). Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_osv_db_new(struct lg_osv_db **out) LG_WARN_UNUSED;
LG_EXTERN(void) lg_osv_db_free(struct lg_osv_db *db);

/* Adds the PyPI packages of one OSV record (a JSON object) whose id starts
 * with "MAL-" and that is not withdrawn; other records add nothing. Each
 * affected[] entry with "package": {"ecosystem": "PyPI", "name"} adds its
 * "versions" list and its ECOSYSTEM "ranges" (introduced, fixed,
 * last_affected); an entry with neither affects every version. Names are
 * PEP 503 normalised. Returns 0; LG_EINVALID for a document that is not
 * JSON or not an object, or a field of the wrong type ("origin: ...");
 * LG_ETOOBIG past LG_MAX_OSV_RECORD_BYTES, LG_MAX_OSV_RECORDS or
 * LG_MAX_OSV_VERSIONS; LG_ENOMEM. On error db keeps what it had. */
LG_EXTERN(int) lg_osv_db_add_record(struct lg_osv_db *db, const char *buf,
				   size_t len, const char *origin)
	LG_WARN_UNUSED;

/* Number of PyPI package entries held. */
LG_EXTERN(size_t) lg_osv_db_count(const struct lg_osv_db *db);

/* The id of a record that lists name (PEP 503 canonical) at version, or
 * NULL. Versions compare in PEP 440 order (lg_version_cmp). Ownership:
 * borrowed from db. */
LG_EXTERN(const char *) lg_osv_db_match(const struct lg_osv_db *db,
				       const char *name, const char *version);

/* ---- the OSV batch query API (POST {url}/v1/querybatch) ---------------- */

/* One query: a PyPI name (canonical) at a version. */
struct lg_osv_query {
	const char *name, *version;
};

/* The request body for queries [0, n) (n at most LG_MAX_OSV_BATCH) into
 * out. Returns 0, LG_ETOOBIG or LG_ENOMEM. */
LG_EXTERN(int) lg_osv_batch_request(struct lg_buf *out,
				   const struct lg_osv_query *q, size_t n)
	LG_WARN_UNUSED;

/* Reads a querybatch answer for n queries: ids[i] gets a copy of the first
 * "MAL-" id among results[i].vulns (other advisories are not malware), or
 * NULL. Every ids[i] is set (NULL on failure). Returns 0; LG_EINVALID when
 * the document is not JSON, has not exactly n results, or an id is not a
 * string ("origin: ..."); LG_ETOOBIG past LG_MAX_JSON_BYTES; LG_ENOMEM.
 * Ownership: each ids[i] is new (lg__free). */
LG_EXTERN(int) lg_osv_batch_parse(char **ids, size_t n, const char *buf,
				 size_t len, const char *origin) LG_WARN_UNUSED;

#endif
