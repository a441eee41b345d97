/* SPDX-License-Identifier: MIT */
/* Behaviour rules: what a piece of code does with the network, processes,
 * credentials and persistence locations, judged on data flow inside a
 * function (a forward pass in token order: assignments carry the sources
 * of their value to the variable, sinks read the sources of their
 * arguments) and, for the chains the catalog defines by co-occurrence, on
 * what one function body holds. Each rule keeps its most severe hit per
 * member, so the output stays small and the pass linear. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "lg/buf.h"
#include "lg/decode.h"
#include "lg/pyfold.h"
#include "lg/pysrc.h"
#include "rules_private.h"

/* Strings longer than this are data blobs: the decoder looks at them, the
 * pattern tables do not. */
#define PATTERN_MAX_BYTES (64u << 10)
/* A def whose parameter list is longer is not looked at as a process
 * wrapper (keeps the check linear on hostile input). */
#define PARAMS_MAX_TOKENS 256u

/* ---- what calls do (flags) ----------------------------------------------- */

enum call_flags {
	C_NET = (1 << 0),      /* sends or opens a connection */
	C_NETSRC = (1 << 1),   /* returns bytes from the network */
	C_DL = (1 << 2),       /* downloads to a file */
	C_HOST = (1 << 3),     /* host / user fingerprint */
	C_ENVBULK = (1 << 4),  /* the whole environment */
	C_BROWSER = (1 << 5),  /* credential store decryption */
	C_CHMOD = (1 << 6),
	C_START = (1 << 7),    /* runs a file (startfile) */
	C_DUP2 = (1 << 8),
	C_PTY = (1 << 9),
	C_WINREG = (1 << 10),  /* writes the registry */
	C_SOCK = (1 << 11),    /* socket connect */
	C_WRITE = (1 << 12),   /* file write */
	C_ENVREAD = (1 << 13), /* one variable: secret if its name says so */
	C_PROC = (1 << 14),    /* starts a process */
	C_LNK = (1 << 15),     /* opens a Windows shortcut for editing */
	C_KEYS = (1 << 16),    /* hooks the keyboard (keylogging) */
	C_CAPTURE = (1 << 17), /* grabs the screen or the clipboard */
};

struct call_kind {
	const char *name;
	unsigned flags;
};

/* Resolved callees, sorted for bsearch. */
static const struct call_kind call_kinds[] = {
	{"ImageGrab.grab", C_CAPTURE},
	{"PIL.ImageGrab.grab", C_CAPTURE},
	{"_winreg.CreateKey", C_WINREG},
	{"_winreg.SetValueEx", C_WINREG},
	{"aiohttp.ClientSession", C_NET | C_NETSRC},
	{"browser_cookie3.brave", C_BROWSER},
	{"browser_cookie3.chrome", C_BROWSER},
	{"browser_cookie3.edge", C_BROWSER},
	{"browser_cookie3.firefox", C_BROWSER},
	{"browser_cookie3.load", C_BROWSER},
	{"browser_cookie3.opera", C_BROWSER},
	{"dhooks.Webhook", C_NET},
	{"discord_webhook.DiscordWebhook", C_NET},
	{"dns.resolver.query", C_NET},
	{"dns.resolver.resolve", C_NET},
	{"ftplib.FTP", C_NET},
	{"getpass.getuser", C_HOST},
	{"http.client.HTTPConnection", C_NET | C_NETSRC},
	{"http.client.HTTPSConnection", C_NET | C_NETSRC},
	{"httplib.HTTPConnection", C_NET | C_NETSRC},
	{"httplib.HTTPSConnection", C_NET | C_NETSRC},
	{"httpx.AsyncClient", C_NET | C_NETSRC},
	{"httpx.Client", C_NET | C_NETSRC},
	{"httpx.get", C_NET | C_NETSRC},
	{"httpx.post", C_NET | C_NETSRC},
	{"httpx.put", C_NET | C_NETSRC},
	{"httpx.request", C_NET | C_NETSRC},
	{"keyboard.hook", C_KEYS},
	{"keyboard.on_press", C_KEYS},
	{"keyboard.on_release", C_KEYS},
	{"keyboard.record", C_KEYS},
	{"os.chmod", C_CHMOD},
	{"os.dup2", C_DUP2},
	{"os.environ.copy", C_ENVBULK},
	{"os.environ.get", C_ENVREAD},
	{"os.environ.items", C_ENVBULK},
	{"os.environ.keys", C_ENVBULK},
	{"os.environ.values", C_ENVBULK},
	{"os.getcwd", C_HOST},
	{"os.getenv", C_ENVREAD},
	{"os.getlogin", C_HOST},
	{"os.rename", C_WRITE},
	{"os.replace", C_WRITE},
	{"os.startfile", C_START},
	{"os.uname", C_HOST},
	{"platform.node", C_HOST},
	{"platform.uname", C_HOST},
	{"pty.spawn", C_PTY},
	{"pyHook.HookManager", C_KEYS},
	{"pyautogui.screenshot", C_CAPTURE},
	{"pycurl.Curl", C_NET | C_NETSRC},
	{"pynput.keyboard.Listener", C_KEYS},
	{"pyperclip.paste", C_CAPTURE},
	{"pyxhook.HookManager", C_KEYS},
	{"requests.Session", C_NET | C_NETSRC},
	{"requests.delete", C_NET | C_NETSRC},
	{"requests.get", C_NET | C_NETSRC},
	{"requests.head", C_NET | C_NETSRC},
	{"requests.patch", C_NET | C_NETSRC},
	{"requests.post", C_NET | C_NETSRC},
	{"requests.put", C_NET | C_NETSRC},
	{"requests.request", C_NET | C_NETSRC},
	{"shutil.copy", C_WRITE},
	{"shutil.copy2", C_WRITE},
	{"shutil.copyfile", C_WRITE},
	{"shutil.move", C_WRITE},
	{"smtplib.SMTP", C_NET},
	{"smtplib.SMTP_SSL", C_NET},
	{"socket.create_connection", C_NET | C_SOCK | C_NETSRC},
	{"socket.getaddrinfo", C_NET},
	{"socket.getfqdn", C_HOST},
	{"socket.gethostbyname", C_NET},
	{"socket.gethostbyname_ex", C_NET},
	{"socket.gethostname", C_HOST},
	{"telebot.TeleBot", C_NET},
	{"telnetlib.Telnet", C_NET},
	{"urllib.request.Request", C_NET},
	{"urllib.request.urlopen", C_NET | C_NETSRC},
	{"urllib.request.urlretrieve", C_NET | C_DL},
	{"urllib.urlopen", C_NET | C_NETSRC},
	{"urllib.urlretrieve", C_NET | C_DL},
	{"urllib2.Request", C_NET},
	{"urllib2.urlopen", C_NET | C_NETSRC},
	{"urllib3.PoolManager", C_NET | C_NETSRC},
	{"uuid.getnode", C_HOST},
	{"wget.download", C_NET | C_DL},
	{"win32clipboard.GetClipboardData", C_CAPTURE},
	{"win32crypt.CryptUnprotectData", C_BROWSER},
	{"winreg.CreateKey", C_WINREG},
	{"winreg.CreateKeyEx", C_WINREG},
	{"winreg.SetValueEx", C_WINREG},
};

/* Methods on receivers the resolver cannot name (`s.sendall(...)`), by
 * the last component; net ones count only in a file that imports a
 * network module. Sorted. */
static const struct call_kind method_kinds[] = {
	{"CreateShortcut", C_LNK},
	{"connect", C_SOCK | C_NET},	 {"download", C_DL},  {"post", C_NET},
	{"put", C_NET},		 {"recv", C_NETSRC},  {"send", C_NET},
	{"sendall", C_NET},	 {"sendto", C_NET},   {"urlopen", C_NET | C_NETSRC},
	{"urlretrieve", C_NET | C_DL}, {"write", C_WRITE},
};

/* Modules whose import makes the methods above network calls. */
static const char *const net_modules[] = {
	"aiohttp", "dhooks", "discord_webhook", "ftplib",   "http",
	"httplib", "httpx",  "pycurl",	       "requests", "smtplib",
	"socket",  "telebot", "urllib",	       "urllib2",  "urllib3",
	"websocket",
};

/* ---- what strings say (bits) --------------------------------------------- */

enum src_bits {
	T_ENV = (1 << 0),     /* the whole environment */
	T_SECRET = (1 << 1),  /* a secret-looking variable */
	T_HOST = (1 << 2),    /* fingerprint */
	T_CRED = (1 << 3),    /* credential file path */
	T_BROWSER = (1 << 4), /* browser / messenger credential store */
	T_NET = (1 << 5),     /* network response */
	T_DECODED = (1 << 6),
	T_LOLBIN = (1 << 7),  /* shell download / execution cradle */
	T_BADHOST = (1 << 8), /* webhook, paste, tunnel, public IP URL */
	T_PERSIST = (1 << 9), /* autostart location */
	T_MINER = (1 << 10),
	T_REVSHELL = (1 << 11),
	T_URL = (1 << 12),    /* any URL */
	T_OKHOST = (1 << 13), /* URL of a static source host */
	T_EXE = (1 << 14),    /* names an executable file */
	T_RECON = (1 << 15),  /* rebuilt from chr() codes or reversed */
	T_CONSTDEC = (1 << 16), /* a constant decoded */
	T_SHELLWEAK = (1 << 17), /* hidden or detached execution */
	T_EXTLOAD = (1 << 18),   /* a browser flag that side-loads an extension */
	T_PYSCRIPT = (1 << 19),  /* a file name ending in .py */
	T_SITEPKG = (1 << 20),   /* names site-packages */
};

struct pattern {
	const char *text; /* lower case */
	unsigned bits;
};

