/* SPDX-License-Identifier: MIT */
/* `lockgate deps`: parsed lock files as text or JSON (schema 1). Every
 * string comes from a lock file, so text is escaped for terminals and
 * JSON is valid UTF-8, ASCII-only. */
#include <jansson.h>
#include <stdlib.h>

#include "lg/report.h"
#include "report_private.h"


/* A JSON string of a URL with its credentials masked (see
 * lg_report__url_masked). */
static json_t *jurl(const char *url)
{
	char *m = lg_report__url_masked(url);
	json_t *v = url && !m ? NULL : lg_report__jstr(m);

	free(m);
	return v;
}

static json_t *entry_json(const struct lg_pkg *p)
{
	json_t *o, *sha = json_array(), *files = json_array();

	for (size_t i = 0; sha && i < p->nhashes; i++)
		if (strncmp(p->hashes[i], "sha256:", 7) == 0)
			json_array_append_new(sha, lg_report__jstr(p->hashes[i] + 7));
	for (size_t i = 0; files && i < p->nfiles; i++)
		json_array_append_new(
			files, json_pack("{s:o, s:o, s:o, s:o, s:o}", "name",
					 lg_report__jstr(p->files[i].name), "url",
					 jurl(p->files[i].url), "sha256",
					 lg_report__jstr(p->files[i].sha256), "size",
					 p->files[i].size
						 ? json_integer((json_int_t)p->files[i].size)
						 : json_null(),
					 "upload_time",
					 lg_report__jstr(p->files[i].upload_time)));
	o = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "name",
		      lg_report__jstr(p->name), "version", lg_report__jstr(p->version), "source",
		      lg_source_kind_name(p->source), "source_url",
		      jurl(p->source_url), "sha256", sha ? sha : json_null(),
		      "files", files ? files : json_null(), "markers",
		      lg_report__jstr(p->markers), "file", lg_report__jstr(p->file), "line",
		      p->line ? json_integer((json_int_t)p->line) : json_null());
	return o;
}

static int render_json(struct lg_buf *out, const struct lg_deps *d)
{
	json_t *root = json_pack("{s:i, s:[]}", "schema", 1, "lockfiles");
	json_t *arr = root ? json_object_get(root, "lockfiles") : NULL;
	char *text = NULL;
	int error = 0;

	for (size_t i = 0; arr && i < d->n; i++) {
		json_t *entries = json_array();
		const struct lg_pkgset *set = d->sets[i];

		for (size_t j = 0; entries && j < set->npkgs; j++)
			if (json_array_append_new(entries, entry_json(&set->pkgs[j])) < 0)
				goto oom;
		if (json_array_append_new(arr, json_pack("{s:o, s:s, s:o}", "path",
							 lg_report__jstr(set->origin),
							 "format", d->formats[i],
							 "entries", entries)) < 0)
			goto oom;
	}
	if (!arr || !(text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					      JSON_ENSURE_ASCII)))
		goto oom;
	if ((error = lg_buf_puts(out, text)) == 0)
		error = lg_buf_putc(out, '\n');
	goto done;
oom:
	error = lg_error_oom();
done:
	free(text);
	json_decref(root);
	return error;
}

static void put_esc(struct lg_buf *out, const char *s)
{
	(void)lg_escape_terminal(out, s ? s : "-");
}

static int render_text(struct lg_buf *out, const struct lg_deps *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct lg_pkgset *set = d->sets[i];

		put_esc(out, set->origin);
		lg_buf_printf(out, " (%s): %zu entries\n", d->formats[i],
			      set->npkgs);
		for (size_t j = 0; j < set->npkgs; j++) {
			const struct lg_pkg *p = &set->pkgs[j];
			size_t nsha = 0;

			for (size_t k = 0; k < p->nhashes; k++)
				nsha += strncmp(p->hashes[k], "sha256:", 7) == 0;
			lg_buf_puts(out, "  ");
			put_esc(out, p->name ? p->name : p->spec);
			lg_buf_putc(out, ' ');
			put_esc(out, p->version);
			lg_buf_printf(out, " %s", lg_source_kind_name(p->source));
			if (p->source_url) {
				char *m = lg_report__url_masked(p->source_url);

				lg_buf_putc(out, ' ');
				put_esc(out, m ? m : "(out of memory)");
				free(m);
			}
			lg_buf_printf(out, " sha256:%zu", nsha);
			if (p->nfiles)
				lg_buf_printf(out, " files:%zu", p->nfiles);
			lg_buf_puts(out, " (");
			put_esc(out, p->file ? p->file : set->origin);
			lg_buf_printf(out, ":%zu)\n", p->line);
		}
	}
	return out->err;
}

static const struct {
	const char *name;
	int (*render)(struct lg_buf *out, const struct lg_deps *d);
} deps_sinks[] = {
	{"json", render_json},
	{"text", render_text},
};

int lg_report_deps(struct lg_buf *out, const char *format,
		   const struct lg_deps *deps)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(deps_sinks); i++)
		if (strcmp(deps_sinks[i].name, format) == 0)
			return deps_sinks[i].render(out, deps);
	lg_error_set(LG_ERRCLASS_INTERNAL, "unknown format '%.40s'", format);
	return LG_EUSAGE;
}
