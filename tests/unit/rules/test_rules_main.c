/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "rules_tests.h"

void t_scan(struct lg_findings *f, const char *path, const char *text)
{
	int error = lg_rules_scan_member(f, path, text, strlen(text));

	if (error)
		fail_msg("scan of %s: %d %s", path, error,
			 lg_error_last()->message);
}

size_t t_count(const struct lg_findings *f, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += strcmp(f->v[i].rule, rule) == 0;
	return n;
}

static void dump(const struct lg_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		print_message("  %s %s %s:%zu %s\n", f->v[i].rule,
			      lg_severity_name(f->v[i].severity),
			      f->v[i].path ? f->v[i].path : "-", f->v[i].line,
			      f->v[i].message);
}

const struct lg_finding *t_one(const struct lg_findings *f, const char *rule)
{
	const struct lg_finding *hit = NULL;

	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, rule)) {
			if (hit) {
				dump(f);
				fail_msg("more than one %s", rule);
			}
			hit = &f->v[i];
		}
	if (!hit) {
		dump(f);
		fail_msg("no %s finding", rule);
	}
	return hit;
}

void t_none(const struct lg_findings *f)
{
	if (f->n) {
		dump(f);
		fail_msg("%zu unexpected findings", f->n);
	}
}

int main(void)
{
	int failed = 0;

	failed += test_rules_table_group();
	failed += test_rules_decode_exec_group();
	failed += test_rules_setup_group();
	failed += test_rules_pth_group();
	failed += test_rules_behave_group();
	failed += test_rules_backend_group();
	failed += test_rules_obf_group();
	failed += test_rules_squat_group();
	failed += test_rules_wheel_group();
	failed += test_rules_fold_group();
	return failed ? 1 : 0;
}
