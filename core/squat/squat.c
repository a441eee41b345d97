/* SPDX-License-Identifier: MIT */
/* Typosquat check of a project name against the popular-project table. */
#include "squat_private.h"

/* Affixes that make a new name from a popular one without making a
 * different project (python-X, X-python, py-X, pyX, X2, X-dev, ...).
 * Plugin prefixes (django-, flask-, pytest-, types-) are not here: those
 * name distinct projects. Sorted; lg_squat_selfcheck checks. */
static const char *const prefixes[] = {"py", "py-", "python", "python-"};
static const char *const suffixes[] = {"-dev", "-lib", "-py", "-python",
				       "-sdk", "2", "3", "py", "python"};

/* Shortest common part in an affix game: "py" + "io" is not "pyio". */
#define LG_SQUAT_MIN_CORE 3u

static int compare_popular(const void *key, const void *elem)
{
	const struct lg_squat__popular *p = elem;

	return strcmp(key, p->name);
}

bool lg_squat_is_popular(const char *name)
{
	return name && bsearch(name, lg_squat__popular, lg_squat__npopular,
			       sizeof(lg_squat__popular[0]),
			       compare_popular) != NULL;
}

const char *lg_squat_kind_name(enum lg_squat_kind kind)
{
	static const char *const names[] = {"none", "edit", "separator",
					    "affix", "homoglyph"};

	return (size_t)kind < LG_ARRAY_SIZE(names) ? names[kind] : "none";
}

static bool is_canonical(const char *name, size_t n)
{
	if (!n || name[0] == '-' || name[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (c == '-' ? name[i + 1] == '-'
			     : !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* name without separators, digits read as the letters they resemble
 * (0 -> o, 1 -> l) and, when rn, "rn" read as "m" (a squat writes rn for
 * the m of its target, never the other way). out has room for n + 1. */
static void fold(char *out, const char *name, size_t n, bool rn)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (c == '-')
			continue;
		if (c == '0')
			c = 'o';
		else if (c == '1')
			c = 'l';
		else if (rn && c == 'r' && i + 1 < n && name[i + 1] == 'n') {
			c = 'm';
			i++;
		}
		out[k++] = c;
	}
	out[k] = '\0';
}

static bool same_without_separators(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

/* One insertion, deletion, substitution or swap of neighbours apart. */
static bool one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;

	if (na < nb)
		return one_edit(b, nb, a, na);
	if (na - nb > 1)
		return false;
	while (i < nb && a[i] == b[i])
		i++;
	if (i == nb)
		return na != nb;
	if (na > nb)
		return !memcmp(a + i + 1, b + i, nb - i);
	if (!memcmp(a + i + 1, b + i + 1, nb - i - 1))
		return true;
	return i + 1 < nb && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       !memcmp(a + i + 2, b + i + 2, nb - i - 2);
}

/* Whether whole[0..nw) is core[0..nc) with one affix added. */
static bool is_affixed(const char *whole, size_t nw, const char *core,
		       size_t nc)
{
	if (nc < LG_SQUAT_MIN_CORE || nw <= nc)
		return false;
	for (size_t i = 0; i < LG_ARRAY_SIZE(prefixes); i++)
		if (strlen(prefixes[i]) == nw - nc &&
		    !memcmp(whole, prefixes[i], nw - nc) &&
		    !memcmp(whole + nw - nc, core, nc))
			return true;
	for (size_t i = 0; i < LG_ARRAY_SIZE(suffixes); i++)
		if (strlen(suffixes[i]) == nw - nc &&
		    !memcmp(whole + nc, suffixes[i], nw - nc) &&
		    !memcmp(whole, core, nc))
			return true;
	return false;
}

/* How name imitates target (name is not popular, so never equal). */
static enum lg_squat_kind imitation(const char *name, size_t n,
				    const char *folded, const char *target)
{
	char tf[LG_MAX_PROJECT_NAME_BYTES + 1];
	size_t nt = strlen(target);

	if (nt > LG_MAX_PROJECT_NAME_BYTES)
		return LG_SQUAT_NONE;
	fold(tf, target, nt, false);
	if (!strcmp(folded, tf))
		return same_without_separators(name, target) ? LG_SQUAT_SEPARATOR
							     : LG_SQUAT_HOMOGLYPH;
	if (is_affixed(name, n, target, nt) || is_affixed(target, nt, name, n))
		return LG_SQUAT_AFFIX;
	if (n >= LG_SQUAT_MIN_EDIT_LEN && nt >= LG_SQUAT_MIN_EDIT_LEN &&
	    one_edit(name, n, target, nt))
		return LG_SQUAT_EDIT;
	return LG_SQUAT_NONE;
}

int lg_squat_check(struct lg_squat_match *out, const char *name)
{
	char folded[LG_MAX_PROJECT_NAME_BYTES + 1];
	size_t n;

	LG_ASSERT_ARG(out && name);
	*out = (struct lg_squat_match){NULL, 0, LG_SQUAT_NONE};
	n = strnlen(name, LG_MAX_PROJECT_NAME_BYTES + 1);
	if (n > LG_MAX_PROJECT_NAME_BYTES)
		return lg_error_toobig("project name longer than %u bytes",
				       LG_MAX_PROJECT_NAME_BYTES);
	if (!is_canonical(name, n))
		return lg_error_invalid(LG_ERRCLASS_INTERNAL,
					"'%.80s' is not a canonical project name",
					name);
	if (lg_squat_is_popular(name))
		return 0;
	fold(folded, name, n, true);
	for (size_t i = 0; i < lg_squat__npopular; i++) {
		const struct lg_squat__popular *p = &lg_squat__popular[i];
		enum lg_squat_kind kind;

		if (p->rank > LG_SQUAT_TARGET_RANK ||
		    (out->target && p->rank >= out->rank))
			continue;
		if ((kind = imitation(name, n, folded, p->name)) != LG_SQUAT_NONE)
			*out = (struct lg_squat_match){p->name, p->rank, kind};
	}
	return 0;
}

static int check_sorted(const char *const *v, size_t n, const char *what)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1], v[i]) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"%s not sorted at '%s'", what,
						v[i]);
	return 0;
}

int lg_squat_selfcheck(void)
{
	int error;

	if ((error = check_sorted(prefixes, LG_ARRAY_SIZE(prefixes),
				  "squat prefixes")) < 0 ||
	    (error = check_sorted(suffixes, LG_ARRAY_SIZE(suffixes),
				  "squat suffixes")) < 0)
		return error;
	for (size_t i = 0; i < lg_squat__npopular; i++) {
		const char *s = lg_squat__popular[i].name;
		size_t n = strlen(s);

		if (n > LG_MAX_PROJECT_NAME_BYTES || !is_canonical(s, n) ||
		    !lg_squat__popular[i].rank ||
		    (i && strcmp(lg_squat__popular[i - 1].name, s) >= 0))
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"popular table: bad or unsorted "
						"entry '%.80s'", s);
	}
	return 0;
}
