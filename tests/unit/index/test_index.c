/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/index.h"
#include "lg/limits.h"

#define SHA "0ACE7980F82C5815EDE4CD7BF9F6693684CEC2AE47B9B7ADE9ADD533B8627C6B"

static void test_index_release__files(void **state)
{
	const char doc[] =
		"{\"info\": {\"name\": \"Demo-Pkg\", \"version\": \"1.0\"},"
		" \"urls\": [{\"filename\": \"demo_pkg-1.0.tar.gz\","
		" \"url\": \"../../files/demo_pkg-1.0.tar.gz\", \"packagetype\": \"sdist\","
		" \"digests\": {\"sha256\": \"" SHA "\"}, \"yanked\": true},"
		" {\"filename\": \"demo_pkg-1.0-py3-none-any.whl\", \"url\": \"https://h.invalid/w.whl\","
		" \"digests\": {}}]}";
	struct lg_release *r = NULL;

	(void)state;
	assert_int_equal(lg_index_parse_release(&r, LG_TEST_STR(doc), "doc"), 0);
	assert_string_equal(r->name, "Demo-Pkg");
	assert_int_equal(r->nfiles, 2);
	assert_string_equal(r->files[0].packagetype, "sdist");
	assert_string_equal(r->files[0].sha256,
			    "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b");
	assert_true(r->files[0].yanked);
	assert_null(r->files[1].sha256);
	assert_string_equal(r->files[1].packagetype, "");
	lg_release_free(r);
}

static void test_index_release__rejects(void **state)
{
	static const char *const bad[] = {
		"{\"urls\": [], \"urls\": []}",               /* duplicate keys */
		"{\"info\": {}}",                             /* no urls */
		"[1, 2]",                                     /* not an object */
		"{\"urls\": [{\"filename\": \"x\"}]}",        /* no url */
		("{\"urls\": [{\"filename\": \"x\", \"url\": \"u\", "
		 "\"digests\": {\"sha256\": \"abc\"}}]}"),    /* short digest */
		"{\"urls\": [",                               /* truncated */
	};
	struct lg_release *r = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(lg_index_parse_release(&r, bad[i], strlen(bad[i]), "d"),
				 LG_EINVALID);
		assert_null(r);
	}
}

static void test_index_release__caps(void **state)
{
	struct lg_buf b = LG_BUF_INIT(64u << 20);
	struct lg_release *r = NULL;

	(void)state;
	lg_buf_puts(&b, "{\"urls\": [");
	for (size_t i = 0; i <= LG_MAX_INDEX_FILES; i++)
		lg_buf_printf(&b, "%s{\"filename\": \"f%zu\", \"url\": \"u\"}",
			      i ? "," : "", i);
	lg_buf_puts(&b, "]}");
	assert_int_equal(lg_index_parse_release(&r, b.ptr, b.len, "d"), LG_ETOOBIG);
	assert_int_equal(lg_index_parse_release(&r, b.ptr, LG_MAX_JSON_BYTES + 1u, "d"),
			 LG_ETOOBIG);
	lg_buf_dispose(&b);
}

static void test_index_url__encoding(void **state)
{
	char *u = NULL;

	(void)state;
	assert_int_equal(lg_index_release_url(&u, "https://i.invalid/pypi/", "demo-pkg",
					      "1.0+local/x"), 0);
	assert_string_equal(u, "https://i.invalid/pypi/demo-pkg/1.0+local%2Fx/json");
	free(u);
}


/* ---- Simple API JSON (PEP 691) ----------------------------------------- */

#define SHA_L "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b"

