/* SPDX-License-Identifier: MIT */
/* Report sinks: a result rendered into bytes. Nothing here prints. */
#ifndef LG_INCLUDE_REPORT_H
#define LG_INCLUDE_REPORT_H

#include "lg/buf.h"
#include "lg/model.h"

struct lg_report_options {
	bool color;          /* ANSI colours (text sink) */
	const char *title;   /* first line of the text report, or NULL */
};

struct lg_report_sink {
	const char *name;
	int (*render)(struct lg_buf *out, const struct lg_result *r,
		      const struct lg_report_options *opts);
};

/* Sink by name ("text", "json"), or NULL. Ownership: borrowed, static. */
LG_EXTERN(const struct lg_report_sink *) lg_report_sink_find(const char *name);
LG_EXTERN(size_t) lg_report_sink_count(void);
LG_EXTERN(const struct lg_report_sink *) lg_report_sink_at(size_t i);

/* Renders parsed lock files ("text" or "json"; JSON schema 1:
 * {"schema":1,"lockfiles":[{"path","format","entries":[{"name",
 * "version","source","source_url","sha256":[],"files":[{"name","url",
 * "sha256"}],"markers","file","line"}]}]}). LG_EUSAGE for another format. */
LG_EXTERN(int) lg_report_deps(struct lg_buf *out, const char *format,
			      const struct lg_deps *deps) LG_WARN_UNUSED;

/* Appends s with every byte a terminal could act on made visible:
 * C0/C1 controls, DEL, bidi overrides and invalid UTF-8 become \xNN or
 * \u{NNNN}. */
LG_EXTERN(int) lg_escape_terminal(struct lg_buf *out, const char *s);
/* Appends s as valid UTF-8 (invalid bytes become U+FFFD). */
LG_EXTERN(int) lg_utf8_sanitize(struct lg_buf *out, const char *s);

#endif
