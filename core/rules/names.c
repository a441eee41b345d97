/* SPDX-License-Identifier: MIT */
/* Name sets the rules match resolved callees and words against. Every
 * table is sorted (strcmp) for bsearch; lg_rules__check_names() and the
 * unit tests keep it so. */
#include <stdlib.h>

#include "lg/pysrc.h"
#include "rules_private.h"

struct name_table {
	const char *what;
	const char *const *v;
	size_t n;
};

#define NAME_TABLE(what, v) {(what), (v), LG_ARRAY_SIZE(v)}

static const char *const decoders[] = {
	"base64.a85decode",      "base64.b16decode",
	"base64.b32decode",      "base64.b32hexdecode",
	"base64.b64decode",      "base64.b85decode",
	"base64.decodebytes",    "base64.decodestring",
	"base64.standard_b64decode", "base64.urlsafe_b64decode",
	"binascii.a2b_base64",   "binascii.a2b_hex",
	"binascii.unhexlify",    "bytearray.fromhex",
	"bytes.fromhex",         "bz2.decompress",
	"codecs.decode",         "gzip.decompress",
	"lzma.decompress",       "marshal.loads",
	"zlib.decompress",
};

static const char *const exec_sinks[] = {"compile", "eval", "exec"};

/* Last components that decode whatever the receiver is (Fernet(k).decrypt,
 * an unresolved module alias's b64decode, ...). */
static const char *const decoder_methods[] = {
	"a2b_base64", "a85decode",  "b16decode",   "b32decode",
	"b64decode",  "b85decode",  "decodebytes", "decompress",
	"decrypt",    "fromhex",    "unhexlify",   "urlsafe_b64decode",
};

/* Prefixes that name the builtins module. */
static const char *const builtin_modules[] = {
	"__builtin__.", "__builtins__.", "builtins.",
};

static const char *const process_calls[] = {
	"asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell",
	"commands.getoutput",     "commands.getstatusoutput",
	"os.popen",               "os.popen2",
	"os.popen3",              "os.popen4",
	"os.posix_spawn",         "os.posix_spawnp",
	"os.startfile",           "os.system",
	"pty.spawn",              "subprocess.Popen",
	"subprocess.call",        "subprocess.check_call",
	"subprocess.check_output", "subprocess.getoutput",
	"subprocess.getstatusoutput", "subprocess.run",
};

/* os.exec* and os.spawn* are whole families. */
static const char *const process_prefixes[] = {"os.exec", "os.spawn"};

static const char *const build_tools[] = {
	"c++",      "cc",     "clang",  "clang++",    "cmake",  "cython",
	"g++",      "gcc",    "git",    "ldconfig",   "make",   "ninja",
	"nvcc",     "pandoc", "pkg-config", "protoc", "sw_vers", "twine",
	"uname",    "xcrun",
};

static const char *const git_readonly[] = {
	"describe", "log",	 "ls-files", "rev-parse",
	"status",   "submodule", "tag",
};

/* PEP 517 backends (module part of build-backend) of well-known build
 * tools; anything else is install.pep517-backend low. */
static const char *const known_backends[] = {
	"enscons",
	"flit.buildapi",
	"flit_core.buildapi",
	"hatchling.build",
	"jupyter_packaging.build_api",
	"maturin",
	"mesonpy",
	"pbr.build",
	"pdm.backend",
	"pdm.pep517.api",
	"poetry.core.masonry.api",
	"poetry.masonry.api",
	"scikit_build_core.build",
	"setuptools.build_meta",
	"sipbuild.api",
	"uv_build",
	"whey",
};

/* Identifiers that make a .pth line or a `python -c` probe dangerous. */
static const char *const danger_words[] = {
	"DEVNULL",    "Popen",      "a2b_base64", "a85decode",  "b16decode",
	"b32decode",  "b64decode",  "b85decode",  "base64",     "binascii",
	"bz2",        "check_call", "check_output", "codecs",   "compile",
	"ctypes",     "decodebytes", "decompress", "eval",      "fromhex",
	"getoutput",  "getstatusoutput", "gzip",  "http",       "httplib",
	"httpx",      "lzma",       "marshal",    "popen",      "pty",
	"requests",   "socket",     "subprocess", "unhexlify",  "urllib",
	"urllib2",    "urllib3",    "urlopen",    "urlretrieve", "zlib",
};

static const char *const danger_prefixes[] = {"exec", "spawn"};

/* Builtins and module names worth disguising (obf.unicode-identifiers),
 * besides the danger words. */
static const char *const disguised_names[] = {
	"__builtins__", "__import__", "builtins", "getattr", "globals",
	"import_module", "locals",    "open",     "os",      "setattr",
	"sys",          "system",     "vars",
};

static const struct name_table all_tables[] = {
	NAME_TABLE("decoders", decoders),
	NAME_TABLE("exec sinks", exec_sinks),
	NAME_TABLE("decoder methods", decoder_methods),
	NAME_TABLE("builtin modules", builtin_modules),
	NAME_TABLE("process calls", process_calls),
	NAME_TABLE("build tools", build_tools),
	NAME_TABLE("git sub-commands", git_readonly),
	NAME_TABLE("danger words", danger_words),
	NAME_TABLE("known build backends", known_backends),
	NAME_TABLE("disguised names", disguised_names),
};

