/* SPDX-License-Identifier: MIT */
/* Transitions: install-time behaviour a new version adds (lg/lockpolicy.h). */
#include "lg/buf.h"
#include "lg/lockpolicy.h"
#include "lg/rules.h"

/* Rules whose findings are install or startup behaviour by their nature. */
static const struct {
	const char *rule;
	const char *where;
} by_rule[] = {
	{LG_RULE_CMDCLASS_OVERRIDE, "install"},
	{LG_RULE_SETUP_NETWORK, "install"},
	{LG_RULE_PEP517_BACKEND, "install"},
	{LG_RULE_TOPLEVEL_PROCESS, "install"},
	{LG_RULE_STARTUP_MODULE, "startup"},
	{LG_RULE_PTH_EXEC_LINE, "startup"},
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

const char *lg_install_behaviour(const struct lg_finding *f)
{
	const char *m = f->message ? f->message : "";

	for (size_t i = 0; i < LG_ARRAY_SIZE(by_rule); i++)
		if (strcmp(f->rule, by_rule[i].rule) == 0)
			return f->severity >= LG_SEV_LOW ||
					       strcmp(f->rule, LG_RULE_PEP517_BACKEND) == 0
				       ? by_rule[i].where
				       : NULL;
	if (f->severity < LG_SEV_LOW)
		return NULL;
	if (ends_with(m, "install context)"))
		return "install";
	if (ends_with(m, "startup context)"))
		return "startup";
	return NULL;
}

/* lg_install_behaviour, and with takeover also "import" for import-time
 * findings of medium or above (C16). */
static const char *behaviour(const struct lg_finding *f, bool takeover)
{
	const char *w = lg_install_behaviour(f);

	if (!w && takeover && f->severity >= LG_SEV_MEDIUM && f->message &&
	    ends_with(f->message, "(import context)"))
		w = "import";
	return w;
}

static bool has_behaviour(const struct lg_finding *v, size_t n,
			  const char *rule, const char *where, bool takeover)
{
	for (size_t i = 0; i < n; i++) {
		const char *w = behaviour(&v[i], takeover);

		if (w && strcmp(w, where) == 0 && strcmp(v[i].rule, rule) == 0)
			return true;
	}
	return false;
}

int lg_transition_check(struct lg_findings *out, const struct lg_finding *old_v,
			size_t nold, const struct lg_finding *new_v, size_t nnew,
			const char *old_version)
{
	return lg_transition_check_ex(out, old_v, nold, new_v, nnew, old_version,
				      NULL);
}

int lg_transition_check_ex(struct lg_findings *out,
			   const struct lg_finding *old_v, size_t nold,
			   const struct lg_finding *new_v, size_t nnew,
			   const char *old_version, const char *why)
{
	bool takeover = why != NULL;
	int error;

	for (size_t i = 0; i < nnew; i++) {
		const struct lg_finding *f = &new_v[i];
		const char *where = behaviour(f, takeover);

		/* Once per behaviour: skip it when an earlier new finding has it. */
		if (!where || has_behaviour(new_v, i, f->rule, where, takeover) ||
		    has_behaviour(old_v, nold, f->rule, where, takeover))
			continue;
		if ((error = lg_findings_add(
			     out, LG_RULE_TRANSITION, LG_SEV_HIGH, f->path, f->line,
			     "new %s-time behaviour since %s: %s (%s context), "
			     "which %s did not have%s%s%s", where, old_version,
			     f->rule, where, old_version,
			     takeover ? ", in " : "", takeover ? why : "",
			     takeover ? " (account-takeover shape, C16)" : "")) < 0)
			return error;
		if (f->file && !(out->v[out->n - 1].file = lg__strdup(f->file)))
			return lg_error_oom();
	}
	return 0;
}
