/* SPDX-License-Identifier: MIT */
/* Groups and helpers shared by the files of the test_rules executable. */
#ifndef LG_RULES_TESTS_H
#define LG_RULES_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/model.h"
#include "lg/rules.h"

int test_rules_table_group(void);
int test_rules_decode_exec_group(void);
int test_rules_setup_group(void);
int test_rules_pth_group(void);
int test_rules_behave_group(void);
int test_rules_backend_group(void);
int test_rules_obf_group(void);
int test_rules_squat_group(void);
int test_rules_wheel_group(void);
int test_rules_fold_group(void);

/* Scans text as the member at path into f (asserting success). */
void t_scan(struct lg_findings *f, const char *path, const char *text);
/* Findings of rule in f. */
size_t t_count(const struct lg_findings *f, const char *rule);
/* The only finding of rule in f (fails unless there is exactly one). */
const struct lg_finding *t_one(const struct lg_findings *f, const char *rule);
/* Asserts f holds no finding at all (printing them when it does). */
void t_none(const struct lg_findings *f);

#endif
