/* SPDX-License-Identifier: MIT */
/* core/decode over arbitrary bytes: every codec on its own, the peeler
 * and the sniffers, checking what callers rely on: only the documented
 * errors, outputs within their caps, an invalid input leaving out as it
 * was, and a peel of nothing giving back the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/decode.h"
#include "lg/errors.h"
#include "lg/limits.h"

#define FUZZ_MAX_INPUT (256u << 10)
#define FUZZ_APPLY_CAP (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_apply(const char *in, size_t len)
{
	for (int c = 0; c < LG_CODEC_COUNT; c++) {
		struct lg_buf out = LG_BUF_INIT(FUZZ_APPLY_CAP);
		int error;

		if (lg_buf_puts(&out, "pre") != 0)
			abort();
		error = lg_decode_apply(&out, (enum lg_codec)c, in, len);
		if (error != 0 && error != LG_EINVALID && error != LG_ETOOBIG &&
		    error != LG_ENOMEM)
			abort();
		if (out.len > FUZZ_APPLY_CAP || memcmp(out.ptr, "pre", 3))
			abort();
		if (error == LG_EINVALID && out.len != 3)
			abort();
		/* text codecs never grow the input (a85 'z' at most 4x) */
		if (!error && c != LG_CODEC_ZLIB && c != LG_CODEC_DEFLATE &&
		    c != LG_CODEC_GZIP && c != LG_CODEC_BZ2 &&
		    c != LG_CODEC_LZMA && out.len - 3 > len * 4)
			abort();
		if (!error && (c == LG_CODEC_ROT13 || c == LG_CODEC_REVERSE) &&
		    out.len - 3 != len)
			abort();
		lg_buf_dispose(&out);
		lg_error_clear();
	}
}

static void check_peel(const char *in, size_t len)
{
	struct lg_buf out = LG_BUF_INIT(LG_MAX_DECODE_BYTES);
	unsigned layers = 0;
	int error = lg_decode_peel(&out, &layers, in, len);

	if (error != 0 && error != LG_ETOOBIG && error != LG_ENOMEM)
		abort();
	if (!error && (layers > LG_MAX_DECODE_LAYERS ||
		       out.len > LG_MAX_DECODE_BYTES))
		abort();
	if (!error && layers == 0 &&
	    (out.len != len || (len && memcmp(out.ptr, in, len))))
		abort();
	if (!error) {
		(void)lg_decode_is_marshal(out.ptr, out.len);
		(void)lg_decode_looks_like_python(out.ptr, out.len);
	}
	lg_buf_dispose(&out);
	lg_error_clear();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* An exact-size copy, so reading one byte past the end is caught. */
	if (!(in = malloc(size ? size : 1)))
		return 0;
	if (size)
		memcpy(in, data, size);
	(void)lg_decode_is_marshal(in, size);
	(void)lg_decode_looks_like_python(in, size);
	check_apply(in, size);
	check_peel(in, size);
	free(in);
	return 0;
}
