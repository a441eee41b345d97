/* SPDX-License-Identifier: MIT */
/* requirements files as pip reads them, step by step (FORMATS.md §1 and
 * the vectors' README): decode, split lines, join continuations, strip
 * comments, split requirement from options, read the options (includes
 * through the caller's reader), read the requirement (PEP 508 name, pin,
 * direct reference, bare URL or path). */
#include <ctype.h>
#include <stdlib.h>

#include "lg/buf.h"
#include "lg/lockfile.h"
#include "lockfile_private.h"

struct req_parser {
	struct lg_pkgset *set;         /* where entries go now */
	struct lg_pkgset *requirements; /* what pip installs */
	struct lg_pkgset *constraints;  /* -c files: versions only */
	struct lg_findings *findings;
	const struct lg_lockfile_io *io;
	const char *chain[LG_MAX_INCLUDE_DEPTH]; /* files being read */
	size_t depth;
	size_t reads;    /* include files read, all chains */
	char *index_url; /* last -i/--index-url of the top file, or NULL */
	char *extra_index;  /* first --extra-index-url of any file, or NULL */
	char *extra[LG_MAX_EXTRA_INDEXES]; /* every --extra-index-url */
	size_t nextra;
	char *trusted_host; /* first --trusted-host of any file, or NULL */
};

/* Notes one --extra-index-url (once per URL); the first is extra_index. */
static int add_extra(struct req_parser *p, const char *url)
{
	for (size_t i = 0; i < p->nextra; i++)
		if (strcmp(p->extra[i], url) == 0)
			return 0;
	if (p->nextra >= LG_MAX_EXTRA_INDEXES)
		return lg_error_toobig("more than %u --extra-index-url options",
				       LG_MAX_EXTRA_INDEXES);
	if (!(p->extra[p->nextra] = lg__strdup(url)))
		return lg_error_oom();
	p->nextra++;
	if (!p->extra_index && !(p->extra_index = lg__strdup(url)))
		return lg_error_oom();
	return 0;
}