static void test_index_simple_json__files(void **state)
{
	const char doc[] =
		"{\"meta\": {\"api-version\": \"1.4\", \"_last-serial\": 3},"
		" \"name\": \"demo-pkg\", \"project-status\": {\"status\": \"active\"},"
		" \"versions\": [\"1.0\"],"
		" \"files\": [{\"filename\": \"demo_pkg-1.0.tar.gz\","
		"  \"url\": \"../../files/demo_pkg-1.0.tar.gz\","
		"  \"hashes\": {\"sha256\": \"" SHA "\", \"md5\": \"00\"},"
		"  \"requires-python\": \">=3.8\", \"size\": 5760,"
		"  \"upload-time\": \"2024-11-06T22:37:10Z\", \"yanked\": \"broken build\","
		"  \"core-metadata\": false, \"provenance\": null},"
		" {\"filename\": \"demo_pkg-1.0-py3-none-any.whl\", \"url\": \"https://h.invalid/w.whl\","
		"  \"hashes\": {}, \"yanked\": false, \"data-dist-info-metadata\": {\"sha256\": \"00\"},"
		"  \"provenance\": \"https://h.invalid/integrity/p\"}]}";
	struct lg_release *r = NULL;

	(void)state;
	assert_int_equal(lg_index_parse_simple_json(&r, LG_TEST_STR(doc), "doc"), 0);
	assert_string_equal(r->name, "demo-pkg");
	assert_int_equal(r->nfiles, 2);
	assert_string_equal(r->files[0].packagetype, "sdist");
	assert_string_equal(r->files[0].sha256, SHA_L);
	assert_true(r->files[0].yanked);
	assert_string_equal(r->files[0].yanked_reason, "broken build");
	assert_int_equal(r->files[0].size, 5760);
	assert_string_equal(r->files[0].upload_time, "2024-11-06T22:37:10Z");
	assert_string_equal(r->files[0].requires_python, ">=3.8");
	assert_false(r->files[0].core_metadata);
	assert_null(r->files[0].provenance);
	assert_string_equal(r->files[1].packagetype, "bdist_wheel");
	assert_null(r->files[1].sha256);
	assert_false(r->files[1].yanked);
	assert_true(r->files[1].core_metadata);
	assert_int_equal(r->files[1].size, -1);
	assert_string_equal(r->files[1].provenance, "https://h.invalid/integrity/p");
	lg_release_free(r);
}

static void test_index_simple_json__rejects(void **state)
{
	static const struct {
		const char *doc;
		int want;
	} bad[] = {
		{"{\"files\": [], \"files\": []}", LG_EINVALID},
		{"{\"meta\": {\"api-version\": \"1.0\"}}", LG_EINVALID},
		{"{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}", LG_EUNSUPPORTED},
		{"{\"meta\": {\"api-version\": \"10.1\"}, \"files\": []}", LG_EUNSUPPORTED},
		{"{\"files\": [{\"filename\": \"x.whl\"}]}", LG_EINVALID},
		{"{\"files\": [{\"filename\": \"x.whl\", \"url\": \"u\", "
		 "\"hashes\": {\"sha256\": \"abc\"}}]}", LG_EINVALID},
		{"{\"files\": [{\"filename\": \"x.whl\", \"url\": \"u\", "
		 "\"hashes\": [\"" SHA "\"]}]}", LG_EINVALID},
		{"{\"files\": [", LG_EINVALID},
	};
	struct lg_release *r = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(lg_index_parse_simple_json(&r, bad[i].doc,
							    strlen(bad[i].doc), "d"),
				 bad[i].want);
		assert_null(r);
	}
}

static void test_index_simple_json__caps(void **state)
{
	struct lg_buf b = LG_BUF_INIT(64u << 20);
	struct lg_release *r = NULL;

	(void)state;
	lg_buf_puts(&b, "{\"files\": [");
	for (size_t i = 0; i <= LG_MAX_INDEX_FILES; i++)
		lg_buf_printf(&b, "%s{\"filename\": \"f%zu\", \"url\": \"u\"}",
			      i ? "," : "", i);
	lg_buf_puts(&b, "]}");
	assert_int_equal(lg_index_parse_simple_json(&r, b.ptr, b.len, "d"), LG_ETOOBIG);
	assert_int_equal(lg_index_parse_simple_json(&r, b.ptr, LG_MAX_JSON_BYTES + 1u, "d"),
			 LG_ETOOBIG);
	assert_int_equal(lg_index_parse_simple_html(&r, b.ptr, LG_MAX_JSON_BYTES + 1u, "d"),
			 LG_ETOOBIG);
	lg_buf_dispose(&b);
}

/* ---- Simple API HTML (PEP 503) ----------------------------------------- */

