/* SPDX-License-Identifier: MIT */
#include "lg/policy.h"

enum lg_verdict lg_policy_verdict(const struct lg_policy *p,
				  const struct lg_findings *f, size_t from)
{
	int max = lg_findings_max_severity(f, from);

	if (max >= (int)p->fail_on)
		return LG_VERDICT_BLOCK;
	return max >= (int)LG_SEV_MEDIUM ? LG_VERDICT_WARN : LG_VERDICT_PASS;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static enum lg_verdict artifact_verdict(const struct lg_policy *p,
					const struct lg_result *r,
					const struct lg_artifact *a)
{
	int max = -1;

	for (size_t i = 0; i < r->findings.n; i++) {
		const struct lg_finding *f = &r->findings.v[i];

		if (same(f->file, a->file) && same(f->package, a->package) &&
		    same(f->version, a->version) && (int)f->severity > max)
			max = (int)f->severity;
	}
	if (max >= (int)p->fail_on)
		return LG_VERDICT_BLOCK;
	return max >= (int)LG_SEV_MEDIUM ? LG_VERDICT_WARN : LG_VERDICT_PASS;
}

void lg_policy_finish(const struct lg_policy *p, struct lg_result *r)
{
	bool incomplete = r->nerrors > 0;

	for (size_t i = 0; i < r->nartifacts; i++) {
		struct lg_artifact *a = &r->artifacts[i];

		if (a->verdict == LG_VERDICT_INCOMPLETE)
			incomplete = true;
		else
			a->verdict = artifact_verdict(p, r, a);
	}
	/* A known block wins over "could not check": both stop the gate, and
	 * the block is the more useful thing to tell. */
	if (lg_findings_max_severity(&r->findings, 0) >= (int)p->fail_on)
		r->verdict = LG_VERDICT_BLOCK;
	else if (incomplete)
		r->verdict = LG_VERDICT_INCOMPLETE;
	else
		r->verdict = LG_VERDICT_PASS;
}
