/* SPDX-License-Identifier: MIT */
/* Archive-level rules: they look at every member of the artifact (path,
 * size, sha256, first bytes) rather than at one member's code. wheel.*
 * (startup modules, console-script shadowing, native code in a pure wheel,
 * RECORD, .data spreading) and bin.* (disguised or prebuilt executables). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "lg/buf.h"
#include "lg/limits.h"
#include "rules_private.h"

/* Individual findings of one kind per artifact before a summary line. */
#define ARCH_MAX_LISTED 20u
#define SHA256_BYTES 32

enum magic { MAG_NONE = 0, MAG_ELF, MAG_PE, MAG_MACHO, MAG_ZIP };

static const char *magic_name(enum magic m)
{
	static const char *const names[] = {"data", "ELF", "PE", "Mach-O",
					    "ZIP"};

	return names[m];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static enum magic magic_of(const struct lg_rules__noted *m)
{
	const unsigned char *h = m->head;
	uint32_t w;

	if (m->head_len < 4)
		return MAG_NONE;
	w = be32(h);
	if (!memcmp(h, "\x7f" "ELF", 4))
		return MAG_ELF;
	if (w == 0xfeedfaceu || w == 0xfeedfacfu || w == 0xcefaedfeu ||
	    w == 0xcffaedfeu)
		return MAG_MACHO;
	if (!memcmp(h, "PK\x03\x04", 4))
		return MAG_ZIP;
	/* MZ plus a plausible e_lfanew (a text starting "MZ" is not a PE). */
	if (h[0] == 'M' && h[1] == 'Z' && m->head_len >= 64) {
		uint32_t lfanew = (uint32_t)h[60] | (uint32_t)h[61] << 8 |
				  (uint32_t)h[62] << 16 | (uint32_t)h[63] << 24;

		if (lfanew >= 64 && lfanew < (1u << 16))
			return MAG_PE;
	}
	return MAG_NONE;
}

static bool is_native(enum magic m)
{
	return m == MAG_ELF || m == MAG_PE || m == MAG_MACHO;
}

static const char *base_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

static const char *ext_of(const char *path)
{
	const char *b = base_of(path), *dot = strrchr(b, '.');

	return dot && dot != b ? dot : "";
}

static size_t seps_of(const char *path)
{
	size_t n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

/* ---- the artifact's shape ------------------------------------------------ */

struct arch {
	struct lg_rules_scan *s;
	const struct lg_rules__noted *v;
	size_t n;
	struct lg_findings *out;
	bool wheel, sdist, purelib;
	char distinfo[LG_MAX_DISTINFO_FIELD]; /* "name-1.0.dist-info/" */
	char project[LG_MAX_DISTINFO_FIELD];  /* PEP 503 name, "" if none */
	size_t counted[8];                    /* findings per kind */
};

static bool starts(const char *p, const char *prefix)
{
	return !strncmp(p, prefix, strlen(prefix));
}

/* Finding number k of a kind: the first ARCH_MAX_LISTED are listed. */
static int arch_report(struct arch *a, unsigned kind, const char *rule,
		       enum lg_severity sev, const char *path, size_t line,
		       const char *msg)
{
	if (a->counted[kind]++ >= ARCH_MAX_LISTED)
		return 0;
	return lg_findings_add(a->out, rule, sev, path, line, "%s", msg);
}

static int arch_summary(struct arch *a, unsigned kind, const char *rule,
			enum lg_severity sev, const char *what)
{
	if (a->counted[kind] <= ARCH_MAX_LISTED)
		return 0;
	return lg_findings_add(a->out, rule, sev, a->distinfo[0] ? a->distinfo
							       : "",
			       0, "%zu more %s not listed",
			       a->counted[kind] - ARCH_MAX_LISTED, what);
}

static int find_shape(struct arch *a)
{
	char *canon = NULL;
	int error = 0;

	for (size_t i = 0; i < a->n && !a->wheel; i++) {
		const char *p = a->v[i].path, *slash = strchr(p, '/');
		size_t dn;

		if (!slash || strchr(slash + 1, '/') ||
		    (strcmp(slash + 1, "WHEEL") && strcmp(slash + 1, "RECORD") &&
		     strcmp(slash + 1, "METADATA")))
			continue;
		dn = (size_t)(slash - p) + 1;
		if (dn < 12 || dn >= sizeof(a->distinfo) ||
		    strncmp(slash - 10, ".dist-info", 10))
			continue;
		memcpy(a->distinfo, p, dn);
		a->distinfo[dn] = '\0';
		a->wheel = true;
	}
	if (a->wheel) {
		size_t pn = strcspn(a->distinfo, "-");

		/* An invalid name owns nothing: the project stays "". */
		error = lg_name_canonical(&canon, a->distinfo, pn);
		if (!error && strlen(canon) < sizeof(a->project))
			memcpy(a->project, canon, strlen(canon) + 1);
		lg__free(canon);
		return error == LG_ENOMEM ? error : 0;
	}
	for (size_t i = 0; i < a->n && !a->sdist; i++) {
		const char *b = base_of(a->v[i].path);

		a->sdist = seps_of(a->v[i].path) <= 1 &&
			   (!strcmp(b, "setup.py") || !strcmp(b, "PKG-INFO") ||
			    !strcmp(b, "pyproject.toml"));
	}
	return 0;
}

/* Kept bytes of the dist-info file name, or NULL. */
static const char *distinfo_file(struct arch *a, const char *name,
				 size_t *len, char *path, size_t cap)
{
	snprintf(path, cap, "%s%s", a->distinfo, name);
	return lg_rules__kept_data(a->s, path, len);
}

/* ---- wheel.startup-module ------------------------------------------------ */

static bool is_startup_name(const char *b)
{
	return !strcmp(b, "sitecustomize.py") || !strcmp(b, "usercustomize.py");
}

/* Where the installer puts p at site-packages root: p itself, or after
 * "<name>.data/purelib/" or ".../platlib/". Returns that rest or NULL. */
static const char *site_root_rest(const char *p)
{
	const char *slash = strchr(p, '/');

	if (!slash)
		return p;
	if ((size_t)(slash - p) > 5 && !strncmp(slash - 5, ".data", 5) &&
	    (starts(slash + 1, "purelib/") || starts(slash + 1, "platlib/")))
		return slash + 9;
	return NULL;
}

static int startup_module(struct arch *a, const struct lg_rules__noted *m)
{
	const char *rest;

	if (!is_startup_name(base_of(m->path)))
		return 0;
	if (a->wheel && (rest = site_root_rest(m->path)) && !strchr(rest, '/'))
		return lg_findings_add(a->out, LG_RULE_STARTUP_MODULE,
				       LG_SEV_HIGH, m->path, 0,
				       "the wheel installs %s at the top of "
				       "site-packages: Python imports it at "
				       "every start (startup context)",
				       base_of(m->path));
	if (a->sdist) {
		const char *slash = strchr(m->path, '/');
		const char *rest2 = slash ? slash + 1 : m->path;

		if (starts(rest2, "src/"))
			rest2 += 4;
		if (!strchr(rest2, '/'))
			return lg_findings_add(
				a->out, LG_RULE_STARTUP_MODULE, LG_SEV_MEDIUM,
				m->path, 0,
				"the sdist ships a top-level %s: installed as "
				"a module it runs at every Python start",
				base_of(m->path));
	}
	return 0;
}

/* ---- wheel.console-script-shadow ----------------------------------------- */

struct command_owner {
	const char *command;
	const char *owner; /* PEP 503 project allowed to ship it; "" none */
};

/* Sorted by command (lg_rules__check_archive_tables). */
static const struct command_owner commands[] = {
	{"apt", ""},	       {"apt-get", ""},	   {"aws", "awscli"},
	{"az", "azure-cli"},   {"bash", ""},	   {"brew", ""},
	{"cat", ""},	       {"chmod", ""},	   {"conda", "conda"},
	{"cp", ""},	       {"crontab", ""},	   {"curl", ""},
	{"docker", ""},	       {"gcloud", ""},	   {"gh", ""},
	{"git", ""},	       {"gpg", ""},	   {"gsutil", "gsutil"},
	{"helm", ""},	       {"kubectl", ""},	   {"ls", ""},
	{"node", ""},	       {"npm", ""},	   {"npx", ""},
	{"openssl", ""},       {"pip", "pip"},	   {"pip3", "pip"},
	{"ps", ""},	       {"python", ""},	   {"python3", ""},
	{"rm", ""},	       {"scp", ""},	   {"sh", ""},
	{"ssh", ""},	       {"sudo", ""},	   {"systemctl", ""},
	{"terraform", ""},     {"wget", ""},	   {"yarn", ""},
	{"yum", ""},	       {"zsh", ""},
};

static int compare_command(const void *key, const void *elem)
{
	return strcmp(key, ((const struct command_owner *)elem)->command);
}

/* Owner of a shadowed command, or NULL when name shadows nothing. */
static const char *command_owner(const char *name)
{
	const struct command_owner *hit;

	/* pip3.12 and the like belong to pip, python3.12 to nobody. */
	if (starts(name, "pip3.") && name[5] &&
	    strspn(name + 5, "0123456789") == strlen(name + 5))
		return "pip";
	if (starts(name, "python3.") && name[8] &&
	    strspn(name + 8, "0123456789") == strlen(name + 8))
		return "";
	hit = bsearch(name, commands, LG_ARRAY_SIZE(commands),
		      sizeof(commands[0]), compare_command);
	return hit ? hit->owner : NULL;
}

/* Whether the target module (pkg.mod of "pkg.mod:func") has net.* or
 * cred.* findings. */
static bool target_is_hot(struct arch *a, const char *target, size_t first)
{
	char mod[512];
	size_t n = strcspn(target, ":[ ");

	if (!n || n >= sizeof(mod) / 2 - 16)
		return false;
	for (size_t i = 0; i < n; i++)
		mod[i] = target[i] == '.' ? '/' : target[i];
	mod[n] = '\0';
	for (size_t i = first; i < a->out->n; i++) {
		const struct lg_finding *f = &a->out->v[i];
		const char *p = f->path;

		if (!p || (strncmp(f->rule, "net.", 4) &&
			   strncmp(f->rule, "cred.", 5)))
			continue;
		if (site_root_rest(p))
			p = site_root_rest(p);
		if (!strncmp(p, mod, n) &&
		    (!strcmp(p + n, ".py") || !strcmp(p + n, "/__init__.py")))
			return true;
	}
	return false;
}

struct ep_state {
	struct arch *a;
	const char *path;
	size_t first; /* findings from the code scan start here */
};

static int shadow_check(struct arch *a, const char *name, const char *path,
			size_t line, const char *target, size_t first)
{
	const char *owner = command_owner(name);
	bool hot;
	char msg[400];

	if (!owner || (owner[0] && !strcmp(owner, a->project)))
		return 0;
	hot = target && target_is_hot(a, target, first);
	snprintf(msg, sizeof(msg),
		 "installs a command named '" LG_RULES_NAME "'%s%s%s: it "
		 "shadows the real command %s%s%s",
		 name, target ? " (" : "", target ? target : "",
		 target ? ")" : "", owner[0] ? "of " : "on the system",
		 owner, hot ? "; its code uses the network or credentials"
			    : "");
	return lg_findings_add(a->out, LG_RULE_CONSOLE_SHADOW,
			       hot ? LG_SEV_HIGH : LG_SEV_MEDIUM, path, line,
			       "%s", msg);
}

static int on_entry_point(const char *section, const char *key,
			  const char *value, size_t line, void *payload)
{
	struct ep_state *st = payload;

	if (strcmp(section, "console_scripts") && strcmp(section, "gui_scripts"))
		return 0;
	return shadow_check(st->a, key, st->path, line, value, st->first);
}

static int console_shadow(struct arch *a, size_t first)
{
	char path[LG_MAX_DISTINFO_FIELD + 32];
	struct ep_state st = {a, path, first};
	const char *data;
	size_t len;
	int error;

	if ((data = distinfo_file(a, "entry_points.txt", &len, path,
				  sizeof(path))) &&
	    (error = lg_distinfo_parse(data, len, '=', on_entry_point, &st)) <
		    0)
		return error;
	/* Scripts copied as they are: <name>.data/scripts/<command>. */
	for (size_t i = 0; i < a->n; i++) {
		const char *p = a->v[i].path, *slash = strchr(p, '/');
		char name[256];
		size_t bn;

		if (!slash || slash - p <= 5 || !starts(slash + 1, "scripts/") ||
		    strncmp(slash - 5, ".data", 5) || seps_of(p) != 2)
			continue;
		bn = strcspn(base_of(p), ".");
		if (bn >= sizeof(name))
			continue;
		memcpy(name, base_of(p), bn);
		name[bn] = '\0';
		if ((error = shadow_check(a, name, p, 0, NULL, first)) < 0)
			return error;
	}
	return 0;
}

/* ---- wheel.native-in-purelib --------------------------------------------- */

struct native_allow {
	const char *project;
	const char *pattern; /* fnmatch over the member path */
};

/* Real shapes: pip's vendored distlib launchers, distlib's own and
 * setuptools' script launchers (Windows .exe stubs in pure wheels). */
static const struct native_allow native_allowed[] = {
	{"distlib", "distlib/[tw]32.exe"},
	{"distlib", "distlib/[tw]64-arm.exe"},
	{"distlib", "distlib/[tw]64.exe"},
	{"pip", "pip/_vendor/distlib/[tw]32.exe"},
	{"pip", "pip/_vendor/distlib/[tw]64-arm.exe"},
	{"pip", "pip/_vendor/distlib/[tw]64.exe"},
	{"setuptools", "setuptools/cli*.exe"},
	{"setuptools", "setuptools/gui*.exe"},
};

static bool native_is_allowed(const struct arch *a, const char *path)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(native_allowed); i++)
		if (!strcmp(a->project, native_allowed[i].project) &&
		    !fnmatch(native_allowed[i].pattern, path, FNM_PATHNAME))
			return true;
	return false;
}

