/* SPDX-License-Identifier: MIT */
#include "lg/policy.h"

enum lg_verdict lg_policy_verdict(const struct lg_policy *p,
				  const struct lg_findings *f, size_t from)
{
	int max = lg_findings_max_severity(f, from);

	return max >= (int)p->fail_on ? LG_VERDICT_BLOCK : LG_VERDICT_PASS;
}

void lg_policy_finish(const struct lg_policy *p, struct lg_result *r)
{
	bool incomplete = r->nerrors > 0;

	for (size_t i = 0; i < r->nartifacts; i++)
		if (r->artifacts[i].verdict == LG_VERDICT_INCOMPLETE)
			incomplete = true;
	/* A known block wins over "could not check": both stop the gate, and
	 * the block is the more useful thing to tell. */
	if (lg_policy_verdict(p, &r->findings, 0) == LG_VERDICT_BLOCK)
		r->verdict = LG_VERDICT_BLOCK;
	else if (incomplete)
		r->verdict = LG_VERDICT_INCOMPLETE;
	else
		r->verdict = LG_VERDICT_PASS;
}
