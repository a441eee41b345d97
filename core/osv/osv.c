/* SPDX-License-Identifier: MIT */
/* OSV MAL- records -> (name, versions, ranges) (see lg/osv.h). */
#include <stdlib.h>

#include <jansson.h>

#include "lg/limits.h"
#include "lg/lockfile.h"
#include "lg/model.h"
#include "lg/osv.h"

enum event_kind { EV_INTRODUCED, EV_FIXED, EV_LAST_AFFECTED };

struct event {
	enum event_kind kind;
	char *version;
};

/* One affected[] entry for a PyPI package. */
struct entry {
	char *id;   /* shared by the entries of a record: owned by the first */
	bool owns_id;
	char *name; /* canonical */
	bool all;   /* neither versions nor ranges: every version */
	char **versions;
	size_t nversions;
	struct event *events; /* ECOSYSTEM ranges, one after another */
	size_t nevents;
	size_t *range_starts; /* index in events where each range starts */
	size_t nranges;
};

struct lg_osv_db {
	struct entry *v;
	size_t n, cap;
};

int lg_osv_db_new(struct lg_osv_db **out)
{
	*out = lg__calloc(1, sizeof(**out));
	return *out ? 0 : lg_error_oom();
}

static void entry_dispose(struct entry *e)
{
	if (e->owns_id)
		lg__free(e->id);
	lg__free(e->name);
	for (size_t i = 0; i < e->nversions; i++)
		lg__free(e->versions[i]);
	lg__free(e->versions);
	for (size_t i = 0; i < e->nevents; i++)
		lg__free(e->events[i].version);
	lg__free(e->events);
	lg__free(e->range_starts);
}

void lg_osv_db_free(struct lg_osv_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++)
		entry_dispose(&db->v[i]);
	lg__free(db->v);
	lg__free(db);
}

size_t lg_osv_db_count(const struct lg_osv_db *db)
{
	return db ? db->n : 0;
}

static int bad(const char *origin, const char *what)
{
	return lg_error_invalid(LG_ERRCLASS_JSON, "'%s': %s", origin, what);
}

static int add_event(struct entry *e, enum event_kind kind, const char *v,
		     size_t *budget)
{
	struct event *x;

	if (!*budget)
		return lg_error_toobig("an OSV record lists more than %u versions",
				       LG_MAX_OSV_VERSIONS);
	--*budget;
	if (!(x = lg__reallocarray(e->events, e->nevents + 1, sizeof(*x))))
		return lg_error_oom();
	e->events = x;
	if (!(x[e->nevents].version = lg__strdup(v)))
		return lg_error_oom();
	x[e->nevents++].kind = kind;
	return 0;
}

static int read_ranges(struct entry *e, json_t *ranges, const char *origin,
		       size_t *budget)
{
	static const struct {
		const char *key;
		enum event_kind kind;
	} keys[] = {{"introduced", EV_INTRODUCED},
		    {"fixed", EV_FIXED},
		    {"last_affected", EV_LAST_AFFECTED}};
	size_t i;
	json_t *r;
	int error;

	if (!json_is_array(ranges))
		return bad(origin, "\"ranges\" is not an array");
	json_array_foreach(ranges, i, r) {
		json_t *type = json_object_get(r, "type"), *events, *ev;
		size_t j, *starts;

		if (!json_is_object(r) || !json_is_string(type))
			return bad(origin, "a range without a type");
		if (strcmp(json_string_value(type), "ECOSYSTEM") != 0)
			continue; /* GIT/SEMVER ranges say nothing about PyPI versions */
		if (!json_is_array(events = json_object_get(r, "events")))
			return bad(origin, "a range without events");
		if (!(starts = lg__reallocarray(e->range_starts, e->nranges + 1,
						sizeof(*starts))))
			return lg_error_oom();
		e->range_starts = starts;
		starts[e->nranges++] = e->nevents;
		json_array_foreach(events, j, ev) {
			bool known = false;

			if (!json_is_object(ev))
				return bad(origin, "a range event is not an object");
			for (size_t k = 0; k < LG_ARRAY_SIZE(keys); k++) {
				json_t *v = json_object_get(ev, keys[k].key);

				if (!v)
					continue;
				if (!json_is_string(v))
					return bad(origin, "a range event version "
						   "is not a string");
				known = true;
				if ((error = add_event(e, keys[k].kind,
						       json_string_value(v),
						       budget)) < 0)
					return error;
			}
			(void)known; /* "limit" events and others are ignored */
		}
	}
	return 0;
}

