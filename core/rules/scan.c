/* SPDX-License-Identifier: MIT */
/* Which members the rules read, and which rules run on each. */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#include "lg/buf.h"
#include "lg/lockfile.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"
#include "lg/squat.h"
#include "rules_private.h"

/* Rules whose finding alone is a normal build shape (torch overrides
 * install), not a threat: a typosquat does not raise them. */
static const char *const c9_exempt[] = {LG_RULE_CMDCLASS_OVERRIDE};

/* Combination C9: whether a typosquat raises this finding. */
static bool c9_raises(const struct lg_rules__ctx *ctx, const char *rule,
		      enum lg_severity sev)
{
	if (!ctx->squat || ctx->where == LG_RULES_OTHER ||
	    sev < LG_SEV_MEDIUM || sev >= LG_SEV_CRITICAL)
		return false;
	for (size_t i = 0; i < LG_ARRAY_SIZE(c9_exempt); i++)
		if (!strcmp(rule, c9_exempt[i]))
			return false;
	return true;
}

int lg_rules__report(struct lg_rules__ctx *ctx, const char *rule,
		     enum lg_severity sev, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	bool c9 = c9_raises(ctx, rule, sev);

	if (ctx->out->n - ctx->first >= LG_MAX_FINDINGS_PER_FILE)
		return lg_error_toobig("'%s': more than %u findings", ctx->path,
				       LG_MAX_FINDINGS_PER_FILE);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ctx->line_fixed)
		line = ctx->line_fixed;
	else if (line)
		line += ctx->line_base;
	if (c9)
		return lg_findings_add(ctx->out, rule, (enum lg_severity)(sev + 1),
				       ctx->path, line,
				       "%s; typosquat of '" LG_RULES_NAME
				       "', combination C9",
				       msg, ctx->squat);
	return lg_findings_add(ctx->out, rule, sev, ctx->path, line, "%s",
			       msg);
}

bool lg_rules__is_docstring(const struct lg_pysrc *src, size_t i)
{
	size_t j = i;

	if (!(src->toks[i].flags & LG_PYTOK_F_STMT))
		return false;
	while (lg_pysrc_is(src, j, LG_PYTOK_STRING, NULL))
		j++;
	return lg_pysrc_is(src, j, LG_PYTOK_NEWLINE, NULL) ||
	       lg_pysrc_is(src, j, LG_PYTOK_ENDMARKER, NULL);
}

