/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/lockfile.h"

#define H64A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define H64B "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"

static struct lg_pkgset *parse_ok(const char *text)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;

	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, text,
							strlen(text), "r.txt", NULL),
			 0);
	lg_findings_dispose(&f);
	return set;
}

static int parse_err(const char *text, size_t len)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	int error = lg_lockfile_parse_requirements(&set, &f, text, len, "r.txt", NULL);

	assert_null(set);
	lg_findings_dispose(&f);
	return error;
}

static void test_lockfile_requirements__pin_hashes_continuation(void **state)
{
	struct lg_pkgset *set = parse_ok(
		"# header\n"
		"\n"
		"Demo_Pkg==1.0 \\\n"
		"    --hash=sha256:" H64B " \\\n"
		"    --hash sha256:" H64A "\n"
		"other==2.1 --hash=sha256:" H64A "\n");

	(void)state;
	assert_int_equal(set->npkgs, 2);
	assert_string_equal(set->pkgs[0].name, "demo-pkg");
	assert_string_equal(set->pkgs[0].version, "1.0");
	assert_int_equal(set->pkgs[0].line, 3);
	assert_int_equal(set->pkgs[0].nhashes, 2);
	/* lower-cased and sorted */
	assert_string_equal(set->pkgs[0].hashes[0], "sha256:" H64A);
	assert_string_equal(set->pkgs[0].hashes[1],
			    "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	assert_int_equal(set->pkgs[1].line, 6);
	lg_pkgset_free(set);
}

/* pip: a comment line ends a continuation; the hashes after it are lost. */
static void test_lockfile_requirements__comment_ends_continuation(void **state)
{
	struct lg_pkgset *set = parse_ok("amqp==5.3.1 \\\n"
					 "    --hash=sha256:" H64A " \\\n"
					 "    # via kombu\n"
					 "    --hash=sha256:" H64B "\n");

	(void)state;
	assert_int_equal(set->npkgs, 1);
	assert_int_equal(set->pkgs[0].nhashes, 1);
	lg_pkgset_free(set);
}

static void test_lockfile_requirements__unpinned_and_special(void **state)
{
	struct lg_pkgset *set = parse_ok(
		"\xEF\xBB\xBFrequests[socks] >= 2.31, < 3 ; python_version >= \"3.8\"\r\n"
		"six==1.*\n"
		"attrs===23.1.0\n"
		"-e ./libs/core\n"
		"-r other.txt\n"
		"--index-url https://pypi.invalid/simple\n"
		"foo @ https://h.invalid/foo-1.0.whl#sha256=" H64A "\n"
		"pkg==1.0#not-a-comment\n");

	(void)state;
	/* Sorted by (name, version, source); a nameless entry first. */
	assert_int_equal(set->npkgs, 6);
	assert_null(set->pkgs[0].name);
	assert_int_equal(set->pkgs[0].source, LG_SOURCE_EDITABLE);
	assert_string_equal(set->pkgs[0].source_url, "./libs/core");
	assert_string_equal(set->pkgs[1].version, "23.1.0");
	assert_string_equal(set->pkgs[1].source_url, "https://pypi.invalid/simple");
	assert_string_equal(set->pkgs[2].name, "foo");
	assert_null(set->pkgs[2].version);
	assert_int_equal(set->pkgs[2].source, LG_SOURCE_URL);
	assert_int_equal(set->pkgs[2].nhashes, 1); /* the #sha256= fragment */
	assert_string_equal(set->pkgs[3].version, "1.0#not-a-comment");
	assert_string_equal(set->pkgs[4].name, "requests");
	assert_null(set->pkgs[4].version);
	assert_string_equal(set->pkgs[4].spec, "requests[socks] >= 2.31, < 3");
	assert_string_equal(set->pkgs[4].markers, "python_version >= \"3.8\"");
	assert_string_equal(set->pkgs[5].name, "six");
	assert_null(set->pkgs[5].version); /* a wildcard is not a pin */
	lg_pkgset_free(set);
}

static void test_lockfile_requirements__bad_input(void **state)
{
	struct lg_pkgset *set;

	(void)state;
	assert_int_equal(parse_err(LG_TEST_STR("x==1 --hash=md5:abc\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x==1 --hash=sha256:abc\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x==1 --hash\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("x==1\0y==2\n")), LG_EINVALID);
	assert_int_equal(parse_err(LG_TEST_STR("--no-such-option\n")), LG_EINVALID);
	/* "--e" could be --editable or --extra-index-url: ambiguous. */
	assert_int_equal(parse_err(LG_TEST_STR("--e x\n")), LG_EINVALID);
	/* A line whose name cannot be read is kept as "unknown", not lost. */
	set = parse_ok("@@@\nx[extra==1\n");
	assert_int_equal(set->npkgs, 1);
	assert_null(set->pkgs[0].name);
	assert_int_equal(set->pkgs[0].source, LG_SOURCE_UNKNOWN);
	lg_pkgset_free(set);
}

/* Includes are read through the caller's reader, relative to the
 * including file; a cycle adds nothing; a missing file adds nothing. */
static int fake_read(struct lg_buf *out, const char *path, void *payload)
{
	static const struct {
		const char *path, *text;
	} files[] = {
		{"req/base.txt", "-r ../req/more.txt\n-r missing.txt\nalpha==1\n"},
		{"req/more.txt", "beta==2\n-r base.txt\n-c constraints.txt\n"},
		{"req/constraints.txt", "gamma==3\n"},
		{"pins/c.txt", "# pins\nfoo==1.2 --hash=sha256:" H64A "\nbaz==3\n"
			       "-r ../pins/more.txt\n"},
		{"pins/more.txt", "bar==4\n"},
	};
	(*(int *)payload)++;
	for (size_t i = 0; i < LG_ARRAY_SIZE(files); i++)
		if (strcmp(files[i].path, path) == 0)
			return lg_buf_puts(out, files[i].text);
	return LG_ENOTFOUND;
}

static const char *fake_env(const char *name, void *payload)
{
	(void)payload;
	if (!strcmp(name, "IDX_TOKEN"))
		return "s3cret";
	if (!strcmp(name, "FOO_VERSION"))
		return "2.0";
	return NULL;
}

/* pip's ${VAR}: expanded (uppercase names only) after comments are
 * dropped; an unset or lower-case one stays as written; without an env
 * callback nothing is expanded. */
static void test_lockfile_requirements__env_vars(void **state)
{
	int reads = 0;
	const struct lg_lockfile_io io = {fake_read, &reads, fake_env, NULL};
	const struct lg_lockfile_io plain = {fake_read, &reads, NULL, NULL};
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	const char *text = "-i https://u:${IDX_TOKEN}@idx.invalid/simple\n"
			   "foo==${FOO_VERSION}  # ${FOO_VERSION} in a comment\n"
			   "bar @ https://files.invalid/${UNSET_VAR}/bar-1.0.tar.gz\n"
			   "baz @ https://files.invalid/${lower}/baz-1.0.tar.gz\n";

	(void)state;
	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, text, strlen(text),
							"requirements.txt", &io), 0);
	assert_int_equal(set->npkgs, 3);
	assert_string_equal(set->pkgs[2].name, "foo");
	assert_string_equal(set->pkgs[2].version, "2.0");
	assert_string_equal(set->pkgs[2].source_url, "https://u:s3cret@idx.invalid/simple");
	assert_string_equal(set->pkgs[0].name, "bar");
	assert_non_null(strstr(set->pkgs[0].source_url, "/${UNSET_VAR}/"));
	assert_non_null(strstr(set->pkgs[1].source_url, "/${lower}/"));
	lg_pkgset_free(set);
	set = NULL;
	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, text, strlen(text),
							"requirements.txt", &plain), 0);
	assert_string_equal(set->pkgs[2].version, "${FOO_VERSION}"); /* as written */
	lg_pkgset_free(set);
	lg_findings_dispose(&f);
}

