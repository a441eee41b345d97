/* SPDX-License-Identifier: MIT */
/* The configuration's [rules] and [[suppress]] applied to findings. */
#include "lg/buf.h"
#include "lg/policy.h"
#include "lg/rules.h"

static bool pattern_match(const char *pattern, const char *id)
{
	size_t n = strlen(pattern);

	if (n > 2 && pattern[n - 1] == '*' && pattern[n - 2] == '.')
		return strncmp(pattern, id, n - 1) == 0;
	return strcmp(pattern, id) == 0;
}

static bool any_match(const struct lg_config_pattern *v, size_t n,
		      const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (pattern_match(v[i].pattern, id))
			return true;
	return false;
}

bool lg_policy_rule_disabled(const struct lg_config *cfg, const char *id)
{
	return cfg && !(lg_rules_flags(id) & LG_RULE_NO_OVERRIDE) &&
	       any_match(cfg->disable, cfg->ndisable, id) &&
	       !any_match(cfg->enable, cfg->nenable, id);
}

/* The rule id at origin:line exists and may be overridden (what: "re-graded",
 * "suppressed"). */
static int check_rule(const char *origin, size_t line, const char *id,
		      const char *what)
{
	if (!lg_rules_find(id))
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: unknown rule '%s' (lockgate explain "
					"lists them)", origin, line, id);
	if (lg_rules_flags(id) & LG_RULE_NO_OVERRIDE)
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: rule '%s' cannot be %s", origin,
					line, id, what);
	return 0;
}

static int check_patterns(const char *origin,
			  const struct lg_config_pattern *v, size_t n,
			  const char *what)
{
	for (size_t i = 0; i < n; i++) {
		const char *pat = v[i].pattern;
		size_t hits = 0;

		for (size_t k = 0; k < lg_rules_count(); k++)
			hits += pattern_match(pat, lg_rules_at(k)->id);
		if (!hits)
			return lg_error_invalid(LG_ERRCLASS_POLICY,
						"%s:%zu: '%s' names no rule (lockgate "
						"explain lists them)", origin,
						v[i].line, pat);
		if (lg_rules_find(pat) &&
		    (lg_rules_flags(pat) & LG_RULE_NO_OVERRIDE))
			return lg_error_invalid(LG_ERRCLASS_POLICY,
						"%s:%zu: rule '%s' cannot be %s",
						origin, v[i].line, pat, what);
	}
	return 0;
}