uint64_t lg_rules__name_hash(const char *name, size_t len, uint32_t scope)
{
	uint64_t h = 1469598103934665603ull ^ scope; /* FNV-1a */

	for (size_t k = 0; k < len; k++)
		h = (h ^ (unsigned char)name[k]) * 1099511628211ull;
	return h;
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

/* PKG-INFO of an sdist, METADATA of a wheel: where the Name is. */
static bool is_metadata(const char *path)
{
	size_t seps;
	const char *base = base_name(strip_dot_slash(path), &seps);

	if (seps > 1)
		return false;
	if (!strcmp(base, "PKG-INFO"))
		return true;
	return !strcmp(base, "METADATA") && seps == 1 &&
	       base - path > 11 && !strncmp(base - 11, ".dist-info/", 11);
}

static bool is_config(const char *path)
{
	size_t seps;
	const char *base = base_name(path, &seps);

	return strcmp(base, "setup.cfg") == 0 ||
	       strcmp(base, "pyproject.toml") == 0;
}

/* RECORD, WHEEL and entry_points.txt of a root .dist-info directory. */
static bool is_distinfo_meta(const char *path)
{
	size_t seps;
	const char *base = base_name(path, &seps);

	return seps == 1 && base - path > 11 &&
	       !strncmp(base - 11, ".dist-info/", 11) &&
	       (!strcmp(base, "RECORD") || !strcmp(base, "WHEEL") ||
		!strcmp(base, "entry_points.txt"));
}

/* <name>.data/scripts/<file>: installed on PATH (wheel.data-spread). */
static bool is_data_script(const char *path)
{
	const char *slash = strchr(path, '/');
	size_t seps;

	base_name(path, &seps);
	return seps == 2 && slash && slash - path > 5 &&
	       !strncmp(slash - 5, ".data/scripts/", 14);
}

/* ---- contexts ---------------------------------------------------------- */

const char *lg_rules__where_name(enum lg_rules__where w)
{
	static const char *const names[] = {"other", "runtime", "import",
					    "startup", "install"};

	return (size_t)w < LG_ARRAY_SIZE(names) ? names[w] : "other";
}

enum lg_severity lg_rules__adjust(enum lg_severity base,
				  enum lg_rules__where w, bool keep_runtime)
{
	int sev = (int)base;

	if (w == LG_RULES_INSTALL || w == LG_RULES_STARTUP)
		sev++;
	else if (w == LG_RULES_RUNTIME && !keep_runtime)
		sev--;
	else if (w == LG_RULES_OTHER)
		sev -= 2;
	if (sev < (int)LG_SEV_INFO)
		sev = LG_SEV_INFO;
	if (sev > (int)LG_SEV_CRITICAL)
		sev = LG_SEV_CRITICAL;
	return (enum lg_severity)sev;
}

enum lg_rules__where lg_rules__where_at(const struct lg_rules__ctx *ctx,
				       size_t tok)
{
	const struct lg_pysrc *src = ctx->src;

	if (ctx->where == LG_RULES_OTHER || !ctx->reached || !src ||
	    tok >= src->ntoks)
		return ctx->where;
	return ctx->reached[src->toks[tok].scope] ? ctx->where
						  : LG_RULES_RUNTIME;
}

int lg_rules__report_at(struct lg_rules__ctx *ctx, const char *rule,
			enum lg_severity base, bool keep_runtime, size_t tok,
			const char *fmt, ...)
{
	enum lg_rules__where w = lg_rules__where_at(ctx, tok);
	size_t line = ctx->src && tok < ctx->src->ntoks
			      ? ctx->src->toks[tok].line
			      : 0;
	char msg[448];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lg_rules__report(ctx, rule, lg_rules__adjust(base, w, keep_runtime),
				line, "%s (%s%s context)", msg,
				!ctx->depth   ? ""
				: ctx->folded ? "folded, "
					      : "decoded, ",
				lg_rules__where_name(w));
}

/* Def and class scopes sorted by name, for the reach worklist. */
struct named_scope {
	struct lg_str name;
	uint32_t scope;
};

static int compare_named(const void *a, const void *b)
{
	const struct named_scope *x = a, *y = b;
	size_t n = x->name.len < y->name.len ? x->name.len : y->name.len;
	int c = memcmp(x->name.ptr, y->name.ptr, n);

	if (c)
		return c;
	return x->name.len < y->name.len ? -1 : x->name.len > y->name.len;
}

struct reach_state {
	const struct lg_pysrc *src;
	bool *reached;
	uint32_t *work, nwork;
	struct named_scope *named;
	size_t nnamed;
};

static void mark(struct reach_state *st, size_t scope)
{
	if (scope >= st->src->nscopes || st->reached[scope])
		return;
	st->reached[scope] = true;
	st->work[st->nwork++] = (uint32_t)scope;
}

/* Every scope called name, and for a class the defs directly inside it
 * (instantiating a class runs its __init__ and what it names). */
static void mark_name(struct reach_state *st, struct lg_str name)
{
	struct named_scope key = {name, 0}, *hit;
	size_t lo;

	hit = bsearch(&key, st->named, st->nnamed, sizeof(key), compare_named);
	if (!hit)
		return;
	lo = (size_t)(hit - st->named);
	while (lo > 0 && !compare_named(&st->named[lo - 1], &key))
		lo--;
	for (; lo < st->nnamed && !compare_named(&st->named[lo], &key); lo++)
		mark(st, st->named[lo].scope);
}

/* NAME i runs what it names: it is called (`f()`, `self.f()`), handed
 * to a thread (`target=f`) or to atexit/signal-style registration. */
static bool is_run_reference(const struct lg_pysrc *src, size_t i)
{
	if (src->toks[i].kind != LG_PYTOK_NAME ||
	    (i > 0 && (lg_pysrc_is(src, i - 1, LG_PYTOK_NAME, "def") ||
		       lg_pysrc_is(src, i - 1, LG_PYTOK_NAME, "class"))))
		return false;
	if (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "("))
		return true;
	if (i >= 2 && lg_pysrc_is(src, i - 1, LG_PYTOK_OP, "=") &&
	    lg_pysrc_is(src, i - 2, LG_PYTOK_NAME, "target"))
		return true;
	/* First argument of a registering call: atexit.register(f). */
	if (i > 0 && lg_pysrc_is(src, i - 1, LG_PYTOK_OP, "(")) {
		size_t k = lg_pysrc_first_call(src, i - 1);
		const char *last;

		if (k >= src->ncalls || src->calls[k].lparen != i - 1)
			return false;
		last = strrchr(src->calls[k].callee, '.');
		last = last ? last + 1 : src->calls[k].callee;
		return !strcmp(last, "register") || !strcmp(last, "Thread") ||
		       !strcmp(last, "Timer") || !strcmp(last, "map");
	}
	return false;
}

/* End of the block of `if __name__ == '__main__':` starting at token i
 * (that code runs as a script, not on import), or 0. */
size_t lg_rules__main_guard_end(const struct lg_pysrc *src, size_t i)
{
	size_t j = i + 4, level = 0;
	struct lg_str s;

	if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, "if") ||
	    !(src->toks[i].flags & LG_PYTOK_F_STMT) ||
	    !lg_pysrc_is(src, i + 1, LG_PYTOK_NAME, "__name__") ||
	    !lg_pysrc_is(src, i + 2, LG_PYTOK_OP, "==") ||
	    !lg_pysrc_is(src, i + 3, LG_PYTOK_STRING, NULL))
		return 0;
	s = lg_pysrc_text(src, i + 3);
	if (s.len != 10 || memcmp(s.ptr + 1, "__main__", 8) ||
	    !lg_pysrc_is(src, j, LG_PYTOK_OP, ":"))
		return 0;
	for (j++; j < src->ntoks; j++) {
		if (src->toks[j].kind == LG_PYTOK_INDENT)
			level++;
		else if (src->toks[j].kind == LG_PYTOK_DEDENT && level &&
			 --level == 0)
			return j;
		else if (src->toks[j].kind == LG_PYTOK_NEWLINE && !level &&
			 j > i + 6)
			return j; /* one-line body */
	}
	return j;
}

/* The reach worklist: all_defs marks every scope; seed (or NULL) marks
 * more scopes to start from; with main the `if __name__ == '__main__':`
 * block counts as module code (setup.py runs as a script). */
