/* SPDX-License-Identifier: MIT */
#include <jansson.h>

#include "lg/buf.h"
#include "lg/ci.h"

bool lg_ci_is_null_sha(const char *sha)
{
	size_t n = 0;

	if (!sha)
		return false;
	for (; sha[n]; n++)
		if (sha[n] != '0')
			return false;
	return n == 40 || n == 64;
}

static bool is_oid(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 40 || n == 64;
}

/* Where a base can be, in order; the first string found wins. */
static const struct {
	const char *path[3];
	const char *why;
} base_fields[] = {
	{{"pull_request", "base", "sha"}, "pull_request.base.sha"},
	{{"merge_group", "base_sha", NULL}, "merge_group.base_sha"},
	{{"before", NULL, NULL}, "push before"},
};

static const char *lookup(json_t *root, const char *const path[3])
{
	json_t *v = root;

	for (size_t i = 0; i < 3 && path[i] && v; i++)
		v = json_object_get(v, path[i]);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int lg_ci_github_base(char **out, const char **why, const char *json, size_t len)
{
	json_error_t jerr;
	json_t *root = NULL;
	int error = 0;

	*out = NULL;
	*why = "the event names no base";
	if (len > LG_MAX_CI_EVENT_BYTES)
		return lg_error_toobig("the GitHub event payload is larger than %u bytes",
				       LG_MAX_CI_EVENT_BYTES);
	if (!(root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) ||
	    !json_is_object(root)) {
		error = lg_error_invalid(LG_ERRCLASS_JSON, "GitHub event payload: %s",
					 root ? "not an object" : jerr.text);
		goto done;
	}
	for (size_t i = 0; i < LG_ARRAY_SIZE(base_fields); i++) {
		const char *sha = lookup(root, base_fields[i].path);

		if (!sha)
			continue;
		*why = base_fields[i].why;
		if (lg_ci_is_null_sha(sha)) {
			*why = "push of a new branch (before is all zeros)";
			break;
		}
		if (!is_oid(sha)) {
			error = lg_error_invalid(LG_ERRCLASS_JSON, "GitHub event: %s is not "
						 "a commit id", base_fields[i].why);
			break;
		}
		if (!(*out = lg__strdup(sha)))
			error = lg_error_oom();
		break;
	}
done:
	json_decref(root);
	return error;
}
