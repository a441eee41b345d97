/* SPDX-License-Identifier: MIT */
/* .lockgate.toml and [tool.lockgate]: the key table and its setters. */
#include "config_private.h"
#include "lg/buf.h"
#include "lg/model.h"

void lg_config__strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lg__free(v[i]);
	lg__free(v);
}

int lg_config__string(char **out, const struct lg_toml_node *v,
		      const char *origin, const char *key)
{
	size_t len;
	const char *s = lg_toml_string(v, &len);

	if (!s || !len || len != strlen(s))
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: '%s' must be a non-empty string",
					origin, lg_toml_line(v), key);
	if (len > LG_MAX_CONFIG_STRING_BYTES)
		return lg_error_toobig("%s:%zu: '%s' is longer than %u bytes",
				       origin, lg_toml_line(v), key,
				       LG_MAX_CONFIG_STRING_BYTES);
	return (*out = lg__strdup(s)) ? 0 : lg_error_oom();
}

static bool host_ok(const char *s)
{
	const char *colon = strchr(s, ':');

	if (colon == s || *s == '.' || *s == '-')
		return false;
	for (const char *p = s; *p && p != colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return false;
	if (!colon)
		return true;
	if (!colon[1] || strlen(colon + 1) > 5)
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static bool pattern_ok(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '.' || (s[i] == '*' && i == n - 1)))
			return false;
	return s[0] != '*' && (s[n - 1] != '*' || (n > 2 && s[n - 2] == '.'));
}

static const char *const item_text[] = {
	[LG_CONFIG_ITEM_GLOB] = "a non-empty path glob",
	[LG_CONFIG_ITEM_TEXT] = "a non-empty string",
	[LG_CONFIG_ITEM_PACKAGE] = "a project name",
	[LG_CONFIG_ITEM_HOST] = "a host name (host or host:port)",
	[LG_CONFIG_ITEM_PATTERN] = "a rule id or an id prefix like \"obf.*\"",
};

/* One item of a list into *out (new), or an error naming it. */
static int list_item(char **out, const struct lg_toml_node *item,
		     const char *origin, const char *key, size_t i,
		     enum lg_config__item kind)
{
	size_t len;
	const char *s = lg_toml_string(item, &len);
	bool ok = s && len && len == strlen(s) && len < LG_MAX_PATH_BYTES &&
		  len <= LG_MAX_CONFIG_STRING_BYTES;

	if (ok && kind == LG_CONFIG_ITEM_PACKAGE) {
		int error = lg_name_canonical(out, s, len);

		if (error != LG_EINVALID)
			return error;
		lg_error_clear();
		ok = false;
	}
	if (ok && kind == LG_CONFIG_ITEM_HOST)
		ok = host_ok(s);
	if (ok && kind == LG_CONFIG_ITEM_PATTERN)
		ok = pattern_ok(s);
	if (!ok)
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: '%s' item %zu must be %s", origin,
					lg_toml_line(item), key, i + 1,
					item_text[kind]);
	if (!(*out = lg__strdup(s)))
		return lg_error_oom();
	if (kind == LG_CONFIG_ITEM_HOST)
		for (char *p = *out; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	return 0;
}

int lg_config__list(char ***out, size_t *n, const struct lg_toml_node *value,
		    const char *origin, const char *key,
		    enum lg_config__item kind, size_t max)
{
	size_t count = lg_toml_count(value);
	char **v = NULL;
	int error = 0;

	if (lg_toml_type(value) != LG_TOML_ARRAY)
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: '%s' must be an array of strings",
					origin, lg_toml_line(value), key);
	if (count > max)
		return lg_error_toobig("%s:%zu: '%s' has more than %zu items",
				       origin, lg_toml_line(value), key, max);
	if (count && !(v = lg__calloc(count, sizeof(*v))))
		return lg_error_oom();
	for (size_t i = 0; i < count && !error; i++)
		error = list_item(&v[i], lg_toml_at(value, i), origin, key, i, kind);
	if (error < 0) {
		lg_config__strings_free(v, count);
		return error;
	}
	lg_config__strings_free(*out, *n);
	*out = v;
	*n = count;
	return 0;
}

static int set_globs(char ***out, size_t *n, size_t other,
		     const struct lg_toml_node *value, const char *origin,
		     const char *key)
{
	if (lg_toml_count(value) + other > LG_MAX_CONFIG_GLOBS)
		return lg_error_toobig("%s:%zu: more than %u path globs", origin,
				       lg_toml_line(value), LG_MAX_CONFIG_GLOBS);
	return lg_config__list(out, n, value, origin, key, LG_CONFIG_ITEM_GLOB,
			       LG_MAX_CONFIG_GLOBS);
}

static int set_exclude(struct lg_config *cfg, const struct lg_toml_node *value,
		       const char *origin, size_t line)
{
	(void)line;
	return set_globs(&cfg->exclude, &cfg->nexclude, cfg->ninclude, value,
			 origin, "exclude");
}