static int reach_from(bool **out, const struct lg_pysrc *src, bool all_defs,
		      const bool *seed, bool main)
{
	struct reach_state st = {src, NULL, NULL, 0, NULL, 0};
	uint32_t *start = NULL, *order = NULL;
	size_t ns = src->nscopes;
	int error = 0;

	*out = NULL;
	if (!(st.reached = lg__calloc(ns ? ns : 1, sizeof(bool))) ||
	    !(st.work = lg__calloc(ns ? ns : 1, sizeof(uint32_t))) ||
	    !(st.named = lg__calloc(ns ? ns : 1, sizeof(*st.named))) ||
	    !(start = lg__calloc(ns + 1, sizeof(uint32_t))) ||
	    !(order = lg__calloc(src->ntoks ? src->ntoks : 1,
				 sizeof(uint32_t)))) {
		error = lg_error_oom();
		goto done;
	}
	for (size_t k = 0; k < ns; k++) {
		if (all_defs || src->scopes[k].kind != LG_PYSCOPE_DEF ||
		    (seed && seed[k]))
			mark(&st, k);
		if (src->scopes[k].name_tok != LG_PYTOK_NONE)
			st.named[st.nnamed++] = (struct named_scope){
				lg_pysrc_text(src, src->scopes[k].name_tok),
				(uint32_t)k};
	}
	if (st.nnamed)
		qsort(st.named, st.nnamed, sizeof(*st.named), compare_named);
	/* Tokens bucketed by scope: each scope's tokens are read once. */
	for (size_t i = 0; i < src->ntoks; i++)
		start[src->toks[i].scope < ns ? src->toks[i].scope + 1 : 0]++;
	for (size_t k = 0; k < ns; k++)
		start[k + 1] += start[k];
	for (size_t i = 0; i < src->ntoks; i++) {
		uint32_t sc = src->toks[i].scope;

		if (sc < ns)
			order[start[sc]++] = (uint32_t)i;
	}
	for (size_t k = ns; k > 0; k--)
		start[k] = start[k - 1];
	start[0] = 0;
	while (st.nwork) {
		uint32_t sc = st.work[--st.nwork];
		size_t skip_to = 0;

		for (uint32_t j = start[sc]; j < start[sc + 1]; j++) {
			uint32_t i = order[j];

			if (i < skip_to)
				continue;
			if (sc == 0 && !main &&
			    (skip_to = lg_rules__main_guard_end(src, i)) > i)
				continue;

			if (is_run_reference(src, i))
				mark_name(&st, lg_pysrc_text(src, i));
		}
	}
	*out = st.reached;
	st.reached = NULL;
done:
	lg__free(st.reached);
	lg__free(st.work);
	lg__free(st.named);
	lg__free(start);
	lg__free(order);
	return error;
}

int lg_rules__reach(bool **out, const struct lg_pysrc *src, bool all_defs)
{
	return reach_from(out, src, all_defs, NULL, false);
}

int lg_rules__reach_install(bool **out, const struct lg_pysrc *src,
			    const bool *seed)
{
	return reach_from(out, src, false, seed, true);
}

int lg_rules__scan_code(struct lg_rules__ctx *ctx, bool setup)
{
	bool *hooks = NULL;
	enum lg_severity sev = lg_rules__adjust(LG_SEV_HIGH, ctx->where, true);
	size_t budget = LG_MAX_RESCAN_BYTES;
	int error;

	if (!ctx->rescan_budget)
		ctx->rescan_budget = &budget;
	if ((error = lg_rules__decode_exec(ctx, sev)) < 0 ||
	    (error = lg_rules__behave(ctx)) < 0 ||
	    (error = lg_rules__obf(ctx)) < 0 ||
	    (error = lg_rules__stego(ctx)) < 0 ||
	    (error = lg_rules__pip(ctx)) < 0 ||
	    (!setup && (error = lg_rules__import_process(ctx)) < 0) ||
	    (error = lg_rules__rescan(ctx, ctx->rescan_budget)) < 0)
		goto done;
	if (!setup)
		goto done;
	if (!(hooks = lg__calloc(ctx->src->nscopes ? ctx->src->nscopes : 1,
				 sizeof(bool)))) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = lg_rules__cmdclass(ctx, hooks)) == 0)
		error = lg_rules__toplevel_process(ctx, hooks);
done:
	lg__free(hooks);
	if (ctx->rescan_budget == &budget)
		ctx->rescan_budget = NULL;
	return error;
}

static int scan_parsed(struct lg_rules__ctx *ctx, const char *data,
		       size_t len, bool setup)
{
	struct lg_pysrc *src = NULL;
	bool *reached = NULL;
	int error;

	if ((error = lg_pysrc_parse(&src, data, len)) < 0 ||
	    (error = lg_pyfold_callees(src)) < 0 ||
	    (error = lg_rules__reach(&reached, src,
				     ctx->where == LG_RULES_INSTALL)) < 0)
		goto done;
	ctx->src = src;
	ctx->reached = reached;
	error = lg_rules__scan_code(ctx, setup);
done:
	ctx->src = NULL;
	ctx->reached = NULL;
	lg__free(reached);
	lg_pysrc_free(src);
	return error;
}

static int scan_setup_py(struct lg_rules__ctx *ctx, const char *data,
			 size_t len)
{
	return scan_parsed(ctx, data, len, true);
}

/* Bytes of a .py member looked at for binary content. */
#define BINARY_PY_WINDOW (64u << 10)

