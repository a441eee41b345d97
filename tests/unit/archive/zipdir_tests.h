/* SPDX-License-Identifier: MIT */
/* The zip central directory tests (test_zipdir.c), run by test_archive's main. */
#ifndef LG_TEST_ZIPDIR_TESTS_H
#define LG_TEST_ZIPDIR_TESTS_H

void test_zipdir__members(void **state);
void test_zipdir__comment_and_tail(void **state);
void test_zipdir__inconsistent(void **state);
void test_zipdir__zip64(void **state);
void test_zipdir__caps(void **state);
void test_zipdir__local_header(void **state);

#endif
