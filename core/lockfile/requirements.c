/* SPDX-License-Identifier: MIT */
/* requirements.txt as pip reads it: continuations, comments, pins and
 * --hash options. Includes (-r/-c) and index options are recognised and
 * left to later stages. */
#include <ctype.h>

#include "lg/buf.h"
#include "lg/lockfile.h"

struct req_parser {
	struct lg_pkgset *set;
	struct lg_findings *findings;
	const char *origin;
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static struct lg_str str_trim(struct lg_str s)
{
	while (s.len && (is_ws(s.ptr[0]) || s.ptr[0] == '\r'))
		s.ptr++, s.len--;
	while (s.len && (is_ws(s.ptr[s.len - 1]) || s.ptr[s.len - 1] == '\r'))
		s.len--;
	return s;
}

/* pip: "(^|\s+)#.*$" is removed. */
static struct lg_str strip_comment(struct lg_str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (s.ptr[i] == '#' && (i == 0 || is_ws(s.ptr[i - 1])))
			return str_trim((struct lg_str){s.ptr, i});
	return str_trim(s);
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

static int hex_digits_for(struct lg_str algo)
{
	static const struct {
		const char *name;
		int digits;
	} algos[] = {{"sha256", 64}, {"sha384", 96}, {"sha512", 128}};

	for (size_t i = 0; i < LG_ARRAY_SIZE(algos); i++)
		if (algo.len == strlen(algos[i].name) &&
		    memcmp(algo.ptr, algos[i].name, algo.len) == 0)
			return algos[i].digits;
	return -1;
}

static int add_hash(struct lg_pkg *pkg, struct lg_str v, const char *origin,
		    size_t line)
{
	const char *colon = memchr(v.ptr, ':', v.len);
	struct lg_str algo, hex;
	char **hashes, *h;

	if (!colon)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: --hash needs algo:hex",
					origin, line);
	algo = (struct lg_str){v.ptr, (size_t)(colon - v.ptr)};
	hex = (struct lg_str){colon + 1, v.len - algo.len - 1};
	if (hex_digits_for(algo) != (int)hex.len)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: unsupported or malformed "
					"hash '%.*s'", origin, line,
					(int)(algo.len > 16 ? 16 : algo.len),
					algo.ptr);
	for (size_t i = 0; i < hex.len; i++)
		if (!isxdigit((unsigned char)hex.ptr[i]))
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': line %zu: hash is not hex",
						origin, line);
	if (pkg->nhashes >= LG_MAX_HASHES_PER_PACKAGE)
		return lg_error_toobig("'%s': line %zu: more than %u hashes",
				       origin, line, LG_MAX_HASHES_PER_PACKAGE);
	hashes = lg__reallocarray(pkg->hashes, pkg->nhashes + 1, sizeof(char *));
	if (!hashes)
		return lg_error_oom();
	pkg->hashes = hashes;
	if (!(h = lg__strndup(v.ptr, v.len)))
		return lg_error_oom();
	for (char *p = h; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	pkg->hashes[pkg->nhashes++] = h;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the option part of a requirement line: --hash=X / --hash X. Other
 * per-requirement options (--config-settings) are accepted and ignored. */
static int parse_req_options(struct lg_pkg *pkg, struct lg_str opts,
			     const char *origin, size_t line)
{
	size_t i = 0;
	bool want_hash = false;
	int error;

	while (i < opts.len) {
		struct lg_str tok;

		while (i < opts.len && is_ws(opts.ptr[i]))
			i++;
		tok.ptr = opts.ptr + i;
		while (i < opts.len && !is_ws(opts.ptr[i]))
			i++;
		tok.len = (size_t)(opts.ptr + i - tok.ptr);
		if (!tok.len)
			break;
		if (want_hash) {
			if ((error = add_hash(pkg, tok, origin, line)) < 0)
				return error;
			want_hash = false;
		} else if (tok.len > 7 && memcmp(tok.ptr, "--hash=", 7) == 0) {
			tok.ptr += 7, tok.len -= 7;
			if ((error = add_hash(pkg, tok, origin, line)) < 0)
				return error;
		} else if (tok.len == 6 && memcmp(tok.ptr, "--hash", 6) == 0) {
			want_hash = true;
		}
	}
	if (want_hash)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: --hash without a value",
					origin, line);
	if (pkg->nhashes > 1)
		qsort(pkg->hashes, pkg->nhashes, sizeof(char *), cmp_str);
	return 0;
}