/* A .py member that is not text: NUL bytes (Python refuses to compile
 * them) or more than 1 in 20 control bytes. None of the 69,143 .py files
 * of the Debian benign corpus is; droppers ship XOR-encrypted payloads
 * under innocent module names. */
static int binary_py(struct lg_rules__ctx *ctx, const char *data, size_t len)
{
	size_t n = len < BINARY_PY_WINDOW ? len : BINARY_PY_WINDOW, ctrl = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c < 9 || (c > 13 && c < 32 && c != 27) || c == 127)
			ctrl++;
	}
	if (!memchr(data, '\0', len) && ctrl * 20 <= n)
		return 0;
	return lg_rules__report(
		ctx, LG_RULE_DISGUISED_EXE,
		lg_rules__adjust(LG_SEV_HIGH, ctx->where, false), 1,
		"a .py member holds binary data (%zu control bytes in the "
		"first %zu), not Python source: an encrypted or packed payload "
		"under a module name (%s context)",
		ctrl, n, lg_rules__where_name(ctx->where));
}

static int scan_py(struct lg_rules__ctx *ctx, const char *data, size_t len)
{
	int error;

	if (len && (error = binary_py(ctx, data, len)) < 0)
		return error;
	return scan_parsed(ctx, data, len, false);
}

/* setup.cfg and pyproject.toml: the top-level pyproject.toml is read
 * before the members are judged (scan_build_system), nothing else yet. */
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

/* Core metadata is read for the project's Name (lg_rules_scan_finish). */
static int scan_metadata(struct lg_rules__ctx *ctx, const char *data,
			 size_t len)
{
	return scan_nothing(ctx, data, len);
}

/* First match wins: setup.py is a .py with more rules. */
static const struct member_role member_roles[] = {
	{"pth", is_pth, lg_rules__pth},
	{"setup.py", is_setup_py, scan_setup_py},
	{"python", is_py, scan_py},
	{"config", is_config, scan_nothing},
	{"metadata", is_metadata, scan_metadata},
	{"dist-info", is_distinfo_meta, scan_nothing},
	{"script", is_data_script, scan_nothing},
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

/* ---- the per-artifact scanner ------------------------------------------ */

struct kept_member {
	char *path;
	char *data;
	size_t len;
	const struct member_role *role;
	bool collected; /* its imports are in the local set */
	bool install;   /* the in-tree build backend */
};

struct lg_rules_scan {
	struct kept_member *v;
	size_t n, cap;
	size_t bytes;
	/* Module names setup.py imports or execs (borrowed from v[].data
	 * copies are not kept: these are owned). */
	char **local;
	size_t nlocal;
	bool finished;
	bool named;        /* the caller named the project */
	bool build_requires; /* report the build requirements */
	const char *squat; /* static: popular project the name imitates */
	struct lg_findings *out; /* borrowed */
	/* Every member of the artifact (lg_rules_scan_note). */
	struct lg_rules__noted *noted;
	size_t nnoted, noted_cap, noted_bytes;
};

/* The popular project name imitates, or NULL; name is canonical. */
static int squat_of(const char **out, const char *name)
{
	struct lg_squat_match m;
	int error;

	*out = NULL;
	if ((error = lg_squat_check(&m, name)) < 0)
		return error;
	*out = m.target;
	return 0;
}

int lg_rules_scan_set_project(struct lg_rules_scan *s, const char *name)
{
	int error;

	LG_ASSERT_ARG(s && name && !s->finished);
	if ((error = squat_of(&s->squat, name)) < 0)
		return error;
	s->named = true;
	return 0;
}

/* Name from the header block of core metadata (`Name: x`), canonical,
 * into *out (new), or NULL when there is none or it is not a valid name. */
static int metadata_name(char **out, const char *p, size_t n)
{
	const char *end = p + n;
	int error;

	*out = NULL;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *e = eol ? eol : end, *v = p + 5;

		if (e > p && e[-1] == '\r')
			e--;
		if (e == p)
			break; /* end of the headers */
		if (e - p > 5 && !strncasecmp(p, "name:", 5)) {
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if ((size_t)(e - v) > LG_MAX_PROJECT_NAME_BYTES)
				return lg_error_toobig("metadata Name longer than %u bytes",
						       LG_MAX_PROJECT_NAME_BYTES);
			error = lg_name_canonical(out, v, (size_t)(e - v));
			if (error == LG_EINVALID) {
				lg_error_clear();
				error = 0;
			}
			return error;
		}
		p = eol ? eol + 1 : end;
	}
	return 0;
}

/* Without a name from the caller, the first core metadata's Name. */
static int name_from_metadata(struct lg_rules_scan *s)
{
	char *name = NULL;
	int error = 0;

	for (size_t i = 0; i < s->n && !s->named; i++) {
		if (s->v[i].role->scan != scan_metadata)
			continue;
		if ((error = metadata_name(&name, s->v[i].data, s->v[i].len)) < 0)
			break;
		if (name) {
			error = squat_of(&s->squat, name);
			break;
		}
	}
	lg__free(name);
	return error;
}

int lg_rules_scan_new(struct lg_rules_scan **out, struct lg_findings *findings)
{
	LG_ASSERT_ARG(out && findings);
	if (!(*out = lg__calloc(1, sizeof(**out))))
		return lg_error_oom();
	(*out)->out = findings;
	return 0;
}