static int set_extras(struct lg_pkg *pkg, const struct req_parser *p)
{
	if (!p->nextra)
		return 0;
	if (!(pkg->extra_indexes = lg__calloc(p->nextra,
					      sizeof(*pkg->extra_indexes))))
		return lg_error_oom();
	for (size_t i = 0; i < p->nextra; i++, pkg->nextra_indexes++)
		if (!(pkg->extra_indexes[i] = lg__strdup(p->extra[i])))
			return lg_error_oom();
	return 0;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

static struct lg_str str_trim(struct lg_str s)
{
	while (s.len && is_ws(s.ptr[0]))
		s.ptr++, s.len--;
	while (s.len && is_ws(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

static bool str_starts(struct lg_str s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && memcmp(s.ptr, prefix, n) == 0;
}

/* ---- step 3: continuations -------------------------------------------- */

/* pip's COMMENT_RE.match: the line's first non-blank character is '#'. */
static bool is_comment_line(struct lg_str s)
{
	size_t i = 0;

	while (i < s.len && is_ws(s.ptr[i]))
		i++;
	return i < s.len && s.ptr[i] == '#';
}

/* ---- step 4: comments ------------------------------------------------- */

/* pip: "(^|\s+)#.*$" is removed, then the line is stripped. */
static struct lg_str strip_comment(struct lg_str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (s.ptr[i] == '#' && (i == 0 || is_ws(s.ptr[i - 1])))
			return str_trim((struct lg_str){s.ptr, i});
	return str_trim(s);
}

/* ---- hashes ----------------------------------------------------------- */

static int hex_digits_for(struct lg_str algo)
{
	static const struct {
		const char *name;
		int digits;
	} algos[] = {{"md5", 32},    {"sha1", 40},   {"sha224", 56},
		     {"sha256", 64}, {"sha384", 96}, {"sha512", 128}};

	for (size_t i = 0; i < LG_ARRAY_SIZE(algos); i++)
		if (algo.len == strlen(algos[i].name) &&
		    memcmp(algo.ptr, algos[i].name, algo.len) == 0)
			return algos[i].digits;
	return -1;
}

/* "algo:hex" (or "algo=hex" from a URL fragment when sep is '='). */
static int add_hash(struct lg_pkg *pkg, struct lg_str v, char sep,
		    const char *origin, size_t line)
{
	const char *colon = memchr(v.ptr, sep, v.len);
	struct lg_str algo, hex;
	char tmp[8 + 128 + 1];

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
	memcpy(tmp, algo.ptr, algo.len);
	tmp[algo.len] = ':';
	memcpy(tmp + algo.len + 1, hex.ptr, hex.len);
	return lg_pkg_add_hash(pkg, tmp, algo.len + 1 + hex.len);
}

/* ---- options ---------------------------------------------------------- */

enum opt_action {
	OPT_IGNORE,      /* global or per-requirement option with no entry */
	OPT_REQUIREMENT, /* -r: include */
	OPT_CONSTRAINT,  /* -c: include, versions only (installs nothing) */
	OPT_EDITABLE,    /* -e: an editable requirement */
	OPT_INDEX,       /* -i: the index for registry entries */
	OPT_HASH,        /* --hash */
	OPT_EXTRA_INDEX, /* --extra-index-url: noted on every registry entry */
	OPT_TRUSTED_HOST,/* --trusted-host: noted on every registry entry */
};

struct opt_def {
	char short_name; /* 0 if none */
	const char *long_name;
	bool takes_value;
	enum opt_action action;
};

/* pip's requirements-file options (pip/_internal/req/req_file.py), sorted
 * by long name for the prefix search. */
static const struct opt_def opt_table[] = {
	{'c', "--constraint", true, OPT_CONSTRAINT},
	{0, "--config-settings", true, OPT_IGNORE},
	{'e', "--editable", true, OPT_EDITABLE},
	{0, "--extra-index-url", true, OPT_EXTRA_INDEX},
	{'f', "--find-links", true, OPT_IGNORE},
	{0, "--global-option", true, OPT_IGNORE},
	{0, "--hash", true, OPT_HASH},
	{'i', "--index-url", true, OPT_INDEX},
	{0, "--install-option", true, OPT_IGNORE},
	{0, "--no-binary", true, OPT_IGNORE},
	{0, "--no-index", false, OPT_IGNORE},
	{0, "--only-binary", true, OPT_IGNORE},
	{0, "--pre", false, OPT_IGNORE},
	{0, "--prefer-binary", false, OPT_IGNORE},
	{0, "--require-hashes", false, OPT_IGNORE},
	{'r', "--requirement", true, OPT_REQUIREMENT},
	{0, "--trusted-host", true, OPT_TRUSTED_HOST},
	{0, "--use-feature", true, OPT_IGNORE},
};

/* Long option by exact name or unique prefix (as optparse does). */
static const struct opt_def *find_long(struct lg_str name)
{
	const struct opt_def *hit = NULL;

	for (size_t i = 0; i < LG_ARRAY_SIZE(opt_table); i++) {
		const char *l = opt_table[i].long_name;

		if (strlen(l) == name.len && memcmp(l, name.ptr, name.len) == 0)
			return &opt_table[i];
		if (strlen(l) > name.len && memcmp(l, name.ptr, name.len) == 0) {
			if (hit)
				return NULL; /* ambiguous */
			hit = &opt_table[i];
		}
	}
	return hit;
}

static const struct opt_def *find_short(char c)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(opt_table); i++)
		if (opt_table[i].short_name == c)
			return &opt_table[i];
	return NULL;
}

/* Splits the option text like shlex.split: blanks separate words, quotes
 * group, a backslash escapes outside single quotes. Words are written NUL-
 * separated into words. */
static int shell_split(struct lg_buf *words, size_t *count, struct lg_str s,
		       const char *origin, size_t line)
{
	size_t i = 0;
	int error;

	*count = 0;
	while (i < s.len) {
		bool any = false;
		char quote = 0;

		while (i < s.len && is_ws(s.ptr[i]))
			i++;
		if (i >= s.len)
			break;
		for (; i < s.len; i++) {
			char c = s.ptr[i];

			if (quote) {
				if (c == quote) {
					quote = 0;
					continue;
				}
				if (c == '\\' && quote == '"' && i + 1 < s.len &&
				    (s.ptr[i + 1] == '"' || s.ptr[i + 1] == '\\'))
					c = s.ptr[++i];
			} else if (is_ws(c)) {
				break;
			} else if (c == '"' || c == '\'') {
				quote = c;
				any = true;
				continue;
			} else if (c == '\\' && i + 1 < s.len) {
				c = s.ptr[++i];
			}
			if ((error = lg_buf_putc(words, c)) < 0)
				return error;
			any = true;
		}
		if (quote)
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': line %zu: unterminated "
						"quote in options", origin, line);
		if (any) {
			if ((error = lg_buf_putc(words, '\0')) < 0)
				return error;
			(*count)++;
		}
	}
	return 0;
}

struct opt_value {
	const struct opt_def *def;
	const char *value; /* NULL for flags */
};

/* Reads the next option at *w (of the NUL-separated words); *w advances. */
static int next_option(struct opt_value *out, const char **w, const char *end,
		       const char *origin, size_t line)
{
	const char *word = *w;
	const struct opt_def *def = NULL;
	const char *value = NULL;

	*w += strlen(word) + 1;
	if (word[0] != '-' || !word[1])
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: unexpected '%.40s' among "
					"options", origin, line, word);
	if (word[1] == '-') {
		const char *eq = strchr(word, '=');
		struct lg_str name = {word, eq ? (size_t)(eq - word) : strlen(word)};

		def = find_long(name);
		if (def && eq)
			value = eq + 1;
	} else {
		def = find_short(word[1]);
		if (def && word[2])
			value = word + 2;
	}
	if (!def)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
					"'%s': line %zu: unknown or ambiguous "
					"option '%.40s'", origin, line, word);
	if (def->takes_value && !value) {
		if (*w >= end)
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE,
						"'%s': line %zu: option %s needs "
						"a value", origin, line,
						def->long_name);
		value = *w;
		*w += strlen(value) + 1;
	}
	out->def = def;
	out->value = def->takes_value ? value : NULL;
	return 0;
}