static int read_versions(struct entry *e, json_t *versions,
			 const char *origin, size_t *budget)
{
	size_t i;
	json_t *v;

	if (!json_is_array(versions))
		return bad(origin, "\"versions\" is not an array");
	if (json_array_size(versions) > *budget)
		return lg_error_toobig("'%s': more than %u versions", origin,
				       LG_MAX_OSV_VERSIONS);
	*budget -= json_array_size(versions);
	if (!(e->versions = lg__calloc(json_array_size(versions) + 1,
				       sizeof(*e->versions))))
		return lg_error_oom();
	json_array_foreach(versions, i, v) {
		if (!json_is_string(v))
			return bad(origin, "a version is not a string");
		if (!(e->versions[e->nversions] = lg__strdup(json_string_value(v))))
			return lg_error_oom();
		e->nversions++;
	}
	return 0;
}

/* One affected[] entry; *e is filled only for a PyPI package (name set). */
static int read_affected(struct entry *e, json_t *a, const char *origin,
			 size_t *budget)
{
	json_t *pkg = json_object_get(a, "package"), *eco, *name, *x;
	int error;

	if (!json_is_object(a))
		return bad(origin, "an \"affected\" entry is not an object");
	eco = json_object_get(pkg, "ecosystem");
	name = json_object_get(pkg, "name");
	if (!json_is_string(eco) || !json_is_string(name))
		return bad(origin, "an \"affected\" entry without "
			   "package.ecosystem and package.name");
	/* "PyPI", or "PyPI:<suffix>" as OSV allows for ecosystem variants. */
	if (strncmp(json_string_value(eco), "PyPI", 4) != 0 ||
	    (json_string_value(eco)[4] && json_string_value(eco)[4] != ':'))
		return 0;
	if ((error = lg_name_canonical(&e->name, json_string_value(name),
				       json_string_length(name))) < 0)
		return error == LG_EINVALID
			       ? bad(origin, "package.name is not a project name")
			       : error;
	if ((x = json_object_get(a, "versions")) &&
	    (error = read_versions(e, x, origin, budget)) < 0)
		return error;
	if ((x = json_object_get(a, "ranges")) &&
	    (error = read_ranges(e, x, origin, budget)) < 0)
		return error;
	e->all = !e->nversions && !e->nranges &&
		 !json_object_get(a, "versions") && !json_object_get(a, "ranges");
	return 0;
}

static int db_grow(struct lg_osv_db *db, size_t more)
{
	struct entry *v;
	size_t cap;

	if (db->n + more > LG_MAX_OSV_RECORDS)
		return lg_error_toobig("more than %u OSV package entries",
				       LG_MAX_OSV_RECORDS);
	if (db->n + more <= db->cap)
		return 0;
	cap = db->cap ? db->cap * 2 : 64;
	while (cap < db->n + more)
		cap *= 2;
	if (!(v = lg__reallocarray(db->v, cap, sizeof(*v))))
		return lg_error_oom();
	db->v = v;
	db->cap = cap;
	return 0;
}

static int read_record(struct lg_osv_db *db, json_t *root, const char *origin)
{
	json_t *id = json_object_get(root, "id"), *affected, *a;
	size_t budget = LG_MAX_OSV_VERSIONS, first = db->n, i;
	char *id_copy = NULL;
	int error = 0;

	if (!json_is_object(root) || !json_is_string(id))
		return bad(origin, "not an OSV record (no \"id\")");
	if (strncmp(json_string_value(id), "MAL-", 4) != 0 ||
	    json_object_get(root, "withdrawn"))
		return 0;
	affected = json_object_get(root, "affected");
	if (!affected)
		return 0;
	if (!json_is_array(affected))
		return bad(origin, "\"affected\" is not an array");
	if ((error = db_grow(db, json_array_size(affected))) < 0)
		return error;
	if (!(id_copy = lg__strdup(json_string_value(id))))
		return lg_error_oom();
	json_array_foreach(affected, i, a) {
		struct entry e = {0};

		if ((error = read_affected(&e, a, origin, &budget)) < 0 || !e.name) {
			entry_dispose(&e);
			if (error < 0)
				goto done;
			continue;
		}
		e.id = id_copy;
		db->v[db->n++] = e;
	}
done:
	if (error < 0) {
		while (db->n > first)
			entry_dispose(&db->v[--db->n]);
	}
	if (error < 0 || db->n == first)
		lg__free(id_copy);
	else
		db->v[first].owns_id = true;
	return error;
}

int lg_osv_db_add_record(struct lg_osv_db *db, const char *buf, size_t len,
			 const char *origin)
{
	json_error_t jerr;
	json_t *root;
	int error;

	LG_ASSERT_ARG(db && (buf || !len) && origin);
	if (len > LG_MAX_OSV_RECORD_BYTES)
		return lg_error_toobig("'%s': an OSV record larger than %u bytes",
				       origin, LG_MAX_OSV_RECORD_BYTES);
	if (!(root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)))
		return lg_error_invalid(LG_ERRCLASS_JSON, "'%s': line %d: %s",
					origin, jerr.line, jerr.text);
	error = read_record(db, root, origin);
	json_decref(root);
	return error;
}