void lg_rules_scan_free(struct lg_rules_scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		lg__free(s->v[i].path);
		lg__free(s->v[i].data);
	}
	for (size_t i = 0; i < s->nlocal; i++)
		lg__free(s->local[i]);
	for (size_t i = 0; i < s->nnoted; i++)
		lg__free(s->noted[i].path);
	lg__free(s->noted);
	lg__free(s->local);
	lg__free(s->v);
	lg__free(s);
}

static int scan_one(struct lg_rules_scan *s, const struct kept_member *m);

int lg_rules_scan_add(struct lg_rules_scan *s, const char *path,
		      const char *data, size_t len)
{
	const struct member_role *role;
	struct kept_member m = {NULL, NULL, 0, NULL, false, false};
	int error = 0;

	LG_ASSERT_ARG(s && path && (data || !len));
	if (!(role = role_of(path)))
		return 0;
	/* Past the cap the member is judged at once, with the context its
	 * path gives (it cannot learn that setup.py imports it): every member
	 * is still scanned, memory stays bounded. */
	/* The dist-info files and scripts are read at finish: kept or an
	 * error, never judged at once. */
	if (len > LG_MAX_RULES_SOURCE_BYTES - s->bytes &&
	    (role->match == is_distinfo_meta || role->match == is_data_script))
		return lg_error_toobig("'%s': more than %u bytes of members "
				       "kept", path, LG_MAX_RULES_SOURCE_BYTES);
	if (len > LG_MAX_RULES_SOURCE_BYTES - s->bytes) {
		struct kept_member now = {(char *)path, (char *)(data ? data : ""),
					  len, role, true, false};

		return scan_one(s, &now);
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct kept_member *v = lg__reallocarray(s->v, cap, sizeof(*v));

		if (!v)
			return lg_error_oom();
		s->v = v;
		s->cap = cap;
	}
	if (!(m.path = lg__strndup(path, strlen(path))) ||
	    !(m.data = lg__strndup(data ? data : "", len))) {
		error = lg_error_oom();
		goto done;
	}
	m.len = len;
	m.role = role;
	s->bytes += len;
	s->v[s->n++] = m;
	m.path = m.data = NULL;
done:
	lg__free(m.path);
	lg__free(m.data);
	return error;
}

static int add_local(struct lg_rules_scan *s, const char *p, size_t n)
{
	char **v;

	if (!n)
		return 0;
	for (size_t i = 0; i < s->nlocal; i++)
		if (strlen(s->local[i]) == n && !memcmp(s->local[i], p, n))
			return 0;
	if (s->nlocal >= LG_MAX_RULES_LOCAL_MODULES)
		return lg_error_toobig("setup.py names more than %u modules",
				       LG_MAX_RULES_LOCAL_MODULES);
	if (!(v = lg__reallocarray(s->local, s->nlocal + 1, sizeof(*v))))
		return lg_error_oom();
	s->local = v;
	if (!(s->local[s->nlocal] = lg__strndup(p, n)))
		return lg_error_oom();
	s->nlocal++;
	return 0;
}

static struct lg_str module_name(const char *path);

/* Whether some member is the module or package name[0..n). */
static bool is_member_module(const struct lg_rules_scan *s, const char *name,
			     size_t n)
{
	for (size_t i = 0; i < s->n; i++) {
		struct lg_str m;

		if (s->v[i].role->scan != scan_py)
			continue;
		m = module_name(s->v[i].path);
		if (m.len == n && !memcmp(m.ptr, name, n))
			return true;
	}
	return false;
}

/* `-m pkg.mod` (a string of its own, or inside a command string): a
 * module of the sdist run by a new interpreter is install code too. */
static int add_run_module(struct lg_rules_scan *s, const struct lg_pysrc *src,
			  size_t i, const struct lg_buf *v,
			  struct lg_buf *next)
{
	const char *p = NULL, *dot;
	size_t n = 0;
	int error;

	if (v->len == 2 && !memcmp(v->ptr, "-m", 2)) {
		if (!lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ",") ||
		    !lg_pysrc_is(src, i + 2, LG_PYTOK_STRING, NULL))
			return 0;
		lg_buf_reset(next);
		if ((error = lg_pysrc_string_value(next, src->buf,
						   &src->toks[i + 2])) < 0)
			return error;
		p = next->ptr;
		n = next->len;
	} else if ((p = strstr(v->ptr, " -m ")) != NULL) {
		p += 4;
		while (*p == ' ')
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
	}
	if (!p || !n || !is_member_module(s, p, strcspn(p, ".") < n
						  ? strcspn(p, ".")
						  : n))
		return 0;
	dot = p + n;
	while (dot > p && dot[-1] != '.')
		dot--;
	return add_local(s, dot, (size_t)(p + n - dot));
}

/* `import pkg.mod` binds only pkg: mod, a module of the local package
 * pkg, is read from the tokens of the statement at i. */
static int add_dotted_imports(struct lg_rules_scan *s,
			      const struct lg_pysrc *src, size_t i)
{
	int error = 0;

	if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, "import") ||
	    (i > 0 && lg_pysrc_is(src, i - 1, LG_PYTOK_NAME, NULL)))
		return 0; /* `from x import y` is in the bindings */
	i++;
	while (!error && lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL)) {
		struct lg_str first = lg_pysrc_text(src, i), last = first;

		while (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ".") &&
		       lg_pysrc_is(src, i + 2, LG_PYTOK_NAME, NULL)) {
			i += 2;
			last = lg_pysrc_text(src, i);
		}
		if (last.ptr != first.ptr &&
		    is_member_module(s, first.ptr, first.len))
			error = add_local(s, last.ptr, last.len);
		if (lg_pysrc_is(src, i + 1, LG_PYTOK_NAME, "as"))
			i += 2;
		if (!lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ","))
			break;
		i += 2; /* past the comma, to the next name */
	}
	return error;
}