static int on_wheel_key(const char *section, const char *key,
			const char *value, size_t line, void *payload)
{
	struct arch *a = payload;

	(void)section;
	(void)line;
	if (!strcasecmp(key, "Root-Is-Purelib"))
		a->purelib = !strcasecmp(value, "true");
	return 0;
}

static int native_in_purelib(struct arch *a, const struct lg_rules__noted *m)
{
	enum magic mg = magic_of(m);
	char msg[200];

	if (!a->purelib || !is_native(mg) || native_is_allowed(a, m->path))
		return 0;
	snprintf(msg, sizeof(msg),
		 "a pure-Python wheel (Root-Is-Purelib: true) holds a %s "
		 "executable",
		 magic_name(mg));
	return arch_report(a, 0, LG_RULE_NATIVE_PURELIB, LG_SEV_MEDIUM,
			   m->path, 0, msg);
}

/* ---- wheel.record-mismatch ----------------------------------------------- */

struct record_row {
	char *path;
	bool has_sha256, has_size, present;
	unsigned char digest[SHA256_BYTES];
	uint64_t size;
};

struct record {
	struct arch *a;
	const char *path; /* of RECORD */
	struct record_row *v;
	size_t n, cap;
	size_t quirks, quirk_line;
	char quirk[120];
};