static int set_include(struct lg_config *cfg, const struct lg_toml_node *value,
		       const char *origin, size_t line)
{
	(void)line;
	return set_globs(&cfg->include, &cfg->ninclude, cfg->nexclude, value,
			 origin, "include");
}

static int set_hosts(struct lg_config *cfg, const struct lg_toml_node *value,
		     const char *origin, size_t line)
{
	(void)line;
	return lg_config__list(&cfg->allowed_index_hosts,
			       &cfg->nallowed_index_hosts, value, origin,
			       "allowed-index-hosts", LG_CONFIG_ITEM_HOST,
			       LG_MAX_CONFIG_LIST);
}

static int set_cooldown_exempt(struct lg_config *cfg,
			       const struct lg_toml_node *value,
			       const char *origin, size_t line)
{
	(void)line;
	return lg_config__list(&cfg->cooldown_exempt, &cfg->ncooldown_exempt,
			       value, origin, "cooldown-exempt",
			       LG_CONFIG_ITEM_PACKAGE, LG_MAX_CONFIG_LIST);
}

/* An integer in [min, max] into *out, or an error naming key. */
static int get_int(int64_t *out, const struct lg_toml_node *value,
		   const char *origin, const char *key, int64_t min, int64_t max)
{
	if (!lg_toml_int(value, out) || *out < min || *out > max)
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: '%s' must be an integer from "
					"%lld to %lld", origin, lg_toml_line(value),
					key, (long long)min, (long long)max);
	return 0;
}

static int set_cooldown_days(struct lg_config *cfg,
			     const struct lg_toml_node *value,
			     const char *origin, size_t line)
{
	(void)line;
	return get_int(&cfg->cooldown_days, value, origin, "cooldown-days", 0,
		       LG_MAX_COOLDOWN_DAYS);
}

static int set_jobs(struct lg_config *cfg, const struct lg_toml_node *value,
		    const char *origin, size_t line)
{
	int64_t v;
	int error = get_int(&v, value, origin, "jobs", 1, LG_MAX_JOBS);

	(void)line;
	if (!error)
		cfg->jobs = (unsigned)v;
	return error;
}

static int set_cache_dir(struct lg_config *cfg,
			 const struct lg_toml_node *value, const char *origin,
			 size_t line)
{
	char *s = NULL;
	int error = lg_config__string(&s, value, origin, "cache-dir");

	(void)line;
	if (error < 0)
		return error;
	lg__free(cfg->cache_dir);
	cfg->cache_dir = s;
	return 0;
}

static int set_fail_on(struct lg_config *cfg, const struct lg_toml_node *value,
		       const char *origin, size_t line)
{
	const char *s = lg_toml_string(value, NULL);

	if (!s || lg_severity_parse(&cfg->fail_on, s) < 0) {
		lg_error_clear();
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: 'fail-on' must be a severity "
					"(info, low, medium, high, critical)",
					origin, line);
	}
	cfg->has_fail_on = true;
	return 0;
}

static int set_warn_only(struct lg_config *cfg, const struct lg_toml_node *value,
			 const char *origin, size_t line)
{
	(void)origin;
	(void)line;
	cfg->has_warn_only = lg_toml_bool(value, &cfg->warn_only);
	return 0;
}

/* Sorted by name (lg_config_selfcheck). */
static const struct lg_config_key key_table[] = {
	{"allowed-index-hosts", LG_CONFIG_STRING_LIST, set_hosts,
	 "index hosts lock files may name (host or host:port); empty or unset: "
	 "any. Stored for the lock policy, e.g. [\"pypi.org\", "
	 "\"files.pythonhosted.org\"]"},
	{"cache-dir", LG_CONFIG_STRING, set_cache_dir,
	 "artifact cache directory (relative: to the configuration file's "
	 "directory); --cache-dir wins. Default $XDG_CACHE_HOME/lockgate"},
	{"cooldown-days", LG_CONFIG_INTEGER, set_cooldown_days,
	 "days a release must have been public before it is accepted "
	 "(integer >= 0, default 2). Stored for the lock policy"},
	{"cooldown-exempt", LG_CONFIG_STRING_LIST, set_cooldown_exempt,
	 "package names the cooldown does not apply to, e.g. [\"certifi\"]"},
	{"exclude", LG_CONFIG_STRING_LIST, set_exclude,
	 "path globs (gitignore-like, '**' allowed) of lock files discovery "
	 "never reads, e.g. [\"legacy/**\", \"docs/requirements.txt\"]"},
	{"fail-on", LG_CONFIG_STRING, set_fail_on,
	 "block at this severity and above: info, low, medium, high "
	 "(default) or critical; --fail-on wins"},
	{"include", LG_CONFIG_STRING_LIST, set_include,
	 "path globs; when set, only matching paths are discovered, whatever "
	 "their name (the format is judged by content) and vendored trees are "
	 "no longer skipped, e.g. [\"services/*/requirements/*.txt\"]"},
	{"jobs", LG_CONFIG_INTEGER, set_jobs,
	 "parallel downloads, 1 to 64 (default 1); --jobs wins"},
	{"provenance", LG_CONFIG_TABLE, lg_config__set_provenance,
	 "[provenance] require = [names] or require-all = true: packages that "
	 "must come with a provenance attestation; trusted-publishers = "
	 "[...]. Stored for the provenance check"},
	{"rules", LG_CONFIG_TABLE, lg_config__set_rules,
	 "[rules] \"RULE\" = \"SEVERITY\" (or [rules.\"RULE\"] severity = "
	 "\"...\") overrides a rule's severity; disable = [\"obf.*\"] and "
	 "enable = [...] (exceptions to disable) take rule ids or prefixes"},
	{"suppress", LG_CONFIG_TABLE_LIST, lg_config__set_suppress,
	 "[[suppress]] rule, package, version, reason (required), sha256 and "
	 "expires (a date) optional: hides one rule's findings on one package "
	 "version until it expires"},
	{"warn-only", LG_CONFIG_BOOL, set_warn_only,
	 "true: report as usual but exit 0 when blocked (incomplete and usage "
	 "errors still fail); --warn-only also sets it"},
};

