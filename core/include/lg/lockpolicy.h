/* SPDX-License-Identifier: MIT */
/* Lock policy: where a changed lock entry says its files come from, and
 * how well the lock pins them. Pure functions of lock entries and options:
 * no I/O. The caller adds the package context of the findings. */
#ifndef LG_INCLUDE_LOCKPOLICY_H
#define LG_INCLUDE_LOCKPOLICY_H

#include "lg/model.h"
#include "lg/rules.h"

struct lg_lock_policy {
	/* Hosts registry entries may come from (exact, case-insensitive
	 * match); none: any host. */
	const char *const *allowed_hosts;
	size_t nallowed_hosts;
	/* Host of the index used for entries that name none (pypi.org). */
	const char *default_host;
};
#define LG_LOCK_POLICY_INIT {NULL, 0, "pypi.org"}

/* Appends to findings what the lock policy says about one change (not a
 * removal): lock.rehashed, lock.source-changed, lock.weak-hash,
 * policy.index-host, policy.insecure-url, policy.direct-url,
 * policy.vcs-ref, policy.extra-index, policy.trusted-host and, for an
 * added name, squat.typosquat. Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_lockpolicy_check(struct lg_findings *findings,
				  const struct lg_change *c,
				  const struct lg_lock_policy *p) LG_WARN_UNUSED;

/* The host of a URL ("scheme://[user@]host[:port]/..."; "git+https://"
 * too), lower-cased, into out (size outlen). Returns 0; LG_EINVALID when
 * url has no host; LG_ETOOBIG when the host does not fit. No error is set
 * for LG_EINVALID. */
LG_EXTERN(int) lg_lockpolicy_url_host(char *out, size_t outlen, const char *url)
	LG_WARN_UNUSED;

/* Whether a VCS source URL pins a full commit id (40 or 64 hex digits) as
 * its @ref or #fragment (uv writes the resolved commit there). */
LG_EXTERN(bool) lg_vcs_pins_commit(const char *url);

/* Where a finding says its code runs at install or interpreter start:
 * "install" or "startup" (from the rule: cmdclass overrides, setup.py
 * processes and network, build backends are install; .pth lines and
 * sitecustomize are startup; others by the "(... install context)" or
 * "(... startup context)" their message ends with), else NULL. Findings
 * below low count only for build backends. */
LG_EXTERN(const char *) lg_install_behaviour(const struct lg_finding *f);

/* Transitions: appends to out one transition.new-install-behaviour (high)
 * for each (rule id, install/startup context) that a finding of
 * new_v[0, nnew) has and no finding of old_v[0, nold) has, naming
 * old_version and where the new behaviour is (path and line of its first
 * finding). Lines do not matter: the same behaviour moved in a file is not
 * new. Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_transition_check(struct lg_findings *out,
				  const struct lg_finding *old_v, size_t nold,
				  const struct lg_finding *new_v, size_t nnew,
				  const char *old_version) LG_WARN_UNUSED;

/* The same, for a release with an account-takeover indicator (combination
 * C16: a release after a long dormancy): import-time behaviour of medium
 * or above (a finding ending "(import context)") counts as well, and the
 * message names the indicator (why, e.g. "the first release in 400
 * days"). why NULL: lg_transition_check. */
LG_EXTERN(int) lg_transition_check_ex(struct lg_findings *out,
				     const struct lg_finding *old_v, size_t nold,
				     const struct lg_finding *new_v, size_t nnew,
				     const char *old_version, const char *why)
	LG_WARN_UNUSED;

/* ---- release metadata (issue 7 part B) --------------------------------- */

/* Rule ids of the release checks (core/engine/release.c reads the index's
 * upload times). release.yanked is not reported by lockgate check: the
 * engine's index.yanked (with the index's reason) is the one yanked rule.
 * release.no-times (info, once per run) says the time-based checks were
 * skipped because an index serves no upload times (PEP 503 HTML pages). */
/* (LG_RULE_RELEASE_* are in lg/rules.h, with the rule table.) */

/* One file of a release, as an index lists it. */
struct lg_release_file_meta {
	int64_t upload_time; /* seconds since the epoch; < 0: unknown */
	bool yanked;
};

/* One release of a project: its version and files. */
struct lg_release_meta {
	const char *version;
	const struct lg_release_file_meta *files;
	size_t nfiles;
};

struct lg_release_policy {
	unsigned cooldown_days;             /* 0: no cooldown */
	const char *const *cooldown_exempt; /* canonical names */
	size_t ncooldown_exempt;
	unsigned dormant_days;              /* 0: not checked */
};
#define LG_RELEASE_POLICY_INIT {2, NULL, 0, 180}

/* Appends what the release metadata says about name at installed (the
 * files the lock pins, of release history[at]); history is every release
 * of the project the index lists (any order), now the time of the check:
 * - release.cooldown (high): a pinned file uploaded less than
 *   cooldown_days before now, unless name is exempt;
 * - release.yanked (medium): a pinned file is yanked;
 * - release.first (low): no other release was uploaded before it;
 * - release.dormant (low): the release before it is more than dormant_days
 *   older (with new install-time code that is the catalog's C16).
 * Unknown upload times decide nothing. Returns 0 or LG_ENOMEM. */
LG_EXTERN(int) lg_release_check(struct lg_findings *out, const char *name,
			       const struct lg_release_meta *history,
			       size_t nhistory, size_t at,
			       const struct lg_release_file_meta *installed,
			       size_t ninstalled, int64_t now,
			       const struct lg_release_policy *p) LG_WARN_UNUSED;

/* The checks of lg_release_check that need only the pinned files of
 * version (release.yanked, release.cooldown): for an index that gives no
 * project history (the PyPI JSON API's release document). */
LG_EXTERN(int) lg_release_check_files(struct lg_findings *out,
				     const char *name, const char *version,
				     const struct lg_release_file_meta *installed,
				     size_t ninstalled, int64_t now,
				     const struct lg_release_policy *p)
	LG_WARN_UNUSED;

#endif
