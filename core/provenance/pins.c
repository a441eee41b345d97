/* SPDX-License-Identifier: MIT */
/* Publisher pins (.lockgate/publishers.json): read, compare, update,
 * write. Pure: bytes in, bytes out (core/engine/provcheck.c reads the
 * file of both revisions). */
#include <jansson.h>
#include <strings.h>

#include "lg/buf.h"
#include "prov_private.h"

#define BAD(...) lg_error_invalid(LG_ERRCLASS_JSON, __VA_ARGS__)

/* The publisher fields a pin records, in file order. */
static const struct {
	const char *key;
	size_t off;
} fields[] = {
	{"kind", offsetof(struct lg_prov_publisher, kind)},
	{"repository", offsetof(struct lg_prov_publisher, repository)},
	{"workflow", offsetof(struct lg_prov_publisher, workflow)},
	{"workflow_filepath", offsetof(struct lg_prov_publisher, workflow_filepath)},
	{"environment", offsetof(struct lg_prov_publisher, environment)},
	{"email", offsetof(struct lg_prov_publisher, email)},
};

static char **field(struct lg_prov_publisher *p, size_t i)
{
	return (char **)((char *)p + fields[i].off);
}

static const char *cfield(const struct lg_prov_publisher *p, size_t i)
{
	return *(char *const *)((const char *)p + fields[i].off);
}

/* PEP 503: lower case, runs of -_. become one '-'. */
static char *normalize(const char *name)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PROJECT_NAME_BYTES);

	for (const char *p = name; *p; p++) {
		bool sep = *p == '-' || *p == '_' || *p == '.';

		if (sep && b.len && b.ptr[b.len - 1] == '-')
			continue;
		lg_buf_putc(&b, sep ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p);
	}
	if (b.err || !b.len) {
		lg_buf_dispose(&b);
		return NULL;
	}
	return lg_buf_detach(&b);
}

static void pin_dispose(struct lg_pin *pin)
{
	lg__free(pin->project);
	lg__free(pin->since);
	lg_prov_publisher_dispose(&pin->publisher);
}

void lg_pins_free(struct lg_pins *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		pin_dispose(&p->v[i]);
	lg__free(p->v);
	lg__free(p);
}

static int pin_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lg_pin *)a)->project, ((const struct lg_pin *)b)->project);
}

static int dup_field(char **out, json_t *v, const char *key, const char *project)
{
	json_t *s = json_object_get(v, key);

	*out = NULL;
	if (!s || json_is_null(s))
		return 0;
	if (!json_is_string(s) || json_string_length(s) != strlen(json_string_value(s)))
		return BAD("publishers.json: %s.%s is not a string", project, key);
	if (json_string_length(s) > LG_MAX_PIN_FIELD)
		return lg_error_toobig("publishers.json: %s.%s is longer than %u bytes", project,
				       key, LG_MAX_PIN_FIELD);
	if (!(*out = lg__strdup(json_string_value(s))))
		return lg_error_oom();
	return 0;
}

static int read_pin(struct lg_pin *pin, const char *name, json_t *v)
{
	int error;

	if (!json_is_object(v))
		return BAD("publishers.json: the pin of %.100s is not an object", name);
	if (!(pin->project = normalize(name)))
		return BAD("publishers.json: '%.100s' is not a project name", name);
	for (size_t i = 0; i < LG_ARRAY_SIZE(fields); i++)
		if ((error = dup_field(field(&pin->publisher, i), v, fields[i].key, name)) < 0)
			return error;
	if ((error = dup_field(&pin->since, v, "since", name)) < 0)
		return error;
	if (!pin->publisher.kind)
		return BAD("publishers.json: the pin of %.100s has no kind", name);
	return 0;
}

int lg_pins_parse(struct lg_pins **out, const char *json, size_t len)
{
	struct lg_pins *p = NULL;
	json_t *root = NULL, *pubs, *v;
	json_error_t jerr;
	const char *name;
	int error = 0;

	*out = NULL;
	if (len > LG_MAX_PINS_BYTES)
		return lg_error_toobig("publishers.json is larger than %u bytes", LG_MAX_PINS_BYTES);
	if (!(p = lg__calloc(1, sizeof(*p))))
		return lg_error_oom();
	if (!len)
		goto ok;
	if (!(root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr))) {
		error = BAD("publishers.json: %s (line %d)", jerr.text, jerr.line);
		goto done;
	}
	pubs = json_object_get(root, "publishers");
	if (!json_is_integer(json_object_get(root, "version")) ||
	    json_integer_value(json_object_get(root, "version")) != 1) {
		error = BAD("publishers.json: version is not 1");
		goto done;
	}
	if (pubs && !json_is_object(pubs)) {
		error = BAD("publishers.json: publishers is not an object");
		goto done;
	}
	if (json_object_size(pubs) > LG_MAX_PINS) {
		error = lg_error_toobig("publishers.json pins more than %u projects", LG_MAX_PINS);
		goto done;
	}
	if (json_object_size(pubs) && !(p->v = lg__calloc(json_object_size(pubs), sizeof(*p->v)))) {
		error = lg_error_oom();
		goto done;
	}
	json_object_foreach(pubs, name, v) {
		if ((error = read_pin(&p->v[p->n++], name, v)) < 0)
			goto done;
	}
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), pin_cmp);
	for (size_t i = 1; i < p->n; i++)
		if (!strcmp(p->v[i - 1].project, p->v[i].project)) {
			error = BAD("publishers.json pins %s twice", p->v[i].project);
			goto done;
		}
