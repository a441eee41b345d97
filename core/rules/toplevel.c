/* SPDX-License-Identifier: MIT */
/* install.toplevel-process: setup.py starts a process outside any def or
 * class body, so it runs whenever pip reads the sdist. Constant commands
 * of build tools pass; commands built at run time are only medium
 * (grpc probes its compiler with `cxx + ['-x', 'c++', '-']`). */
#include <stdio.h>

#include "lg/buf.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* Only the first words decide (program, git sub-command, -c code). */
#define CMD_WORDS 6u
/* A `python -c` probe longer than this is not a probe. */
#define PROBE_MAX_BYTES 200u

struct command {
	struct lg_buf text;       /* the known words, each NUL-terminated */
	size_t off[CMD_WORDS];    /* word i at text.ptr + off[i] */
	bool known[CMD_WORDS];
	size_t nwords;
	bool shell;               /* one string, split on blanks */
};

static const char *word(const struct command *cmd, size_t i)
{
	return i < cmd->nwords && cmd->known[i] ? cmd->text.ptr + cmd->off[i]
						: NULL;
}

static void add_word(struct command *cmd, const char *p, size_t n)
{
	if (cmd->nwords >= CMD_WORDS)
		return;
	cmd->known[cmd->nwords] = p != NULL;
	cmd->off[cmd->nwords++] = cmd->text.len;
	if (p)
		lg_buf_put(&cmd->text, p, n);
	lg_buf_putc(&cmd->text, '\0');
}

static int list_element(struct command *cmd, const struct lg_pysrc *src,
			size_t first, size_t end)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	size_t stop;
	bool ok;
	int error;

	if ((error = lg_rules__const_string(&v, &ok, &stop, src, first)) == 0 &&
	    !(ok && stop == end)) {
		lg_buf_reset(&v);
		error = lg_rules__dotted(&v, &ok, src, first, end);
		ok = ok && !strcmp(v.ptr, "sys.executable");
	}
	if (!error)
		add_word(cmd, ok ? v.ptr : NULL, v.len);
	lg_buf_dispose(&v);
	return error;
}

/* ['prog', 'arg', ...] or ('prog', ...). */
static int read_list(struct command *cmd, const struct lg_pysrc *src,
		     size_t open)
{
	size_t end = src->toks[open].match, depth = src->toks[open].depth + 1u;
	int error = 0;

	for (size_t i = open + 1; i < end && cmd->nwords < CMD_WORDS && !error;
	     i++) {
		size_t comma = lg_rules__next_comma(src, i, end, depth);

		error = list_element(cmd, src, i, comma);
		i = comma;
	}
	return error;
}

/* 'prog arg ...' split on blanks; a non-constant tail stays unknown. */
static int read_string(struct command *cmd, const struct lg_pysrc *src,
		       size_t first, size_t end)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	size_t stop, i = 0;
	bool ok;
	int error;

	cmd->shell = true;
	if ((error = lg_rules__const_string(&v, &ok, &stop, src, first)) < 0 ||
	    !ok)
		goto done;
	while (i < v.len && cmd->nwords < CMD_WORDS) {
		size_t start;

		while (i < v.len && (v.ptr[i] == ' ' || v.ptr[i] == '\t'))
			i++;
		start = i;
		while (i < v.len && v.ptr[i] != ' ' && v.ptr[i] != '\t')
			i++;
		if (i > start)
			add_word(cmd, v.ptr + start, i - start);
	}
	if (stop != end)
		add_word(cmd, NULL, 0);
done:
	lg_buf_dispose(&v);
	return error;
}

/* Tokens of the argument that holds the command: `args=` or the
 * positional one at index pos. */
