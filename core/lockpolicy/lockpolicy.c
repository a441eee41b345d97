/* SPDX-License-Identifier: MIT */
/* Lock policy over one changed entry (see lg/lockpolicy.h). */
#include <stdio.h>
#include <strings.h>

#include "lg/lockpolicy.h"
#include "lg/rules.h"
#include "lg/squat.h"

#define HOST_MAX 256u

int lg_lockpolicy_url_host(char *out, size_t outlen, const char *url)
{
	const char *p = strstr(url, "://"), *end, *at;
	size_t n;

	if (!p)
		return LG_EINVALID;
	p += 3;
	end = p + strcspn(p, "/?#");
	/* user:password@ before the host */
	for (at = end; at > p && at[-1] != '@'; at--)
		;
	if (at > p)
		p = at;
	if (*p == '[') { /* IPv6 literal */
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (!close)
			return LG_EINVALID;
		n = (size_t)(close + 1 - p);
	} else {
		const char *colon = memchr(p, ':', (size_t)(end - p));

		n = (size_t)((colon ? colon : end) - p);
	}
	if (!n)
		return LG_EINVALID;
	if (n >= outlen)
		return lg_error_toobig("a URL host of more than %zu bytes",
				       outlen - 1);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
	out[n] = '\0';
	return 0;
}

