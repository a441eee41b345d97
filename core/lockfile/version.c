/* SPDX-License-Identifier: MIT */
/* Enough of PEP 440 ordering to tell an upgrade from a downgrade:
 * epoch, release numbers, then dev < a < b < rc < final < post. */
#include <ctype.h>
#include <strings.h>

#include "lg/lockfile.h"

struct version_key {
	unsigned long epoch;
	unsigned long release[16];
	size_t nrelease;
	int phase;           /* 0 dev, 1 a, 2 b, 3 rc, 4 final, 5 post */
	unsigned long phase_n;
};

static unsigned long read_num(const char **p)
{
	unsigned long n = 0;

	while (isdigit((unsigned char)**p)) {
		if (n < 100000000ul)
			n = n * 10 + (unsigned long)(**p - '0');
		(*p)++;
	}
	return n;
}

static int phase_of(const char *p)
{
	static const struct {
		const char *word;
		int phase;
	} words[] = {{"dev", 0}, {"alpha", 1}, {"a", 1},    {"beta", 2},
		     {"b", 2},   {"rc", 3},    {"c", 3},    {"pre", 3},
		     {"preview", 3}, {"post", 5}, {"rev", 5}, {"r", 5}};

	for (size_t i = 0; i < LG_ARRAY_SIZE(words); i++)
		if (strncasecmp(p, words[i].word, strlen(words[i].word)) == 0)
			return words[i].phase;
	return 4;
}

static void parse_key(struct version_key *k, const char *s)
{
	const char *p = s;

	memset(k, 0, sizeof(*k));
	k->phase = 4;
	if (*p == 'v' || *p == 'V')
		p++;
	k->release[0] = read_num(&p);
	if (*p == '!') {
		p++;
		k->epoch = k->release[0];
		k->release[0] = read_num(&p);
	}
	k->nrelease = 1;
	while (*p == '.' && isdigit((unsigned char)p[1])) {
		p++;
		if (k->nrelease < LG_ARRAY_SIZE(k->release))
			k->release[k->nrelease++] = read_num(&p);
		else
			(void)read_num(&p);
	}
	while (*p == '.' || *p == '-' || *p == '_')
		p++;
	if (*p && *p != '+') {
		k->phase = phase_of(p);
		while (isalpha((unsigned char)*p))
			p++;
		while (*p == '.' || *p == '-' || *p == '_')
			p++;
		k->phase_n = read_num(&p);
	}
}

int lg_version_cmp(const char *a, const char *b)
{
	struct version_key ka, kb;

	parse_key(&ka, a);
	parse_key(&kb, b);
	if (ka.epoch != kb.epoch)
		return ka.epoch < kb.epoch ? -1 : 1;
	for (size_t i = 0; i < LG_ARRAY_SIZE(ka.release); i++) {
		unsigned long x = i < ka.nrelease ? ka.release[i] : 0;
		unsigned long y = i < kb.nrelease ? kb.release[i] : 0;

		if (x != y)
			return x < y ? -1 : 1;
	}
	if (ka.phase != kb.phase)
		return ka.phase < kb.phase ? -1 : 1;
	if (ka.phase_n != kb.phase_n)
		return ka.phase_n < kb.phase_n ? -1 : 1;
	return 0;
}
