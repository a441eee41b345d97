/* SPDX-License-Identifier: MIT */
/* RFC 3339 times (index upload times, Sigstore validity windows). */
#include <string.h>

#include "lg/common.h"
#include "lg/errors.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool num(const char *s, size_t n, unsigned *out)
{
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

int lg_time_parse(int64_t *out, const char *s, bool utc_only)
{
	unsigned y, mo, d, h, mi, se, oh = 0, om = 0;
	int64_t off = 0;
	const char *p;

	*out = -1;
	if (!s || strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && (utc_only || (s[10] != 't' && s[10] != ' '))) ||
	    s[13] != ':' || s[16] != ':' || !num(s, 4, &y) || !num(s + 5, 2, &mo) ||
	    !num(s + 8, 2, &d) || !num(s + 11, 2, &h) || !num(s + 14, 2, &mi) ||
	    !num(s + 17, 2, &se) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return LG_EINVALID;
	p = s + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (utc_only) {
		if (strcmp(p, "Z") != 0)
			return LG_EINVALID;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
		   num(p + 1, 2, &oh) && num(p + 4, 2, &om) && oh < 24 && om < 60) {
		off = (*p == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
	} else if (*p && strcmp(p, "Z") != 0 && strcmp(p, "z") != 0) {
		return LG_EINVALID;
	}
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	return 0;
}
