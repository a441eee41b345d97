/* SPDX-License-Identifier: MIT */
#ifndef LG_ENGINE_PRIVATE_H
#define LG_ENGINE_PRIVATE_H

#include "lg/engine.h"
#include "lg/index.h"
#include "lg/hash.h"
#include "lg/lockfile.h"

/* Where findings about one package come from. */
struct lg_engine_ctx {
	const char *package, *version;
	const char *lockfile;
	size_t lockfile_line;
	bool sdist_build; /* pip builds this sdist: report its build requires */
};

struct lg_engine__lazy;
struct lg_engine__docs;

/* Member paths of an archive, as stored (the sdist side of C15). */
struct lg_engine__names {
	char **v;
	size_t n, cap;
};
int lg_engine__names_add(struct lg_engine__names *n, const char *path);
void lg_engine__names_dispose(struct lg_engine__names *n);

/* One file to download, verify and scan (lockgate check). */
struct lg_engine__job {
	/* in: set when the release is resolved */
	const struct lg_pkg *pkg;
	const struct lg_index_file *file;  /* borrowed from its release */
	struct lg_engine_ctx ctx;
	char *url;              /* absolute URL of the file (owned) */
	size_t artifact;        /* its row in the result */
	bool lazy_ok;           /* a wheel whose lock hash is the index digest */
	struct lg_engine__names names; /* an sdist's member paths (C15) */
	bool names_ok;          /* names is the whole sdist's */
	size_t transition;      /* 1 + index of the upgrade this old-version
				 * file is compared for; 0: a changed file */
	/* out: set by lg_engine__download */
	struct lg_buf body;     /* the whole file, when read in full */
	char got[LG_SHA256_HEX_LEN + 1]; /* sha256 of body */
	bool from_cache;        /* body came from the cache (already verified) */
	struct lg_engine__lazy *lazy; /* members read by range, or NULL */
	int error;              /* 0 or negative: the file could not be read */
	char *message;          /* why (owned), when error < 0 */
	/* provenance (provcheck.c) */
	char *prov_url;         /* where its provenance is, or NULL (owned) */
	struct lg_buf prov;     /* the document served */
	bool prov_served;       /* prov holds an answer (2xx) */
	int prov_error;         /* 0, LG_ENOTFOUND (none), or the failure */
	char *prov_message;     /* why, for another failure (owned) */
};

/* Gets every job's bytes: cache hits first, then one parallel batch of
 * downloads (lazy wheels by range requests, the rest in full). Per-job
 * failures are recorded in the job; returns 0 or LG_ENOMEM. */
int lg_engine__download(struct lg_engine__job *jobs, size_t n,
			const struct lg_engine_options *opts) LG_WARN_UNUSED;
void lg_engine__job_dispose(struct lg_engine__job *job);

/* Judges the members a lazy read got, like lg_engine__scan_artifact. */
int lg_engine__scan_lazy(struct lg_result *r, size_t artifact,
			 const struct lg_policy *policy,
			 const struct lg_engine__lazy *lazy,
			 const struct lg_engine_ctx *ctx);

/* Walks the archive in buf and adds its findings; sets the verdict of
 * artifact (block or incomplete; pass is left as is). Only LG_ENOMEM is
 * returned as an error; anything else is recorded in r. */
int lg_engine__scan_artifact(struct lg_result *r, size_t artifact,
			     const struct lg_policy *policy, const char *buf,
			     size_t len, const struct lg_engine_ctx *ctx);
/* The same, and every member path goes into names (NULL: none). */
int lg_engine__scan_artifact_names(struct lg_result *r, size_t artifact,
				   const struct lg_policy *policy,
				   const char *buf, size_t len,
				   const struct lg_engine_ctx *ctx,
				   struct lg_engine__names *names);

/* Reports what the changed pyproject.toml files of d ask pip to install
 * that no lock file of the new revision pins (lock.dep-not-locked), and
 * their build requirements (lock.build-requires-unpinned). io reads the
 * new revision. Returns 0 or LG_ENOMEM; a pyproject.toml that cannot be
 * read makes r incomplete. */
struct lg_gitdiff;
struct lg_lockfile_io;
int lg_engine__pyprojects(struct lg_result *r, const struct lg_gitdiff *d,
			  const struct lg_lockfile_io *io);

/* The files of pkg's locked version on its index (see resolve.c for which
 * index and which API). File URLs in *out are absolute and carry the
 * index's credentials when they are on its origin; *doc_url is the
 * redacted URL of the index document. An index.insecure-http finding is
 * added to r for a plain-http index. Returns 0; LG_ENOTFOUND when the index
 * lists no file of that version; the fetch and parser errors otherwise
 * (messages never hold credentials). docs: prefetched documents, or NULL
 * (fetched here). no_times: NULL, or the release checks run
 * (lg_engine__release_checks) and say here whether the index gave no
 * upload times. Ownership: *out and *doc_url new. */
int lg_engine__resolve(struct lg_release **out, char **doc_url,
		       const struct lg_engine_options *opts,
		       const struct lg_engine__docs *docs,
		       const struct lg_pkg *pkg, struct lg_result *r,
		       const struct lg_engine_ctx *ctx, bool *no_times);

/* Index documents fetched ahead of the resolve phase: every package's
 * document in one parallel lg_fetch_batch, with the conditional headers
 * of the index-document cache (a 304 reuses the cached copy). A document
 * that failed keeps its error, which lg_engine__resolve reports as a
 * sequential fetch would have. */
