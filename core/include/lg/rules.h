/* SPDX-License-Identifier: MIT */
/* Install-time heuristics. Pure functions of bytes: no I/O, no globals. */
#ifndef LG_INCLUDE_RULES_H
#define LG_INCLUDE_RULES_H

#include "lg/model.h"

/* Rule ids (the table in core/rules/table.c has one row for each). */
#define LG_RULE_ARCHIVE_UNSAFE_MEMBER "archive.unsafe-member"
#define LG_RULE_BROWSER_DB "cred.browser-db"
#define LG_RULE_RUNTIME_STEALER "cred.runtime-stealer"
#define LG_RULE_SENSITIVE_FILES "cred.sensitive-files"
#define LG_RULE_DECODE_EXEC "exec.decode-exec"
#define LG_RULE_DYNAMIC_DISPATCH "exec.dynamic-dispatch"
#define LG_RULE_REMOTE_CODE "exec.remote-code"
#define LG_RULE_HASH_MISMATCH "hash.mismatch"
#define LG_RULE_INDEX_INSECURE_HTTP "index.insecure-http"
#define LG_RULE_INDEX_YANKED "index.yanked"
#define LG_RULE_ENCODED_CODE "obf.encoded-code"
#define LG_RULE_IDENTIFIER_NOISE "obf.identifier-noise"
#define LG_RULE_PACKER "obf.packer"
#define LG_RULE_STEGANOGRAPHY "obf.steganography"
#define LG_RULE_UNICODE_IDENTIFIERS "obf.unicode-identifiers"
#define LG_RULE_WHITESPACE_HIDING "obf.whitespace-hiding"
/* --offline: a check that needs the network was skipped (engine). */
#define LG_RULE_OFFLINE_NOT_CHECKED "offline.not-checked"
#define LG_RULE_CMDCLASS_OVERRIDE "install.cmdclass-override"
#define LG_RULE_PIP_INVOCATION "install.pip-invocation"
#define LG_RULE_SETUP_NETWORK "install.setup-network"
#define LG_RULE_PEP517_BACKEND "install.pep517-backend"
#define LG_RULE_TOPLEVEL_PROCESS "install.toplevel-process"
#define LG_RULE_LOCK_BUILD_REQUIRES "lock.build-requires-unpinned"
#define LG_RULE_LOCK_DEP_NOT_LOCKED "lock.dep-not-locked"
#define LG_RULE_LOCK_UNHASHED "lock.unhashed"
#define LG_RULE_LOCK_UNPINNED "lock.unpinned"
#define LG_RULE_LOCK_REHASHED "lock.rehashed"
#define LG_RULE_LOCK_SOURCE_CHANGED "lock.source-changed"
#define LG_RULE_LOCK_WEAK_HASH "lock.weak-hash"
#define LG_RULE_MAL_KNOWN "mal.known"
#define LG_RULE_POLICY_DIRECT_URL "policy.direct-url"
#define LG_RULE_POLICY_EXTRA_INDEX "policy.extra-index"
#define LG_RULE_POLICY_INDEX_HOST "policy.index-host"
#define LG_RULE_POLICY_INSECURE_URL "policy.insecure-url"
#define LG_RULE_POLICY_TRUSTED_HOST "policy.trusted-host"
#define LG_RULE_POLICY_VCS_REF "policy.vcs-ref"
#define LG_RULE_PROV_CHANGED "provenance.publisher-changed"
#define LG_RULE_PROV_DROPPED "provenance.dropped"
#define LG_RULE_PROV_INVALID "provenance.invalid"
#define LG_RULE_PROV_MISSING "provenance.missing"
#define LG_RULE_PROV_NEW_PUBLISHER "provenance.new-publisher"
#define LG_RULE_PROV_PIN_CHANGED "provenance.pin-changed"
#define LG_RULE_PROV_VERIFIED "provenance.verified"
/* Release metadata from the index (core/engine/release.c). */
#define LG_RULE_RELEASE_COOLDOWN "release.cooldown"
#define LG_RULE_RELEASE_YANKED "release.yanked"
#define LG_RULE_RELEASE_FIRST "release.first"
#define LG_RULE_RELEASE_DORMANT "release.dormant"
#define LG_RULE_RELEASE_NO_TIMES "release.no-times"
#define LG_RULE_SQUAT_TYPOSQUAT "squat.typosquat"
#define LG_RULE_TRANSITION "transition.new-install-behaviour"
#define LG_RULE_DOWNLOAD_EXEC "net.download-exec"
#define LG_RULE_NET_EXFIL "net.exfiltration"
#define LG_RULE_SUSPICIOUS_DEST "net.suspicious-destination"
#define LG_RULE_PERSIST "persist.autostart-write"
#define LG_RULE_IMPORT_PROCESS "proc.import-process"
#define LG_RULE_LOLBIN "proc.lolbin-downloader"
#define LG_RULE_MINER "proc.miner"
#define LG_RULE_REVERSE_SHELL "proc.reverse-shell"
#define LG_RULE_ARTIFACT_DIVERGENCE "wheel.artifact-divergence"
#define LG_RULE_PTH_EXEC_LINE "wheel.pth-exec-line"
#define LG_RULE_CONSOLE_SHADOW "wheel.console-script-shadow"
#define LG_RULE_DATA_SPREAD "wheel.data-spread"
#define LG_RULE_NATIVE_PURELIB "wheel.native-in-purelib"
#define LG_RULE_RECORD_MISMATCH "wheel.record-mismatch"
#define LG_RULE_STARTUP_MODULE "wheel.startup-module"
#define LG_RULE_DISGUISED_EXE "bin.disguised-executable"
#define LG_RULE_NATIVE_SDIST "bin.native-in-sdist"
#define LG_RULE_SUPPRESSION_EXPIRED "config.suppression-expired"
#define LG_RULE_SUPPRESSION_UNUSED "config.suppression-unused"

