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

/* Where code runs, from least to most exposed (the catalog's contexts).
 * RUNTIME is package code that no import-time statement reaches. */
enum lg_rules__where {
	LG_RULES_OTHER = 0, /* tests/, docs/, examples/: downweighted */
	LG_RULES_RUNTIME,   /* a function only callers of the package run */
	LG_RULES_IMPORT,    /* module-level code of a package module */
	LG_RULES_STARTUP,   /* .pth lines, sitecustomize, usercustomize */
	LG_RULES_INSTALL,   /* setup.py and the local code it imports */
};

/* One member being scanned. */
struct lg_rules__ctx {
	struct lg_findings *out;
	const char *path;
	size_t first;               /* out->n when the member's scan began */
	const struct lg_pysrc *src; /* the parsed code being looked at */
	size_t line_base;           /* added to token lines (.pth lines) */
	enum lg_rules__where where; /* context of the member */
	const bool *reached;        /* per scope of src: runs at load time */
	unsigned depth;             /* decoded-code rescans above this one */
	bool folded;                /* the code was rebuilt by constant
				     * folding only (no decoder) */
	size_t line_fixed;          /* nonzero: line of every finding */
	size_t *rescan_budget;      /* bytes left to rescan in this member */
	const char *squat;          /* popular project the artifact's name
				     * imitates (combination C9), or NULL */
};

/* Context of token tok: the member's, unless the token sits in a function
 * nothing at load time reaches (then RUNTIME, below IMPORT). */
enum lg_rules__where lg_rules__where_at(const struct lg_rules__ctx *ctx,
				       size_t tok);
/* "install", "startup", "import", "runtime", "other". */
const char *lg_rules__where_name(enum lg_rules__where w);
/* The catalog's context multiplier: +1 in INSTALL/STARTUP, -1 in RUNTIME
 * (unless keep_runtime), -2 in OTHER; clamped to info..critical. */
enum lg_severity lg_rules__adjust(enum lg_severity base,
				  enum lg_rules__where w, bool keep_runtime);
/* Appends a finding whose severity is base adjusted for the context of
 * token tok; the message ends with the context. */
int lg_rules__report_at(struct lg_rules__ctx *ctx, const char *rule,
			enum lg_severity base, bool keep_runtime, size_t tok,
			const char *fmt, ...) LG_PRINTF(6, 7) LG_WARN_UNUSED;
/* Which scopes of src run at load time: the module, class bodies, and
 * every def named from a scope that runs (worklist, linear in tokens).
 * all_defs marks every scope. Ownership: *out is new (lg__free). */
int lg_rules__reach(bool **out, const struct lg_pysrc *src, bool all_defs)
	LG_WARN_UNUSED;
/* End of the block of `if __name__ == '__main__':` starting at token i
 * (that code runs as a script, not on import), or 0. */
size_t lg_rules__main_guard_end(const struct lg_pysrc *src, size_t i);
/* Which scopes of a setup.py run while pip installs: the module (its
 * `if __name__ == '__main__':` block too), class bodies, the scopes
 * seed[] marks (the install hooks' methods; NULL: none) and every def
 * named from a scope that runs. Ownership: *out is new (lg__free). */
int lg_rules__reach_install(bool **out, const struct lg_pysrc *src,
			    const bool *seed) LG_WARN_UNUSED;

/* Appends a finding at line (token line; line_base is added), keeping at
 * most LG_MAX_FINDINGS_PER_FILE per member. In a typosquat (ctx->squat),
 * outside tests/docs/examples, a code finding of medium or more is raised
 * one level (combination C9). Returns 0, LG_ETOOBIG, LG_ENOMEM. */
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
/* Module part of a well-known PEP 517 build-backend (setuptools.build_meta,
 * hatchling.build, ...). */
bool lg_rules__is_known_backend(const char *module, size_t n);
/* First identifier in p[0..n) naming exec, a decoder, a process or a
 * network module, or NULL. Ownership: static. */
const char *lg_rules__danger_word(const char *p, size_t n);
/* Same over parsed code: dangerous calls, names and string contents.
 * Ownership: borrowed from src or static. */
int lg_rules__code_danger(const char **out, const struct lg_pysrc *src)
	LG_WARN_UNUSED;
/* A builtin, API or module name worth disguising: exec, eval, system,
 * b64decode, __import__, getattr, os, ... */
bool lg_rules__is_dangerous_name(const char *p, size_t n);
/* 0, or LG_EINVALID when obf.c's look-alike table is not sorted. */
int lg_rules__check_lookalikes(void) LG_WARN_UNUSED;
/* 0, or LG_EINVALID naming a name table that is not sorted. */
int lg_rules__check_names(void) LG_WARN_UNUSED;

/* ---- helpers (scan.c) ---------------------------------------------------- */

/* Whether the STRING at i is a statement of its own (a docstring). */
bool lg_rules__is_docstring(const struct lg_pysrc *src, size_t i);
/* Hash of a variable name within a scope, for the data-flow maps. */
uint64_t lg_rules__name_hash(const char *name, size_t len, uint32_t scope);

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

/* ---- archive-level rules (wheel.c) -------------------------------------- */

/* Head bytes kept per noted member: enough for every magic number and
 * the PE e_lfanew field. */
#define LG_RULES_HEAD_BYTES 64u

