/* SPDX-License-Identifier: MIT */
/* Shared inside core/fetch only. */
#ifndef LG_FETCH_PRIVATE_H
#define LG_FETCH_PRIVATE_H

#include <stddef.h>

/* Writes url without its user:password part into dst (at most size - 1
 * bytes and a NUL; long URLs are cut, which is fine for messages only).
 * Never allocates, so it can be used while reporting an out-of-memory. */
void lg_fetch__redact(char *dst, size_t size, const char *url);

/* Offsets that delimit the credentials of url: the bytes [*cut_from,
 * *cut_to) are "user:password@" (an empty range when there are none). */
void lg_fetch__userinfo_span(size_t *cut_from, size_t *cut_to,
			     const char *url);

#endif
