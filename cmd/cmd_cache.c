/* SPDX-License-Identifier: MIT */
/* lockgate cache stats|clean: the content-addressed download cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "lg/cache.h"
#include "lg/errors.h"

static const char cache_usage[] =
	"usage: lockgate cache stats [--cache-dir DIR]\n"
	"       lockgate cache clean [--cache-dir DIR] [--older-than DAYS]\n\n"
	"stats prints the entries and bytes of the cache, per kind (sha256: "
	"verified\ndownloads). clean removes entries not used for DAYS days "
	"(every entry\nwithout --older-than) and unfinished writes. Only files "
	"named as the cache\nnames them are touched. Default --cache-dir: "
	"$XDG_CACHE_HOME/lockgate.";

#define SECS_PER_DAY 86400
#define MAX_DAYS 100000u

static void print_stats(const struct lg_cache_stats *s, const char *dir,
			const char *verb)
{
	printf("%s%s\n", verb, dir);
	for (size_t i = 0; i < s->nkinds; i++)
		printf("  %-8s %llu entries, %llu bytes%s\n", s->kinds[i].kind,
		       (unsigned long long)s->kinds[i].entries,
		       (unsigned long long)s->kinds[i].bytes,
		       s->kinds[i].partial ? " (+ unfinished writes)" : "");
	printf("  %-8s %llu entries, %llu bytes\n", "total",
	       (unsigned long long)s->entries, (unsigned long long)s->bytes);
}

static int run_cache(const char *action, const char *dir, const char *older)
{
	struct lg_cache_stats s;
	uint64_t days = 0;
	int error;

	if (older && (lg_cmd_parse_size(&days, older, MAX_DAYS) < 0 ||
		      strpbrk(older, "kKmMgG"))) {
		fprintf(stderr, "lockgate: --older-than takes a number of days\n");
		return LG_EXIT_USAGE;
	}
	if (!strcmp(action, "stats")) {
		if (older) {
			fprintf(stderr, "lockgate: --older-than is for clean\n");
			return LG_EXIT_USAGE;
		}
		if ((error = lg_cache_stats(&s, dir)) < 0)
			return lg_cmd_fail(LG_EXIT_INCOMPLETE,
					   lg_error_last()->message);
		print_stats(&s, dir, "cache: ");
		return LG_EXIT_PASS;
	}
	if (!strcmp(action, "clean")) {
		error = lg_cache_clean(&s, dir,
				       older ? (int64_t)days * SECS_PER_DAY : -1,
				       (int64_t)time(NULL));
		print_stats(&s, dir, "removed from ");
		return error < 0 ? lg_cmd_fail(LG_EXIT_INCOMPLETE,
					       lg_error_last()->message)
				 : LG_EXIT_PASS;
	}
	fprintf(stderr, "lockgate: unknown cache action '%s' (stats, clean)\n",
		action);
	return LG_EXIT_USAGE;
}

int cmd_cache(int argc, char **argv)
{
	const char *dir = NULL, *older = NULL;
	const struct lg_opt_spec opts[] = {
		{"cache-dir", LG_OPT_VALUE, &dir, "DIR",
		 "the cache (default $XDG_CACHE_HOME/lockgate)", NULL},
		{"older-than", LG_OPT_VALUE, &older, "DAYS",
		 "clean: only entries unused for DAYS days", NULL},
	};
	char *pos[1], *def = NULL;
	size_t npos;
	int rc;

	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, pos, 1, &npos,
			  cache_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if (!npos) {
		fprintf(stderr, "lockgate: cache needs an action (stats, clean)\n");
		return LG_EXIT_USAGE;
	}
	if (!dir && !(dir = def = lg_cmd_default_cache_dir())) {
		fprintf(stderr, "lockgate: no cache directory (set --cache-dir, "
				"XDG_CACHE_HOME or HOME)\n");
		return LG_EXIT_USAGE;
	}
	rc = run_cache(pos[0], dir, older);
	free(def);
	return rc;
}