static bool in_range(const struct entry *e, size_t from, size_t to,
		     const char *version)
{
	for (size_t i = from; i < to; i++) {
		const struct event *lim = NULL;

		if (e->events[i].kind != EV_INTRODUCED)
			continue;
		if (strcmp(e->events[i].version, "0") != 0 &&
		    lg_version_cmp(version, e->events[i].version) < 0)
			continue;
		for (size_t j = i + 1; j < to && !lim; j++)
			if (e->events[j].kind != EV_INTRODUCED)
				lim = &e->events[j];
		if (!lim)
			return true;
		if (lim->kind == EV_FIXED ? lg_version_cmp(version, lim->version) < 0
					  : lg_version_cmp(version, lim->version) <= 0)
			return true;
	}
	return false;
}

static bool entry_matches(const struct entry *e, const char *version)
{
	if (e->all)
		return true;
	for (size_t i = 0; i < e->nversions; i++)
		if (strcmp(e->versions[i], version) == 0 ||
		    lg_version_cmp(e->versions[i], version) == 0)
			return true;
	for (size_t r = 0; r < e->nranges; r++) {
		size_t to = r + 1 < e->nranges ? e->range_starts[r + 1] : e->nevents;

		if (in_range(e, e->range_starts[r], to, version))
			return true;
	}
	return false;
}

const char *lg_osv_db_match(const struct lg_osv_db *db, const char *name,
			    const char *version)
{
	for (size_t i = 0; db && name && version && i < db->n; i++)
		if (strcmp(db->v[i].name, name) == 0 &&
		    entry_matches(&db->v[i], version))
			return db->v[i].id;
	return NULL;
}

/* ---- querybatch ----------------------------------------------------------- */

int lg_osv_batch_request(struct lg_buf *out, const struct lg_osv_query *q,
			 size_t n)
{
	json_t *root = NULL, *queries;
	char *text = NULL;
	int error = 0;

	if (n > LG_MAX_OSV_BATCH)
		return lg_error_toobig("more than %u OSV queries in one batch",
				       LG_MAX_OSV_BATCH);
	if (!(root = json_object()) || !(queries = json_array()) ||
	    json_object_set_new(root, "queries", queries) < 0) {
		error = lg_error_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *one = json_pack("{s:{s:s,s:s},s:s}", "package", "name",
					q[i].name, "ecosystem", "PyPI", "version",
					q[i].version);

		if (!one || json_array_append_new(queries, one) < 0) {
			error = lg_error_oom();
			goto done;
		}
	}
	if (!(text = json_dumps(root, JSON_COMPACT))) {
		error = lg_error_oom();
		goto done;
	}
	lg_buf_reset(out);
	error = lg_buf_puts(out, text);
done:
	free(text);
	json_decref(root);
	return error;
}

static int first_mal(char **id, json_t *result, const char *origin)
{
	json_t *vulns = json_object_get(result, "vulns"), *v;
	size_t i;

	if (!json_is_object(result))
		return bad(origin, "a result is not an object");
	if (!vulns)
		return 0;
	if (!json_is_array(vulns))
		return bad(origin, "\"vulns\" is not an array");
	json_array_foreach(vulns, i, v) {
		json_t *vid = json_object_get(v, "id");

		if (!json_is_string(vid))
			return bad(origin, "a vuln without a string id");
		if (strncmp(json_string_value(vid), "MAL-", 4) == 0)
			return (*id = lg__strdup(json_string_value(vid))) ? 0
									 : lg_error_oom();
	}
	return 0;
}

int lg_osv_batch_parse(char **ids, size_t n, const char *buf, size_t len,
		       const char *origin)
{
	json_error_t jerr;
	json_t *root = NULL, *results;
	int error = 0;

	LG_ASSERT_ARG((ids || !n) && (buf || !len) && origin);
	for (size_t i = 0; i < n; i++)
		ids[i] = NULL;
	if (len > LG_MAX_JSON_BYTES)
		return lg_error_toobig("'%s': answer larger than %u bytes", origin,
				       LG_MAX_JSON_BYTES);
	if (!(root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)))
		return lg_error_invalid(LG_ERRCLASS_JSON, "'%s': line %d: %s",
					origin, jerr.line, jerr.text);
	results = json_object_get(root, "results");
	if (!json_is_array(results) || json_array_size(results) != n) {
		error = bad(origin, "not one result for each query");
		goto done;
	}
	for (size_t i = 0; i < n && !error; i++)
		error = first_mal(&ids[i], json_array_get(results, i), origin);
done:
	if (error < 0)
		for (size_t i = 0; i < n; i++) {
			lg__free(ids[i]);
			ids[i] = NULL;
		}
	json_decref(root);
	return error;
}