/* Substrings, matched case-insensitively on string constants. */
static const struct pattern patterns[] = {
	/* exfiltration and staging hosts */
	{"discord.com/api/webhooks", T_BADHOST},
	{"discordapp.com/api/webhooks", T_BADHOST},
	{"cdn.discordapp.com/attachments", T_BADHOST},
	{"api.telegram.org/bot", T_BADHOST},
	{"pastebin.com", T_BADHOST},
	{"paste.ee", T_BADHOST},
	{"hastebin", T_BADHOST},
	{"rentry.co", T_BADHOST},
	{"transfer.sh", T_BADHOST},
	{"dl.dropbox.com", T_BADHOST},
	{"dl.dropboxusercontent.com", T_BADHOST},
	{"webhook.site", T_BADHOST},
	{"pipedream.net", T_BADHOST},
	{"requestbin", T_BADHOST},
	{"interact.sh", T_BADHOST},
	{"oastify.com", T_BADHOST},
	{"burpcollaborator", T_BADHOST},
	{"dnslog.cn", T_BADHOST},
	{"ngrok.io", T_BADHOST},
	{"ngrok-free.app", T_BADHOST},
	{"ngrok.app", T_BADHOST},
	{"trycloudflare.com", T_BADHOST},
	{"localhost.run", T_BADHOST},
	{"serveo.net", T_BADHOST},
	{"files.catbox.moe", T_BADHOST},
	{"anonfiles", T_BADHOST},
	{"gofile.io", T_BADHOST},
	{"temp.sh", T_BADHOST},
	{"bit.ly/", T_BADHOST},
	{"tinyurl.com", T_BADHOST},
	{"ipinfo.io", T_BADHOST},
	{"ipify.org", T_BADHOST},
	{"ifconfig.me", T_BADHOST},
	{"ip-api.com", T_BADHOST},
	{"canarytokens", T_BADHOST},
	{".oast.", T_BADHOST},
	/* shell cradles */
	{"powershell", T_SHELLWEAK},
	{"-encodedcommand", T_LOLBIN},
	{"-windowstyle hidden", T_SHELLWEAK},
	{"-w hidden", T_SHELLWEAK},
	{"downloadstring", T_LOLBIN},
	{"downloadfile", T_LOLBIN},
	{"invoke-webrequest", T_LOLBIN},
	{"invoke-expression", T_LOLBIN},
	{"start-process", T_SHELLWEAK},
	{"iex(", T_LOLBIN},
	{"iex (", T_LOLBIN},
	{"certutil", T_LOLBIN},
	{"bitsadmin", T_LOLBIN},
	{"mshta", T_LOLBIN},
	{"rundll32", T_SHELLWEAK},
	{"regsvr32", T_SHELLWEAK},
	{"wscript", T_SHELLWEAK},
	{"cscript", T_SHELLWEAK},
	{"curl ", T_LOLBIN},
	{"wget ", T_LOLBIN},
	{"|sh ", T_LOLBIN},
	{"| sh", T_LOLBIN},
	{"|bash ", T_LOLBIN},
	{"| bash", T_LOLBIN},
	{"chmod +x", T_SHELLWEAK},
	{"chmod 777", T_SHELLWEAK},
	{"base64 -d", T_LOLBIN},
	{"start /b", T_SHELLWEAK},
	{"nohup ", T_SHELLWEAK},
	{"/dev/tcp/", T_REVSHELL | T_LOLBIN},
	{"nc -e", T_REVSHELL | T_LOLBIN},
	{"ncat -e", T_REVSHELL | T_LOLBIN},
	{"bash -i", T_REVSHELL | T_LOLBIN},
	{"/bin/sh", T_REVSHELL},
	{"/bin/bash", T_REVSHELL},
	{"cmd.exe", T_REVSHELL},
	/* executables */
	{".exe", T_EXE},
	{".bat", T_EXE},
	{".vbs", T_EXE},
	{".ps1", T_EXE},
	{".scr", T_EXE},
	/* credential files */
	{".ssh/", T_CRED},
	{".ssh\\", T_CRED},
	{"id_rsa", T_CRED},
	{"id_ed25519", T_CRED},
	{".aws/credentials", T_CRED},
	{".aws\\credentials", T_CRED},
	{".kube/config", T_CRED},
	{".docker/config.json", T_CRED},
	{".git-credentials", T_CRED},
	{".pypirc", T_CRED},
	{".npmrc", T_CRED},
	{"/etc/passwd", T_CRED},
	{"/etc/shadow", T_CRED},
	{".bash_history", T_CRED},
	{".zsh_history", T_CRED},
	{"wallet.dat", T_CRED},
	{"exodus", T_CRED},
	{"electrum", T_CRED},
	{"metamask", T_CRED},
	{"nkbihfbeogaeaoehlefnkodbefgpgknn", T_CRED},
	{"telegram desktop", T_CRED},
	{"serviceaccount/token", T_CRED},
	{".config/gcloud", T_CRED},
	{".azure/", T_CRED},
	{"filezilla", T_CRED},
	/* browser and messenger stores */
	{"login data", T_BROWSER},
	{"local state", T_BROWSER},
	{"web data", T_BROWSER},
	{"leveldb", T_BROWSER},
	{"logins.json", T_BROWSER},
	{"key4.db", T_BROWSER},
	{"cookies.sqlite", T_BROWSER},
	{"moz_cookies", T_BROWSER},
	{"password_value", T_BROWSER},
	{"encrypted_key", T_BROWSER},
	{"dqw4w9wgxcq", T_BROWSER},
	/* autostart */
	{"currentversion\\run", T_PERSIST},
	{"currentversion/run", T_PERSIST},
	{"programs\\startup", T_PERSIST},
	{"programs/startup", T_PERSIST},
	{".bashrc", T_PERSIST},
	{".bash_profile", T_PERSIST},
	{".zshrc", T_PERSIST},
	{"/etc/rc.local", T_PERSIST},
	{"/etc/init.d", T_PERSIST},
	{"/etc/profile.d", T_PERSIST},
	{".config/autostart", T_PERSIST},
	{"systemd/user", T_PERSIST},
	{"systemctl --user", T_PERSIST},
	{"launchagents", T_PERSIST},
	{"launchdaemons", T_PERSIST},
	{"crontab", T_PERSIST},
	{"schtasks", T_PERSIST},
	{"/etc/cron", T_PERSIST},
	{"--load-extension", T_EXTLOAD},
	/* where imports come from */
	{"site-packages", T_SITEPKG},
	{"dist-packages", T_SITEPKG},
	/* miners */
	{"xmrig", T_MINER},
	{"stratum+tcp", T_MINER},
	{"stratum+ssl", T_MINER},
	{"cpuminer", T_MINER},
	{"nanopool.org", T_MINER},
	{"supportxmr", T_MINER},
	{"minexmr", T_MINER},
};

/* Static source and package hosts: downloads from them feed builds
 * (lxml's static libraries, wheels of the project's own releases). Host
 * suffixes, sorted. */
static const char *const ok_hosts[] = {
	"download.gnome.org", "downloads.sourceforge.net", "files.pythonhosted.org",
	"ftp.gnu.org",	      "github.com",		   "gitlab.com",
	"pypi.org",	      "pypi.python.org",	   "sourceforge.net",
	"www.python.org",     "zlib.net",
};

/* Secret-looking environment variable names (upper-cased substrings). */
static const char *const secret_words[] = {
	"AWS_", "KEY", "PASS", "SECRET", "TOKEN", "CREDENTIAL",
};

/* ---- the rules this file emits ------------------------------------------ */

enum behave_rule {
	R_EXFIL = 0,
	R_REMOTE,
	R_DLEXEC,
	R_LOLBIN,
	R_REVSHELL,
	R_PERSIST,
	R_SETUPNET,
	R_BADDEST,
	R_BROWSER,
	R_CREDFILE,
	R_DYN,
	R_MINER,
	R_OBFEXEC,
	R_PACKER,
	R_STEALER,
	R_COUNT
};

static const char *const rule_ids[R_COUNT] = {
	[R_EXFIL] = LG_RULE_NET_EXFIL,
	[R_REMOTE] = LG_RULE_REMOTE_CODE,
	[R_DLEXEC] = LG_RULE_DOWNLOAD_EXEC,
	[R_LOLBIN] = LG_RULE_LOLBIN,
	[R_REVSHELL] = LG_RULE_REVERSE_SHELL,
	[R_PERSIST] = LG_RULE_PERSIST,
	[R_SETUPNET] = LG_RULE_SETUP_NETWORK,
	[R_BADDEST] = LG_RULE_SUSPICIOUS_DEST,
	[R_BROWSER] = LG_RULE_BROWSER_DB,
	[R_CREDFILE] = LG_RULE_SENSITIVE_FILES,
	[R_DYN] = LG_RULE_DYNAMIC_DISPATCH,
	[R_MINER] = LG_RULE_MINER,
	[R_OBFEXEC] = LG_RULE_DECODE_EXEC,
	[R_PACKER] = LG_RULE_PACKER,
	[R_STEALER] = LG_RULE_RUNTIME_STEALER,
};

struct candidate {
	bool set;
	enum lg_severity base, eff;
	bool keep_runtime;
	size_t tok;
	char msg[256];
};

struct var_slot {
	const char *name; /* NULL: empty */
	size_t len;
	uint32_t scope;
	unsigned bits;
};

struct named_def {
	struct lg_str name;
	uint32_t scope;
};

struct bh_state {
	struct lg_rules__ctx *ctx;
	const struct lg_pysrc *src;
	bool net_file;        /* the file imports a network module */
	unsigned *str_bits;   /* per token: bits of a STRING (0 otherwise) */
	unsigned *call_flags; /* per call */
	unsigned *scope_bits; /* per scope: sources seen in its body */
	unsigned *scope_calls; /* per scope: call flags seen in its body */
	unsigned *class_bits;  /* per class scope: its methods' sources */
	unsigned *class_calls; /* per class scope: its methods' calls */
	struct var_slot *vars;
	size_t vcap, vn;
	struct candidate best[R_COUNT];
	struct named_def *defs;  /* local defs by name */
	size_t ndefs;
	unsigned *def_src;       /* per scope: sources its body produces */
	uint32_t *call_def;      /* per call: local def called, or NONE */
	struct lg_pyassign *augs; /* `x += v` (pysrc lists plain `=` only) */
	size_t naugs;
	struct lg_pyassign *rets; /* `return v` in defs (target: `return`) */
	size_t nrets;
	struct lg_str *wrappers; /* defs that pass a parameter to a process */
	size_t nwrappers;
	struct lg_buf scratch;
	size_t sink_until; /* arguments already judged by an outer sink */
	unsigned sink_bits;
};

/* ---- small helpers ---------------------------------------------------------
 */

static int compare_kind(const void *key, const void *elem)
{
	return strcmp(key, ((const struct call_kind *)elem)->name);
}

static unsigned kind_of(const struct call_kind *v, size_t n, const char *name)
{
	const struct call_kind *k =
		bsearch(name, v, n, sizeof(v[0]), compare_kind);

	return k ? k->flags : 0;
}

static bool ci_contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!strncasecmp(hay + i, needle, k))
			return true;
	return false;
}

static bool is_private_ip(unsigned a, unsigned b)
{
	return a == 10 || a == 127 || a == 0 || (a == 192 && b == 168) ||
	       (a == 172 && b >= 16 && b <= 31) || (a == 169 && b == 254);
}

