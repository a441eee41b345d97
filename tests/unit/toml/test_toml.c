/* SPDX-License-Identifier: MIT */
/* The TOML reader: tree and lookups, line numbers, one-line errors with
 * origin:line, and every LG_MAX_TOML_* cap. The full toml-test 1.0.0
 * suite runs as the ctest case conformance.toml. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/toml.h"

static struct lg_toml_node *parse_ok(const char *text)
{
	struct lg_toml_node *root = NULL;
	int error = lg_toml_parse(&root, text, strlen(text), "t.toml");

	if (error)
		fail_msg("parse failed: %s", lg_error_last()->message);
	return root;
}

/* Parses text, expects failure with code and message. */
static void parse_err(const char *text, size_t len, int code,
		      const char *message)
{
	struct lg_toml_node *root = NULL;

	assert_int_equal(lg_toml_parse(&root, text, len, "t.toml"), code);
	assert_null(root);
	assert_string_equal(lg_error_last()->message, message);
}

static void test_toml_tree__lookups(void **state)
{
	struct lg_toml_node *root = parse_ok(
		"# pyproject\n"
		"[build-system]\n"
		"requires = [\"setuptools>=61\", 'wheel']\n"
		"build-backend = \"backend\"\n"
		"backend-path = [\"_custom_build\"]\n"
		"\n"
		"[project]\n"
		"name = \"demo\"\n"
		"version.major = 1\n"
		"\"quoted.key\" = true\n"
		"pi = 3.14_15\n"
		"when = 1979-05-27 07:32:00Z\n");
	const struct lg_toml_node *bs, *req, *n;
	struct lg_toml_datetime dt;
	size_t len, line;
	int64_t i;
	double f;
	bool b;

	(void)state;
	bs = lg_toml_get_typed(root, "build-system", LG_TOML_TABLE);
	assert_non_null(bs);
	assert_int_equal(lg_toml_line(bs), 2);
	req = lg_toml_get(bs, "requires");
	assert_int_equal(lg_toml_type(req), LG_TOML_ARRAY);
	assert_int_equal(lg_toml_count(req), 2);
	assert_string_equal(lg_toml_string(lg_toml_at(req, 1), NULL), "wheel");
	assert_string_equal(lg_toml_get_string(bs, "build-backend"), "backend");
	assert_string_equal(lg_toml_key_at(bs, 2, &len, &line), "backend-path");
	assert_int_equal(len, 12);
	assert_int_equal(line, 5);
	n = lg_toml_get_path(root, "project", "version", "major", NULL);
	assert_true(lg_toml_int(n, &i));
	assert_int_equal(i, 1);
	assert_int_equal(lg_toml_line(n), 9);
	assert_true(lg_toml_bool(lg_toml_get_path(root, "project", "quoted.key", NULL), &b));
	assert_true(b);
	n = lg_toml_get_path(root, "project", "pi", NULL);
	assert_true(lg_toml_float(n, &f));
	assert_true(fabs(f - 3.1415) < 1e-12);
	assert_string_equal(lg_toml_lexical(n), "3.14_15");
	n = lg_toml_get_path(root, "project", "when", NULL);
	assert_int_equal(lg_toml_type(n), LG_TOML_DATETIME);
	assert_string_equal(lg_toml_lexical(n), "1979-05-27 07:32:00Z");
	assert_true(lg_toml_datetime(n, &dt));
	assert_int_equal(dt.year, 1979);
	assert_int_equal(dt.minute, 32);
	assert_int_equal(dt.offset_minutes, 0);
	/* absent keys and type mismatches answer NULL / false */
	assert_null(lg_toml_get(root, "nope"));
	assert_null(lg_toml_get_path(root, "project", "name", "deeper", NULL));
	assert_null(lg_toml_get_string(bs, "requires"));
	assert_false(lg_toml_int(req, &i));
	assert_null(lg_toml_at(req, 2));
	assert_int_equal(lg_toml_type(NULL), -1);
	assert_string_equal(lg_toml_type_name(LG_TOML_DATE_LOCAL), "date-local");
	lg_toml_free(root);
}

