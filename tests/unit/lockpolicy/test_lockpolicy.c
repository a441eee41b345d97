/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/lockpolicy.h"
#include "lg/rules.h"

#define H1 "sha256:1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "sha256:2222222222222222222222222222222222222222222222222222222222222222"
#define H3 "sha256:3333333333333333333333333333333333333333333333333333333333333333"
#define MD5 "md5:0123456789abcdef0123456789abcdef"
#define S(x) ((char *)(uintptr_t)(x)) /* a literal where lg_pkg wants char * */

static char *hashes_a[] = {S(H1), S(H2)};
static char *hashes_b[] = {S(H1), S(H3)};
static char *hashes_c[] = {S(H1), S(H2), S(H3)};
static char *hashes_md5[] = {S(MD5)};
static char *hashes_mixed[] = {S(MD5), S(H1)};

static struct lg_pkg registry(char **hashes, size_t n, char *url)
{
	struct lg_pkg p = {0};

	p.name = S("demo-pkg");
	p.version = S("1.0");
	p.spec = S("==1.0");
	p.hashes = hashes;
	p.nhashes = n;
	p.source = LG_SOURCE_REGISTRY;
	p.source_url = url;
	return p;
}

static struct lg_change change(enum lg_change_kind kind, const struct lg_pkg *cur,
			       const struct lg_pkg *old)
{
	struct lg_change c = {0};

	c.kind = kind;
	c.name = cur->name;
	c.new_version = cur->version;
	c.old_version = old ? old->version : NULL;
	c.pkg = cur;
	c.old_pkg = old;
	c.lockfile = S("requirements.txt");
	c.line = 3;
	return c;
}

/* The findings of one change: "rule:severity;..." */
static void run(char *out, size_t outlen, const struct lg_change *c,
		const struct lg_lock_policy *p)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	size_t used = 0;

	out[0] = '\0';
	assert_int_equal(lg_lockpolicy_check(&f, c, p), 0);
	for (size_t i = 0; i < f.n; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s:%s",
					 i ? ";" : "", f.v[i].rule,
					 lg_severity_name(f.v[i].severity));
	lg_findings_dispose(&f);
}

static void test_lockpolicy__hashes(void **state)
{
	struct lg_lock_policy p = LG_LOCK_POLICY_INIT;
	struct lg_pkg a = registry(hashes_a, 2, NULL), b = registry(hashes_b, 2, NULL);
	struct lg_pkg c3 = registry(hashes_c, 3, NULL), none = registry(NULL, 0, NULL);
	struct lg_pkg md5 = registry(hashes_md5, 1, NULL);
	struct lg_pkg mixed = registry(hashes_mixed, 2, NULL);
	struct lg_change c;
	char out[512];

	(void)state;
	/* A hash replaced under the same version: high. */
	c = change(LG_CHANGE_REHASHED, &b, &a);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "lock.rehashed:high");
	/* Near misses: hashes only added (a new wheel) is medium; hashes
	 * added to an unhashed entry or dropped are nothing. */
	c = change(LG_CHANGE_REHASHED, &c3, &a);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "lock.rehashed:medium");
	c = change(LG_CHANGE_REHASHED, &a, &none);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
	c = change(LG_CHANGE_REHASHED, &a, &c3);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
	/* Weak hashes: medium alone, low beside sha256. */
	c = change(LG_CHANGE_UPGRADED, &md5, &a);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "lock.weak-hash:medium");
	c = change(LG_CHANGE_UPGRADED, &mixed, &a);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "lock.weak-hash:low");
}

