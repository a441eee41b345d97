/* SPDX-License-Identifier: MIT */
/* Python source as tokens plus a light structure (scopes, imports, calls,
 * assignments), read from untrusted bytes. Pure: no I/O, no globals; the
 * bytes are never executed. Thread-safe on distinct objects. */
#ifndef LG_INCLUDE_PYSRC_H
#define LG_INCLUDE_PYSRC_H

#include "lg/buf.h"

/* ---- tokens -------------------------------------------------------------- */

enum lg_pytok_kind {
	LG_PYTOK_ENDMARKER = 0,
	LG_PYTOK_NAME,
	LG_PYTOK_NUMBER,
	LG_PYTOK_STRING,  /* any prefix, any quoting; f-strings are one token */
	LG_PYTOK_OP,
	LG_PYTOK_NEWLINE, /* end of a logical line (len 0 at end of input) */
	LG_PYTOK_INDENT,  /* len 0 */
	LG_PYTOK_DEDENT,  /* len 0 */
	LG_PYTOK_COMMENT,
	LG_PYTOK_ERROR,   /* bytes Python would reject; see the flags */
};

enum lg_pytok_flags {
	LG_PYTOK_F_STMT = (1 << 0),         /* first token of a statement */
	LG_PYTOK_F_UNTERMINATED = (1 << 1), /* ERROR: string without its end */
	LG_PYTOK_F_BADBYTE = (1 << 2),      /* ERROR: NUL, bad UTF-8, stray */
	LG_PYTOK_F_BADDEDENT = (1 << 3),    /* ERROR: dedent to no level */
	LG_PYTOK_F_NONASCII = (1 << 4),     /* NAME: has non-ASCII bytes */
};

/* "No token": unmatched brackets, the module's parent scope, ... */
#define LG_PYTOK_NONE UINT32_MAX

struct lg_pytok {
	uint32_t off, len; /* bytes [off, off + len) of the source */
	uint32_t line;     /* 1-based line of the first byte */
	uint32_t match;    /* brackets: index of the partner, or NONE */
	uint32_t scope;    /* index in lg_pysrc.scopes (0 from tokenize) */
	uint16_t depth;    /* open brackets around the token */
	uint8_t kind;      /* enum lg_pytok_kind */
	uint8_t flags;     /* enum lg_pytok_flags */
};

/* Splits buf into tokens, ending with ENDMARKER. A UTF-8 BOM is skipped;
 * CR, LF and CRLF end lines; bad bytes and unterminated strings become
 * ERROR tokens and scanning goes on. Ownership: *out is new (lg__free).
 * Returns 0; LG_ETOOBIG past LG_MAX_PY_SOURCE_BYTES, LG_MAX_PY_TOKENS or
 * LG_MAX_PY_NESTING (brackets, indents, nested f-strings); LG_ENOMEM. */
LG_EXTERN(int) lg_pysrc_tokenize(struct lg_pytok **out, size_t *nout,
				const char *buf, size_t len) LG_WARN_UNUSED;

/* "NAME", "OP", ...; never NULL. */
LG_EXTERN(const char *) lg_pytok_kind_name(enum lg_pytok_kind kind);

enum lg_pystr_flags {
	LG_PYSTR_RAW = (1 << 0),
	LG_PYSTR_BYTES = (1 << 1),
	LG_PYSTR_FORMAT = (1 << 2), /* f- or t-string: not a constant */
};

/* lg_pystr_flags of a STRING token's prefix (0 for other tokens). */
LG_EXTERN(unsigned) lg_pysrc_string_flags(const char *buf,
					 const struct lg_pytok *tok);

/* Appends the value of the STRING token tok (of the source buf) to out:
 * prefix and quotes removed; escapes \n \t \r \a \b \f \v \\ \' \" \xNN
 * \NNN and (text only) \uXXXX \UXXXXXXXX as UTF-8 decoded; \N{...}, unknown
 * escapes and raw strings kept as written; f-strings give their literal
 * text with the {fields} as written. Returns 0; LG_EINVALID when tok is not
 * a STRING; out->err (LG_ETOOBIG at out->max, LG_ENOMEM). */
LG_EXTERN(int) lg_pysrc_string_value(struct lg_buf *out, const char *buf,
				    const struct lg_pytok *tok) LG_WARN_UNUSED;

/* ---- structure ----------------------------------------------------------- */

enum lg_pyscope_kind {
	LG_PYSCOPE_MODULE = 0,
	LG_PYSCOPE_DEF,   /* body of a def / async def */
	LG_PYSCOPE_CLASS, /* body of a class */
};

struct lg_pyscope {
	enum lg_pyscope_kind kind;
	uint32_t parent;   /* enclosing scope; NONE for the module (index 0) */
	uint32_t name_tok; /* NAME after def/class; NONE for the module */
	uint32_t first;    /* body tokens [first, end) */
	uint32_t end;
};

/* A name bound to a dotted target: `import a.b as x` (x -> a.b),
 * `import a.b` (a -> a), `from a import b as c` (c -> a.b), relative
 * `from . import m` (m -> .m), `x = __import__('m')`,
 * `x = importlib.import_module('m')`, and plain aliases `x = a.b.c`
 * (x -> the resolved a.b.c). */
struct lg_pyimport {
	const char *alias;  /* borrowed from the lg_pysrc */
	const char *target; /* borrowed from the lg_pysrc */
	uint32_t tok;       /* token naming the alias */
	uint32_t scope;
};

/* A call `callee(args)` whose callee is NAME(.NAME)*, or a call of
 * __import__('m').x / importlib.import_module('m').x / getattr(obj, 'x')
 * (then callee is m.x / obj.x), with import aliases resolved:
 * `from base64 import b64decode as d; d(s)` has callee "base64.b64decode".
 * A receiver that cannot be named (`"".join(x)`, `f().g()`) gives a
 * callee starting with '.' (".join"); a call of a subscript or of any
 * other expression gives "". */
