/* SPDX-License-Identifier: MIT */
/* The rule table: every finding id any module emits, sorted by id. */
#include <stdlib.h>

#include "lg/rules.h"

static const struct lg_rule_info rule_table[] = {
	{LG_RULE_ARCHIVE_UNSAFE_MEMBER,
	 "archive member could escape or abuse the install directory",
	 LG_SEV_CRITICAL,
	 "A member path is absolute or has a '..' component, or the member is "
	 "a symlink, hard link or device, or its name holds control "
	 "characters. Installers that unpack such a member can write outside "
	 "the target directory or hide files. Legitimate sdists and wheels "
	 "never need this: do not install the artifact; report it to the "
	 "package index."},
	{LG_RULE_DECODE_EXEC, "decoded data is executed as code", LG_SEV_HIGH,
	 "exec(), eval() or compile() receives the result of a decoder "
	 "(base64, zlib, bz2, lzma, gzip, binascii, bytes.fromhex, codecs, "
	 "marshal), directly or through a variable. Packages hide their "
	 "payloads this way; real code has no reason to run encoded source. "
	 "Critical in setup.py and in .pth lines, which run at install or "
	 "interpreter start. Do not install; decode the string offline, "
	 "without running it, to see what it does."},
	{LG_RULE_HASH_MISMATCH,
	 "downloaded bytes do not match the locked hash", LG_SEV_CRITICAL,
	 "The sha256 of the bytes that were downloaded, the hash pinned in "
	 "the lock file and the digest published by the index do not all "
	 "agree. The artifact was replaced, the lock file was edited, or the "
	 "index is serving something else. Do not install; find out which "
	 "of the three changed before re-locking."},
	{LG_RULE_CMDCLASS_OVERRIDE,
	 "setup.py replaces the install, develop or egg_info command",
	 LG_SEV_MEDIUM,
	 "setup(cmdclass=...) maps install, develop or egg_info to the "
	 "package's own class, so its run() method executes during pip "
	 "install (egg_info even during pip download). Some build systems do "
	 "this for good reasons, but it is also the usual hook for "
	 "install-time malware. Read the class's run() method before "
	 "allowing the package."},
	{LG_RULE_TOPLEVEL_PROCESS,
	 "setup.py starts a process at module level", LG_SEV_HIGH,
	 "setup.py calls os.system, os.popen, os.spawn*/os.exec* or a "
	 "subprocess function outside any function, so the command runs as "
	 "soon as pip reads the sdist's metadata, even for pip download. "
	 "Constant calls of build tools (compilers, cmake, make, ninja, "
	 "pkg-config, git describe/rev-parse, ...) are allowed; a command "
	 "built at run time is reported as medium. Check what the command "
	 "does before allowing the package."},
	{LG_RULE_LOCK_UNHASHED, "the lock file pins no hash for the package",
	 LG_SEV_MEDIUM,
	 "Without a hash, the installer accepts whatever bytes the index "
	 "serves for this version, so a replaced or spoofed artifact goes "
	 "unnoticed. Re-lock with hashes (pip-compile --generate-hashes, uv, "
	 "poetry) and install with hash checking on."},
	{LG_RULE_LOCK_UNPINNED, "requirement is not pinned with ==",
	 LG_SEV_MEDIUM,
	 "A range or unpinned requirement lets every install pick up a new "
	 "release, including a malicious one published after review. Pin "
	 "the exact version with == (and a hash) in the lock file."},
	{LG_RULE_PTH_EXEC_LINE, "a .pth file runs code at interpreter start",
	 LG_SEV_MEDIUM,
	 "Lines of a .pth file that start with 'import ' are executed by "
	 "every Python start-up once the package is installed, before any "
	 "user code. Known templates (setuptools, virtualenv, editable "
	 "installs, coverage, pytest-cov) are allowed. Other lines are "
	 "medium, high with ';'-chained code or calls, critical with exec, "
	 "decoders, processes, network modules or lines over 200 bytes. Do "
	 "not install a package whose .pth you cannot explain."},
};

size_t lg_rules_count(void)
{
	return LG_ARRAY_SIZE(rule_table);
}

const struct lg_rule_info *lg_rules_at(size_t i)
{
	return i < LG_ARRAY_SIZE(rule_table) ? &rule_table[i] : NULL;
}

static int compare_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct lg_rule_info *)elem)->id);
}

const struct lg_rule_info *lg_rules_find(const char *id)
{
	if (!id)
		return NULL;
	return bsearch(id, rule_table, LG_ARRAY_SIZE(rule_table),
		       sizeof(rule_table[0]), compare_id);
}
