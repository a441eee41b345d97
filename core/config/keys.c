/* SPDX-License-Identifier: MIT */
/* The structured keys: [rules], [[suppress]], [provenance]. */
#include "config_private.h"
#include "lg/buf.h"
#include "lg/model.h"

static void patterns_free(struct lg_config_pattern *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lg__free(v[i].pattern);
	lg__free(v);
}

static void rules_free(struct lg_config_rule *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lg__free(v[i].rule);
	lg__free(v);
}

static void suppression_dispose(struct lg_suppression *s)
{
	lg__free(s->rule);
	lg__free(s->package);
	lg__free(s->version);
	lg__free(s->sha256);
	lg__free(s->reason);
	lg__free(s->expires_text);
}

static void suppress_free(struct lg_suppression *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		suppression_dispose(&v[i]);
	lg__free(v);
}

void lg_config__policy_dispose(struct lg_config *cfg)
{
	rules_free(cfg->rules, cfg->nrules);
	patterns_free(cfg->enable, cfg->nenable);
	patterns_free(cfg->disable, cfg->ndisable);
	suppress_free(cfg->suppress, cfg->nsuppress);
}

/* ---- [rules] ------------------------------------------------------------ */

static int set_patterns(struct lg_config_pattern **out, size_t *n,
			const struct lg_toml_node *value, const char *origin,
			const char *key)
{
	char **v = NULL;
	size_t count = 0;
	struct lg_config_pattern *p = NULL;
	int error;

	if ((error = lg_config__list(&v, &count, value, origin, key,
				     LG_CONFIG_ITEM_PATTERN,
				     LG_MAX_CONFIG_LIST)) < 0)
		return error;
	if (count && !(p = lg__calloc(count, sizeof(*p)))) {
		lg_config__strings_free(v, count);
		return lg_error_oom();
	}
	for (size_t i = 0; i < count; i++) {
		p[i].pattern = v[i];
		p[i].line = lg_toml_line(lg_toml_at(value, i));
	}
	lg__free(v);
	patterns_free(*out, *n);
	*out = p;
	*n = count;
	return 0;
}

static bool rule_id_ok(const char *s)
{
	if (!*s || *s == '.' || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '.'))
			return false;
	return true;
}

/* "SEV" or { severity = "SEV" } for rule id at line. */
static int rule_severity(enum lg_severity *out, const char *id,
			 const struct lg_toml_node *v, const char *origin,
			 size_t line)
{
	const struct lg_toml_node *sev = v;

	if (lg_toml_type(v) == LG_TOML_TABLE) {
		for (size_t i = 0; i < lg_toml_count(v); i++) {
			size_t kl, kline;
			const char *k = lg_toml_key_at(v, i, &kl, &kline);

			if (strcmp(k, "severity") != 0 || kl != strlen(k))
				return lg_error_invalid(LG_ERRCLASS_POLICY,
							"%s:%zu: unknown key "
							"'%.64s' in [rules.\"%s\"] "
							"(only severity; quote a rule "
							"id: [rules.\"net.x\"])",
							origin, kline, k, id);
		}
		sev = lg_toml_get(v, "severity");
		line = sev ? lg_toml_line(sev) : line;
	}
	if (!lg_toml_string(sev, NULL) ||
	    lg_severity_parse(out, lg_toml_string(sev, NULL)) < 0) {
		lg_error_clear();
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: rule '%s' needs a severity "
					"(info, low, medium, high, critical)",
					origin, line, id);
	}
	return 0;
}

static int add_rule(struct lg_config_rule **v, size_t *n, const char *id,
		    const struct lg_toml_node *value, const char *origin,
		    size_t line)
{
	struct lg_config_rule *r;
	enum lg_severity sev;
	int error;

	if (!rule_id_ok(id))
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: '%.64s' in [rules] is not a rule "
					"id (or enable/disable)", origin, line, id);
	if ((error = rule_severity(&sev, id, value, origin, line)) < 0)
		return error;
	if (*n >= LG_MAX_CONFIG_LIST)
		return lg_error_toobig("%s:%zu: more than %u rule overrides",
				       origin, line, LG_MAX_CONFIG_LIST);
	if (!(r = lg__reallocarray(*v, *n + 1, sizeof(*r))))
		return lg_error_oom();
	*v = r;
	if (!(r[*n].rule = lg__strdup(id)))
		return lg_error_oom();
	r[*n].severity = sev;
	r[*n].line = line;
	(*n)++;
	return 0;
}