static void test_index_simple_html__anchors(void **state)
{
	const char doc[] =
		"<!DOCTYPE html>\n<html><head>"
		"<meta name=\"pypi:repository-version\" content=\"1.1\">"
		"<title>Links for demo-pkg</title></head><body>\n"
		"<!-- <a href=\"commented-1.0.tar.gz\">no</a> -->\n"
		"<h1>Links for demo-pkg</h1>\n"
		"<A HREF='../../files/demo_pkg-1.0.tar.gz#SHA256=" SHA "' "
		"data-requires-python=\"&gt;=3.8,&lt;4\" data-yanked>  demo_pkg-1.0.tar.gz </A><br/>\n"
		"<a data-yanked=\"bad &amp; broken\" href=\"https://h.invalid/p/demo_pkg-1.0-py3-none-any.whl?x=1&amp;y=2#md5=00\""
		" data-dist-info-metadata=\"sha256=00\" data-provenance=\"https://h.invalid/prov\">w</a>\n"
		"<a href=demo%2Dpkg-2.0.zip data-core-metadata=false>demo-pkg-2.0.zip</a>\n"
		"<a>no href</a><a href=\"../\">parent</a>\n"
		"<script>if (a<b && c>d) { x = \"'\"; }</script><div title='x>\n"
		"</body></html>\n<!--SERIAL 3-->";
	struct lg_release *r = NULL;

	(void)state;
	assert_int_equal(lg_index_parse_simple_html(&r, LG_TEST_STR(doc), "doc"), 0);
	assert_int_equal(r->nfiles, 3);
	assert_string_equal(r->files[0].filename, "demo_pkg-1.0.tar.gz");
	assert_string_equal(r->files[0].url, "../../files/demo_pkg-1.0.tar.gz");
	assert_string_equal(r->files[0].sha256, SHA_L);
	assert_string_equal(r->files[0].packagetype, "sdist");
	assert_string_equal(r->files[0].requires_python, ">=3.8,<4");
	assert_true(r->files[0].yanked);
	assert_null(r->files[0].yanked_reason);
	assert_false(r->files[0].core_metadata);
	assert_string_equal(r->files[1].filename, "demo_pkg-1.0-py3-none-any.whl");
	assert_string_equal(r->files[1].url,
			    "https://h.invalid/p/demo_pkg-1.0-py3-none-any.whl?x=1&y=2");
	assert_null(r->files[1].sha256); /* md5 fragments are not kept */
	assert_string_equal(r->files[1].yanked_reason, "bad & broken");
	assert_true(r->files[1].core_metadata);
	assert_string_equal(r->files[1].provenance, "https://h.invalid/prov");
	assert_string_equal(r->files[2].filename, "demo-pkg-2.0.zip");
	assert_false(r->files[2].yanked);
	assert_false(r->files[2].core_metadata);
	lg_release_free(r);
}

static void test_index_simple_html__rejects(void **state)
{
	static const struct {
		const char *doc;
		int want;
	} bad[] = {
		{"<meta name=\"pypi:repository-version\" content=\"2.0\">", LG_EUNSUPPORTED},
		{"<a href=\"x-1.0.tar.gz#sha256=abc\">x</a>", LG_EINVALID},
		{"<a href=\"x-1.0.tar.gz", LG_EINVALID},
		{"<a href=x-1.0.tar.gz", LG_EINVALID},
	};
	struct lg_release *r = NULL;
	struct lg_buf b = LG_BUF_INIT(1u << 20);

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(lg_index_parse_simple_html(&r, bad[i].doc,
							    strlen(bad[i].doc), "d"),
				 bad[i].want);
		assert_null(r);
	}
	lg_buf_puts(&b, "<a");
	for (unsigned i = 0; i <= LG_MAX_HTML_ATTRS; i++)
		lg_buf_printf(&b, " a%u=1", i);
	lg_buf_puts(&b, ">");
	assert_int_equal(lg_index_parse_simple_html(&r, b.ptr, b.len, "d"), LG_ETOOBIG);
	lg_buf_dispose(&b);
}

static void test_index_simple__content_type(void **state)
{
	const char json[] = "{\"files\": []}", html[] = "<a href=\"x-1.0.zip\">x</a>";
	struct lg_release *r = NULL;

	(void)state;
	assert_int_equal(lg_index_parse_simple(&r, "application/vnd.pypi.simple.v1+json",
					       LG_TEST_STR(json), "d"), 0);
	assert_int_equal(r->nfiles, 0);
	lg_release_free(r);
	assert_int_equal(lg_index_parse_simple(&r, "text/html; charset=utf-8",
					       LG_TEST_STR(html), "d"), 0);
	assert_int_equal(r->nfiles, 1);
	lg_release_free(r);
	assert_int_equal(lg_index_parse_simple(&r, "application/vnd.pypi.simple.v1+html",
					       LG_TEST_STR(html), "d"), 0);
	lg_release_free(r);
	assert_int_equal(lg_index_parse_simple(&r, "application/json", LG_TEST_STR(json), "d"),
			 LG_EUNSUPPORTED);
	assert_int_equal(lg_index_parse_simple(&r, "application/vnd.pypi.simple.v2+json",
					       LG_TEST_STR(json), "d"), LG_EUNSUPPORTED);
	assert_int_equal(lg_index_parse_simple(&r, NULL, LG_TEST_STR(json), "d"),
			 LG_EUNSUPPORTED);
	assert_null(r);
}

