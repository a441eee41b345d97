/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "lg/report.h"
#include "report_private.h"

/* Length of the valid UTF-8 sequence at s (1..4) and its code point, or 0. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t n;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, c = s[0] & 0x1Fu;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, c = s[0] & 0x0Fu;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, c = s[0] & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min_cp[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static bool terminal_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

int lg_escape_terminal(struct lg_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (!n)
			lg_buf_printf(out, "\\x%02X", *p++);
		else if (cp == '\\')
			lg_buf_puts(out, "\\\\"), p++;
		else if (terminal_unsafe(cp) && cp < 0x80)
			lg_buf_printf(out, "\\x%02X", (unsigned)cp), p++;
		else if (terminal_unsafe(cp))
			lg_buf_printf(out, "\\u{%04X}", (unsigned)cp), p += n;
		else
			lg_buf_put(out, p, n), p += n;
	}
	return out->err;
}

int lg_utf8_sanitize(struct lg_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		size_t n = utf8_decode(p, &cp);

		if (!n)
			lg_buf_puts(out, "\xEF\xBF\xBD"), p++;
		else
			lg_buf_put(out, p, n), p += n;
	}
	return out->err;
}

/* s escaped for a terminal, in a fresh buffer (the first pass of the
 * sink-specific escapes). */
static int terminal_first(struct lg_buf *tmp, const char *s)
{
	return lg_escape_terminal(tmp, s);
}

int lg_escape_workflow(struct lg_buf *out, const char *s, bool property)
{
	struct lg_buf t = LG_BUF_INIT(out->max);

	if (terminal_first(&t, s) < 0) {
		out->err = t.err;
		lg_buf_dispose(&t);
		return out->err;
	}
	for (size_t i = 0; i < t.len; i++) {
		char c = t.ptr[i];

		if (c == '%')
			lg_buf_puts(out, "%25");
		else if (c == '\r')
			lg_buf_puts(out, "%0D");
		else if (c == '\n')
			lg_buf_puts(out, "%0A");
		else if (property && c == ':')
			lg_buf_puts(out, "%3A");
		else if (property && c == ',')
			lg_buf_puts(out, "%2C");
		else
			lg_buf_putc(out, c);
	}
	lg_buf_dispose(&t);
	return out->err;
}

int lg_escape_markdown(struct lg_buf *out, const char *s)
{
	struct lg_buf t = LG_BUF_INIT(out->max);

	if (terminal_first(&t, s) < 0) {
		out->err = t.err;
		lg_buf_dispose(&t);
		return out->err;
	}
	for (size_t i = 0; i < t.len; i++) {
		unsigned char c = (unsigned char)t.ptr[i];

		if (c < 0x80 && c > ' ' && !(c >= '0' && c <= '9') &&
		    !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !strchr("-,./=", c))
			lg_buf_printf(out, "&#%u;", c);
		else
			lg_buf_putc(out, (char)c);
	}
	lg_buf_dispose(&t);
	return out->err;
}

char *lg_report__url_masked(const char *url)
{
	const char *auth, *end, *at = NULL;
	size_t pre, rest;
	char *out;

	if (!url)
		return NULL;
	auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	end = auth + strcspn(auth, "/?#");
	for (const char *c = auth; c < end; c++)
		if (*c == '@')
			at = c;
	if (!at)
		return strdup(url);
	pre = (size_t)(auth - url);
	rest = strlen(at);
	if (!(out = malloc(pre + 3 + rest + 1)))
		return NULL;
	memcpy(out, url, pre);
	memcpy(out + pre, "***", 3);
	memcpy(out + pre + 3, at, rest + 1);
	return out;
}