struct lg_engine__doc;
struct lg_engine__docs {
	struct lg_engine__doc *v;
	size_t n;
};
#define LG_ENGINE_DOCS_INIT {NULL, 0}
/* Fetches the documents of pkgs[0, n) (a document several packages share,
 * as a Simple API project page of an upgrade's two versions, once).
 * Packages whose URL cannot be built are left to lg_engine__resolve.
 * Returns 0 or LG_ENOMEM. Ownership: lg_engine__docs_dispose. */
int lg_engine__prefetch(struct lg_engine__docs *docs,
			const struct lg_engine_options *opts,
			const struct lg_pkg *const *pkgs, size_t n) LG_WARN_UNUSED;
void lg_engine__docs_dispose(struct lg_engine__docs *docs);

/* An RFC 3339 time ("2026-11-28T00:00:00Z", fractions, +hh:mm offsets;
 * no zone is UTC, as PyPI's upload_time) into seconds since the epoch.
 * Returns 0 or LG_EINVALID (no error set; *out is -1). */
int lg_engine__parse_time(int64_t *out, const char *s);

/* The release checks of pkg (release.cooldown, release.first,
 * release.dormant; see lg_release_check) from page: a Simple API project
 * page (whole_project: every release of the project) or a PyPI JSON API
 * release document (only the locked release: cooldown only). Findings go
 * to r on the lock-file line of ctx. Nothing is checked when opts->now is
 * 0; *no_times is set when page has files and no upload time (an HTML
 * page). Returns 0 or LG_ENOMEM. */
int lg_engine__release_checks(struct lg_result *r, bool *no_times,
			      const struct lg_engine_options *opts,
			      const struct lg_pkg *pkg,
			      const struct lg_release *page, bool whole_project,
			      const struct lg_engine_ctx *ctx) LG_WARN_UNUSED;

/* Provenance of the changed files (provcheck.c). begin loads the trusted
 * root and the pins of both revisions (base and head read them): a pin
 * the change edits or removes is reported (provenance.pin-changed) and
 * the base revision's pin is what files are compared with; LG_EINVALID
 * for an unusable pin file or trusted root. */
struct lg_engine__prov;
int lg_engine__prov_begin(struct lg_engine__prov **out, struct lg_result *r,
			  const struct lg_engine_options *opts,
			  const struct lg_lockfile_io *base,
			  const struct lg_lockfile_io *head) LG_WARN_UNUSED;
void lg_engine__prov_free(struct lg_engine__prov *p);
/* The provenance URL of a file: the index's own (PEP 740 "provenance"),
 * else the Integrity API under the index root of doc_url; *out NULL when
 * the document URL has no known root. */
int lg_engine__prov_url(char **out, const char *doc_url, const char *project,
			const char *version, const struct lg_index_file *file)
	LG_WARN_UNUSED;
/* One capped parallel batch for the jobs' provenance URLs (changed files
 * and the old-version files of upgrades that were read). Per-job outcomes
 * in prov*; returns 0 or LG_ENOMEM. */
int lg_engine__prov_fetch(struct lg_engine__job *jobs, size_t n,
			  const struct lg_engine_options *opts) LG_WARN_UNUSED;
/* What one file's provenance showed, kept for the comparison of an
 * upgrade's new file with the old version's file. */
enum lg_engine__prov_state {
	LG_ENGINE__PROV_UNKNOWN,  /* not asked, not answered, or unverifiable */
	LG_ENGINE__PROV_ABSENT,   /* the index serves none */
	LG_ENGINE__PROV_VERIFIED, /* publisher holds who built it */
};
struct lg_engine__prov_seen {
	enum lg_engine__prov_state state;
	struct lg_prov_publisher publisher; /* owned copy */
	char *filename;                     /* owned copy */
};
void lg_engine__prov_seen_dispose(struct lg_engine__prov_seen *s);
/* Verifies one job's provenance against sha256 (of the bytes, or the
 * lock's digest for a lazy read) and the pins; adds provenance.* findings
 * (or a run error for an unanswered pinned/required one). When seen is
 * not NULL, it receives the outcome. */
int lg_engine__prov_check(struct lg_engine__prov *p, struct lg_result *r,
			  const struct lg_engine__job *j, const char *sha256,
			  struct lg_engine__prov_seen *seen) LG_WARN_UNUSED;
/* The outcome for an old-version file (j->transition != 0), verified
 * against its own digest; reports nothing. */
int lg_engine__prov_observe(struct lg_engine__prov *p,
			    const struct lg_engine__job *j, const char *sha256,
			    struct lg_engine__prov_seen *seen) LG_WARN_UNUSED;
/* An upgrade or downgrade of a package no pin names: the new file's
 * provenance against the old version's file (provenance.dropped,
 * provenance.publisher-changed). ctx is the new version's. */
int lg_engine__prov_compare(struct lg_engine__prov *p, struct lg_result *r,
			    const struct lg_engine_ctx *ctx, const char *old_version,
			    const struct lg_engine__prov_seen *old_seen,
			    const struct lg_engine__prov_seen *new_seen) LG_WARN_UNUSED;
/* Writes the pins to opts->pins_out when new ones were recorded. */
int lg_engine__prov_end(struct lg_engine__prov *p) LG_WARN_UNUSED;

/* Reads every *.json file under dir (recursively, at most LG_MAX_OSV_DEPTH
 * deep and LG_MAX_OSV_FILES files; symlinks are not followed) into a new
 * OSV db. Returns 0; LG_ENOTFOUND when dir does not exist; the first
 * record's error otherwise (the file is named). */
struct lg_osv_db;
int lg_engine__load_malware_db(struct lg_osv_db **out, const char *dir);

#endif