/* Bits of the hosts of the URLs in p[0..n). */
static unsigned url_bits(const char *p, size_t n)
{
	unsigned bits = 0;

	for (size_t i = 0; i + 3 < n; i++) {
		size_t h, e;
		unsigned oct[4] = {0}, k = 0, digits = 0;
		bool ip = true, ok = false;

		if (memcmp(p + i, "://", 3))
			continue;
		bits |= T_URL;
		h = i + 3;
		e = h;
		while (e < n && p[e] != '/' && p[e] != ':' && p[e] != '?' &&
		       p[e] != '"' && p[e] != '\'' && p[e] != ' ')
			e++;
		for (size_t j = h; j < e && ip; j++) {
			if (p[j] >= '0' && p[j] <= '9' && digits < 3) {
				oct[k] = oct[k] * 10 + (unsigned)(p[j] - '0');
				digits++;
			} else if (p[j] == '.' && digits && k < 3) {
				k++;
				digits = 0;
			} else {
				ip = false;
			}
		}
		if (ip && k == 3 && digits && !is_private_ip(oct[0], oct[1]))
			bits |= T_BADHOST;
		for (size_t t = 0; t < LG_ARRAY_SIZE(ok_hosts) && !ip; t++) {
			size_t m = strlen(ok_hosts[t]);

			if (e - h >= m && !strncasecmp(p + e - m, ok_hosts[t], m) &&
			    (e - h == m || p[e - m - 1] == '.'))
				ok = true;
		}
		bits |= ok ? T_OKHOST : 0;
		i = e > i ? e - 1 : i;
	}
	return bits;
}

/* Programs that, named alone as argv[0], download or hide. Sorted. */
static const char *const lolbin_programs[] = {
	"bitsadmin", "certutil", "curl", "mshta", "nc", "ncat", "wget",
};

/* Public resolvers: connecting to them finds the local address. */
static const char *const resolver_ips[] = {
	"1.0.0.1", "1.1.1.1", "8.8.4.4", "8.8.8.8", "9.9.9.9",
};

/* A string that is exactly a public IPv4 address (socket.connect((ip,
 * port))). */
static bool is_public_ip(const char *p, size_t n)
{
	unsigned oct[4] = {0}, k = 0, digits = 0;

	if (n < 7 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9' && digits < 3) {
			oct[k] = oct[k] * 10 + (unsigned)(p[i] - '0');
			digits++;
		} else if (p[i] == '.' && digits && k < 3) {
			k++;
			digits = 0;
		} else {
			return false;
		}
	}
	if (k != 3 || !digits || oct[0] > 255 || oct[1] > 255 ||
	    oct[2] > 255 || oct[3] > 255 || is_private_ip(oct[0], oct[1]) ||
	    oct[0] >= 224)
		return false;
	for (size_t i = 0; i < LG_ARRAY_SIZE(resolver_ips); i++)
		if (strlen(resolver_ips[i]) == n && !memcmp(resolver_ips[i], p, n))
			return false;
	return true;
}

/* Bits of the text p[0..n), which is lower-cased in place (ASCII) so the
 * pattern table (lower case) is searched with memmem. */
static unsigned text_bits(char *p, size_t n)
{
	uint64_t seen[4] = {0, 0, 0, 0}; /* bytes present in p */
	unsigned bits = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 'A' && c <= 'Z')
			p[i] = (char)(c = (unsigned char)(c - 'A' + 'a'));
		seen[c >> 6] |= (uint64_t)1 << (c & 63);
	}

	if (is_public_ip(p, n))
		return T_BADHOST | T_URL;

	for (size_t i = 0; i < LG_ARRAY_SIZE(lolbin_programs); i++)
		if (strlen(lolbin_programs[i]) == n &&
		    !strncasecmp(p, lolbin_programs[i], n))
			return T_SHELLWEAK;

	if (n > PATTERN_MAX_BYTES || n < 3)
		return 0;
	for (size_t i = 0; i < LG_ARRAY_SIZE(patterns); i++) {
		const unsigned char *t = (const unsigned char *)patterns[i].text;

		/* memmem only when the pattern's first two bytes occur at
		 * all: most strings are short names (azure's SDK has
		 * millions), and 137 memmem calls each dominated the scan. */
		if ((bits & patterns[i].bits) ||
		    !(seen[t[0] >> 6] & ((uint64_t)1 << (t[0] & 63))) ||
		    (t[1] && !(seen[t[1] >> 6] & ((uint64_t)1 << (t[1] & 63)))))
			continue;
		if (memmem(p, n, patterns[i].text, strlen(patterns[i].text)))
			bits |= patterns[i].bits;
	}
	if (n > 3 && n < 256 && !memcmp(p + n - 3, ".py", 3) &&
	    !memchr(p, ' ', n) && !memchr(p, '\n', n))
		bits |= T_PYSCRIPT;
	if ((n >= 3 && !memcmp(p + n - 3, "|sh", 3)) ||
	    (n >= 5 && !memcmp(p + n - 5, "|bash", 5)))
		bits |= T_LOLBIN;
	return bits | url_bits(p, n);
}

bool lg_rules__shell_cradle(char *p, size_t n)
{
	return (text_bits(p, n) & (T_LOLBIN | T_REVSHELL | T_BADHOST)) != 0;
}


/* Direct-mapped cache of string bits by the token's source text: SDKs
 * repeat the same literals ('str', 'api-version') thousands of times. */
#define STRING_CACHE_SLOTS 1024u

struct string_slot {
	const char *text; /* borrowed from src->buf */
	uint32_t len;
	unsigned bits;
};

static size_t string_slot_of(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return (size_t)(h & (STRING_CACHE_SLOTS - 1));
}

static int fill_strings(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	struct string_slot *cache = NULL;
	int error = 0;

	if (!(cache = lg__calloc(STRING_CACHE_SLOTS, sizeof(*cache))))
		return lg_error_oom();
	for (size_t i = 0; i < src->ntoks && !error; i++) {
		struct lg_str raw;
		struct string_slot *slot;

		if (src->toks[i].kind != LG_PYTOK_STRING ||
		    src->toks[i].len > PATTERN_MAX_BYTES + 8 ||
		    lg_rules__is_docstring(src, i))
			continue;
		raw = lg_pysrc_raw_text(src, i);
		slot = &cache[string_slot_of(raw.ptr, raw.len)];
		if (slot->text && slot->len == raw.len &&
		    !memcmp(slot->text, raw.ptr, raw.len)) {
			st->str_bits[i] = slot->bits;
		} else {
			lg_buf_reset(&st->scratch);
			if ((error = lg_pysrc_string_value(
				     &st->scratch, src->buf, &src->toks[i])) < 0)
				break;
			st->str_bits[i] =
				text_bits(st->scratch.ptr, st->scratch.len);
			*slot = (struct string_slot){raw.ptr, (uint32_t)raw.len,
						     st->str_bits[i]};
		}
		st->scope_bits[src->toks[i].scope] |= st->str_bits[i];
	}
	lg__free(cache);
	return error;
}

static bool is_secret_name(const char *p, size_t n)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(secret_words); i++)
		if (ci_contains(p, n, secret_words[i]))
			return true;
	return false;
}

static const char *last_component(const char *callee)
{
	const char *dot = strrchr(callee, '.');

	return dot ? dot + 1 : callee;
}

static unsigned classify_call(const struct bh_state *st,
			      const struct lg_pycall *c)
{
	unsigned f = kind_of(call_kinds, LG_ARRAY_SIZE(call_kinds), c->callee);
	const char *last;

	if (f || !*c->callee)
		return f;
	if (lg_rules__is_process_call(c->callee) ||
	    lg_rules__is_exec_sink(c->callee))
		return 0;
	last = last_component(c->callee);
	if (last == c->callee)
		return 0; /* a bare name: a builtin or a local function */
	f = kind_of(method_kinds, LG_ARRAY_SIZE(method_kinds), last);
	if (!st->net_file)
		f &= ~(unsigned)(C_NET | C_NETSRC | C_SOCK | C_DL);
	return f;
}

static bool imports_net(const struct lg_pysrc *src)
{
	for (size_t i = 0; i < src->nimports; i++) {
		const char *t = src->imports[i].target;
		size_t n = strcspn(t, ".");

		for (size_t k = 0; k < LG_ARRAY_SIZE(net_modules); k++)
			if (strlen(net_modules[k]) == n &&
			    !memcmp(net_modules[k], t, n))
				return true;
	}
	return false;
}

/* ---- variables ----------------------------------------------------------- */

static size_t var_slot_of(const struct bh_state *st, const char *name,
			  size_t len, uint32_t scope)
{
	size_t i = (size_t)lg_rules__name_hash(name, len, scope) &
		   (st->vcap - 1);

	while (st->vars[i].name &&
	       (st->vars[i].scope != scope || st->vars[i].len != len ||
		memcmp(st->vars[i].name, name, len)))
		i = (i + 1) & (st->vcap - 1);
	return i;
}

static int var_set(struct bh_state *st, struct lg_str name, uint32_t scope,
		   unsigned bits)
{
	size_t i;

	if ((st->vn + 1) * 2 > st->vcap) {
		struct bh_state big = *st;

		big.vcap = st->vcap ? st->vcap * 2 : 64;
		if (!(big.vars = lg__calloc(big.vcap, sizeof(*big.vars))))
			return lg_error_oom();
		for (size_t k = 0; k < st->vcap; k++)
			if (st->vars[k].name)
				big.vars[var_slot_of(&big, st->vars[k].name,
						     st->vars[k].len,
						     st->vars[k].scope)] =
					st->vars[k];
		lg__free(st->vars);
		st->vars = big.vars;
		st->vcap = big.vcap;
	}
	i = var_slot_of(st, name.ptr, name.len, scope);
	if (!st->vars[i].name) {
		st->vars[i].name = name.ptr;
		st->vars[i].len = name.len;
		st->vars[i].scope = scope;
		st->vn++;
	}
	st->vars[i].bits = bits;
	return 0;
}

static unsigned var_get(const struct bh_state *st, struct lg_str name,
			uint32_t scope)
{
	size_t i;

	if (!st->vcap)
		return 0;
	i = var_slot_of(st, name.ptr, name.len, scope);
	if (st->vars[i].name)
		return st->vars[i].bits;
	if (scope != 0) {
		i = var_slot_of(st, name.ptr, name.len, 0);
		if (st->vars[i].name)
			return st->vars[i].bits;
	}
	return 0;
}

/* ---- sources of an expression ------------------------------------------- */

static unsigned call_sources(const struct bh_state *st, size_t k)
{
	const struct lg_pycall *c = &st->src->calls[k];
	unsigned f = st->call_flags[k], bits = 0;

	if (f & C_NETSRC)
		bits |= T_NET;
	if (f & C_HOST)
		bits |= T_HOST;
	if (f & C_ENVBULK)
		bits |= T_ENV;
	if (f & C_BROWSER)
		bits |= T_BROWSER;
	if ((f & C_ENVREAD) &&
	    lg_pysrc_is(st->src, c->lparen + 1, LG_PYTOK_STRING, NULL)) {
		struct lg_str s = lg_pysrc_text(st->src, c->lparen + 1);

		if (is_secret_name(s.ptr, s.len))
			bits |= T_SECRET;
	}
	if (lg_rules__is_decoder(c->callee)) {
		bits |= T_DECODED;
		if (lg_pysrc_is(st->src, c->lparen + 1, LG_PYTOK_STRING, NULL))
			bits |= T_CONSTDEC;
	}
	return bits;
}