struct lg_pycall {
	const char *callee; /* borrowed from the lg_pysrc; never NULL */
	uint32_t first;     /* first token of the callee expression */
	uint32_t lparen;    /* arguments are tokens (lparen, rparen) */
	uint32_t rparen;    /* matching ')', or the ENDMARKER if unclosed */
	uint32_t line;      /* line of first */
};

/* `target = value` as a statement (each NAME of `a = b = v` gets one). */
struct lg_pyassign {
	uint32_t target;      /* the NAME token */
	uint32_t first, end;  /* value tokens [first, end) */
};

struct lg_pysrc__pool;
struct lg_pysrc__norm;

/* A parsed source. Every array is read-only for callers; tokens carry
 * their scope. */
struct lg_pysrc {
	const char *buf; /* borrowed: must outlive the object */
	size_t len;
	struct lg_pytok *toks;
	size_t ntoks;
	struct lg_pyscope *scopes; /* [0] is the module */
	size_t nscopes;
	struct lg_pyimport *imports; /* in source order */
	size_t nimports;
	struct lg_pycall *calls; /* sorted by lparen */
	size_t ncalls;
	struct lg_pyassign *assigns; /* in source order */
	size_t nassigns;
	/* internal */
	struct lg_pysrc__pool *pool;
	struct lg_pyimport *imports_sorted; /* by alias, scope, tok */
	size_t nimports_sorted;
	struct lg_pysrc__norm *norms; /* NFKC names, sorted by token */
	size_t nnorms;
};

/* Tokenizes buf and builds the structure above. Never fails on malformed
 * Python (it is read as well as it goes). Ownership: *out is new
 * (lg_pysrc_free); buf is borrowed and must outlive *out. Returns 0;
 * LG_ETOOBIG when a limit is hit (tokens, nesting, LG_MAX_PY_NAME_BYTES,
 * LG_MAX_PY_POOL_BYTES); LG_ENOMEM. */
LG_EXTERN(int) lg_pysrc_parse(struct lg_pysrc **out, const char *buf,
			     size_t len) LG_WARN_UNUSED;
LG_EXTERN(void) lg_pysrc_free(struct lg_pysrc *src);

/* Text of token i (empty past the end): the bytes as written, except for
 * a NAME with non-ASCII characters, which gives its NFKC form as Python
 * binds it (PEP 3131: `\uff45\uff58\uff45\uff43` is `exec`). Every
 * structure pass (imports, calls, assignments) and rule matches this
 * text. Ownership: borrowed. */
LG_EXTERN(struct lg_str) lg_pysrc_text(const struct lg_pysrc *src, size_t i);
/* The bytes of token i as written (for messages and for the rules that
 * look at spelling). Ownership: borrowed. */
LG_EXTERN(struct lg_str) lg_pysrc_raw_text(const struct lg_pysrc *src,
					  size_t i);

/* ---- NFKC ---------------------------------------------------------------- */

/* Appends the NFKC form of the identifier p[0..n) to out, code point by
 * code point over a generated table (tools/gen-nfkc.py; every code point
 * valid in identifiers, Unicode version lg_pysrc_nfkc_version()).
 * Canonical composition across code points is not applied: exact when
 * the result is ASCII. Bytes that are not valid UTF-8 are copied as they
 * are. Returns out->err (LG_ETOOBIG at out->max, LG_ENOMEM). */
LG_EXTERN(int) lg_pysrc_nfkc(struct lg_buf *out, const char *p,
			    size_t n) LG_WARN_UNUSED;
/* Unicode version of the NFKC table, e.g. "14.0.0". */
LG_EXTERN(const char *) lg_pysrc_nfkc_version(void);
/* 0 when the NFKC table is sorted, unique, above U+007F and maps to
 * non-empty valid UTF-8; LG_EINVALID naming the first bad entry. */
LG_EXTERN(int) lg_pysrc_nfkc_selfcheck(void) LG_WARN_UNUSED;
/* Whether token i exists, has kind and (when text is not NULL) exactly
 * the bytes of text. */
LG_EXTERN(bool) lg_pysrc_is(const struct lg_pysrc *src, size_t i,
			   enum lg_pytok_kind kind, const char *text);
/* Kind of the scope around token i. */
LG_EXTERN(enum lg_pyscope_kind) lg_pysrc_scope_kind(const struct lg_pysrc *src,
						   size_t i);
/* Target bound to name (len bytes) as seen from token at, looking in the
 * scope of at and then its enclosing scopes (class bodies are skipped from
 * inside a def, as in Python), or NULL. Ownership: borrowed. */
LG_EXTERN(const char *) lg_pysrc_resolve(const struct lg_pysrc *src,
					const char *name, size_t len,
					size_t at);
/* Index of the first assignment whose target is >= tok (nassigns if
 * none). */
LG_EXTERN(size_t) lg_pysrc_first_assign(const struct lg_pysrc *src,
				       size_t tok);
/* Index of the first call whose lparen is >= tok (ncalls if none). */
LG_EXTERN(size_t) lg_pysrc_first_call(const struct lg_pysrc *src, size_t tok);
/* Names the callee of call k name[0..len) (interned in src), for an
 * alias resolved later (lg_pyfold_callees). Returns 0; LG_ETOOBIG past
 * LG_MAX_PY_NAME_BYTES or LG_MAX_PY_POOL_BYTES; LG_ENOMEM. */
LG_EXTERN(int) lg_pysrc_set_callee(struct lg_pysrc *src, size_t k,
				   const char *name, size_t len)
	LG_WARN_UNUSED;

#endif