static void test_index_simple__urls(void **state)
{
	char *u = NULL;

	(void)state;
	assert_int_equal(lg_index_simple_url(&u, "https://i.invalid/simple", "Foo_Bar.baz"), 0);
	assert_string_equal(u, "https://i.invalid/simple/foo-bar-baz/");
	free(u);
	assert_int_equal(lg_index_simple_url(&u, "https://i.invalid/simple//", "x"), 0);
	assert_string_equal(u, "https://i.invalid/simple/x/");
	free(u);
	assert_int_equal(lg_index_simple_url(&u, "https://i.invalid/simple/", "../x"), LG_EINVALID);
	assert_true(lg_index_is_json_root("https://pypi.org/pypi"));
	assert_true(lg_index_is_json_root("https://u:p@h.invalid:8443/x/pypi/"));
	assert_false(lg_index_is_json_root("https://pypi.org/simple/"));
	assert_false(lg_index_is_json_root("https://h.invalid/root/pypi/+simple/"));
	assert_false(lg_index_is_json_root("https://pypi.invalid/"));
	assert_false(lg_index_is_json_root("https://h.invalid/mypypi"));
}

/* ---- file names and versions ------------------------------------------- */

static void test_index_dist__filenames(void **state)
{
	static const struct {
		const char *file, *project, *version;
		bool wheel;
	} hits[] = {
		{"foo_bar-1.0-py3-none-any.whl", "foo-bar", "1.0", true},
		{"Foo.Bar-2.0-1-cp312-cp312-manylinux_2_17_x86_64.whl", "foo-bar", "2.0", true},
		{"foo_bar-1.0.tar.gz", "foo-bar", "1.0", false},
		{"foo-bar-1.0.post1.tar.gz", "foo-bar", "1.0.post1", false},
		{"Foo-Bar-1.0.ZIP", "foo-bar", "1.0", false},
		{"foo-bar-1.0-2.tar.bz2", "foo-bar", "1.0-2", false},
	};
	static const struct {
		const char *file, *project;
	} misses[] = {
		{"foo_bar-1.0-py3-none-any.whl", "foo"},
		{"foo-1.0-py3-none-any.whl", "foo-bar"},
		{"foo_bar-1.0-py3-any.whl", "foo-bar"},
		{"foo_bar-1.0.egg", "foo-bar"},
		{"foo_bar-1.0.exe", "foo-bar"},
		{"foobar-1.0.tar.gz", "foo-bar"},
		{"foo-bar.tar.gz", "foo-bar"},
		{"foo-bar-.tar.gz", "foo-bar"},
	};
	const char *v;
	size_t n;
	bool wheel;

	(void)state;
	for (size_t i = 0; i < sizeof(hits) / sizeof(*hits); i++) {
		assert_true(lg_dist_file_matches(hits[i].file, hits[i].project, &v, &n, &wheel));
		assert_int_equal(n, strlen(hits[i].version));
		assert_memory_equal(v, hits[i].version, n);
		assert_int_equal(wheel, hits[i].wheel);
	}
	for (size_t i = 0; i < sizeof(misses) / sizeof(*misses); i++)
		assert_false(lg_dist_file_matches(misses[i].file, misses[i].project, &v, &n,
						  &wheel));
}

static bool veq(const char *a, const char *b)
{
	return lg_version_equal(a, strlen(a), b, strlen(b));
}