/* uv and pylock files keep the size and upload time the lock gives; a
 * size that is no byte count is an error naming the line. */
static void test_lockfile_toml__file_meta(void **state)
{
	static const char uv[] =
		"version = 1\n[[package]]\nname = \"a\"\nversion = \"1.0\"\n"
		"source = { registry = \"https://pypi.org/simple\" }\n"
		"sdist = { url = \"https://f.invalid/a-1.0.tar.gz\", hash = \"sha256:" H64A
		"\", size = 30247, upload-time = \"2026-06-16T19:45:02.677Z\" }\n";
	static const char pylock[] =
		"lock-version = \"1.0\"\ncreated-by = \"t\"\n[[packages]]\nname = \"a\"\n"
		"version = \"1.0\"\nindex = \"https://pypi.org/simple\"\n"
		"sdist = { url = \"https://f.invalid/a-1.0.tar.gz\", "
		"upload-time = 2026-06-17T10:31:07Z, size = 134594, "
		"hashes = { sha256 = \"" H64A "\" } }\n";
	static const char bad[] =
		"version = 1\n[[package]]\nname = \"a\"\nversion = \"1.0\"\n"
		"source = { registry = \"https://pypi.org/simple\" }\n"
		"sdist = { url = \"https://f.invalid/a-1.0.tar.gz\", hash = \"sha256:" H64A
		"\", size = -4 }\n";
	struct lg_pkgset *set = NULL;

	(void)state;
	assert_int_equal(lg_lockfile_parse_uv(&set, NULL, uv, sizeof(uv) - 1, "uv.lock", NULL), 0);
	assert_int_equal(set->pkgs[0].nfiles, 1);
	assert_int_equal(set->pkgs[0].files[0].size, 30247);
	assert_string_equal(set->pkgs[0].files[0].upload_time, "2026-06-16T19:45:02.677Z");
	lg_pkgset_free(set);
	set = NULL;
	assert_int_equal(lg_lockfile_parse_pylock(&set, NULL, pylock, sizeof(pylock) - 1,
						  "pylock.toml", NULL), 0);
	assert_int_equal(set->pkgs[0].files[0].size, 134594);
	assert_string_equal(set->pkgs[0].files[0].upload_time, "2026-06-17T10:31:07+00:00");
	lg_pkgset_free(set);
	set = NULL;
	assert_int_equal(lg_lockfile_parse_uv(&set, NULL, bad, sizeof(bad) - 1, "uv.lock", NULL),
			 LG_EINVALID);
	assert_non_null(strstr(lg_error_last()->message, "uv.lock': line 6"));
	lg_pkgset_free(set);
}