static bool is_signature(const struct arch *a, const char *p)
{
	size_t dn = strlen(a->distinfo);

	return !strncmp(p, a->distinfo, dn) &&
	       (!strcmp(p + dn, "RECORD") || !strcmp(p + dn, "RECORD.jws") ||
		!strcmp(p + dn, "RECORD.p7s"));
}

static void note_quirk(struct record *r, size_t line, const char *what)
{
	if (!r->quirks++) {
		r->quirk_line = line;
		snprintf(r->quirk, sizeof(r->quirk), "%s", what);
	}
}

static int on_record_row(const struct lg_record_row *row, void *payload)
{
	struct record *r = payload;
	struct record_row x = {0};
	const char *digest;
	bool padded;
	long dn;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct record_row *v = lg__reallocarray(r->v, cap, sizeof(*v));

		if (!v)
			return lg_error_oom();
		r->v = v;
		r->cap = cap;
	}
	if (!strncmp(row->hash, "sha256=", 7)) {
		digest = row->hash + 7;
		dn = lg_record_digest(x.digest, sizeof(x.digest), &padded,
				      digest);
		if (dn == SHA256_BYTES)
			x.has_sha256 = true;
		else
			note_quirk(r, row->line, "a sha256 digest of odd length");
		if (padded)
			note_quirk(r, row->line, "base64 padding in a digest");
	} else if (row->hash[0] && strncmp(row->hash, "sha384=", 7) &&
		   strncmp(row->hash, "sha512=", 7)) {
		note_quirk(r, row->line, "an unknown or weak hash algorithm");
	}
	if (row->size[0]) {
		char *end;
		unsigned long long v = strtoull(row->size, &end, 10);

		if (*end || row->size[0] == '-')
			note_quirk(r, row->line, "a size that is not a number");
		else {
			x.has_size = true;
			x.size = v;
		}
	}
	if (!(x.path = lg__strdup(row->path)))
		return lg_error_oom();
	r->v[r->n++] = x;
	return 0;
}

