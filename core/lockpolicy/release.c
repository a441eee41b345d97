/* SPDX-License-Identifier: MIT */
/* Release metadata checks: cooldown, yanked, first release, dormancy
 * (lg/lockpolicy.h). Pure: the caller gives the index's data and "now". */
#include "lg/lockpolicy.h"

#define DAY 86400

/* The first upload of a release (its publication), or -1. */
static int64_t first_upload(const struct lg_release_meta *r)
{
	int64_t t = -1;

	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].upload_time >= 0 &&
		    (t < 0 || r->files[i].upload_time < t))
			t = r->files[i].upload_time;
	return t;
}

static bool exempt(const struct lg_release_policy *p, const char *name)
{
	for (size_t i = 0; i < p->ncooldown_exempt; i++)
		if (strcmp(p->cooldown_exempt[i], name) == 0)
			return true;
	return false;
}

int lg_release_check_files(struct lg_findings *out, const char *name,
			   const char *version,
			   const struct lg_release_file_meta *f, size_t n,
			   int64_t now, const struct lg_release_policy *p)
{
	int64_t newest = -1;
	bool yanked = false;
	int error;

	for (size_t i = 0; i < n; i++) {
		yanked |= f[i].yanked;
		if (f[i].upload_time > newest)
			newest = f[i].upload_time;
	}
	if (yanked && (error = lg_findings_add(
			       out, LG_RULE_RELEASE_YANKED, LG_SEV_MEDIUM, NULL, 0,
			       "%s %s is yanked on the index: its maintainers "
			       "withdrew it", name, version)) < 0)
		return error;
	if (p->cooldown_days && newest >= 0 && !exempt(p, name) &&
	    now - newest < (int64_t)p->cooldown_days * DAY)
		return lg_findings_add(
			out, LG_RULE_RELEASE_COOLDOWN, LG_SEV_HIGH, NULL, 0,
			"%s %s was uploaded %lld hours ago, less than the %u-day "
			"cooldown; malicious releases are usually found and "
			"removed within days", name, version,
			(long long)((now - newest) / 3600), p->cooldown_days);
	return 0;
}

int lg_release_check(struct lg_findings *out, const char *name,
		     const struct lg_release_meta *history, size_t nhistory,
		     size_t at, const struct lg_release_file_meta *installed,
		     size_t ninstalled, int64_t now,
		     const struct lg_release_policy *p)
{
	const struct lg_release_meta *rel = &history[at];
	int64_t t = first_upload(rel), prev = -1;
	int error;

	LG_ASSERT_ARG(out && name && history && at < nhistory && p);
	if ((error = lg_release_check_files(out, name, rel->version, installed,
				     ninstalled, now, p)) < 0 || t < 0)
		return error;
	for (size_t i = 0; i < nhistory; i++) {
		int64_t ti = first_upload(&history[i]);

		if (i != at && ti >= 0 && ti <= t && ti > prev)
			prev = ti;
	}
	if (prev < 0)
		return lg_findings_add(out, LG_RULE_RELEASE_FIRST, LG_SEV_LOW, NULL,
				       0, "%s %s is the project's first release",
				       name, rel->version);
	if (p->dormant_days && t - prev > (int64_t)p->dormant_days * DAY)
		return lg_findings_add(
			out, LG_RULE_RELEASE_DORMANT, LG_SEV_LOW, NULL, 0,
			"%s %s comes %lld days after the release before it",
			name, rel->version, (long long)((t - prev) / DAY));
	return 0;
}