static void test_lockfile_requirements__includes(void **state)
{
	int reads = 0;
	const struct lg_lockfile_io io = {fake_read, &reads, NULL, NULL};
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	const char *text = "-r base.txt\ntop==0\n";

	(void)state;
	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, text, strlen(text),
							"req/top.txt", &io), 0);
	assert_int_equal(set->npkgs, 3); /* alpha, beta, top; no gamma */
	assert_string_equal(set->pkgs[0].name, "alpha");
	assert_string_equal(set->pkgs[0].file, "req/base.txt");
	assert_int_equal(set->pkgs[0].line, 3);
	assert_string_equal(set->pkgs[1].name, "beta");
	assert_string_equal(set->pkgs[1].file, "req/more.txt");
	assert_string_equal(set->pkgs[2].name, "top");
	assert_null(set->pkgs[2].file);
	/* base, more, missing, constraints; base is not read again. */
	assert_int_equal(reads, 4);
	lg_pkgset_free(set);
	lg_findings_dispose(&f);
}

/* -c: a constraint pins what a requirement leaves open, and the entry
 * points at the constraint's line; constraints add no entry, and what a
 * constraints file includes stays a constraint. */
static void test_lockfile_requirements__constraints(void **state)
{
	int reads = 0;
	const struct lg_lockfile_io io = {fake_read, &reads, NULL, NULL};
	struct lg_pkgset *set = NULL;
	const char *text = "-c pins/c.txt\nfoo\nbar>=1\nqux\n";

	(void)state;
	assert_int_equal(lg_lockfile_parse_requirements(&set, NULL, text,
							strlen(text), "top.txt",
							&io), 0);
	assert_int_equal(set->npkgs, 3); /* bar, foo, qux; no baz */
	assert_string_equal(set->pkgs[0].name, "bar");
	assert_string_equal(set->pkgs[0].version, "4");
	assert_string_equal(set->pkgs[0].file, "pins/more.txt");
	assert_string_equal(set->pkgs[1].name, "foo");
	assert_string_equal(set->pkgs[1].version, "1.2");
	assert_string_equal(set->pkgs[1].file, "pins/c.txt");
	assert_int_equal(set->pkgs[1].line, 2);
	assert_int_equal(set->pkgs[1].nhashes, 1);
	assert_string_equal(set->pkgs[2].name, "qux");
	assert_null(set->pkgs[2].version);
	assert_null(set->pkgs[2].file);
	lg_pkgset_free(set);
	/* Without a reader the constraint is not followed: foo stays open. */
	assert_int_equal(lg_lockfile_parse_requirements(&set, NULL, text,
							strlen(text), "top.txt",
							NULL), 0);
	assert_null(lg_pkgset_find(set, "foo")->version);
	lg_pkgset_free(set);
}

/* A file that includes another twice, which includes another twice...
 * reads 2^depth files: LG_MAX_INCLUDE_FILES caps the reads of one parse. */
static int diamond_read(struct lg_buf *out, const char *path, void *payload)
{
	int level = atoi(path + 1); /* "dN.txt" */

	(*(int *)payload)++;
	if (level >= 30)
		return lg_buf_puts(out, "x==1\n");
	return lg_buf_printf(out, "-r d%d.txt\n-r d%d.txt\n", level + 1, level + 1);
}

static void test_lockfile_requirements__include_cap(void **state)
{
	int reads = 0;
	const struct lg_lockfile_io io = {diamond_read, &reads, NULL, NULL};
	struct lg_pkgset *set = NULL;
	const char *text = "-r d0.txt\n";

	(void)state;
	assert_int_equal(lg_lockfile_parse_requirements(&set, NULL, text,
							strlen(text), "top.txt",
							&io), LG_ETOOBIG);
	assert_null(set);
	assert_int_equal(reads, LG_MAX_INCLUDE_FILES);
	assert_non_null(strstr(lg_error_last()->message, "included files"));
}