static void command_arg(const struct lg_pysrc *src, const struct lg_pycall *c,
			size_t pos, size_t *first, size_t *end)
{
	size_t depth = src->toks[c->lparen].depth + 1u, k = 0;

	*first = *end = 0;
	for (size_t i = c->lparen + 1; i < c->rparen; i++, k++) {
		size_t comma = lg_rules__next_comma(src, i, c->rparen, depth);
		bool keyword = lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
			       lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=");

		if (keyword ? lg_pysrc_is(src, i, LG_PYTOK_NAME, "args")
			    : k == pos && !*end) {
			*first = keyword ? i + 2 : i;
			*end = comma;
		}
		i = comma;
	}
}

static int read_command(struct command *cmd, const struct lg_pysrc *src,
			size_t first, size_t end)
{
	if (first >= end)
		return 0;
	if ((lg_pysrc_is(src, first, LG_PYTOK_OP, "[") ||
	     lg_pysrc_is(src, first, LG_PYTOK_OP, "(")) &&
	    src->toks[first].match == end - 1)
		return read_list(cmd, src, first);
	if (lg_pysrc_is(src, first, LG_PYTOK_STRING, NULL))
		return read_string(cmd, src, first, end);
	return list_element(cmd, src, first, end);
}

static bool has_shell_meta(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (strchr(";|`$\n\r", s[i]))
			return true;
		if (s[i] == '&' && !(i > 0 && s[i - 1] == '>') &&
		    s[i + 1] != '>')
			return true;
	}
	return false;
}

static bool known_meta(const struct command *cmd)
{
	for (size_t i = 0; i < cmd->nwords; i++)
		if (word(cmd, i) && has_shell_meta(word(cmd, i)))
			return true;
	return false;
}

static bool all_known(const struct command *cmd)
{
	for (size_t i = 0; i < cmd->nwords; i++)
		if (!cmd->known[i])
			return false;
	return true;
}

static bool git_allowed(const struct command *cmd)
{
	size_t i = 1;

	while (word(cmd, i) && word(cmd, i)[0] == '-')
		i += strcmp(word(cmd, i), "-C") && strcmp(word(cmd, i), "-c")
			     ? 1
			     : 2;
	return word(cmd, i) && lg_rules__is_git_readonly(word(cmd, i),
							 strlen(word(cmd, i)));
}

static int probe_allowed(bool *out, const struct command *cmd)
{
	const char *code = word(cmd, 2), *danger = NULL;
	struct lg_pysrc *src = NULL;
	int error;

	*out = false;
	if (!word(cmd, 1) || strcmp(word(cmd, 1), "-c") || !code ||
	    strlen(code) > PROBE_MAX_BYTES)
		return 0;
	if ((error = lg_pysrc_parse(&src, code, strlen(code))) == 0 &&
	    (error = lg_rules__code_danger(&danger, src)) == 0)
		*out = danger == NULL;
	lg_pysrc_free(src);
	return error;
}

static bool runs_pip(const struct command *cmd)
{
	const char *w[CMD_WORDS];

	for (size_t i = 0; i < cmd->nwords; i++)
		w[i] = word(cmd, i);
	return lg_rules__pip_start(w, cmd->nwords) != 0;
}

/* Severity for cmd, or -1 for no finding: build tools with constant
 * arguments pass, a program we cannot name is medium, anything else high. */
static int command_severity(int *out, const struct command *cmd)
{
	const char *prog = word(cmd, 0), *base;
	bool probe_ok;
	int error;

	*out = LG_SEV_HIGH;
	if (!prog) {
		*out = LG_SEV_MEDIUM;
		return 0;
	}
	/* pip runs are install.pip-invocation's (build-dependency
	 * bootstraps must stay a warning). */
	if (runs_pip(cmd) && !known_meta(cmd)) {
		*out = -1;
		return 0;
	}
	if (!strcmp(prog, "sys.executable")) {
		/* A script or -m module of the sdist is install code of its
		 * own, judged by what it does (install.local-code-chain). */
		if (!word(cmd, 1) || strcmp(word(cmd, 1), "-c")) {
			*out = LG_SEV_MEDIUM;
			return 0;
		}
		if ((error = probe_allowed(&probe_ok, cmd)) == 0 && probe_ok)
			*out = -1;
		return error;
	}
	base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	/* `python setup.py sdist ...`: the maintainer's release shortcut. */
	if ((!strcmp(base, "python") || !strcmp(base, "python3")) &&
	    word(cmd, 1) && !strcmp(word(cmd, 1), "setup.py") &&
	    !known_meta(cmd)) {
		*out = -1;
		return 0;
	}
	if (!lg_rules__is_build_tool(base, strlen(base)) ||
	    (cmd->shell && known_meta(cmd)))
		return 0;
	if (cmd->shell && !all_known(cmd))
		*out = LG_SEV_MEDIUM;
	else if (strcmp(base, "git") || git_allowed(cmd))
		*out = -1;
	return 0;
}