/* `os.environ` used whole (not `os.environ[...]` / `.get`). */
static bool is_environ_whole(const struct bh_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;

	if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, "environ") ||
	    !(i >= 2 && lg_pysrc_is(src, i - 1, LG_PYTOK_OP, ".") &&
	      lg_pysrc_is(src, i - 2, LG_PYTOK_NAME, "os")))
		return false;
	return !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "[") &&
	       !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ".");
}

/* getattr(os, 'environ')-free secret reads: os.environ['X_TOKEN']. */
static bool is_environ_secret(const struct bh_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;
	struct lg_str s;

	if (!lg_pysrc_is(src, i, LG_PYTOK_NAME, "environ") ||
	    !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "[") ||
	    !lg_pysrc_is(src, i + 2, LG_PYTOK_STRING, NULL))
		return false;
	s = lg_pysrc_text(src, i + 2);
	return is_secret_name(s.ptr, s.len);
}

/* Constants rebuilt at run time: chr(NUMBER), map(chr, ...), and
 * 'literal'[::-1]. */
static bool is_reconstruction(const struct lg_pysrc *src, size_t i)
{
	if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "chr"))
		return lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "(") ||
		       (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ",") && i >= 2 &&
			lg_pysrc_is(src, i - 1, LG_PYTOK_OP, "(") &&
			lg_pysrc_is(src, i - 2, LG_PYTOK_NAME, "map"));
	if (!lg_pysrc_is(src, i, LG_PYTOK_OP, "[") || i == 0 ||
	    !lg_pysrc_is(src, i - 1, LG_PYTOK_STRING, NULL))
		return false;
	return (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "::") &&
		lg_pysrc_is(src, i + 2, LG_PYTOK_OP, "-")) ||
	       (lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ":") &&
		lg_pysrc_is(src, i + 2, LG_PYTOK_OP, ":") &&
		lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "-"));
}

/* `self.NAME = v` at token i (a statement) in a method. */
static bool is_self_attr_assign(const struct lg_pysrc *src, size_t i)
{
	return lg_pysrc_is(src, i, LG_PYTOK_NAME, "self") &&
	       lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ".") &&
	       lg_pysrc_is(src, i + 2, LG_PYTOK_NAME, NULL) &&
	       lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "=");
}

/* The class whose method holds token i, or LG_PYTOK_NONE: `self.x` keys
 * its taint by the class, so __init__ can hand data to run(). */
static uint32_t method_class(const struct lg_pysrc *src, size_t i)
{
	uint32_t sc = src->toks[i].scope, cls;

	if (sc >= src->nscopes || src->scopes[sc].kind != LG_PYSCOPE_DEF)
		return LG_PYTOK_NONE;
	cls = src->scopes[sc].parent;
	return cls < src->nscopes && src->scopes[cls].kind == LG_PYSCOPE_CLASS
		       ? cls
		       : LG_PYTOK_NONE;
}

/* NAME i is read as `self.NAME` (not called, not assigned). */
static bool is_self_attr_use(const struct lg_pysrc *src, size_t i)
{
	return i >= 2 && lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
	       lg_pysrc_is(src, i - 1, LG_PYTOK_OP, ".") &&
	       lg_pysrc_is(src, i - 2, LG_PYTOK_NAME, "self") &&
	       !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "(") &&
	       !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=");
}

static bool is_variable_use(const struct lg_pysrc *src, size_t i)
{
	return lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
	       !(i > 0 && lg_pysrc_is(src, i - 1, LG_PYTOK_OP, ".")) &&
	       !lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "=");
}

static bool ident_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Variables named inside the {fields} of the f-string at token i. */
static unsigned fstring_sources(const struct bh_state *st, size_t i)
{
	struct lg_str t = lg_pysrc_text(st->src, i);
	unsigned bits = 0;
	size_t depth = 0;

	for (size_t k = 0; k < t.len; k++) {
		size_t b;

		if (t.ptr[k] == '{') {
			depth++;
			continue;
		}
		if (t.ptr[k] == '}') {
			depth -= depth > 0;
			continue;
		}
		if (!depth || !ident_byte(t.ptr[k]) ||
		    (k > 0 && (ident_byte(t.ptr[k - 1]) || t.ptr[k - 1] == '.')))
			continue;
		b = k;
		while (k < t.len && ident_byte(t.ptr[k]))
			k++;
		bits |= var_get(st, (struct lg_str){t.ptr + b, k - b},
				st->src->toks[i].scope);
		k--;
	}
	return bits;
}

/* A fingerprint or environment function handed over uncalled, as an
 * argument (`try_call(os.uname)`, `map(apply, [os.getcwd])`): the callee
 * calls it, so its value is the source's. */
static unsigned reference_sources(const struct bh_state *st, size_t i)
{
	const struct lg_pysrc *src = st->src;
	char name[LG_MAX_PY_NAME_BYTES];
	struct lg_str s = lg_pysrc_text(src, i);
	const char *head;
	size_t n, j = i + 1;
	unsigned f;

	if (i == 0 || !lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) ||
	    !(lg_pysrc_is(src, i - 1, LG_PYTOK_OP, "(") ||
	      lg_pysrc_is(src, i - 1, LG_PYTOK_OP, ",") ||
	      lg_pysrc_is(src, i - 1, LG_PYTOK_OP, "[")))
		return 0;
	/* Cheap test first: a dotted name that ends the argument. */
	while (lg_pysrc_is(src, j, LG_PYTOK_OP, ".") &&
	       lg_pysrc_is(src, j + 1, LG_PYTOK_NAME, NULL))
		j += 2;
	if (j == i + 1 || !(lg_pysrc_is(src, j, LG_PYTOK_OP, ",") ||
			    lg_pysrc_is(src, j, LG_PYTOK_OP, ")") ||
			    lg_pysrc_is(src, j, LG_PYTOK_OP, "]")))
		return 0; /* bare, called, indexed or part of an expression */
	j = i + 1;
	head = lg_pysrc_resolve(src, s.ptr, s.len, i);
	n = head ? strlen(head) : s.len;
	if (n >= sizeof(name))
		return 0;
	memcpy(name, head ? head : s.ptr, n);
	for (; lg_pysrc_is(src, j, LG_PYTOK_OP, ".") &&
	       lg_pysrc_is(src, j + 1, LG_PYTOK_NAME, NULL);
	     j += 2) {
		struct lg_str part = lg_pysrc_text(src, j + 1);

		if (n + 1 + part.len >= sizeof(name))
			return 0;
		name[n++] = '.';
		memcpy(name + n, part.ptr, part.len);
		n += part.len;
	}
	name[n] = '\0';
	f = kind_of(call_kinds, LG_ARRAY_SIZE(call_kinds), name);
	return (f & C_HOST ? T_HOST : 0) | (f & C_ENVBULK ? T_ENV : 0);
}

/* Sources of tokens [first, end): calls, variables, strings, and the
 * bodies of local functions called there. */
static unsigned range_sources(const struct bh_state *st, size_t first,
			      size_t end)
{
	const struct lg_pysrc *src = st->src;
	unsigned bits = 0;

	for (size_t k = lg_pysrc_first_call(src, first);
	     k < src->ncalls && src->calls[k].lparen < end; k++) {
		bits |= call_sources(st, k);
		if (st->call_def && st->call_def[k] != LG_PYTOK_NONE) {
			unsigned d = st->def_src[st->call_def[k]];

			bits |= d;
			if (d & T_DECODED &&
			    lg_pysrc_is(src, src->calls[k].lparen + 1,
					LG_PYTOK_STRING, NULL))
				bits |= T_CONSTDEC;
		}
	}
	for (size_t i = first; i < end && i < src->ntoks; i++) {
		enum lg_pytok_kind kind = src->toks[i].kind;

		bits |= st->str_bits[i] & ~(unsigned)T_EXE;
		if (kind == LG_PYTOK_STRING &&
		    lg_pysrc_string_flags(src->buf, &src->toks[i]) &
			    LG_PYSTR_FORMAT)
			bits |= fstring_sources(st, i);
		/* the rest looks at names and `[` only: skip the others */
		if (kind != LG_PYTOK_NAME && kind != LG_PYTOK_OP)
			continue;
		if (is_reconstruction(src, i))
			bits |= T_RECON;
		if (kind != LG_PYTOK_NAME)
			continue;
		bits |= reference_sources(st, i);
		if (is_environ_whole(st, i))
			bits |= T_ENV;
		else if (is_environ_secret(st, i))
			bits |= T_SECRET;
		else if (is_variable_use(src, i))
			bits |= var_get(st, lg_pysrc_text(src, i),
					src->toks[i].scope);
		else if (is_self_attr_use(src, i) &&
			 method_class(src, i) != LG_PYTOK_NONE)
			bits |= var_get(st, lg_pysrc_text(src, i),
					method_class(src, i));
	}
	return bits;
}

/* ---- candidates ------------------------------------------------------------
 */

static void propose(struct bh_state *st, enum behave_rule r,
		    enum lg_severity base, bool keep_runtime, size_t tok,
		    const char *fmt, ...) LG_PRINTF(6, 7);

static void propose(struct bh_state *st, enum behave_rule r,
		    enum lg_severity base, bool keep_runtime, size_t tok,
		    const char *fmt, ...)
{
	va_list ap;

	struct candidate *c = &st->best[r];
	enum lg_severity eff = lg_rules__adjust(
		base, lg_rules__where_at(st->ctx, tok), keep_runtime);

	if (c->set && c->eff >= eff)
		return;
	c->set = true;
	c->base = base;
	c->eff = eff;
	c->keep_runtime = keep_runtime;
	c->tok = tok;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/* The arguments of call c hold a comprehension over a string literal
 * (`exec(''.join(tbl[k.index(ch)] for ch in "...")`): code decrypted
 * character by character through a substitution table. */
static bool maps_literal(const struct lg_pysrc *src, const struct lg_pycall *c)
{
	for (size_t i = c->lparen + 1; i + 2 < c->rparen && i + 2 < src->ntoks;
	     i++)
		if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "for")) {
			size_t j = i + 1;

			while (j < c->rparen && !lg_pysrc_is(src, j, LG_PYTOK_NAME, "in"))
				j++;
			if (j + 1 < c->rparen &&
			    lg_pysrc_is(src, j + 1, LG_PYTOK_STRING, NULL))
				return true;
		}
	return false;
}

/* getattr(builtins-like, X) / globals()[X] / eval('X') with X one of
 * these. */
