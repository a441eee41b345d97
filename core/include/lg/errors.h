/* SPDX-License-Identifier: MIT */
#ifndef LG_INCLUDE_ERRORS_H
#define LG_INCLUDE_ERRORS_H

#include "lg/common.h"

/* Return codes of fallible functions: 0 is success, negative is failure. */
enum lg_error_code {
	LG_OK = 0,
	LG_ERROR = -1,       /* generic; see lg_error_last() */
	LG_ENOMEM = -2,      /* allocation failed */
	LG_ENOTFOUND = -3,   /* file, blob, package or version absent */
	LG_EINVALID = -4,    /* malformed input */
	LG_ETOOBIG = -5,     /* a limit from lg/limits.h was hit */
	LG_EUNSUPPORTED = -6,/* known format or feature we do not handle */
	LG_ENET = -7,        /* transport failure (DNS, TLS, timeout) */
	LG_EHTTP = -8,       /* non-2xx answer from a server */
	LG_EUSAGE = -9,      /* caller asked for something impossible (bad rev) */
};

enum lg_error_class {
	LG_ERRCLASS_NONE = 0,
	LG_ERRCLASS_OS,
	LG_ERRCLASS_NOMEMORY,
	LG_ERRCLASS_LOCKFILE,
	LG_ERRCLASS_GIT,
	LG_ERRCLASS_NET,
	LG_ERRCLASS_ARCHIVE,
	LG_ERRCLASS_HASH,
	LG_ERRCLASS_JSON,
	LG_ERRCLASS_POLICY,
	LG_ERRCLASS_SOURCE,
	LG_ERRCLASS_INTERNAL,
};

#define LG_MAX_ERRMSG 512u

struct lg_error {
	enum lg_error_class klass;
	char message[LG_MAX_ERRMSG];
};

/* The last error set on this thread. Ownership: borrowed, thread-local;
 * never NULL (message is "" when nothing was set). */
LG_EXTERN(const struct lg_error *) lg_error_last(void);
LG_EXTERN(void) lg_error_clear(void);
/* Sets the thread's error: one line, set where the problem is detected. */
LG_EXTERN(void) lg_error_set(enum lg_error_class klass, const char *fmt, ...)
	LG_PRINTF(2, 3);
/* Sets "out of memory" without allocating; returns LG_ENOMEM. */
LG_EXTERN(int) lg_error_oom(void);
/* Set-and-return helpers. */
LG_EXTERN(int) lg_error_toobig(const char *fmt, ...) LG_PRINTF(1, 2);
LG_EXTERN(int) lg_error_invalid(enum lg_error_class klass, const char *fmt, ...)
	LG_PRINTF(2, 3);

#endif
