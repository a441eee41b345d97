/* SPDX-License-Identifier: MIT */
/* PEP 740 provenance and Sigstore bundles, verified offline (FORMATS.md
 * section 9). Parsing is pure (jansson); verification uses OpenSSL, which
 * lives in this module and in hash/ only. Nothing here reads files, the
 * clock or the network: the caller hands over bytes and the trust root. */
#ifndef LG_INCLUDE_PROVENANCE_H
#define LG_INCLUDE_PROVENANCE_H

#include "lg/buf.h"
#include "lg/common.h"

#define LG_PROV_SHA256_HEX 64

/* Owned bytes (lg__free). */
struct lg_prov_bytes {
	unsigned char *ptr;
	size_t len;
};

/* The first transparency-log entry of a bundle (protobuf-JSON
 * TransparencyLogEntry). int64s come as JSON strings. */
struct lg_prov_tlog {
	int64_t log_index;         /* global index, used by the SET */
	struct lg_prov_bytes key_id;
	char *kind, *version;      /* kindVersion */
	int64_t integrated_time;   /* 0 when absent (Rekor v2) */
	struct lg_prov_bytes set;  /* inclusionPromise.signedEntryTimestamp; len 0: absent */
	int64_t proof_index;       /* inclusionProof.logIndex (shard position) */
	int64_t tree_size;
	struct lg_prov_bytes root_hash;
	struct lg_prov_bytes *hashes; /* audit path, leaf to root */
	size_t nhashes;
	char *checkpoint;          /* checkpoint.envelope, UTF-8 */
	char *body_b64;            /* canonicalizedBody exactly as given */
	struct lg_prov_bytes body; /* its decoded bytes (the log leaf) */
};

enum lg_prov_content {
	LG_PROV_MESSAGE_SIGNATURE, /* hashedrekord: signature over a file digest */
	LG_PROV_DSSE,              /* DSSE envelope (in-toto statement) */
};

/* One signed object: a Sigstore bundle (v0.1-v0.3) or one PyPI attestation
 * (media_minor 0). Everything is decoded; nothing is verified. */
struct lg_prov_bundle {
	int media_minor;             /* 1..3 for bundles, 0 for a PyPI attestation */
	struct lg_prov_bytes cert;   /* leaf certificate, DER */
	enum lg_prov_content content;
	struct lg_prov_bytes digest; /* messageDigest (SHA2_256) */
	struct lg_prov_bytes signature;
	char *payload_type;          /* DSSE */
	struct lg_prov_bytes payload;/* DSSE payload: the statement's exact bytes */
	struct lg_prov_tlog tlog;
	struct lg_prov_bytes *timestamps; /* RFC 3161 TimeStampResp, DER */
	size_t ntimestamps;
};

/* Parses a Sigstore bundle. Rejects (LG_EINVALID, message says why) an
 * unknown media type, an empty certificate chain, no or several log
 * entries, an inclusion proof without checkpoint, no source of signed time
 * (neither inclusion promise nor timestamp), or not exactly one of
 * messageSignature / dsseEnvelope (with one signature). LG_ETOOBIG past the
 * LG_MAX_PROV_* caps. *out is new (lg_prov_bundle_free). */
LG_EXTERN(int) lg_prov_bundle_parse(struct lg_prov_bundle **out, const char *json,
				    size_t len) LG_WARN_UNUSED;
LG_EXTERN(void) lg_prov_bundle_free(struct lg_prov_bundle *b);

/* The publisher a provenance names (section 10); absent keys are NULL. */
struct lg_prov_publisher {
	char *kind;               /* "GitHub", "GitLab", "Google", ... */
	char *repository;         /* GitHub, GitLab */
	char *workflow;           /* GitHub: file name */
	char *workflow_filepath;  /* GitLab */
	char *environment;
	char *email;              /* Google */
};

/* A PyPI provenance object (Integrity API answer). */
struct lg_prov_document {
	struct lg_prov_doc_bundle {
		struct lg_prov_publisher publisher;
		struct lg_prov_bundle **attestations;
		size_t nattestations;
	} *bundles;
	size_t nbundles;
};

