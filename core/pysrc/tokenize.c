/* SPDX-License-Identifier: MIT */
/* Python tokenizer over untrusted bytes, after CPython's tokenizer.c: the
 * same logical lines, INDENT/DEDENT and implicit joining, but every odd
 * byte becomes an ERROR token instead of an exception. */
#include "lg/buf.h"
#include "lg/pysrc.h"
#include "pysrc_private.h"

struct tokenizer {
	const char *buf;
	size_t len, pos;
	uint32_t line;
	bool at_bol;        /* at the start of a logical line */
	bool line_has_code; /* the logical line has a non-comment token */
	struct lg_pytok *v;
	size_t n, cap;
	uint32_t brackets[LG_MAX_PY_NESTING]; /* open bracket tokens */
	size_t nbrackets;
	uint32_t indents[LG_MAX_PY_NESTING + 1]; /* columns; [0] == 0 */
	size_t nindents;
};

static const char *const kind_names[] = {
	"ENDMARKER", "NAME",   "NUMBER", "STRING",  "OP",
	"NEWLINE",   "INDENT", "DEDENT", "COMMENT", "ERROR",
};

const char *lg_pytok_kind_name(enum lg_pytok_kind kind)
{
	if ((size_t)kind >= LG_ARRAY_SIZE(kind_names))
		return "UNKNOWN";
	return kind_names[kind];
}

static int tokens_grow(struct tokenizer *tk)
{
	size_t cap;
	struct lg_pytok *v;

	if (tk->n >= LG_MAX_PY_TOKENS)
		return lg_error_toobig("python source has more than %u tokens",
				       LG_MAX_PY_TOKENS);
	if (tk->n < tk->cap)
		return 0;
	cap = tk->cap ? tk->cap * 2 : 256;
	if (cap > LG_MAX_PY_TOKENS)
		cap = LG_MAX_PY_TOKENS;
	if (!(v = lg__reallocarray(tk->v, cap, sizeof(*v))))
		return lg_error_oom();
	tk->v = v;
	tk->cap = cap;
	return 0;
}

static int emit(struct tokenizer *tk, enum lg_pytok_kind kind, size_t off,
		size_t len, uint32_t line, uint8_t flags)
{
	struct lg_pytok *t;
	int error;

	if ((error = tokens_grow(tk)) < 0)
		return error;
	t = &tk->v[tk->n++];
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->line = line;
	t->match = LG_PYTOK_NONE;
	t->scope = 0;
	t->depth = (uint16_t)tk->nbrackets;
	t->kind = (uint8_t)kind;
	t->flags = flags;
	if (kind != LG_PYTOK_COMMENT && kind != LG_PYTOK_NEWLINE &&
	    kind != LG_PYTOK_INDENT && kind != LG_PYTOK_DEDENT)
		tk->line_has_code = true;
	return 0;
}

static int emit_bad(struct tokenizer *tk, size_t len, uint8_t flags)
{
	int error = emit(tk, LG_PYTOK_ERROR, tk->pos, len, tk->line, flags);

	tk->pos += len;
	return error;
}

static int apply_indent(struct tokenizer *tk, uint32_t col)
{
	int error = 0;

	if (col > tk->indents[tk->nindents - 1]) {
		if (tk->nindents > LG_MAX_PY_NESTING)
			return lg_error_toobig(
				"python indentation deeper than %u",
				LG_MAX_PY_NESTING);
		tk->indents[tk->nindents++] = col;
		return emit(tk, LG_PYTOK_INDENT, tk->pos, 0, tk->line, 0);
	}
	while (!error && col < tk->indents[tk->nindents - 1]) {
		tk->nindents--;
		error = emit(tk, LG_PYTOK_DEDENT, tk->pos, 0, tk->line, 0);
	}
	if (!error && col != tk->indents[tk->nindents - 1])
		error = emit(tk, LG_PYTOK_ERROR, tk->pos, 0, tk->line,
			     LG_PYTOK_F_BADDEDENT);
	return error;
}

/* At the start of a line outside brackets: measure the indentation as
 * CPython does (tab to the next multiple of 8, form feed resets). Blank and
 * comment-only lines do not change it. */
