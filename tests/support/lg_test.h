/* SPDX-License-Identifier: MIT */
#ifndef LG_TEST_H
#define LG_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lg/errors.h"

#define LG_TEST_STR(s) (s), (sizeof(s) - 1)

#endif