/* Parses a provenance object: version 1, at least one bundle, attestations
 * of version 1 with a certificate, a statement, a signature and at least one
 * transparency entry (only the first is used). Unknown publisher kinds are
 * kept, not rejected. *out is new (lg_prov_document_free). */
LG_EXTERN(int) lg_prov_document_parse(struct lg_prov_document **out,
				      const char *json, size_t len) LG_WARN_UNUSED;
LG_EXTERN(void) lg_prov_document_free(struct lg_prov_document *d);

/* A Sigstore trusted root (application/vnd.dev.sigstore.trustedroot+json
 * version 0.1 or v0.2). Opaque; *out is new (lg_prov_trust_free). */
struct lg_prov_trust;
LG_EXTERN(int) lg_prov_trust_parse(struct lg_prov_trust **out, const char *json,
				   size_t len) LG_WARN_UNUSED;
LG_EXTERN(void) lg_prov_trust_free(struct lg_prov_trust *t);
/* The Sigstore public-good trusted root shipped with lockgate
 * (data/sigstore/trusted_root.json, embedded at build time). */
LG_EXTERN(const char *) lg_prov_default_trusted_root(size_t *len);

/* Verification steps, in the order they are reported. */
enum lg_prov_step {
	LG_PROV_STEP_LOG,        /* the entry's log key is in the trust root */
	LG_PROV_STEP_BODY,       /* the log entry is this bundle's (kind, hash, sig, cert) */
	LG_PROV_STEP_INCLUSION,  /* Merkle audit path leads to the root hash */
	LG_PROV_STEP_CHECKPOINT, /* signed note by the log key, same root and size */
	LG_PROV_STEP_SET,        /* signed entry timestamp (Rekor v1) */
	LG_PROV_STEP_TIMESTAMPS, /* RFC 3161 timestamps against the trust root's TSAs */
	LG_PROV_STEP_SIGNED_TIME,/* enough verified times (threshold) */
	LG_PROV_STEP_CHAIN,      /* leaf chains to a Fulcio CA at every signed time */
	LG_PROV_STEP_VALIDITY,   /* signed times inside the leaf's validity */
	LG_PROV_STEP_PROFILE,    /* KeyUsage digitalSignature, EKU codeSigning */
	LG_PROV_STEP_SCT,        /* an embedded SCT by a CT log of the trust root */
	LG_PROV_STEP_SIGNATURE,  /* signature over the digest or the DSSE PAE */
	LG_PROV_STEP_STATEMENT,  /* digest / in-toto subject name and sha256, predicate type */
	LG_PROV_STEP_IDENTITY,   /* --identity SAN, --issuer */
	LG_PROV_STEP_PUBLISHER,  /* certificate matches the provenance's publisher */
	LG_PROV_NSTEPS
};

enum lg_prov_status {
	LG_PROV_NOT_RUN = 0, /* an earlier step failed, or nothing to check */
	LG_PROV_OK,
	LG_PROV_FAIL,
	LG_PROV_ABSENT,      /* optional material not in the bundle */
	LG_PROV_SKIPPED,     /* not checked (not asked, or not implemented) */
};

/* Name of a step ("chain", "inclusion", ...) and of a status. */
LG_EXTERN(const char *) lg_prov_step_name(enum lg_prov_step s);
LG_EXTERN(const char *) lg_prov_status_name(enum lg_prov_status s);

/* What the caller expects. All pointers are borrowed and may be NULL. */
struct lg_prov_expect {
	const char *sha256;   /* the artifact's sha256 (hex); required for a
			       * message signature and for a PyPI statement */
	const char *filename; /* the artifact's file name (in-toto subject) */
	const char *identity; /* a SubjectAlternativeName the leaf must carry */
	const char *issuer;   /* the OIDC issuer (.1.8, else .1.1) */
	const struct lg_prov_publisher *publisher; /* PyPI publisher policy */
	bool pypi;            /* PyPI rules: one subject, publish predicate types */
	int64_t at;           /* != 0: validate the chain at this Unix time
			       * instead of the signed times (debugging) */
	unsigned min_times;   /* verified time sources required (0 means 1) */
};