static int read_indent(struct tokenizer *tk)
{
	uint32_t col = 0;
	char c = '\n';

	tk->at_bol = false;
	for (; tk->pos < tk->len; tk->pos++) {
		c = tk->buf[tk->pos];
		if (c == ' ')
			col++;
		else if (c == '\t')
			col = (col / 8 + 1) * 8;
		else if (c == '\f')
			col = 0;
		else
			break;
	}
	if (tk->pos == tk->len || c == '\n' || c == '\r' || c == '#')
		return 0;
	return apply_indent(tk, col);
}

static int read_newline(struct tokenizer *tk)
{
	size_t nl = lg_pysrc__newline_len(tk->buf, tk->len, tk->pos);
	int error = 0;

	if (tk->nbrackets == 0 && tk->line_has_code)
		error = emit(tk, LG_PYTOK_NEWLINE, tk->pos, nl, tk->line, 0);
	if (tk->nbrackets == 0) {
		tk->at_bol = true;
		tk->line_has_code = false;
	}
	tk->pos += nl;
	tk->line++;
	return error;
}

static int read_comment(struct tokenizer *tk)
{
	size_t start = tk->pos;

	while (tk->pos < tk->len && tk->buf[tk->pos] != '\n' &&
	       tk->buf[tk->pos] != '\r')
		tk->pos++;
	return emit(tk, LG_PYTOK_COMMENT, start, tk->pos - start, tk->line, 0);
}

/* A backslash joins the next line; anywhere else it is an error. */
static int read_backslash(struct tokenizer *tk)
{
	size_t nl = lg_pysrc__newline_len(tk->buf, tk->len, tk->pos + 1);

	if (!nl)
		return emit_bad(tk, 1, LG_PYTOK_F_BADBYTE);
	tk->pos += 1 + nl;
	tk->line++;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '_';
}

static void skip_digits(struct tokenizer *tk)
{
	while (tk->pos < tk->len &&
	       (is_digit(tk->buf[tk->pos]) || tk->buf[tk->pos] == '_'))
		tk->pos++;
}

static void skip_exponent(struct tokenizer *tk)
{
	size_t p = tk->pos;

	if (p >= tk->len || (tk->buf[p] != 'e' && tk->buf[p] != 'E'))
		return;
	p++;
	if (p < tk->len && (tk->buf[p] == '+' || tk->buf[p] == '-'))
		p++;
	if (p < tk->len && is_digit(tk->buf[p])) {
		tk->pos = p;
		skip_digits(tk);
	}
}

static int read_number(struct tokenizer *tk)
{
	size_t start = tk->pos;
	const char *b = tk->buf;

	if (b[start] == '0' && start + 1 < tk->len &&
	    strchr("xXoObB", b[start + 1]) && b[start + 1] != '\0') {
		tk->pos += 2;
		while (tk->pos < tk->len && is_alnum(b[tk->pos]))
			tk->pos++;
	} else {
		skip_digits(tk);
		if (tk->pos < tk->len && b[tk->pos] == '.') {
			tk->pos++;
			skip_digits(tk);
		}
		skip_exponent(tk);
		if (tk->pos < tk->len &&
		    (b[tk->pos] == 'j' || b[tk->pos] == 'J'))
			tk->pos++;
	}
	return emit(tk, LG_PYTOK_NUMBER, start, tk->pos - start, tk->line, 0);
}

/* Scans one string literal whose opening quote is at q; *end gets the
 * offset after it (or where scanning stopped when *ok is false). */
static int scan_string(struct tokenizer *tk, size_t q, bool fstr,
		       size_t nest, size_t *end, bool *ok);

/* Scans the {expression} of an f-string from p (after '{') to after the
 * closing '}'. Strings inside are scanned as literals of their own. */
static int scan_fexpr(struct tokenizer *tk, size_t p, bool triple,
		      size_t nest, size_t *end, bool *ok)
{
	size_t braces = 0;
	int error;

	*ok = false;
	while (p < tk->len) {
		char c = tk->buf[p];

		if (c == '\'' || c == '"') {
			error = scan_string(tk, p,
					    lg_pysrc__fprefix(tk->buf, p),
					    nest + 1, &p, ok);
			if (error < 0)
				return error;
			if (!*ok)
				break;
			*ok = false;
			continue;
		}
		if (c == '\n' || c == '\r') {
			if (!triple)
				break;
			tk->line++;
			p += lg_pysrc__newline_len(tk->buf, tk->len, p);
			continue;
		}
		if (c == '{')
			braces++;
		else if (c == '}' && braces-- == 0) {
			*ok = true;
			p++;
			break;
		}
		p++;
	}
	*end = p;
	return 0;
}

