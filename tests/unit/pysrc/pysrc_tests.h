/* SPDX-License-Identifier: MIT */
/* Groups and helpers shared by the files of the test_pysrc executable. */
#ifndef LG_PYSRC_TESTS_H
#define LG_PYSRC_TESTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/pysrc.h"

int test_pysrc_tokenize_group(void);
int test_pysrc_strlit_group(void);
int test_pysrc_structure_group(void);
int test_pysrc_nfkc_group(void);

/* Parses the C string text (asserting success). */
struct lg_pysrc *t_parse(const char *text);
/* Space-separated kind names of the tokens of src. */
const char *t_kinds(const struct lg_pysrc *src);
/* Text of token i as a NUL-terminated copy (static buffer). */
const char *t_text(const struct lg_pysrc *src, size_t i);
/* Index of the first token whose text is text (after from); fails if none. */
size_t t_find(const struct lg_pysrc *src, const char *text, size_t from);
/* Call whose callee expression starts at the token with text; or NULL. */
const struct lg_pycall *t_call_at(const struct lg_pysrc *src, size_t tok);

#endif