/* ---- the requirement -------------------------------------------------- */

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

static const char *const vcs_schemes[] = {"bzr+", "git+", "hg+", "svn+"};

static bool has_vcs_scheme(struct lg_str s)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(vcs_schemes); i++)
		if (str_starts(s, vcs_schemes[i]))
			return true;
	return false;
}

/* A URL with a scheme pip knows ("x://" or "file:"). */
static bool is_url(struct lg_str s)
{
	size_t i = 0;

	if (has_vcs_scheme(s) || str_starts(s, "file:"))
		return true;
	while (i < s.len && (isalnum((unsigned char)s.ptr[i]) || s.ptr[i] == '+'))
		i++;
	return i > 1 && i + 2 < s.len && memcmp(s.ptr + i, "://", 3) == 0;
}

static bool looks_like_path(struct lg_str s)
{
	return s.len && (s.ptr[0] == '.' || s.ptr[0] == '/' || s.ptr[0] == '~' ||
			 memchr(s.ptr, '/', s.len) || memchr(s.ptr, '\\', s.len) ||
			 (s.len > 4 && (memcmp(s.ptr + s.len - 4, ".whl", 4) == 0 ||
					memcmp(s.ptr + s.len - 4, ".zip", 4) == 0)) ||
			 (s.len > 7 && memcmp(s.ptr + s.len - 7, ".tar.gz", 7) == 0));
}

static enum lg_source_kind url_kind(struct lg_str url)
{
	if (has_vcs_scheme(url))
		return LG_SOURCE_VCS;
	if (!is_url(url) || str_starts(url, "file:"))
		return LG_SOURCE_PATH;
	return LG_SOURCE_URL;
}

/* Value of key in a URL fragment ("#egg=x&subdirectory=y"). */
static struct lg_str fragment_value(struct lg_str url, const char *key)
{
	const char *hash = memchr(url.ptr, '#', url.len);
	size_t klen = strlen(key);
	struct lg_str frag;

	if (!hash)
		return (struct lg_str){NULL, 0};
	frag = (struct lg_str){hash + 1, url.len - (size_t)(hash + 1 - url.ptr)};
	while (frag.len) {
		const char *amp = memchr(frag.ptr, '&', frag.len);
		size_t n = amp ? (size_t)(amp - frag.ptr) : frag.len;

		if (n > klen && memcmp(frag.ptr, key, klen) == 0 &&
		    frag.ptr[klen] == '=')
			return (struct lg_str){frag.ptr + klen + 1, n - klen - 1};
		if (!amp)
			break;
		frag.ptr += n + 1;
		frag.len -= n + 1;
	}
	return (struct lg_str){NULL, 0};
}

/* Project name from an archive file name at the end of a URL or path:
 * "x-1.0-py3-none-any.whl", "x-1.0.tar.gz" (name up to the version). */