/* Rule flags. */
enum {
	/* The configuration may not disable, re-grade or suppress the rule
	 * (known malware, integrity); lg_policy_validate refuses it. */
	LG_RULE_NO_OVERRIDE = 1u << 0,
};

/* One row of the rule table. */
struct lg_rule_info {
	const char *id;            /* e.g. "exec.decode-exec"; table sorted by id */
	const char *title;         /* one line */
	enum lg_severity severity; /* default severity */
	const char *help;          /* why it matters, what to do */
};

LG_EXTERN(size_t) lg_rules_count(void);
LG_EXTERN(const struct lg_rule_info *) lg_rules_at(size_t i);
/* Rule by id, or NULL. Ownership: borrowed, static. */
LG_EXTERN(const struct lg_rule_info *) lg_rules_find(const char *id);
/* The LG_RULE_* flags of a rule (the flag table in core/rules/table.c, a
 * row per flagged rule; a rule without a row has none). */
LG_EXTERN(unsigned) lg_rules_flags(const char *id);

/* Checks that the rule table and the name tables the rules search are
 * sorted with unique entries (for tests). Returns 0 or LG_EINVALID. */
LG_EXTERN(int) lg_rules_selfcheck(void) LG_WARN_UNUSED;

/* Whether the bytes of the member at path are needed by the rules (so the
 * archive reader loads them). path is the member path as stored. */
LG_EXTERN(bool) lg_rules_wants_member(const char *path);

/* Per-artifact scanner: members are added in archive order (copied, at
 * most LG_MAX_RULES_SOURCE_BYTES in all; a member past that cap is judged
 * at once with the context its path gives) and judged together at finish,
 * when every member's context is known (setup.py and the local modules it
 * imports, transitively: install; .pth and sitecustomize: startup;
 * package modules: import, or runtime for functions nothing at import
 * reaches; tests/docs/examples: other). Findings carry path and line and
 * name their context in the message. Not thread-safe per object. */
struct lg_rules_scan;

/* Ownership: *out is new (lg_rules_scan_free); findings is borrowed and
 * must outlive *out. Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_rules_scan_new(struct lg_rules_scan **out,
				struct lg_findings *findings) LG_WARN_UNUSED;
/* Names the artifact's project: name is PEP 503 canonical, from the lock
 * entry or the artifact's file name. When it imitates a popular project
 * (lg/squat.h), code findings of medium or more outside tests, docs and
 * examples are raised one level (combination C9). Without it, the Name of
 * the artifact's PKG-INFO or METADATA is used: attacker-controlled, so
 * only a fallback. Call before finish. Returns 0; LG_EINVALID when name
 * is not canonical; LG_ETOOBIG past LG_MAX_PROJECT_NAME_BYTES. */
LG_EXTERN(int) lg_rules_scan_set_project(struct lg_rules_scan *s,
					const char *name) LG_WARN_UNUSED;
/* Asks finish to report the sdist's build requirements
 * (lock.build-requires-unpinned, low): those of the top pyproject.toml's
 * [build-system].requires, else setuptools' defaults. For an sdist pip
 * must build (the release ships no wheel). Call before finish. */