static const char *const dangerous_names[] = {
	"compile", "eval", "exec", "popen", "spawn", "system",
	"__import__",
};

/* 1 when the STRING at tok is exactly a dangerous builtin's name. */
static int dangerous_constant(struct bh_state *st, size_t tok)
{
	int error;

	lg_buf_reset(&st->scratch);
	if ((error = lg_pysrc_string_value(&st->scratch, st->src->buf,
					   &st->src->toks[tok])) < 0)
		return error;
	for (size_t k = 0; k < LG_ARRAY_SIZE(dangerous_names); k++)
		if (!strcmp(st->scratch.ptr, dangerous_names[k]))
			return 1;
	return 0;
}

/* Whether the STRING token tok spells every character of its value as
 * an escape (\x6d\x61...), at least 4 of them: code written so a reader
 * cannot see it (pyobfuscate-style `eval('\x6d\x61\x67\x69\x63')`). */
static bool all_escaped(const struct lg_pysrc *src, size_t tok)
{
	struct lg_str t = lg_pysrc_text(src, tok);
	size_t i = 0, n = 0;

	while (i < t.len && t.ptr[i] != '\'' && t.ptr[i] != '"')
		i++; /* prefix letters */
	if (i >= t.len || t.len < i + 2)
		return false;
	for (i++; i + 1 < t.len; n++) {
		if (t.ptr[i] != '\\')
			return false;
		if (t.ptr[i + 1] == 'x' && i + 4 <= t.len - 1)
			i += 4;
		else if (t.ptr[i + 1] >= '0' && t.ptr[i + 1] <= '7' &&
			 i + 4 <= t.len - 1)
			i += 4;
		else if (t.ptr[i + 1] == 'u' && i + 6 <= t.len - 1)
			i += 6;
		else
			return false;
	}
	return n >= 4 && i + 1 == t.len;
}

/* 1 when the arguments of exec-like call c loop (a comprehension) over a
 * constant of 40+ bytes that is not Python source: a cipher the loop
 * undoes. */
static int opaque_constant_arg(struct bh_state *st, const struct lg_pycall *c)
{
	const struct lg_pysrc *src = st->src;
	int error;

	bool loop = false;

	for (size_t i = c->lparen + 1; i < c->rparen && !loop; i++)
		loop = lg_pysrc_is(src, i, LG_PYTOK_NAME, "for");
	if (!loop)
		return 0; /* templates are formatted, ciphers are looped over */
	for (size_t i = c->lparen + 1; i < c->rparen; i++) {
		if (src->toks[i].kind != LG_PYTOK_STRING ||
		    src->toks[i].len < 44 || src->toks[i].len > PATTERN_MAX_BYTES)
			continue;
		lg_buf_reset(&st->scratch);
		if ((error = lg_pysrc_string_value(&st->scratch, src->buf,
						   &src->toks[i])) < 0)
			return error;
		if (st->scratch.len >= 40 && !memchr(st->scratch.ptr, '{',
						     st->scratch.len) &&
		    !lg_decode_looks_like_python(st->scratch.ptr,
						 st->scratch.len))
			return 1;
	}
	return 0;
}

static const char *what_flows(unsigned bits)
{
	if (bits & T_BROWSER)
		return "browser or messenger credentials";
	if (bits & T_CRED)
		return "credential files";
	if (bits & T_ENV)
		return "the whole environment";
	if (bits & T_HOST)
		return "host and user names";
	return "secret environment variables";
}

/* A network call: where its arguments come from and where they go. */
static void judge_net(struct bh_state *st, const struct lg_pycall *c,
		      unsigned bits)
{
	size_t tok = c->first;
	enum lg_rules__where w = lg_rules__where_at(st->ctx, tok);

	if (bits & T_EXE)
		bits &= ~(unsigned)T_OKHOST; /* executables are not sources */
	if (bits & T_OKHOST && !(bits & T_BADHOST))
		bits &= ~(unsigned)T_SECRET; /* a token for its own forge */

	/* Host data sent to a webhook, request bin or tunnel is the
	 * dependency-confusion beacon: not lowered in code nothing calls at
	 * import (the victim's build calls it). */
	bool beacon = (bits & T_BADHOST) != 0;

	if (bits & (T_BROWSER | T_CRED | T_ENV))
		propose(st, R_EXFIL, LG_SEV_CRITICAL, beacon, tok,
			"%s flow into a network call%s", what_flows(bits),
			beacon ? " to a webhook, request-bin or tunnel host"
			       : "");
	else if (bits & T_HOST)
		propose(st, R_EXFIL, LG_SEV_HIGH, beacon, tok,
			"%s flow into a network call%s", what_flows(bits),
			beacon ? " to a webhook, request-bin or tunnel host"
			       : "");
	else if (bits & T_SECRET)
		propose(st, R_EXFIL, LG_SEV_MEDIUM, false, tok,
			"%s flow into a network call", what_flows(bits));
	if (bits & T_BADHOST)
		propose(st, R_BADDEST,
			w == LG_RULES_IMPORT &&
					lg_pysrc_scope_kind(st->src, tok) ==
						LG_PYSCOPE_MODULE
				? LG_SEV_HIGH
				: LG_SEV_MEDIUM,
			false, tok,
			"'%s' talks to a webhook, paste, tunnel or bare-IP "
			"host",
			c->callee);
	/* E2: real code does not base64 its own endpoints */
	if (bits & T_CONSTDEC && !(bits & T_BADHOST))
		propose(st, R_BADDEST, LG_SEV_MEDIUM, false, tok,
			"'%s' talks to a host hidden in an encoded constant",
			c->callee);
	if (w == LG_RULES_INSTALL || w == LG_RULES_STARTUP) {
		if (bits & T_BADHOST)
			propose(st, R_SETUPNET, LG_SEV_HIGH, false, tok,
				"'%s' reaches a webhook, paste, tunnel or "
				"bare-IP host while the package installs",
				c->callee);
		else if ((bits & T_URL) && !(bits & T_OKHOST))
			propose(st, R_SETUPNET, LG_SEV_MEDIUM, false, tok,
				"'%s' reaches the network while the package "
				"installs",
				c->callee);
		else if (!(bits & T_OKHOST))
			propose(st, R_SETUPNET, LG_SEV_LOW, false, tok,
				"'%s' reaches the network while the package "
				"installs",
				c->callee);
		else
			propose(st, R_SETUPNET, LG_SEV_INFO, false, tok,
				"'%s' downloads from a source host while the "
				"package installs",
				c->callee);
	}
}

static void judge_process(struct bh_state *st, const struct lg_pycall *c,
			  unsigned bits)
{
	if (bits & T_REVSHELL && bits & T_LOLBIN)
		propose(st, R_REVSHELL, LG_SEV_CRITICAL, false, c->first,
			"'%s' runs a shell wired to a network socket",
			c->callee);
	if (bits & (T_LOLBIN | T_BADHOST))
		propose(st, R_LOLBIN, LG_SEV_HIGH, true, c->first,
			"'%s' runs a download or shell-cradle command",
			c->callee);
	else if (bits & T_SHELLWEAK)
		propose(st, R_LOLBIN, LG_SEV_MEDIUM, false, c->first,
			"'%s' runs a hidden or detached command", c->callee);
	if (bits & T_NET)
		propose(st, R_DLEXEC, LG_SEV_CRITICAL, false, c->first,
			"'%s' runs what was downloaded", c->callee);
	if (bits & (T_CONSTDEC | T_RECON))
		propose(st, R_LOLBIN, LG_SEV_HIGH, true, c->first,
			"'%s' runs a command that was decoded or rebuilt at "
			"run time",
			c->callee);
	if (bits & T_PERSIST)
		propose(st, R_PERSIST, LG_SEV_HIGH, false, c->first,
			"'%s' installs an autostart entry", c->callee);
}

/* Sources of the arguments of c that fold (lg/pyfold.h) to constants:
 * 'cu' + 'rl ...', ''.join(map(chr, ...)), bytes.fromhex(...), ... Lone
 * strings and names are left to the token scan. */
static int fold_args(unsigned *out, struct bh_state *st,
		     const struct lg_pycall *c)
{
	const struct lg_pysrc *src = st->src;
	size_t depth = src->toks[c->lparen].depth + 1u;
	struct lg_buf v = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	struct lg_pyfold_result res;
	int error = 0;

	*out = 0;
	for (size_t i = c->lparen + 1; i < c->rparen && !error; i++) {
		size_t comma = lg_rules__next_comma(src, i, c->rparen, depth);

		if (lg_pysrc_is(src, i, LG_PYTOK_NAME, NULL) &&
		    lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "="))
			i += 2;
		if (comma > i + 1) {
			lg_buf_reset(&v);
			error = lg_pyfold_expr(&v, &res, src, i, comma);
			if (error == LG_ETOOBIG) {
				/* A value past the fold caps stays unknown,
				 * as a non-constant would; the tokens are
				 * still scanned. */
				lg_error_clear();
				error = 0;
				res.constant = false;
			}
			if (!error && res.constant) {
				*out |= text_bits(v.ptr, v.len);
				if (res.decoded)
					*out |= T_DECODED | T_CONSTDEC;
			}
		}
		i = comma;
	}
	lg_buf_dispose(&v);
	return error;
}