/* Where call c runs, for the message: "at module level", "in 'f'". */
static void place_of(char *out, size_t cap, const struct lg_pysrc *src,
		     const struct lg_pycall *c, const bool *hooks)
{
	uint32_t sc = src->toks[c->lparen].scope;
	const struct lg_pyscope *d = sc < src->nscopes ? &src->scopes[sc] : NULL;
	char name[LG_RULES_SNIPPET + 1];

	if (!d || d->kind == LG_PYSCOPE_MODULE || d->name_tok == LG_PYTOK_NONE) {
		snprintf(out, cap, "at module level");
		return;
	}
	lg_rules__tokens_snippet(name, sizeof(name), src, d->name_tok,
				 d->name_tok + 1);
	snprintf(out, cap, "in '%s' (%s)", name,
		 hooks[sc] ? "an install hook method, combination C5"
			   : "called while the package installs");
}

static int check_call(struct lg_rules__ctx *ctx, const struct lg_pycall *c,
		      const bool *hooks)
{
	char where[LG_RULES_SNIPPET * 2];
	struct command cmd = {LG_BUF_INIT(LG_MAX_MEMBER_BYTES), {0}, {0}, 0, 0};
	char prog[LG_RULES_SNIPPET + 1];
	size_t first, end;
	int sev, error;

	command_arg(ctx->src, c, strncmp(c->callee, "os.spawn", 8) ? 0 : 1,
		    &first, &end);
	if ((error = read_command(&cmd, ctx->src, first, end)) < 0 ||
	    (error = cmd.text.err) < 0 ||
	    (error = command_severity(&sev, &cmd)) < 0 || sev < 0)
		goto done;
	place_of(where, sizeof(where), ctx->src, c, hooks);
	if (!word(&cmd, 0)) {
		error = lg_rules__report(
			ctx, LG_RULE_TOPLEVEL_PROCESS, LG_SEV_MEDIUM, c->line,
			"setup.py calls '" LG_RULES_NAME "' %s with a "
			"command built at run time",
			c->callee, where);
		goto done;
	}
	lg_rules__snippet(prog, sizeof(prog), word(&cmd, 0),
			  strlen(word(&cmd, 0)));
	error = lg_rules__report(ctx, LG_RULE_TOPLEVEL_PROCESS,
				 (enum lg_severity)sev, c->line,
				 "setup.py calls '" LG_RULES_NAME "' %s to "
				 "run '%s'",
				 c->callee, where, prog);
done:
	lg_buf_dispose(&cmd.text);
	return error;
}

int lg_rules__toplevel_process(struct lg_rules__ctx *ctx, const bool *hooks)
{
	const struct lg_pysrc *src = ctx->src;
	bool *runs = NULL;
	int error;

	if ((error = lg_rules__reach_install(&runs, src, hooks)) < 0)
		return error;
	for (size_t k = 0; k < src->ncalls && !error; k++) {
		const struct lg_pycall *c = &src->calls[k];
		uint32_t sc = src->toks[c->lparen].scope;

		if (sc < src->nscopes && runs[sc] &&
		    src->scopes[sc].kind != LG_PYSCOPE_CLASS &&
		    lg_rules__is_process_call(c->callee))
			error = check_call(ctx, c, hooks);
	}
	lg__free(runs);
	return error;
}

