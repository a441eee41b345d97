/* SPDX-License-Identifier: MIT */
/* The TOML 1.0.0 part of toml-test, run against lg_toml_parse. Every case
 * named in <vectors>/files-toml-1.0.0 runs: a valid/X.toml must parse to
 * the tagged JSON in valid/X.json (compared as the vectors README says),
 * an invalid/X.toml must be rejected. Prints each failure and
 * "N passed, M failed"; exits 1 on any failure or a missing vector.
 * -v also prints the error message of every rejected document. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lg/errors.h"
#include "lg/toml.h"

#define EXPECT_VALID 210
#define EXPECT_INVALID 499

static int read_file(char **out, size_t *len, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	*out = NULL;
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)n + 1)) ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = (size_t)n;
	return 0;
}

/* ---- tree -> tagged JSON -------------------------------------------------- */

/* jansson cannot hold NUL in an object key, and valid/key/quoted-unicode
 * has one. Both sides spell NUL as U+10FFFD (no vector uses it). */
#define NUL_STANDIN "\xF4\x8F\xBF\xBD"

static char *nul_standin(const char *s, size_t len, size_t *len_out)
{
	char *out = malloc(4 * len + 1), *o = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i]) {
			*o++ = s[i];
		} else {
			memcpy(o, NUL_STANDIN, 4);
			o += 4;
		}
	}
	*o = '\0';
	*len_out = (size_t)(o - out);
	return out;
}