static struct lg_str name_from_file(struct lg_str url)
{
	const char *end = url.ptr + url.len, *base = url.ptr, *p;
	static const char *const exts[] = {".whl", ".tar.gz", ".zip", ".tar.bz2",
					   ".tar.xz", ".tgz"};
	bool archive = false;

	for (p = url.ptr; p < end; p++)
		if (*p == '#' || *p == '?') {
			end = p;
			break;
		}
	for (p = url.ptr; p < end; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (size_t i = 0; i < LG_ARRAY_SIZE(exts); i++) {
		size_t n = strlen(exts[i]);

		if ((size_t)(end - base) > n && memcmp(end - n, exts[i], n) == 0)
			archive = true;
	}
	if (!archive)
		return (struct lg_str){NULL, 0};
	/* The name ends at the first "-<digit>". */
	for (p = base; p + 1 < end; p++)
		if (*p == '-' && isdigit((unsigned char)p[1]))
			return (struct lg_str){base, (size_t)(p - base)};
	return (struct lg_str){NULL, 0};
}

/* The version of an exact pin ("==1.0" or "===1.0"), else an empty slice. */
static struct lg_str exact_pin(struct lg_str spec)
{
	struct lg_str v = {NULL, 0};
	size_t skip;

	spec = str_trim(spec);
	if (spec.len >= 2 && spec.ptr[0] == '(' && spec.ptr[spec.len - 1] == ')')
		spec = str_trim((struct lg_str){spec.ptr + 1, spec.len - 2});
	if (str_starts(spec, "==="))
		skip = 3;
	else if (str_starts(spec, "=="))
		skip = 2;
	else
		return v;
	v = str_trim((struct lg_str){spec.ptr + skip, spec.len - skip});
	for (size_t i = 0; i < v.len; i++)
		if (v.ptr[i] == ',' || v.ptr[i] == '*' || is_ws(v.ptr[i]))
			return (struct lg_str){NULL, 0};
	return v;
}

static int set_name(struct lg_pkg *pkg, struct lg_str name)
{
	if (!name.len)
		return 0;
	/* A name that is not a valid project name is no name. */
	if (lg_name_canonical(&pkg->name, name.ptr, name.len) < 0)
		lg_error_clear();
	return 0;
}

static int set_str(char **out, struct lg_str s)
{
	if (!(*out = lg__strndup(s.ptr ? s.ptr : "", s.len)))
		return lg_error_oom();
	return 0;
}

/* A URL or path requirement (direct reference or bare). */
static int fill_url(struct lg_pkg *pkg, struct lg_str url, const char *origin,
		    size_t line)
{
	struct lg_str h = fragment_value(url, "sha256");
	int error;

	if (pkg->source != LG_SOURCE_EDITABLE)
		pkg->source = url_kind(url);
	if (!pkg->name) {
		struct lg_str egg = fragment_value(url, "egg");

		if ((error = set_name(pkg, egg.len ? egg : name_from_file(url))) < 0)
			return error;
	}
	if (h.len) {
		struct lg_str v = {h.ptr - 7, h.len + 7}; /* "sha256=hex" */

		if ((error = add_hash(pkg, v, '=', origin, line)) < 0)
			return error;
	}
	return set_str(&pkg->source_url, url);
}

/* "name[extras] spec ; marker", "name @ url ; marker", a URL or a path. */
static int parse_requirement(struct lg_pkg *pkg, struct lg_str req,
			     const char *origin, size_t line)
{
	struct lg_str name, rest, marker = {NULL, 0};
	size_t i = 0;
	int error;

	/* Markers: "; " after a URL (it may hold ';'), ';' otherwise. */
	if (is_url(req) || looks_like_path(req) || memchr(req.ptr, '@', req.len)) {
		const char *m = NULL;

		for (size_t k = 0; k + 1 < req.len && !m; k++)
			if (req.ptr[k] == ';' && is_ws(req.ptr[k + 1]))
				m = req.ptr + k;
		if (m) {
			marker = (struct lg_str){m + 1, req.len - (size_t)(m + 1 - req.ptr)};
			req.len = (size_t)(m - req.ptr);
		}
	} else {
		const char *m = memchr(req.ptr, ';', req.len);

		if (m) {
			marker = (struct lg_str){m + 1, req.len - (size_t)(m + 1 - req.ptr)};
			req.len = (size_t)(m - req.ptr);
		}
	}
	req = str_trim(req);
	marker = str_trim(marker);
	if (marker.len && (error = set_str(&pkg->markers, marker)) < 0)
		return error;
	if ((error = set_str(&pkg->spec, req)) < 0)
		return error;
	if (is_url(req) || (looks_like_path(req) && !memchr(req.ptr, '@', req.len)))
		return fill_url(pkg, req, origin, line);
	while (i < req.len && is_name_char(req.ptr[i]))
		i++;
	name = (struct lg_str){req.ptr, i};
	while (i < req.len && is_ws(req.ptr[i]))
		i++;
	if (i < req.len && req.ptr[i] == '[') {
		const char *end = memchr(req.ptr + i, ']', req.len - i);

		if (!end) {
			pkg->source = LG_SOURCE_UNKNOWN;
			return 0;
		}
		i = (size_t)(end - req.ptr) + 1;
		while (i < req.len && is_ws(req.ptr[i]))
			i++;
	}
	if ((error = set_name(pkg, name)) < 0)
		return error;
	if (!pkg->name) {
		pkg->source = LG_SOURCE_UNKNOWN;
		return 0;
	}
	rest = (struct lg_str){req.ptr + i, req.len - i};
	if (rest.len && rest.ptr[0] == '@')
		return fill_url(pkg, str_trim((struct lg_str){rest.ptr + 1,
							       rest.len - 1}),
				origin, line);
	{
		struct lg_str pin = exact_pin(rest);

		if (pin.len && (error = set_str(&pkg->version, pin)) < 0)
			return error;
	}
	return 0;
}

/* ---- lines ------------------------------------------------------------ */

static int parse_file(struct req_parser *p, const char *buf, size_t len,
		      const char *origin);

static int add_entry(struct req_parser *p, struct lg_pkg *pkg,
		     const char *origin)
{
	if (p->depth > 1 && !pkg->file && !(pkg->file = lg__strdup(origin))) {
		lg_pkg_dispose(pkg);
		return lg_error_oom();
	}
	return lg_pkgset_add_new(p->set, pkg);
}

/* -r (constraint false) or -c: a file relative to the including one,
 * read through the caller's reader; a constraints file (and what it
 * includes) only constrains. */
static int include(struct req_parser *p, const char *target,
		   const char *origin, size_t line, bool constraint)
{
	struct lg_pkgset *saved = p->set;
	struct lg_buf path = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	struct lg_buf data = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	const char *slash = strrchr(origin, '/');
	int error = 0;

	if (!p->io || strstr(target, "://"))
		return 0; /* remote includes are not followed */
	if (target[0] != '/' && slash &&
	    (error = lg_buf_put(&path, origin, (size_t)(slash - origin) + 1)) < 0)
		goto done;
	if ((error = lg_buf_puts(&path, target)) < 0 ||
	    (error = lg_lockfile__path_normalize(&path)) < 0)
		goto done;
	for (size_t i = 0; i < p->depth; i++)
		if (strcmp(p->chain[i], path.ptr) == 0)
			goto done; /* already being read: adds nothing more */
	if (++p->reads > LG_MAX_INCLUDE_FILES) {
		error = lg_error_toobig("'%s': line %zu: more than %u included "
					"files", origin, line,
					LG_MAX_INCLUDE_FILES);
		goto done;
	}
	if (p->depth >= LG_MAX_INCLUDE_DEPTH) {
		error = lg_error_toobig("'%s': line %zu: includes nested deeper "
					"than %u", origin, line,
					LG_MAX_INCLUDE_DEPTH);
		goto done;
	}
	error = p->io->read(&data, path.ptr, p->io->payload);
	if (error == LG_ENOTFOUND) { /* pip reads only files that exist */
		lg_error_clear();
		error = 0;
		goto done;
	}
	if (error < 0)
		goto done;
	if (constraint)
		p->set = p->constraints;
	error = parse_file(p, data.ptr, data.len, path.ptr);
	p->set = saved;
done:
	lg_buf_dispose(&path);
	lg_buf_dispose(&data);
	return error;
}

static int handle_options(struct req_parser *p, struct lg_pkg *pkg,
			  struct lg_str opts, bool have_req, const char *origin,
			  size_t line)
{
	struct lg_buf words = LG_BUF_INIT(LG_MAX_LOCKFILE_LINE + 1);
	size_t count;
	const char *w, *end;
	int error;

	if ((error = shell_split(&words, &count, opts, origin, line)) < 0)
		goto done;
	w = words.ptr;
	end = words.ptr + words.len;
	while (w && w < end) {
		struct opt_value o = {0};

		if ((error = next_option(&o, &w, end, origin, line)) < 0)
			goto done;
		switch (o.def->action) {
		case OPT_HASH:
			if (have_req && (error = add_hash(pkg, (struct lg_str){o.value, strlen(o.value)},
							 ':', origin, line)) < 0)
				goto done;
			break;
		case OPT_REQUIREMENT:
			if (!have_req && (error = include(p, o.value, origin, line,
							 false)) < 0)
				goto done;
			break;
		case OPT_CONSTRAINT:
			if (!have_req && (error = include(p, o.value, origin, line,
							 true)) < 0)
				goto done;
			break;
		case OPT_EDITABLE:
			if (!have_req) {
				struct lg_pkg e = {0};

				e.line = line;
				e.source = LG_SOURCE_EDITABLE;
				if ((error = set_str(&e.spec, (struct lg_str){o.value, strlen(o.value)})) < 0 ||
				    (error = fill_url(&e, (struct lg_str){o.value, strlen(o.value)},
						      origin, line)) < 0) {
					lg_pkg_dispose(&e);
					goto done;
				}
				/* Editable installs are not hash-checked. */
				for (size_t i = 0; i < e.nhashes; i++)
					lg__free(e.hashes[i]);
				lg__free(e.hashes);
				e.hashes = NULL;
				e.nhashes = 0;
				e.source = LG_SOURCE_EDITABLE;
				if ((error = add_entry(p, &e, origin)) < 0)
					goto done;
			}
			break;
		case OPT_INDEX:
			if (!have_req && p->depth == 1) {
				lg__free(p->index_url);
				if (!(p->index_url = lg__strdup(o.value))) {
					error = lg_error_oom();
					goto done;
				}
			}
			break;
		case OPT_EXTRA_INDEX:
			if (!have_req && (error = add_extra(p, o.value)) < 0)
				goto done;
			break;
		case OPT_TRUSTED_HOST: {
			char **slot = &p->trusted_host;

			if (!have_req && !*slot && !(*slot = lg__strdup(o.value))) {
				error = lg_error_oom();
				goto done;
			}
			break;
		}
		case OPT_IGNORE:
			break;
		}
	}
	error = 0;
done:
	if (error == LG_ETOOBIG && words.len >= LG_MAX_LOCKFILE_LINE)
		lg_error_toobig("'%s': line %zu: options longer than %u bytes",
				origin, line, LG_MAX_LOCKFILE_LINE);
	lg_buf_dispose(&words);
	return error;
}

/* ---- step 5: environment variables --------------------------------- */

/* pip's ${NAME} (NAME of A-Z, 0-9, _) with the value io gives; an unset
 * one (or a longer name than any environment has) stays as written. */
static int expand_env(struct lg_buf *out, struct lg_str s,
		      const struct lg_lockfile_io *io)
{
	char name[256];
	int error = 0;

	for (size_t i = 0; i < s.len && !error;) {
		size_t j = i + 2, n;
		const char *v = NULL;

		if (s.ptr[i] != '$' || i + 1 >= s.len || s.ptr[i + 1] != '{') {
			error = lg_buf_putc(out, s.ptr[i++]);
			continue;
		}
		while (j < s.len && ((s.ptr[j] >= 'A' && s.ptr[j] <= 'Z') ||
				     (s.ptr[j] >= '0' && s.ptr[j] <= '9') ||
				     s.ptr[j] == '_'))
			j++;
		n = j - i - 2;
		if (j < s.len && s.ptr[j] == '}' && n && n < sizeof(name)) {
			memcpy(name, s.ptr + i + 2, n);
			name[n] = '\0';
			v = io->env(name, io->env_payload);
		}
		if (v) {
			error = lg_buf_puts(out, v);
			i = j + 1;
		} else {
			error = lg_buf_putc(out, s.ptr[i++]);
		}
	}
	if (error == LG_ETOOBIG)
		lg_error_toobig("a line longer than %zu bytes once ${VAR} is "
				"expanded", out->max);
	return error;
}

/* One logical line: pip splits on single spaces; the first word starting
 * with '-' begins the options. */
static int handle_logical_line(struct req_parser *p, struct lg_str text,
			       const char *origin, size_t line)
{
	struct lg_buf ex = LG_BUF_INIT(LG_MAX_LOCKFILE_BYTES);
	struct lg_str s = strip_comment(text), req, opts;
	struct lg_pkg pkg = {0};
	size_t split;
	int error = 0;

	if (!s.len)
		return 0;
	/* pip expands after joining lines and dropping comments. */
	if (p->io && p->io->env && memmem(s.ptr, s.len, "${", 2)) {
		if ((error = expand_env(&ex, s, p->io)) < 0)
			goto done;
		s = (struct lg_str){ex.ptr, ex.len};
	}
	split = s.len;
	for (size_t i = 0; i < s.len; i++)
		if (s.ptr[i] == '-' && (i == 0 || s.ptr[i - 1] == ' ')) {
			split = i;
			break;
		}
	req = str_trim((struct lg_str){s.ptr, split});
	opts = (struct lg_str){s.ptr + split, s.len - split};
	if (!req.len) {
		error = handle_options(p, NULL, opts, false, origin, line);
		goto done;
	}
	pkg.line = line;
	if ((error = parse_requirement(&pkg, req, origin, line)) < 0 ||
	    (error = handle_options(p, &pkg, opts, true, origin, line)) < 0) {
		lg_pkg_dispose(&pkg);
		goto done;
	}
	error = add_entry(p, &pkg, origin);
done:
	lg_buf_dispose(&ex);
	return error;
}

/* Python's str.splitlines() boundaries in UTF-8: \n \r \r\n \v \f \x1c
 * \x1d \x1e U+0085 U+2028 U+2029. Returns the length of the break at
 * p[i] (0 if none). */
static size_t line_break_at(const char *p, size_t i, size_t len)
{
	unsigned char c = (unsigned char)p[i];

	if (c == '\r')
		return i + 1 < len && p[i + 1] == '\n' ? 2 : 1;
	if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e))
		return 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)p[i + 1] == 0x85)
		return 2;
	if (c == 0xE2 && i + 2 < len && (unsigned char)p[i + 1] == 0x80 &&
	    ((unsigned char)p[i + 2] == 0xA8 || (unsigned char)p[i + 2] == 0xA9))
		return 3;
	return 0;
}

