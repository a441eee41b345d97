/* SPDX-License-Identifier: MIT */
#ifndef LG_SINKS_TESTS_H
#define LG_SINKS_TESTS_H

void test_report_escape__workflow(void **state);
void test_report_escape__markdown(void **state);
void test_report_github__annotations(void **state);
void test_report_github__policy_levels(void **state);
void test_report_gitlab__codequality(void **state);
void test_report_fingerprint__stable(void **state);
void test_report_sarif__shape(void **state);
void test_report_markdown__escaped(void **state);
void test_report_text__grouped_one_line(void **state);
void test_report_sinks__all_listed(void **state);
void test_report_suppressed__every_sink(void **state);

#define LG_SINK_TESTS                                                  \
	cmocka_unit_test(test_report_escape__workflow),                \
	cmocka_unit_test(test_report_escape__markdown),                \
	cmocka_unit_test(test_report_github__annotations),             \
	cmocka_unit_test(test_report_github__policy_levels),           \
	cmocka_unit_test(test_report_gitlab__codequality),             \
	cmocka_unit_test(test_report_fingerprint__stable),             \
	cmocka_unit_test(test_report_sarif__shape),                    \
	cmocka_unit_test(test_report_markdown__escaped),               \
	cmocka_unit_test(test_report_text__grouped_one_line),          \
	cmocka_unit_test(test_report_sinks__all_listed),               \
	cmocka_unit_test(test_report_suppressed__every_sink)

#endif