static void test_toml_tree__array_of_tables_lines(void **state)
{
	struct lg_toml_node *root = parse_ok(
		"[[package]]\r\n"
		"name = \"a\"\r\n"
		"\r\n"
		"[[package]]\r\n"
		"name = \"b\"\r\n"
		"files = [\r\n"
		"  { file = \"b.whl\", hash = \"sha256:00\" },  # c\r\n"
		"]\r\n"
		"notes = \"\"\"\r\n"
		"x\\\r\n"
		"   y\r\n"
		"z\"\"\"\r\n"
		"after = 1\r\n");
	const struct lg_toml_node *pkgs = lg_toml_get(root, "package");
	const struct lg_toml_node *b = lg_toml_at(pkgs, 1);

	(void)state;
	assert_int_equal(lg_toml_count(pkgs), 2);
	assert_int_equal(lg_toml_line(lg_toml_at(pkgs, 0)), 1);
	assert_int_equal(lg_toml_line(b), 4);
	assert_string_equal(lg_toml_get_string(lg_toml_at(lg_toml_get(b, "files"), 0), "file"),
			    "b.whl");
	assert_int_equal(lg_toml_line(lg_toml_at(lg_toml_get(b, "files"), 0)), 7);
	/* CRLF in a multi-line string reads as LF; a line-ending backslash
	 * eats the newline and the indentation. */
	assert_string_equal(lg_toml_get_string(b, "notes"), "xy\nz");
	assert_int_equal(lg_toml_line(lg_toml_get(b, "after")), 13);
	lg_toml_free(root);
}

static void test_toml_tree__big_table_index(void **state)
{
	struct lg_buf doc = LG_BUF_INIT(1u << 20);
	struct lg_toml_node *root;
	int64_t v;

	(void)state;
	for (int i = 0; i < 5000; i++)
		lg_buf_printf(&doc, "\"k%d\" = %d\n", i, i);
	root = parse_ok(doc.ptr);
	assert_int_equal(lg_toml_count(root), 5000);
	assert_true(lg_toml_int(lg_toml_get(root, "k4321"), &v));
	assert_int_equal(v, 4321);
	assert_null(lg_toml_get(root, "k5000"));
	lg_toml_free(root);
	lg_buf_reset(&doc);
	for (int i = 0; i < 100; i++)
		lg_buf_printf(&doc, "k%d = %d\n", i, i);
	lg_buf_puts(&doc, "k77 = 0\n");
	parse_err(doc.ptr, doc.len, LG_EINVALID, "t.toml:101: duplicate key 'k77'");
	lg_buf_dispose(&doc);
}

static void test_toml_values__integers(void **state)
{
	struct lg_toml_node *root = parse_ok(
		"max = 9_223_372_036_854_775_807\n"
		"min = -9223372036854775808\n"
		"hex = 0x7FFF_FFFF_FFFF_FFFF\n"
		"oct = 0o755\n"
		"bin = 0b1010\n"
		"neg0 = -0\n");
	int64_t v;

	(void)state;
	assert_true(lg_toml_int(lg_toml_get(root, "max"), &v));
	assert_true(v == INT64_MAX);
	assert_true(lg_toml_int(lg_toml_get(root, "min"), &v));
	assert_true(v == INT64_MIN);
	assert_true(lg_toml_int(lg_toml_get(root, "hex"), &v));
	assert_true(v == INT64_MAX);
	assert_true(lg_toml_int(lg_toml_get(root, "oct"), &v));
	assert_int_equal(v, 493);
	assert_true(lg_toml_int(lg_toml_get(root, "bin"), &v));
	assert_int_equal(v, 10);
	assert_true(lg_toml_int(lg_toml_get(root, "neg0"), &v));
	assert_int_equal(v, 0);
	lg_toml_free(root);
	parse_err(LG_TEST_STR("a = 9223372036854775808\n"), LG_EINVALID,
		  "t.toml:1: integer out of range");
	parse_err(LG_TEST_STR("\n\na = -9223372036854775809\n"), LG_EINVALID,
		  "t.toml:3: integer out of range");
	parse_err(LG_TEST_STR("a = 0x8000000000000000\n"), LG_EINVALID,
		  "t.toml:1: integer out of range");
	parse_err(LG_TEST_STR("a = 0b1_0000000000000000000000000000000000000000000000000000000000000000\n"),
		  LG_EINVALID, "t.toml:1: integer out of range");
}