/* *.lock files by content; other tools' locks are no lock file. */
static void test_lockfile_format__detect_lock(void **state)
{
	static const struct {
		const char *path, *text, *want;
	} cases[] = {
		{"a/poetry-ish.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\n"
		 "[metadata]\nlock-version = \"2.0\"\ncontent-hash = \"x\"\n", "poetry"},
		{"x.lock", "[metadata]\nlock_version = \"4.5.0\"\n", "pdm"},
		{"x.lock", "version = 1\nrequires-python = \">=3.9\"\n"
		 "[[package]]\nname = \"a\"\n", "uv"},
		{"x.lock", "lock-version = \"1.0\"\ncreated-by = \"t\"\n"
		 "[[packages]]\nname = \"a\"\n", "pylock"},
		{"requirements.lock", "# generated by rye\n-e file:.\n"
		 "anyio==4.0.0\n    # via httpx\nidna==3.4 \\\n"
		 "    --hash=sha256:" H64A "\n", "requirements"},
		{"Cargo.lock", "version = 3\n[[package]]\nname = \"a\"\n"
		 "version = \"1\"\nchecksum = \"00\"\n", NULL},
		{"Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n"
		 "    rake (13.0.6)\n", NULL},
		{"yarn.lock", "# yarn lockfile v1\n\"a@^1\":\n  version \"1.0\"\n", NULL},
		{"flake.lock", "{\"nodes\": {}}", NULL},
		{"empty.lock", "", NULL},
		{"names.lock", "GEM\nPLATFORMS\n", NULL},
	};

	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(cases); i++) {
		const struct lg_lockfile_format *fmt = lg_lockfile_format_detect(
			cases[i].path, cases[i].text, strlen(cases[i].text));

		if (cases[i].want) {
			assert_non_null(fmt);
			assert_string_equal(fmt->name, cases[i].want);
		} else {
			assert_null(fmt);
		}
	}
	assert_true(lg_lockfile_discoverable("a/b/pyproject.toml"));
	assert_true(lg_lockfile_discoverable("deps/prod.lock"));
	assert_true(lg_lockfile_discoverable("pylock.dev.toml"));
	assert_true(lg_lockfile_discoverable("svc/requirements/base.txt"));
	assert_false(lg_lockfile_discoverable("README.md"));
	assert_false(lg_lockfile_discoverable("base.in"));
}

static void test_lockfile_pyproject__requirements(void **state)
{
	static const char text[] =
		"[build-system]\n"
		"requires = [\"setuptools>=61\", \"wheel\"]\n"
		"[project]\n"
		"name = \"My.App\"\n"
		"dependencies = [\n"
		"  \"Requests[socks] >= 2 ; python_version > '3'\",\n"
		"  \"my-app[extra]\",\n"
		"]\n"
		"[project.optional-dependencies]\n"
		"dev = [\"pytest\"]\n";
	struct lg_pyproject *pp = NULL;

	(void)state;
	assert_int_equal(lg_lockfile_parse_pyproject(&pp, LG_TEST_STR(text),
						     "pyproject.toml"), 0);
	assert_string_equal(pp->name, "my-app");
	assert_true(pp->has_build_system);
	assert_int_equal(pp->n, 5);
	assert_string_equal(pp->reqs[0].name, "requests");
	assert_int_equal(pp->reqs[0].kind, LG_PYPROJECT_DEPENDENCY);
	assert_int_equal(pp->reqs[0].line, 6);
	assert_string_equal(pp->reqs[2].name, "setuptools");
	assert_int_equal(pp->reqs[2].kind, LG_PYPROJECT_BUILD);
	assert_int_equal(pp->reqs[2].line, 2);
	assert_string_equal(pp->reqs[4].name, "pytest");
	assert_int_equal(pp->reqs[4].kind, LG_PYPROJECT_OPTIONAL);
	lg_pyproject_free(pp);
	assert_int_equal(lg_lockfile_parse_pyproject(
				 &pp, LG_TEST_STR("[project]\ndependencies = \"x\"\n"),
				 "p/pyproject.toml"), LG_EINVALID);
	assert_null(pp);
	assert_non_null(strstr(lg_error_last()->message, "p/pyproject.toml:2"));
	assert_int_equal(lg_lockfile_parse_pyproject(
				 &pp, LG_TEST_STR("[project]\ndependencies = [1]\n"),
				 "pyproject.toml"), LG_EINVALID);
	assert_int_equal(lg_lockfile_parse_pyproject(&pp, LG_TEST_STR("x = \n"),
						     "pyproject.toml"), LG_EINVALID);
}

/* pip decodes UTF-16 with a BOM, and Latin-1 when UTF-8 fails. */
static void test_lockfile_requirements__encodings(void **state)
{
	static const char utf16[] = "\xFF\xFEx\0=\0=\0" "1\0\n\0";
	static const char latin[] = "# caf\xE9\nx==2\n";
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;

	(void)state;
	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, utf16,
							sizeof(utf16) - 1,
							"r.txt", NULL), 0);
	assert_int_equal(set->npkgs, 1);
	assert_string_equal(set->pkgs[0].version, "1");
	lg_pkgset_free(set);
	assert_int_equal(lg_lockfile_parse_requirements(&set, &f, latin,
							sizeof(latin) - 1,
							"r.txt", NULL), 0);
	assert_string_equal(set->pkgs[0].version, "2");
	lg_pkgset_free(set);
	lg_findings_dispose(&f);
}