size_t lg_config_key_count(void)
{
	return LG_ARRAY_SIZE(key_table);
}

const struct lg_config_key *lg_config_key_at(size_t i)
{
	return i < LG_ARRAY_SIZE(key_table) ? &key_table[i] : NULL;
}

static const struct lg_config_key *find_key(const struct lg_config_key *keys,
					    size_t nkeys, const char *name)
{
	for (size_t i = 0; i < nkeys; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static bool type_ok(enum lg_config_type type, const struct lg_toml_node *v)
{
	switch (type) {
	case LG_CONFIG_STRING_LIST:
		return lg_toml_type(v) == LG_TOML_ARRAY;
	case LG_CONFIG_STRING:
		return lg_toml_type(v) == LG_TOML_STRING;
	case LG_CONFIG_BOOL:
		return lg_toml_type(v) == LG_TOML_BOOL;
	case LG_CONFIG_INTEGER:
		return lg_toml_type(v) == LG_TOML_INTEGER;
	case LG_CONFIG_TABLE:
		return lg_toml_type(v) == LG_TOML_TABLE;
	case LG_CONFIG_TABLE_LIST:
		if (lg_toml_type(v) != LG_TOML_ARRAY)
			return false;
		for (size_t i = 0; i < lg_toml_count(v); i++)
			if (lg_toml_type(lg_toml_at(v, i)) != LG_TOML_TABLE)
				return false;
		return true;
	}
	return false;
}

static const char *type_text(enum lg_config_type type)
{
	switch (type) {
	case LG_CONFIG_STRING_LIST:
		return "an array of strings";
	case LG_CONFIG_STRING:
		return "a string";
	case LG_CONFIG_BOOL:
		return "true or false";
	case LG_CONFIG_INTEGER:
		return "an integer";
	case LG_CONFIG_TABLE:
		return "a table";
	case LG_CONFIG_TABLE_LIST:
		return "an array of tables ([[...]])";
	}
	return "?";
}

int lg_config__apply(struct lg_config *cfg, const struct lg_toml_node *table,
		     const struct lg_config_key *keys, size_t nkeys,
		     const char *origin, const char *where)
{
	int error;

	for (size_t i = 0; i < lg_toml_count(table); i++) {
		size_t klen, line;
		const char *name = lg_toml_key_at(table, i, &klen, &line);
		const struct lg_toml_node *v = lg_toml_at(table, i);
		const struct lg_config_key *key =
			klen == strlen(name) ? find_key(keys, nkeys, name) : NULL;

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
	char *o = NULL;
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
		error = lg_config__apply(cfg, table, key_table,
					 LG_ARRAY_SIZE(key_table), origin,
					 pyproject ? " in [tool.lockgate]" : "");
	lg_toml_free(root);
	if (!error && !(o = lg__strdup(origin)))
		error = lg_error_oom();
	if (!error) {
		lg__free(cfg->origin);
		cfg->origin = o;
	}
	return error;
}

void lg_config_dispose(struct lg_config *cfg)
{
	if (!cfg)
		return;
	lg_config__strings_free(cfg->include, cfg->ninclude);
	lg_config__strings_free(cfg->exclude, cfg->nexclude);
	lg__free(cfg->origin);
	lg__free(cfg->cache_dir);
	lg_config__strings_free(cfg->allowed_index_hosts,
				cfg->nallowed_index_hosts);
	lg_config__strings_free(cfg->cooldown_exempt, cfg->ncooldown_exempt);
	lg_config__strings_free(cfg->provenance_require,
				cfg->nprovenance_require);
	lg_config__strings_free(cfg->trusted_publishers,
				cfg->ntrusted_publishers);
	lg_config__policy_dispose(cfg);
	*cfg = (struct lg_config)LG_CONFIG_INIT;
}