/* Joins continuation lines as pip's join_lines(): a line ending in '\'
 * (not a comment line) loses the backslashes at both ends and is joined
 * to the next with nothing between; a comment line ends the continuation
 * and is swallowed by it; '\' on the last line joins nothing. */
static int parse_lines(struct req_parser *p, const char *buf, size_t len,
		       const char *origin)
{
	struct lg_buf logical = LG_BUF_INIT(LG_MAX_LOCKFILE_LINE);
	size_t pos = 0, lineno = 0, start_line = 0;
	bool joining = false;
	int error = 0;

	while (pos < len && !error) {
		size_t end = pos, brk = 0;
		struct lg_str line;

		while (end < len && !(brk = line_break_at(buf, end, len)))
			end++;
		line = (struct lg_str){buf + pos, end - pos};
		pos = end + brk;
		lineno++;
		if (line.len && line.ptr[line.len - 1] == '\\' &&
		    !is_comment_line(line)) {
			if (!joining)
				start_line = lineno;
			joining = true;
			while (line.len && line.ptr[0] == '\\')
				line.ptr++, line.len--;
			while (line.len && line.ptr[line.len - 1] == '\\')
				line.len--;
			error = lg_buf_put(&logical, line.ptr, line.len);
			continue;
		}
		if (!joining) {
			error = handle_logical_line(p, line, origin, lineno);
			continue;
		}
		if (is_comment_line(line))
			error = lg_buf_putc(&logical, ' ');
		if (!error)
			error = lg_buf_put(&logical, line.ptr, line.len);
		if (!error)
			error = handle_logical_line(
				p, (struct lg_str){logical.ptr, logical.len},
				origin, start_line);
		lg_buf_reset(&logical);
		joining = false;
	}
	if (!error && joining)
		error = handle_logical_line(
			p, (struct lg_str){logical.ptr, logical.len}, origin,
			start_line);
	if (error == LG_ETOOBIG && logical.len >= LG_MAX_LOCKFILE_LINE)
		lg_error_toobig("'%s': line %zu: logical line longer than %u "
				"bytes", origin, start_line,
				LG_MAX_LOCKFILE_LINE);
	lg_buf_dispose(&logical);
	return error;
}