int lg_config__set_rules(struct lg_config *cfg, const struct lg_toml_node *v,
			 const char *origin, size_t line)
{
	struct lg_config_rule *rules = NULL;
	size_t nrules = 0;
	int error = 0;

	(void)line;
	for (size_t i = 0; i < lg_toml_count(v) && !error; i++) {
		size_t kl, kline;
		const char *k = lg_toml_key_at(v, i, &kl, &kline);
		const struct lg_toml_node *val = lg_toml_at(v, i);

		if (kl != strlen(k))
			error = lg_error_invalid(LG_ERRCLASS_POLICY,
						 "%s:%zu: a key in [rules] holds NUL",
						 origin, kline);
		else if (strcmp(k, "enable") == 0)
			error = set_patterns(&cfg->enable, &cfg->nenable, val,
					     origin, "rules.enable");
		else if (strcmp(k, "disable") == 0)
			error = set_patterns(&cfg->disable, &cfg->ndisable, val,
					     origin, "rules.disable");
		else
			error = add_rule(&rules, &nrules, k, val, origin, kline);
	}
	if (error < 0) {
		rules_free(rules, nrules);
		return error;
	}
	rules_free(cfg->rules, cfg->nrules);
	cfg->rules = rules;
	cfg->nrules = nrules;
	return 0;
}

/* ---- [[suppress]] ------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int set_expires(struct lg_suppression *s, const struct lg_toml_node *v,
		       const char *origin)
{
	struct lg_toml_datetime dt;
	int type = lg_toml_type(v);
	int64_t days;

	if ((type != LG_TOML_DATE_LOCAL && type != LG_TOML_DATETIME &&
	     type != LG_TOML_DATETIME_LOCAL) ||
	    !lg_toml_datetime(v, &dt))
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: 'expires' must be a TOML date "
					"(expires = 2027-01-31, no quotes) or an "
					"RFC 3339 date-time", origin,
					lg_toml_line(v));
	days = days_from_civil(dt.year, dt.month, dt.day);
	if (type == LG_TOML_DATE_LOCAL)
		s->expires = (days + 1) * 86400; /* the end of that day, UTC */
	else
		s->expires = days * 86400 + dt.hour * 3600 + dt.minute * 60 +
			     dt.second -
			     (type == LG_TOML_DATETIME ? dt.offset_minutes * 60 : 0);
	return (s->expires_text = lg__strdup(lg_toml_lexical(v))) ? 0
								   : lg_error_oom();
}

static int set_sha256(struct lg_suppression *s, const struct lg_toml_node *v,
		      const char *origin)
{
	size_t len;
	const char *h = lg_toml_string(v, &len);

	if (h && len > 7 && strncmp(h, "sha256:", 7) == 0) {
		h += 7;
		len -= 7;
	}
	if (!h || len != 64 || strspn(h, "0123456789abcdefABCDEF") != 64)
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: 'sha256' must be 64 hex digits",
					origin, lg_toml_line(v));
	if (!(s->sha256 = lg__strdup(h)))
		return lg_error_oom();
	for (char *p = s->sha256; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	return 0;
}

static int suppress_field(struct lg_suppression *s, const char *k,
			  const struct lg_toml_node *v, const char *origin,
			  size_t kline)
{
	char **dst = strcmp(k, "rule") == 0      ? &s->rule
		     : strcmp(k, "version") == 0 ? &s->version
		     : strcmp(k, "reason") == 0  ? &s->reason
						 : NULL;
	char *name = NULL;
	int error;

	if (dst)
		return lg_config__string(dst, v, origin, k);
	if (strcmp(k, "package") == 0) {
		if ((error = lg_config__string(&name, v, origin, k)) < 0)
			return error;
		error = lg_name_canonical(&s->package, name, strlen(name));
		lg__free(name);
		if (error == LG_EINVALID)
			return lg_error_invalid(LG_ERRCLASS_POLICY,
						"%s:%zu: 'package' must be a "
						"project name", origin,
						lg_toml_line(v));
		return error;
	}
	if (strcmp(k, "sha256") == 0)
		return set_sha256(s, v, origin);
	if (strcmp(k, "expires") == 0)
		return set_expires(s, v, origin);
	return lg_error_invalid(LG_ERRCLASS_POLICY,
				"%s:%zu: unknown key '%.64s' in [[suppress]] "
				"(rule, package, version, sha256, reason, expires)",
				origin, kline, k);
}

