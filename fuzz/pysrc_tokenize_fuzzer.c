/* SPDX-License-Identifier: MIT */
/* The Python tokenizer and structure over arbitrary bytes, with the rules
 * on top (as setup.py and as a .pth), checking the invariants callers
 * rely on: tokens inside the input, in order, brackets paired both ways,
 * scopes, calls and assignments pointing at real tokens. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/model.h"
#include "lg/pysrc.h"
#include "lg/rules.h"

#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tokens(const struct lg_pysrc *src)
{
	uint32_t line = 1;

	if (!src->ntoks || src->toks[src->ntoks - 1].kind != LG_PYTOK_ENDMARKER)
		abort();
	for (size_t i = 0; i < src->ntoks; i++) {
		const struct lg_pytok *t = &src->toks[i];

		if ((size_t)t->off + t->len > src->len || t->line < line ||
		    t->scope >= src->nscopes || t->depth > LG_MAX_PY_NESTING)
			abort();
		if (t->match != LG_PYTOK_NONE &&
		    (t->match >= src->ntoks || src->toks[t->match].match != i))
			abort();
		line = t->line;
	}
}

static void check_structure(const struct lg_pysrc *src)
{
	for (size_t i = 0; i < src->nscopes; i++)
		if (src->scopes[i].first > src->scopes[i].end ||
		    src->scopes[i].end > src->ntoks ||
		    (i && src->scopes[i].parent >= i))
			abort();
	for (size_t i = 0; i < src->ncalls; i++) {
		const struct lg_pycall *c = &src->calls[i];

		if (!c->callee || c->first >= c->lparen ||
		    c->lparen >= c->rparen || c->rparen >= src->ntoks ||
		    (i && src->calls[i - 1].lparen >= c->lparen))
			abort();
	}
	for (size_t i = 0; i < src->nassigns; i++)
		if (src->assigns[i].target >= src->assigns[i].first ||
		    src->assigns[i].first >= src->assigns[i].end ||
		    src->assigns[i].end >= src->ntoks)
			abort();
	for (size_t i = 0; i < src->nimports; i++)
		if (!src->imports[i].alias || !src->imports[i].target ||
		    src->imports[i].tok >= src->ntoks)
			abort();
}

static void decode_strings(const struct lg_pysrc *src)
{
	struct lg_buf value = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);

	for (size_t i = 0; i < src->ntoks; i++) {
		if (src->toks[i].kind != LG_PYTOK_STRING)
			continue;
		lg_buf_reset(&value);
		if (lg_pysrc_string_value(&value, src->buf, &src->toks[i]) < 0 ||
		    value.len > src->toks[i].len * 4)
			abort();
	}
	lg_buf_dispose(&value);
}

static void scan_as(const char *path, const char *text, size_t size)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	int error = lg_rules_scan_member(&f, path, text, size);

	if (error > 0 || (error && error != LG_ETOOBIG && error != LG_ENOMEM))
		abort();
	for (size_t i = 0; i < f.n; i++)
		if (!f.v[i].message || !f.v[i].path || !lg_rules_find(f.v[i].rule))
			abort();
	lg_findings_dispose(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_pysrc *src = NULL;
	char *text;
	int error;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* An exact-size copy, so reading one byte past the end is caught. */
	if (!(text = malloc(size ? size : 1)))
		return 0;
	if (size)
		memcpy(text, data, size);
	error = lg_pysrc_parse(&src, text, size);
	if (error == 0) {
		check_tokens(src);
		check_structure(src);
		decode_strings(src);
	} else if (src || (error != LG_ETOOBIG && error != LG_ENOMEM)) {
		abort();
	}
	lg_pysrc_free(src);
	scan_as("pkg-1.0/setup.py", text, size);
	scan_as("pkg-1.0.data/purelib/x.pth", text, size);
	free(text);
	return 0;
}
