/* SPDX-License-Identifier: MIT */
/* lg_pyfold_expr: the entry point of the constant folder. */
#include "lg/buf.h"
#include "pyfold_private.h"

static void result_init(struct lg_pyfold_result *res)
{
	res->constant = false;
	res->decoded = false;
	res->layers = 0;
	res->decoder = NULL;
	res->code = false;
}

/* Tokens a caller's range may end with that are not the expression. */
static bool is_filler(const struct lg_pytok *t)
{
	return t->kind == LG_PYTOK_NEWLINE || t->kind == LG_PYTOK_ENDMARKER ||
	       t->kind == LG_PYTOK_COMMENT || t->kind == LG_PYTOK_INDENT ||
	       t->kind == LG_PYTOK_DEDENT;
}

int lg_pyfold_expr(struct lg_buf *out, struct lg_pyfold_result *res,
		   const struct lg_pysrc *src, size_t first, size_t end)
{
	struct lg_pyfold__ctx f;
	struct lg_pyfold__val v;
	int error = 0;

	LG_ASSERT_ARG(out && res && src);
	result_init(res);
	LG_ASSERT_ARG(first <= end && end <= src->ntoks);
	while (end > first && is_filler(&src->toks[end - 1]))
		end--;
	lg_pyfold__ctx_init(&f, src, res);
	lg_pyfold__init(&v);
	if ((error = lg_pyfold__range(&f, &v, first, end, false)) < 0 ||
	    (error = lg_pyfold__force(&f, &v)) < 0)
		goto done;
	if (v.kind != LG_FV_STR && v.kind != LG_FV_BYTES &&
	    v.kind != LG_FV_CODE)
		goto done;
	if ((error = lg_buf_put(out, v.b.ptr, v.b.len)) < 0)
		goto done;
	res->constant = true;
	res->code = v.kind == LG_FV_CODE;
done:
	lg_pyfold__dispose(&v);
	lg_pyfold__ctx_dispose(&f);
	return error;
}
