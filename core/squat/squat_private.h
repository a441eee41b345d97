/* SPDX-License-Identifier: MIT */
/* Shared between the files of core/squat only. */
#ifndef LG_SQUAT_PRIVATE_H
#define LG_SQUAT_PRIVATE_H

#include "lg/squat.h"

/* One popular project: PEP 503 name and download rank (1 = most). */
struct lg_squat__popular {
	const char *name;
	uint16_t rank;
};

/* Sorted bytewise by name (popular.c, generated). */
extern const struct lg_squat__popular lg_squat__popular[];
extern const size_t lg_squat__npopular;

#endif
