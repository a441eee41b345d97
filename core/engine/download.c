/* SPDX-License-Identifier: MIT */
/* The download phase of lockgate check: every file of every changed
 * package in one parallel batch, after the cache had its say. */
#include <stdio.h>

#include "lg/cache.h"
#include "lg/fetch.h"
#include "lg/index.h"
#include "engine_private.h"
#include "lazy.h"

void lg_engine__job_dispose(struct lg_engine__job *job)
{
	lg_buf_dispose(&job->body);
	lg__free(job->url);
	lg__free(job->message);
	lg_engine__lazy_free(job->lazy);
	lg_buf_dispose(&job->prov);
	lg__free(job->prov_url);
	lg__free(job->prov_message);
	job->prov_url = job->prov_message = NULL;
	job->url = job->message = NULL;
	job->lazy = NULL;
}

static int job_fail(struct lg_engine__job *job, int error, const char *msg)
{
	lg__free(job->message);
	job->error = error < 0 ? error : LG_ERROR;
	if (!(job->message = lg__strdup(msg)))
		return lg_error_oom();
	return 0;
}

/* A cache hit: the entry is verified against its name as it is read. */
static bool from_cache(struct lg_engine__job *job, const char *dir)
{
	const char *hex = job->file->sha256;

	if (!dir || !hex || !lg_cache_has(dir, hex))
		return false;
	if (lg_cache_get(&job->body, dir, hex) < 0) {
		lg_error_clear(); /* a bad entry is removed; download again */
		return false;
	}
	memcpy(job->got, hex, LG_SHA256_HEX_LEN + 1);
	job->from_cache = true;
	return true;
}

size_t lg_engine__max_file(size_t max_file_bytes)
{
	if (!max_file_bytes || max_file_bytes > LG_MAX_ARTIFACT_BYTES)
		return LG_MAX_ARTIFACT_BYTES;
	return max_file_bytes;
}

int lg_engine__take_full(struct lg_engine__job *job,
			 struct lg_fetch_request *r)
{
	if (r->error < 0)
		return job_fail(job, r->error, r->message);
	/* The request's body moves into the job. */
	lg_buf_dispose(&job->body);
	job->body = r->body;
	lg_buf_init(&r->body, 0);
	memcpy(job->got, r->sha256, sizeof(job->got));
	return 0;
}

uint64_t lg_engine__room(const struct lg_engine__job *jobs, size_t n)
{
	uint64_t held = 0;

	for (size_t i = 0; i < n; i++)
		held += jobs[i].body.len;
	return held >= LG_MAX_TOTAL_DOWNLOAD ? 1 : LG_MAX_TOTAL_DOWNLOAD - held;
}

/* Downloads the jobs listed in idx in full, in one batch. */
static int download_full(struct lg_engine__job *jobs, size_t njobs,
			 const size_t *idx, size_t n,
			 const struct lg_engine_options *opts)
{
	struct lg_fetch_options fo = opts->fetch;
	struct lg_fetch_request *reqs = NULL;
	int error = 0;

	if (!n)
		return 0;
	if (!(reqs = lg__calloc(n, sizeof(*reqs))))
		return lg_error_oom();
	for (size_t i = 0; i < n; i++) {
		struct lg_fetch_request init = LG_FETCH_REQUEST_INIT(0);

		reqs[i] = init;
		reqs[i].url = jobs[idx[i]].url;
		reqs[i].max = lg_engine__max_file(opts->max_file_bytes);
		reqs[i].hash = true;
	}
	fo.progress = opts->progress;
	fo.progress_payload = opts->progress_payload;
	/* Bytes already held (cache hits, earlier batches) count too. */
	if ((error = lg_fetch_batch(reqs, n, lg_engine__room(jobs, njobs),
				    &fo)) < 0)
		goto done;
	for (size_t i = 0; i < n && !error; i++)
		error = lg_engine__take_full(&jobs[idx[i]], &reqs[i]);
done:
	for (size_t i = 0; i < n; i++)
		lg_fetch_request_dispose(&reqs[i]);
	lg__free(reqs);
	return error;
}

int lg_engine__download(struct lg_engine__job *jobs, size_t n,
			const struct lg_engine_options *opts)
{
	size_t *full = NULL, *lazy = NULL, nfull = 0, nlazy = 0;
	int error = 0;

	if (!n)
		return 0;
	if (!(full = lg__calloc(n, sizeof(*full))) ||
	    !(lazy = lg__calloc(n, sizeof(*lazy)))) {
		error = lg_error_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].error < 0 || from_cache(&jobs[i], opts->cache_dir))
			continue;
		if (opts->fetch.offline) {
			char msg[LG_MAX_ERRMSG];

			snprintf(msg, sizeof(msg), "%s (sha256 %.16s...): not "
				 "in the download cache (--offline)",
				 jobs[i].file->filename,
				 jobs[i].file->sha256 ? jobs[i].file->sha256
						      : "unknown");
			if ((error = job_fail(&jobs[i], LG_ENET, msg)) < 0)
				goto done;
			continue;
		}
		if (jobs[i].lazy_ok && !opts->full_download)
			lazy[nlazy++] = i;
		else
			full[nfull++] = i;
	}
	/* Whole downloads run alongside the lazy reads' first round; lazy
	 * reads that cannot be done (no ranges, small or odd wheels) come
	 * back in full[] for a last batch. */
	if ((error = lg_engine__lazy_read(jobs, n, lazy, nlazy, full, &nfull,
					  opts)) < 0)
		goto done;
	error = download_full(jobs, n, full, nfull, opts);
done:
	lg__free(full);
	lg__free(lazy);
	return error;
}
