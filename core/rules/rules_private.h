/* SPDX-License-Identifier: MIT */
/* Shared between the files of core/rules only. */
#ifndef LG_RULES_PRIVATE_H
#define LG_RULES_PRIVATE_H

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "lg/rules.h"

/* Longest quoted snippet in a message, in bytes. */
#define LG_RULES_SNIPPET 80u
/* printf conversion for a name quoted in a message (at most 80 bytes). */
#define LG_RULES_NAME "%.80s"

/* One member being scanned. */
struct lg_rules__ctx {
	struct lg_findings *out;
	const char *path;
	size_t first;               /* out->n when the member's scan began */
	const struct lg_pysrc *src; /* the parsed code being looked at */
	size_t line_base;           /* added to token lines (.pth lines) */
};

/* Appends a finding at line (token line; line_base is added), keeping at
 * most LG_MAX_FINDINGS_PER_FILE per member. Returns 0, LG_ETOOBIG,
 * LG_ENOMEM. */
int lg_rules__report(struct lg_rules__ctx *ctx, const char *rule,
		     enum lg_severity sev, size_t line, const char *fmt, ...)
	LG_PRINTF(5, 6) LG_WARN_UNUSED;

/* ---- name sets (names.c) ------------------------------------------------- */

bool lg_rules__is_decoder(const char *callee);
/* exec / eval / compile, also as builtins.X and __builtins__.X. */
bool lg_rules__is_exec_sink(const char *callee);
/* os.system, subprocess.Popen, os.spawn*, ... */
bool lg_rules__is_process_call(const char *callee);
/* Program (basename) allowed at setup.py module level. */
bool lg_rules__is_build_tool(const char *prog, size_t n);
/* git sub-commands that only read the work tree. */
bool lg_rules__is_git_readonly(const char *sub, size_t n);
/* First identifier in p[0..n) naming exec, a decoder, a process or a
 * network module, or NULL. Ownership: static. */
const char *lg_rules__danger_word(const char *p, size_t n);
/* Same over parsed code: dangerous calls, names and string contents.
 * Ownership: borrowed from src or static. */
int lg_rules__code_danger(const char **out, const struct lg_pysrc *src)
	LG_WARN_UNUSED;
/* 0, or LG_EINVALID naming a name table that is not sorted. */
int lg_rules__check_names(void) LG_WARN_UNUSED;

/* ---- helpers (scan.c) ---------------------------------------------------- */

/* Value of the adjacent STRING tokens from i (implicit concatenation)
 * into out; *end is the token after them; *ok is false when there is no
 * STRING at i or one of them is an f-string. */
int lg_rules__const_string(struct lg_buf *out, bool *ok, size_t *end,
			   const struct lg_pysrc *src, size_t i) LG_WARN_UNUSED;
/* Copies at most LG_RULES_SNIPPET bytes of p (up to the first line
 * break, never cutting a UTF-8 sequence) into out[cap], NUL-terminated. */
void lg_rules__snippet(char *out, size_t cap, const char *p, size_t n);
/* Source text of tokens [first, end) as a snippet. */
void lg_rules__tokens_snippet(char *out, size_t cap,
			      const struct lg_pysrc *src, size_t first,
			      size_t end);
/* Appends the dotted name of tokens [first, end) when they are exactly
 * NAME(.NAME)*, with the first NAME resolved through the imports; *ok
 * false (out unchanged) otherwise. */
int lg_rules__dotted(struct lg_buf *out, bool *ok, const struct lg_pysrc *src,
		     size_t first, size_t end) LG_WARN_UNUSED;
/* First token at index >= i, before end, with depth `depth` that is ','
 * (or end). */
size_t lg_rules__next_comma(const struct lg_pysrc *src, size_t i,
			    size_t end, size_t depth);

/* ---- the rules ------------------------------------------------------------
 */

int lg_rules__decode_exec(struct lg_rules__ctx *ctx, enum lg_severity sev)
	LG_WARN_UNUSED;
int lg_rules__cmdclass(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
int lg_rules__toplevel_process(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
int lg_rules__pth(struct lg_rules__ctx *ctx, const char *data, size_t len)
	LG_WARN_UNUSED;

#endif