static void test_lockpolicy__sources(void **state)
{
	static const char *const allowed[] = {"pypi.org", "Corp.Example.invalid"};
	struct lg_lock_policy p = {allowed, 2, "pypi.org"};
	struct lg_pkg dflt = registry(hashes_a, 2, NULL);
	struct lg_pkg corp = registry(hashes_a, 2, S("https://CORP.example.invalid/simple"));
	struct lg_pkg other = registry(hashes_a, 2, S("https://mirror.example.invalid/simple"));
	struct lg_pkg http = registry(hashes_a, 2, S("http://corp.example.invalid/simple"));
	struct lg_change c;
	char out[512];

	(void)state;
	c = change(LG_CHANGE_ADDED, &dflt, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
	c = change(LG_CHANGE_ADDED, &corp, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
	c = change(LG_CHANGE_ADDED, &other, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.index-host:high");
	c = change(LG_CHANGE_ADDED, &http, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.insecure-url:high");
	/* The default index's host must be allowed too. */
	p.default_host = "pypi.example.invalid";
	c = change(LG_CHANGE_ADDED, &dflt, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.index-host:high");
	/* No list: any host. */
	p.nallowed_hosts = 0;
	c = change(LG_CHANGE_ADDED, &other, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
	/* An index that moved. */
	c = change(LG_CHANGE_SOURCE_CHANGED, &dflt, &corp);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "lock.source-changed:high");
	/* Near miss: the same index with a trailing slash. */
	{
		struct lg_pkg slash = registry(hashes_a, 2,
					       S("https://CORP.example.invalid/simple/"));

		c = change(LG_CHANGE_SOURCE_CHANGED, &slash, &corp);
		run(out, sizeof(out), &c, &p);
		assert_string_equal(out, "");
	}
}

static void test_lockpolicy__url_vcs_options(void **state)
{
	struct lg_lock_policy p = LG_LOCK_POLICY_INIT;
	struct lg_pkg url = registry(NULL, 0, S("https://files.example.invalid/x-1.0.tar.gz"));
	struct lg_pkg vcs_branch = registry(NULL, 0, S("git+https://git.example.invalid/x@main#egg=x"));
	struct lg_pkg vcs_commit = registry(NULL, 0, S("git+https://git.example.invalid/x@"
					   "0123456789abcdef0123456789abcdef01234567"));
	struct lg_pkg vcs_uv = registry(NULL, 0, S("git+https://git.example.invalid/x?rev=main#"
				       "0123456789abcdef0123456789abcdef01234567"));
	struct lg_pkg vcs_git = registry(NULL, 0, S("git+git://git.example.invalid/x@v1.0"));
	struct lg_pkg extra = registry(NULL, 0, NULL), extra_hashed = registry(hashes_a, 2, NULL);
	struct lg_change c;
	char out[512];

	(void)state;
	url.source = LG_SOURCE_URL;
	vcs_branch.source = vcs_commit.source = vcs_uv.source = vcs_git.source = LG_SOURCE_VCS;
	c = change(LG_CHANGE_ADDED, &url, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.direct-url:medium");
	c = change(LG_CHANGE_ADDED, &vcs_branch, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.vcs-ref:medium");
	c = change(LG_CHANGE_ADDED, &vcs_commit, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.vcs-ref:low");
	c = change(LG_CHANGE_ADDED, &vcs_uv, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.vcs-ref:low");
	c = change(LG_CHANGE_ADDED, &vcs_git, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.vcs-ref:medium;policy.insecure-url:high");
	extra.extra_index = extra_hashed.extra_index = S("https://extra.example.invalid/simple");
	extra.trusted_host = S("extra.example.invalid");
	c = change(LG_CHANGE_ADDED, &extra, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.extra-index:medium;policy.trusted-host:medium");
	c = change(LG_CHANGE_ADDED, &extra_hashed, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "policy.extra-index:low");
}

static void test_lockpolicy__typosquat(void **state)
{
	struct lg_lock_policy p = LG_LOCK_POLICY_INIT;
	struct lg_pkg squat = registry(hashes_a, 2, NULL), real = registry(hashes_a, 2, NULL);
	struct lg_pkg affix = registry(hashes_a, 2, NULL);
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_change c;
	char out[512];

	(void)state;
	squat.name = S("reqeusts");
	real.name = S("requests");
	affix.name = S("requests-dev");
	c = change(LG_CHANGE_ADDED, &squat, NULL);
	assert_int_equal(lg_lockpolicy_check(&f, &c, &p), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].rule, LG_RULE_SQUAT_TYPOSQUAT);
	assert_int_equal(f.v[0].severity, LG_SEV_HIGH);
	assert_non_null(strstr(f.v[0].message, "'requests'"));
	lg_findings_dispose(&f);
	c = change(LG_CHANGE_ADDED, &affix, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "squat.typosquat:medium");
	/* Near misses: the real project; a squat name that was already there. */
	c = change(LG_CHANGE_ADDED, &real, NULL);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
	squat.version = S("1.1");
	c = change(LG_CHANGE_UPGRADED, &squat, &real);
	run(out, sizeof(out), &c, &p);
	assert_string_equal(out, "");
}

static void test_lockpolicy__url_host(void **state)
{
	char h[16];

	(void)state;
	assert_int_equal(lg_lockpolicy_url_host(h, sizeof(h), "https://u:p@Host.X:8443/a"), 0);
	assert_string_equal(h, "host.x");
	assert_int_equal(lg_lockpolicy_url_host(h, sizeof(h), "git+ssh://git@h.x/r@main"), 0);
	assert_string_equal(h, "h.x");
	assert_int_equal(lg_lockpolicy_url_host(h, sizeof(h), "https://[::1]:80/"), 0);
	assert_string_equal(h, "[::1]");
	assert_int_equal(lg_lockpolicy_url_host(h, sizeof(h), "corp"), LG_EINVALID);
	assert_int_equal(lg_lockpolicy_url_host(h, sizeof(h), "https:///x"), LG_EINVALID);
	assert_int_equal(lg_lockpolicy_url_host(h, sizeof(h), "https://a-very-long-host.invalid/"),
			 LG_ETOOBIG);
	assert_false(lg_vcs_pins_commit("git+https://h/r@0123456789abcdef"));
	assert_false(lg_vcs_pins_commit("git+https://h/r"));
	assert_true(lg_vcs_pins_commit("git+https://h/r@0123456789abcdef0123456789abcdef01234567#egg=x"));
}

static struct lg_finding fnd(const char *rule, enum lg_severity sev,
			     const char *msg, size_t line)
{
	struct lg_finding f = {0};

	f.rule = rule;
	f.severity = sev;
	f.message = S(msg);
	f.path = S("x-1.0/setup.py");
	f.file = S("x-1.1.tar.gz");
	f.line = line;
	return f;
}

static void test_lockpolicy__transition(void **state)
{
	struct lg_finding old[] = {
		fnd(LG_RULE_CMDCLASS_OVERRIDE, LG_SEV_MEDIUM, "cmdclass", 10),
		fnd(LG_RULE_SETUP_NETWORK, LG_SEV_INFO, "static host (install context)", 3),
	};
	struct lg_finding cur[] = {
		/* the same override on another line: not new */
		fnd(LG_RULE_CMDCLASS_OVERRIDE, LG_SEV_MEDIUM, "cmdclass", 40),
		/* a process in install context: new */
		fnd(LG_RULE_LOLBIN, LG_SEV_CRITICAL, "curl | sh (install context)", 5),
		fnd(LG_RULE_LOLBIN, LG_SEV_CRITICAL, "again (install context)", 9),
		/* import and runtime contexts, info: not install behaviour */
		fnd(LG_RULE_DECODE_EXEC, LG_SEV_HIGH, "exec (import context)", 7),
		fnd(LG_RULE_ENCODED_CODE, LG_SEV_INFO, "blob (install context)", 8),
		/* network in install context was info before, medium now */
		fnd(LG_RULE_SETUP_NETWORK, LG_SEV_MEDIUM, "unknown host (install context)", 4),
		fnd(LG_RULE_PTH_EXEC_LINE, LG_SEV_HIGH, "pth", 1),
	};
	struct lg_findings out = LG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(lg_transition_check(&out, old, LG_ARRAY_SIZE(old), cur,
					     LG_ARRAY_SIZE(cur), "1.0"), 0);
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[0].rule, LG_RULE_TRANSITION);
	assert_int_equal(out.v[0].severity, LG_SEV_HIGH);
	assert_int_equal(out.v[0].line, 5);
	assert_string_equal(out.v[0].file, "x-1.1.tar.gz");
	assert_non_null(strstr(out.v[0].message, "since 1.0"));
	assert_non_null(strstr(out.v[0].message, LG_RULE_LOLBIN));
	assert_non_null(strstr(out.v[1].message, LG_RULE_SETUP_NETWORK));
	assert_non_null(strstr(out.v[2].message, "startup"));
	lg_findings_dispose(&out);
	/* Near miss: the same behaviours on both sides. */
	assert_int_equal(lg_transition_check(&out, cur, LG_ARRAY_SIZE(cur), cur,
					     LG_ARRAY_SIZE(cur), "1.0"), 0);
	assert_int_equal(out.n, 0);
	lg_findings_dispose(&out);
}

/* A new in-tree build backend (backend-path) is new install behaviour even
 * when its finding is only info/low; the same backend before is not. */
static void test_lockpolicy__transition_backend(void **state)
{
	struct lg_finding none[] = {
		fnd(LG_RULE_CMDCLASS_OVERRIDE, LG_SEV_MEDIUM, "cmdclass", 10),
	};
	struct lg_finding cur[] = {
		fnd(LG_RULE_PEP517_BACKEND, LG_SEV_INFO, "in-tree backend _build", 3),
	};
	struct lg_findings out = LG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(lg_transition_check(&out, none, LG_ARRAY_SIZE(none), cur,
					     LG_ARRAY_SIZE(cur), "1.0"), 0);
	assert_int_equal(out.n, 1);
	assert_non_null(strstr(out.v[0].message, LG_RULE_PEP517_BACKEND));
	assert_non_null(strstr(out.v[0].message, "install-time behaviour since 1.0"));
	lg_findings_dispose(&out);
	assert_int_equal(lg_transition_check(&out, cur, LG_ARRAY_SIZE(cur), cur,
					     LG_ARRAY_SIZE(cur), "1.0"), 0);
	assert_int_equal(out.n, 0);
	lg_findings_dispose(&out);
}

/* C16: after a long dormancy, new import-time code counts too; without the
 * indicator it does not (see above), nor below medium. */
static void test_lockpolicy__transition_takeover(void **state)
{
	struct lg_finding old[] = {
		fnd(LG_RULE_WHITESPACE_HIDING, LG_SEV_MEDIUM, "blanks (import context)", 2),
	};
	struct lg_finding cur[] = {
		fnd(LG_RULE_DECODE_EXEC, LG_SEV_HIGH, "exec (import context)", 7),
		fnd(LG_RULE_ENCODED_CODE, LG_SEV_LOW, "blob (import context)", 8),
		/* had it before: not new */
		fnd(LG_RULE_WHITESPACE_HIDING, LG_SEV_MEDIUM, "blanks (import context)", 30),
	};
	struct lg_findings out = LG_FINDINGS_INIT;

	(void)state;
	assert_int_equal(lg_transition_check_ex(&out, old, LG_ARRAY_SIZE(old), cur,
						LG_ARRAY_SIZE(cur), "1.0",
						"the first release in 400 days"), 0);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].severity, LG_SEV_HIGH);
	assert_int_equal(out.v[0].line, 7);
	assert_non_null(strstr(out.v[0].message, "new import-time behaviour since 1.0"));
	assert_non_null(strstr(out.v[0].message, "400 days"));
	assert_non_null(strstr(out.v[0].message, "C16"));
	lg_findings_dispose(&out);
	assert_int_equal(lg_transition_check_ex(&out, old, LG_ARRAY_SIZE(old), cur,
						LG_ARRAY_SIZE(cur), "1.0", NULL), 0);
	assert_int_equal(out.n, 0);
	lg_findings_dispose(&out);
}

#define DAY 86400
#define NOW ((int64_t)1900000000)

static void test_lockpolicy__release(void **state)
{
	static const char *const exempt[] = {"demo-pkg"};
	const struct lg_release_file_meta old1[] = {{NOW - 900 * DAY, false}};
	const struct lg_release_file_meta old2[] = {{NOW - 400 * DAY, false},
						     {NOW - 10 * DAY, false}};
	const struct lg_release_file_meta fresh[] = {{NOW - DAY, false}};
	const struct lg_release_file_meta aged[] = {{NOW - 100 * DAY, true}};
	const struct lg_release_meta hist[] = {
		{"1.0", old1, 1}, {"1.1", old2, 2}, {"2.0", fresh, 1}, {"1.2", aged, 1},
	};
	struct lg_release_policy p = LG_RELEASE_POLICY_INIT;
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* 2.0, one day old, a year after 1.1 was first uploaded */
	assert_int_equal(lg_release_check(&f, "demo-pkg", hist, 4, 2, fresh, 1,
					  NOW, &p), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].rule, LG_RULE_RELEASE_COOLDOWN);
	assert_int_equal(f.v[0].severity, LG_SEV_HIGH);
	lg_findings_dispose(&f);
	/* exempt from the cooldown */
	p.cooldown_exempt = exempt;
	p.ncooldown_exempt = 1;
	assert_int_equal(lg_release_check(&f, "demo-pkg", hist, 4, 2, fresh, 1,
					  NOW, &p), 0);
	assert_int_equal(f.n, 0);
	lg_findings_dispose(&f);
	/* near miss: 1.1's newest file (a wheel uploaded 10 days ago) is past
	 * the cooldown; its release follows 1.0 by 500 days: dormant */
	assert_int_equal(lg_release_check(&f, "x", hist, 4, 1, old2, 2, NOW, &p), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].rule, LG_RULE_RELEASE_DORMANT);
	lg_findings_dispose(&f);
	/* 1.2 is yanked, 300 days after 1.1; 1.0 is the first release */
	assert_int_equal(lg_release_check(&f, "x", hist, 4, 3, aged, 1, NOW, &p), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[0].rule, LG_RULE_RELEASE_YANKED);
	assert_string_equal(f.v[1].rule, LG_RULE_RELEASE_DORMANT);
	lg_findings_dispose(&f);
	assert_int_equal(lg_release_check(&f, "x", hist, 4, 0, old1, 1, NOW, &p), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].rule, LG_RULE_RELEASE_FIRST);
	lg_findings_dispose(&f);
	/* unknown upload times decide nothing */
	{
		const struct lg_release_file_meta unknown[] = {{-1, false}};
		const struct lg_release_meta h2[] = {{"1.0", unknown, 1}};

		assert_int_equal(lg_release_check(&f, "x", h2, 1, 0, unknown, 1,
						  NOW, &p), 0);
		assert_int_equal(f.n, 0);
	}
}

static void test_lockpolicy__oom_sweep(void **state)
{
	struct lg_lock_policy p = LG_LOCK_POLICY_INIT;
	struct lg_pkg a = registry(hashes_a, 2, S("http://x.example.invalid/simple"));
	struct lg_pkg b = registry(hashes_md5, 1, S("http://x.example.invalid/simple"));
	struct lg_findings f = LG_FINDINGS_INIT;
	struct lg_finding nv[] = {fnd(LG_RULE_PTH_EXEC_LINE, LG_SEV_HIGH, "pth", 1)};
	struct lg_change c;
	int error = LG_ENOMEM;

	(void)state;
	b.name = S("reqeusts");
	b.extra_index = S("https://e.example.invalid/");
	b.trusted_host = S("e.example.invalid");
	c = change(LG_CHANGE_SOURCE_CHANGED, &b, &a);
	c.kind = LG_CHANGE_ADDED;
	for (long n = 0; error == LG_ENOMEM && n < 1000; n++) {
		lg_alloc_fail_after(n);
		error = lg_lockpolicy_check(&f, &c, &p);
		if (error == 0)
			error = lg_transition_check(&f, NULL, 0, nv, 1, "1.0");
		lg_alloc_fail_after(-1);
		if (error == LG_ENOMEM)
			lg_findings_dispose(&f);
	}
	assert_int_equal(error, 0);
	/* weak hash, squat, insecure, extra index, trusted, transition */
	assert_int_equal(f.n, 6);
	lg_findings_dispose(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockpolicy__hashes),
		cmocka_unit_test(test_lockpolicy__sources),
		cmocka_unit_test(test_lockpolicy__url_vcs_options),
		cmocka_unit_test(test_lockpolicy__typosquat),
		cmocka_unit_test(test_lockpolicy__url_host),
		cmocka_unit_test(test_lockpolicy__transition),
		cmocka_unit_test(test_lockpolicy__transition_takeover),
		cmocka_unit_test(test_lockpolicy__transition_backend),
		cmocka_unit_test(test_lockpolicy__release),
		cmocka_unit_test(test_lockpolicy__oom_sweep),
	};

	return cmocka_run_group_tests_name("lockpolicy", tests, NULL, NULL);
}
