/* SPDX-License-Identifier: MIT */
#ifndef LG_CACHE_PRIVATE_H
#define LG_CACHE_PRIVATE_H

#include <stddef.h>

/* Writes data to path atomically: a temporary file beside it (directories
 * created, 0700), fsync, rename; safe under concurrent runs. dir names the
 * cache in the error. Returns 0 or LG_ERROR/LG_ENOMEM with the error set. */
int lg_cache__write_atomic(const char *path, const char *dir, const void *data,
			   size_t len);

#endif