int lg_policy_validate(const struct lg_config *cfg)
{
	const char *o;
	int error = 0;

	if (!cfg)
		return 0;
	o = cfg->origin ? cfg->origin : "configuration";
	for (size_t i = 0; i < cfg->nrules && !error; i++)
		error = check_rule(o, cfg->rules[i].line, cfg->rules[i].rule,
				   "re-graded");
	if (!error)
		error = check_patterns(o, cfg->disable, cfg->ndisable, "disabled");
	if (!error)
		error = check_patterns(o, cfg->enable, cfg->nenable, "enabled");
	for (size_t i = 0; i < cfg->nsuppress && !error; i++)
		error = check_rule(o, cfg->suppress[i].line, cfg->suppress[i].rule,
				   "suppressed");
	return error;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const char *artifact_sha256(const struct lg_result *r,
				   const struct lg_finding *f)
{
	for (size_t i = 0; i < r->nartifacts; i++) {
		const struct lg_artifact *a = &r->artifacts[i];

		if (same(a->package, f->package) && same(a->version, f->version) &&
		    same(a->file, f->file))
			return a->sha256;
	}
	return NULL;
}

static bool expired(const struct lg_policy *p, const struct lg_suppression *s)
{
	return p->now && s->expires_text && p->now >= s->expires;
}

/* Index of the first active suppression matching f, or -1. */
static long find_suppression(const struct lg_policy *p,
			     const struct lg_result *r,
			     const struct lg_finding *f)
{
	const struct lg_config *cfg = p->config;

	if (!f->package || !f->version)
		return -1;
	for (size_t i = 0; i < cfg->nsuppress; i++) {
		const struct lg_suppression *s = &cfg->suppress[i];
		const char *sha;

		if (expired(p, s) || strcmp(s->rule, f->rule) != 0 ||
		    strcmp(s->package, f->package) != 0 ||
		    strcmp(s->version, f->version) != 0)
			continue;
		if (s->sha256 && (!(sha = artifact_sha256(r, f)) ||
				  strcmp(sha, s->sha256) != 0))
			continue;
		return (long)i;
	}
	return -1;
}

static void regrade(const struct lg_config *cfg, struct lg_finding *f)
{
	if (lg_rules_flags(f->rule) & LG_RULE_NO_OVERRIDE)
		return;
	for (size_t i = 0; i < cfg->nrules; i++)
		if (strcmp(cfg->rules[i].rule, f->rule) == 0)
			f->severity = cfg->rules[i].severity;
}

/* Moves f to r->suppressed under entry s. */
static int suppress(const struct lg_config *cfg, struct lg_result *r,
		    struct lg_finding *f, const struct lg_suppression *s)
{
	struct lg_buf at = LG_BUF_INIT(SIZE_MAX);

	lg_buf_printf(&at, "%s:%zu", cfg->origin ? cfg->origin : "", s->line);
	if (at.err || !(f->suppressed_by = lg__strdup(s->reason)) ||
	    !(f->suppressed_at = lg_buf_detach(&at))) {
		lg_buf_dispose(&at);
		lg_finding_dispose(f);
		return lg_error_oom();
	}
	return lg_findings_take(&r->suppressed, f);
}

/* Filters r->findings in place; used[i] marks entries that matched. */
static int filter(const struct lg_policy *p, struct lg_result *r, bool *used)
{
	struct lg_findings *fs = &r->findings;
	size_t keep = 0, i;
	int error = 0;

	for (i = 0; i < fs->n && !error; i++) {
		struct lg_finding *f = &fs->v[i];
		long s;

		if (lg_policy_rule_disabled(p->config, f->rule)) {
			lg_finding_dispose(f);
			r->ndisabled++;
			continue;
		}
		regrade(p->config, f);
		if (!(lg_rules_flags(f->rule) & LG_RULE_NO_OVERRIDE) &&
		    (s = find_suppression(p, r, f)) >= 0) {
			used[s] = true;
			error = suppress(p->config, r, f, &p->config->suppress[s]);
			continue;
		}
		fs->v[keep++] = *f;
	}
	for (; i < fs->n; i++)
		fs->v[keep++] = fs->v[i];
	fs->n = keep;
	return error;
}

static bool package_checked(const struct lg_result *r, const char *name)
{
	for (size_t i = 0; i < r->nartifacts; i++)
		if (same(r->artifacts[i].package, name))
			return true;
	return false;
}

/* The expired and unused notices, on the configuration's file and line. */
static int notices(const struct lg_policy *p, struct lg_result *r,
		   const bool *used)
{
	const struct lg_config *cfg = p->config;
	int error = 0;

	for (size_t i = 0; i < cfg->nsuppress && !error; i++) {
		const struct lg_suppression *s = &cfg->suppress[i];
		size_t from = r->findings.n;

		if (expired(p, s))
			error = lg_findings_add(&r->findings,
						LG_RULE_SUPPRESSION_EXPIRED,
						LG_SEV_LOW, NULL, 0,
						"the suppression of %s on %s %s "
						"expired (expires = %s) and hides "
						"nothing now (reason: %s)", s->rule,
						s->package, s->version,
						s->expires_text, s->reason);
		else if (!used[i] && package_checked(r, s->package))
			error = lg_findings_add(&r->findings,
						LG_RULE_SUPPRESSION_UNUSED,
						LG_SEV_INFO, NULL, 0,
						"the suppression of %s on %s %s "
						"matched no finding in this run",
						s->rule, s->package, s->version);
		else
			continue;
		if (!error)
			error = lg_findings_set_context(&r->findings, from,
							s->package, s->version,
							NULL, cfg->origin, s->line);
	}
	return error;
}

int lg_policy_apply(const struct lg_policy *p, struct lg_result *r)
{
	bool *used = NULL;
	int error;

	if (!p->config)
		return 0;
	if (p->config->nsuppress &&
	    !(used = lg__calloc(p->config->nsuppress, sizeof(*used))))
		return lg_error_oom();
	if ((error = filter(p, r, used)) == 0)
		error = notices(p, r, used);
	lg__free(used);
	return error;
}