static int scan_string(struct tokenizer *tk, size_t q, bool fstr,
		       size_t nest, size_t *end, bool *ok)
{
	const char quote = tk->buf[q];
	const bool triple = q + 2 < tk->len && tk->buf[q + 1] == quote &&
			    tk->buf[q + 2] == quote;
	size_t p = q + (triple ? 3 : 1);
	int error;

	if (nest > LG_MAX_PY_NESTING)
		return lg_error_toobig("python f-strings nested deeper than %u",
				       LG_MAX_PY_NESTING);
	*ok = false;
	while (p < tk->len) {
		char c = tk->buf[p];
		size_t nl;

		if (c == '\\') {
			if (p + 1 >= tk->len) {
				p = tk->len;
				break;
			}
			nl = lg_pysrc__newline_len(tk->buf, tk->len, p + 1);
			tk->line += nl ? 1 : 0;
			p += 1 + (nl ? nl : 1);
		} else if (c == quote &&
			   (!triple ||
			    (p + 2 < tk->len && tk->buf[p + 1] == quote &&
			     tk->buf[p + 2] == quote))) {
			*ok = true;
			*end = p + (triple ? 3 : 1);
			return 0;
		} else if (c == '\n' || c == '\r') {
			if (!triple)
				break;
			tk->line++;
			p += lg_pysrc__newline_len(tk->buf, tk->len, p);
		} else if (fstr && c == '{' && p + 1 < tk->len &&
			   tk->buf[p + 1] == '{') {
			p += 2;
		} else if (fstr && c == '{') {
			if ((error = scan_fexpr(tk, p + 1, triple, nest, &p,
						ok)) < 0)
				return error;
			if (!*ok)
				break;
			*ok = false;
		} else {
			p++;
		}
	}
	*end = p;
	return 0;
}

/* String from start (prefix letters) with its quote at q. */
static int read_string(struct tokenizer *tk, size_t start, size_t q)
{
	uint32_t line = tk->line;
	size_t end;
	bool ok;
	int error;

	if ((error = scan_string(tk, q, lg_pysrc__fprefix(tk->buf, q), 0, &end,
				 &ok)) < 0)
		return error;
	tk->pos = end;
	if (ok)
		return emit(tk, LG_PYTOK_STRING, start, end - start, line, 0);
	return emit(tk, LG_PYTOK_ERROR, start, end - start, line,
		    LG_PYTOK_F_UNTERMINATED);
}

static int read_name(struct tokenizer *tk)
{
	size_t start = tk->pos, n;
	uint8_t flags = 0;

	while (tk->pos < tk->len) {
		if (is_alnum(tk->buf[tk->pos]))
			n = 1;
		else if ((n = lg_utf8_len(tk->buf + tk->pos,
					  tk->len - tk->pos)))
			flags = LG_PYTOK_F_NONASCII;
		if (!n)
			break;
		tk->pos += n;
	}
	if (tk->pos == start)
		return emit_bad(tk, 1, LG_PYTOK_F_BADBYTE);
	if (tk->pos < tk->len &&
	    (tk->buf[tk->pos] == '\'' || tk->buf[tk->pos] == '"') &&
	    lg_pysrc__is_string_prefix(tk->buf + start, tk->pos - start))
		return read_string(tk, start, tk->pos);
	return emit(tk, LG_PYTOK_NAME, start, tk->pos - start, tk->line,
		    flags);
}

static int open_bracket(struct tokenizer *tk)
{
	int error;

	if (tk->nbrackets >= LG_MAX_PY_NESTING)
		return lg_error_toobig("python brackets nested deeper than %u",
				       LG_MAX_PY_NESTING);
	if ((error = emit(tk, LG_PYTOK_OP, tk->pos, 1, tk->line, 0)) < 0)
		return error;
	tk->brackets[tk->nbrackets++] = (uint32_t)(tk->n - 1);
	tk->pos++;
	return 0;
}

/* Pops the innermost bracket and links the pair when the kinds agree; a
 * stray or mismatched closer stays unmatched. */
static int close_bracket(struct tokenizer *tk, char c)
{
	static const char pairs[] = "()[]{}";
	uint32_t open = LG_PYTOK_NONE, self = (uint32_t)tk->n;
	int error;

	if (tk->nbrackets > 0)
		open = tk->brackets[--tk->nbrackets];
	if ((error = emit(tk, LG_PYTOK_OP, tk->pos, 1, tk->line, 0)) < 0)
		return error;
	tk->pos++;
	if (open != LG_PYTOK_NONE &&
	    strchr(pairs, tk->buf[tk->v[open].off])[1] == c) {
		tk->v[open].match = self;
		tk->v[self].match = open;
	}
	return 0;
}