static int compare_row(const void *x, const void *y)
{
	return strcmp(((const struct record_row *)x)->path,
		      ((const struct record_row *)y)->path);
}

/* Whether p is code that runs: a .pth, a startup module, a .py. */
static bool runs_code(const char *p)
{
	const char *e = ext_of(p);

	return !strcasecmp(e, ".pth") || !strcasecmp(e, ".py") ||
	       is_startup_name(base_of(p));
}

static int hex_to_bytes(unsigned char *out, const char *hex)
{
	for (size_t i = 0; i < SHA256_BYTES; i++) {
		int hi = lg_hex_digit(hex[2 * i]), lo = lg_hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int record_member(struct arch *a, struct record *r,
			 const struct lg_rules__noted *m)
{
	struct record_row key = {(char *)m->path, false, false, false, {0}, 0};
	struct record_row *row;
	enum lg_severity sev = runs_code(m->path) ? LG_SEV_HIGH : LG_SEV_MEDIUM;
	unsigned char got[SHA256_BYTES];
	const char *why = NULL;

	if (is_signature(a, m->path))
		return 0;
	row = r->v ? bsearch(&key, r->v, r->n, sizeof(*row), compare_row)
		   : NULL;
	if (!row)
		why = "is not listed in RECORD";
	else {
		row->present = true;
		if (row->has_size && row->size != m->size)
			why = "has a different size than RECORD says";
		else if (row->has_sha256 && m->hashed &&
			 (hex_to_bytes(got, m->sha256) < 0 ||
			  memcmp(got, row->digest, SHA256_BYTES)))
			why = "has a different sha256 than RECORD says";
	}
	if (!why)
		return 0;
	{
		char msg[200];

		snprintf(msg, sizeof(msg), "the member %s%s", why,
			 sev == LG_SEV_HIGH ? " and it is code that runs" : "");
		return arch_report(a, 1, LG_RULE_RECORD_MISMATCH, sev, m->path,
				   0, msg);
	}
}

static int record_mismatch(struct arch *a)
{
	char path[LG_MAX_DISTINFO_FIELD + 32];
	struct record r = {a, path, NULL, 0, 0, 0, 0, ""};
	const char *data;
	size_t len;
	int error = 0;

	if (!(data = distinfo_file(a, "RECORD", &len, path, sizeof(path))))
		return lg_findings_add(a->out, LG_RULE_RECORD_MISMATCH,
				       LG_SEV_MEDIUM, a->distinfo, 0,
				       "the wheel has no RECORD: its files "
				       "cannot be checked against it");
	error = lg_record_parse(data, len, on_record_row, &r);
	if (error == LG_EINVALID)
		error = lg_findings_add(a->out, LG_RULE_RECORD_MISMATCH,
					LG_SEV_MEDIUM, path, 0,
					"RECORD is not valid CSV: %s",
					lg_error_last()->message);
	if (error < 0)
		goto done;
	if (r.n)
		qsort(r.v, r.n, sizeof(*r.v), compare_row);
	for (size_t i = 0; i < a->n && !error; i++)
		error = record_member(a, &r, &a->v[i]);
	for (size_t i = 0; i < r.n && !error; i++) {
		if (r.v[i].present || is_signature(a, r.v[i].path) ||
		    (i > 0 && !strcmp(r.v[i - 1].path, r.v[i].path)))
			continue;
		error = arch_report(a, 2, LG_RULE_RECORD_MISMATCH,
				    LG_SEV_MEDIUM, r.v[i].path, 0,
				    "RECORD lists a file the wheel does not "
				    "hold");
	}
	if (!error && r.quirks)
		error = lg_findings_add(a->out, LG_RULE_RECORD_MISMATCH,
					LG_SEV_LOW, path, r.quirk_line,
					"%zu RECORD row(s) with syntax quirks, "
					"first: %s",
					r.quirks, r.quirk);
	if (!error)
		error = arch_summary(a, 1, LG_RULE_RECORD_MISMATCH,
				     LG_SEV_MEDIUM, "unlisted or mismatched "
						    "members");
	if (!error)
		error = arch_summary(a, 2, LG_RULE_RECORD_MISMATCH,
				     LG_SEV_MEDIUM, "missing RECORD rows");
done:
	for (size_t i = 0; i < r.n; i++)
		lg__free(r.v[i].path);
	lg__free(r.v);
	return error;
}

/* ---- wheel.data-spread ----------------------------------------------------- */

/* Prefixes (under <name>.data/data/, i.e. sys.prefix) that run code at
 * login, boot or on a schedule, or at every Python start. */
static const char *const startup_prefixes[] = {
	".config/autostart/", ".config/systemd/",  "Library/LaunchAgents/",
	"Library/LaunchDaemons/", "etc/cron",	   "etc/init.d/",
	"etc/profile.d/",	   "etc/rc.local",	   "etc/systemd/",
	"etc/xdg/autostart/",	   "lib/systemd/",	   "usr/lib/systemd/",
};

static const char *const startup_files[] = {
	".bash_profile", ".bashrc", ".profile", ".zprofile", ".zshrc",
};

static bool is_startup_data(const char *rest)
{
	const char *b = base_of(rest);

	for (size_t i = 0; i < LG_ARRAY_SIZE(startup_prefixes); i++)
		if (starts(rest, startup_prefixes[i]))
			return true;
	for (size_t i = 0; i < LG_ARRAY_SIZE(startup_files); i++)
		if (!strcmp(b, startup_files[i]))
			return true;
	return is_startup_name(b) ||
	       (!strcasecmp(ext_of(b), ".pth") && strstr(rest, "-packages/"));
}

static bool is_shell_script(const struct lg_rules__noted *m)
{
	const unsigned char *h = m->head;
	size_t n = m->head_len;
	const char *shells[] = {"sh", "bash", "zsh", "dash", "ksh"};
	char first[24];
	size_t k = 0;

	if (n < 3 || h[0] != '#' || h[1] != '!')
		return false;
	for (size_t i = 2; i < n && h[i] != '\n' && k + 1 < sizeof(first);
	     i++)
		first[k++] = (char)h[i];
	first[k] = '\0';
	for (size_t i = 0; i < LG_ARRAY_SIZE(shells); i++) {
		size_t sn = strlen(shells[i]);
		const char *hit = strstr(first, shells[i]);

		if (hit && hit > first && (hit[-1] == '/' || hit[-1] == ' ') &&
		    (hit[sn] == '\0' || hit[sn] == ' ' || hit[sn] == '\r'))
			return true;
	}
	return false;
}

static int data_spread(struct arch *a, const struct lg_rules__noted *m)
{
	const char *p = m->path, *slash = strchr(p, '/');
	enum magic mg = magic_of(m);
	enum lg_severity sev = LG_SEV_MEDIUM;
	char msg[240];

	if (!slash || (size_t)(slash - p) < 6 || strncmp(slash - 5, ".data", 5))
		return 0;
	if (starts(slash + 1, "scripts/")) {
		if (is_native(mg))
			snprintf(msg, sizeof(msg),
				 "the wheel installs a %s executable as a "
				 "script on PATH",
				 magic_name(mg));
		else if (is_shell_script(m)) {
			size_t len = 0;
			const char *d = lg_rules__kept_data(a->s, p, &len);
			char *copy = d ? lg__strndup(d, len) : NULL;

			if (d && !copy)
				return lg_error_oom();
			if (copy && lg_rules__shell_cradle(copy, len))
				sev = LG_SEV_HIGH;
			lg__free(copy);
			snprintf(msg, sizeof(msg),
				 "the wheel installs a shell script on PATH%s",
				 sev == LG_SEV_HIGH
					 ? " that downloads or runs a remote "
					   "payload"
					 : "");
		} else
			return 0;
		return lg_findings_add(a->out, LG_RULE_DATA_SPREAD, sev, p, 0,
				       "%s", msg);
	}
	if (starts(slash + 1, "data/") && is_startup_data(slash + 6))
		return lg_findings_add(a->out, LG_RULE_DATA_SPREAD,
				       LG_SEV_MEDIUM, p, 0,
				       "the wheel installs a file into a "
				       "startup location (%s)",
				       slash + 6);
	return 0;
}

/* ---- bin.disguised-executable and bin.native-in-sdist ------------------- */

static const char *const harmless_exts[] = {
	".bmp",	 ".cfg", ".csv", ".dat", ".gif", ".ico", ".ini", ".jpeg",
	".jpg",	 ".json", ".md",  ".mp3", ".png", ".py",  ".rst", ".txt",
	".wav",
};

static bool is_image_ext(const char *e)
{
	return !strcasecmp(e, ".png") || !strcasecmp(e, ".jpg") ||
	       !strcasecmp(e, ".jpeg") || !strcasecmp(e, ".gif") ||
	       !strcasecmp(e, ".bmp") || !strcasecmp(e, ".ico");
}

static bool claims_harmless(const char *e)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(harmless_exts); i++)
		if (!strcasecmp(e, harmless_exts[i]))
			return true;
	return false;
}

