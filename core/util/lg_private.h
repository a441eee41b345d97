/* SPDX-License-Identifier: MIT */
/* Force-included first in every core/ translation unit. */
#ifndef LG_PRIVATE_H
#define LG_PRIVATE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "lg/common.h"
#include "lg/errors.h"
#include "lg/limits.h"

#define LG_ASSERT_ARG(expr)                                                  \
	do {                                                                 \
		if (!(expr)) {                                               \
			lg_error_set(LG_ERRCLASS_INTERNAL,                   \
				     "invalid argument: '%s'", #expr);       \
			return LG_ERROR;                                     \
		}                                                            \
	} while (0)

#include "banned.h"

#endif
