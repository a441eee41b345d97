/* SPDX-License-Identifier: MIT */
/* Facts from CI environments (pure: the caller reads the environment and
 * the files it names). */
#ifndef LG_INCLUDE_CI_H
#define LG_INCLUDE_CI_H

#include "lg/common.h"

/* Whether sha is an all-zero object id (git's "no commit": a new branch
 * in a push event, CI_COMMIT_BEFORE_SHA of a first pipeline). */
LG_EXTERN(bool) lg_ci_is_null_sha(const char *sha);

/* The diff base in a GitHub Actions event payload ($GITHUB_EVENT_PATH):
 * pull_request.base.sha (pull_request, pull_request_target), else
 * merge_group.base_sha, else a push's "before" unless it is all zeros.
 * On success *out is a new hex object id (lg__free) or NULL when the event
 * names none, and *why (static) says which field it came from or why there
 * is none. Returns 0; LG_EINVALID for a payload that is not a JSON object
 * or a base that is not a hex object id; LG_ETOOBIG past
 * LG_MAX_CI_EVENT_BYTES; LG_ENOMEM. */
LG_EXTERN(int) lg_ci_github_base(char **out, const char **why, const char *json,
				 size_t len) LG_WARN_UNUSED;

#endif