ok:
	*out = p;
	p = NULL;
done:
	lg_pins_free(p);
	json_decref(root);
	return error;
}

static struct lg_pin *find(const struct lg_pins *p, const char *norm)
{
	struct lg_pin key = {0};

	key.project = (char *)norm;
	return p->n ? bsearch(&key, p->v, p->n, sizeof(*p->v), pin_cmp) : NULL;
}

/* Fields compared: "" and absent are the same; the repository of the
 * forges is case-insensitive (PyPI matches it so at publish time). */
static bool field_eq(size_t i, const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	if (!strcmp(fields[i].key, "repository") || !strcmp(fields[i].key, "email"))
		return !strcasecmp(a, b);
	return !strcmp(a, b);
}

int lg_pins_compare(enum lg_pin_verdict *out, struct lg_buf *why, const struct lg_pins *p,
		    const char *project, const struct lg_prov_publisher *seen)
{
	char *norm = normalize(project);
	const struct lg_pin *pin;

	*out = LG_PIN_NONE;
	if (!norm)
		return BAD("'%.100s' is not a project name", project);
	pin = find(p, norm);
	lg__free(norm);
	if (!pin) {
		*out = seen ? LG_PIN_NEW : LG_PIN_NONE;
		return lg_buf_puts(why, seen ? "no publisher pinned yet: pin on first use" : "");
	}
	if (!seen) {
		*out = LG_PIN_DROPPED;
		return lg_buf_printf(why, "provenance dropped: %s was published by %s %s",
				     pin->project, pin->publisher.kind,
				     pin->publisher.repository ? pin->publisher.repository
				     : pin->publisher.email ? pin->publisher.email : "");
	}
	*out = LG_PIN_SAME;
	for (size_t i = 0; i < LG_ARRAY_SIZE(fields); i++) {
		const char *a = cfield(&pin->publisher, i), *b = cfield(seen, i);

		if (field_eq(i, a, b))
			continue;
		if (*out == LG_PIN_SAME)
			lg_buf_puts(why, "publisher changed:");
		*out = LG_PIN_CHANGED;
		lg_buf_printf(why, " %s '%s' -> '%s'", fields[i].key, a ? a : "", b ? b : "");
	}
	return why->err;
}

int lg_pins_set(struct lg_pins *p, const char *project, const struct lg_prov_publisher *seen,
		const char *version)
{
	struct lg_pin pin = {0}, *old, *v;
	int error = 0;

	LG_ASSERT_ARG(p && project && seen && seen->kind);
	if (!(pin.project = normalize(project)))
		return BAD("'%.100s' is not a project name", project);
	for (size_t i = 0; i < LG_ARRAY_SIZE(fields); i++)
		if (cfield(seen, i) && !(*field(&pin.publisher, i) = lg__strdup(cfield(seen, i)))) {
			error = lg_error_oom();
			goto done;
		}
	if (version && !(pin.since = lg__strdup(version))) {
		error = lg_error_oom();
		goto done;
	}
	if ((old = find(p, pin.project))) {
		pin_dispose(old);
		*old = pin;
		return 0;
	}
	if (p->n >= LG_MAX_PINS) {
		error = lg_error_toobig("more than %u pinned projects", LG_MAX_PINS);
		goto done;
	}
	if (!(v = lg__reallocarray(p->v, p->n + 1, sizeof(*v)))) {
		error = lg_error_oom();
		goto done;
	}
	p->v = v;
	p->v[p->n++] = pin;
	qsort(p->v, p->n, sizeof(*p->v), pin_cmp);
	return 0;
done:
	pin_dispose(&pin);
	return error;
}

int lg_pins_write(struct lg_buf *out, const struct lg_pins *p)
{
	json_t *root = json_object(), *pubs = json_object();
	char *text = NULL;
	int error = 0;

	if (!root || !pubs || json_object_set_new(root, "version", json_integer(1)) < 0 ||
	    json_object_set(root, "publishers", pubs) < 0)
		goto oom;
	for (size_t i = 0; i < p->n; i++) {
		json_t *o = json_object();

		if (!o || json_object_set_new(pubs, p->v[i].project, o) < 0)
			goto oom;
		for (size_t f = 0; f < LG_ARRAY_SIZE(fields); f++) {
			const char *s = cfield(&p->v[i].publisher, f);

			if (s && json_object_set_new(o, fields[f].key, json_string(s)) < 0)
				goto oom;
		}
		if (p->v[i].since && json_object_set_new(o, "since", json_string(p->v[i].since)) < 0)
			goto oom;
	}
	if (!(text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)))
		goto oom;
	if ((error = lg_buf_puts(out, text)) == 0)
		error = lg_buf_putc(out, '\n');
	goto done;
oom:
	error = lg_error_oom();
done:
	free(text);
	json_decref(pubs);
	json_decref(root);
	return error;
}