static int disguised(struct arch *a, const struct lg_rules__noted *m)
{
	const char *e = ext_of(m->path), *b = base_of(m->path);
	enum magic mg = magic_of(m);
	enum lg_rules__where w = LG_RULES_IMPORT;
	bool hit, run = false;
	char msg[300];
	int error;

	hit = (is_native(mg) && claims_harmless(e)) ||
	      (mg == MAG_PE && !*e) || (mg == MAG_ZIP && is_image_ext(e));
	if (!hit)
		return 0;
	/* C14: the package's own code loads, chmods or starts it. Short
	 * names (a, x.png) are found everywhere: not a reference. */
	if (mg != MAG_ZIP && strlen(b) >= 5 &&
	    (error = lg_rules__code_runs(&run, a->s, b)) < 0)
		return error;
	if (run) {
		snprintf(msg, sizeof(msg),
			 "%s bytes in a member named as %s, and the package's "
			 "code names it and loads, chmods or starts a file "
			 "(C14): an executable in disguise that is run",
			 magic_name(mg), *e ? e : "a file without extension");
		return arch_report(a, 3, LG_RULE_DISGUISED_EXE, LG_SEV_CRITICAL,
				   m->path, 0, msg);
	}
	/* Short names (a, x.png) are found everywhere: not a reference. */
	if (lg_rules__in_doc_dir(m->path) &&
	    (strlen(b) < 5 || !lg_rules__kept_names(a->s, b)))
		w = LG_RULES_OTHER;
	snprintf(msg, sizeof(msg),
		 "%s bytes in a member named as %s%s (%s context)",
		 magic_name(mg), *e ? e : "a file without extension",
		 mg == MAG_ZIP ? "" : ": an executable in disguise",
		 lg_rules__where_name(w));
	return arch_report(a, 3, LG_RULE_DISGUISED_EXE,
			   lg_rules__adjust(LG_SEV_HIGH, w, false), m->path, 0,
			   msg);
}

