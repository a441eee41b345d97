/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local struct lg_error last_error;

const struct lg_error *lg_error_last(void)
{
	return &last_error;
}

void lg_error_clear(void)
{
	last_error.klass = LG_ERRCLASS_NONE;
	last_error.message[0] = '\0';
}

LG_PRINTF(2, 0)
static void error_vset(enum lg_error_class klass, const char *fmt, va_list ap)
{
	char msg[sizeof(last_error.message)];

	/* Into a copy first: an argument may be the last message itself
	 * ("while reading X: %s", lg_error_last()->message). */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	memcpy(last_error.message, msg, sizeof(msg));
	last_error.klass = klass;
	/* One line: fold any newline an argument brought in. */
	for (char *p = last_error.message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

void lg_error_set(enum lg_error_class klass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(klass, fmt, ap);
	va_end(ap);
}

int lg_error_oom(void)
{
	last_error.klass = LG_ERRCLASS_NOMEMORY;
	snprintf(last_error.message, sizeof(last_error.message), "out of memory");
	return LG_ENOMEM;
}

int lg_error_toobig(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(LG_ERRCLASS_INTERNAL, fmt, ap);
	va_end(ap);
	return LG_ETOOBIG;
}

int lg_error_invalid(enum lg_error_class klass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(klass, fmt, ap);
	va_end(ap);
	return LG_EINVALID;
}

static const char *const severity_names[] = {
	"info", "low", "medium", "high", "critical",
};

const char *lg_severity_name(enum lg_severity sev)
{
	if ((size_t)sev >= LG_ARRAY_SIZE(severity_names))
		return "unknown";
	return severity_names[sev];
}

int lg_severity_parse(enum lg_severity *out, const char *name)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(severity_names); i++) {
		if (name && strcmp(name, severity_names[i]) == 0) {
			*out = (enum lg_severity)i;
			return 0;
		}
	}
	return lg_error_invalid(LG_ERRCLASS_POLICY, "unknown severity '%s'",
				name ? name : "");
}