/* Unique prefixes of long options, as optparse; per-requirement options. */
static void test_lockfile_requirements__options(void **state)
{
	struct lg_pkgset *set = parse_ok(
		"--extra-index=https://extra.invalid/simple\n"
		"-ihttps://idx.invalid/simple\n"
		"a>=1 --global-option=\"--x y\"\n"
		"git+https://git.invalid/r.git@v1#egg=b_pkg&subdirectory=s\n");

	(void)state;
	assert_int_equal(set->npkgs, 2);
	assert_string_equal(set->pkgs[0].source_url, "https://idx.invalid/simple");
	assert_string_equal(set->pkgs[1].name, "b-pkg");
	assert_int_equal(set->pkgs[1].source, LG_SOURCE_VCS);
	lg_pkgset_free(set);
}

static struct lg_pkgset *pipfile_ok(const char *text)
{
	struct lg_pkgset *set = NULL;

	assert_int_equal(lg_lockfile_parse_pipfile(&set, NULL, text, strlen(text),
						   "Pipfile.lock", NULL), 0);
	return set;
}

static void test_lockfile_requirements__extra_indexes(void **state)
{
	struct lg_pkgset *set = parse_ok(
		"--extra-index-url https://a.invalid/simple\n"
		"--extra-index-url https://b.invalid/simple\n"
		"--extra-index-url https://a.invalid/simple\n"
		"x==1.0\n");
	struct lg_buf many = LG_BUF_INIT(4096);

	(void)state;
	assert_int_equal(set->npkgs, 1);
	assert_string_equal(set->pkgs[0].extra_index, "https://a.invalid/simple");
	assert_int_equal(set->pkgs[0].nextra_indexes, 2);
	assert_string_equal(set->pkgs[0].extra_indexes[0], "https://a.invalid/simple");
	assert_string_equal(set->pkgs[0].extra_indexes[1], "https://b.invalid/simple");
	lg_pkgset_free(set);
	/* past LG_MAX_EXTRA_INDEXES: an error, never a silent cut */
	for (unsigned i = 0; i <= LG_MAX_EXTRA_INDEXES; i++)
		assert_int_equal(lg_buf_printf(&many, "--extra-index-url "
					       "https://%u.invalid/simple\n", i), 0);
	assert_int_equal(lg_buf_puts(&many, "x==1.0\n"), 0);
	assert_int_equal(parse_err(many.ptr, many.len), LG_ETOOBIG);
	lg_buf_dispose(&many);
}

static void test_lockfile_pipfile__shapes(void **state)
{
	struct lg_pkgset *set = pipfile_ok(
		"{\"_meta\": {\"sources\": [{\"name\": \"corp\", \"url\": "
		"\"https://corp.invalid/simple\"}]},\n"
		" \"default\": {\n"
		"  \"Crayons\": \"==0.1.1\",\n"
		"  \"a\": {\"version\": \"==1.0\", \"hash\": \"sha256:" H64A "\"},\n"
		"  \"b\": {\"version\": \"==2.0\", \"index\": \"corp\", \"hashes\": "
		"[\"sha256:" H64B "\", \"sha256:" H64A "\"]},\n"
		"  \"c\": {\"git\": \"https://git.invalid/c.git\", \"ref\": \"abc\"},\n"
		"  \"d\": {\"path\": \".\", \"editable\": true}\n"
		" },\n"
		" \"develop\": {\"a\": {\"version\": \"==1.0\", \"hashes\": "
		"[\"sha256:" H64B "\"]}}\n"
		"}\n");

	(void)state;
	assert_int_equal(set->npkgs, 5);
	/* a is in default and develop at one version: merged, hashes united. */
	assert_string_equal(set->pkgs[0].name, "a");
	assert_int_equal(set->pkgs[0].nhashes, 2);
	assert_int_equal(set->pkgs[0].line, 4);
	assert_string_equal(set->pkgs[1].source_url, "https://corp.invalid/simple");
	/* no "index": pipenv uses the first source */
	assert_string_equal(set->pkgs[0].source_url, "https://corp.invalid/simple");
	assert_int_equal(set->pkgs[2].source, LG_SOURCE_VCS);
	assert_string_equal(set->pkgs[2].source_url, "https://git.invalid/c.git@abc");
	assert_string_equal(set->pkgs[3].name, "crayons");
	assert_string_equal(set->pkgs[3].version, "0.1.1");
	assert_int_equal(set->pkgs[4].source, LG_SOURCE_EDITABLE);
	lg_pkgset_free(set);
}

static void test_lockfile_pipfile__bad(void **state)
{
	static const char *const bad[] = {
		"[1, 2]", "{\"default\": {\"a\": 1}}", "{\"default\": {\"a\": "
		"{\"hashes\": \"x\"}}}", "{\"default\": {", "{\"a\": 1, \"a\": 2}",
	};
	(void)state;
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++) {
		struct lg_pkgset *set = NULL;

		assert_int_equal(lg_lockfile_parse_pipfile(&set, NULL, bad[i],
							   strlen(bad[i]),
							   "Pipfile.lock", NULL),
				 LG_EINVALID);
		assert_null(set);
		assert_non_null(strstr(lg_error_last()->message, "Pipfile.lock"));
	}
}