static void test_toml_values__floats_and_specials(void **state)
{
	struct lg_toml_node *root = parse_ok(
		"a = +inf\nb = -nan\nc = 6.626e-34\nd = -0.0\ne = 1e1_0\n");
	double f;

	(void)state;
	assert_true(lg_toml_float(lg_toml_get(root, "a"), &f));
	assert_true(isinf(f) && f > 0);
	assert_true(lg_toml_float(lg_toml_get(root, "b"), &f));
	assert_true(isnan(f));
	assert_true(lg_toml_float(lg_toml_get(root, "c"), &f));
	assert_true(f > 6.6e-34 && f < 6.7e-34);
	assert_true(lg_toml_float(lg_toml_get(root, "e"), &f));
	assert_true(f == 1e10);
	assert_string_equal(lg_toml_lexical(lg_toml_get(root, "b")), "-nan");
	lg_toml_free(root);
}

static void test_toml_values__strings_and_escapes(void **state)
{
	struct lg_toml_node *root = parse_ok(
		"a = \"tab\\there \\u00e9 \\U0001F600\"\n"
		"b = 'C:\\path\\no-escape'\n"
		"c = '''\nquote ' ''inside'''''\n"
		"d = \"nul\\u0000byte\"\n"
		"\"\\u0000\" = 1\n");
	size_t len;
	const char *s;

	(void)state;
	assert_string_equal(lg_toml_get_string(root, "a"),
			    "tab\there \xC3\xA9 \xF0\x9F\x98\x80");
	assert_string_equal(lg_toml_get_string(root, "b"), "C:\\path\\no-escape");
	assert_string_equal(lg_toml_get_string(root, "c"), "quote ' ''inside''");
	s = lg_toml_string(lg_toml_get(root, "d"), &len);
	assert_int_equal(len, 8);
	assert_memory_equal(s, "nul\0byte", 8);
	assert_non_null(lg_toml_get_n(root, "\0", 1));
	lg_toml_free(root);
}

/* Errors are one line, "origin:line: what", set where they are found. */
static void test_toml_errors__messages(void **state)
{
	static const struct {
		const char *doc;
		const char *message;
	} cases[] = {
		{"a = 1\na = 2\n", "t.toml:2: duplicate key 'a'"},
		{"[t]\nx = 1\n[t]\n", "t.toml:3: key 't' is defined twice"},
		{"a = {x = 1}\na.y = 2\n", "t.toml:2: key 'a' names a table defined elsewhere"},
		{"a = {x = 1}\n[a.b]\n", "t.toml:2: key 'a' is an inline table, which is closed"},
		{"a = [1]\n[[a]]\n", "t.toml:2: key 'a' is not an array of tables"},
		{"[a]\nb.c = 1\n[a.b]\n", "t.toml:3: key 'b' is defined twice"},
		{"x = \"\\ud800\"\n", "t.toml:1: escape U+D800 is not a Unicode scalar value"},
		{"x = \"\\q\"\n", "t.toml:1: invalid escape '\\q'"},
		{"x = \"open\n", "t.toml:1: unterminated string"},
		{"x = \"\"\"\nnever closed\n", "t.toml:3: unterminated multi-line string"},
		{"x = 1 2\n", "t.toml:1: expected a newline, found '2'"},
		{"x = {a = 1,}\n", "t.toml:1: trailing comma in an inline table"},
		{"x = {a = 1\n}\n", "t.toml:1: newline in an inline table"},
		{"x = [1 2]\n", "t.toml:1: expected ',' or ']' in an array"},
		{"x = 2024-02-30\n", "t.toml:1: invalid date-time '2024-02-30'"},
		{"x = 07:32\n", "t.toml:1: invalid date-time '07:32'"},
		{"x = 012\n", "t.toml:1: invalid value '012'"},
		{"x =\n", "t.toml:1: expected a value"},
		{"= 1\n", "t.toml:1: expected a key"},
		{"x\n", "t.toml:1: expected '=' after a key"},
		{"\n[x\n", "t.toml:2: expected ']' after a table name"},
		{"ok = 1\n# bell \a\n", "t.toml:2: control character U+0007"},
		{"a = 1\rb = 2\n", "t.toml:1: carriage return without a line feed"},
		{"a = \"\xC0\xAF\"\n", "t.toml:1: invalid UTF-8"},
		{"\"\"\"k\"\"\" = 1\n", "t.toml:1: a key cannot be a multi-line string"},
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++)
		parse_err(cases[i].doc, strlen(cases[i].doc), LG_EINVALID,
			  cases[i].message);
	/* a hostile key is shown printable and cut */
	parse_err(LG_TEST_STR("\"\\u001b[31mred\" = 1\n\"\\u001b[31mred\" = 2\n"),
		  LG_EINVALID, "t.toml:2: duplicate key '?[31mred'");
}

