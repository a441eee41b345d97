/* SPDX-License-Identifier: MIT */
#ifndef LG_INCLUDE_COMMON_H
#define LG_INCLUDE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LG_EXTERN(type) extern __attribute__((visibility("default"))) type
#define LG_WARN_UNUSED __attribute__((warn_unused_result))
#define LG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define LG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define LG_VERSION "0.1.0"

/* Severity of a finding, ordered. */
enum lg_severity {
	LG_SEV_INFO = 0,
	LG_SEV_LOW,
	LG_SEV_MEDIUM,
	LG_SEV_HIGH,
	LG_SEV_CRITICAL,
};

/* Name of a severity ("info".."critical"); never NULL. */
LG_EXTERN(const char *) lg_severity_name(enum lg_severity sev);
/* Parses a severity name. Returns 0 or LG_EINVALID. */
LG_EXTERN(int) lg_severity_parse(enum lg_severity *out, const char *name);

/* Seconds since the epoch of an RFC 3339 time "YYYY-MM-DDTHH:MM:SS[.frac]"
 * with "Z" (utc_only), or also "t"/" " as the separator, a "+hh:mm" /
 * "-hh:mm" offset, or no zone (taken as UTC: PyPI's upload_time). Returns
 * 0, or LG_EINVALID (no error set) with *out = -1. */
LG_EXTERN(int) lg_time_parse(int64_t *out, const char *s, bool utc_only)
	LG_WARN_UNUSED;

#endif
