/* SPDX-License-Identifier: MIT */
#include <jansson.h>

#include "lg/report.h"
#include "report_private.h"

/* Sorted by name. */
static const struct lg_report_sink *const sinks[] = {
	&lg_report__github,
	&lg_report__gitlab,
	&lg_report__json,
	&lg_report__markdown,
	&lg_report__sarif,
	&lg_report__text,
};

const struct lg_report_sink *lg_report_sink_find(const char *name)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(sinks); i++)
		if (strcmp(sinks[i]->name, name) == 0)
			return sinks[i];
	return NULL;
}

size_t lg_report_sink_count(void)
{
	return LG_ARRAY_SIZE(sinks);
}

const struct lg_report_sink *lg_report_sink_at(size_t i)
{
	return i < LG_ARRAY_SIZE(sinks) ? sinks[i] : NULL;
}

enum lg_report_level lg_report__level(enum lg_severity sev,
				      const struct lg_report_options *opts)
{
	enum lg_severity fail_on = opts && opts->policy ? opts->policy->fail_on
							: LG_SEV_HIGH;

	if (sev >= fail_on)
		return LG_LEVEL_ERROR;
	return sev >= LG_SEV_MEDIUM ? LG_LEVEL_WARNING : LG_LEVEL_NOTE;
}

void lg_report__count(struct lg_report_counts *c, const struct lg_result *r)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->nartifacts; i++) {
		c->blocked += r->artifacts[i].verdict == LG_VERDICT_BLOCK;
		c->warned += r->artifacts[i].verdict == LG_VERDICT_WARN;
		c->incomplete += r->artifacts[i].verdict == LG_VERDICT_INCOMPLETE;
	}
	for (size_t i = 0; i < r->findings.n; i++)
		c->by_sev[r->findings.v[i].severity]++;
}

int lg_report__dump(struct lg_buf *out, json_t *root, int indent)
{
	size_t flags = JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII |
		       (indent ? JSON_INDENT(indent) : JSON_COMPACT);
	char *text = NULL;
	int error = 0;

	if (!root || !(text = json_dumps(root, flags))) {
		error = lg_error_oom();
		goto done;
	}
	lg_buf_puts(out, text);
	error = lg_buf_putc(out, '\n');
done:
	free(text);
	json_decref(root);
	return error;
}
