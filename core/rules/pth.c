/* SPDX-License-Identifier: MIT */
/* wheel.pth-exec-line: a .pth line starting with "import " or "import\t"
 * is exec()'d by site.py at every interpreter start. Known templates are
 * matched token by token (whitespace-insensitive, with placeholders for
 * package names); everything else is graded by what the line does, and
 * its code also goes through exec.decode-exec. */
#include "lg/buf.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* Longer lines are critical on their own (HEURISTICS.md 1.G). */
#define PTH_LONG_LINE 200u

/* Placeholders in templates: a plain string holding a dotted module name;
 * a tuple of such strings; any plain string; an editable finder module
 * name (__editable___<name>_finder, the same at every use). */
#define PH_PKG "__LG_PKG__"
#define PH_PTH "__LG_PTH__"
#define PH_STR "__LG_STR__"
#define PH_EDITABLE "__LG_EDITABLE__"

struct pth_template {
	const char *owner;
	const char *code;
};

/* Whole lines, statement by statement. */
static const struct pth_template exact_templates[] = {
	{"setuptools (distutils-precedence.pth)",
	 "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; "
	 "enabled = os.environ.get(var, 'local') == 'local'; "
	 "enabled and __import__('_distutils_hack').add_shim(); "},
	{"virtualenv", "import _virtualenv"},
	{"setuptools editable install",
	 "import " PH_EDITABLE "; " PH_EDITABLE ".install()"},
	{"coverage", "import coverage; coverage.process_startup()"},
	{"cuda-bindings", "import _cuda_bindings_redirector"},
	/* pytest-cov 2.6 - 4.x: 'import os, sys;exec(%r)' of its embed
	 * file with 4-space indents turned into 1 space. */
	{"pytest-cov",
		 "import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:"
		 "\\n try:\\n  from pytest_cov.embed import init\\n  init()\\n"
		 " except Exception as exc:\\n  sys.stderr.write(\\n   \"pytes"
		 "t-cov: Failed to setup subprocess coverage. \"\\n   \"Enviro"
		 "n: {0!r} \"\\n   \"Exception: {1!r}\\\\n\".format(\\n    dic"
		 "t((k, v) for k, v in os.environ.items() if k.startswith(\\'C"
		 "OV_CORE\\')),\\n    exc\\n   )\\n  )\\n')",},
	/* pytest-cov 2.5 (with the pkg_resources entry point reordering). */
	{"pytest-cov",
		 "import os, sys;exec('try:\\n import pkg_resources\\nexcept I"
		 "mportError:\\n pass\\nelse:\\n def reordered_iter_entry_poin"
		 "ts(group, name=None, __original=pkg_resources.iter_entry_poi"
		 "nts):\\n  if group == \\'pytest11\\' and name is None:\\n   "
		 "delayed_entrypoints = []\\n   for ep in __original(group):\\"
		 "n    if ep.name == \\'pytest_cov\\':\\n     yield ep\\n     "
		 "for delayed_ep in delayed_entrypoints:\\n      yield delayed"
		 "_ep\\n     delayed_entrypoints = None\\n    elif delayed_ent"
		 "rypoints is None:\\n     yield ep\\n    else:\\n     delayed"
		 "_entrypoints.append(ep)\\n  else:\\n   for ep in __original("
		 "group, name):\\n    yield ep\\n pkg_resources.iter_entry_poi"
		 "nts = reordered_iter_entry_points\\nif \\'COV_CORE_SOURCE\\'"
		 " in os.environ:\\n try:\\n  from pytest_cov.embed import ini"
		 "t\\n  init()\\n except Exception as exc:\\n  sys.stderr.writ"
		 "e(\\n   \"pytest-cov: Failed to setup subprocess coverage. "
		 "\"\\n   \"Environ: {0!r} \"\\n   \"Exception: {1!r}\\\\n\".f"
		 "ormat(\\n    dict((k, v) for k, v in os.environ.items() if k"
		 ".startswith(\\'COV_CORE\\')),\\n    exc\\n   )\\n  )\\n')",},
	/* pytest-cov 2.0 - 2.4. */
	{"pytest-cov",
		 "import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:"
		 "\\n try:\\n  from pytest_cov.embed import init\\n  init()\\n"
		 " except ImportError as exc:\\n  sys.stderr.write(\\n   \"Fai"
		 "led to setup coverage.\"\\n   \"Sources: {[COV_CORE_SOURCE]!"
		 "r}\"\\n   \"Config: {[COV_CORE_CONFIG]!r}\"\\n   \"Exception"
		 ": {!r}\\\\n\".format(os.environ, exc))\\n')",},
	/* The same, as transcribed in our design notes (wider indents, \n
	 * instead of \\n: a SyntaxError when run, so inert either way). */
	{"pytest-cov",
		 "import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:"
		 "\\n try:\\n  from pytest_cov.embed import init\\n  init()\\n"
		 " except Exception as exc:\\n  sys.stderr.write(\\n    \"pyte"
		 "st-cov: Failed to setup subprocess coverage. \"\\n    \"Envi"
		 "ron: {0!r} \"\\n    \"Exception: {1!r}\\n\".format(\\n      "
		 "dict((k, v) for k, v in os.environ.items() if k.startswith("
		 "\\'COV_CORE\\')),\\n      exc\\n    )\\n  )\\n')",},
};