typedef int (*parse_fn)(struct lg_pkgset **, struct lg_findings *,
			const char *, size_t, const char *,
			const struct lg_lockfile_io *);

static void expect_reject(parse_fn fn, const char *text, const char *needle)
{
	struct lg_pkgset *set = NULL;

	assert_int_equal(fn(&set, NULL, text, strlen(text), "x.lock", NULL),
			 LG_EINVALID);
	assert_null(set);
	assert_non_null(strstr(lg_error_last()->message, "x.lock"));
	assert_non_null(strstr(lg_error_last()->message, needle));
}

/* What each format's own tool refuses, lockgate refuses too. */
static void test_lockfile_toml__rejected(void **state)
{
	(void)state;
	expect_reject(lg_lockfile_parse_poetry,
		      "[metadata]\nlock-version = \"999.0\"\n", "lock-version");
	expect_reject(lg_lockfile_parse_poetry, "x = \n", "x.lock");
	expect_reject(lg_lockfile_parse_uv, "version = 2\n", "version");
	expect_reject(lg_lockfile_parse_uv, "version = \"1\"\n", "version");
	expect_reject(lg_lockfile_parse_pylock, "created-by = 'x'\n",
		      "lock-version");
	expect_reject(lg_lockfile_parse_pylock,
		      "lock-version = '1.0'\n", "created-by");
	expect_reject(lg_lockfile_parse_pylock,
		      "lock-version = '1.0'\ncreated-by = 'x'\n"
		      "[[packages]]\nname = 'a'\nvcs = {type = 'git', url = 'u', "
		      "commit-id = 'c'}\ndirectory = {path = '.'}\n",
		      "exclude");
	expect_reject(lg_lockfile_parse_pylock,
		      "lock-version = '1.0'\ncreated-by = 'x'\n"
		      "[[packages]]\nname = 'a'\nversion = '1'\n"
		      "sdist = {url = 'https://h.invalid/a-1.tar.gz', hashes = {}}\n",
		      "hashes");
}

/* poetry 1.x keeps files by name only: each goes to its version. */
static void test_lockfile_toml__poetry_metadata_files(void **state)
{
	static const char text[] =
		"[[package]]\nname = \"a\"\nversion = \"1.0\"\n"
		"[[package]]\nname = \"a\"\nversion = \"2.0\"\n"
		"[metadata]\nlock-version = \"1.1\"\n"
		"[metadata.files]\nA = [\n"
		" {file = \"a-1.0.tar.gz\", hash = \"sha256:" H64A "\"},\n"
		" {file = \"a-2.0-py3-none-any.whl\", hash = \"sha256:" H64B "\"},\n]\n";
	struct lg_pkgset *set = NULL;

	(void)state;
	assert_int_equal(lg_lockfile_parse_poetry(&set, NULL, text, strlen(text),
						  "poetry.lock", NULL), 0);
	assert_int_equal(set->npkgs, 2);
	assert_int_equal(set->pkgs[0].nhashes, 1);
	assert_string_equal(set->pkgs[0].hashes[0], "sha256:" H64A);
	assert_string_equal(set->pkgs[0].files[0].name, "a-1.0.tar.gz");
	assert_int_equal(set->pkgs[1].nhashes, 1);
	assert_int_equal(set->pkgs[0].line, 1);
	assert_int_equal(set->pkgs[1].line, 4);
	lg_pkgset_free(set);
}

/* The diff is a set difference by (name, version, source). */
static void test_lockfile_diff__source_and_order(void **state)
{
	struct lg_pkgset *old = parse_ok(
		"a==1\nb==2 --hash=sha256:" H64A "\nc==3\nd==4\n"
		"-i https://private.invalid/simple\n");
	struct lg_pkgset *cur = parse_ok(
		"a==2\nb==2 --hash=sha256:" H64B "\nc==1\ne==5\n"
		"-i https://private.invalid/simple\n");
	struct lg_pkgset *moved = parse_ok("a==2\n");
	struct lg_result *r = NULL;

	(void)state;
	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_lockfile_diff(r, old, cur), 0);
	assert_int_equal(r->nchanges, 5);
	assert_string_equal(r->changes[0].name, "b");
	assert_int_equal(r->changes[0].kind, LG_CHANGE_REHASHED);
	assert_int_equal(r->changes[1].kind, LG_CHANGE_UPGRADED);    /* a */
	assert_int_equal(r->changes[2].kind, LG_CHANGE_DOWNGRADED);  /* c */
	assert_int_equal(r->changes[3].kind, LG_CHANGE_ADDED);       /* e */
	assert_int_equal(r->changes[4].kind, LG_CHANGE_REMOVED);     /* d */
	lg_result_free(r);
	/* The same version from another index: dependency confusion. */
	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_lockfile_diff(r, cur, moved), 0);
	assert_int_equal(r->changes[0].kind, LG_CHANGE_SOURCE_CHANGED);
	lg_result_free(r);
	lg_pkgset_free(old);
	lg_pkgset_free(cur);
	lg_pkgset_free(moved);
}