#define LG_PROV_DETAIL 256
struct lg_prov_result {
	struct {
		enum lg_prov_status status;
		char detail[LG_PROV_DETAIL];
	} steps[LG_PROV_NSTEPS];
	bool verified;
	enum lg_prov_step failed;   /* the first failing step when !verified */
	int64_t signed_time;        /* the earliest verified time, 0 if none */
	char log_url[256];          /* the trust root's baseUrl of the log */
	char san[512];              /* first SAN of the leaf */
	char issuer[256];           /* OIDC issuer of the leaf */
	char source_repository[256];/* .1.12 */
	char build_config[512];     /* .1.18 */
};

/* Verifies b against t and e, step by step, into *out. Returns 0 whether
 * or not it verified (out->verified); negative only for ENOMEM or an
 * internal error. */
LG_EXTERN(int) lg_prov_verify(struct lg_prov_result *out, const struct lg_prov_bundle *b,
			      const struct lg_prov_trust *t,
			      const struct lg_prov_expect *e) LG_WARN_UNUSED;

/* One `lockgate provenance verify` run: every attestation of a provenance
 * (or the one bundle) verified against the same artifact. */
struct lg_prov_run {
	char sha256[LG_PROV_SHA256_HEX + 1]; /* the artifact's, "" when not given */
	char *name;                  /* subject file name, or NULL */
	char *error;                 /* the document was rejected at load: why */
	bool is_provenance;          /* a PyPI provenance, not a bare bundle */
	bool is_detached;            /* a detached signature: no log, no signed time */
	bool verified;               /* at least one attestation verified */
	struct lg_prov_document *doc;/* provenance only */
	struct lg_prov_bundle *bundle;/* bundle only */
	struct lg_prov_run_item {
		size_t bundle, attestation;               /* indexes in doc */
		const struct lg_prov_publisher *publisher; /* borrowed from doc */
		struct lg_prov_result result;
	} *items;
	size_t nitems;
};
/* Verifies every attestation of d (publisher policy from its bundle) or
 * the one bundle b (exactly one of d and b; the run steals it) against t
 * and e; e->publisher and e->pypi are set per attestation for d. *out is
 * new (lg_prov_run_free). */
LG_EXTERN(int) lg_prov_run_verify(struct lg_prov_run **out, struct lg_prov_document *d,
				  struct lg_prov_bundle *b, const struct lg_prov_trust *t,
				  const struct lg_prov_expect *e) LG_WARN_UNUSED;
LG_EXTERN(void) lg_prov_run_free(struct lg_prov_run *r);

/* A detached signature (base64-decoded DER ECDSA) over the file whose
 * sha256 is e->sha256, with a leaf certificate (DER) and no log entry:
 * only the signature, the chain at e->at (0: the leaf's notBefore), the
 * profile and the identity are checked (the SCT is shown, not required). There is no signed time, so this
 * is never a full verification; the log steps say "skipped". */
LG_EXTERN(int) lg_prov_verify_detached(struct lg_prov_result *out,
				       const struct lg_prov_bytes *cert,
				       const struct lg_prov_bytes *sig,
				       const struct lg_prov_trust *t,
				       const struct lg_prov_expect *e) LG_WARN_UNUSED;

/* Publisher pins (.lockgate/publishers.json): the publisher each project
 * was first seen with, reviewed in pull requests like a lock file. Pure:
 * the caller reads and writes the file.
 *   {"version": 1, "publishers": {"<PEP 503 name>": {"kind": "GitHub",
 *    "repository": "owner/repo", "workflow": "release.yml",
 *    "environment": "", "since": "1.2.0"}}}
 * Other kinds use workflow_filepath (GitLab) or email (Google). */
/* Where the pin file lives, relative to the top of the work tree. */
#define LG_PINS_PATH ".lockgate/publishers.json"
struct lg_pins {
	struct lg_pin {
		char *project;  /* normalised */
		struct lg_prov_publisher publisher;
		char *since;    /* version it was pinned at, or NULL */
	} *v;               /* sorted by project */
	size_t n;
};