static bool is_commit(const char *s, size_t n)
{
	if (n != 40 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

bool lg_vcs_pins_commit(const char *url)
{
	const char *p = strstr(url, "://"), *path, *hash, *at, *ref_end;

	p = p ? p + 3 : url;
	path = p + strcspn(p, "/?#");
	hash = strchr(path, '#');
	if (hash && is_commit(hash + 1, strlen(hash + 1)))
		return true;
	ref_end = path + strcspn(path, "?#");
	for (at = ref_end; at > path && at[-1] != '@'; at--)
		;
	return at > path && is_commit(at, (size_t)(ref_end - at));
}

static bool host_allowed(const struct lg_lock_policy *p, const char *host)
{
	for (size_t i = 0; i < p->nallowed_hosts; i++)
		if (strcasecmp(p->allowed_hosts[i], host) == 0)
			return true;
	return false;
}

static bool starts(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* http://, git+http://, git://, svn://... : anything a network attacker
 * can rewrite. */
static bool is_plain_network(const char *url)
{
	static const char *const bad[] = {"http://", "git://", "svn://",
					  "bzr://", "bzr+ftp://", "ftp://"};
	const char *plus = strchr(url, '+'), *sep = strstr(url, "://");

	if (plus && sep && plus < sep)
		url = plus + 1;
	if (starts(url, "git://") || starts(url, "svn://"))
		return true;
	for (size_t i = 0; i < LG_ARRAY_SIZE(bad); i++)
		if (starts(url, bad[i]))
			return true;
	return false;
}

static bool weak_algo(const char *h)
{
	return starts(h, "md5:") || starts(h, "sha1:");
}

static bool has_hash(const struct lg_pkg *pkg, const char *h)
{
	for (size_t i = 0; pkg && i < pkg->nhashes; i++)
		if (strcmp(pkg->hashes[i], h) == 0)
			return true;
	return false;
}

static int check_hashes(struct lg_findings *f, const struct lg_change *c)
{
	const struct lg_pkg *pkg = c->pkg, *old = c->old_pkg;
	size_t weak = 0, strong = 0, dropped = 0, added = 0;
	int error = 0;

	for (size_t i = 0; i < pkg->nhashes; i++) {
		if (weak_algo(pkg->hashes[i]))
			weak++;
		else
			strong++;
		if (old && !has_hash(old, pkg->hashes[i]))
			added++;
	}
	for (size_t i = 0; old && i < old->nhashes; i++)
		if (!has_hash(pkg, old->hashes[i]))
			dropped++;
	if (weak && (error = lg_findings_add(
			     f, LG_RULE_LOCK_WEAK_HASH,
			     strong ? LG_SEV_LOW : LG_SEV_MEDIUM, NULL, 0,
			     "%s pins %zu md5/sha1 hash%s%s: a file made to "
			     "collide with it passes pip's check",
			     c->name, weak, weak == 1 ? "" : "es",
			     strong ? " besides stronger ones" : " and nothing "
			     "stronger")) < 0)
		return error;
	if (c->kind != LG_CHANGE_REHASHED || !old || !old->nhashes || !added)
		return 0;
	/* PyPI files never change: a hash replaced under the same version is
	 * another index or a tampered lock. A release may gain files later
	 * (a new wheel), which only adds hashes. */
	return lg_findings_add(
		f, LG_RULE_LOCK_REHASHED, dropped ? LG_SEV_HIGH : LG_SEV_MEDIUM,
		NULL, 0,
		"%s %s: %zu hash%s added%s%zu removed under the same version%s",
		c->name, c->new_version ? c->new_version : "", added,
		added == 1 ? "" : "es", dropped ? " and " : ", ", dropped,
		dropped ? "; files of a release never change on PyPI"
			: "; new files of the release");
}

static int check_registry(struct lg_findings *f, const struct lg_change *c,
			  const struct lg_lock_policy *p)
{
	const struct lg_pkg *pkg = c->pkg;
	char host[HOST_MAX];
	int error = 0;

	if (p->nallowed_hosts) {
		const char *url = pkg->source_url;
		int herr = url ? lg_lockpolicy_url_host(host, sizeof(host), url) : 0;

		if (herr == LG_ETOOBIG)
			lg_error_clear();
		if (!url)
			snprintf(host, sizeof(host), "%s",
				 p->default_host ? p->default_host : "pypi.org");
		if (herr < 0)
			error = lg_findings_add(
				f, LG_RULE_POLICY_INDEX_HOST, LG_SEV_HIGH, NULL, 0,
				"%s comes from index '%.200s', which names no "
				"allowed host", c->name, url);
		else if (!host_allowed(p, host))
			error = lg_findings_add(
				f, LG_RULE_POLICY_INDEX_HOST, LG_SEV_HIGH, NULL, 0,
				"%s comes from index host '%s', which is not an "
				"allowed index host", c->name, host);
		if (error < 0)
			return error;
	}
	if (pkg->source_url && (is_plain_network(pkg->source_url) ||
				starts(pkg->source_url, "file:")) &&
	    (error = lg_findings_add(
		     f, LG_RULE_POLICY_INSECURE_URL,
		     starts(pkg->source_url, "file:") ? LG_SEV_MEDIUM : LG_SEV_HIGH,
		     NULL, 0, "%s comes from index '%.200s', which is not HTTPS",
		     c->name, pkg->source_url)) < 0)
		return error;
	/* pip asks -i and every --extra-index-url for each name alike. */
	if (pkg->extra_index &&
	    (error = lg_findings_add(
		     f, LG_RULE_POLICY_EXTRA_INDEX,
		     pkg->nhashes ? LG_SEV_LOW : LG_SEV_MEDIUM, NULL, 0,
		     "%s may come from --extra-index-url '%.200s' as well as the "
		     "primary index: pip takes the highest version from either"
		     "%s", c->name, pkg->extra_index,
		     pkg->nhashes ? " (the hashes pin the file)" : "")) < 0)
		return error;
	if (pkg->trusted_host &&
	    (error = lg_findings_add(
		     f, LG_RULE_POLICY_TRUSTED_HOST, LG_SEV_MEDIUM, NULL, 0,
		     "%s is installed with --trusted-host '%.200s': pip does not "
		     "check that host's certificate and allows plain HTTP",
		     c->name, pkg->trusted_host)) < 0)
		return error;
	return 0;
}

static int check_direct(struct lg_findings *f, const struct lg_change *c)
{
	const struct lg_pkg *pkg = c->pkg;
	const char *url = pkg->source_url ? pkg->source_url : pkg->spec;
	const char *name = c->name ? c->name : "a requirement";
	int error;

	if (pkg->source == LG_SOURCE_VCS) {
		bool commit = lg_vcs_pins_commit(url);

		error = lg_findings_add(
			f, LG_RULE_POLICY_VCS_REF, commit ? LG_SEV_LOW : LG_SEV_MEDIUM,
			NULL, 0, commit ? "%s comes from a VCS, pinned to a commit: "
					  "'%.200s'"
					: "%s comes from a VCS at a branch, tag or "
					  "no ref: '%.200s'; whoever can push there "
					  "changes what you install",
			name, url);
	} else if (pkg->source == LG_SOURCE_URL) {
		error = lg_findings_add(
			f, LG_RULE_POLICY_DIRECT_URL, LG_SEV_MEDIUM, NULL, 0,
			"%s is a direct URL dependency: '%.200s'%s", name, url,
			pkg->nhashes ? "" : " (no hash)");
	} else {
		return 0;
	}
	if (error < 0)
		return error;
	if (url && (is_plain_network(url) || (pkg->source == LG_SOURCE_URL &&
					      starts(url, "file:"))))
		return lg_findings_add(
			f, LG_RULE_POLICY_INSECURE_URL,
			starts(url, "file:") ? LG_SEV_MEDIUM : LG_SEV_HIGH, NULL, 0,
			"%s is fetched over '%.200s', which is not HTTPS", name, url);
	return 0;
}

static int check_squat(struct lg_findings *f, const struct lg_change *c)
{
	struct lg_squat_match m;
	bool strong;

	if (c->kind != LG_CHANGE_ADDED || !c->name ||
	    lg_squat_check(&m, c->name) < 0) {
		lg_error_clear();
		return 0;
	}
	if (!m.target)
		return 0;
	strong = m.rank <= 1000 &&
		 (m.kind == LG_SQUAT_EDIT || m.kind == LG_SQUAT_HOMOGLYPH);
	return lg_findings_add(
		f, LG_RULE_SQUAT_TYPOSQUAT, strong ? LG_SEV_HIGH : LG_SEV_MEDIUM,
		NULL, 0,
		"newly added '%s' imitates '%s' (download rank %u, %s): check "
		"that you meant this project and not '%s'", c->name, m.target,
		m.rank, lg_squat_kind_name(m.kind), m.target);
}

/* The same index spelled with and without a trailing slash. */
static bool same_index(const struct lg_pkg *a, const struct lg_pkg *b)
{
	size_t na, nb;

	if (!a || a->source != b->source || !a->source_url || !b->source_url)
		return false;
	na = strlen(a->source_url);
	nb = strlen(b->source_url);
	while (na && a->source_url[na - 1] == '/')
		na--;
	while (nb && b->source_url[nb - 1] == '/')
		nb--;
	return na == nb && strncmp(a->source_url, b->source_url, na) == 0;
}

int lg_lockpolicy_check(struct lg_findings *f, const struct lg_change *c,
			const struct lg_lock_policy *p)
{
	int error;

	if (c->kind == LG_CHANGE_REMOVED || !c->pkg)
		return 0;
	if ((error = check_hashes(f, c)) < 0 || (error = check_squat(f, c)) < 0)
		return error;
	if (c->kind == LG_CHANGE_SOURCE_CHANGED && !same_index(c->old_pkg, c->pkg) &&
	    (error = lg_findings_add(
		     f, LG_RULE_LOCK_SOURCE_CHANGED, LG_SEV_HIGH, NULL, 0,
		     "%s %s moved from %s '%.150s' to %s '%.150s'",
		     c->name ? c->name : "?", c->new_version ? c->new_version : "",
		     c->old_pkg ? lg_source_kind_name(c->old_pkg->source) : "?",
		     c->old_pkg && c->old_pkg->source_url ? c->old_pkg->source_url
							 : "the default index",
		     lg_source_kind_name(c->pkg->source),
		     c->pkg->source_url ? c->pkg->source_url
					: "the default index")) < 0)
		return error;
	if (c->pkg->source == LG_SOURCE_REGISTRY)
		return check_registry(f, c, p);
	return check_direct(f, c);
}
