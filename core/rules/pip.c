/* SPDX-License-Identifier: MIT */
/* install.pip-invocation: package code runs pip to install something the
 * lock file never saw. Plain package names stay medium in every context
 * (old setup.py files bootstrap numpy or cython this way); a URL, a VCS
 * or local archive, or an index on another host is high. Arguments are
 * folded (core/pyfold), so `'pip install ' + url` is read too. */
#include <stdio.h>
#include <strings.h>

#include "lg/buf.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* Words of one command line that are read; the rest is ignored. */
#define PIP_WORDS 64u

struct argv {
	struct lg_buf text; /* the known words, each NUL-terminated */
	size_t off[PIP_WORDS];
	bool known[PIP_WORDS];
	size_t n;
};

static const char *arg(const struct argv *a, size_t i)
{
	return i < a->n && a->known[i] ? a->text.ptr + a->off[i] : NULL;
}

static void add(struct argv *a, const char *p, size_t n)
{
	if (a->n >= PIP_WORDS)
		return;
	a->known[a->n] = p != NULL;
	a->off[a->n++] = a->text.len;
	if (p)
		lg_buf_put(&a->text, p, n);
	lg_buf_putc(&a->text, '\0');
}

/* Splits p[0..n) on blanks; `{sys.executable}` of an f-string is python,
 * other {fields} are unknown words. */
static void add_split(struct argv *a, const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t start;

		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '"' ||
				 p[i] == '\''))
			i++;
		start = i;
		while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '"' &&
		       p[i] != '\'')
			i++;
		if (i == start)
			continue;
		if (i - start == 16 && !memcmp(p + start, "{sys.executable}", 16))
			add(a, "python", 6);
		else
			add(a, memchr(p + start, '{', i - start) ? NULL : p + start,
			    i - start);
	}
}

/* Folds tokens [first, end) into v; *ok says whether it is a constant. */
static int fold(struct lg_buf *v, bool *ok, const struct lg_pysrc *src,
		size_t first, size_t end)
{
	struct lg_pyfold_result res;
	int error;

	lg_buf_reset(v);
	*ok = false;
	if (first >= end)
		return 0;
	error = lg_pyfold_expr(v, &res, src, first, end);
	if (error == LG_ETOOBIG) { /* unknown, as a non-constant would be */
		lg_error_clear();
		return 0;
	}
	*ok = !error && res.constant;
	return error;
}

static int element(struct argv *a, const struct lg_pysrc *src, size_t first,
		   size_t end)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	bool ok;
	int error;

	if ((error = fold(&v, &ok, src, first, end)) < 0)
		goto done;
	if (!ok) {
		lg_buf_reset(&v);
		error = lg_rules__dotted(&v, &ok, src, first, end);
		ok = ok && !strcmp(v.ptr, "sys.executable");
		if (ok) {
			lg_buf_reset(&v);
			lg_buf_puts(&v, "python");
		}
	}
	if (!error)
		add(a, ok ? v.ptr : NULL, v.len);
done:
	lg_buf_dispose(&v);
	return error;
}

/* The words of the expression [first, end): a list or tuple display,
 * or a string (constant, or an f-string read as written) split on
 * blanks. */
static int read_argv(struct argv *a, const struct lg_pysrc *src,
		     size_t first, size_t end)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	bool ok;
	int error = 0;

	if (first >= end)
		return 0;
	if ((lg_pysrc_is(src, first, LG_PYTOK_OP, "[") ||
	     lg_pysrc_is(src, first, LG_PYTOK_OP, "(")) &&
	    src->toks[first].match == end - 1) {
		size_t depth = src->toks[first].depth + 1u;

		for (size_t i = first + 1; i < end - 1 && !error; i++) {
			size_t comma = lg_rules__next_comma(src, i, end - 1, depth);

			error = element(a, src, i, comma);
			i = comma;
		}
		return error;
	}
	if ((error = fold(&v, &ok, src, first, end)) == 0) {
		if (ok)
			add_split(a, v.ptr, v.len);
		else if (lg_pysrc_is(src, first, LG_PYTOK_STRING, NULL) &&
			 first + 1 == end &&
			 (error = lg_pysrc_string_value(&v, src->buf,
							&src->toks[first])) == 0)
			add_split(a, v.ptr, v.len);
		else
			add(a, NULL, 0);
	}
	lg_buf_dispose(&v);
	return error;
}

