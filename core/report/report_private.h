/* SPDX-License-Identifier: MIT */
#ifndef LG_REPORT_PRIVATE_H
#define LG_REPORT_PRIVATE_H

#include "lg/report.h"

extern const struct lg_report_sink lg_report__github;
extern const struct lg_report_sink lg_report__gitlab;
extern const struct lg_report_sink lg_report__json;
extern const struct lg_report_sink lg_report__markdown;
extern const struct lg_report_sink lg_report__sarif;
extern const struct lg_report_sink lg_report__text;

/* A JSON string of s made valid UTF-8, or JSON null for NULL; NULL when
 * out of memory. New reference (json.c; used by every JSON renderer). */
struct json_t *lg_report__jstr(const char *s);

/* A copy of url with any user:password@ (or token@) of its authority
 * replaced by "***@", for reports of lock files whose index URLs may carry
 * credentials; NULL for NULL or out of memory. Ownership: new (free). */
char *lg_report__url_masked(const char *url);

/* How loud a finding is in a CI sink: at or above the policy threshold it
 * blocks (error), medium and above below it warns (warning), the rest is a
 * note. */
enum lg_report_level { LG_LEVEL_NOTE, LG_LEVEL_WARNING, LG_LEVEL_ERROR };
enum lg_report_level lg_report__level(enum lg_severity sev,
				      const struct lg_report_options *opts);

/* Counts of a result for summaries. */
struct lg_report_counts {
	size_t blocked, warned, incomplete; /* artifacts by verdict */
	size_t by_sev[LG_SEV_CRITICAL + 1];
};
void lg_report__count(struct lg_report_counts *c, const struct lg_result *r);

/* Dumps a JSON value (steals it) into out, ASCII-only, with a final
 * newline; indent 0 for compact. */
int lg_report__dump(struct lg_buf *out, struct json_t *root, int indent);

#endif