LG_EXTERN(void) lg_rules_scan_report_build_requires(struct lg_rules_scan *s);
/* Takes one member (ignored unless lg_rules_wants_member(path)).
 * Returns 0; LG_ETOOBIG when a limit is hit; LG_ENOMEM. */
LG_EXTERN(int) lg_rules_scan_add(struct lg_rules_scan *s, const char *path,
				const char *data, size_t len) LG_WARN_UNUSED;
/* Runs the rules over the members kept and appends the findings. Call
 * once. Returns 0; LG_ETOOBIG when a limit is hit; LG_ENOMEM. Malformed
 * Python is read as well as it goes, never an error. */
LG_EXTERN(int) lg_rules_scan_finish(struct lg_rules_scan *s) LG_WARN_UNUSED;
LG_EXTERN(void) lg_rules_scan_free(struct lg_rules_scan *s);

/* What the archive reader saw of one regular member, read or not. */
struct lg_rules_member {
	const char *path;
	uint64_t size;             /* bytes (exact when the bytes were read) */
	const char *sha256;        /* 64 hex digits; NULL when not hashed */
	const unsigned char *head; /* first bytes (magic numbers); may be NULL */
	size_t head_len;
};
/* Notes one member for the archive-level rules (wheel.*, bin.*), which run
 * at finish over every member noted; with none noted they stay silent.
 * Call it for every member, in archive order, with or without
 * lg_rules_scan_add. Copies what it keeps (path, size, digest, 16 head
 * bytes). Returns 0; LG_ETOOBIG past LG_MAX_RULES_INVENTORY_BYTES or
 * LG_MAX_ARCHIVE_ENTRIES; LG_ENOMEM. */
LG_EXTERN(int) lg_rules_scan_note(struct lg_rules_scan *s,
				 const struct lg_rules_member *m)
	LG_WARN_UNUSED;

/* ---- .dist-info parsers (pure; exposed for tests and fuzzing) ---------- */

/* One row of RECORD (CSV: path,hash,size with "..." quoting). hash is
 * "" or "algo=digest"; size is "" or the text of the size field.
 * Ownership: borrowed for the call. */
struct lg_record_row {
	const char *path, *hash, *size;
	size_t line;
};
typedef int (*lg_record_row_fn)(const struct lg_record_row *row,
				void *payload);
/* Calls fn for each row. Returns 0; LG_EINVALID for a row that is not
 * CSV (unclosed quote, more than three fields); LG_ETOOBIG past
 * LG_MAX_DISTINFO_LINES rows or a field over LG_MAX_DISTINFO_FIELD;
 * LG_ENOMEM; or fn's negative return. */
LG_EXTERN(int) lg_record_parse(const char *data, size_t len,
			      lg_record_row_fn fn, void *payload)
	LG_WARN_UNUSED;

/* Decodes a RECORD digest (urlsafe base64, padding allowed) into out;
 * *padded tells whether '=' padding was present. Returns the number of
 * bytes (at most cap), or -1 when it is not base64 or too long. */
LG_EXTERN(long) lg_record_digest(unsigned char *out, size_t cap,
				bool *padded, const char *b64);

/* entry_points.txt / WHEEL: INI-like "[section]" and "key = value" (or
 * "Key: value") lines; '#'/';' comments. fn gets section ("" before any),
 * key and value, trimmed. Same returns as lg_record_parse. */
typedef int (*lg_ini_fn)(const char *section, const char *key,
			 const char *value, size_t line, void *payload);
LG_EXTERN(int) lg_distinfo_parse(const char *data, size_t len, char sep,
				lg_ini_fn fn, void *payload) LG_WARN_UNUSED;

/* One member as a whole artifact (new + add + finish + free). */
LG_EXTERN(int) lg_rules_scan_member(struct lg_findings *out, const char *path,
				   const char *data, size_t len) LG_WARN_UNUSED;

/* Combination C15, artifact divergence: for every finding of medium or
 * above in f[from, n) about a Python or .pth member of the wheel named
 * wheel (finding file), outside tests/docs/examples and .dist-info, whose
 * installed path (without a .data/purelib|platlib/ prefix) is no member of
 * the sdist of the same release (sdist: its member paths as stored, top
 * directory included; a member matches when it is the path or ends with
 * "/path"), appends one wheel.artifact-divergence finding (high) per
 * member: the wheel carries code the source release does not (the shape
 * of a trojaned build). Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_rules_divergence(struct lg_findings *f, size_t from,
				   const char *wheel, const char *const *sdist,
				   size_t nsdist) LG_WARN_UNUSED;

#endif
