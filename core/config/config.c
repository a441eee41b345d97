/* SPDX-License-Identifier: MIT */
/* .lockgate.toml and [tool.lockgate]: the key table and its setters. */
#include "lg/buf.h"
#include "lg/config.h"

static void strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lg__free(v[i]);
	lg__free(v);
}

/* An array of strings into a new vector (*out, *n replaced). */
static int set_strings(char ***out, size_t *n, size_t other,
		       const struct lg_toml_node *value, const char *origin,
		       const char *key)
{
	size_t count = lg_toml_count(value);
	char **v = NULL;
	int error = 0;

	if (count + other > LG_MAX_CONFIG_GLOBS)
		return lg_error_toobig("%s:%zu: more than %u path globs", origin,
				       lg_toml_line(value), LG_MAX_CONFIG_GLOBS);
	if (count && !(v = lg__calloc(count, sizeof(*v))))
		return lg_error_oom();
	for (size_t i = 0; i < count && !error; i++) {
		const struct lg_toml_node *item = lg_toml_at(value, i);
		size_t len;
		const char *s = lg_toml_string(item, &len);

		if (!s || !len || len != strlen(s) || len >= LG_MAX_PATH_BYTES)
			error = lg_error_invalid(LG_ERRCLASS_POLICY,
						 "%s:%zu: '%s' item %zu must be a "
						 "non-empty path glob", origin,
						 lg_toml_line(item), key, i + 1);
		else if (!(v[i] = lg__strdup(s)))
			error = lg_error_oom();
	}
	if (error < 0) {
		strings_free(v, count);
		return error;
	}
	strings_free(*out, *n);
	*out = v;
	*n = count;
	return 0;
}

static int set_exclude(struct lg_config *cfg, const struct lg_toml_node *value,
		       const char *origin, size_t line)
{
	(void)line;
	return set_strings(&cfg->exclude, &cfg->nexclude, cfg->ninclude, value,
			   origin, "exclude");
}

static int set_include(struct lg_config *cfg, const struct lg_toml_node *value,
		       const char *origin, size_t line)
{
	(void)line;
	return set_strings(&cfg->include, &cfg->ninclude, cfg->nexclude, value,
			   origin, "include");
}

/* Sorted by name (lg_config_selfcheck). */
static const struct lg_config_key key_table[] = {
	{"exclude", LG_CONFIG_STRING_LIST, set_exclude,
	 "path globs (gitignore-like, '**' allowed) of lock files discovery "
	 "never reads, e.g. [\"legacy/**\", \"docs/requirements.txt\"]"},
	{"include", LG_CONFIG_STRING_LIST, set_include,
	 "path globs; when set, only matching paths are discovered, whatever "
	 "their name (the format is judged by content) and vendored trees are "
	 "no longer skipped, e.g. [\"services/*/requirements/*.txt\"]"},
};

size_t lg_config_key_count(void)
{
	return LG_ARRAY_SIZE(key_table);
}

const struct lg_config_key *lg_config_key_at(size_t i)
{
	return i < LG_ARRAY_SIZE(key_table) ? &key_table[i] : NULL;
}

static const struct lg_config_key *find_key(const char *name)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(key_table); i++)
		if (strcmp(key_table[i].name, name) == 0)
			return &key_table[i];
	return NULL;
}

static bool type_ok(enum lg_config_type type, const struct lg_toml_node *v)
{
	switch (type) {
	case LG_CONFIG_STRING_LIST:
		return lg_toml_type(v) == LG_TOML_ARRAY;
	}
	return false;
}

static const char *type_text(enum lg_config_type type)
{
	switch (type) {
	case LG_CONFIG_STRING_LIST:
		return "an array of strings";
	}
	return "?";
}

static int apply_table(struct lg_config *cfg, const struct lg_toml_node *table,
		       const char *origin, const char *where)
{
	int error;

	for (size_t i = 0; i < lg_toml_count(table); i++) {
		size_t klen, line;
		const char *name = lg_toml_key_at(table, i, &klen, &line);
		const struct lg_toml_node *v = lg_toml_at(table, i);
		const struct lg_config_key *key =
			klen == strlen(name) ? find_key(name) : NULL;

		if (!key)
			return lg_error_invalid(LG_ERRCLASS_POLICY,
						"%s:%zu: unknown key '%.64s'%s (see "
						"README: configuration)", origin,
						line, name, where);
		if (!type_ok(key->type, v))
			return lg_error_invalid(LG_ERRCLASS_POLICY,
						"%s:%zu: '%s' must be %s", origin,
						line, key->name,
						type_text(key->type));
		if ((error = key->set(cfg, v, origin, line)) < 0)
			return error;
	}
	return 0;
}

int lg_config_parse(struct lg_config *cfg, const char *buf, size_t len,
		    const char *origin, bool pyproject)
{
	struct lg_toml_node *root = NULL;
	const struct lg_toml_node *table = NULL;
	int error;

	LG_ASSERT_ARG(cfg && (buf || !len) && origin);
	if (len > LG_MAX_CONFIG_BYTES)
		return lg_error_toobig("%s: larger than %u bytes", origin,
				       LG_MAX_CONFIG_BYTES);
	if ((error = lg_toml_parse(&root, buf, len, origin)) < 0)
		return error;
	table = pyproject ? lg_toml_get_path(root, "tool", "lockgate", NULL) : root;
	if (table && lg_toml_type(table) != LG_TOML_TABLE)
		error = lg_error_invalid(LG_ERRCLASS_POLICY,
					 "%s:%zu: [tool.lockgate] must be a table",
					 origin, lg_toml_line(table));
	else if (table)
		error = apply_table(cfg, table, origin,
				    pyproject ? " in [tool.lockgate]" : "");
	lg_toml_free(root);
	return error;
}

void lg_config_dispose(struct lg_config *cfg)
{
	if (!cfg)
		return;
	strings_free(cfg->include, cfg->ninclude);
	strings_free(cfg->exclude, cfg->nexclude);
	*cfg = (struct lg_config)LG_CONFIG_INIT;
}
