/* SPDX-License-Identifier: MIT */
/* Constant folding of Python expressions over lg_pysrc tokens: what string
 * or bytes value an expression has when it is built only from constants.
 * Pure, bounded; nothing is executed. */
#ifndef LG_INCLUDE_PYFOLD_H
#define LG_INCLUDE_PYFOLD_H

#include "lg/pysrc.h"

struct lg_pyfold_result {
	bool constant;   /* the expression folded to a constant */
	bool decoded;    /* a decoder (base64, zlib, hex, rot13, ...) was applied */
	unsigned layers; /* decoder layers applied in all */
	const char *decoder; /* outermost decoder's callee name, or NULL;
			      * borrowed from src or static */
	bool code;       /* the value is a code object: out holds the source or
			  * the marshal data given to compile()/marshal.loads()
			  * (which are never evaluated) */
};

/* Folds the expression in tokens [first, end) of src into out (the bytes of
 * the str or bytes value). Handles: string/bytes literals and implicit
 * concatenation; + ; % and .format() of constants; f-strings without
 * fields; ''.join([...]), ''.join(map(chr, [...])), ''.join(chr(c) for c
 * in [...]); chr(N); bytes([...]) / bytearray([...]); bytes.fromhex;
 * str.encode()/bytes.decode(); [::-1]; codecs.decode(x, 'rot13'|'hex'|
 * 'base64'|'zlib'|...); every decoder callee of lg/decode.h applied to a
 * folded argument; names assigned a constant earlier in the same or an
 * enclosing scope (bounded recursion). *res says what happened; out is
 * meaningful only when res->constant. Returns 0 (also when not constant);
 * LG_ETOOBIG when LG_MAX_FOLD_BYTES, LG_MAX_FOLD_DEPTH or a decode cap is
 * hit; LG_ENOMEM.
 * Also: map(lambda x: ..., seq), [e for x in seq] / (e for x in seq)
 * without if-clauses, int arithmetic, slices and indexes, str.replace /
 * lower / upper / strip, % with %s %d %c %x, bytes.decode / str.encode
 * with utf-8, ascii, latin-1 and the EBCDIC code pages (cp037, cp500,
 * cp1026, cp1140: letters, digits, common punctuation). compile(x, ...)
 * and marshal.loads(x) give x with res->code set (nothing is evaluated).
 * A name is folded from its last plain assignment before the use in the
 * same scope (or an enclosing one), unless it is a parameter or is bound
 * again in between (+=, for, with ... as, tuple targets). The range may
 * end with NEWLINE/COMMENT tokens. Work is capped by LG_MAX_FOLD_STEPS
 * and lists by LG_MAX_FOLD_ITEMS (LG_ETOOBIG). res->decoder is borrowed
 * from src. Thread-safe on distinct outputs. */
LG_EXTERN(int) lg_pyfold_expr(struct lg_buf *out, struct lg_pyfold_result *res,
			     const struct lg_pysrc *src, size_t first,
			     size_t end) LG_WARN_UNUSED;

/* Names the callees pysrc left unnamed ("" or ".attr") that are a lookup
 * by a name folded from constants: getattr(OBJ, NAME), globals()[NAME],
 * locals()[NAME], vars(OBJ)[NAME], OBJ.__dict__[NAME], __builtins__[NAME],
 * where OBJ is the builtins (the callee is then NAME: exec), a module
 * name through the imports, __import__(F) or importlib.import_module(F)
 * (then MODULE.NAME: os.system). Returns 0; LG_ETOOBIG past the pool
 * cap; LG_ENOMEM. A name past the fold caps stays unnamed. */
LG_EXTERN(int) lg_pyfold_callees(struct lg_pysrc *src) LG_WARN_UNUSED;

/* 0 when the folder's name tables (functions, methods, codecs,
 * encodings) are sorted for bsearch; LG_EINVALID naming the first bad
 * entry. Used by the unit tests. */
LG_EXTERN(int) lg_pyfold_check_tables(void) LG_WARN_UNUSED;

#endif
