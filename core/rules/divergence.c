/* SPDX-License-Identifier: MIT */
/* C15: code a wheel ships that the sdist of the same release does not
 * have. Pure: findings and member names in, findings out. */
#include <string.h>

#include "lg/rules.h"
#include "rules_private.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The member's path as it lands in site-packages: without a
 * NAME-VER.data/purelib/ or platlib/ prefix; NULL for other .data trees. */
static const char *installed_path(const char *path)
{
	const char *data = strstr(path, ".data/");

	if (!data || memchr(path, '/', (size_t)(data - path)))
		return path;
	data += 6;
	if (!strncmp(data, "purelib/", 8) || !strncmp(data, "platlib/", 8))
		return data + 8;
	return NULL;
}

/* Whether some sdist member is path, or ends with "/path". */
static bool in_sdist(const char *path, const char *const *sdist, size_t n)
{
	size_t len = strlen(path);

	for (size_t i = 0; i < n; i++) {
		size_t m = strlen(sdist[i]);

		if (m == len ? !strcmp(sdist[i], path)
			     : m > len && sdist[i][m - len - 1] == '/' &&
				       !strcmp(sdist[i] + m - len, path))
			return true;
	}
	return false;
}

static bool already(const struct lg_findings *f, size_t from, const char *path)
{
	for (size_t i = from; i < f->n; i++)
		if (!strcmp(f->v[i].rule, LG_RULE_ARTIFACT_DIVERGENCE) &&
		    f->v[i].path && !strcmp(f->v[i].path, path))
			return true;
	return false;
}

int lg_rules_divergence(struct lg_findings *f, size_t from, const char *wheel,
			const char *const *sdist, size_t nsdist)
{
	size_t end = f->n, added = f->n;
	int error = 0;

	for (size_t i = from; i < end && !error; i++) {
		const struct lg_finding *v = &f->v[i];
		const char *rule = v->rule, *path = v->path, *inst;
		enum lg_severity sev = v->severity;

		if (!v->file || strcmp(v->file, wheel) != 0 || !path ||
		    sev < LG_SEV_MEDIUM || !strcmp(rule, LG_RULE_ARTIFACT_DIVERGENCE) ||
		    !(ends_with(path, ".py") || ends_with(path, ".pth")) ||
		    strstr(path, ".dist-info/") || lg_rules__in_doc_dir(path) ||
		    !(inst = installed_path(path)) || in_sdist(inst, sdist, nsdist) ||
		    already(f, added, path))
			continue;
		error = lg_findings_add(f, LG_RULE_ARTIFACT_DIVERGENCE, LG_SEV_HIGH,
					path, 0, "%s is in the wheel but in no file "
					"of the sdist of the same release, and it "
					"has %s (%s): code added outside the "
					"source release", inst, rule,
					lg_severity_name(sev));
	}
	return error;
}