static int native_in_sdist(struct arch *a, const struct lg_rules__noted *m)
{
	enum magic mg = magic_of(m);
	enum lg_rules__where w = LG_RULES_IMPORT;
	enum lg_severity sev;
	char msg[300];
	bool run = false;
	int error;

	if (!a->sdist || !is_native(mg))
		return 0;
	if ((error = lg_rules__setup_runs(&run, a->s, base_of(m->path))) < 0)
		return error;
	if (!run && lg_rules__in_doc_dir(m->path))
		w = LG_RULES_OTHER;
	sev = run ? LG_SEV_HIGH : lg_rules__adjust(LG_SEV_MEDIUM, w, false);
	snprintf(msg, sizeof(msg), "a prebuilt %s executable in an sdist%s",
		 magic_name(mg),
		 run ? "; setup.py names it and starts processes (install "
		       "context)"
		     : "");
	return arch_report(a, 4, LG_RULE_NATIVE_SDIST, sev, m->path, 0, msg);
}

/* ---- driver --------------------------------------------------------------- */

static int per_member(struct arch *a)
{
	int error = 0;

	for (size_t i = 0; i < a->n && !error; i++) {
		const struct lg_rules__noted *m = &a->v[i];

		if ((error = startup_module(a, m)) < 0 ||
		    (error = disguised(a, m)) < 0 ||
		    (error = native_in_sdist(a, m)) < 0)
			break;
		if (a->wheel && ((error = native_in_purelib(a, m)) < 0 ||
				 (error = data_spread(a, m)) < 0))
			break;
	}
	if (!error)
		error = arch_summary(a, 0, LG_RULE_NATIVE_PURELIB,
				     LG_SEV_MEDIUM, "native members");
	if (!error)
		error = arch_summary(a, 3, LG_RULE_DISGUISED_EXE, LG_SEV_HIGH,
				     "disguised executables");
	if (!error)
		error = arch_summary(a, 4, LG_RULE_NATIVE_SDIST, LG_SEV_MEDIUM,
				     "prebuilt executables");
	return error;
}