/* The same in JSON text: an unescaped "\u0000" escape becomes the pair. */
static char *json_nul_standin(const char *text)
{
	char *out = malloc(2 * strlen(text) + 1), *o = out;

	for (const char *p = text; *p;) {
		if (p[0] == '\\' && strncmp(p + 1, "u0000", 5) == 0) {
			memcpy(o, "\\uDBFF\\uDFFD", 12);
			o += 12;
			p += 6;
		} else if (p[0] == '\\' && p[1]) {
			*o++ = *p++;
			*o++ = *p++;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static json_t *tagged(const char *type, const char *value, size_t len)
{
	char *v = nul_standin(value, len, &len);
	json_t *j = json_pack("{s:s, s:s%}", "type", type, "value", v, len);

	free(v);
	return j;
}

static json_t *to_json(const struct lg_toml_node *n)
{
	char num[64];
	json_t *j;
	int64_t i;
	double f;
	bool b;
	size_t len;

	switch (lg_toml_type(n)) {
	case LG_TOML_TABLE:
		j = json_object();
		for (size_t k = 0; k < lg_toml_count(n); k++) {
			const char *key = lg_toml_key_at(n, k, &len, NULL);
			char *skey = nul_standin(key, len, &len);

			json_object_setn_new(j, skey, len, to_json(lg_toml_at(n, k)));
			free(skey);
		}
		return j;
	case LG_TOML_ARRAY:
		j = json_array();
		for (size_t k = 0; k < lg_toml_count(n); k++)
			json_array_append_new(j, to_json(lg_toml_at(n, k)));
		return j;
	case LG_TOML_STRING: {
		const char *s = lg_toml_string(n, &len);

		return tagged("string", s, len);
	}
	case LG_TOML_INTEGER:
		lg_toml_int(n, &i);
		snprintf(num, sizeof(num), "%lld", (long long)i);
		return tagged("integer", num, strlen(num));
	case LG_TOML_FLOAT:
		lg_toml_float(n, &f);
		if (isnan(f))
			snprintf(num, sizeof(num), "nan");
		else if (isinf(f))
			snprintf(num, sizeof(num), f < 0 ? "-inf" : "inf");
		else
			snprintf(num, sizeof(num), "%.17g", f);
		return tagged("float", num, strlen(num));
	case LG_TOML_BOOL:
		lg_toml_bool(n, &b);
		return tagged("bool", b ? "true" : "false", b ? 4 : 5);
	default:
		return tagged(lg_toml_type_name((enum lg_toml_type)lg_toml_type(n)),
			      lg_toml_lexical(n), strlen(lg_toml_lexical(n)));
	}
}

/* ---- comparison ----------------------------------------------------------- */

static bool is_scalar(const json_t *j)
{
	return json_is_object(j) && json_object_size(j) == 2 &&
	       json_is_string(json_object_get(j, "type")) &&
	       json_is_string(json_object_get(j, "value"));
}

struct dt {
	int y, mo, d, h, mi, s, ms, off;
	bool has_date, has_time, has_off;
};

static const char *two(const char *p, int *v)
{
	if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
		return NULL;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return p + 2;
}

/* toml-test's normalisation: 't' or ' ' is 'T', 'z' is 'Z', fractions
 * count to the millisecond. Returns false for a malformed string. */
static bool dt_parse(struct dt *dt, const char *p)
{
	int c1, c2;

	memset(dt, 0, sizeof(*dt));
	if (strlen(p) >= 10 && p[4] == '-') {
		if (!two(p, &c1) || !two(p + 2, &c2) || !two(p + 5, &dt->mo) ||
		    !two(p + 8, &dt->d))
			return false;
		dt->y = c1 * 100 + c2;
		dt->has_date = true;
		p += 10;
		if (!*p)
			return true;
		if (*p != 'T' && *p != 't' && *p != ' ')
			return false;
		p++;
	}
	if (!(p = two(p, &dt->h)) || *p++ != ':' || !(p = two(p, &dt->mi)) ||
	    *p++ != ':' || !(p = two(p, &dt->s)))
		return false;
	dt->has_time = true;
	if (*p == '.') {
		int scale = 100;

		for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
			dt->ms += scale * (*p - '0');
	}
	if (*p == 'Z' || *p == 'z') {
		dt->has_off = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;

		if (!(p = two(p + 1, &c1)) || *p++ != ':' || !(p = two(p, &c2)))
			return false;
		dt->off = sign * (c1 * 60 + c2);
		dt->has_off = true;
	}
	return *p == '\0';
}

static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool dt_equal(const char *a, const char *b)
{
	struct dt x, y;

	if (!dt_parse(&x, a) || !dt_parse(&y, b) || x.has_date != y.has_date ||
	    x.has_time != y.has_time || x.has_off != y.has_off)
		return false;
	if (x.has_off) {
		long long ix = days_from_civil(x.y, x.mo, x.d) * 1440 + x.h * 60 + x.mi - x.off;
		long long iy = days_from_civil(y.y, y.mo, y.d) * 1440 + y.h * 60 + y.mi - y.off;

		return ix == iy && x.s == y.s && x.ms == y.ms;
	}
	return x.y == y.y && x.mo == y.mo && x.d == y.d && x.h == y.h &&
	       x.mi == y.mi && x.s == y.s && x.ms == y.ms;
}

static bool scalar_equal(const json_t *got, const json_t *want)
{
	const char *type = json_string_value(json_object_get(want, "type"));
	const json_t *gv = json_object_get(got, "value");
	const json_t *wv = json_object_get(want, "value");
	const char *g = json_string_value(gv), *w = json_string_value(wv);

	if (strcmp(type, json_string_value(json_object_get(got, "type"))) != 0)
		return false;
	if (strcmp(type, "float") == 0) {
		double a = strtod(g, NULL), b = strtod(w, NULL);

		return (isnan(a) && isnan(b)) || a == b;
	}
	if (strcmp(type, "bool") == 0)
		return strcasecmp(g, w) == 0;
	if (strncmp(type, "date", 4) == 0 || strcmp(type, "time-local") == 0)
		return dt_equal(g, w);
	return json_string_length(gv) == json_string_length(wv) &&
	       memcmp(g, w, json_string_length(gv)) == 0;
}

static bool json_equal_tagged(const json_t *got, const json_t *want)
{
	const char *key;
	size_t len;
	json_t *v;

	if (is_scalar(want))
		return is_scalar(got) && scalar_equal(got, want);
	if (json_is_array(want)) {
		if (!json_is_array(got) || json_array_size(got) != json_array_size(want))
			return false;
		for (size_t i = 0; i < json_array_size(want); i++)
			if (!json_equal_tagged(json_array_get(got, i),
					       json_array_get(want, i)))
				return false;
		return true;
	}
	if (!json_is_object(want) || !json_is_object(got) || is_scalar(got) ||
	    json_object_size(got) != json_object_size(want))
		return false;
	json_object_keylen_foreach((json_t *)want, key, len, v) {
		if (!json_equal_tagged(json_object_getn(got, key, len), v))
			return false;
	}
	return true;
}

/* ---- cases ------------------------------------------------------------------ */

static bool run_valid(const char *dir, const char *rel, const char *doc,
		      size_t len)
{
	struct lg_toml_node *root = NULL;
	char jpath[4096];
	json_error_t jerr;
	json_t *want = NULL, *got = NULL;
	char *text = NULL;
	size_t tlen;
	bool ok = false;

	if (lg_toml_parse(&root, doc, len, rel) < 0) {
		printf("FAIL %s: rejected: %s\n", rel, lg_error_last()->message);
		return false;
	}
	snprintf(jpath, sizeof(jpath), "%s/%.*s.json", dir,
		 (int)(strlen(rel) - 5), rel);
	if (read_file(&text, &tlen, jpath) == 0) {
		char *fixed = json_nul_standin(text);

		want = json_loads(fixed, 0, &jerr);
		free(fixed);
		free(text);
	} else {
		snprintf(jerr.text, sizeof(jerr.text), "cannot open");
	}
	got = to_json(root);
	if (!want)
		printf("FAIL %s: cannot read the expected JSON: %s\n", rel, jerr.text);
	else if (!(ok = json_equal_tagged(got, want))) {
		char *s = json_dumps(got, JSON_SORT_KEYS | JSON_COMPACT);

		printf("FAIL %s: got %s\n", rel, s ? s : "?");
		free(s);
	}
	json_decref(want);
	json_decref(got);
	lg_toml_free(root);
	return ok;
}

static bool verbose;

static bool run_invalid(const char *rel, const char *doc, size_t len)
{
	struct lg_toml_node *root = NULL;
	int error = lg_toml_parse(&root, doc, len, rel);

	lg_toml_free(root);
	if (error == 0) {
		printf("FAIL %s: accepted\n", rel);
		return false;
	}
	if (verbose)
		printf("ok %s\n", lg_error_last()->message);
	if (strchr(lg_error_last()->message, '\n') ||
	    strncmp(lg_error_last()->message, rel, strlen(rel)) != 0) {
		printf("FAIL %s: error message '%s' does not start with the origin\n",
		       rel, lg_error_last()->message);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	int counts[2] = {0, 0}, passed = 0, failed = 0;
	char line[4096], path[8192];
	FILE *list;

	if (argc == 3 && strcmp(argv[1], "-v") == 0) {
		verbose = true;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: toml_conformance [-v] VECTOR_DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/files-toml-1.0.0", argv[1]);
	if (!(list = fopen(path, "r"))) {
		printf("FAIL: cannot open %s: the TOML vectors must be beside the clone\n",
		       path);
		return 1;
	}
	while (fgets(line, sizeof(line), list)) {
		size_t n = strcspn(line, "\r\n");
		bool valid = strncmp(line, "valid/", 6) == 0, ok;
		char *doc = NULL;
		size_t len = 0;

		line[n] = '\0';
		if (n < 5 || strcmp(line + n - 5, ".toml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], line);
		if (read_file(&doc, &len, path) < 0) {
			printf("FAIL %s: cannot read\n", line);
			failed++;
			continue;
		}
		counts[valid]++;
		ok = valid ? run_valid(argv[1], line, doc, len)
			   : run_invalid(line, doc, len);
		free(doc);
		ok ? passed++ : failed++;
	}
	fclose(list);
	if (counts[1] != EXPECT_VALID || counts[0] != EXPECT_INVALID) {
		printf("FAIL: ran %d valid and %d invalid cases, want %d and %d\n",
		       counts[1], counts[0], EXPECT_VALID, EXPECT_INVALID);
		failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