/* Local modules setup.py imports (first dotted component, and relative
 * names), names as a .py file in a string (exec(open(...).read()),
 * runpy.run_path) or runs with `-m`. */
static int collect_local(struct lg_rules_scan *s, const struct kept_member *m)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_MEMBER_BYTES),
		      next = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	struct lg_pysrc *src = NULL;
	int error;

	if ((error = lg_pysrc_parse(&src, m->data, m->len)) < 0)
		goto done;
	for (size_t i = 0; i < src->nimports && !error; i++) {
		const char *t = src->imports[i].target;

		while (*t == '.')
			t++;
		error = add_local(s, t, strcspn(t, "."));
		/* `import pkg.mod` of a local package: mod is local too. */
		if (!error && strchr(t, '.') && is_member_module(s, t, strcspn(t, ".")))
			error = add_local(s, strrchr(t, '.') + 1,
					  strlen(strrchr(t, '.') + 1));
	}
	for (size_t i = 0; i < src->ntoks && !error; i++) {
		const char *b, *e;

		if (src->toks[i].kind == LG_PYTOK_NAME &&
		    (error = add_dotted_imports(s, src, i)) < 0)
			break;
		if (src->toks[i].kind != LG_PYTOK_STRING)
			continue;
		lg_buf_reset(&v);
		if ((error = lg_pysrc_string_value(&v, src->buf,
						   &src->toks[i])) < 0)
			break;
		if ((error = add_run_module(s, src, i, &v, &next)) < 0)
			break;
		if (v.len < 4 || strcmp(v.ptr + v.len - 3, ".py") ||
		    memchr(v.ptr, '\n', v.len))
			continue;
		e = v.ptr + v.len - 3;
		b = e;
		while (b > v.ptr && b[-1] != '/' && b[-1] != '\\')
			b--;
		error = add_local(s, b, (size_t)(e - b));
	}
done:
	lg_buf_dispose(&v);
	lg_buf_dispose(&next);
	lg_pysrc_free(src);
	return error;
}

bool lg_rules__in_doc_dir(const char *path)
{
	static const char *const dirs[] = {
		"benchmarks", "doc",	  "docs", "example",
		"examples",   "test",	  "testing", "tests",
	};

	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/\\");

		if (p[n])
			for (size_t i = 0; i < LG_ARRAY_SIZE(dirs); i++)
				if (strlen(dirs[i]) == n &&
				    !strncasecmp(p, dirs[i], n))
					return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

/* Module name of a .py member: its file name, or its directory for
 * __init__.py. */
static struct lg_str module_name(const char *path)
{
	size_t seps;
	const char *base = base_name(path, &seps), *dir = base;

	if (strcmp(base, "__init__.py"))
		return (struct lg_str){base, strlen(base) - 3};
	if (base == path)
		return (struct lg_str){base, 0};
	dir = base - 1;
	while (dir > path && dir[-1] != '/' && dir[-1] != '\\')
		dir--;
	return (struct lg_str){dir, (size_t)(base - 1 - dir)};
}

static enum lg_rules__where where_of(const struct lg_rules_scan *s,
				     const struct kept_member *m)
{
	struct lg_str name;
	size_t seps;
	const char *base = base_name(m->path, &seps);

	if (m->role->scan == lg_rules__pth || !strcmp(base, "sitecustomize.py") ||
	    !strcmp(base, "usercustomize.py"))
		return LG_RULES_STARTUP;
	if (m->role->scan == scan_setup_py || m->install)
		return LG_RULES_INSTALL;
	if (m->role->scan != scan_py)
		return LG_RULES_OTHER;
	name = module_name(m->path);
	for (size_t i = 0; i < s->nlocal && name.len; i++)
		if (strlen(s->local[i]) == name.len &&
		    !memcmp(s->local[i], name.ptr, name.len))
			return LG_RULES_INSTALL;
	return lg_rules__in_doc_dir(m->path) ? LG_RULES_OTHER : LG_RULES_IMPORT;
}

static int scan_one(struct lg_rules_scan *s, const struct kept_member *m)
{
	struct lg_rules__ctx ctx = {0};

	ctx.out = s->out;
	ctx.path = m->path;
	ctx.first = s->out->n;
	ctx.where = where_of(s, m);
	ctx.squat = s->squat;
	return m->role->scan(&ctx, m->data, m->len);
}

static bool is_top_pyproject(const char *path)
{
	size_t seps;
	const char *base = base_name(strip_dot_slash(path), &seps);

	return seps <= 1 && strcmp(base, "pyproject.toml") == 0;
}

/* in_tree callback of lg_rules__pep517: the kept .py member at path
 * becomes install code. */
static bool mark_backend(void *payload, const char *path)
{
	struct lg_rules_scan *s = payload;
	bool found = false;

	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].role->scan == scan_py && !strcmp(s->v[i].path, path)) {
			s->v[i].install = true;
			found = true;
		}
	return found;
}

