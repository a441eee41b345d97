/* SPDX-License-Identifier: MIT */
/* The only orchestrator: diff -> index -> fetch -> verify -> scan -> policy. */
#ifndef LG_INCLUDE_ENGINE_H
#define LG_INCLUDE_ENGINE_H

#include "lg/config.h"
#include "lg/fetch.h"
#include "lg/model.h"
#include "lg/policy.h"
#include "lg/provenance.h"

struct lg_engine_options {
	const char *repo;        /* NULL: current directory */
	const char *base;        /* revision */
	bool base_is_default;    /* unresolvable default base = empty tree */
	const char *head;        /* revision (ignored when staged) */
	bool staged;             /* compare base with the git index */
	const char *index_file;  /* GIT_INDEX_FILE or NULL */
	const char *index_url;   /* default index: a Simple API root, or a PyPI
				  * JSON API root (.../pypi); NULL: PyPI's
				  * https://pypi.org/simple/. A lock entry's
				  * own (non-PyPI) index wins over it. */
	const struct lg_netrc *netrc; /* credentials by host, or NULL */
	const char *cache_dir;   /* NULL: no cache */
	struct lg_fetch_options fetch;
	struct lg_policy policy;
	bool diff_only;          /* lockgate diff: changes only, no network */
	/* The configuration (discovery paths, and the keys later stages
	 * read: allowed_index_hosts, cooldown_*, provenance_*; see
	 * lg/config.h); NULL: defaults. Borrowed. */
	const struct lg_config *config;
	/* ${VAR} in requirements files, as pip expands it (cmd passes the
	 * process environment); NULL: left as written. */
	const char *(*env)(const char *name, void *payload);
	unsigned jobs;           /* parallel downloads; 0 or 1: one at a time
				  * (config jobs; the fetcher's --jobs) */
	bool full_download;      /* never read wheels lazily */
	size_t max_file_bytes;   /* one download, 0: LG_MAX_ARTIFACT_BYTES
				  * (a larger value is clamped to it) */
	/* Progress of the artifact downloads (cmd renders it; core never
	 * prints). NULL: none. */
	lg_fetch_progress_fn progress;
	void *progress_payload;
	/* Lock policy: hosts registry entries may come from (none: any). */
	const char *const *allowed_index_hosts;
	size_t nallowed_index_hosts;
	/* A directory tree of OSV JSON records (ossf/malicious-packages), or
	 * NULL; read once per check, capped (LG_MAX_OSV_*). */
	const char *malware_db;
	/* OSV API base (https://api.osv.dev): changed versions are looked up
	 * with POST {osv_url}/v1/querybatch; NULL: no query. */
	const char *osv_url;
	/* Provenance (PEP 740) of the changed files. */
	bool no_provenance;      /* do not fetch or verify it */
	const char *trusted_root; /* Sigstore trusted_root.json; NULL: shipped */
	const char *const *require_provenance; /* canonical names, besides the */
	size_t nrequire_provenance;            /* configuration's require */
	bool require_provenance_all;           /* or the configuration's */
	/* Not NULL: filled with the new .lockgate/publishers.json when
	 * publishers were pinned on first use (the caller writes it). */
	struct lg_buf *pins_out;
	/* Release checks from the index's upload times (release.cooldown,
	 * release.first, release.dormant). now: the time of the check in
	 * seconds since the epoch, set by cmd (0: the checks are skipped).
	 * cooldown_days: a pinned file uploaded less than this many days
	 * before now is release.cooldown (0: no cooldown); cmd sets it from
	 * --cooldown-days, else the config's cooldown-days.
	 * cooldown_exempt: names never held by the cooldown (compared
	 * PEP 503-canonically; --cooldown-exempt, else the config's).
	 * dormant_days: a release this many days after the one before it is
	 * release.dormant (0: not checked; cmd's default 180). */
	int64_t now;
	unsigned cooldown_days;
	const char *const *cooldown_exempt;
	size_t ncooldown_exempt;
	unsigned dormant_days;
};

/* Checks the packages changed between two revisions. Returns 0 with *out
 * set whenever a result could be built (its verdict may be incomplete);
 * LG_EUSAGE for a bad revision; another negative code when nothing could be
 * checked at all (not a repository, out of memory). */
LG_EXTERN(int) lg_engine_check(struct lg_result **out,
			      const struct lg_engine_options *opts)
	LG_WARN_UNUSED;

/* Scans local archive files; no network. Same return contract. */
LG_EXTERN(int) lg_engine_scan(struct lg_result **out,
			     const struct lg_engine_options *opts,
			     char *const *paths, size_t npaths) LG_WARN_UNUSED;

/* Parses lock files on disk (includes are read from disk, relative to the
 * including file; env, when not NULL, expands requirements files' ${VAR}
 * as pip does). Returns 0 with *out set; LG_EUNSUPPORTED for a file no
 * format reads; the parser's error for a malformed file. */
LG_EXTERN(int) lg_engine_deps(struct lg_deps **out, char *const *paths,
			     size_t npaths,
			     const char *(*env)(const char *name, void *payload))
	LG_WARN_UNUSED;

/* lockgate provenance verify: reads the files, hashes the artifact and
 * verifies offline (no network). */
struct lg_engine_prov_options {
	const char *provenance;   /* a PyPI provenance file, or */
	const char *bundle;       /* a Sigstore bundle file, or */
	const char *signature;    /* a detached base64 signature (exactly one) */
	const char *certificate;  /* with --signature: the PEM leaf */
	const char *sha256;       /* the artifact's digest (hex), or */
	const char *artifact;     /* the artifact file (at most one) */
	const char *name;         /* subject file name; default: artifact's base name */
	const char *trusted_root; /* NULL: the trusted root shipped with lockgate */
	const char *identity;     /* SAN the leaf must carry */
	const char *issuer;       /* OIDC issuer */
	int64_t at;               /* != 0: chain validated at this time */
	unsigned min_times;       /* verified time sources required (0: 1) */
};
/* Returns 0 with *out set: out->verified is the verdict, out->error says
 * why the document was rejected at load. LG_EUSAGE (message set) for a
 * file that cannot be read, a malformed digest or an unusable trusted
 * root; LG_ENOMEM. */
LG_EXTERN(int) lg_engine_provenance_verify(struct lg_prov_run **out,
					   const struct lg_engine_prov_options *o)
	LG_WARN_UNUSED;

#endif
