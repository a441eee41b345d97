/* SPDX-License-Identifier: MIT */
#ifndef LG_REPORT_PRIVATE_H
#define LG_REPORT_PRIVATE_H

#include "lg/report.h"

extern const struct lg_report_sink lg_report__json;
extern const struct lg_report_sink lg_report__text;

#endif
