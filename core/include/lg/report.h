/* SPDX-License-Identifier: MIT */
/* Report sinks: a result rendered into bytes. Nothing here prints. */
#ifndef LG_INCLUDE_REPORT_H
#define LG_INCLUDE_REPORT_H

#include "lg/buf.h"
#include "lg/model.h"
#include "lg/policy.h"

struct lg_report_options {
	bool color;          /* ANSI colours (text sink) */
	const char *title;   /* first line of the text report, or NULL */
	/* Threshold that splits error from warning (github, sarif) and what
	 * counts as blocking; NULL: LG_POLICY_INIT. */
	const struct lg_policy *policy;
	const char *base, *head; /* revisions compared (json), or NULL */
};

struct lg_report_sink {
	const char *name;
	const char *summary; /* one line for --help */
	int (*render)(struct lg_buf *out, const struct lg_result *r,
		      const struct lg_report_options *opts);
};

/* Sink by name ("text", "json", "github", "gitlab", "sarif", "markdown"),
 * or NULL. Ownership: borrowed, static. */
LG_EXTERN(const struct lg_report_sink *) lg_report_sink_find(const char *name);
LG_EXTERN(size_t) lg_report_sink_count(void);
LG_EXTERN(const struct lg_report_sink *) lg_report_sink_at(size_t i);

/* Renders parsed lock files ("text" or "json"; JSON schema 1:
 * {"schema":1,"lockfiles":[{"path","format","entries":[{"name",
 * "version","source","source_url","sha256":[],"files":[{"name","url",
 * "sha256"}],"markers","file","line"}]}]}). LG_EUSAGE for another format. */
LG_EXTERN(int) lg_report_deps(struct lg_buf *out, const char *format,
			      const struct lg_deps *deps) LG_WARN_UNUSED;

struct lg_prov_run;
/* Renders a provenance verification run ("text" or "json"; JSON schema 1:
 * {"schema":1,"kind","verified","error","artifact":{"name","sha256"},
 * "attestations":[{"verified","failed","signed_time","log","certificate":
 * {"san","issuer","source_repository","build_config"},"steps":[{"step",
 * "status","detail"}],"bundle","attestation","publisher"}]}). LG_EUSAGE for
 * another format. */
LG_EXTERN(int) lg_report_provenance(struct lg_buf *out, const char *format,
				    const struct lg_prov_run *r) LG_WARN_UNUSED;

/* Appends s with every byte a terminal could act on made visible:
 * C0/C1 controls, DEL, bidi overrides and invalid UTF-8 become \xNN or
 * \u{NNNN}. */
LG_EXTERN(int) lg_escape_terminal(struct lg_buf *out, const char *s);
/* Appends s as valid UTF-8 (invalid bytes become U+FFFD). */
LG_EXTERN(int) lg_utf8_sanitize(struct lg_buf *out, const char *s);
/* Appends s for a GitHub workflow command: terminal-escaped first (so no
 * control byte survives), then '%', CR and LF percent-encoded, and in a
 * property value (property true) also ':' and ','. */
LG_EXTERN(int) lg_escape_workflow(struct lg_buf *out, const char *s,
				  bool property);
/* Appends s for GitHub-flavoured Markdown and HTML alike (table cells,
 * <summary>): terminal-escaped first, then every ASCII punctuation
 * character except "-,./=" becomes a numeric character reference
 * (&#60;), which neither Markdown nor HTML reads as markup. */
LG_EXTERN(int) lg_escape_markdown(struct lg_buf *out, const char *s);

/* Stable identity of each finding of r, for de-duplication across runs
 * (GitLab fingerprint, SARIF partialFingerprints): 32 hex digits of the
 * sha256 of (rule, package, version, lock file path, artifact file,
 * member path, member line), never of the lock-file line, which moves
 * when other entries change. occ gets how many earlier findings share the
 * key (0 for the first). *out and *occ are new arrays of r->findings.n
 * entries (lg__free). Returns 0 or LG_ENOMEM. */
#define LG_FINGERPRINT_LEN 32
LG_EXTERN(int) lg_report_fingerprints(char (**out)[LG_FINGERPRINT_LEN + 1],
				      size_t **occ, const struct lg_result *r)
	LG_WARN_UNUSED;

#endif