/* setuptools *-nspkg.pth: "import sys, types, os" followed only by these
 * statements (setuptools/namespaces.py, old and new templates). */
static const char nspkg_first[] = "import sys, types, os";
static const char *const nspkg_shapes[] = {
	"has_mfs = sys.version_info > (3, 5)",
	"pep420 = sys.version_info > (3, 3)",
	"p = os.path.join(sys._getframe(1).f_locals['sitedir'], *" PH_PTH ")",
	"p = os.path.join(" PH_STR ", *" PH_PTH ")",
	"ie = os.path.exists(os.path.join(p,'__init__.py'))",
	"importlib = has_mfs and __import__('importlib.util')",
	"importlib = __import__('importlib.util')",
	"has_mfs and __import__('importlib.machinery')",
	"__import__('importlib.machinery')",
	"m = has_mfs and sys.modules.setdefault(" PH_PKG ", "
	"importlib.util.module_from_spec("
	"importlib.machinery.PathFinder.find_spec(" PH_PKG ", "
	"[os.path.dirname(p)])))",
	"m = sys.modules.setdefault(" PH_PKG ", "
	"importlib.util.module_from_spec("
	"importlib.machinery.PathFinder.find_spec(" PH_PKG ", "
	"[os.path.dirname(p)])))",
	"m = m or not has_mfs and sys.modules.setdefault(" PH_PKG ", "
	"types.ModuleType(" PH_PKG "))",
	"m = m or sys.modules.setdefault(" PH_PKG ", types.ModuleType(" PH_PKG
	"))",
	"m = not ie and not pep420 and sys.modules.setdefault(" PH_PKG ", "
	"types.ModuleType(" PH_PKG "))",
	"m = not ie and sys.modules.setdefault(" PH_PKG ", types.ModuleType("
	PH_PKG "))",
	"mp = (m or []) and m.__dict__.setdefault('__path__',[])",
	"(p not in mp) and mp.append(p)",
	"m and setattr(sys.modules[" PH_PKG "], " PH_PKG ", m)",
};

/* Tokens of one template or line. */
struct tokseq {
	const char *buf;
	struct lg_pytok *t;
	size_t n;
};

/* The templates, tokenized once per .pth member. */
struct pth_state {
	struct lg_rules__ctx *ctx;
	struct tokseq exact[LG_ARRAY_SIZE(exact_templates)];
	struct tokseq first;
	struct tokseq shapes[LG_ARRAY_SIZE(nspkg_shapes)];
};

static int compile(struct tokseq *out, const char *code)
{
	out->buf = code;
	return lg_pysrc_tokenize(&out->t, &out->n, code, strlen(code));
}

