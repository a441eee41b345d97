/* SPDX-License-Identifier: MIT */
/* netrc: "machine HOST login USER password PASS", "default ...", macdef
 * bodies skipped, '#' comments, double-quoted tokens with backslash
 * escapes (as curl reads them). Pure and capped; messages never quote a
 * token, since tokens are secrets. */
#include <strings.h>

#include "lg/buf.h"
#include "lg/index.h"

struct netrc_entry {
	char *host; /* NULL for "default" */
	char *login, *password;
};

struct lg_netrc {
	struct netrc_entry *v;
	size_t n, cap;
};

struct lexer {
	const char *p, *end;
	size_t line;
	struct lg_buf tok;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Next token into lx->tok; returns 1 for a token, 0 at the end. */
static int next_token(struct lexer *lx)
{
	lg_buf_reset(&lx->tok);
	for (;;) {
		while (lx->p < lx->end && is_space(*lx->p))
			lx->line += *lx->p++ == '\n';
		if (lx->p < lx->end && *lx->p == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		break;
	}
	if (lx->p >= lx->end)
		return 0;
	if (*lx->p == '"') {
		for (lx->p++; lx->p < lx->end && *lx->p != '"'; lx->p++) {
			if (*lx->p == '\\' && lx->p + 1 < lx->end)
				lx->p++;
			lg_buf_putc(&lx->tok, *lx->p);
		}
		if (lx->p < lx->end)
			lx->p++;
	} else {
		while (lx->p < lx->end && !is_space(*lx->p))
			lg_buf_putc(&lx->tok, *lx->p++);
	}
	if (lx->tok.err == LG_ETOOBIG)
		return lg_error_toobig("netrc line %zu: token longer than %u bytes",
				       lx->line, LG_MAX_NETRC_TOKEN);
	if (lx->tok.err < 0)
		return lg_error_oom();
	if (memchr(lx->tok.ptr, '\0', lx->tok.len))
		return lg_error_invalid(LG_ERRCLASS_SOURCE, "netrc line %zu: a "
					"token holds a NUL byte", lx->line);
	return 1;
}

/* macdef NAME: the body runs to the first empty line. */
static void skip_macdef(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n')
		lx->p++;
	while (lx->p < lx->end) {
		const char *nl = memchr(lx->p + 1, '\n', (size_t)(lx->end - lx->p - 1));

		lx->line++;
		if (!nl || nl == lx->p + 1) {
			lx->p = nl ? nl : lx->end;
			return;
		}
		lx->p = nl;
	}
}

static int add_entry(struct lg_netrc *n, const char *host)
{
	struct netrc_entry *e;

	if (n->n == LG_MAX_NETRC_ENTRIES)
		return lg_error_toobig("netrc: more than %u entries",
				       LG_MAX_NETRC_ENTRIES);
	if (n->n == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 8;

		if (!(e = lg__reallocarray(n->v, cap, sizeof(*e))))
			return lg_error_oom();
		n->v = e;
		n->cap = cap;
	}
	e = &n->v[n->n++];
	memset(e, 0, sizeof(*e));
	if (host && !(e->host = lg__strdup(host)))
		return lg_error_oom();
	return 0;
}

/* The value after a keyword, into *slot (replacing an earlier one). */
static int take_value(struct lexer *lx, char **slot, const char *keyword)
{
	int rc = next_token(lx);

	if (rc < 0)
		return rc;
	if (rc == 0)
		return lg_error_invalid(LG_ERRCLASS_SOURCE, "netrc line %zu: "
					"'%s' has no value", lx->line, keyword);
	if (!slot)
		return 0;
	lg__free(*slot);
	return (*slot = lg__strdup(lx->tok.ptr)) ? 0 : lg_error_oom();
}

static int parse(struct lg_netrc *n, struct lexer *lx)
{
	struct netrc_entry *cur = NULL;
	int rc;

	while ((rc = next_token(lx)) > 0) {
		const char *t = lx->tok.ptr;

		if (!strcmp(t, "machine")) {
			if ((rc = take_value(lx, NULL, "machine")) < 0 ||
			    (rc = add_entry(n, lx->tok.ptr)) < 0)
				return rc;
			cur = &n->v[n->n - 1];
		} else if (!strcmp(t, "default")) {
			if ((rc = add_entry(n, NULL)) < 0)
				return rc;
			cur = &n->v[n->n - 1];
		} else if (!strcmp(t, "login") || !strcmp(t, "password")) {
			bool login = t[0] == 'l';

			if ((rc = take_value(lx, !cur ? NULL : login ? &cur->login
								   : &cur->password,
					     login ? "login" : "password")) < 0)
				return rc;
		} else if (!strcmp(t, "account")) {
			if ((rc = take_value(lx, NULL, "account")) < 0)
				return rc;
		} else if (!strcmp(t, "macdef")) {
			if ((rc = take_value(lx, NULL, "macdef")) < 0)
				return rc;
			skip_macdef(lx);
		}
		/* Anything else is ignored, as curl does. */
	}
	return rc;
}

int lg_netrc_parse(struct lg_netrc **out, const char *buf, size_t len)
{
	struct lexer lx = {buf, buf + len, 1, LG_BUF_INIT(LG_MAX_NETRC_TOKEN)};
	struct lg_netrc *n = NULL;
	int error;

	LG_ASSERT_ARG(out && (buf || !len));
	*out = NULL;
	if (len > LG_MAX_NETRC_BYTES)
		return lg_error_toobig("netrc larger than %u bytes",
				       LG_MAX_NETRC_BYTES);
	if (!(n = lg__calloc(1, sizeof(*n)))) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = parse(n, &lx)) < 0)
		goto done;
	*out = n;
	n = NULL;
done:
	lg_buf_dispose(&lx.tok);
	lg_netrc_free(n);
	return error;
}

void lg_netrc_free(struct lg_netrc *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		lg__free(n->v[i].host);
		lg__free(n->v[i].login);
		if (n->v[i].password)
			memset(n->v[i].password, 0, strlen(n->v[i].password));
		lg__free(n->v[i].password);
	}
	lg__free(n->v);
	lg__free(n);
}

bool lg_netrc_lookup(const struct lg_netrc *n, const char *host,
		     const char **login, const char **password)
{
	const struct netrc_entry *hit = NULL;

	*login = *password = NULL;
	for (size_t i = 0; n && i < n->n && !hit; i++)
		if (n->v[i].host && host && !strcasecmp(n->v[i].host, host))
			hit = &n->v[i];
	for (size_t i = 0; n && i < n->n && !hit; i++)
		if (!n->v[i].host)
			hit = &n->v[i];
	if (!hit || !hit->password)
		return false;
	*login = hit->login ? hit->login : "";
	*password = hit->password;
	return true;
}
