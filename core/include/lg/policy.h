/* SPDX-License-Identifier: MIT */
/* Findings to verdicts. Rules never decide pass or fail; this does. */
#ifndef LG_INCLUDE_POLICY_H
#define LG_INCLUDE_POLICY_H

#include "lg/config.h"
#include "lg/model.h"

struct lg_policy {
	enum lg_severity fail_on; /* block at this severity and above */
	/* [rules] and [[suppress]] of the configuration (borrowed), or NULL:
	 * every rule at its own severity, nothing suppressed. */
	const struct lg_config *config;
	int64_t now; /* Unix time suppressions expire against; 0: never */
};
#define LG_POLICY_INIT {LG_SEV_HIGH, NULL, 0}

/* Checks the rule ids the configuration names against the rule table:
 * severity overrides, enable/disable patterns (an id, or a prefix "obf.*"
 * that must match at least one rule) and suppressions. A rule flagged
 * LG_RULE_NO_OVERRIDE may not be re-graded, disabled by its id, or
 * suppressed (a prefix simply skips it). Returns 0, or LG_EINVALID with
 * "origin:line: ..." set. */
LG_EXTERN(int) lg_policy_validate(const struct lg_config *cfg) LG_WARN_UNUSED;

/* Whether the configuration turns rule id off: it matches a disable
 * pattern and no enable pattern, and is not LG_RULE_NO_OVERRIDE. */
LG_EXTERN(bool) lg_policy_rule_disabled(const struct lg_config *cfg,
					const char *id);

/* Applies p->config to r->findings, before lg_policy_finish: findings of
 * a disabled rule are dropped (counted in r->ndisabled); the others take
 * their rule's configured severity; a finding an active [[suppress]]
 * entry matches (rule, canonical package, version, and the artifact's
 * sha256 when the entry gives one) moves to r->suppressed with the
 * entry's reason and "file:line". Then each expired entry adds a
 * config.suppression-expired finding (low) and each active entry that
 * matched nothing although its package was checked adds a
 * config.suppression-unused finding (info), both on the configuration's
 * file and line. No-op without p->config. Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_policy_apply(const struct lg_policy *p, struct lg_result *r)
	LG_WARN_UNUSED;

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