static int state_init(struct pth_state *st)
{
	int error = compile(&st->first, nspkg_first);

	for (size_t i = 0; i < LG_ARRAY_SIZE(exact_templates) && !error; i++)
		error = compile(&st->exact[i], exact_templates[i].code);
	for (size_t i = 0; i < LG_ARRAY_SIZE(nspkg_shapes) && !error; i++)
		error = compile(&st->shapes[i], nspkg_shapes[i]);
	return error;
}

static void state_dispose(struct pth_state *st)
{
	lg__free(st->first.t);
	for (size_t i = 0; i < LG_ARRAY_SIZE(exact_templates); i++)
		lg__free(st->exact[i].t);
	for (size_t i = 0; i < LG_ARRAY_SIZE(nspkg_shapes); i++)
		lg__free(st->shapes[i].t);
}

static bool tok_is(const struct tokseq *s, size_t i, enum lg_pytok_kind kind,
		   const char *text)
{
	size_t n = text ? strlen(text) : 0;

	return i < s->n && s->t[i].kind == kind &&
	       (!text || (s->t[i].len == n &&
			  !memcmp(s->buf + s->t[i].off, text, n)));
}

static bool tok_same(const struct tokseq *a, size_t i, const struct tokseq *b,
		     size_t k)
{
	return a->t[i].kind == b->t[k].kind && a->t[i].len == b->t[k].len &&
	       !memcmp(a->buf + a->t[i].off, b->buf + b->t[k].off, a->t[i].len);
}

static bool is_layout(const struct tokseq *s, size_t i)
{
	uint8_t k = s->t[i].kind;

	return k == LG_PYTOK_NEWLINE || k == LG_PYTOK_COMMENT ||
	       k == LG_PYTOK_ENDMARKER || k == LG_PYTOK_INDENT ||
	       k == LG_PYTOK_DEDENT;
}

static bool is_separator(const struct tokseq *s, size_t i)
{
	return is_layout(s, i) ||
	       (s->t[i].depth == 0 && tok_is(s, i, LG_PYTOK_OP, ";"));
}

/* Next statement [*first, *end) from *pos; false at the end. */
static bool next_stmt(const struct tokseq *s, size_t *pos, size_t *first,
		      size_t *end)
{
	size_t i = *pos;

	while (i < s->n && is_separator(s, i))
		i++;
	if (i >= s->n)
		return false;
	*first = i;
	while (i < s->n && !is_separator(s, i))
		i++;
	*end = *pos = i;
	return true;
}

/* 'name' or "name.sub" with no prefix and no escapes. */
static bool is_module_string(const struct tokseq *s, size_t i)
{
	const char *p;
	size_t n;

	if (i >= s->n || s->t[i].kind != LG_PYTOK_STRING)
		return false;
	p = s->buf + s->t[i].off;
	n = s->t[i].len;
	if (n < 3 || (p[0] != '\'' && p[0] != '"') || p[n - 1] != p[0])
		return false;
	for (size_t k = 1; k + 1 < n; k++)
		if (!((p[k] >= 'a' && p[k] <= 'z') ||
		      (p[k] >= 'A' && p[k] <= 'Z') ||
		      (p[k] >= '0' && p[k] <= '9') || p[k] == '_' ||
		      p[k] == '.'))
			return false;
	return true;
}

/* ('a',) or ('a', 'b', ...): tokens used, 0 if no match. */
static size_t match_tuple(const struct tokseq *s, size_t i, size_t end)
{
	size_t k = i + 1;

	if (!tok_is(s, i, LG_PYTOK_OP, "("))
		return 0;
	while (k < end && is_module_string(s, k)) {
		k++;
		if (tok_is(s, k, LG_PYTOK_OP, ","))
			k++;
		else
			break;
	}
	return k > i + 1 && k < end && tok_is(s, k, LG_PYTOK_OP, ")")
		       ? k + 1 - i
		       : 0;
}

static bool is_editable_name(const struct tokseq *s, size_t i)
{
	static const char head[] = "__editable___", tail[] = "_finder";
	const char *p = s->buf + s->t[i].off;
	size_t n = s->t[i].len, h = sizeof(head) - 1, t = sizeof(tail) - 1;

	return s->t[i].kind == LG_PYTOK_NAME && n > h + t &&
	       !memcmp(p, head, h) && !memcmp(p + n - t, tail, t);
}

