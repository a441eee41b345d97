/* SPDX-License-Identifier: MIT */
/* lockgate explain [RULE]: straight from the rule table. */
#include <stdio.h>

#include "cmd.h"
#include "lg/rules.h"

static const char explain_usage[] =
	"usage: lockgate explain [RULE]\n\n"
	"Prints a rule's title, default severity and help; without RULE, lists "
	"all rules.";

int cmd_explain(int argc, char **argv)
{
	const struct lg_rule_info *rule;
	char *pos[1];
	size_t npos;
	int rc;

	rc = lg_opt_parse(NULL, 0, argc, argv, pos, 1, &npos, explain_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if (!npos) {
		for (size_t i = 0; i < lg_rules_count(); i++) {
			rule = lg_rules_at(i);
			printf("%-32s %-8s %s\n", rule->id,
			       lg_severity_name(rule->severity), rule->title);
		}
		return LG_EXIT_PASS;
	}
	if (!(rule = lg_rules_find(pos[0]))) {
		fprintf(stderr, "lockgate: no rule '%s' (run 'lockgate explain' "
				"for the list)\n", pos[0]);
		return LG_EXIT_USAGE;
	}
	printf("%s: %s\ndefault severity: %s\n\n%s\n", rule->id, rule->title,
	       lg_severity_name(rule->severity), rule->help);
	return LG_EXIT_PASS;
}