static int check_call(struct bh_state *st, size_t k) LG_WARN_UNUSED;
static int check_call(struct bh_state *st, size_t k)
{
	const struct lg_pysrc *src = st->src;
	const struct lg_pycall *c = &src->calls[k];
	unsigned f = st->call_flags[k], bits;
	bool exec_sink = lg_rules__is_exec_sink(c->callee);
	bool proc = (f & C_PROC) != 0;

	if (!(f & (C_NET | C_WRITE | C_START)) && !exec_sink && !proc)
		return 0;
	if (c->lparen < st->sink_until) {
		bits = st->sink_bits;
	} else {
		unsigned folded;
		int error = fold_args(&folded, st, c);

		if (error < 0)
			return error;
		bits = range_sources(st, c->lparen + 1, c->rparen) | folded;
		st->sink_until = c->rparen;
		st->sink_bits = bits;
	}
	if (f & C_NET)
		judge_net(st, c, bits);
	if (exec_sink && bits & T_NET)
		propose(st, R_REMOTE, LG_SEV_CRITICAL, false, c->first,
			"'%s' runs code fetched from the network", c->callee);
	if (exec_sink && lg_pysrc_is(st->src, c->lparen + 1, LG_PYTOK_STRING,
				     NULL) &&
	    lg_pysrc_is(st->src, c->lparen + 2, LG_PYTOK_OP, ")") &&
	    memchr(lg_pysrc_text(st->src, c->lparen + 1).ptr, '\\',
		   lg_pysrc_text(st->src, c->lparen + 1).len)) {
		int error = dangerous_constant(st, c->lparen + 1);

		if (error < 0)
			return error;
		if (error > 0)
			propose(st, R_DYN, LG_SEV_HIGH, true, c->first,
				"'%s' of a constant yields a builtin such as "
				"eval or exec (obfuscator idiom)",
				c->callee);
	}
	if (exec_sink &&
	    lg_pysrc_is(st->src, c->lparen + 1, LG_PYTOK_STRING, NULL) &&
	    all_escaped(st->src, c->lparen + 1))
		propose(st, R_OBFEXEC, LG_SEV_HIGH, true, c->first,
			"'%s' runs code spelled entirely in escape sequences",
			c->callee);
	if (exec_sink) {
		int error = opaque_constant_arg(st, c);

		if (error < 0)
			return error;
		if (error > 0)
			propose(st, R_OBFEXEC, LG_SEV_HIGH, true, c->first,
				"'%s' runs code rebuilt from an unreadable "
				"constant",
				c->callee);
	}
	if (exec_sink && maps_literal(st->src, c))
		propose(st, R_OBFEXEC, LG_SEV_HIGH, true, c->first,
			"'%s' runs code decrypted character by character "
			"from a constant",
			c->callee);
	if (exec_sink && bits & T_RECON)
		propose(st, R_OBFEXEC, LG_SEV_HIGH, true, c->first,
			"'%s' runs code rebuilt from character codes or "
			"reversed text",
			c->callee);
	if (proc)
		judge_process(st, c, bits);
	if (f & C_START)
		propose(st, R_DLEXEC, LG_SEV_MEDIUM, false, c->first,
			"'%s' starts a file", c->callee);
	if (f & C_START && bits & T_NET)
		propose(st, R_DLEXEC, LG_SEV_CRITICAL, false, c->first,
			"'%s' starts a downloaded file", c->callee);
	if (f & C_WRITE && bits & T_PERSIST)
		propose(st, R_PERSIST, LG_SEV_HIGH, false, c->first,
			"'%s' writes to an autostart location", c->callee);
	return 0;
}

static bool is_aug_op(struct lg_str op)
{
	return op.len == 2 && op.ptr[1] == '=' && strchr("+|%", op.ptr[0]);
}

static int push_range(struct lg_pyassign **v, size_t *n, size_t *cap,
		      struct lg_pyassign a)
{
	if (*n == *cap) {
		struct lg_pyassign *w;
		size_t c = *cap ? *cap * 2 : 16;

		if (!(w = lg__reallocarray(*v, c, sizeof(*w))))
			return lg_error_oom();
		*v = w;
		*cap = c;
	}
	(*v)[(*n)++] = a;
	return 0;
}

/* `for a, b in v:` gives a and b the sources of v (as `a += v`). */
static int push_for(struct bh_state *st, size_t i, size_t *cap)
{
	const struct lg_pysrc *src = st->src;
	size_t in = i + 1, colon;
	int error = 0;

	while (in < src->ntoks && !lg_pysrc_is(src, in, LG_PYTOK_NAME, "in") &&
	       src->toks[in].kind != LG_PYTOK_NEWLINE && in < i + 16)
		in++;
	if (!lg_pysrc_is(src, in, LG_PYTOK_NAME, "in"))
		return 0;
	for (colon = in + 1; colon < src->ntoks &&
			     !(lg_pysrc_is(src, colon, LG_PYTOK_OP, ":") &&
			       src->toks[colon].depth == src->toks[i].depth) &&
			     src->toks[colon].kind != LG_PYTOK_NEWLINE;
	     colon++)
		;
	for (size_t t = i + 1; t < in && !error; t++)
		if (src->toks[t].kind == LG_PYTOK_NAME)
			error = push_range(&st->augs, &st->naugs, cap,
					   (struct lg_pyassign){
						   (uint32_t)t, (uint32_t)(in + 1),
						   (uint32_t)colon});
	return error;
}

/* `x += v` and `return v` statements, in source order. */
static int find_augs(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	size_t cap = 0, rcap = 0;
	int error = 0;

	for (size_t i = 0; i + 1 < src->ntoks && !error; i++) {
		struct lg_pyassign a;
		size_t j;
		bool ret, attr;

		if (!(src->toks[i].flags & LG_PYTOK_F_STMT) ||
		    src->toks[i].kind != LG_PYTOK_NAME)
			continue;
		if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "for") &&
		    (error = push_for(st, i, &cap)) < 0)
			break;
		ret = lg_pysrc_is(src, i, LG_PYTOK_NAME, "return") &&
		      src->scopes[src->toks[i].scope].kind == LG_PYSCOPE_DEF;
		attr = is_self_attr_assign(src, i) &&
		       method_class(src, i) != LG_PYTOK_NONE;
		if (!ret && !attr &&
		    (src->toks[i + 1].kind != LG_PYTOK_OP ||
		     !is_aug_op(lg_pysrc_text(src, i + 1))))
			continue;
		for (j = i + 2; j < src->ntoks &&
				src->toks[j].kind != LG_PYTOK_NEWLINE &&
				src->toks[j].kind != LG_PYTOK_ENDMARKER;
		     j++)
			;
		/* `self.x = v` joins the `+=` stream: it adds to what the
		 * class's x holds */
		a.target = (uint32_t)(attr ? i + 2 : i);
		a.first = (uint32_t)(i + (attr ? 4 : ret ? 1 : 2));
		a.end = (uint32_t)j;
		error = ret ? push_range(&st->rets, &st->nrets, &rcap, a)
			    : push_range(&st->augs, &st->naugs, &cap, a);
		i = j;
	}
	return error;
}

static void apply_return(struct bh_state *st, size_t k)
{
	const struct lg_pyassign *r = &st->rets[k];

	st->def_src[st->src->toks[r->target].scope] |=
		range_sources(st, r->first, r->end);
}

static int apply_aug(struct bh_state *st, size_t k)
{
	const struct lg_pysrc *src = st->src;
	const struct lg_pyassign *a = &st->augs[k];
	struct lg_str name = lg_pysrc_text(src, a->target);
	uint32_t scope = src->toks[a->target].scope;
	unsigned bits = range_sources(st, a->first, a->end);

	if (a->target >= 2 &&
	    lg_pysrc_is(src, a->target - 1, LG_PYTOK_OP, ".") &&
	    lg_pysrc_is(src, a->target - 2, LG_PYTOK_NAME, "self") &&
	    method_class(src, a->target) != LG_PYTOK_NONE)
		scope = method_class(src, a->target);

	return var_set(st, name, scope, bits | var_get(st, name, scope));
}

static int apply_assign(struct bh_state *st, size_t k, unsigned *last)
{
	const struct lg_pysrc *src = st->src;
	const struct lg_pyassign *a = &src->assigns[k];

	if (k == 0 || a->first != src->assigns[k - 1].first)
		*last = range_sources(st, a->first, a->end);
	return var_set(st, lg_pysrc_text(src, a->target),
		       src->toks[a->target].scope, *last);
}

/* ---- function-body chains ------------------------------------------------ */

/* Stealer classes keep paths and tokens on self: a class whose methods
 * name credential stores and send over the network is judged as one. */
static void judge_classes(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;

	for (size_t s = 1; s < src->nscopes; s++) {
		uint32_t cls = src->scopes[s].parent;

		if (cls == LG_PYTOK_NONE || cls >= src->nscopes ||
		    src->scopes[cls].kind != LG_PYSCOPE_CLASS)
			continue;
		st->class_bits[cls] |= st->scope_bits[s];
		st->class_calls[cls] |= st->scope_calls[s];
	}
	for (size_t c = 0; c < src->nscopes; c++)
		if (st->class_bits[c] & T_BROWSER && st->class_calls[c] & C_NET)
			propose(st, R_BROWSER, LG_SEV_HIGH, true,
				src->scopes[c].first, "%s",
				"a class reads browser or messenger credential "
				"stores and sends over the network");
}

/* A function writes a download to disk and the file names site-packages
 * (the path is often a module-level global): code planted where every
 * Python can import it (make-box style). */
static void plant_in_site(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	unsigned all = 0;
	size_t dl = src->nscopes;

	for (size_t s = 0; s < src->nscopes; s++) {
		unsigned f = st->scope_calls[s];

		all |= st->scope_bits[s];
		if (dl == src->nscopes && f & (C_NET | C_DL) &&
		    f & (C_WRITE | C_DL))
			dl = s;
	}
	if (dl == src->nscopes || !(all & T_SITEPKG) || all & T_OKHOST)
		return;
	propose(st, R_PERSIST, LG_SEV_HIGH, false,
		src->scopes[dl].first < src->ntoks ? src->scopes[dl].first : 0,
		"%s", "a download is written to disk by code that names "
		      "site-packages: code planted where every Python "
		      "imports it");
}

/* Keystrokes, the screen or the clipboard captured by a file that also
 * talks to the network (mail, webhooks, HTTP): the catalog's runtime
 * stealer. A keylogger stays high in code nothing calls at import: no
 * library hooks every key and sends. */
static void runtime_stealer(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	unsigned all = 0;
	size_t at = src->nscopes;

	for (size_t s = 0; s < src->nscopes; s++) {
		all |= st->scope_calls[s];
		if (at == src->nscopes &&
		    st->scope_calls[s] & (C_KEYS | C_CAPTURE))
			at = s;
	}
	if (at == src->nscopes || !(all & C_NET))
		return;
	propose(st, R_STEALER, LG_SEV_HIGH, (all & C_KEYS) != 0,
		src->scopes[at].first < src->ntoks ? src->scopes[at].first : 0,
		"%s", all & C_KEYS
			      ? "keystrokes are captured in a file that sends "
				"over the network (keylogger)"
			      : "the screen or the clipboard is captured in a "
				"file that sends over the network");
}

