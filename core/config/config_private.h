/* SPDX-License-Identifier: MIT */
/* Shared by the configuration readers of core/config. */
#ifndef LG_CONFIG_PRIVATE_H
#define LG_CONFIG_PRIVATE_H

#include "lg/config.h"

/* What the items of a string list must be. */
enum lg_config__item {
	LG_CONFIG_ITEM_GLOB,    /* a non-empty path glob */
	LG_CONFIG_ITEM_TEXT,    /* a non-empty string */
	LG_CONFIG_ITEM_PACKAGE, /* a project name, stored PEP 503 canonical */
	LG_CONFIG_ITEM_HOST,    /* host[:port], stored lower-case */
	LG_CONFIG_ITEM_PATTERN, /* a rule id or "prefix.*" */
};

void lg_config__strings_free(char **v, size_t n);
/* A non-empty string without NUL, at most LG_MAX_CONFIG_STRING_BYTES, into
 * *out (new). key names it in the error. */
int lg_config__string(char **out, const struct lg_toml_node *v,
		      const char *origin, const char *key);
/* An array of strings of the kind into a new vector (*out, *n replaced
 * on success only); at most max items. */
int lg_config__list(char ***out, size_t *n, const struct lg_toml_node *value,
		    const char *origin, const char *key,
		    enum lg_config__item kind, size_t max);
/* Applies the entries of table through keys (sorted by name). where ends
 * the unknown-key message (" in [provenance]"). */
int lg_config__apply(struct lg_config *cfg, const struct lg_toml_node *table,
		     const struct lg_config_key *keys, size_t nkeys,
		     const char *origin, const char *where);

/* Setters of keys.c. */
int lg_config__set_rules(struct lg_config *cfg, const struct lg_toml_node *v,
			 const char *origin, size_t line);
int lg_config__set_suppress(struct lg_config *cfg, const struct lg_toml_node *v,
			    const char *origin, size_t line);
int lg_config__set_provenance(struct lg_config *cfg,
			      const struct lg_toml_node *v, const char *origin,
			      size_t line);
void lg_config__policy_dispose(struct lg_config *cfg);

#endif