static void test_lockfile_requirements__caps(void **state)
{
	struct lg_buf b = LG_BUF_INIT(64u << 20);

	(void)state;
	/* One logical line over LG_MAX_LOCKFILE_LINE through continuations. */
	for (size_t i = 0; i * 8 < LG_MAX_LOCKFILE_LINE + 100; i++)
		lg_buf_puts(&b, "aaaaaaa \\\n");
	assert_int_equal(parse_err(b.ptr, b.len), LG_ETOOBIG);
	lg_buf_reset(&b);
	for (size_t i = 0; i <= LG_MAX_LOCKFILE_PACKAGES; i++)
		lg_buf_printf(&b, "p%zu==1\n", i);
	assert_int_equal(parse_err(b.ptr, b.len), LG_ETOOBIG);
	assert_int_equal(parse_err(b.ptr, LG_MAX_LOCKFILE_BYTES + 1u), LG_ETOOBIG);
	lg_buf_dispose(&b);
}

static void test_lockfile_requirements__oom_sweep(void **state)
{
	const char *text = "a==1 --hash=sha256:" H64A "\nb>=2\n-e .\n";
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_pkgset *set = NULL;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_lockfile_parse_requirements(&set, &f, text,
						       strlen(text), "r.txt", NULL);
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(set);
	}
	assert_int_equal(error, 0);
	assert_int_equal(set->npkgs, 3);
	lg_pkgset_free(set);
}

/* OOM anywhere in the pyproject reader or in constraints: clean failure. */
static void test_lockfile_pyproject__oom_sweep(void **state)
{
	static const char text[] =
		"[build-system]\nrequires = [\"setuptools\"]\n"
		"[project]\nname = \"a\"\ndependencies = [\"b\", \"c>1\"]\n"
		"[project.optional-dependencies]\nx = [\"d\"]\n";
	int reads = 0;
	const struct lg_lockfile_io io = {fake_read, &reads, NULL, NULL};
	const char *req = "-c pins/c.txt\nfoo\n";
	struct lg_pyproject *pp = NULL;
	struct lg_pkgset *set = NULL;
	int error = LG_ENOMEM;

	(void)state;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_lockfile_parse_pyproject(&pp, LG_TEST_STR(text),
						    "pyproject.toml");
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(pp);
	}
	assert_int_equal(error, 0);
	assert_int_equal(pp->n, 4);
	lg_pyproject_free(pp);
	error = LG_ENOMEM;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_lockfile_parse_requirements(&set, NULL, req, strlen(req),
						       "top.txt", &io);
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			assert_null(set);
	}
	assert_int_equal(error, 0);
	assert_string_equal(set->pkgs[0].version, "1.2");
	lg_pkgset_free(set);
}

static void test_lockfile_format__paths(void **state)
{
	(void)state;
	assert_non_null(lg_lockfile_format_for_path("requirements.txt"));
	assert_non_null(lg_lockfile_format_for_path("svc/requirements-dev.txt"));
	assert_non_null(lg_lockfile_format_for_path("requirements/base.txt"));
	assert_non_null(lg_lockfile_format_for_path("a/requirements/prod.txt"));
	assert_non_null(lg_lockfile_format_for_path("dev-requirements.txt"));
	assert_null(lg_lockfile_format_for_path("README.txt"));
	assert_null(lg_lockfile_format_for_path("docs/notes.txt"));
	assert_null(lg_lockfile_format_for_path("requirements.in"));
	assert_string_equal(lg_lockfile_format_for_path("a/Pipfile.lock")->name,
			    "pipfile");
	/* Named by a user: by content. */
	assert_string_equal(lg_lockfile_format_detect("x.in", "a==1\n", 5)->name,
			    "requirements");
	assert_string_equal(lg_lockfile_format_detect("lock.json", "{\"_meta\": {}}",
						      14)->name, "pipfile");
	assert_null(lg_lockfile_format_detect("notes.md", "a==1\n", 5));
	assert_string_equal(lg_lockfile_format_for_path("poetry.lock")->name, "poetry");
	assert_string_equal(lg_lockfile_format_for_path("x/uv.lock")->name, "uv");
	assert_string_equal(lg_lockfile_format_for_path("pdm.lock")->name, "pdm");
	assert_string_equal(lg_lockfile_format_for_path("pylock.toml")->name, "pylock");
	assert_string_equal(lg_lockfile_format_for_path("pylock.dev.toml")->name,
			    "pylock");
	assert_null(lg_lockfile_format_for_path("pylock.a.b.toml"));
	assert_null(lg_lockfile_format_for_path("Pylock.toml"));
}

