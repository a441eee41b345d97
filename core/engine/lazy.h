/* SPDX-License-Identifier: MIT */
/* Lazy wheel reads (core/engine only). */
#ifndef LG_ENGINE_LAZY_H
#define LG_ENGINE_LAZY_H

#include "lg/archive.h"
#include "lg/fetch.h"
#include "engine_private.h"

/* One member of a lazily read wheel. */
struct lg_engine__lazy_member {
	const struct lg_zip_entry *e; /* borrowed from the dir */
	char *data;                   /* inflated bytes (owned), or NULL */
	size_t len;
	char sha256[LG_SHA256_HEX_LEN + 1]; /* of data, "" when not read */
	bool entry_point;  /* a console/gui script's module: read in round 4 */
};

/* What a lazy read got: the whole member list, and the bytes of the
 * members install-time code can hide in. */
struct lg_engine__lazy {
	struct lg_zip_dir *dir;
	struct lg_engine__lazy_member *m; /* one per dir entry */
	uint64_t file_size, cd_off, cd_size, entries;
	uint64_t bytes_read;              /* over the network */
};

void lg_engine__lazy_free(struct lg_engine__lazy *l);

/* Reads the jobs listed in lazy[] by range requests (a few rounds, each
 * one parallel batch); the jobs in full[] are downloaded whole in the
 * first round, alongside. On return full[] lists (*nfull) the lazy jobs
 * that could not be read lazily (server without ranges, a wheel under the
 * lazy threshold, a Root-Is-Purelib wheel, a zip the reader does not
 * handle), for a whole download. Returns 0 or LG_ENOMEM. */
int lg_engine__lazy_read(struct lg_engine__job *jobs, size_t njobs,
			 const size_t *lazy, size_t nlazy, size_t *full,
			 size_t *nfull, const struct lg_engine_options *opts)
	LG_WARN_UNUSED;

/* What the run may still download: LG_MAX_TOTAL_DOWNLOAD less the bytes
 * the jobs hold (at least 1, so a full run fails its next file). */
uint64_t lg_engine__room(const struct lg_engine__job *jobs, size_t n);
/* The per-file cap for whole downloads (max_file_bytes, clamped). */
size_t lg_engine__max_file(size_t max_file_bytes);
/* Moves a finished whole-download request into job (body and sha256), or
 * records its error there. Returns 0 or LG_ENOMEM. */
int lg_engine__take_full(struct lg_engine__job *job,
			 struct lg_fetch_request *r);

/* Whether a lazy read fetches this member (install and startup places). */
bool lg_engine__lazy_wants(const char *path);

#endif
