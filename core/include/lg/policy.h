/* SPDX-License-Identifier: MIT */
/* Findings to verdicts. Rules never decide pass or fail; this does. */
#ifndef LG_INCLUDE_POLICY_H
#define LG_INCLUDE_POLICY_H

#include "lg/model.h"

struct lg_policy {
	enum lg_severity fail_on; /* block at this severity and above */
};
#define LG_POLICY_INIT {LG_SEV_HIGH}

/* Verdict for the findings [from, n): block at the threshold, warn for
 * medium and above below it, else pass. */
LG_EXTERN(enum lg_verdict) lg_policy_verdict(const struct lg_policy *p,
					    const struct lg_findings *f,
					    size_t from);
/* Sets the verdict of every artifact that is not incomplete from its own
 * findings, and r->verdict: block if any finding reaches the threshold,
 * else incomplete if anything could not be checked, else pass. */
LG_EXTERN(void) lg_policy_finish(const struct lg_policy *p, struct lg_result *r);

#endif
