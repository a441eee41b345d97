/* SPDX-License-Identifier: MIT */
/* TOML reader: never crashes; a successful parse is a tree no deeper than
 * LG_MAX_TOML_DEPTH whose tables have unique keys reachable by lookup,
 * whose strings are NUL-terminated and whose date-times re-read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/limits.h"
#include "lg/toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct lg_toml_node *n, size_t depth)
{
	struct lg_toml_datetime dt;
	size_t len;

	if (depth > LG_MAX_TOML_DEPTH + 1)
		abort();
	switch (lg_toml_type(n)) {
	case LG_TOML_TABLE:
		for (size_t i = 0; i < lg_toml_count(n); i++) {
			const char *key = lg_toml_key_at(n, i, &len, NULL);

			if (!key || key[len] != '\0' ||
			    lg_toml_get_n(n, key, len) != lg_toml_at(n, i))
				abort();
			check(lg_toml_at(n, i), depth + 1);
		}
		break;
	case LG_TOML_ARRAY:
		for (size_t i = 0; i < lg_toml_count(n); i++)
			check(lg_toml_at(n, i), depth + 1);
		break;
	case LG_TOML_STRING:
		if (!lg_toml_string(n, &len) || lg_toml_string(n, NULL)[len] != '\0')
			abort();
		break;
	case LG_TOML_INTEGER:
	case LG_TOML_BOOL:
		break;
	case LG_TOML_FLOAT:
		if (!lg_toml_lexical(n))
			abort();
		break;
	default:
		if (!lg_toml_lexical(n) || !lg_toml_datetime(n, &dt) ||
		    dt.month > 12 || dt.hour > 23 || dt.second > 60)
			abort();
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_toml_node *root = NULL;
	const char *msg;

	if (size > (1u << 20))
		return 0;
	if (lg_toml_parse(&root, (const char *)data, size, "fuzz.toml") == 0) {
		if (lg_toml_type(root) != LG_TOML_TABLE)
			abort();
		check(root, 0);
	} else {
		msg = lg_error_last()->message;
		if (root || strchr(msg, '\n') || strncmp(msg, "fuzz.toml:", 10) != 0)
			if (strcmp(msg, "out of memory") != 0)
				abort();
	}
	lg_toml_free(root);
	return 0;
}