struct key {
	const char *p;
	size_t n;
};

static int compare_key(const void *key, const void *elem)
{
	const struct key *k = key;
	const char *w = *(const char *const *)elem;
	int c = strncmp(k->p, w, k->n);

	return c ? c : (w[k->n] ? -1 : 0);
}

static bool in_table(const char *const *v, size_t n, const char *p,
		     size_t len)
{
	struct key k = {p, len};

	if (memchr(p, '\0', len))
		return false;
	return bsearch(&k, v, n, sizeof(v[0]), compare_key) != NULL;
}

static bool has_prefix(const char *const *v, size_t n, const char *p,
		       size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (len >= strlen(v[i]) && !memcmp(p, v[i], strlen(v[i])))
			return true;
	return false;
}

#define IN(table, p, n) in_table((table), LG_ARRAY_SIZE(table), (p), (n))

bool lg_rules__is_decoder(const char *callee)
{
	const char *last = strrchr(callee, '.');

	if (IN(decoders, callee, strlen(callee)))
		return true;
	return last && IN(decoder_methods, last + 1, strlen(last + 1));
}

bool lg_rules__is_exec_sink(const char *callee)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(builtin_modules); i++) {
		size_t n = strlen(builtin_modules[i]);

		if (!strncmp(callee, builtin_modules[i], n)) {
			callee += n;
			break;
		}
	}
	return IN(exec_sinks, callee, strlen(callee));
}

bool lg_rules__is_process_call(const char *callee)
{
	size_t n = strlen(callee);

	return IN(process_calls, callee, n) ||
	       has_prefix(process_prefixes, LG_ARRAY_SIZE(process_prefixes),
			  callee, n);
}

bool lg_rules__is_build_tool(const char *prog, size_t n)
{
	return IN(build_tools, prog, n);
}

bool lg_rules__is_git_readonly(const char *sub, size_t n)
{
	return IN(git_readonly, sub, n);
}

bool lg_rules__is_known_backend(const char *module, size_t n)
{
	return IN(known_backends, module, n);
}

static bool is_word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static const char *danger_of(const char *w, size_t n)
{
	struct key k = {w, n};
	const char *const *hit;

	hit = bsearch(&k, danger_words, LG_ARRAY_SIZE(danger_words),
		      sizeof(danger_words[0]), compare_key);
	if (hit)
		return *hit;
	for (size_t i = 0; i < LG_ARRAY_SIZE(danger_prefixes); i++)
		if (n >= strlen(danger_prefixes[i]) &&
		    !memcmp(w, danger_prefixes[i], strlen(danger_prefixes[i])))
			return danger_prefixes[i];
	return NULL;
}

const char *lg_rules__danger_word(const char *p, size_t n)
{
	const char *hit;
	size_t i = 0, start;

	while (i < n) {
		while (i < n && !is_word_byte(p[i]))
			i++;
		start = i;
		while (i < n && is_word_byte(p[i]))
			i++;
		if (i > start && (hit = danger_of(p + start, i - start)))
			return hit;
	}
	return NULL;
}

bool lg_rules__is_dangerous_name(const char *p, size_t n)
{
	return danger_of(p, n) || IN(disguised_names, p, n);
}

static const char *danger_call(const struct lg_pysrc *src)
{
	for (size_t i = 0; i < src->ncalls; i++) {
		const char *c = src->calls[i].callee;

		if (lg_rules__is_exec_sink(c) || lg_rules__is_decoder(c) ||
		    lg_rules__is_process_call(c))
			return c;
	}
	return NULL;
}

int lg_rules__code_danger(const char **out, const struct lg_pysrc *src)
{
	struct lg_buf value = LG_BUF_INIT(LG_MAX_MEMBER_BYTES);
	int error = 0;

	if ((*out = danger_call(src)))
		return 0;
	for (size_t i = 0; i < src->ntoks && !*out && !error; i++) {
		struct lg_str s = lg_pysrc_text(src, i);

		if (src->toks[i].kind == LG_PYTOK_NAME) {
			*out = danger_of(s.ptr, s.len);
		} else if (src->toks[i].kind == LG_PYTOK_STRING) {
			lg_buf_reset(&value);
			error = lg_pysrc_string_value(&value, src->buf,
						      &src->toks[i]);
			if (!error)
				*out = lg_rules__danger_word(value.ptr,
							     value.len);
		}
	}
	lg_buf_dispose(&value);
	return error;
}

int lg_rules__check_names(void)
{
	int error = lg_rules__check_lookalikes();

	if (error < 0)
		return error;
	for (size_t t = 0; t < LG_ARRAY_SIZE(all_tables); t++)
		for (size_t i = 1; i < all_tables[t].n; i++)
			if (strcmp(all_tables[t].v[i - 1],
				   all_tables[t].v[i]) >= 0)
				return lg_error_invalid(
					LG_ERRCLASS_INTERNAL,
					"name table '%s' is not sorted at '%s'",
					all_tables[t].what, all_tables[t].v[i]);
	return 0;
}
