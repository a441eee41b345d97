/* SPDX-License-Identifier: MIT */
/* Shared between the files of core/lockfile only. */
#ifndef LG_LOCKFILE_PRIVATE_H
#define LG_LOCKFILE_PRIVATE_H

#include "lg/buf.h"

/* Text of a requirements file as UTF-8, decoded as pip does: a BOM picks
 * UTF-8/16/32; else a PEP 263 coding comment on line 1 or 2 (utf-8,
 * latin-1 and its aliases, ascii); else UTF-8, or Latin-1 when the bytes
 * are not UTF-8. NUL bytes and unknown codings are LG_EINVALID. */
int lg_lockfile__decode_text(struct lg_buf *out, const char *buf, size_t len,
			     const char *origin) LG_WARN_UNUSED;

/* Removes "." and "x/.." components and doubled slashes of a relative or
 * absolute '/'-separated path in place; a ".." above the start is kept
 * (the reader will not find such a file). */
int lg_lockfile__path_normalize(struct lg_buf *path) LG_WARN_UNUSED;

#endif
