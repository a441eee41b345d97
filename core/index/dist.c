/* SPDX-License-Identifier: MIT */
/* Which files of a project page belong to a locked version: wheel and
 * sdist file names, PEP 503 names and PEP 440 version equality. Pure. */
#include <ctype.h>
#include <strings.h>

#include "lg/index.h"
#include "index_private.h"

static const char *const sdist_exts[] = {".tar.gz", ".tar.bz2", ".tar.xz",
					 ".tgz", ".zip", ".tar"};

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Whether s[0..n) normalises (PEP 503) to the normalised form of project. */
static bool name_matches(const char *s, size_t n, const char *project)
{
	size_t i = 0, j = 0, m = strlen(project);

	while (i < n || j < m) {
		bool sa = i < n && is_sep(s[i]), sb = j < m && is_sep(project[j]);

		if (sa || sb) {
			if (!sa || !sb)
				return false;
			while (i < n && is_sep(s[i]))
				i++;
			while (j < m && is_sep(project[j]))
				j++;
			continue;
		}
		if (i >= n || j >= m ||
		    tolower((unsigned char)s[i]) != tolower((unsigned char)project[j]))
			return false;
		i++, j++;
	}
	return n > 0;
}

static size_t ext_len(const char *f, size_t n, bool *is_wheel)
{
	*is_wheel = n > 4 && strcasecmp(f + n - 4, ".whl") == 0;
	if (*is_wheel)
		return 4;
	for (size_t i = 0; i < LG_ARRAY_SIZE(sdist_exts); i++) {
		size_t k = strlen(sdist_exts[i]);

		if (n > k && strcasecmp(f + n - k, sdist_exts[i]) == 0)
			return k;
	}
	return 0;
}

bool lg_dist_file_matches(const char *f, const char *project,
			  const char **version_out, size_t *version_len,
			  bool *is_wheel)
{
	size_t n = strlen(f), stem, k = ext_len(f, n, is_wheel);
	const char *d1, *d2;

	if (!k)
		return false;
	stem = n - k;
	if (*is_wheel) {
		size_t fields = 1;

		for (size_t i = 0; i < stem; i++)
			fields += f[i] == '-';
		if ((fields != 5 && fields != 6) || !(d1 = memchr(f, '-', stem)) ||
		    !name_matches(f, (size_t)(d1 - f), project))
			return false;
		d2 = memchr(d1 + 1, '-', stem - (size_t)(d1 + 1 - f));
		*version_out = d1 + 1;
		*version_len = (size_t)(d2 - d1 - 1);
		return *version_len > 0;
	}
	for (size_t i = 1; i + 1 < stem; i++) {
		if (f[i] != '-' || !name_matches(f, i, project))
			continue;
		*version_out = f + i + 1;
		*version_len = stem - i - 1;
		return true;
	}
	return false;
}

/* ---- PEP 440 ----------------------------------------------------------- */

struct span {
	const char *p;
	size_t n;
};

#define PEP440_MAX_RELEASE 64

struct pep440 {
	struct span epoch, release[PEP440_MAX_RELEASE];
	size_t nrelease;
	int pre;              /* 0 none, 1 a, 2 b, 3 rc */
	struct span pre_n, post_n, dev_n;
	bool post, dev;
	struct span local;    /* after '+', or empty */
};

struct cur {
	const char *p, *end;
};

static bool at_digit(const struct cur *c)
{
	return c->p < c->end && isdigit((unsigned char)*c->p);
}

/* A number without its leading zeros ("0" stays one digit). */
static struct span number(struct cur *c)
{
	struct span s;

	while (c->p + 1 < c->end && *c->p == '0' && isdigit((unsigned char)c->p[1]))
		c->p++;
	s.p = c->p;
	while (at_digit(c))
		c->p++;
	s.n = (size_t)(c->p - s.p);
	return s;
}

static bool word(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || strncasecmp(c->p, w, n) != 0 ||
	    (c->p + n < c->end && isalpha((unsigned char)c->p[n])))
		return false;
	c->p += n;
	return true;
}

static void opt_sep(struct cur *c)
{
	if (c->p < c->end && is_sep(*c->p))
		c->p++;
}

/* [sep] word [sep] [N]; *n is empty for an implicit 0. */
static bool label(struct cur *c, const char *const *words, size_t nwords,
		  size_t *which, struct span *n)
{
	struct cur save = *c;

	opt_sep(c);
	for (size_t i = 0; i < nwords; i++) {
		if (!word(c, words[i]))
			continue;
		struct cur before = *c;

		*which = i;
		opt_sep(c);
		if (at_digit(c))
			*n = number(c);
		else
			*c = before, n->n = 0;
		return true;
	}
	*c = save;
	return false;
}

