/* SPDX-License-Identifier: MIT */
/* All core allocation goes through here, so tests can make it fail. */
#include <errno.h>

#include "lg/buf.h"

static _Thread_local long fail_after = -1;

void lg_alloc_fail_after(long n)
{
	fail_after = n;
}

static bool should_fail(void)
{
	if (fail_after < 0)
		return false;
	if (fail_after == 0)
		return true;
	fail_after--;
	return false;
}

void *lg__malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *lg__calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *lg__realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void *lg__reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return lg__realloc(p, n * size);
}

char *lg__strndup(const char *s, size_t n)
{
	char *p = lg__malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *lg__strdup(const char *s)
{
	return s ? lg__strndup(s, strlen(s)) : NULL;
}

void lg__free(void *p)
{
	free(p);
}
