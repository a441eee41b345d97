/* SPDX-License-Identifier: MIT */
/* Which members the rules read, and which rules run on each. */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "rules_private.h"

int lg_rules__report(struct lg_rules__ctx *ctx, const char *rule,
		     enum lg_severity sev, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (ctx->out->n - ctx->first >= LG_MAX_FINDINGS_PER_FILE)
		return lg_error_toobig("'%s': more than %u findings", ctx->path,
				       LG_MAX_FINDINGS_PER_FILE);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lg_findings_add(ctx->out, rule, sev, ctx->path,
			       line ? ctx->line_base + line : 0, "%s", msg);
}

int lg_rules__const_string(struct lg_buf *out, bool *ok, size_t *end,
			   const struct lg_pysrc *src, size_t i)
{
	int error;

	*ok = lg_pysrc_is(src, i, LG_PYTOK_STRING, NULL);
	for (; lg_pysrc_is(src, i, LG_PYTOK_STRING, NULL); i++) {
		if (lg_pysrc_string_flags(src->buf, &src->toks[i]) &
		    LG_PYSTR_FORMAT)
			*ok = false;
		if ((error = lg_pysrc_string_value(out, src->buf,
						   &src->toks[i])) < 0)
			return error;
	}
	*end = i;
	return 0;
}

void lg_rules__snippet(char *out, size_t cap, const char *p, size_t n)
{
	size_t k = 0;

	while (k < n && k < LG_RULES_SNIPPET && k + 1 < cap && p[k] != '\n' &&
	       p[k] != '\r' && p[k] != '\0')
		k++;
	if (k < n && k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
		while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
			k--; /* back to the start of the cut sequence */
	memcpy(out, p, k);
	out[k] = '\0';
}

void lg_rules__tokens_snippet(char *out, size_t cap,
			      const struct lg_pysrc *src, size_t first,
			      size_t end)
{
	size_t a, b;

	if (first >= end || end > src->ntoks) {
		lg_rules__snippet(out, cap, "", 0);
		return;
	}
	a = src->toks[first].off;
	b = (size_t)src->toks[end - 1].off + src->toks[end - 1].len;
	lg_rules__snippet(out, cap, src->buf + a, b > a ? b - a : 0);
}

int lg_rules__dotted(struct lg_buf *out, bool *ok, const struct lg_pysrc *src,
		     size_t first, size_t end)
{
	size_t start = out->len;
	struct lg_str s = lg_pysrc_text(src, first);
	const char *target;

	*ok = first < end && lg_pysrc_is(src, first, LG_PYTOK_NAME, NULL) &&
	      (end - first) % 2 == 1;
	for (size_t i = first + 1; *ok && i < end; i += 2)
		*ok = lg_pysrc_is(src, i, LG_PYTOK_OP, ".") &&
		      lg_pysrc_is(src, i + 1, LG_PYTOK_NAME, NULL);
	if (!*ok)
		return 0;
	target = lg_pysrc_resolve(src, s.ptr, s.len, first);
	lg_buf_put(out, target ? target : s.ptr,
		   target ? strlen(target) : s.len);
	for (size_t i = first + 1; i < end; i++) {
		s = lg_pysrc_text(src, i);
		lg_buf_put(out, s.ptr, s.len);
	}
	if (out->err) {
		*ok = false;
		if (out->cap) {
			out->len = start;
			out->ptr[start] = '\0';
		}
	}
	return out->err;
}

size_t lg_rules__next_comma(const struct lg_pysrc *src, size_t i,
			    size_t end, size_t depth)
{
	for (; i < end; i++)
		if (src->toks[i].depth == depth &&
		    lg_pysrc_is(src, i, LG_PYTOK_OP, ","))
			return i;
	return end;
}

/* ---- member roles ----------------------------------------------------------
 */

static const char *strip_dot_slash(const char *path)
{
	while (path[0] == '.' && (path[1] == '/' || path[1] == '\\'))
		path += 2;
	return path;
}

static const char *base_name(const char *path, size_t *seps)
{
	const char *base = path;

	*seps = 0;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\') {
			base = p + 1;
			(*seps)++;
		}
	return base;
}

static bool has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);

	return n > k && strcasecmp(path + n - k, suffix) == 0;
}

static bool is_setup_py(const char *path)
{
	size_t seps;
	const char *base = base_name(strip_dot_slash(path), &seps);

	return seps <= 1 && strcmp(base, "setup.py") == 0;
}

static bool is_pth(const char *path)
{
	return has_suffix(path, ".pth");
}

static bool is_py(const char *path)
{
	return has_suffix(path, ".py");
}

static bool is_config(const char *path)
{
	size_t seps;
	const char *base = base_name(path, &seps);

	return strcmp(base, "setup.cfg") == 0 ||
	       strcmp(base, "pyproject.toml") == 0;
}

static int scan_parsed(struct lg_rules__ctx *ctx, const char *data,
		       size_t len, bool setup)
{
	struct lg_pysrc *src = NULL;
	int error;

	if ((error = lg_pysrc_parse(&src, data, len)) < 0)
		goto done;
	ctx->src = src;
	/* Everything in setup.py runs at install time. */
	if ((error = lg_rules__decode_exec(ctx, setup ? LG_SEV_CRITICAL
						      : LG_SEV_HIGH)) < 0 ||
	    !setup)
		goto done;
	if ((error = lg_rules__cmdclass(ctx)) == 0)
		error = lg_rules__toplevel_process(ctx);
done:
	ctx->src = NULL;
	lg_pysrc_free(src);
	return error;
}

static int scan_setup_py(struct lg_rules__ctx *ctx, const char *data,
			 size_t len)
{
	return scan_parsed(ctx, data, len, true);
}

static int scan_py(struct lg_rules__ctx *ctx, const char *data, size_t len)
{
	return scan_parsed(ctx, data, len, false);
}

/* setup.cfg and pyproject.toml are loaded for rules of other modules
 * (build backends, requirements); no rule here reads them yet. */
static int scan_nothing(struct lg_rules__ctx *ctx, const char *data,
			size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

struct member_role {
	const char *name;
	bool (*match)(const char *path);
	int (*scan)(struct lg_rules__ctx *ctx, const char *data, size_t len);
};

/* First match wins: setup.py is a .py with more rules. */
static const struct member_role member_roles[] = {
	{"pth", is_pth, lg_rules__pth},
	{"setup.py", is_setup_py, scan_setup_py},
	{"python", is_py, scan_py},
	{"config", is_config, scan_nothing},
};

static const struct member_role *role_of(const char *path)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(member_roles); i++)
		if (member_roles[i].match(path))
			return &member_roles[i];
	return NULL;
}

bool lg_rules_wants_member(const char *path)
{
	return path && role_of(path) != NULL;
}

int lg_rules_scan_member(struct lg_findings *out, const char *path,
			 const char *data, size_t len)
{
	struct lg_rules__ctx ctx = {0};
	const struct member_role *role;

	LG_ASSERT_ARG(out && path && (data || !len));
	if (!(role = role_of(path)))
		return 0;
	ctx.out = out;
	ctx.path = path;
	ctx.first = out->n;
	return role->scan(&ctx, data ? data : "", len);
}

int lg_rules_selfcheck(void)
{
	int error;

	if ((error = lg_rules__check_names()) < 0)
		return error;
	for (size_t i = 1; i < lg_rules_count(); i++)
		if (strcmp(lg_rules_at(i - 1)->id, lg_rules_at(i)->id) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"rule table not sorted at '%s'",
						lg_rules_at(i)->id);
	return 0;
}
