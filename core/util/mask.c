/* SPDX-License-Identifier: MIT */
/* Credentials out of messages: scheme://user:password@host becomes
 * scheme:// *** @host (without the spaces). */
#include <string.h>

#include "lg/buf.h"

/* Where the authority after "://" at p ends. */
static size_t authority_len(const char *p)
{
	return strcspn(p, "/?#\"' \t\r\n<>`");
}

void lg__mask_credentials(char *s, size_t cap)
{
	char *p = s;

	while (s && (p = strstr(p, "://")) != NULL) {
		char *auth = p + 3, *at = NULL;
		size_t n = authority_len(auth), user, tail;

		for (size_t i = 0; i < n; i++)
			if (auth[i] == '@')
				at = auth + i;
		p = auth + n;
		if (!at || (at - auth == 3 && !memcmp(auth, "***", 3)))
			continue;
		user = (size_t)(at - auth);
		tail = strlen(at) + 1;
		if (user >= 3) {
			memcpy(auth, "***", 3);
			memmove(auth + 3, at, tail);
		} else {
			/* "***" is longer than the user part: shift right, and
			 * cut the end if the buffer is full (a message). */
			size_t room = cap - (size_t)(at - s);
			size_t grow = 3 - user;

			if (tail + grow > room)
				tail = room > grow ? room - grow : 0;
			if (tail) {
				memmove(at + grow, at, tail);
				at[grow + tail - 1] = '\0';
			}
			memcpy(auth, "***", 3);
		}
		p = auth + 3;
	}
}