/* Dotted keys, implicit tables and sub-tables the spec allows. */
static void test_toml_tables__allowed_shapes(void **state)
{
	struct lg_toml_node *root = parse_ok(
		"[fruit]\n"
		"apple.color = \"red\"\n"
		"apple.taste.sweet = true\n"
		"[fruit.apple.texture]\n"
		"smooth = true\n"
		"[x.y.z]\n"
		"[x]\n"
		"w = 1\n"
		"[[p.q]]\n"
		"[p.q.r]\n"
		"s = 1\n"
		"[[p.q]]\n");

	(void)state;
	assert_non_null(lg_toml_get_path(root, "fruit", "apple", "texture", "smooth", NULL));
	assert_non_null(lg_toml_get_path(root, "x", "y", "z", NULL));
	assert_int_equal(lg_toml_count(lg_toml_get_path(root, "p", "q", NULL)), 2);
	assert_non_null(lg_toml_get_path(root, "p", "q", NULL));
	assert_non_null(lg_toml_get(lg_toml_at(lg_toml_get_path(root, "p", "q", NULL), 0), "r"));
	lg_toml_free(root);
}

/* ---- limits ---------------------------------------------------------------- */

static void test_toml_limits__bytes(void **state)
{
	char *big = calloc(1, (size_t)LG_MAX_TOML_BYTES + 1);

	(void)state;
	assert_non_null(big);
	parse_err(big, (size_t)LG_MAX_TOML_BYTES + 1, LG_ETOOBIG,
		  "t.toml:1: more than 16777216 bytes");
	free(big);
}

static void test_toml_limits__depth(void **state)
{
	struct lg_buf doc = LG_BUF_INIT(1u << 20);
	char msg[128];
	struct lg_toml_node *root = NULL;

	(void)state;
	snprintf(msg, sizeof(msg), "t.toml:1: more than %u levels of nesting",
		 LG_MAX_TOML_DEPTH);
	/* a = [[...]]: arrays down to depth LG_MAX_TOML_DEPTH parse */
	lg_buf_puts(&doc, "a = ");
	for (unsigned i = 0; i < LG_MAX_TOML_DEPTH; i++)
		lg_buf_putc(&doc, '[');
	for (unsigned i = 0; i < LG_MAX_TOML_DEPTH; i++)
		lg_buf_putc(&doc, ']');
	assert_int_equal(lg_toml_parse(&root, doc.ptr, doc.len, "t.toml"), 0);
	lg_toml_free(root);
	lg_buf_reset(&doc);
	lg_buf_puts(&doc, "a = ");
	for (unsigned i = 0; i <= LG_MAX_TOML_DEPTH; i++)
		lg_buf_putc(&doc, '[');
	for (unsigned i = 0; i <= LG_MAX_TOML_DEPTH; i++)
		lg_buf_putc(&doc, ']');
	parse_err(doc.ptr, doc.len, LG_ETOOBIG, msg);
	/* inline tables and dotted keys count too */
	lg_buf_reset(&doc);
	lg_buf_puts(&doc, "a = ");
	for (unsigned i = 0; i <= LG_MAX_TOML_DEPTH; i++)
		lg_buf_puts(&doc, "{b = ");
	parse_err(doc.ptr, doc.len, LG_ETOOBIG, msg);
	lg_buf_reset(&doc);
	lg_buf_puts(&doc, "[t]\nk");
	for (unsigned i = 1; i < LG_MAX_TOML_DEPTH; i++)
		lg_buf_puts(&doc, ".k");
	lg_buf_puts(&doc, " = 1\n");
	snprintf(msg, sizeof(msg), "t.toml:2: more than %u levels of nesting",
		 LG_MAX_TOML_DEPTH);
	parse_err(doc.ptr, doc.len, LG_ETOOBIG, msg);
	lg_buf_reset(&doc);
	lg_buf_puts(&doc, "[k");
	for (unsigned i = 0; i < LG_MAX_TOML_DEPTH; i++)
		lg_buf_puts(&doc, ".k");
	lg_buf_puts(&doc, "]\n");
	snprintf(msg, sizeof(msg), "t.toml:1: more than %u levels of nesting",
		 LG_MAX_TOML_DEPTH);
	parse_err(doc.ptr, doc.len, LG_ETOOBIG, msg);
	lg_buf_dispose(&doc);
}

