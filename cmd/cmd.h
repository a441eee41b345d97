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

enum lg_opt_type { LG_OPT_FLAG, LG_OPT_VALUE };

/* One row of a command's option table; target points into its options. */
struct lg_opt_spec {
	const char *long_name;
	enum lg_opt_type type;
	void *target; /* bool * for flags, const char ** for values */
	const char *value_name;
	const char *help;
};

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
/* Renders r with the named sink to output (a path) or stdout. */
int lg_cmd_emit(const struct lg_result *r, const char *format,
		const char *output, const char *title);
int lg_cmd_exit_for(const struct lg_result *r);
/* Validates a --format value; prints and returns LG_EXIT_USAGE if unknown. */
int lg_cmd_check_format(const char *format);

/* $XDG_CACHE_HOME/lockgate, else $HOME/.cache/lockgate; NULL if neither.
 * Ownership: new (free). */
char *lg_cmd_default_cache_dir(void);
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

#endif