static void judge_scopes(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	unsigned file_calls = 0;

	/* "a module that uses the network" (cred.browser-db): stealers read
	 * the stores in one function and post from another */
	for (size_t s = 0; s < src->nscopes; s++)
		file_calls |= st->scope_calls[s];
	for (size_t s = 0; s < src->nscopes; s++) {
		unsigned b = st->scope_bits[s], f = st->scope_calls[s];
		size_t tok = src->scopes[s].first < src->ntoks
				     ? src->scopes[s].first
				     : 0;

		if (f & C_SOCK && (f & (C_DUP2 | C_PTY)))
			propose(st, R_REVSHELL, LG_SEV_CRITICAL, false, tok,
				"%s", "a socket is connected and wired to a "
				      "shell's standard streams");
		if (f & C_SOCK && f & C_PROC && b & T_REVSHELL)
			propose(st, R_REVSHELL, LG_SEV_CRITICAL, false, tok,
				"%s", "a socket is connected next to a shell "
				      "process");
		/* a downloaded .py run by a new interpreter is a second
		 * stage like an .exe (barcode-style install hooks) */
		if (f & (C_NET | C_DL) && f & (C_WRITE | C_DL) &&
		    (f & (C_CHMOD | C_START) ||
		     (f & C_PROC &&
		      b & (T_LOLBIN | T_EXE | T_SHELLWEAK | T_PYSCRIPT))) &&
		    (!(b & T_OKHOST) || b & T_EXE))
			propose(st, R_DLEXEC,
				(b & (T_BADHOST | T_EXE)) ==
						(T_BADHOST | T_EXE)
					? LG_SEV_CRITICAL
					: LG_SEV_HIGH,
				false, tok, "%s",
				"a download is written to disk and made "
				"executable or started");
		/* the whole dropper chain in one function: fetched, made
		 * runnable, and set to start with the session. No library
		 * does this, so code nothing calls at import is not
		 * lowered. */
		if (f & (C_NET | C_DL) && f & (C_WRITE | C_DL) &&
		    f & (C_CHMOD | C_START | C_PROC) &&
		    b & T_PERSIST && !(b & T_OKHOST))
			propose(st, R_DLEXEC, LG_SEV_CRITICAL, true, tok, "%s",
				"a download is made executable and set to "
				"start with the session (C3 and "
				"persistence)");
		if (f & (C_NET | C_DL) && f & (C_PROC | C_START) &&
		    b & T_EXE)
			propose(st, R_DLEXEC, LG_SEV_HIGH, false, tok, "%s",
				"a downloaded executable is started");
		if (f & C_WRITE && b & T_PERSIST)
			propose(st, R_PERSIST, LG_SEV_HIGH, false, tok, "%s",
				"a function writes a file and names an "
				"autostart location");
		if (f & C_WINREG && b & T_PERSIST)
			propose(st, R_PERSIST, LG_SEV_HIGH, false, tok, "%s",
				"a Run key is written in the registry");
		if (f & C_LNK && b & T_EXTLOAD)
			propose(st, R_PERSIST, LG_SEV_HIGH, false, tok, "%s",
				"shortcuts are rewritten to make the browser "
				"load an extension at every start");
		if (b & T_BROWSER)
			propose(st, R_BROWSER,
				file_calls & C_NET ? LG_SEV_HIGH : LG_SEV_LOW,
				(file_calls & C_NET) != 0, tok, "%s",
				"code names browser or messenger credential "
				"stores");
		if (b & T_CRED && f & C_NET)
			propose(st, R_CREDFILE, LG_SEV_MEDIUM, false, tok,
				"%s",
				"a function names credential files and uses "
				"the network");
		if (b & T_MINER)
			propose(st, R_MINER, LG_SEV_HIGH, false, tok, "%s",
				"code names a cryptocurrency miner or pool");
	}
	plant_in_site(st);
	runtime_stealer(st);
}


static bool names_builtins(const struct lg_pysrc *src, size_t i)
{
	return lg_pysrc_is(src, i, LG_PYTOK_NAME, "__builtins__") ||
	       lg_pysrc_is(src, i, LG_PYTOK_NAME, "builtins") ||
	       lg_pysrc_is(src, i, LG_PYTOK_NAME, "__builtin__");
}

/* Builtins an obfuscator renames in bulk (`_a, _b, _c = exec, str, map`).
 * Sorted. */
static const char *const aliased_builtins[] = {
	"__import__", "bytes", "chr",	 "compile", "eval",  "exec",
	"getattr",    "globals", "map",	 "ord",	    "setattr", "str",
	"tuple",      "type",	 "vars",
};

static bool in_sorted(const char *const *v, size_t n, struct lg_str w)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) == w.len && !memcmp(v[i], w.ptr, w.len))
			return true;
	return false;
}

/* Statement at i: NAME, NAME, ... = builtin, builtin, ... with exec, eval,
 * compile or __import__ among three or more builtins. */
static bool bulk_alias(const struct lg_pysrc *src, size_t i)
{
	size_t j = i, n = 0;
	bool dangerous = false;

	while (j < src->ntoks && (src->toks[j].kind == LG_PYTOK_NAME ||
				  lg_pysrc_is(src, j, LG_PYTOK_OP, ",")))
		j++;
	if (j == i || !lg_pysrc_is(src, j, LG_PYTOK_OP, "="))
		return false;
	for (j++; j < src->ntoks && src->toks[j].kind != LG_PYTOK_NEWLINE; j++) {
		struct lg_str w = lg_pysrc_text(src, j);

		if (lg_pysrc_is(src, j, LG_PYTOK_OP, ","))
			continue;
		if (src->toks[j].kind != LG_PYTOK_NAME ||
		    !in_sorted(aliased_builtins, LG_ARRAY_SIZE(aliased_builtins),
			       w))
			return false;
		n++;
		dangerous |= (w.len == 4 && (!memcmp(w.ptr, "exec", 4) ||
					     !memcmp(w.ptr, "eval", 4))) ||
			     (w.len == 7 && !memcmp(w.ptr, "compile", 7)) ||
			     (w.len == 10 && !memcmp(w.ptr, "__import__", 10));
	}
	return dangerous && n >= 3;
}

static bool is_packer_name(struct lg_str w)
{
	static const char *const names[] = {
		"__armor_enter__", "__pyarmor__", "pyarmor_runtime",
		"pytransform",
	};

	return in_sorted(names, LG_ARRAY_SIZE(names), w);
}

/* Whether tokens [first, end) fold to a dangerous builtin's name. */
static int folds_to_danger(bool *out, struct bh_state *st, size_t first,
			   size_t end)
{
	struct lg_buf v = LG_BUF_INIT(LG_MAX_FOLD_BYTES);
	struct lg_pyfold_result res;
	int error;

	*out = false;
	if (end == LG_PYTOK_NONE || end <= first || end > st->src->ntoks)
		return 0;
	error = lg_pyfold_expr(&v, &res, st->src, first, end);
	if (error == LG_ETOOBIG) { /* unknown, as in fold_args */
		lg_error_clear();
		error = 0;
		res.constant = false;
	}
	if (!error && res.constant)
		for (size_t k = 0; k < LG_ARRAY_SIZE(dangerous_names); k++)
			if (!strcmp(v.ptr, dangerous_names[k]))
				*out = true;
	lg_buf_dispose(&v);
	return error;
}

static int check_dispatch(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	int error = 0;

	for (size_t i = 0; i < src->ntoks; i++) {
		if (src->toks[i].kind != LG_PYTOK_NAME)
			continue;
		if (src->toks[i].flags & LG_PYTOK_F_STMT && bulk_alias(src, i))
			propose(st, R_DYN, LG_SEV_HIGH, true, i, "%s",
				"exec or eval is renamed together with other "
				"builtins (obfuscator idiom)");
		else if (is_packer_name(lg_pysrc_text(src, i)))
			propose(st, R_PACKER, LG_SEV_MEDIUM, true, i, "%s",
				"the code is packed with PyArmor; what it "
				"does cannot be read");
	}

	for (size_t i = 0; i + 3 < src->ntoks && !error; i++) {
		size_t arg, close;
		bool constant, called;

		if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "getattr") &&
		    lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "(") &&
		    names_builtins(src, i + 2) &&
		    lg_pysrc_is(src, i + 3, LG_PYTOK_OP, ","))
			arg = i + 4;
		else if ((lg_pysrc_is(src, i, LG_PYTOK_NAME, "globals") ||
			  lg_pysrc_is(src, i, LG_PYTOK_NAME, "locals")) &&
			 lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "(") &&
			 lg_pysrc_is(src, i + 2, LG_PYTOK_OP, ")") &&
			 lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "["))
			arg = i + 4;
		else if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "vars") &&
			 lg_pysrc_is(src, i + 1, LG_PYTOK_OP, "(") &&
			 names_builtins(src, i + 2) &&
			 lg_pysrc_is(src, i + 3, LG_PYTOK_OP, ")") &&
			 lg_pysrc_is(src, i + 4, LG_PYTOK_OP, "["))
			arg = i + 5;
		else if (names_builtins(src, i) &&
			 lg_pysrc_is(src, i + 1, LG_PYTOK_OP, ".") &&
			 lg_pysrc_is(src, i + 2, LG_PYTOK_NAME, "__dict__") &&
			 lg_pysrc_is(src, i + 3, LG_PYTOK_OP, "["))
			arg = i + 4;
		else
			continue;
		/* the ')' of getattr or the ']' of the subscript */
		close = src->toks[lg_pysrc_is(src, arg - 1, LG_PYTOK_OP, "[")
					  ? arg - 1
					  : i + 1]
				.match;
		if (close == LG_PYTOK_NONE || close <= arg)
			continue;
		/* reached and called at once: getattr(builtins, 'exec')(c);
		 * six-style shims keep the builtin for later */
		called = lg_pysrc_is(src, close + 1, LG_PYTOK_OP, "(");
		constant = lg_pysrc_is(src, arg, LG_PYTOK_STRING, NULL) &&
			   (lg_pysrc_is(src, arg + 1, LG_PYTOK_OP, ")") ||
			    lg_pysrc_is(src, arg + 1, LG_PYTOK_OP, "]") ||
			    lg_pysrc_is(src, arg + 1, LG_PYTOK_OP, ","));
		if (constant) {
			lg_buf_reset(&st->scratch);
			if ((error = lg_pysrc_string_value(
				     &st->scratch, src->buf,
				     &src->toks[arg])) < 0)
				break;
			for (size_t k = 0; k < LG_ARRAY_SIZE(dangerous_names);
			     k++)
				if (!strcmp(st->scratch.ptr,
					    dangerous_names[k]))
					propose(st, R_DYN,
						called ? LG_SEV_HIGH
						       : LG_SEV_LOW,
						called, i,
						"'%s' is reached by name "
						"through the builtins%s",
						dangerous_names[k],
						called ? " and called" : "");
		} else {
			bool bad = false;
			size_t name_end = close;

			if (lg_pysrc_is(src, i, LG_PYTOK_NAME, "getattr"))
				name_end = lg_rules__next_comma(
					src, arg, close,
					(size_t)src->toks[i + 1].depth + 1u);
			if ((error = folds_to_danger(&bad, st, arg,
						     name_end)) < 0)
				break;
			/* globals()[name] = value is everyday code: only a
			 * name that folds to a dangerous builtin counts */
			if (!bad &&
			    !lg_pysrc_is(src, i, LG_PYTOK_NAME, "getattr"))
				continue;
			propose(st, R_DYN, bad ? LG_SEV_HIGH : LG_SEV_MEDIUM,
				bad, i, "%s",
				bad ? "a builtin such as exec or eval is looked "
				      "up by a name built at run time"
				    : "a builtin is looked up by a computed "
				      "name");
		}
	}
	return error;
}

/* ---- process wrappers: def run(cmd): subprocess.Popen(cmd, shell=True) -- */