int lg_rules__archive(struct lg_rules_scan *s,
		      const struct lg_rules__noted *v, size_t n,
		      struct lg_findings *out, size_t first)
{
	struct arch a = {0};
	char path[LG_MAX_DISTINFO_FIELD + 32];
	const char *wheel;
	size_t len;
	int error;

	a.s = s;
	a.v = v;
	a.n = n;
	a.out = out;
	if ((error = find_shape(&a)) < 0)
		return error;
	if (a.wheel && (wheel = distinfo_file(&a, "WHEEL", &len, path,
					      sizeof(path))) &&
	    (error = lg_distinfo_parse(wheel, len, ':', on_wheel_key, &a)) < 0 &&
	    error != LG_EINVALID)
		return error;
	if ((error = per_member(&a)) < 0)
		return error;
	if (!a.wheel)
		return 0;
	if ((error = console_shadow(&a, first)) < 0)
		return error;
	return record_mismatch(&a);
}

int lg_rules__check_archive_tables(void)
{
	for (size_t i = 1; i < LG_ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i - 1].command, commands[i].command) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"command table not sorted at "
						"'%s'",
						commands[i].command);
	for (size_t i = 1; i < LG_ARRAY_SIZE(harmless_exts); i++)
		if (strcmp(harmless_exts[i - 1], harmless_exts[i]) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"extension table not sorted "
						"at '%s'",
						harmless_exts[i]);
	return 0;
}