enum lg_pin_verdict {
	LG_PIN_NONE,     /* not pinned and no provenance: nothing to say */
	LG_PIN_NEW,      /* not pinned, provenance seen: pin on first use */
	LG_PIN_SAME,     /* the pinned publisher */
	LG_PIN_CHANGED,  /* another publisher than the pinned one (high) */
	LG_PIN_DROPPED,  /* pinned, but no provenance now (high) */
};

/* Parses the pin file; an empty document (0 bytes) is no pins. Rejects
 * duplicate projects (also after normalisation), a version other than 1,
 * a pin without kind. *out is new (lg_pins_free). */
LG_EXTERN(int) lg_pins_parse(struct lg_pins **out, const char *json, size_t len)
	LG_WARN_UNUSED;
LG_EXTERN(void) lg_pins_free(struct lg_pins *p);
/* Compares what a project's provenance shows now (seen, NULL when it has
 * none) with its pin. why (static or in buf) says what differs. */
LG_EXTERN(int) lg_pins_compare(enum lg_pin_verdict *out, struct lg_buf *why,
			       const struct lg_pins *p, const char *project,
			       const struct lg_prov_publisher *seen) LG_WARN_UNUSED;
/* Pins project to seen at version (insert or replace; seen not NULL). */
LG_EXTERN(int) lg_pins_set(struct lg_pins *p, const char *project,
			   const struct lg_prov_publisher *seen,
			   const char *version) LG_WARN_UNUSED;
/* Writes the file: sorted, two-space indented, ending in a newline, so
 * that a diff of it reads well in review. */
LG_EXTERN(int) lg_pins_write(struct lg_buf *out, const struct lg_pins *p) LG_WARN_UNUSED;

/* Building blocks, exposed for tests and for the command. */

/* Strict standard base64 with padding (no whitespace). *out is new. */
LG_EXTERN(int) lg_prov_base64_decode(struct lg_prov_bytes *out, const char *s,
				     size_t len) LG_WARN_UNUSED;
/* Base64 with whitespace anywhere (a .sig file); the first PEM
 * CERTIFICATE block to DER. *out is new. */
LG_EXTERN(int) lg_prov_base64_text(struct lg_prov_bytes *out, const char *s,
				   size_t len) LG_WARN_UNUSED;
LG_EXTERN(int) lg_prov_pem_cert(struct lg_prov_bytes *out, const char *pem,
				size_t len) LG_WARN_UNUSED;
/* DSSE pre-authentication encoding into out (appended). */
LG_EXTERN(int) lg_prov_pae(struct lg_buf *out, const char *type, const void *body,
			   size_t len) LG_WARN_UNUSED;
/* RFC 6962 root from a leaf's bytes and an audit path. Returns 0 with the
 * 32-byte root in out, LG_EINVALID when the path has the wrong length. */
LG_EXTERN(int) lg_prov_merkle_root(unsigned char out[32], const void *leaf, size_t len,
				   int64_t index, int64_t size,
				   const struct lg_prov_bytes *hashes,
				   size_t nhashes) LG_WARN_UNUSED;
/* The canonical JSON a Rekor v1 SET signs (appended to out). */
LG_EXTERN(int) lg_prov_set_payload(struct lg_buf *out, const struct lg_prov_tlog *e)
	LG_WARN_UNUSED;
/* A Fulcio extension 1.3.6.1.4.1.57264.1.<n> of a DER certificate, decoded
 * (raw for 1..6, DER UTF8String from 8 on). *out is new, or NULL when the
 * certificate lacks it. */
LG_EXTERN(int) lg_prov_fulcio_ext(char **out, const struct lg_prov_bytes *cert,
				  unsigned n) LG_WARN_UNUSED;
/* Verifies one RFC 3161 TimeStampResp over data against the trust root's
 * timestamp authorities. Returns 0 with *when (its genTime), or
 * LG_EINVALID with the reason in the error slot. */
LG_EXTERN(int) lg_prov_verify_timestamp(int64_t *when, const void *resp, size_t resp_len,
					const void *data, size_t len,
					const struct lg_prov_trust *t) LG_WARN_UNUSED;

#endif
