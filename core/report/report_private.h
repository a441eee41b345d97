/* SPDX-License-Identifier: MIT */
#ifndef LG_REPORT_PRIVATE_H
#define LG_REPORT_PRIVATE_H

#include "lg/report.h"

extern const struct lg_report_sink lg_report__json;
extern const struct lg_report_sink lg_report__text;

/* A JSON string of s made valid UTF-8, or JSON null for NULL; NULL when
 * out of memory. New reference (json.c; used by every JSON renderer). */
struct json_t *lg_report__jstr(const char *s);

#endif
