/* SPDX-License-Identifier: MIT */
/* Combination C13: code executed from a media file (steganography). A
 * scope that reads an image or sound file and runs exec/eval/compile or
 * marshal.loads is how payloads hidden in pictures are started. Pure. */
#include <strings.h>

#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/pysrc.h"
#include "rules_private.h"

static const char *const media_exts[] = {
	".bmp", ".gif", ".ico", ".jpeg", ".jpg", ".mp3", ".png", ".tif",
	".tiff", ".wav", ".webp",
};

/* Calls that read a file's pixels or bytes, and the stego decoders. */
static const char *const readers[] = {
	"Image.open", "PIL.Image.open", "cv2.imread", "imageio.imread",
	"imageio.v2.imread", "io.open", "lsb.reveal", "open",
	"stegano.lsb.reveal", "stepic.decode", "wave.open",
};

static const char *const sinks[] = {
	"builtins.compile", "builtins.eval", "builtins.exec", "compile",
	"eval", "exec", "marshal.loads",
};

static bool in_list(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return true;
	return false;
}

static bool media_name(const char *s, size_t n)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(media_exts); i++) {
		size_t m = strlen(media_exts[i]);

		if (n >= m && !strncasecmp(s + n - m, media_exts[i], m))
			return true;
	}
	return false;
}

/* Whether call c reads a media file: a stego decoder, or a reader given a
 * string constant naming an image or sound file. */
static int reads_media(bool *out, const struct lg_pysrc *src,
		       const struct lg_pycall *c)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	int error = 0;

	*out = false;
	if (!in_list(c->callee, readers, LG_ARRAY_SIZE(readers)))
		return 0;
	if (strstr(c->callee, "reveal") || strstr(c->callee, "decode")) {
		*out = true;
		return 0;
	}
	for (uint32_t k = c->lparen + 1; k < c->rparen && !*out && !error; k++) {
		if (src->toks[k].kind != LG_PYTOK_STRING)
			continue;
		lg_buf_reset(&v);
		if ((error = lg_pysrc_string_value(&v, src->buf, &src->toks[k])) == 0)
			*out = media_name(v.ptr, v.len);
	}
	lg_buf_dispose(&v);
	return error;
}

int lg_rules__stego(struct lg_rules__ctx *ctx)
{
	const struct lg_pysrc *src = ctx->src;
	int error = 0;

	for (size_t s = 0; s < src->nscopes && !error; s++) {
		const struct lg_pycall *media = NULL, *sink = NULL;

		for (size_t i = 0; i < src->ncalls && !error; i++) {
			const struct lg_pycall *c = &src->calls[i];
			bool m = false;

			if (src->toks[c->first].scope != s)
				continue;
			if (!sink && in_list(c->callee, sinks, LG_ARRAY_SIZE(sinks)))
				sink = c;
			if (!media && (error = reads_media(&m, src, c)) == 0 && m)
				media = c;
		}
		if (error || !media || !sink)
			continue;
		error = lg_rules__report(
			ctx, LG_RULE_STEGANOGRAPHY,
			lg_rules__adjust(LG_SEV_CRITICAL,
					 lg_rules__where_at(ctx, sink->first), true),
			sink->line,
			"'%s' runs code in the scope that reads a media file with "
			"'%s' (line %u): a payload hidden in an image or sound "
			"(C13, %s context)", sink->callee, media->callee,
			media->line,
			lg_rules__where_name(lg_rules__where_at(ctx, sink->first)));
	}
	return error;
}
