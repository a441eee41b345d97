/* SPDX-License-Identifier: MIT */
#ifndef LG_CMD_H
#define LG_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "lg/fetch.h"
#include "lg/model.h"
#include "lg/report.h"

/* Exit codes: one table, documented in the README and --help. */
enum lg_exit {
	LG_EXIT_PASS = 0,       /* policy passed, analysis complete */
	LG_EXIT_BLOCK = 1,      /* blocked by policy */
	LG_EXIT_INCOMPLETE = 2, /* something could not be checked: never a pass */
	LG_EXIT_USAGE = 3,      /* usage or configuration error */
};

extern const char lg_exit_help[];

struct lg_cmd_spec {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

enum lg_opt_type { LG_OPT_FLAG, LG_OPT_VALUE, LG_OPT_CALL };

/* One row of a command's option table; target points into its options. */
struct lg_opt_spec {
	const char *long_name;
	enum lg_opt_type type;
	void *target; /* bool * for flags, const char ** for values, or the
		       * first argument of fn (LG_OPT_CALL) */
	const char *value_name;
	const char *help;
	/* LG_OPT_CALL: takes each value in order; returns 0 or prints the
	 * problem and returns LG_EXIT_USAGE. */
	int (*fn)(void *target, const char *name, const char *value);
};

/* --format/--output pairs, in command-line order (see lg_outputs_opt). */
#define LG_MAX_OUTPUTS 8
struct lg_outputs {
	struct lg_output {
		const char *format;
		const char *path; /* NULL: stdout */
	} v[LG_MAX_OUTPUTS];
	size_t n;
	const char *early; /* an --output given before any --format */
};
/* LG_OPT_CALL handler for "format" and "output". Pairing: an --output
 * belongs to the --format just before it; one given before any --format
 * belongs to the first format (so `--output F --format json` works). */
int lg_outputs_opt(void *outs, const char *name, const char *value);
/* After parsing: text on stdout when no format was given; checks every
 * format is a known sink, at most one goes to stdout and no file is
 * named twice. Returns 0 or LG_EXIT_USAGE (printed). */
int lg_outputs_finish(struct lg_outputs *o);

/* Policy options shared by check and scan. */
struct lg_policy_args {
	const char *fail_on; /* severity name, or NULL (high) */
	bool warn_only;      /* a block exits 0 (the report still says block) */
};
/* Fills p from a; LG_EXIT_USAGE (printed) for an unknown severity. */
int lg_policy_args_apply(struct lg_policy *p, const struct lg_policy_args *a);
/* The exit code under --warn-only: a block exits 0, unless a blocking
 * finding is of a rule the configuration may not override (mal.known,
 * hash.mismatch: known malware and tampered files are not a rollout
 * question). */
int lg_policy_args_exit(const struct lg_policy_args *a, int code,
			const struct lg_result *r, const struct lg_policy *p);

/* CI diff base: with GITHUB_ACTIONS=true the event payload's base
 * (lg_ci_github_base), with GITLAB_CI=true CI_MERGE_REQUEST_DIFF_BASE_SHA,
 * else CI_COMMIT_BEFORE_SHA unless all zeros. *base is new (free) or NULL
 * (not in CI, or CI names none); *why says where it came from. Returns 0,
 * or LG_EXIT_INCOMPLETE after printing why the payload was unusable. */
int lg_ci_detect_base(char **base, const char **why, bool *in_ci);

/* Parses argv against opts; positional arguments are collected into pos
 * (up to maxpos). Returns 0, 1 when --help was asked (usage printed), or
 * LG_EXIT_USAGE after printing the problem. */
int lg_opt_parse(const struct lg_opt_spec *opts, size_t nopts, int argc,
		 char **argv, char **pos, size_t maxpos, size_t *npos,
		 const char *usage);
void lg_opt_usage(const struct lg_opt_spec *opts, size_t nopts,
		  const char *usage);

/* Prints "lockgate: error: <msg>" (escaped) and returns code. */
int lg_cmd_fail(int code, const char *msg);
/* Renders r with every sink of outs, each to its file or stdout; with
 * the github format, also appends the Markdown job summary to
 * $GITHUB_STEP_SUMMARY and the outputs to $GITHUB_OUTPUT when those are
 * set. code is the exit code so far (an output). Returns 0 or
 * LG_EXIT_INCOMPLETE (printed). */
int lg_cmd_emit(const struct lg_result *r, const struct lg_outputs *outs,
		const struct lg_report_options *ro, int code);
/* A report for a run that could not start (e.g. a missing base commit):
 * verdict incomplete, msg as its one error, through every sink; returns
 * LG_EXIT_INCOMPLETE. */
int lg_cmd_emit_failure(const struct lg_outputs *outs,
			const struct lg_report_options *ro, const char *msg);
int lg_cmd_exit_for(const struct lg_result *r);
/* Validates a --format value; prints and returns LG_EXIT_USAGE if unknown. */
int lg_cmd_check_format(const char *format);
/* "--format" help text listing every sink. */
extern const char lg_format_help[];

struct lg_config;
struct lg_engine_options;
/* Reads the configuration of check/diff into cfg: file (--config) when
 * given, else <work tree of repo>/.lockgate.toml, else its pyproject.toml
 * [tool.lockgate] (named relative to the work tree in messages and
 * findings); checks its rule ids (lg_policy_validate) and makes a relative
 * cache-dir relative to the file's directory. Returns 0 or LG_EXIT_USAGE
 * (printed). */
int lg_cmd_load_config(struct lg_config *cfg, const char *file,
		       const char *repo);
/* What cfg sets that the command line did not (command line > config >
 * default): fail-on (unless pol->fail_on), warn-only, cache-dir (unless
 * cli_cache_dir), jobs (unless eo->jobs is already set); hands cfg to the engine and the policy, and the
 * policy's clock: LOCKGATE_TODAY=YYYY-MM-DD (for tests), else time(NULL).
 * cfg must outlive eo. Returns 0 or LG_EXIT_USAGE (printed). */
int lg_cmd_config_options(struct lg_engine_options *eo,
			  struct lg_policy_args *pol, bool cli_cache_dir,
			  const struct lg_config *cfg);

/* $XDG_CACHE_HOME/lockgate, else $HOME/.cache/lockgate; NULL if neither.
 * Ownership: new (free). */
char *lg_cmd_default_cache_dir(void);
/* The process environment for requirements files' ${VAR} (the engine's
 * getenv callback; payload unused). */
const char *lg_cmd_env(const char *name, void *payload);
/* Parses a non-negative integer with an optional k/M/G suffix (powers of
 * 1024); returns 0, or -1 when s is not one or is above max. */
int lg_cmd_parse_size(uint64_t *out, const char *s, uint64_t max);

/* Progress of the downloads on stderr (a terminal only, not --quiet). */
struct lg_progress_ui {
	bool on, color, drawn;
};
void lg_progress_ui_init(struct lg_progress_ui *ui, bool quiet);
void lg_progress_ui_update(const struct lg_fetch_progress *p, void *payload);
void lg_progress_ui_end(struct lg_progress_ui *ui);

int cmd_cache(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_deps(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_install_hook(int argc, char **argv);
int cmd_ci_base(int argc, char **argv);
int cmd_provenance(int argc, char **argv);
int cmd_config(int argc, char **argv);

#endif