static const struct lg_change *find_change(const struct lg_result *r,
					   const char *name)
{
	for (size_t i = 0; i < r->nchanges; i++)
		if (!strcmp(r->changes[i].name, name))
			return &r->changes[i];
	return NULL;
}

static void test_lockfile_diff__kinds(void **state)
{
	struct lg_pkgset *old = parse_ok("same==1.0\nup==1.0\ndown==2.0\n"
					 "gone==1.0\nre==1.0 --hash=sha256:" H64A "\n");
	struct lg_pkgset *cur = parse_ok("same==1.0\nup==1.10\ndown==1.9\n"
					 "re==1.0 --hash=sha256:" H64B "\nnew==0.1\n");
	struct lg_result *r = NULL;
	const struct lg_change *c;

	(void)state;
	assert_int_equal(lg_result_new(&r), 0);
	assert_int_equal(lg_lockfile_diff(r, old, cur), 0);
	assert_int_equal(r->nchanges, 5);
	assert_null(find_change(r, "same"));
	c = find_change(r, "up");
	assert_int_equal(c->kind, LG_CHANGE_UPGRADED);
	assert_string_equal(c->old_version, "1.0");
	assert_string_equal(c->new_version, "1.10");
	assert_int_equal(find_change(r, "down")->kind, LG_CHANGE_DOWNGRADED);
	assert_int_equal(find_change(r, "re")->kind, LG_CHANGE_REHASHED);
	c = find_change(r, "gone");
	assert_int_equal(c->kind, LG_CHANGE_REMOVED);
	assert_null(c->new_version);
	c = find_change(r, "new");
	assert_int_equal(c->kind, LG_CHANGE_ADDED);
	assert_null(c->old_version);
	assert_int_equal(c->line, 5);
	lg_result_free(r);
	lg_pkgset_free(old);
	lg_pkgset_free(cur);
}

static void test_lockfile_version__order(void **state)
{
	static const char *const ascending[] = {
		"1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1",
		"1.1",      "1.10",  "2!0.1",
	};

	(void)state;
	for (size_t i = 0; i + 1 < sizeof(ascending) / sizeof(*ascending); i++) {
		assert_true(lg_version_cmp(ascending[i], ascending[i + 1]) < 0);
		assert_true(lg_version_cmp(ascending[i + 1], ascending[i]) > 0);
	}
	assert_int_equal(lg_version_cmp("1.0", "1.0.0"), 0);
	assert_int_equal(lg_version_cmp("v1.2", "1.2"), 0);
}

static void test_lockfile_name__canonical(void **state)
{
	char *n = NULL;

	(void)state;
	assert_int_equal(lg_name_canonical(&n, LG_TEST_STR("FRIENDLY-._-BARD")), 0);
	assert_string_equal(n, "friendly-bard");
	free(n);
	assert_int_equal(lg_name_canonical(&n, LG_TEST_STR("-bad")), LG_EINVALID);
	assert_int_equal(lg_name_canonical(&n, LG_TEST_STR("b\xc3\xa4" "d")), LG_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockfile_requirements__pin_hashes_continuation),
		cmocka_unit_test(test_lockfile_requirements__comment_ends_continuation),
		cmocka_unit_test(test_lockfile_requirements__unpinned_and_special),
		cmocka_unit_test(test_lockfile_requirements__bad_input),
		cmocka_unit_test(test_lockfile_requirements__includes),
		cmocka_unit_test(test_lockfile_toml__file_meta),
		cmocka_unit_test(test_lockfile_requirements__env_vars),
		cmocka_unit_test(test_lockfile_requirements__encodings),
		cmocka_unit_test(test_lockfile_requirements__options),
		cmocka_unit_test(test_lockfile_requirements__extra_indexes),
		cmocka_unit_test(test_lockfile_pipfile__shapes),
		cmocka_unit_test(test_lockfile_pipfile__bad),
		cmocka_unit_test(test_lockfile_diff__source_and_order),
		cmocka_unit_test(test_lockfile_toml__rejected),
		cmocka_unit_test(test_lockfile_toml__poetry_metadata_files),
		cmocka_unit_test(test_lockfile_requirements__caps),
		cmocka_unit_test(test_lockfile_requirements__oom_sweep),
		cmocka_unit_test(test_lockfile_format__paths),
		cmocka_unit_test(test_lockfile_requirements__constraints),
		cmocka_unit_test(test_lockfile_requirements__include_cap),
		cmocka_unit_test(test_lockfile_format__detect_lock),
		cmocka_unit_test(test_lockfile_pyproject__requirements),
		cmocka_unit_test(test_lockfile_pyproject__oom_sweep),
		cmocka_unit_test(test_lockfile_diff__kinds),
		cmocka_unit_test(test_lockfile_version__order),
		cmocka_unit_test(test_lockfile_name__canonical),
	};

	return cmocka_run_group_tests_name("lockfile", tests, NULL, NULL);
}