static int parse_file(struct req_parser *p, const char *buf, size_t len,
		      const char *origin)
{
	struct lg_buf text = LG_BUF_INIT(4 * (size_t)LG_MAX_LOCKFILE_BYTES);
	int error;

	if (len > LG_MAX_LOCKFILE_BYTES)
		return lg_error_toobig("'%s': larger than %u bytes", origin,
				       LG_MAX_LOCKFILE_BYTES);
	if ((error = lg_lockfile__decode_text(&text, buf, len, origin)) < 0)
		goto done;
	p->chain[p->depth++] = origin;
	error = parse_lines(p, text.ptr, text.len, origin);
	p->depth--;
done:
	lg_buf_dispose(&text);
	return error;
}

/* A constraint pinning a registry requirement that names no version gives
 * it its version (and hashes, when it has none): that is what pip
 * installs. The entry then points at the constraint's line. */
static int apply_constraint(struct lg_pkg *pkg, const struct lg_pkg *c)
{
	int error;

	if (!(pkg->version = lg__strdup(c->version)))
		return lg_error_oom();
	for (size_t i = 0; !pkg->nhashes && i < c->nhashes; i++)
		if ((error = lg_pkg_add_hash(pkg, c->hashes[i],
					     strlen(c->hashes[i]))) < 0)
			return error;
	lg__free(pkg->file);
	if (c->file && !(pkg->file = lg__strdup(c->file)))
		return lg_error_oom();
	if (!c->file)
		pkg->file = NULL;
	pkg->line = c->line;
	return 0;
}

