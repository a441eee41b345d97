/* SPDX-License-Identifier: MIT */
/* lockgate: the command table and dispatch. All logic lives in core/. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "lg/errors.h"
#include "lg/fetch.h"

const char lg_exit_help[] =
	"Exit codes:\n"
	"  0  pass: every changed package was checked and nothing reached the "
	"policy threshold\n"
	"  1  blocked: a finding reached the threshold (default: high)\n"
	"  2  incomplete: a download, lookup or verification could not be done "
	"(never a silent pass)\n"
	"  3  usage or configuration error\n";

static int cmd_help(int argc, char **argv);

static const struct lg_cmd_spec commands[] = {
	{"cache", cmd_cache, "show or clean the download cache"},
	{"check", cmd_check, "check the packages a change adds or updates"},
	{"ci-base", cmd_ci_base, "print the diff base the CI environment names"},
	{"config", cmd_config, "print the configuration check and diff use"},
	{"deps", cmd_deps, "print what lockgate reads in lock files (no network)"},
	{"diff", cmd_diff, "print the lock-file changes between revisions (no network)"},
	{"explain", cmd_explain, "describe a rule"},
	{"help", cmd_help, "show this help"},
	{"install-hook", cmd_install_hook, "write the git pre-commit (or pre-push) hook"},
	{"provenance", cmd_provenance, "verify PEP 740 provenance or a Sigstore bundle (no network)"},
	{"scan", cmd_scan, "scan local sdists and wheels (no network)"},
	{"version", cmd_version, "print the version"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: lockgate <command> [options]\n\n"
		   "Stops malicious Python dependencies before they are installed."
		   "\n\nCommands:\n");
	for (size_t i = 0; i < LG_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'lockgate <command> --help' for its options.\n\n%s",
		lg_exit_help);
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return LG_EXIT_PASS;
}

int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: lockgate version\n\nPrints the version.\n\n%s",
		       lg_exit_help);
		return LG_EXIT_PASS;
	}
	printf("lockgate %s\n", LG_VERSION);
	return LG_EXIT_PASS;
}

static const struct lg_cmd_spec *find_command(const char *name)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* A failed write to stdout must not look like success (git run_builtin). */
static int finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "lockgate: error: write failure on standard output\n");
		return code == LG_EXIT_BLOCK ? code : LG_EXIT_INCOMPLETE;
	}
	return code;
}

int main(int argc, char **argv)
{
	const struct lg_cmd_spec *cmd;
	int code;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? LG_EXIT_USAGE : LG_EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version"))
		return finish_stdout(cmd_version(1, argv));
	if (!(cmd = find_command(argv[1]))) {
		fprintf(stderr, "lockgate: unknown command '%s' (see --help)\n",
			argv[1]);
		return LG_EXIT_USAGE;
	}
	if (lg_fetch_global_init() < 0)
		return lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
	code = cmd->fn(argc - 1, argv + 1);
	lg_fetch_global_cleanup();
	return finish_stdout(code);
}