/* The version of an exact pin ("==1.0" or "===1.0"), else an empty slice. */
static struct lg_str exact_pin(struct lg_str spec)
{
	struct lg_str v = {NULL, 0};
	size_t skip;

	spec = str_trim(spec);
	if (spec.len >= 2 && spec.ptr[0] == '(' && spec.ptr[spec.len - 1] == ')')
		spec = str_trim((struct lg_str){spec.ptr + 1, spec.len - 2});
	if (spec.len > 3 && memcmp(spec.ptr, "===", 3) == 0)
		skip = 3;
	else if (spec.len > 2 && memcmp(spec.ptr, "==", 2) == 0)
		skip = 2;
	else
		return v;
	v = str_trim((struct lg_str){spec.ptr + skip, spec.len - skip});
	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] == ',' || v.ptr[i] == '*' || is_ws(v.ptr[i]))
			return (struct lg_str){NULL, 0};
	return v;
}

static int fill_pkg(struct lg_pkg *pkg, struct lg_str name, struct lg_str spec,
		    bool canonical)
{
	struct lg_str pin = exact_pin(spec);
	int error;

	if (canonical) {
		if ((error = lg_name_canonical(&pkg->name, name.ptr, name.len)) < 0)
			return error;
	} else if (!(pkg->name = lg__strndup(name.ptr, name.len))) {
		return lg_error_oom();
	}
	spec = str_trim(spec);
	if (!(pkg->spec = lg__strndup(spec.ptr, spec.len)))
		return lg_error_oom();
	if (pin.len && !(pkg->version = lg__strndup(pin.ptr, pin.len)))
		return lg_error_oom();
	return 0;
}

/* Splits "name[extras] spec ; marker" into name and spec. */
static int parse_requirement(struct lg_pkg *pkg, struct lg_str req,
			     const char *origin, size_t line)
{
	size_t i = 0;
	struct lg_str name, spec;
	const char *semi;

	while (i < req.len && is_name_char(req.ptr[i]))
		i++;
	name = (struct lg_str){req.ptr, i};
	while (i < req.len && is_ws(req.ptr[i]))
		i++;
	/* Bare paths and URLs: pip accepts them, nothing pins them. */
	if ((i >= req.len || req.ptr[i] != '@') &&
	    (req.ptr[0] == '.' || req.ptr[0] == '/' ||
	     memmem(req.ptr, req.len, "://", 3)))
		return fill_pkg(pkg, req, (struct lg_str){"", 0}, false);
	if (!name.len)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: cannot read a project "
					"name", origin, line);
	if (i < req.len && req.ptr[i] == '[') {
		const char *end = memchr(req.ptr + i, ']', req.len - i);

		if (!end)
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': line %zu: unterminated "
						"extras", origin, line);
		i = (size_t)(end - req.ptr) + 1;
	}
	spec = (struct lg_str){req.ptr + i, req.len - i};
	if ((semi = memchr(spec.ptr, ';', spec.len)) && !memchr(spec.ptr, '@', spec.len))
		spec.len = (size_t)(semi - spec.ptr);
	return fill_pkg(pkg, name, spec, true);
}

/* First " -" that starts the option part (pip splits on single spaces). */
static size_t options_start(struct lg_str s)
{
	if (s.len && s.ptr[0] == '-')
		return 0;
	for (size_t i = 1; i < s.len; i++)
		if (s.ptr[i] == '-' && s.ptr[i - 1] == ' ')
			return i;
	return s.len;
}