static void test_toml_limits__keys_per_table(void **state)
{
	struct lg_buf doc = LG_BUF_INIT(16u << 20);
	char msg[128];
	struct lg_toml_node *root = NULL;

	(void)state;
	for (unsigned i = 0; i < LG_MAX_TOML_KEYS_PER_TABLE; i++)
		lg_buf_printf(&doc, "k%u=0\n", i);
	assert_int_equal(lg_toml_parse(&root, doc.ptr, doc.len, "t.toml"), 0);
	assert_int_equal(lg_toml_count(root), LG_MAX_TOML_KEYS_PER_TABLE);
	lg_toml_free(root);
	lg_buf_puts(&doc, "one-more=0\n");
	snprintf(msg, sizeof(msg), "t.toml:%u: more than %u keys in one table",
		 LG_MAX_TOML_KEYS_PER_TABLE + 1, LG_MAX_TOML_KEYS_PER_TABLE);
	parse_err(doc.ptr, doc.len, LG_ETOOBIG, msg);
	lg_buf_dispose(&doc);
}

static void test_toml_limits__nodes(void **state)
{
	struct lg_buf doc = LG_BUF_INIT(16u << 20);
	char msg[128];

	(void)state;
	/* the root table, the array, and one node per item */
	lg_buf_puts(&doc, "a=[");
	for (unsigned i = 0; i < LG_MAX_TOML_NODES - 1; i++)
		lg_buf_puts(&doc, "0,");
	lg_buf_puts(&doc, "]\n");
	assert_int_equal(doc.err, 0);
	snprintf(msg, sizeof(msg), "t.toml:1: more than %u values", LG_MAX_TOML_NODES);
	parse_err(doc.ptr, doc.len, LG_ETOOBIG, msg);
	lg_buf_dispose(&doc);
}

/* Every allocation failure is an error, never a crash or a leak. */
static void test_toml_alloc__failure_sweep(void **state)
{
	static const char doc[] =
		"title = \"x\"\n[a.b]\nc = [1, 2.5, {d = 'e'}]\n"
		"[[p]]\nq.r = 1979-05-27\n[[p]]\ns = \"\"\"\nml\"\"\"\n";
	int error;

	(void)state;
	for (long n = 0;; n++) {
		struct lg_toml_node *root = NULL;

		lg_alloc_fail_after(n);
		error = lg_toml_parse(&root, doc, sizeof(doc) - 1, "t.toml");
		lg_alloc_fail_after(-1);
		lg_toml_free(root);
		if (error == 0)
			break;
		assert_int_equal(error, LG_ENOMEM);
		assert_true(n < 1000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_toml_tree__lookups),
		cmocka_unit_test(test_toml_tree__array_of_tables_lines),
		cmocka_unit_test(test_toml_tree__big_table_index),
		cmocka_unit_test(test_toml_values__integers),
		cmocka_unit_test(test_toml_values__floats_and_specials),
		cmocka_unit_test(test_toml_values__strings_and_escapes),
		cmocka_unit_test(test_toml_errors__messages),
		cmocka_unit_test(test_toml_tables__allowed_shapes),
		cmocka_unit_test(test_toml_limits__bytes),
		cmocka_unit_test(test_toml_limits__depth),
		cmocka_unit_test(test_toml_limits__keys_per_table),
		cmocka_unit_test(test_toml_limits__nodes),
		cmocka_unit_test(test_toml_alloc__failure_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