/* Tokens of the line a placeholder takes at li, 0 if none. */
static size_t match_placeholder(const struct tokseq *tp, size_t ti,
				const struct tokseq *ln, size_t li, size_t lend,
				size_t *editable)
{
	if (tok_is(tp, ti, LG_PYTOK_NAME, PH_PKG))
		return is_module_string(ln, li) ? 1 : 0;
	if (tok_is(tp, ti, LG_PYTOK_NAME, PH_PTH))
		return match_tuple(ln, li, lend);
	if (tok_is(tp, ti, LG_PYTOK_NAME, PH_STR))
		return ln->t[li].kind == LG_PYTOK_STRING &&
		       !(lg_pysrc_string_flags(ln->buf, &ln->t[li]) &
			 (LG_PYSTR_FORMAT | LG_PYSTR_BYTES));
	if (!tok_is(tp, ti, LG_PYTOK_NAME, PH_EDITABLE) ||
	    !is_editable_name(ln, li))
		return 0;
	if (*editable == LG_PYTOK_NONE)
		*editable = li;
	return tok_same(ln, *editable, ln, li) ? 1 : 0;
}

static bool match_stmt(const struct tokseq *tp, size_t ti, size_t tend,
		       const struct tokseq *ln, size_t li, size_t lend,
		       size_t *editable)
{
	while (ti < tend && li < lend) {
		size_t used = 0;

		if (tp->t[ti].kind == LG_PYTOK_NAME && tp->t[ti].len > 5 &&
		    !memcmp(tp->buf + tp->t[ti].off, "__LG_", 5))
			used = match_placeholder(tp, ti, ln, li, lend,
						 editable);
		else
			used = tok_same(tp, ti, ln, li) ? 1 : 0;
		if (!used)
			return false;
		ti++;
		li += used;
	}
	return ti == tend && li == lend;
}

static bool match_exact(const struct tokseq *tp, const struct tokseq *ln)
{
	size_t tpos = 0, lpos = 0, tf, te, lf, le;
	size_t editable = LG_PYTOK_NONE;
	bool more_t, more_l;

	for (;;) {
		more_t = next_stmt(tp, &tpos, &tf, &te);
		more_l = next_stmt(ln, &lpos, &lf, &le);
		if (!more_t || !more_l)
			return !more_t && !more_l;
		if (!match_stmt(tp, tf, te, ln, lf, le, &editable))
			return false;
	}
}

static bool match_shape(const struct pth_state *st, const struct tokseq *ln,
			size_t lf, size_t le)
{
	size_t pos, tf, te, editable = LG_PYTOK_NONE;

	for (size_t i = 0; i < LG_ARRAY_SIZE(nspkg_shapes); i++) {
		pos = 0;
		if (next_stmt(&st->shapes[i], &pos, &tf, &te) &&
		    match_stmt(&st->shapes[i], tf, te, ln, lf, le, &editable))
			return true;
	}
	return false;
}

static bool match_nspkg(const struct pth_state *st, const struct tokseq *ln)
{
	size_t tpos = 0, lpos = 0, tf, te, lf, le, n = 0;
	size_t editable = LG_PYTOK_NONE;

	if (!next_stmt(&st->first, &tpos, &tf, &te) ||
	    !next_stmt(ln, &lpos, &lf, &le) ||
	    !match_stmt(&st->first, tf, te, ln, lf, le, &editable))
		return false;
	for (; next_stmt(ln, &lpos, &lf, &le); n++)
		if (!match_shape(st, ln, lf, le))
			return false;
	return n > 0;
}

static bool is_template(const struct pth_state *st, const struct tokseq *ln)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(exact_templates); i++)
		if (match_exact(&st->exact[i], ln))
			return true;
	return match_nspkg(st, ln);
}

static bool has_semicolon(const struct lg_pysrc *src)
{
	for (size_t i = 0; i < src->ntoks; i++)
		if (lg_pysrc_is(src, i, LG_PYTOK_OP, ";"))
			return true;
	return false;
}