static int handle_option_line(struct req_parser *p, struct lg_str opts,
			      size_t line)
{
	struct lg_pkg pkg = {0};
	struct lg_str rest;
	int error;

	if (opts.len > 2 && (memcmp(opts.ptr, "-e ", 3) == 0 ||
			     (opts.len > 11 && memcmp(opts.ptr, "--editable", 10) == 0))) {
		rest = str_trim((struct lg_str){opts.ptr + 2, opts.len - 2});
		if (opts.ptr[1] == '-')
			rest = str_trim((struct lg_str){opts.ptr + 11, opts.len - 11});
		if ((error = fill_pkg(&pkg, rest, (struct lg_str){"-e", 2}, false)) < 0)
			goto done;
		pkg.line = line;
		return lg_pkgset_add_new(p->set, &pkg);
	}
	/* Global options (-r, -c, -i, --extra-index-url, ...): later stages. */
	error = 0;
done:
	lg_pkg_dispose(&pkg);
	return error;
}

static int handle_logical_line(struct req_parser *p, struct lg_str text,
			       size_t line)
{
	struct lg_pkg pkg = {0};
	struct lg_str s = strip_comment(text), req, opts;
	size_t split;
	int error;

	if (!s.len)
		return 0;
	split = options_start(s);
	req = str_trim((struct lg_str){s.ptr, split});
	opts = (struct lg_str){s.ptr + split, s.len - split};
	if (!req.len)
		return handle_option_line(p, opts, line);
	pkg.line = line;
	if ((error = parse_requirement(&pkg, req, p->origin, line)) < 0 ||
	    (error = parse_req_options(&pkg, opts, p->origin, line)) < 0) {
		lg_pkg_dispose(&pkg);
		return error;
	}
	return lg_pkgset_add_new(p->set, &pkg);
}

static bool is_comment_line(struct lg_str s)
{
	s = str_trim(s);
	return s.len && s.ptr[0] == '#';
}

/* Joins continuation lines; a comment line ends a continuation (pip). */
static int parse_lines(struct req_parser *p, const char *buf, size_t len)
{
	struct lg_buf logical = LG_BUF_INIT(LG_MAX_LOCKFILE_LINE);
	size_t pos = 0, lineno = 0, start_line = 0;
	int error = 0;

	while (pos < len && !error) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		struct lg_str line = {buf + pos, end - pos};
		bool cont;

		lineno++;
		pos = nl ? end + 1 : len;
		if (line.len && line.ptr[line.len - 1] == '\r')
			line.len--;
		if (!logical.len)
			start_line = lineno;
		cont = line.len && line.ptr[line.len - 1] == '\\' &&
		       !is_comment_line(line);
		if (cont)
			line.len--;
		if ((error = lg_buf_put(&logical, line.ptr, line.len)) < 0 ||
		    (error = lg_buf_putc(&logical, ' ')) < 0) {
			if (error == LG_ETOOBIG)
				lg_error_toobig("'%s': line %zu: logical line "
						"longer than %u bytes", p->origin,
						start_line, LG_MAX_LOCKFILE_LINE);
			break;
		}
		if (cont)
			continue;
		error = handle_logical_line(
			p, (struct lg_str){logical.ptr, logical.len}, start_line);
		lg_buf_reset(&logical);
	}
	if (!error && logical.len)
		error = handle_logical_line(
			p, (struct lg_str){logical.ptr, logical.len}, start_line);
	lg_buf_dispose(&logical);
	return error;
}

int lg_lockfile_parse_requirements(struct lg_pkgset **out,
				   struct lg_findings *findings,
				   const char *buf, size_t len,
				   const char *origin)
{
	struct req_parser p = {NULL, findings, origin};
	int error;

	LG_ASSERT_ARG(out && (buf || !len) && origin);
	*out = NULL;
	if (len > LG_MAX_LOCKFILE_BYTES)
		return lg_error_toobig("'%s': larger than %u bytes", origin,
				       LG_MAX_LOCKFILE_BYTES);
	if (memchr(buf, '\0', len))
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': contains a NUL byte", origin);
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	if ((error = lg_pkgset_new(&p.set, origin)) < 0)
		return error;
	if ((error = parse_lines(&p, buf, len)) < 0) {
		lg_pkgset_free(p.set);
		return error;
	}
	*out = p.set;
	return 0;
}