void lg_rules_scan_report_build_requires(struct lg_rules_scan *s)
{
	if (s)
		s->build_requires = true;
}

/* lock.build-requires-unpinned for the requirements pip fetches to build
 * this sdist: [build-system].requires of data (a pyproject.toml, or NULL
 * for none), else setuptools' defaults. */
static int report_build_requires(struct lg_rules_scan *s, const char *path,
				 const char *data, size_t len)
{
	struct lg_pyproject *pp = NULL;
	struct lg_buf list = LG_BUF_INIT(512);
	size_t line = 0, nbuild = 0;
	int error = 0;

	if (data && lg_lockfile_parse_pyproject(&pp, data, len, path) < 0)
		lg_error_clear(); /* install.pep517-backend reports bad TOML */
	for (size_t i = 0; pp && i < pp->n; i++) {
		if (pp->reqs[i].kind != LG_PYPROJECT_BUILD)
			continue;
		if (!nbuild++)
			line = pp->reqs[i].line;
		lg_buf_printf(&list, "%s'%s'", nbuild > 1 ? ", " : "",
			      pp->reqs[i].text);
	}
	if (list.err == LG_ETOOBIG) {
		lg_buf_reset(&list);
		lg_buf_printf(&list, "%zu requirements", nbuild);
	}
	if (list.err)
		error = list.err;
	else if (nbuild)
		error = lg_findings_add(s->out, LG_RULE_LOCK_BUILD_REQUIRES,
					LG_SEV_LOW, path, line,
					"pip must build this sdist and fetches "
					"its build requirements unpinned: %s",
					list.ptr);
	else
		error = lg_findings_add(s->out, LG_RULE_LOCK_BUILD_REQUIRES,
					LG_SEV_LOW, path, 0,
					"pip must build this sdist and, with no "
					"[build-system].requires, fetches "
					"setuptools (and wheel) unpinned");
	lg_buf_dispose(&list);
	lg_pyproject_free(pp);
	return error;
}

/* The top-level pyproject.toml: its in-tree backend is install code. */
static int scan_build_system(struct lg_rules_scan *s)
{
	const struct kept_member *top = NULL;
	int error = 0;

	for (size_t i = 0; i < s->n && !error; i++) {
		struct lg_rules__ctx ctx = {0};

		if (s->v[i].role->scan != scan_nothing ||
		    !is_top_pyproject(s->v[i].path))
			continue;
		ctx.out = s->out;
		ctx.path = s->v[i].path;
		ctx.first = s->out->n;
		ctx.where = LG_RULES_INSTALL;
		top = &s->v[i];
		error = lg_rules__pep517(&ctx, s->v[i].data, s->v[i].len,
					 mark_backend, s);
	}
	if (!error && s->build_requires)
		error = report_build_requires(s, top ? top->path : NULL,
					      top ? top->data : NULL,
					      top ? top->len : 0);
	return error;
}

int lg_rules_scan_finish(struct lg_rules_scan *s)
{
	size_t first = s ? s->out->n : 0;
	int error = 0;

	LG_ASSERT_ARG(s);
	if (s->finished)
		return lg_error_invalid(LG_ERRCLASS_INTERNAL,
					"rules scan finished twice");
	s->finished = true;
	if ((error = scan_build_system(s)) < 0 ||
	    (error = name_from_metadata(s)) < 0)
		return error;
	/* setup.py, then every local module it reaches, each read once. */
	for (size_t i = 0; i < s->n && !error; i++)
		if (s->v[i].role->scan == scan_setup_py) {
			s->v[i].collected = true;
			error = collect_local(s, &s->v[i]);
		}
	for (bool more = true; more && !error;) {
		more = false;
		for (size_t i = 0; i < s->n && !error; i++)
			if (!s->v[i].collected && s->v[i].role->scan == scan_py &&
			    where_of(s, &s->v[i]) == LG_RULES_INSTALL) {
				s->v[i].collected = true;
				more = true;
				error = collect_local(s, &s->v[i]);
			}
	}
	for (size_t i = 0; i < s->n && !error; i++)
		error = scan_one(s, &s->v[i]);
	if (!error && s->nnoted)
		error = lg_rules__archive(s, s->noted, s->nnoted, s->out,
					  first);
	return error;
}

int lg_rules_scan_note(struct lg_rules_scan *s, const struct lg_rules_member *m)
{
	struct lg_rules__noted x = {0};
	const char *path;
	size_t pn;

	LG_ASSERT_ARG(s && m && m->path && (m->head || !m->head_len));
	path = strip_dot_slash(m->path);
	pn = strlen(path);
	if (s->nnoted >= LG_MAX_ARCHIVE_ENTRIES ||
	    pn + 1 > LG_MAX_RULES_INVENTORY_BYTES - s->noted_bytes)
		return lg_error_toobig("more than %u members or %u bytes of "
				       "member names noted",
				       LG_MAX_ARCHIVE_ENTRIES,
				       LG_MAX_RULES_INVENTORY_BYTES);
	if (s->nnoted == s->noted_cap) {
		size_t cap = s->noted_cap ? s->noted_cap * 2 : 64;
		struct lg_rules__noted *v =
			lg__reallocarray(s->noted, cap, sizeof(*v));

		if (!v)
			return lg_error_oom();
		s->noted = v;
		s->noted_cap = cap;
	}
	if (!(x.path = lg__strndup(path, pn)))
		return lg_error_oom();
	x.size = m->size;
	if (m->sha256 && strlen(m->sha256) == 64) {
		memcpy(x.sha256, m->sha256, 65);
		x.hashed = true;
	}
	x.head_len = m->head_len < sizeof(x.head) ? m->head_len
						  : sizeof(x.head);
	if (x.head_len)
		memcpy(x.head, m->head, x.head_len);
	s->noted_bytes += pn + 1;
	s->noted[s->nnoted++] = x;
	return 0;
}