/* One member noted by lg_rules_scan_note. */
struct lg_rules__noted {
	char *path;
	uint64_t size;
	bool hashed;
	char sha256[65];
	unsigned char head[LG_RULES_HEAD_BYTES];
	size_t head_len;
};

/* Bytes of the kept member at path, or NULL. Ownership: borrowed from s. */
const char *lg_rules__kept_data(const struct lg_rules_scan *s,
				const char *path, size_t *len);
/* Whether a kept Python member outside tests/docs names word. */
bool lg_rules__kept_names(const struct lg_rules_scan *s, const char *word);
/* *out: whether setup.py names word in a string and starts processes (a
 * process call or os.startfile). Returns 0 or LG_ENOMEM. */
/* Combination C14: whether a Python source of the archive (setup.py or a
 * module, outside tests/docs) names word in a string and loads, chmods or
 * starts a file (process calls, os.startfile, os.chmod, ctypes loads). */
int lg_rules__code_runs(bool *out, const struct lg_rules_scan *s,
			const char *word);
int lg_rules__setup_runs(bool *out, const struct lg_rules_scan *s,
			 const char *word) LG_WARN_UNUSED;
/* Whether a directory of path is tests/docs/examples/benchmarks. */
bool lg_rules__in_doc_dir(const char *path);
/* Runs the archive-level rules over the noted members v[0..n); findings
 * [first, out->n) are those of the code scan. */
int lg_rules__archive(struct lg_rules_scan *s,
		      const struct lg_rules__noted *v, size_t n,
		      struct lg_findings *out, size_t first) LG_WARN_UNUSED;
int lg_rules__check_archive_tables(void) LG_WARN_UNUSED;
/* table.c: the flag table is sorted and names existing rules. */
int lg_rules__check_flags(void) LG_WARN_UNUSED;

/* ---- the rules ------------------------------------------------------------
 */

int lg_rules__decode_exec(struct lg_rules__ctx *ctx, enum lg_severity sev)
	LG_WARN_UNUSED;
/* install.cmdclass-override over ctx->src (setup.py); hooks[] (one per
 * scope of ctx->src) gets the defs of the classes setup() maps install,
 * develop or egg_info to: their bodies run during pip install. */
int lg_rules__cmdclass(struct lg_rules__ctx *ctx, bool *hooks) LG_WARN_UNUSED;
/* obf.unicode-identifiers and obf.whitespace-hiding over ctx->src. */
int lg_rules__obf(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
/* obf.steganography (combination C13), stego.c. */
int lg_rules__stego(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
/* install.pip-invocation over ctx->src. */
int lg_rules__pip(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
/* Index after `pip`/`pip3`/`-m pip` in the words w[0..n) (NULL: unknown
 * word), or 0 when they do not run pip. */
size_t lg_rules__pip_start(const char *const *w, size_t n);
/* install.toplevel-process over ctx->src (setup.py): processes started
 * at module level, in functions module code calls, and in the install
 * hooks' methods hooks[] marks (combination C5) and what they call. */
int lg_rules__toplevel_process(struct lg_rules__ctx *ctx, const bool *hooks)
	LG_WARN_UNUSED;
/* proc.import-process over ctx->src (a package module in import
 * context): constant commands started by code that runs at import. */
int lg_rules__import_process(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
int lg_rules__pth(struct lg_rules__ctx *ctx, const char *data, size_t len)
	LG_WARN_UNUSED;
/* install.pep517-backend over the pyproject.toml in data (ctx->path, an
 * sdist's top level). For every member path the in-tree backend module
 * may be at (a backend-path directory, relative to the pyproject's
 * directory, joined with the module as .py or /__init__.py), in_tree is
 * asked whether that member exists, and takes it as install code when it
 * does. A pyproject.toml that is not TOML is a finding, not an error.
 * Returns 0; LG_ETOOBIG past LG_MAX_BACKEND_PATHS; LG_ENOMEM. */
int lg_rules__pep517(struct lg_rules__ctx *ctx, const char *data, size_t len,
		     bool (*in_tree)(void *payload, const char *path),
		     void *payload) LG_WARN_UNUSED;
/* Behaviour rules (net.*, cred.*, proc.*, persist.*, exec.remote-code,
 * exec.dynamic-dispatch, install.setup-network) over ctx->src. */
int lg_rules__behave(struct lg_rules__ctx *ctx) LG_WARN_UNUSED;
/* 0, or LG_EINVALID naming a call-kind table of behave.c that is not
 * sorted (they are searched with bsearch). */
int lg_rules__check_behave_tables(void) LG_WARN_UNUSED;
/* Whether text holds a download or shell cradle (curl|sh, powershell
 * IEX/DownloadString, certutil, /dev/tcp, ...) or a webhook/bare-IP host
 * (behave.c's pattern tables). p is lower-cased in place. */
bool lg_rules__shell_cradle(char *p, size_t n);
/* Scans code hidden in the constants of ctx->src again (rescan.c);
 * budget holds the bytes left (LG_ETOOBIG when spent). */
int lg_rules__rescan(struct lg_rules__ctx *ctx, size_t *budget)
	LG_WARN_UNUSED;
/* Runs the Python rules over src (parsed from code) with ctx's context.
 * Used for members and for decoded code found in them. */
int lg_rules__scan_code(struct lg_rules__ctx *ctx, bool setup)
	LG_WARN_UNUSED;

#endif
