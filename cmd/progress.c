/* SPDX-License-Identifier: MIT */
/* Download progress on stderr: one line redrawn in place, only on a
 * terminal and without --quiet. core/ reports numbers; this prints them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

void lg_progress_ui_init(struct lg_progress_ui *ui, bool quiet)
{
	const char *no = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	memset(ui, 0, sizeof(*ui));
	ui->on = !quiet && isatty(fileno(stderr)) &&
		 !(term && !strcmp(term, "dumb"));
	ui->color = ui->on && !(no && *no);
}

/* 1536 -> "1.5 KiB" */
static void human(char *out, size_t n, double v)
{
	static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	size_t u = 0;

	while (v >= 1024.0 && u + 1 < LG_ARRAY_SIZE(unit)) {
		v /= 1024.0;
		u++;
	}
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

void lg_progress_ui_update(const struct lg_fetch_progress *p, void *payload)
{
	struct lg_progress_ui *ui = payload;
	char bytes[32], rate[32];
	double secs = (double)p->elapsed_ms / 1000.0;

	if (!ui->on)
		return;
	human(bytes, sizeof(bytes), (double)p->bytes);
	human(rate, sizeof(rate), secs > 0.05 ? (double)p->bytes / secs : 0.0);
	fprintf(stderr, "\r\033[K%slockgate%s: downloading %zu/%zu files, "
		"%s, %s/s", ui->color ? "\033[1m" : "",
		ui->color ? "\033[0m" : "", p->done, p->total, bytes, rate);
	fflush(stderr);
	ui->drawn = true;
}

void lg_progress_ui_end(struct lg_progress_ui *ui)
{
	if (ui->on && ui->drawn)
		fputs("\r\033[K", stderr);
	ui->drawn = false;
}