static bool is_pip_prog(const char *w)
{
	const char *base = strrchr(w, '/');

	base = base ? base + 1 : w;
	if (strrchr(base, '\\'))
		base = strrchr(base, '\\') + 1;
	return !strncmp(base, "pip", 3) &&
	       strspn(base + 3, "0123456789.") == strlen(base + 3) &&
	       (!base[3] || (base[3] >= '0' && base[3] <= '9'));
}

size_t lg_rules__pip_start(const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i] && is_pip_prog(w[i]))
			return i + 1;
		if (w[i] && !strcmp(w[i], "-m") && i + 1 < n && w[i + 1] &&
		    !strcmp(w[i + 1], "pip"))
			return i + 2;
	}
	return 0;
}

/* Options of pip install that take a value (the value is not a target). */
static bool takes_value(const char *o)
{
	static const char *const opts[] = {
		"--abi", "--cache-dir", "--cert", "--client-cert",
		"--config-settings", "--exists-action", "--global-option",
		"--implementation", "--install-option", "--log", "--platform",
		"--prefix", "--progress-bar", "--proxy", "--python-version",
		"--report", "--retries", "--root", "--src", "--target",
		"--timeout", "--trusted-host", "--upgrade-strategy", "-C",
		"-t",
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(opts); i++)
		if (!strcmp(o, opts[i]))
			return true;
	return false;
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* Host of a URL (after ://, before / : @ ?), lower-case in host[cap]. */
static void url_host(char *host, size_t cap, const char *url)
{
	const char *p = strstr(url, "://"), *at;
	size_t n;

	host[0] = '\0';
	if (!p)
		return;
	p += 3;
	n = strcspn(p, "/?#");
	if ((at = memchr(p, '@', n))) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	n = strcspn(p, ":/?#") < n ? strcspn(p, ":/?#") : n;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		host[i] = (char)((p[i] >= 'A' && p[i] <= 'Z') ? p[i] + 32 : p[i]);
	host[n] = '\0';
}

static bool pypi_host(const char *url)
{
	static const char *const hosts[] = {
		"files.pythonhosted.org", "pypi.org", "pypi.python.org",
		"upload.pypi.org",
	};
	char host[256];

	url_host(host, sizeof(host), url);
	for (size_t i = 0; i < LG_ARRAY_SIZE(hosts); i++)
		if (!strcmp(host, hosts[i]))
			return true;
	return false;
}

/* Why target t is risky (URL, VCS, local archive or path), or NULL. */
static const char *risky_target(const char *t)
{
	static const char *const vcs[] = {"bzr+", "git+", "git@", "hg+",
					  "svn+"};
	static const char *const archives[] = {
		".egg", ".tar.bz2", ".tar.gz", ".tar.xz", ".tgz", ".whl", ".zip",
	};

	for (size_t i = 0; i < LG_ARRAY_SIZE(vcs); i++)
		if (strstr(t, vcs[i]))
			return "a VCS checkout";
	if (strstr(t, "://"))
		return pypi_host(t) ? NULL : "a URL";
	for (size_t i = 0; i < LG_ARRAY_SIZE(archives); i++)
		if (has_suffix_ci(t, archives[i]))
			return "a local archive";
	if (t[0] == '/' || t[0] == '~' || t[0] == '\\' || !strcmp(t, ".") ||
	    !strncmp(t, "./", 2) || !strncmp(t, "../", 3) ||
	    (t[0] && t[1] == ':' && (t[2] == '\\' || t[2] == '/')))
		return "a local path";
	return NULL;
}

static bool is_separator(const char *w)
{
	return strchr(w, ';') || strchr(w, '|') || strchr(w, '&') ||
	       strchr(w, '>');
}

struct verdict {
	bool install;       /* `install` sub-command seen */
	const char *why;    /* risky: what the target or index is */
	char what[LG_RULES_SNIPPET + 1];
	size_t targets, unknown;
};

static void judge_value(struct verdict *v, const char *opt, const char *val)
{
	bool index = !strcmp(opt, "-i") || !strcmp(opt, "--index-url") ||
		     !strcmp(opt, "--extra-index-url") || !strcmp(opt, "-f") ||
		     !strcmp(opt, "--find-links");
	bool edit = !strcmp(opt, "-e") || !strcmp(opt, "--editable");

	if (!val) {
		v->unknown++;
		return;
	}
	if (v->why)
		return;
	if (index && !pypi_host(val)) {
		v->why = "a package index other than PyPI";
		lg_rules__snippet(v->what, sizeof(v->what), val, strlen(val));
	} else if (edit && (v->why = risky_target(val))) {
		lg_rules__snippet(v->what, sizeof(v->what), val, strlen(val));
	}
}

static void judge_install(struct verdict *v, const struct argv *a, size_t i)
{
	static const char *const valued[] = {
		"--constraint", "--editable", "--extra-index-url", "--find-links",
		"--index-url",  "--requirement", "-c", "-e", "-f", "-i", "-r",
	};

	for (; i < a->n; i++) {
		const char *w = arg(a, i), *eq;
		bool is_valued = false;

		if (w && is_separator(w))
			return;
		if (!w) {
			v->targets++;
			v->unknown++;
			continue;
		}
		if (w[0] != '-') {
			const char *why = risky_target(w);

			v->targets++;
			if (why && !v->why) {
				v->why = why;
				lg_rules__snippet(v->what, sizeof(v->what), w,
						  strlen(w));
			} else if (!v->what[0]) {
				lg_rules__snippet(v->what, sizeof(v->what), w,
						  strlen(w));
			}
			continue;
		}
		if ((eq = strchr(w, '='))) {
			char opt[32];
			size_t n = (size_t)(eq - w) < sizeof(opt) - 1
					   ? (size_t)(eq - w)
					   : sizeof(opt) - 1;

			memcpy(opt, w, n);
			opt[n] = '\0';
			judge_value(v, opt, eq + 1);
			continue;
		}
		for (size_t k = 0; k < LG_ARRAY_SIZE(valued); k++)
			is_valued |= !strcmp(w, valued[k]);
		if (is_valued) {
			judge_value(v, w, arg(a, i + 1));
			i++;
		} else if (w[1] == 'i' && w[2]) { /* -iURL */
			judge_value(v, "-i", w + 2);
		} else if (takes_value(w)) {
			i++;
		}
	}
}

static void judge(struct verdict *v, const struct argv *a, size_t start)
{
	const char *w[PIP_WORDS];
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < a->n; i++)
		w[i] = arg(a, i);
	if (!start && !(start = lg_rules__pip_start(w, a->n)))
		return;
	/* Global options, then the sub-command. */
	for (i = start; i < a->n && w[i] && w[i][0] == '-'; i++)
		;
	if (i >= a->n || !w[i] || strcmp(w[i], "install"))
		return;
	v->install = true;
	judge_install(v, a, i + 1);
}

static int report(struct lg_rules__ctx *ctx, const struct lg_pycall *c,
		  const struct verdict *v)
{
	enum lg_rules__where w = lg_rules__where_at(ctx, c->lparen);
	enum lg_severity cap = v->why ? LG_SEV_HIGH : LG_SEV_MEDIUM;
	enum lg_severity sev = lg_rules__adjust(cap, w, false);
	char msg[320];

	if (sev > cap)
		sev = cap;
	if (v->why)
		snprintf(msg, sizeof(msg),
			 "'" LG_RULES_NAME "' runs pip install of %s: '%s'",
			 c->callee, v->why, v->what);
	else if (v->what[0])
		snprintf(msg, sizeof(msg),
			 "'" LG_RULES_NAME "' runs pip install '%s'%s",
			 c->callee, v->what,
			 v->targets > 1 ? " and more" : "");
	else
		snprintf(msg, sizeof(msg),
			 "'" LG_RULES_NAME "' runs pip install with "
			 "arguments built at run time",
			 c->callee);
	return lg_rules__report(ctx, LG_RULE_PIP_INVOCATION, sev, c->line,
				"%s (%s%s context)", msg,
				ctx->depth ? "decoded, " : "",
				lg_rules__where_name(w));
}

/* Tokens of positional argument pos (or keyword kw) of call c. */
static void call_arg(const struct lg_pysrc *src, const struct lg_pycall *c,
		     size_t pos, const char *kw, size_t *first, size_t *end)
{
	size_t depth = src->toks[c->lparen].depth + 1u, k = 0;

	*first = *end = 0;
	for (size_t i = c->lparen + 1; i < c->rparen; i++) {
		size_t comma = lg_rules__next_comma(src, i, c->rparen, depth);
		bool keyword = lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
			       lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=");

		if (keyword ? kw && lg_pysrc_is(src, i, LG_PYTOK_NAME, kw)
			    : k++ == pos && !*end) {
			*first = keyword ? i + 2 : i;
			*end = comma;
		}
		i = comma;
	}
}

/* The value tokens [*first, *end) of the last `sys.argv = ...` before
 * token before, if any. */
static bool argv_assigned(const struct lg_pysrc *src, size_t before,
			  size_t *first, size_t *end)
{
	bool found = false;

	for (size_t i = 0; i + 3 < before; i++) {
		size_t j;

		if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, "sys") ||
		    !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ".") ||
		    !lg_pysrc_is(src, i + 2, LG_PYTOK_NAME, "argv") ||
		    !lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "="))
			continue;
		j = i + 4;
		if ((lg_pysrc_is(src, j, LG_PYTOK_OP, "[") ||
		     lg_pysrc_is(src, j, LG_PYTOK_OP, "(")) &&
		    src->toks[j].match != LG_PYTOK_NONE &&
		    src->toks[j].match < before) {
			*first = j;
			*end = src->toks[j].match + 1;
			found = true;
		}
	}
	return found;
}