static void test_index_dist__versions(void **state)
{
	static const char *const equal[][2] = {
		{"1.0", "1.0.0"}, {"1.0", "1"}, {"v1.0", "1.0"}, {"1.0", " 1.0 "},
		{"01.002", "1.2"}, {"0!1.0", "1.0"}, {"1.0a1", "1.0.alpha.1"},
		{"1.0A", "1.0a0"}, {"1.0b2", "1.0-beta2"}, {"1.0rc1", "1.0c1"},
		{"1.0pre1", "1.0rc1"}, {"1.0-1", "1.0.post1"}, {"1.0.post", "1.0-post0"},
		{"1.0rev1", "1.0.post1"}, {"1.0r", "1.0.post0"}, {"1.0.dev", "1.0dev0"},
		{"1.0+Ubuntu-1", "1.0+ubuntu.1"}, {"1.0+abc.01", "1.0+abc.1"},
		{"1.0a1.post2.dev3", "1.0.0-a1-post2-dev3"}, {"legacy-x", "legacy-x"},
	};
	static const char *const different[][2] = {
		{"1.0", "1.0.post0"}, {"1.0", "1.0.dev0"}, {"1.0", "1.0a0"},
		{"1.0", "1.0.1"}, {"1!1.0", "1.0"}, {"1.0a1", "1.0b1"},
		{"1.0+local", "1.0"}, {"1.0+a.1", "1.0+a.2"}, {"legacy-x", "Legacy-X"},
		{"1.0", "1.0x"}, {"1.0", "1.0+"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(equal) / sizeof(*equal); i++) {
		if (!veq(equal[i][0], equal[i][1]))
			fail_msg("%s should equal %s", equal[i][0], equal[i][1]);
	}
	for (size_t i = 0; i < sizeof(different) / sizeof(*different); i++) {
		if (veq(different[i][0], different[i][1]))
			fail_msg("%s should differ from %s", different[i][0],
				 different[i][1]);
	}
}

static void test_index_dist__select(void **state)
{
	const char doc[] =
		"<a href=\"foo_bar-1.0.0-py3-none-any.whl\">a</a>"
		"<a href=\"foo_bar-1.0.tar.gz\">b</a>"
		"<a href=\"foo_bar-1.0.post0.tar.gz\">c</a>"
		"<a href=\"foo_bar-1.1-py3-none-any.whl\">d</a>"
		"<a href=\"foo_bar_extra-1.0.tar.gz\">e</a>"
		"<a href=\"Foo.Bar-1-py2.py3-none-any.whl\">f</a>";
	struct lg_release *r = NULL;

	(void)state;
	assert_int_equal(lg_index_parse_simple_html(&r, LG_TEST_STR(doc), "d"), 0);
	assert_int_equal(r->nfiles, 6);
	assert_int_equal(lg_release_select(r, "Foo_Bar", "1.0"), 0);
	assert_int_equal(r->nfiles, 3);
	assert_string_equal(r->files[0].filename, "foo_bar-1.0.0-py3-none-any.whl");
	assert_string_equal(r->files[1].filename, "foo_bar-1.0.tar.gz");
	assert_string_equal(r->files[2].filename, "Foo.Bar-1-py2.py3-none-any.whl");
	assert_int_equal(lg_release_select(r, "foo-bar", "2.0"), 0);
	assert_int_equal(r->nfiles, 0);
	lg_release_free(r);
}

/* ---- netrc ------------------------------------------------------------- */

static void test_index_netrc__lookup(void **state)
{
	const char text[] =
		"# comment\n"
		"machine idx.invalid login alice password \"s3 cr\\\"et\"\n"
		"macdef init\ncd /\nmachine evil.invalid password x\n\n"
		"machine Other.Invalid\n  login bob\n  account z\n  password pw2\n"
		"machine nopass.invalid login carol\n"
		"default login anon password guest\n";
	struct lg_netrc *n = NULL;
	const char *login, *pw;

	(void)state;
	assert_int_equal(lg_netrc_parse(&n, LG_TEST_STR(text)), 0);
	assert_true(lg_netrc_lookup(n, "idx.invalid", &login, &pw));
	assert_string_equal(login, "alice");
	assert_string_equal(pw, "s3 cr\"et");
	assert_true(lg_netrc_lookup(n, "other.invalid", &login, &pw));
	assert_string_equal(login, "bob");
	assert_string_equal(pw, "pw2");
	assert_false(lg_netrc_lookup(n, "nopass.invalid", &login, &pw));
	assert_true(lg_netrc_lookup(n, "evil.invalid", &login, &pw)); /* macdef body skipped */
	assert_string_equal(login, "anon");
	assert_true(lg_netrc_lookup(n, "elsewhere.invalid", &login, &pw));
	assert_string_equal(pw, "guest");
	lg_netrc_free(n);
	assert_int_equal(lg_netrc_parse(&n, LG_TEST_STR("machine a login u")), 0);
	assert_false(lg_netrc_lookup(n, "b", &login, &pw));
	lg_netrc_free(n);
}

static void test_index_netrc__rejects(void **state)
{
	struct lg_netrc *n = NULL;
	struct lg_buf b = LG_BUF_INIT(8u << 20);
	const char *msg;

	(void)state;
	assert_int_equal(lg_netrc_parse(&n, LG_TEST_STR("machine a login u password")),
			 LG_EINVALID);
	assert_null(n);
	lg_buf_puts(&b, "machine a password ");
	for (unsigned i = 0; i <= LG_MAX_NETRC_TOKEN; i++)
		lg_buf_putc(&b, 'S');
	assert_int_equal(lg_netrc_parse(&n, b.ptr, b.len), LG_ETOOBIG);
	msg = lg_error_last()->message;
	assert_null(strstr(msg, "SSSS")); /* never quotes a secret */
	lg_buf_reset(&b);
	for (unsigned i = 0; i <= LG_MAX_NETRC_ENTRIES; i++)
		lg_buf_printf(&b, "machine h%u password p\n", i);
	assert_int_equal(lg_netrc_parse(&n, b.ptr, b.len), LG_ETOOBIG);
	assert_int_equal(lg_netrc_parse(&n, b.ptr, LG_MAX_NETRC_BYTES + 1u), LG_ETOOBIG);
	lg_buf_dispose(&b);
}

/* Every allocation failure is LG_ENOMEM with nothing handed out. */
static void test_index_simple__oom_sweep(void **state)
{
	const char json[] =
		"{\"name\": \"d\", \"files\": [{\"filename\": \"d-1.0.tar.gz\", \"url\": \"u\","
		" \"hashes\": {\"sha256\": \"" SHA "\"}, \"yanked\": \"why\","
		" \"upload-time\": \"t\", \"provenance\": \"p\", \"requires-python\": \">=3\"},"
		" {\"filename\": \"d-1.0-py3-none-any.whl\", \"url\": \"v\"}]}";
	const char html[] =
		"<a href=\"d-1.0.tar.gz#sha256=" SHA "\" data-yanked=\"why\""
		" data-requires-python=\"&gt;=3\" data-provenance=\"p\">x</a>"
		"<a href=\"d-2.0.tar.gz\">y</a>";
	const char netrc[] = "machine h login u password p\ndefault login a password b\n";
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		struct lg_release *r = NULL;

		lg_alloc_fail_after(n);
		error = lg_index_parse_simple_json(&r, LG_TEST_STR(json), "d");
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(r);
		lg_release_free(r);
	}
	assert_int_equal(error, 0);
	error = LG_ENOMEM;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		struct lg_release *r = NULL;

		lg_alloc_fail_after(n);
		error = lg_index_parse_simple_html(&r, LG_TEST_STR(html), "d");
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(r);
		else
			assert_int_equal(r->nfiles, 2);
		lg_release_free(r);
	}
	assert_int_equal(error, 0);
	error = LG_ENOMEM;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		struct lg_netrc *nr = NULL;

		lg_alloc_fail_after(n);
		error = lg_netrc_parse(&nr, LG_TEST_STR(netrc));
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(nr);
		lg_netrc_free(nr);
	}
	assert_int_equal(error, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_release__files),
		cmocka_unit_test(test_index_release__rejects),
		cmocka_unit_test(test_index_release__caps),
		cmocka_unit_test(test_index_url__encoding),
		cmocka_unit_test(test_index_simple_json__files),
		cmocka_unit_test(test_index_simple_json__rejects),
		cmocka_unit_test(test_index_simple_json__caps),
		cmocka_unit_test(test_index_simple_html__anchors),
		cmocka_unit_test(test_index_simple_html__rejects),
		cmocka_unit_test(test_index_simple__content_type),
		cmocka_unit_test(test_index_simple__urls),
		cmocka_unit_test(test_index_dist__filenames),
		cmocka_unit_test(test_index_dist__versions),
		cmocka_unit_test(test_index_dist__select),
		cmocka_unit_test(test_index_netrc__lookup),
		cmocka_unit_test(test_index_netrc__rejects),
		cmocka_unit_test(test_index_simple__oom_sweep),
	};

	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