static bool parse_pre_post_dev(struct cur *c, struct pep440 *v)
{
	static const char *const pre[] = {"alpha", "a", "beta", "b", "preview",
					  "pre", "rc", "c"};
	static const int pre_kind[] = {1, 1, 2, 2, 3, 3, 3, 3};
	static const char *const post[] = {"post", "rev", "r"};
	static const char *const dev[] = {"dev"};
	size_t which;

	if (label(c, pre, LG_ARRAY_SIZE(pre), &which, &v->pre_n))
		v->pre = pre_kind[which];
	if (c->p + 1 < c->end && c->p[0] == '-' && isdigit((unsigned char)c->p[1])) {
		c->p++;
		v->post = true;
		v->post_n = number(c);
	} else if (label(c, post, LG_ARRAY_SIZE(post), &which, &v->post_n)) {
		v->post = true;
	}
	if (label(c, dev, 1, &which, &v->dev_n))
		v->dev = true;
	return true;
}

static bool parse_pep440(struct pep440 *v, const char *s, size_t n)
{
	struct cur c = {s, s + n};

	memset(v, 0, sizeof(*v));
	while (c.p < c.end && isspace((unsigned char)*c.p))
		c.p++;
	while (c.end > c.p && isspace((unsigned char)c.end[-1]))
		c.end--;
	if (c.p < c.end && (*c.p == 'v' || *c.p == 'V'))
		c.p++;
	if (!at_digit(&c))
		return false;
	v->release[0] = number(&c);
	if (c.p < c.end && *c.p == '!') {
		c.p++;
		v->epoch = v->release[0];
		if (!at_digit(&c))
			return false;
		v->release[0] = number(&c);
	}
	v->nrelease = 1;
	while (c.p + 1 < c.end && *c.p == '.' && isdigit((unsigned char)c.p[1])) {
		if (v->nrelease == PEP440_MAX_RELEASE)
			return false;
		c.p++;
		v->release[v->nrelease++] = number(&c);
	}
	parse_pre_post_dev(&c, v);
	if (c.p < c.end && *c.p == '+') {
		v->local.p = ++c.p;
		while (c.p < c.end && (isalnum((unsigned char)*c.p) || is_sep(*c.p)))
			c.p++;
		v->local.n = (size_t)(c.p - v->local.p);
		if (!v->local.n || is_sep(v->local.p[0]) ||
		    is_sep(v->local.p[v->local.n - 1]))
			return false;
	}
	return c.p == c.end;
}

static bool is_zero(struct span s)
{
	return s.n == 0 || (s.n == 1 && s.p[0] == '0');
}

static bool span_eq(struct span a, struct span b)
{
	if (is_zero(a) || is_zero(b))
		return is_zero(a) && is_zero(b);
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* Local labels: segments split at [-_.], case-insensitive, numbers
 * without leading zeros. */
static bool local_eq(struct span a, struct span b)
{
	struct cur x = {a.p, a.p + a.n}, y = {b.p, b.p + b.n};

	while (x.p < x.end && y.p < y.end) {
		if (at_digit(&x) && at_digit(&y)) {
			struct span nx = number(&x), ny = number(&y);

			if (nx.n != ny.n || memcmp(nx.p, ny.p, nx.n) != 0)
				return false;
		} else if (is_sep(*x.p) && is_sep(*y.p)) {
			x.p++, y.p++;
		} else if (tolower((unsigned char)*x.p) == tolower((unsigned char)*y.p) &&
			   !isdigit((unsigned char)*x.p)) {
			x.p++, y.p++;
		} else {
			return false;
		}
	}
	return x.p == x.end && y.p == y.end;
}

bool lg_version_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	struct pep440 va, vb;
	size_t n;

	if (!parse_pep440(&va, a, alen) || !parse_pep440(&vb, b, blen))
		return alen == blen && memcmp(a, b, alen) == 0;
	if (!span_eq(va.epoch, vb.epoch) || va.pre != vb.pre ||
	    va.post != vb.post || va.dev != vb.dev ||
	    (va.pre && !span_eq(va.pre_n, vb.pre_n)) ||
	    (va.post && !span_eq(va.post_n, vb.post_n)) ||
	    (va.dev && !span_eq(va.dev_n, vb.dev_n)) ||
	    !local_eq(va.local, vb.local))
		return false;
	n = va.nrelease > vb.nrelease ? va.nrelease : vb.nrelease;
	for (size_t i = 0; i < n; i++) {
		struct span x = i < va.nrelease ? va.release[i] : (struct span){"0", 1};
		struct span y = i < vb.nrelease ? vb.release[i] : (struct span){"0", 1};

		if (!span_eq(x, y))
			return false;
	}
	return true;
}

int lg_release_select(struct lg_release *rel, const char *project,
		      const char *version)
{
	size_t kept = 0;

	for (size_t i = 0; i < rel->nfiles; i++) {
		struct lg_index_file *f = &rel->files[i];
		const char *v;
		size_t vlen;
		bool wheel;

		if (lg_dist_file_matches(f->filename, project, &v, &vlen, &wheel) &&
		    lg_version_equal(v, vlen, version, strlen(version))) {
			if (kept != i) {
				rel->files[kept] = *f;
				memset(f, 0, sizeof(*f));
			}
			kept++;
		} else {
			lg_index__file_dispose(f);
		}
	}
	rel->nfiles = kept;
	return 0;
}