static int read_suppression(struct lg_suppression *s,
			    const struct lg_toml_node *t, const char *origin)
{
	int error = 0;

	s->line = lg_toml_line(t);
	for (size_t i = 0; i < lg_toml_count(t) && !error; i++) {
		size_t kl, kline;
		const char *k = lg_toml_key_at(t, i, &kl, &kline);

		if (kl != strlen(k))
			k = "\\0";
		error = suppress_field(s, k, lg_toml_at(t, i), origin, kline);
	}
	if (error)
		return error;
	if (!s->rule || !s->package || !s->version || !s->reason)
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: [[suppress]] needs '%s' (rule, "
					"package, version and reason are required)",
					origin, s->line,
					!s->rule      ? "rule"
					: !s->package ? "package"
					: !s->version ? "version"
						      : "reason");
	if (!rule_id_ok(s->rule))
		return lg_error_invalid(LG_ERRCLASS_POLICY,
					"%s:%zu: [[suppress]] 'rule' is not a rule id",
					origin, s->line);
	return 0;
}

int lg_config__set_suppress(struct lg_config *cfg, const struct lg_toml_node *v,
			    const char *origin, size_t line)
{
	size_t n = lg_toml_count(v);
	struct lg_suppression *s = NULL;
	int error = 0;

	if (n > LG_MAX_CONFIG_SUPPRESSIONS)
		return lg_error_toobig("%s:%zu: more than %u [[suppress]] entries",
				       origin, line, LG_MAX_CONFIG_SUPPRESSIONS);
	if (n && !(s = lg__calloc(n, sizeof(*s))))
		return lg_error_oom();
	for (size_t i = 0; i < n && !error; i++)
		error = read_suppression(&s[i], lg_toml_at(v, i), origin);
	if (error < 0) {
		suppress_free(s, n);
		return error;
	}
	suppress_free(cfg->suppress, cfg->nsuppress);
	cfg->suppress = s;
	cfg->nsuppress = n;
	return 0;
}

/* ---- [provenance] ------------------------------------------------------- */

static int set_require(struct lg_config *cfg, const struct lg_toml_node *v,
		       const char *origin, size_t line)
{
	(void)line;
	return lg_config__list(&cfg->provenance_require,
			       &cfg->nprovenance_require, v, origin,
			       "provenance.require", LG_CONFIG_ITEM_PACKAGE,
			       LG_MAX_CONFIG_LIST);
}

static int set_require_all(struct lg_config *cfg, const struct lg_toml_node *v,
			   const char *origin, size_t line)
{
	(void)origin;
	(void)line;
	(void)lg_toml_bool(v, &cfg->provenance_require_all);
	return 0;
}

static int set_publishers(struct lg_config *cfg, const struct lg_toml_node *v,
			  const char *origin, size_t line)
{
	(void)line;
	return lg_config__list(&cfg->trusted_publishers,
			       &cfg->ntrusted_publishers, v, origin,
			       "provenance.trusted-publishers",
			       LG_CONFIG_ITEM_TEXT, LG_MAX_CONFIG_LIST);
}

/* Sorted by name. */
static const struct lg_config_key provenance_keys[] = {
	{"require", LG_CONFIG_STRING_LIST, set_require,
	 "package names that must come with a provenance attestation"},
	{"require-all", LG_CONFIG_BOOL, set_require_all,
	 "true: every changed package must come with one"},
	{"trusted-publishers", LG_CONFIG_STRING_LIST, set_publishers,
	 "publishers (e.g. \"github:OWNER/REPO\") an attestation may name"},
};

int lg_config__set_provenance(struct lg_config *cfg,
			      const struct lg_toml_node *v, const char *origin,
			      size_t line)
{
	(void)line;
	return lg_config__apply(cfg, v, provenance_keys,
				LG_ARRAY_SIZE(provenance_keys), origin,
				" in [provenance]");
}
