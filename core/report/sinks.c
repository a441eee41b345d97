/* SPDX-License-Identifier: MIT */
#include "lg/report.h"
#include "report_private.h"

static const struct lg_report_sink *const sinks[] = {
	&lg_report__json,
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
