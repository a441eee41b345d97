/* SPDX-License-Identifier: MIT */
#include "lg/buf.h"

int lg_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t lg_utf8_len(const char *p, size_t avail)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n;

	if (avail == 0 || u[0] < 0xC2 || u[0] > 0xF4)
		return 0;
	n = u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			return 0;
	if ((u[0] == 0xE0 && u[1] < 0xA0) || /* overlong */
	    (u[0] == 0xED && u[1] >= 0xA0) || /* surrogate */
	    (u[0] == 0xF0 && u[1] < 0x90) ||  /* overlong */
	    (u[0] == 0xF4 && u[1] >= 0x90))   /* > U+10FFFF */
		return 0;
	return n;
}

int lg_utf8_put(struct lg_buf *out, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return lg_buf_put(out, b, n);
}