/* A second Python interpreter running inline code, a module or a
 * script: `python3 -c 'import x'`, `sys.executable -m x`, `python x.py`
 * (the payload then lives on outside the importing process). */
static bool spawns_python(const struct command *cmd)
{
	static const char *const pythons[] = {
		"py", "python", "python2", "python3", "pythonw", "sys.executable",
	};
	const char *prog = word(cmd, 0), *arg = word(cmd, 1), *base;
	bool python = false;

	if (!prog || !arg)
		return false;
	base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	for (size_t i = 0; i < LG_ARRAY_SIZE(pythons); i++)
		if (!strcmp(base, pythons[i]) ||
		    (!strncmp(base, "python3.", 8) && strlen(base) <= 10))
			python = true;
	if (!python)
		return false; /* a trailing `&` (detached) is the idiom too */
	if (!strcmp(arg, "-c") || !strcmp(arg, "-m"))
		return true;
	return strlen(arg) > 3 && !strcmp(arg + strlen(arg) - 3, ".py");
}

/* Where call c runs in a package module, for the message. */
static void import_place(char *out, size_t cap, const struct lg_pysrc *src,
			 const struct lg_pycall *c)
{
	uint32_t sc = src->toks[c->lparen].scope;
	const struct lg_pyscope *d = sc < src->nscopes ? &src->scopes[sc] : NULL;
	char name[LG_RULES_SNIPPET + 1];

	if (!d || d->kind == LG_PYSCOPE_MODULE || d->name_tok == LG_PYTOK_NONE) {
		snprintf(out, cap, "at module level");
		return;
	}
	lg_rules__tokens_snippet(name, sizeof(name), src, d->name_tok,
				 d->name_tok + 1);
	snprintf(out, cap, "in '%s' (called at import)", name);
}

static int check_import_call(struct lg_rules__ctx *ctx,
			     const struct lg_pycall *c)
{
	struct command cmd = {LG_BUF_INIT(LG_MAX_MEMBER_BYTES), {0}, {0}, 0, 0};
	char prog[LG_RULES_SNIPPET + 1], where[LG_RULES_SNIPPET * 2];
	size_t first, end;
	int error;

	command_arg(ctx->src, c, strncmp(c->callee, "os.spawn", 8) ? 0 : 1,
		    &first, &end);
	if ((error = read_command(&cmd, ctx->src, first, end)) < 0 ||
	    (error = cmd.text.err) < 0 || !spawns_python(&cmd))
		goto done;
	import_place(where, sizeof(where), ctx->src, c);
	lg_rules__snippet(prog, sizeof(prog), word(&cmd, 0),
			  strlen(word(&cmd, 0)));
	error = lg_rules__report_at(ctx, LG_RULE_IMPORT_PROCESS,
				    LG_SEV_HIGH, false, c->lparen,
				    "'" LG_RULES_NAME "' %s runs '%s'",
				    c->callee, where, prog);
done:
	lg_buf_dispose(&cmd.text);
	return error;
}

int lg_rules__import_process(struct lg_rules__ctx *ctx)
{
	const struct lg_pysrc *src = ctx->src;
	int error = 0;

	size_t guard = 0, guard_end = 0;

	if (ctx->where != LG_RULES_IMPORT)
		return 0;
	/* calls are sorted by lparen: one walk finds the __main__ blocks */
	for (size_t k = 0; k < src->ncalls && !error; k++) {
		const struct lg_pycall *c = &src->calls[k];

		for (; guard < c->lparen && guard < src->ntoks; guard++) {
			size_t e;

			if (src->toks[guard].scope == 0 &&
			    (e = lg_rules__main_guard_end(src, guard)) > guard)
				guard_end = e;
		}
		if (c->lparen < guard_end)
			continue; /* runs as a script, not on import */
		if (lg_rules__where_at(ctx, c->lparen) == LG_RULES_IMPORT &&
		    lg_rules__is_process_call(c->callee))
			error = check_import_call(ctx, c);
	}
	return error;
}
