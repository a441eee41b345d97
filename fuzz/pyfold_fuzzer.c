/* SPDX-License-Identifier: MIT */
/* core/pyfold over arbitrary Python: folds the arguments of every call
 * and the value of every assignment, checking that only the documented
 * errors come back, that a constant fits its caps, that the result flags
 * agree, and that a fold that is not constant leaves out untouched.
 * Then names the callees hidden behind lookups (lg_pyfold_callees). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/decode.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"

#define FUZZ_MAX_INPUT (256u << 10)
/* Folds tried per input, so one input stays fast. */
#define FUZZ_MAX_FOLDS 512u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fold(const struct lg_pysrc *src, size_t first, size_t end)
{
	struct lg_buf out = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	struct lg_pyfold_result res;
	int error = lg_pyfold_expr(&out, &res, src, first, end);

	if (error != 0 && error != LG_ETOOBIG && error != LG_ENOMEM)
		abort();
	if (res.decoded != (res.layers > 0) ||
	    res.decoded != (res.decoder != NULL))
		abort();
	if (res.code && !res.constant)
		abort();
	if (!error && res.constant) {
		if (out.len > LG_MAX_FOLD_BYTES)
			abort();
		(void)lg_decode_looks_like_python(out.ptr, out.len);
		(void)lg_decode_is_marshal(out.ptr, out.len);
		if (res.decoder && lg_codec_for_callee(res.decoder) < 0 &&
		    strncmp(res.decoder, "codecs.", 7))
			abort();
	}
	if (!error && !res.constant && out.len != 0)
		abort();
	lg_buf_dispose(&out);
	lg_error_clear();
}

static void check_callees(struct lg_pysrc *src)
{
	int error = lg_pyfold_callees(src);

	if (error != 0 && error != LG_ETOOBIG && error != LG_ENOMEM)
		abort();
	for (size_t i = 0; i < src->ncalls; i++)
		if (!src->calls[i].callee ||
		    strlen(src->calls[i].callee) > LG_MAX_PY_NAME_BYTES)
			abort();
	lg_error_clear();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_pysrc *src = NULL;
	size_t folds = 0;
	char *text;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* An exact-size copy, so reading one byte past the end is caught. */
	if (!(text = malloc(size ? size : 1)))
		return 0;
	if (size)
		memcpy(text, data, size);
	if (lg_pysrc_parse(&src, text, size) == 0) {
		for (size_t i = 0; i < src->ncalls && folds < FUZZ_MAX_FOLDS;
		     i++, folds++)
			check_fold(src, src->calls[i].lparen + 1,
				   src->calls[i].rparen);
		for (size_t i = 0; i < src->nassigns && folds < FUZZ_MAX_FOLDS;
		     i++, folds++)
			check_fold(src, src->assigns[i].first,
				   src->assigns[i].end);
		check_fold(src, 0, src->ntoks);
		check_callees(src);
	}
	lg_pysrc_free(src);
	lg_error_clear();
	free(text);
	return 0;
}
