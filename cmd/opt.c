/* SPDX-License-Identifier: MIT */
/* Table-driven option parsing shared by every command. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

void lg_opt_usage(const struct lg_opt_spec *opts, size_t nopts,
		  const char *usage)
{
	printf("%s\n\nOptions:\n", usage);
	for (size_t i = 0; i < nopts; i++) {
		char left[64];

		snprintf(left, sizeof(left), "--%s%s%s", opts[i].long_name,
			 opts[i].type != LG_OPT_FLAG ? " " : "",
			 opts[i].type != LG_OPT_FLAG ? opts[i].value_name : "");
		printf("  %-28s %s\n", left, opts[i].help);
	}
	printf("  %-28s %s\n\n%s", "-h, --help", "show this help", lg_exit_help);
}

static const struct lg_opt_spec *find_opt(const struct lg_opt_spec *opts,
					  size_t nopts, const char *name,
					  size_t len)
{
	for (size_t i = 0; i < nopts; i++)
		if (strlen(opts[i].long_name) == len &&
		    strncmp(opts[i].long_name, name, len) == 0)
			return &opts[i];
	return NULL;
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "lockgate: %s '%s' (see --help)\n", what, arg);
	return LG_EXIT_USAGE;
}

/* Handles one "--name[=value]" at argv[*i]. */
static int parse_long(const struct lg_opt_spec *opts, size_t nopts, int argc,
		      char **argv, int *i)
{
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct lg_opt_spec *o = find_opt(opts, nopts, arg, len);

	if (!o)
		return usage_error("unknown option", argv[*i]);
	if (o->type == LG_OPT_FLAG) {
		if (eq)
			return usage_error("this option takes no value:", argv[*i]);
		*(bool *)o->target = true;
		return 0;
	}
	if (!eq && *i + 1 >= argc)
		return usage_error("this option needs a value:", argv[*i]);
	if (o->type == LG_OPT_CALL)
		return o->fn(o->target, o->long_name, eq ? eq + 1 : argv[++*i]);
	*(const char **)o->target = eq ? eq + 1 : argv[++*i];
	return 0;
}

int lg_opt_parse(const struct lg_opt_spec *opts, size_t nopts, int argc,
		 char **argv, char **pos, size_t maxpos, size_t *npos,
		 const char *usage)
{
	bool only_pos = false;
	int error;

	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!only_pos && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			lg_opt_usage(opts, nopts, usage);
			return 1;
		}
		if (!only_pos && !strcmp(a, "--")) {
			only_pos = true;
		} else if (!only_pos && a[0] == '-' && a[1] == '-') {
			if ((error = parse_long(opts, nopts, argc, argv, &i)) != 0)
				return error;
		} else if (!only_pos && a[0] == '-' && a[1]) {
			return usage_error("unknown option", a);
		} else if (*npos < maxpos) {
			pos[(*npos)++] = argv[i];
		} else {
			return usage_error("unexpected argument", a);
		}
	}
	return 0;
}
