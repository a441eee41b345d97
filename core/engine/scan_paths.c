/* SPDX-License-Identifier: MIT */
/* lockgate scan: local archives, no network. */
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/hash.h"
#include "engine_private.h"

static int scan_path(struct lg_result *r, const struct lg_policy *policy,
		     const char *path)
{
	struct lg_buf body = LG_BUF_INIT(LG_MAX_ARTIFACT_BYTES);
	struct lg_engine_ctx ctx = {NULL, NULL, NULL, 0, false};
	char hex[LG_SHA256_HEX_LEN + 1];
	size_t idx;
	int error;

	if ((error = lg_result_add_artifact(r, &idx, NULL, NULL, path)) < 0)
		goto done;
	if ((error = lg_fs_read_file(&body, path, body.max)) < 0 ||
	    (error = lg_sha256_hex(hex, body.ptr, body.len)) < 0) {
		r->artifacts[idx].verdict = LG_VERDICT_INCOMPLETE;
		if (error != LG_ENOMEM)
			error = lg_result_add_error(r, NULL, "%s",
						    lg_error_last()->message);
		goto done;
	}
	if (!(r->artifacts[idx].sha256 = lg__strdup(hex))) {
		error = lg_error_oom();
		goto done;
	}
	error = lg_engine__scan_artifact(r, idx, policy, body.ptr, body.len, &ctx);
done:
	lg_buf_dispose(&body);
	return error;
}

int lg_engine_scan(struct lg_result **out, const struct lg_engine_options *opts,
		   char *const *paths, size_t npaths)
{
	struct lg_result *r = NULL;
	int error;

	*out = NULL;
	if ((error = lg_result_new(&r)) < 0)
		return error;
	for (size_t i = 0; i < npaths && !error; i++)
		error = scan_path(r, &opts->policy, paths[i]);
	if (!error)
		error = lg_policy_apply(&opts->policy, r);
	if (error < 0) {
		lg_result_free(r);
		return error;
	}
	lg_policy_finish(&opts->policy, r);
	*out = r;
	return 0;
}