const char *lg_rules__kept_data(const struct lg_rules_scan *s,
				const char *path, size_t *len)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].path, path)) {
			*len = s->v[i].len;
			return s->v[i].data;
		}
	return NULL;
}

bool lg_rules__kept_names(const struct lg_rules_scan *s, const char *word)
{
	size_t wn = strlen(word);

	for (size_t i = 0; i < s->n && wn; i++)
		if ((s->v[i].role->scan == scan_py ||
		     s->v[i].role->scan == scan_setup_py) &&
		    !lg_rules__in_doc_dir(s->v[i].path) &&
		    memmem(s->v[i].data, s->v[i].len, word, wn))
			return true;
	return false;
}

static bool starts_process(const struct lg_pysrc *src)
{
	for (size_t i = 0; i < src->ncalls; i++) {
		const char *c = src->calls[i].callee;
		size_t n = strlen(c);

		if (lg_rules__is_process_call(c) ||
		    (n >= 9 && !strcmp(c + n - 9, "startfile")))
			return true;
	}
	return false;
}

/* Whether a STRING token of src holds word. */
static int names_word(bool *out, const struct lg_pysrc *src, const char *word)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	int error = 0;

	*out = false;
	for (size_t k = 0; k < src->ntoks && !*out && !error; k++) {
		if (src->toks[k].kind != LG_PYTOK_STRING)
			continue;
		lg_buf_reset(&v);
		if ((error = lg_pysrc_string_value(&v, src->buf,
						   &src->toks[k])) < 0)
			break;
		*out = memmem(v.ptr, v.len, word, strlen(word)) != NULL;
	}
	lg_buf_dispose(&v);
	return error;
}

/* Whether src loads, makes executable or starts a file: a process call,
 * os.startfile, os.chmod, or a ctypes library load. */
static bool loads_or_runs(const struct lg_pysrc *src)
{
	static const char *const loaders[] = {
		"chmod", "CDLL", "LoadLibrary", "WinDLL", "OleDLL", "PyDLL",
	};

	if (starts_process(src))
		return true;
	for (size_t i = 0; i < src->ncalls; i++) {
		const char *c = src->calls[i].callee, *dot = strrchr(c, '.');

		for (size_t j = 0; j < LG_ARRAY_SIZE(loaders); j++)
			if (!strcmp(dot ? dot + 1 : c, loaders[j]))
				return true;
	}
	return false;
}

int lg_rules__code_runs(bool *out, const struct lg_rules_scan *s,
			const char *word)
{
	int error = 0;

	*out = false;
	for (size_t i = 0; i < s->n && !*out && !error; i++) {
		struct lg_pysrc *src = NULL;
		bool named = false;

		if ((s->v[i].role->scan != scan_setup_py &&
		     s->v[i].role->scan != scan_py) ||
		    lg_rules__in_doc_dir(s->v[i].path) ||
		    !memmem(s->v[i].data, s->v[i].len, word, strlen(word)))
			continue;
		if ((error = lg_pysrc_parse(&src, s->v[i].data, s->v[i].len)) ==
			    0 &&
		    (error = names_word(&named, src, word)) == 0)
			*out = named && loads_or_runs(src);
		lg_pysrc_free(src);
	}
	return error;
}

int lg_rules__setup_runs(bool *out, const struct lg_rules_scan *s,
			 const char *word)
{
	int error = 0;

	*out = false;
	for (size_t i = 0; i < s->n && !*out && !error; i++) {
		struct lg_pysrc *src = NULL;
		bool named = false;

		if (s->v[i].role->scan != scan_setup_py ||
		    !memmem(s->v[i].data, s->v[i].len, word, strlen(word)))
			continue;
		if ((error = lg_pysrc_parse(&src, s->v[i].data, s->v[i].len)) ==
			    0 &&
		    (error = names_word(&named, src, word)) == 0)
			*out = named && starts_process(src);
		lg_pysrc_free(src);
	}
	return error;
}

int lg_rules_scan_member(struct lg_findings *out, const char *path,
			 const char *data, size_t len)
{
	struct lg_rules_scan *s = NULL;
	int error;

	LG_ASSERT_ARG(out && path && (data || !len));
	if ((error = lg_rules_scan_new(&s, out)) == 0 &&
	    (error = lg_rules_scan_add(s, path, data, len)) == 0)
		error = lg_rules_scan_finish(s);
	lg_rules_scan_free(s);
	return error;
}

int lg_rules_selfcheck(void)
{
	int error;

	if ((error = lg_rules__check_names()) < 0 ||
	    (error = lg_rules__check_behave_tables()) < 0 ||
	    (error = lg_rules__check_archive_tables()) < 0 ||
	    (error = lg_rules__check_flags()) < 0)
		return error;
	for (size_t i = 1; i < lg_rules_count(); i++)
		if (strcmp(lg_rules_at(i - 1)->id, lg_rules_at(i)->id) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"rule table not sorted at '%s'",
						lg_rules_at(i)->id);
	return 0;
}