/* pip's own entry points called in-process. */
static bool is_pip_main(const char *callee)
{
	size_t n = strlen(callee);

	if (!strcmp(callee, "pip.main"))
		return true;
	return !strncmp(callee, "pip._internal", 13) && n >= 5 &&
	       !strcmp(callee + n - 5, ".main");
}

static int check_call(struct lg_rules__ctx *ctx, const struct lg_pycall *c)
{
	const struct lg_pysrc *src = ctx->src;
	struct argv a = {LG_BUF_INIT(LG_MAX_FOLD_BYTES), {0}, {0}, 0};
	struct verdict v;
	size_t first, end, start = 0;
	bool pipmain = is_pip_main(c->callee);
	int error = 0;

	if (pipmain) {
		call_arg(src, c, 0, "args", &first, &end);
		add(&a, "pip", 3);
		start = 1;
	} else if (!strcmp(c->callee, "runpy.run_module")) {
		/* pip's own runner passes sys.argv on: only a command line
		 * set before the call is judged. */
		call_arg(src, c, 0, "mod_name", &first, &end);
		if ((error = read_argv(&a, src, first, end)) < 0 ||
		    !arg(&a, 0) || strcmp(arg(&a, 0), "pip"))
			goto done;
		lg_buf_reset(&a.text);
		a.n = 0;
		add(&a, "pip", 3);
		start = 1;
		if (!argv_assigned(src, c->first, &first, &end))
			goto done;
		if (lg_pysrc_is(src, first, LG_PYTOK_OP, "[") ||
		    lg_pysrc_is(src, first, LG_PYTOK_OP, "("))
			first++, end--; /* the words after argv[0] */
		if (first < end && lg_pysrc_is(src, first, LG_PYTOK_STRING, NULL))
			first = lg_rules__next_comma(src, first, end,
						     src->toks[first].depth) +
				1;
		if (first >= end)
			goto done;
		for (size_t i = first; i < end && !error; i++) {
			size_t comma = lg_rules__next_comma(
				src, i, end, src->toks[first].depth);

			error = element(&a, src, i, comma);
			i = comma;
		}
		if (error < 0)
			goto done;
		judge(&v, &a, start);
		if (v.install)
			error = report(ctx, c, &v);
		goto done;
	} else if (lg_rules__is_process_call(c->callee)) {
		call_arg(src, c, strncmp(c->callee, "os.spawn", 8) ? 0 : 2,
			 "args", &first, &end);
	} else {
		goto done;
	}
	if ((error = read_argv(&a, src, first, end)) < 0 ||
	    (error = a.text.err) < 0)
		goto done;
	/* main() with no list reads sys.argv: pip's own __main__. */
	if (pipmain && a.n == 1)
		goto done;
	judge(&v, &a, start);
	if (v.install)
		error = report(ctx, c, &v);
done:
	lg_buf_dispose(&a.text);
	return error;
}

int lg_rules__pip(struct lg_rules__ctx *ctx)
{
	int error = 0;

	for (size_t k = 0; k < ctx->src->ncalls && !error; k++)
		error = check_call(ctx, &ctx->src->calls[k]);
	return error;
}