static int apply_constraints(struct req_parser *p)
{
	int error;

	for (size_t i = 0; i < p->requirements->npkgs; i++) {
		struct lg_pkg *pkg = &p->requirements->pkgs[i];

		if (pkg->version || !pkg->name || pkg->source != LG_SOURCE_REGISTRY)
			continue;
		for (size_t j = 0; j < p->constraints->npkgs; j++) {
			const struct lg_pkg *c = &p->constraints->pkgs[j];

			if (!c->name || !c->version || c->source != LG_SOURCE_REGISTRY ||
			    strcmp(c->name, pkg->name) != 0)
				continue;
			if ((error = apply_constraint(pkg, c)) < 0)
				return error;
			break;
		}
	}
	return 0;
}

int lg_lockfile_parse_requirements(struct lg_pkgset **out,
				   struct lg_findings *findings,
				   const char *buf, size_t len,
				   const char *origin,
				   const struct lg_lockfile_io *io)
{
	struct req_parser p = {0};
	int error;

	LG_ASSERT_ARG(out && (buf || !len) && origin);
	*out = NULL;
	p.findings = findings;
	p.io = io;
	if ((error = lg_pkgset_new(&p.requirements, origin)) < 0)
		return error;
	if ((error = lg_pkgset_new(&p.constraints, origin)) < 0)
		goto done;
	p.set = p.requirements;
	if ((error = parse_file(&p, buf, len, origin)) < 0 ||
	    (error = apply_constraints(&p)) < 0)
		goto done;
	/* -i, --extra-index-url and --trusted-host apply to every registry
	 * entry of the file. */
	for (size_t i = 0; i < p.requirements->npkgs; i++) {
		struct lg_pkg *pkg = &p.requirements->pkgs[i];

		if (pkg->source != LG_SOURCE_REGISTRY)
			continue;
		if ((p.index_url && !pkg->source_url &&
		     !(pkg->source_url = lg__strdup(p.index_url))) ||
		    (p.extra_index &&
		     !(pkg->extra_index = lg__strdup(p.extra_index))) ||
		    set_extras(pkg, &p) < 0 ||
		    (p.trusted_host &&
		     !(pkg->trusted_host = lg__strdup(p.trusted_host)))) {
			error = lg_error_oom();
			goto done;
		}
	}
	error = lg_pkgset_normalize(p.requirements);
done:
	lg__free(p.index_url);
	lg__free(p.extra_index);
	for (size_t i = 0; i < p.nextra; i++)
		lg__free(p.extra[i]);
	lg__free(p.trusted_host);
	lg_pkgset_free(p.constraints);
	if (error < 0) {
		lg_pkgset_free(p.requirements);
		return error;
	}
	*out = p.requirements;
	return 0;
}