static int compare_str(const void *a, const void *b)
{
	const struct lg_str *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->ptr, y->ptr, n);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Whether NAME tok is one of the parameters of def scope sc. */
static bool is_param(const struct lg_pysrc *src, size_t sc, size_t tok)
{
	size_t open = (size_t)src->scopes[sc].name_tok + 1, close;
	struct lg_str name = lg_pysrc_text(src, tok);

	if (src->scopes[sc].name_tok == LG_PYTOK_NONE ||
	    !lg_pysrc_is(src, open, LG_PYTOK_OP, "(") ||
	    (close = src->toks[open].match) == LG_PYTOK_NONE ||
	    close - open > PARAMS_MAX_TOKENS)
		return false;
	for (size_t i = open + 1; i < close && i < src->ntoks; i++) {
		struct lg_str p = lg_pysrc_text(src, i);

		if (src->toks[i].kind == LG_PYTOK_NAME && p.len == name.len &&
		    !memcmp(p.ptr, name.ptr, p.len))
			return true;
	}
	return false;
}

/* Local defs that pass a parameter to a call with flag (a process or a
 * network call) make their callers such calls too. */
static int find_wrappers(struct bh_state *st, unsigned flag)
{
	const struct lg_pysrc *src = st->src;

	st->nwrappers = 0;
	for (size_t k = 0; k < src->ncalls; k++) {
		const struct lg_pycall *c = &src->calls[k];
		uint32_t sc = src->toks[c->lparen].scope;
		bool hit = false;

		if (!(st->call_flags[k] & flag) ||
		    src->scopes[sc].kind != LG_PYSCOPE_DEF)
			continue;
		for (size_t i = c->lparen + 1; i < c->rparen && !hit; i++)
			hit = src->toks[i].kind == LG_PYTOK_NAME &&
			      src->toks[i].scope == sc && is_param(src, sc, i);
		if (!hit)
			continue;
		if (!st->wrappers &&
		    !(st->wrappers = lg__calloc(src->nscopes, sizeof(struct lg_str))))
			return lg_error_oom();
		if (st->nwrappers < src->nscopes &&
		    (!st->nwrappers ||
		     st->wrappers[st->nwrappers - 1].ptr !=
			     lg_pysrc_text(src, src->scopes[sc].name_tok).ptr))
			st->wrappers[st->nwrappers++] =
				lg_pysrc_text(src, src->scopes[sc].name_tok);
	}
	if (st->nwrappers)
		qsort(st->wrappers, st->nwrappers, sizeof(struct lg_str),
		      compare_str);
	for (size_t k = 0; k < src->ncalls && st->nwrappers; k++) {
		struct lg_str key = {src->calls[k].callee,
				     strlen(src->calls[k].callee)};

		if (!strchr(key.ptr, '.') &&
		    bsearch(&key, st->wrappers, st->nwrappers,
			    sizeof(struct lg_str), compare_str))
			st->call_flags[k] |= flag;
	}
	return 0;
}

/* ---- local functions: what calling them brings ------------------------- */

static int compare_def(const void *a, const void *b)
{
	return compare_str(&((const struct named_def *)a)->name,
			   &((const struct named_def *)b)->name);
}

/* Rounds of propagation through local calls (f calls g calls h): each
 * round is linear; deeper chains keep what the rounds found. */
#define DEF_ROUNDS 3u

static int find_defs(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	size_t ns = src->nscopes ? src->nscopes : 1;

	if (!(st->defs = lg__calloc(ns, sizeof(*st->defs))) ||
	    !(st->def_src = lg__calloc(ns, sizeof(unsigned))) ||
	    !(st->call_def = lg__calloc(src->ncalls ? src->ncalls : 1,
					sizeof(uint32_t))))
		return lg_error_oom();
	for (size_t k = 0; k < src->nscopes; k++)
		if (src->scopes[k].kind == LG_PYSCOPE_DEF &&
		    src->scopes[k].name_tok != LG_PYTOK_NONE)
			st->defs[st->ndefs++] = (struct named_def){
				lg_pysrc_text(src, src->scopes[k].name_tok),
				(uint32_t)k};
	if (st->ndefs)
		qsort(st->defs, st->ndefs, sizeof(*st->defs), compare_def);
	for (size_t k = 0; k < src->ncalls; k++) {
		const char *callee = src->calls[k].callee, *dot;
		struct named_def key, *hit;

		st->call_def[k] = LG_PYTOK_NONE;
		/* f(...) and self.f(...) */
		dot = strrchr(callee, '.');
		if (dot && strncmp(callee, "self.", 5) && strncmp(callee, "cls.", 4))
			continue;
		key.name.ptr = dot ? dot + 1 : callee;
		key.name.len = strlen(key.name.ptr);
		if (!key.name.len)
			continue;
		hit = bsearch(&key, st->defs, st->ndefs, sizeof(key), compare_def);
		if (hit)
			st->call_def[k] = hit->scope;
	}
	return 0;
}

static void propagate_defs(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;

	for (unsigned round = 0; round < DEF_ROUNDS; round++)
		for (size_t k = 0; k < src->ncalls; k++) {
			uint32_t callee = st->call_def[k];
			uint32_t caller = src->toks[src->calls[k].lparen].scope;

			if (callee == LG_PYTOK_NONE || callee == caller)
				continue;
			st->scope_calls[caller] |=
				st->scope_calls[callee] & (C_NET | C_DL);
			st->scope_bits[caller] |=
				st->scope_bits[callee] &
				(T_EXE | T_URL | T_OKHOST | T_BADHOST);
		}
}

/* ---- driver ---------------------------------------------------------------
 */

static int state_init(struct bh_state *st, struct lg_rules__ctx *ctx)
{
	const struct lg_pysrc *src = ctx->src;
	int error;

	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->src = src;
	lg_buf_init(&st->scratch, LG_MAX_MEMBER_BYTES);
	st->net_file = imports_net(src);
	st->str_bits = lg__calloc(src->ntoks ? src->ntoks : 1, sizeof(unsigned));
	st->call_flags = lg__calloc(src->ncalls ? src->ncalls : 1,
				    sizeof(unsigned));
	st->scope_bits = lg__calloc(src->nscopes ? src->nscopes : 1,
				    sizeof(unsigned));
	st->scope_calls = lg__calloc(src->nscopes ? src->nscopes : 1,
				     sizeof(unsigned));
	st->class_bits = lg__calloc(src->nscopes ? src->nscopes : 1,
				    sizeof(unsigned));
	st->class_calls = lg__calloc(src->nscopes ? src->nscopes : 1,
				     sizeof(unsigned));
	if (!st->str_bits || !st->call_flags || !st->scope_bits ||
	    !st->scope_calls || !st->class_bits || !st->class_calls)
		return lg_error_oom();
	for (size_t k = 0; k < src->ncalls; k++) {
		st->call_flags[k] = classify_call(st, &src->calls[k]);
		if (lg_rules__is_process_call(src->calls[k].callee))
			st->call_flags[k] |= C_PROC;
	}
	if ((error = find_wrappers(st, C_PROC)) < 0 ||
	    (error = find_wrappers(st, C_NET)) < 0)
		return error;
	for (size_t k = 0; k < src->ncalls; k++)
		st->scope_calls[src->toks[src->calls[k].lparen].scope] |=
			st->call_flags[k];
	if ((error = find_defs(st)) < 0 || (error = fill_strings(st)) < 0)
		return error;
	propagate_defs(st);
	return 0;
}

static void state_dispose(struct bh_state *st)
{
	lg__free(st->str_bits);
	lg__free(st->call_flags);
	lg__free(st->scope_bits);
	lg__free(st->scope_calls);
	lg__free(st->class_bits);
	lg__free(st->class_calls);
	lg__free(st->vars);
	lg__free(st->wrappers);
	lg__free(st->augs);
	lg__free(st->rets);
	lg__free(st->defs);
	lg__free(st->def_src);
	lg__free(st->call_def);
	lg_buf_dispose(&st->scratch);
}

static int emit(struct bh_state *st)
{
	int error = 0;

	for (size_t r = 0; r < R_COUNT && !error; r++) {
		const struct candidate *c = &st->best[r];

		if (!c->set || c->eff == LG_SEV_INFO)
			continue;
		error = lg_rules__report_at(st->ctx, rule_ids[r], c->base,
					    c->keep_runtime, c->tok, "%s",
					    c->msg);
	}
	return error;
}

/* One forward pass in token order: assignments, `+=` and returns update
 * the variables and what local functions return; calls are judged. */
static int forward_pass(struct bh_state *st)
{
	const struct lg_pysrc *src = st->src;
	unsigned last = 0;
	size_t a = 0, g = 0, r = 0;
	int error = 0;

	for (size_t k = 0; k < src->ncalls && !error; k++) {
		const struct lg_pycall *c = &src->calls[k];

		/* The three statement streams, merged in source order. */
		for (;;) {
			uint32_t ea = a < src->nassigns ? src->assigns[a].end
							: UINT32_MAX;
			uint32_t eg = g < st->naugs ? st->augs[g].end
						    : UINT32_MAX;
			uint32_t er = r < st->nrets ? st->rets[r].end
						    : UINT32_MAX;

			if (error || (ea > c->lparen && eg > c->lparen &&
				      er > c->lparen))
				break;
			if (ea <= eg && ea <= er)
				error = apply_assign(st, a++, &last);
			else if (eg <= er)
				error = apply_aug(st, g++);
			else
				apply_return(st, r++);
		}
		if (!error)
			error = check_call(st, k);
	}
	while (r < st->nrets)
		apply_return(st, r++);
	return error;
}

static int check_kinds(const struct call_kind *v, size_t n, const char *what)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1].name, v[i].name) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"%s table not sorted at '%s'",
						what, v[i].name);
	return 0;
}

int lg_rules__check_behave_tables(void)
{
	int error = check_kinds(call_kinds, LG_ARRAY_SIZE(call_kinds),
				"call kind");

	return error ? error
		     : check_kinds(method_kinds, LG_ARRAY_SIZE(method_kinds),
				   "method kind");
}

int lg_rules__behave(struct lg_rules__ctx *ctx)
{
	struct bh_state st;
	int error;

	if ((error = state_init(&st, ctx)) < 0 || (error = find_augs(&st)) < 0)
		goto done;
	/* Twice: the second pass knows what every local function returns. */
	for (int pass = 0; pass < 2 && !error; pass++) {
		if (st.vars)
			memset(st.vars, 0, st.vcap * sizeof(*st.vars));
		st.vn = 0;
		st.sink_until = 0;
		error = forward_pass(&st);
	}
	if (!error)
		error = check_dispatch(&st);
	if (!error) {
		judge_scopes(&st);
		judge_classes(&st);
		error = emit(&st);
	}
done:
	state_dispose(&st);
	return error;
}