static size_t op_len(const char *p, size_t avail)
{
	static const char *const ops3[] = {"**=", "...", "//=", "<<=", ">>="};
	static const char *const ops2[] = {
		"!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=",
		":=", "<<", "<=", "<>", "==", ">=", ">>", "@=", "^=", "|=",
	};

	for (size_t i = 0; avail >= 3 && i < LG_ARRAY_SIZE(ops3); i++)
		if (memcmp(p, ops3[i], 3) == 0)
			return 3;
	for (size_t i = 0; avail >= 2 && i < LG_ARRAY_SIZE(ops2); i++)
		if (memcmp(p, ops2[i], 2) == 0)
			return 2;
	return strchr("+-*/%@&|^~<>=.,:;!", *p) && *p ? 1 : 0;
}

static int read_op(struct tokenizer *tk)
{
	char c = tk->buf[tk->pos];
	size_t n;
	int error;

	if (c == '(' || c == '[' || c == '{')
		return open_bracket(tk);
	if (c == ')' || c == ']' || c == '}')
		return close_bracket(tk, c);
	if (!(n = op_len(tk->buf + tk->pos, tk->len - tk->pos)))
		return emit_bad(tk, 1, LG_PYTOK_F_BADBYTE);
	error = emit(tk, LG_PYTOK_OP, tk->pos, n, tk->line, 0);
	tk->pos += n;
	return error;
}

static int read_token(struct tokenizer *tk)
{
	const char *b = tk->buf + tk->pos;
	char c = *b;

	if (c == ' ' || c == '\t' || c == '\f') {
		tk->pos++;
		return 0;
	}
	if (c == '\n' || c == '\r')
		return read_newline(tk);
	if (c == '#')
		return read_comment(tk);
	if (c == '\\')
		return read_backslash(tk);
	if (is_digit(c) ||
	    (c == '.' && tk->pos + 1 < tk->len && is_digit(b[1])))
		return read_number(tk);
	if (c == '\'' || c == '"')
		return read_string(tk, tk->pos, tk->pos);
	if (is_alnum(c) || (unsigned char)c >= 0x80)
		return read_name(tk);
	return read_op(tk);
}

static int finish(struct tokenizer *tk)
{
	int error = 0;

	if (tk->line_has_code)
		error = emit(tk, LG_PYTOK_NEWLINE, tk->len, 0, tk->line, 0);
	while (!error && tk->nindents > 1) {
		tk->nindents--;
		error = emit(tk, LG_PYTOK_DEDENT, tk->len, 0, tk->line, 0);
	}
	if (!error)
		error = emit(tk, LG_PYTOK_ENDMARKER, tk->len, 0, tk->line, 0);
	return error;
}

static int tokenize_all(struct tokenizer *tk)
{
	int error = 0;

	if (tk->len >= 3 && memcmp(tk->buf, "\xEF\xBB\xBF", 3) == 0)
		tk->pos = 3;
	while (!error && tk->pos < tk->len) {
		if (tk->at_bol)
			error = read_indent(tk);
		else
			error = read_token(tk);
	}
	return error ? error : finish(tk);
}

int lg_pysrc_tokenize(struct lg_pytok **out, size_t *nout, const char *buf,
		      size_t len)
{
	struct tokenizer *tk = NULL;
	int error;

	LG_ASSERT_ARG(out && nout && (buf || !len));
	*out = NULL;
	*nout = 0;
	if (len > LG_MAX_PY_SOURCE_BYTES)
		return lg_error_toobig("python source larger than %u bytes",
				       LG_MAX_PY_SOURCE_BYTES);
	if (!(tk = lg__calloc(1, sizeof(*tk))))
		return lg_error_oom();
	tk->buf = buf ? buf : "";
	tk->len = len;
	tk->line = 1;
	tk->at_bol = true;
	tk->nindents = 1;
	if ((error = tokenize_all(tk)) < 0)
		goto done;
	*out = tk->v;
	*nout = tk->n;
	tk->v = NULL;
done:
	lg__free(tk->v);
	lg__free(tk);
	return error;
}