static int report_line(struct lg_rules__ctx *ctx, const struct lg_pysrc *src,
		       const char *line, size_t n)
{
	char snip[LG_RULES_SNIPPET + 1];
	const char *danger = NULL;
	int error;

	lg_rules__snippet(snip, sizeof(snip), line, n);
	if (n > PTH_LONG_LINE)
		return lg_rules__report(ctx, LG_RULE_PTH_EXEC_LINE,
					LG_SEV_CRITICAL, 1,
					".pth line of %zu bytes runs at every "
					"interpreter start: '%s'", n, snip);
	if ((error = lg_rules__code_danger(&danger, src)) < 0)
		return error;
	if (danger)
		return lg_rules__report(ctx, LG_RULE_PTH_EXEC_LINE,
					LG_SEV_CRITICAL, 1,
					".pth line uses '" LG_RULES_NAME "' at "
					"every interpreter start: '%s'",
					danger, snip);
	if (src->ncalls || has_semicolon(src))
		return lg_rules__report(ctx, LG_RULE_PTH_EXEC_LINE, LG_SEV_HIGH,
					1, ".pth line runs code at every "
					"interpreter start: '%s'", snip);
	return lg_rules__report(ctx, LG_RULE_PTH_EXEC_LINE, LG_SEV_MEDIUM, 1,
				".pth line imports a module at every "
				"interpreter start: '%s'", snip);
}

/* One executed line: templates pass; others are reported and their code
 * goes through exec.decode-exec (critical: it runs at start-up). */
static int check_line(struct pth_state *st, const char *line, size_t n,
		      size_t lineno)
{
	struct lg_rules__ctx *ctx = st->ctx;
	struct lg_pysrc *src = NULL;
	struct tokseq ln;
	int error;

	if ((error = lg_pysrc_parse(&src, line, n)) < 0 ||
	    (error = lg_pyfold_callees(src)) < 0)
		goto done;
	ln.buf = src->buf;
	ln.t = src->toks;
	ln.n = src->ntoks;
	if (is_template(st, &ln))
		goto done;
	ctx->src = src;
	ctx->line_base = lineno - 1;
	if ((error = report_line(ctx, src, line, n)) < 0)
		goto done;
	if ((error = lg_rules__decode_exec(ctx, LG_SEV_CRITICAL)) == 0)
		error = lg_rules__obf(ctx);
done:
	ctx->src = NULL;
	ctx->line_base = 0;
	lg_pysrc_free(src);
	return error;
}

/* Line breaks of str.splitlines(), which site.py uses since 3.13 (older
 * versions split on \n only; over-splitting only adds lines to check). */
static size_t break_len(const char *p, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[i] == '\r')
		return i + 1 < n && u[i + 1] == '\n' ? 2 : 1;
	if (u[i] == '\n' || u[i] == '\v' || u[i] == '\f' ||
	    (u[i] >= 0x1c && u[i] <= 0x1e))
		return 1;
	if (u[i] == 0xC2 && i + 1 < n && u[i + 1] == 0x85)
		return 2;
	if (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 &&
	    (u[i + 2] == 0xA8 || u[i + 2] == 0xA9))
		return 3;
	return 0;
}

static bool is_exec_line(const char *p, size_t n)
{
	return n >= 7 &&
	       (!memcmp(p, "import ", 7) || !memcmp(p, "import\t", 7));
}

int lg_rules__pth(struct lg_rules__ctx *ctx, const char *data, size_t len)
{
	struct pth_state st;
	size_t i = 0, lineno = 1;
	int error;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	if ((error = state_init(&st)) < 0)
		goto done;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && !error) {
		size_t j = i, br = 0;

		while (j < len && !(br = break_len(data, len, j)))
			j++;
		if (is_exec_line(data + i, j - i))
			error = check_line(&st, data + i, j - i, lineno);
		if (j < len && (data[j] == '\n' || data[j] == '\r'))
			lineno++;
		i = j + br;
	}
done:
	state_dispose(&st);
	return error;
}
