/* SPDX-License-Identifier: MIT */
/* lg_pysrc_parse: tokens, then scopes, imports and calls over them. */
#include "lg/buf.h"
#include "lg/pysrc.h"
#include "pysrc_private.h"

void lg_pysrc_free(struct lg_pysrc *src)
{
	if (!src)
		return;
	lg__free(src->toks);
	lg__free(src->scopes);
	lg__free(src->imports);
	lg__free(src->imports_sorted);
	lg__free(src->calls);
	lg__free(src->assigns);
	lg__free(src->norms);
	lg_pysrc__pool_free(src->pool);
	lg__free(src);
}

int lg_pysrc_parse(struct lg_pysrc **out, const char *buf, size_t len)
{
	struct lg_pysrc *src = NULL;
	int error;

	LG_ASSERT_ARG(out && (buf || !len));
	*out = NULL;
	if (!(src = lg__calloc(1, sizeof(*src)))) {
		error = lg_error_oom();
		goto done;
	}
	src->buf = buf ? buf : "";
	src->len = len;
	if ((error = lg_pysrc_tokenize(&src->toks, &src->ntoks, src->buf,
				       len)) < 0 ||
	    (error = lg_pysrc__pool_new(&src->pool)) < 0 ||
	    (error = lg_pysrc__normalize(src)) < 0 ||
	    (error = lg_pysrc__scopes(src)) < 0 ||
	    (error = lg_pysrc__imports(src)) < 0 ||
	    (error = lg_pysrc__calls(src)) < 0)
		goto done;
	*out = src;
	src = NULL;
done:
	lg_pysrc_free(src);
	return error;
}

struct lg_str lg_pysrc_raw_text(const struct lg_pysrc *src, size_t i)
{
	struct lg_str s = {"", 0};

	if (src && i < src->ntoks) {
		s.ptr = src->buf + src->toks[i].off;
		s.len = src->toks[i].len;
	}
	return s;
}

struct lg_str lg_pysrc_text(const struct lg_pysrc *src, size_t i)
{
	size_t lo = 0, hi;

	if (!src || i >= src->ntoks ||
	    !(src->toks[i].flags & LG_PYTOK_F_NONASCII) ||
	    src->toks[i].kind != LG_PYTOK_NAME)
		return lg_pysrc_raw_text(src, i);
	hi = src->nnorms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->norms[mid].tok < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < src->nnorms && src->norms[lo].tok == i)
		return (struct lg_str){src->norms[lo].text, src->norms[lo].len};
	return lg_pysrc_raw_text(src, i);
}

bool lg_pysrc_is(const struct lg_pysrc *src, size_t i,
		 enum lg_pytok_kind kind, const char *text)
{
	struct lg_str s;

	if (!src || i >= src->ntoks || src->toks[i].kind != kind)
		return false;
	if (!text)
		return true;
	s = lg_pysrc_text(src, i);
	return strlen(text) == s.len && memcmp(text, s.ptr, s.len) == 0;
}

enum lg_pyscope_kind lg_pysrc_scope_kind(const struct lg_pysrc *src, size_t i)
{
	if (!src || i >= src->ntoks || src->toks[i].scope >= src->nscopes)
		return LG_PYSCOPE_MODULE;
	return src->scopes[src->toks[i].scope].kind;
}

size_t lg_pysrc_first_assign(const struct lg_pysrc *src, size_t tok)
{
	size_t lo = 0, hi = src->nassigns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->assigns[mid].target < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t lg_pysrc_first_call(const struct lg_pysrc *src, size_t tok)
{
	size_t lo = 0, hi = src->ncalls;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (src->calls[mid].lparen < tok)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
