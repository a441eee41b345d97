/* SPDX-License-Identifier: MIT */
/* Developer aid for rule work: prints the members the rules read (setup.py,
 * *.py, *.pth, ...) of one archive, through lockgate's own in-memory
 * reader. Nothing is written to disk or run. Output may be hostile text:
 * it is escaped for the terminal.
 *
 *   lg-peek ARCHIVE [SUBSTRING]   members whose path contains SUBSTRING
 */
#include <stdio.h>
#include <string.h>

#include "lg/archive.h"
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/report.h"
#include "lg/rules.h"

static bool want(const char *path, void *payload)
{
	const char *sub = payload;

	return lg_rules_wants_member(path) && (!sub || strstr(path, sub));
}

static int show(const struct lg_member *m, void *payload)
{
	struct lg_buf b = LG_BUF_INIT(64u << 20);

	(void)payload;
	if (!m->data) {
		printf("--- %s (%zu bytes, not read)\n", m->path, m->size);
		return 0;
	}
	/* Escape line by line so the text stays readable. */
	for (const char *p = m->data, *nl; *p; p = nl + 1) {
		char *line;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		line = lg__strndup(p, (size_t)(nl - p) + (*nl != '\n'));
		if (!line)
			return LG_ENOMEM;
		lg_escape_terminal(&b, line);
		lg_buf_putc(&b, '\n');
		lg__free(line);
	}
	printf("=== %s (%zu bytes)\n%s\n", m->path, m->size, b.ptr);
	lg_buf_dispose(&b);
	return 0;
}

int main(int argc, char **argv)
{
	struct lg_buf body = LG_BUF_INIT(LG_MAX_ARTIFACT_BYTES);
	struct lg_findings f = LG_FINDINGS_INIT;
	int error;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: lg-peek ARCHIVE [SUBSTRING]\n");
		return 3;
	}
	if ((error = lg_fs_read_file(&body, argv[1], body.max)) == 0)
		error = lg_archive_walk(body.ptr, body.len, argv[1], want, show,
					argc == 3 ? argv[2] : NULL, &f);
	if (error < 0)
		fprintf(stderr, "lg-peek: %s\n", lg_error_last()->message);
	for (size_t i = 0; i < f.n; i++)
		printf("!!! %s %s\n", f.v[i].rule, f.v[i].message);
	lg_findings_dispose(&f);
	lg_buf_dispose(&body);
	return error < 0 ? 2 : 0;
}
