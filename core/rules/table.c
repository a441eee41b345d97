/* SPDX-License-Identifier: MIT */
/* The rule table: every finding id any module emits, sorted by id. */
#include <stdlib.h>

#include "lg/rules.h"
#include "rules_private.h"

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
	{LG_RULE_DISGUISED_EXE, "an executable hides behind a harmless file name", LG_SEV_HIGH,
	 "A member starts with ELF, PE (MZ) or Mach-O magic bytes although its name claims an image, sound, text, data or Python file (.png .jpg .gif .bmp .ico .wav .mp3 .txt .dat .json .cfg .ini .csv .md .rst .py), or is a PE without any extension; a ZIP (PK\\3\\4) named as an image counts too, and so does a .py member that is binary (NUL bytes, which Python refuses, or more than 1 in 20 control bytes): an encrypted payload under a module name. Droppers ship their second stage this way. High; lowered two levels inside tests/docs/examples unless package code names the file; critical when setup.py or a package module names the file and chmods, loads (ctypes) or starts a file (combination C14). Do not install until you know why the package carries a hidden executable."},
	{LG_RULE_NATIVE_SDIST, "an sdist ships a prebuilt executable", LG_SEV_MEDIUM,
	 "An sdist should hold sources, yet a member starts with ELF, PE or Mach-O magic bytes. Vendored tools exist, so this is medium alone (lower in tests/docs). It is high when setup.py names the file in a string and starts processes (subprocess, os.system, os.startfile): the install runs the bundled binary, which is how some droppers work."},
	{LG_RULE_SUPPRESSION_EXPIRED, "a [[suppress]] entry of the configuration has expired", LG_SEV_LOW,
	 "A [[suppress]] entry's expires date has passed, so it no longer hides anything: the findings it hid count again. The finding names the configuration file and line. Look at the package again, then remove the entry or give it a new expiry and reason. This finding cannot itself be disabled or suppressed."},
	{LG_RULE_SUPPRESSION_UNUSED, "a [[suppress]] entry matched nothing", LG_SEV_INFO,
	 "The package of a [[suppress]] entry was checked in this run, but no finding matched the entry's rule, version (and sha256): the package changed version or the finding went away. Remove the stale entry so it cannot hide a future finding by accident."},
	{LG_RULE_BROWSER_DB, "code reads browser or messenger credential stores", LG_SEV_HIGH,
	 "Strings name Chrome/Firefox profile databases (Login Data, Local State, Cookies, key4.db), Discord/Telegram token stores (leveldb) or their decryption (CryptUnprotectData, encrypted_key). Stealers read them and send them out. High in a module that uses the network anywhere (stealers read in one function and post from another), low otherwise; raised in install/startup context, lowered in code nothing runs at import and in tests/docs. Do not install; find out why a package reads your browser."},
	{LG_RULE_RUNTIME_STEALER, "code captures keystrokes, the screen or the clipboard and uses the network", LG_SEV_HIGH,
	 "A file hooks the keyboard (pynput.keyboard.Listener, keyboard.hook/on_press, pyHook/pyxhook), or grabs the screen or the clipboard (ImageGrab.grab, pyautogui.screenshot, pyperclip.paste, GetClipboardData), and the same file sends over the network (SMTP, webhooks, HTTP, sockets). A keylogger is high wherever it sits, also in code nothing calls at import; screen and clipboard capture are lowered there. Raised in install/startup context, lowered in tests/docs. Do not install: this is how stealers collect what you type and see."},
	{LG_RULE_SENSITIVE_FILES, "code names credential files", LG_SEV_HIGH,
	 "A function names SSH keys, cloud and registry credentials (~/.aws/credentials, ~/.kube/config, .pypirc, .npmrc, .git-credentials), /etc/passwd, shell history or wallets, and uses the network itself. Medium; high in install/startup context, lowered for runtime-only code and tests. (Credential names in a module that only uses the network elsewhere are not enough: upload tools and SSH or git clients read ~/.pypirc or ~/.ssh/ to do their job.) Check what is read and where it goes."},
	{LG_RULE_DECODE_EXEC, "decoded data is executed as code", LG_SEV_HIGH,
	 "exec(), eval() or compile() receives the result of a decoder "
	 "(base64, zlib, bz2, lzma, gzip, binascii, bytes.fromhex, codecs, "
	 "marshal), directly or through a variable, or code rebuilt from "
	 "character codes, reversed text or a character-table comprehension "
	 "over a constant, or a constant spelled entirely in escape sequences (eval('\\x6d\\x61...'), the pyobfuscate idiom). Packages hide their "
	 "payloads this way; real code has no reason to run encoded source. "
	 "Critical in setup.py and in .pth lines, which run at install or "
	 "interpreter start. Do not install; decode the string offline, "
	 "without running it, to see what it does."},
	{LG_RULE_DYNAMIC_DISPATCH, "a builtin is reached by name", LG_SEV_HIGH,
	 "getattr(__builtins__, NAME), globals()[NAME] or vars(builtins)[NAME] reaches exec, eval, compile, system or __import__ by a string, which hides the call from readers and scanners. Names are folded first ('ex' + 'ec', chr lists, ...), and the call is resolved to its target, so the exec and process rules see exec or os.system. High when a known dangerous name is reached and called at once (globals()['exec'](c)) or the name is computed and folds to one; medium for a getattr of the builtins by a name that does not fold; low when a dangerous builtin is only kept by name (six-style shims). Real code calls these directly."},
	{LG_RULE_REMOTE_CODE, "code downloaded from the network is executed", LG_SEV_CRITICAL,
	 "exec/eval/compile receives a network response (requests.get(...).text, urlopen(...).read(), socket.recv()), directly or through a variable. The package runs whatever the server sends. Critical; lowered only in tests/docs. Do not install."},
	{LG_RULE_HASH_MISMATCH,
	 "downloaded bytes do not match the locked hash", LG_SEV_CRITICAL,
	 "The sha256 of the bytes that were downloaded, the hash pinned in "
	 "the lock file and the digest published by the index do not all "
	 "agree. The artifact was replaced, the lock file was edited, or the "
	 "index is serving something else. Do not install; find out which "
	 "of the three changed before re-locking. The configuration cannot "
	 "disable, re-grade or suppress it."},
	{LG_RULE_INDEX_INSECURE_HTTP,
	 "packages come from an index over plain http", LG_SEV_MEDIUM,
	 "The index (or the file URLs it lists) is plain http, which "
	 "lockgate only reads because --allow-insecure-index was given. "
	 "Anyone on the network path can change the project page and the "
	 "files. With sha256 hashes in the lock, a changed file still fails "
	 "hash.mismatch, so this is medium; without hashes nothing pins the "
	 "code and it is high. Serve the index over https (a TLS-terminating "
	 "proxy is enough), and pin hashes."},
	{LG_RULE_INDEX_YANKED, "the locked version is yanked on its index",
	 LG_SEV_LOW,
	 "The index marks the locked release (or some of its files) as "
	 "yanked (PEP 592), with the reason when it gives one. Maintainers "
	 "yank releases that are broken, insecure or published by mistake; "
	 "pip still installs a yanked file for an exact pin, so the lock "
	 "keeps working. Read the reason and move to a release that is not "
	 "yanked."},
	{LG_RULE_CMDCLASS_OVERRIDE,
	 "setup.py replaces the install, develop or egg_info command",
	 LG_SEV_MEDIUM,
	 "setup(cmdclass=...) maps install, develop or egg_info to the "
	 "package's own class, so its run() method executes during pip "
	 "install (egg_info even during pip download). Some build systems do "
	 "this for good reasons, but it is also the usual hook for "
	 "install-time malware. Read the class's run() method before "
	 "allowing the package."},
	{LG_RULE_PEP517_BACKEND,
	 "the sdist builds with an in-tree or unknown PEP 517 backend",
	 LG_SEV_LOW,
	 "pyproject.toml's [build-system] names the build backend pip imports "
	 "to build the sdist; its hooks (build_wheel, build_sdist, "
	 "get_requires_for_build_wheel, ...) run at install like setup.py. "
	 "With backend-path the backend module ships inside the sdist: it is "
	 "reported as info and scanned, with what it imports locally, in "
	 "install context, so a payload in a hook is judged like one in "
	 "setup.py. A backend that is not a well-known build tool "
	 "(setuptools, flit, hatchling, poetry-core, pdm, maturin, "
	 "meson-python, scikit-build-core, ...) is low, and so is a "
	 "pyproject.toml that is not valid TOML or a backend-path that leaves "
	 "the source tree. Read the backend's hooks before allowing the "
	 "package; Pillow's in-tree backend, for example, only passes options "
	 "to setuptools'."},
	{LG_RULE_PIP_INVOCATION, "pip is run from package code", LG_SEV_MEDIUM,
	 "setup.py or package code runs pip (subprocess with sys.executable -m pip or pip, os.system('pip install ...'), pip.main, pip._internal's main, runpy of pip) to install something the package did not declare. Installing a plain package name is medium: old setup.py files bootstrap build dependencies (numpy, cython) this way. High in install/startup context (and at import) when the target is a URL, a VCS or local archive or wheel, or --index-url/--extra-index-url/--find-links points to a host other than PyPI: that is how droppers fetch their second stage past the lock file. Declare dependencies in install_requires or build-system.requires instead."},
	{LG_RULE_SETUP_NETWORK, "the network is used while the package installs", LG_SEV_MEDIUM,
	 "setup.py, a local module it imports, or a .pth/sitecustomize line opens a network connection. High (after the install multiplier) for a constant URL on an unknown host, a bare public IP or a webhook/paste host; medium when the URL is built at run time; info for static source hosts (download.gnome.org, ftp.gnu.org, github.com, pypi.org ...) such as lxml's static library download. Builds should not need the network beyond their declared requirements."},
	{LG_RULE_TOPLEVEL_PROCESS,
	 "setup.py starts a process while the package installs", LG_SEV_HIGH,
	 "setup.py calls os.system, os.popen, os.spawn*/os.exec* or a "
	 "subprocess function at module level (the __main__ block "
	 "included), in a function module code calls, or in a method of "
	 "the class setup() maps install, develop or egg_info to and what "
	 "it calls (combination C5). Module-level commands run as soon as "
	 "pip reads the sdist's metadata, even for pip download; hooks run "
	 "during pip install. Constant calls of build tools (compilers, "
	 "cmake, make, ninja, pkg-config, git describe/rev-parse, ...) are "
	 "allowed; a command built at run time is medium, and so is "
	 "sys.executable running a script or -m module, which is then "
	 "scanned as install code itself. Check what the command does "
	 "before allowing the package."},
	{LG_RULE_LOCK_BUILD_REQUIRES,
	 "build requirements are fetched unpinned at install", LG_SEV_LOW,
	 "pip builds an sdist (and a project's own pyproject.toml) in an "
	 "isolated environment: it downloads the [build-system].requires "
	 "packages (setuptools and wheel when none are declared) at install "
	 "time, newest matching release, with no lock and no hash, even when "
	 "your lock file pins the same names. A malicious build dependency "
	 "runs code on every build. Reported low, on a changed "
	 "pyproject.toml and on a changed package that ships only an sdist. "
	 "Prefer packages with wheels, pin build requirements with a "
	 "constraints file (PIP_CONSTRAINT / PIP_BUILD_CONSTRAINT, uv's "
	 "build-constraint-dependencies), or build wheels in a controlled "
	 "step."},
	{LG_RULE_LOCK_DEP_NOT_LOCKED,
	 "a pyproject.toml dependency is pinned by no lock file", LG_SEV_LOW,
	 "A changed pyproject.toml lists a [project] dependency (or optional "
	 "dependency) that no lock file of the revision pins, so the lock "
	 "is stale or the dependency is installed unpinned from whatever the "
	 "index serves. Only reported when the revision has at least one lock "
	 "file (a library without one leaves locking to its users). Re-lock "
	 "(uv lock, poetry lock, pdm lock, pip-compile) and commit the lock "
	 "with the change."},
	{LG_RULE_LOCK_REHASHED, "the same version is locked with other hashes",
	 LG_SEV_HIGH,
	 "A lock entry keeps its version but its hashes changed. Files of a "
	 "PyPI release never change, so a hash that was replaced means the "
	 "file now comes from another index, or the lock file was edited to "
	 "let another file through. High when a hash was removed and another "
	 "added; medium when hashes were only added (a release can gain a "
	 "wheel later); adding hashes to an entry that had none is not "
	 "reported. Find out where the new file comes from before merging."},
	{LG_RULE_LOCK_SOURCE_CHANGED, "a locked package moved to another index or source",
	 LG_SEV_HIGH,
	 "The same name and version now comes from another index, URL or "
	 "kind of source (a private index dropped for the public one, an "
	 "index replaced by a URL). This is the shape of dependency "
	 "confusion: a public upload under a private name. The files are "
	 "checked as usual; confirm the move was intended."},
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
	{LG_RULE_LOCK_WEAK_HASH, "the lock pins md5 or sha1 hashes",
	 LG_SEV_MEDIUM,
	 "pip accepts a file whose md5 or sha1 matches a --hash, and "
	 "colliding files can be made for both. Medium when the entry has "
	 "nothing stronger (lockgate then checks it like an unhashed entry), "
	 "low beside sha256 hashes. Re-lock with sha256 (pip-compile "
	 "--generate-hashes, uv pip compile --generate-hashes)."},
	{LG_RULE_MAL_KNOWN, "the version is a known malicious release",
	 LG_SEV_CRITICAL,
	 "An OSV MAL- advisory (the OpenSSF malicious-packages database) "
	 "lists this PyPI name and version as malware, by its versions list "
	 "or an ECOSYSTEM range. Known malware blocks at any --fail-on "
	 "threshold. Records come from --malware-db DIR (a checkout of "
	 "ossf/malicious-packages, or any tree of OSV JSON files). Remove "
	 "the package, and treat machines that installed it as compromised."},
	{LG_RULE_DOWNLOAD_EXEC, "a download is written and executed", LG_SEV_CRITICAL,
	 "Bytes fetched from the network reach a process, os.startfile or chmod, or one function downloads a file, writes it and makes it executable or starts it, also through a shell (chmod +x, a detached ./file &), or a downloaded .py file is started by an interpreter (combination C3). This is how droppers fetch a second stage. Downloads from static source hosts that are only unpacked and compiled are not reported. Critical in install/startup context, lowered for runtime-only code, except the whole chain (download, chmod or start, and an autostart entry in the same function), which no library has."},
	{LG_RULE_NET_EXFIL, "collected host data is sent over the network", LG_SEV_CRITICAL,
	 "Data from the environment (whole), credential files, browser stores (critical), host and user names (high, combination C7; also when the fingerprint function is handed uncalled to a wrapper such as try_call(os.uname)) or secret-looking variables (medium) flows into a network call in the same function, or through a self.x attribute between methods of one class (combinations C1, C12). Raised in install/startup context, lowered in code nothing runs at import unless the destination is a webhook, request-bin, tunnel or bare-IP host (the dependency-confusion beacon). Do not install: this is how packages steal keys and tokens."},
	{LG_RULE_SUSPICIOUS_DEST, "a network call goes to a webhook, paste, tunnel or bare-IP host", LG_SEV_MEDIUM,
	 "A network call's arguments hold a Discord webhook, a Telegram bot API, a paste or file-drop site, a tunnel (ngrok, trycloudflare), an OAST/request-bin host, an IP-lookup service or a URL with a public IP address, or the host is hidden in an encoded constant (base64, hex, ...: real code does not encode its own endpoints). High at module level of a package module (it runs on import) and in install/startup context. Loopback and private addresses are ignored."},
	{LG_RULE_ENCODED_CODE, "a constant hides Python code", LG_SEV_MEDIUM,
	 "A string or bytes constant peels (base64/32/16/85, hex, zlib, gzip, "
	 "bz2, lzma, up to 64 layers) into Python source or a marshalled code "
	 "object. The decoded code is scanned again with the context of the "
	 "constant, and its findings are reported too. Medium alone (high in "
	 "install/startup context): real packages ship their code as code."},
	{LG_RULE_IDENTIFIER_NOISE, "names are generated by an obfuscator", LG_SEV_MEDIUM,
	 "At least 10 distinct identifiers are made only of look-alike characters (lIl1O0_, 8 or more long) or of one letter in both cases (aAaAAaAa..., 12 or more long): the naming of Python obfuscators, which people do not write. Medium alone (high in install/startup context); high when the same file runs code (exec, eval, compile, __import__), starts processes or imports a process or network module (combination C10). Read the file with the names replaced, or do not install."},
	{LG_RULE_PACKER, "the code is packed with an obfuscating packer",
	 LG_SEV_MEDIUM,
	 "The module loads PyArmor (pytransform, pyarmor_runtime, "
	 "__pyarmor__): its real code is an encrypted blob no reviewer or "
	 "scanner can read. Commercial packages use PyArmor legitimately, so "
	 "this is medium alone, high in install/startup context (setup.py has "
	 "no reason to hide what it does)."},
	{LG_RULE_STEGANOGRAPHY, "code is run from an image or sound file",
	 LG_SEV_CRITICAL,
	 "Combination C13. One function (or the module body) reads a media "
	 "file (open, PIL's Image.open, cv2/imageio, wave, or a stego decoder "
	 "such as stegano's lsb.reveal) and runs exec, eval, compile or "
	 "marshal.loads: the shape of a payload hidden in the pixels or "
	 "samples of a picture or sound the package ships. Critical, raised "
	 "in install/startup context and lowered in tests/docs. Image "
	 "libraries have no reason to execute what they read; find what the "
	 "file decodes to before installing."},
	{LG_RULE_UNICODE_IDENTIFIERS, "identifiers disguised with Unicode look-alikes or control characters", LG_SEV_MEDIUM,
	 "Python NFKC-normalises identifiers, so fullwidth or mathematical letters (U+FF45 U+FF58 U+FF45 U+FF43, or U+1D41E...) spelling exec ARE exec; lockgate matches every rule on the normalised name and reports the spelling. High when the disguised name is a builtin or dangerous API (exec, eval, getattr, __import__, system, b64decode, ...) or an imported module, medium for other ASCII names, for Latin words with Cyrillic/Greek look-alike letters, for zero-width characters inside names and bidi controls in code; a bidi override left open in a string or comment (Trojan Source) is medium in every context. Raised in install/startup context. Identifiers in one script (a Greek lambda, Chinese names) and non-ASCII text in strings and comments are fine. Read the file in an editor that shows escapes."},
	{LG_RULE_WHITESPACE_HIDING, "code is pushed off-screen with whitespace", LG_SEV_MEDIUM,
	 "At least 150 spaces or tabs between tokens, followed by 10 or more bytes of code on the same line (often a ';'-chained statement), so an editor or a diff shows an innocent line. Measured between tokens: aligned tables inside strings and docstrings do not count. The message gives the column. High in setup.py and .pth files (install/startup), medium elsewhere. Scroll right, or reformat the file, and read what is there."},
	{LG_RULE_OFFLINE_NOT_CHECKED, "a check that needs the network was skipped (--offline)", LG_SEV_INFO,
	 "With --offline lockgate sends no request: index documents come from the index-document cache and files from the download cache, and a missing one makes the run incomplete. Two checks have nothing cached to read and are skipped, each said once per run by this note: the OSV API query for known malicious versions (as with --no-osv; --malware-db still works offline), and PEP 740 provenance of the changed files (a package whose provenance the configuration requires or whose publisher .lockgate/publishers.json pins is not skipped silently: the run is incomplete). Run without --offline once the network is back to get both checks."},
	{LG_RULE_PERSIST, "code installs an autostart entry", LG_SEV_HIGH,
	 "A process, a file write, or a rename/move/copy (os.rename, os.replace, shutil.move/copy) targets an autostart location: Run registry keys, the Startup folder, shell rc files, cron, systemd user units, LaunchAgents, schtasks; or a download is written by a module that names site-packages (code planted where every Python imports it); or Windows shortcuts are rewritten (CreateShortcut) to make the browser side-load an extension (--load-extension) at every start. Critical in install/startup context. Packages have no reason to make themselves start with the session."},
	{LG_RULE_POLICY_DIRECT_URL, "a dependency is installed from a direct URL",
	 LG_SEV_MEDIUM,
	 "The lock names an archive URL (name @ https://..., a bare URL) "
	 "instead of a version on an index. Whoever controls that URL "
	 "controls what you install, and no index records what was "
	 "published. Pin a hash at least, or publish the package to your "
	 "index."},
	{LG_RULE_POLICY_EXTRA_INDEX, "a package may come from an extra index",
	 LG_SEV_MEDIUM,
	 "The requirements file uses --extra-index-url. pip then looks the "
	 "name up on every index and installs the highest version it finds "
	 "on any, so a public upload under a private name wins (dependency "
	 "confusion). Reported for each changed registry entry: medium "
	 "without hashes, low with hashes (they pin the file). Use a single "
	 "index that proxies the others, or uv's index pinning."},
	{LG_RULE_POLICY_INDEX_HOST, "a package comes from an index host that is not allowed",
	 LG_SEV_HIGH,
	 "With --allowed-index-host HOST (repeatable) every changed registry "
	 "entry must come from one of those hosts (exact host names, "
	 "compared without case; entries naming no index use the host of "
	 "--index-url, pypi.org by default). An entry from any other index "
	 "is high. Without the option every host is allowed."},
	{LG_RULE_POLICY_INSECURE_URL, "a package comes over plain HTTP or from a file URL",
	 LG_SEV_HIGH,
	 "An index or download URL in the lock is http://, git://, svn:// "
	 "or ftp://: anyone on the network path can serve other files. High; "
	 "a file: URL is medium (the file is whatever is on the machine "
	 "that installs). Use https."},
	{LG_RULE_POLICY_TRUSTED_HOST, "pip is told to trust a host without TLS checks",
	 LG_SEV_MEDIUM,
	 "The requirements file passes --trusted-host: pip then accepts "
	 "plain HTTP and any certificate from that host, so anyone on the "
	 "network path can serve other files for the changed entries. Fix "
	 "the host's certificate, or give pip its CA (PIP_CERT) instead."},
	{LG_RULE_POLICY_VCS_REF, "a dependency is installed from a VCS",
	 LG_SEV_MEDIUM,
	 "The lock installs a package from git/hg/svn/bzr. A branch or tag "
	 "(or no ref) moves: whoever can push there changes what you install "
	 "next time, and nothing can be hashed. Medium; low when the ref is "
	 "a full commit id (40 or 64 hex digits). Pin a commit, or publish "
	 "the package to an index."},
	{LG_RULE_IMPORT_PROCESS, "a package module starts a process when it is imported", LG_SEV_HIGH,
	 "Module-level code of a package module (or a function it calls) runs os.system, os.popen, os.startfile or a subprocess function with a constant command, so the command runs on every import. A program that is not a build or platform probe (compilers, git describe/rev-parse, uname, ldconfig, pkg-config, ...), an interpreter running another module or inline code, or a shell command is high; sys.executable with a script is medium. Commands built at run time are left to other rules. Libraries have no reason to start programs when they are imported: find out what the command does."},
	{LG_RULE_LOLBIN, "a process runs a download or hidden-execution command", LG_SEV_HIGH,
	 "os.system/subprocess receives a command with curl/wget, a pipe into sh/bash, powershell (-EncodedCommand, -WindowStyle Hidden, IEX, DownloadString), certutil, bitsadmin, mshta, rundll32, start /b, nohup or chmod +x, or a webhook/bare-IP URL. Critical in install context, medium for runtime-only code. Build tools do not need these."},
	{LG_RULE_MINER, "code names a cryptocurrency miner", LG_SEV_HIGH,
	 "Strings name a miner (xmrig, cpuminer) or a mining pool protocol (stratum+tcp). Mining libraries say so in their description; other packages should not."},
	{LG_RULE_REVERSE_SHELL, "a shell is wired to a network socket", LG_SEV_CRITICAL,
	 "A socket is connected and its descriptor duplicated onto a shell (os.dup2, pty.spawn), or a command opens /dev/tcp, nc -e or an interactive shell. This gives a remote attacker a shell. Critical."},
	{LG_RULE_PROV_DROPPED, "a file comes without provenance, though the pin or the previous version had one", LG_SEV_HIGH,
	 "lockgate check pinned this package's publisher in .lockgate/publishers.json when it first saw a verified PEP 740 provenance (or, with no pin, the same file of the version the lock upgrades or downgrades from has a verified provenance), but the index serves no provenance for this file of the new version (the Integrity API answers 404, and the Simple API names none). The message says which: \"pins its publisher\" or \"provenance dropped since OLD\". Projects that publish through Trusted Publishing keep doing so; a release uploaded by hand with a stolen token has none. High. Check with the maintainers how this release was uploaded before installing it; if they stopped using Trusted Publishing on purpose, remove the pin in a reviewed change."},
	{LG_RULE_PROV_INVALID, "a provenance attestation does not verify", LG_SEV_CRITICAL,
	 "The index serves a PEP 740 provenance for the file, but no attestation in it verifies offline against the Sigstore trusted root (or --trusted-root): the certificate chain, the transparency-log inclusion proof or checkpoint, the signature over the in-toto statement, the statement's file name and sha256, or the match between the certificate and the publisher PyPI names failed. The message names the first failing step; `lockgate provenance verify` shows every step. Forged or tampered provenance is worse than none. Critical; do not install."},
	{LG_RULE_PROV_MISSING, "a package that must have provenance has none", LG_SEV_HIGH,
	 "The configuration's [provenance] require (or require-all, or --require-provenance) names this package, but the index serves no PEP 740 provenance for this file. Either the release was not made through Trusted Publishing or the index does not serve provenance. High."},
	{LG_RULE_PROV_NEW_PUBLISHER, "a publisher is seen for the first time", LG_SEV_INFO,
	 "The file's PEP 740 provenance verifies and names the repository and workflow that built it, and .lockgate/publishers.json pins no publisher for this package yet. `lockgate check --update-pins` records it (trust on first use); review the new entry like a lock-file change. Later releases built elsewhere are then reported as provenance.publisher-changed, and releases without provenance as provenance.dropped."},
	{LG_RULE_PROV_PIN_CHANGED, "the change edits or removes a publisher pin", LG_SEV_HIGH,
	 "The change edits the publisher that .lockgate/publishers.json pins for a package, or removes its pin. A change that moves the pin can also bring in a release built by the new publisher, so the pin is read from the base revision too: until the edit is merged, the package's files are compared with the base revision's pin (a release built elsewhere is still provenance.publisher-changed, one without provenance provenance.dropped). Pins only added are not reported. High, on the pin file. Review the edit like a lock-file change: confirm with the project that it moved its repository or release workflow."},
	{LG_RULE_PROV_CHANGED, "a package is built by another publisher than the pinned one or the previous version's", LG_SEV_HIGH,
	 "The file's PEP 740 provenance verifies, but the publisher it names (kind, repository, workflow or environment) differs from the one .lockgate/publishers.json pins for the package or, when no pin names the package, from the publisher of the same file of the version the lock upgrades or downgrades from (the message names both repositories). An account takeover or a hijacked project looks like this; so does a project that moved its repository or renamed its release workflow. High. Confirm the move with the project, then update (or add) the pin in a reviewed change, or list the publisher in [provenance] trusted-publishers (\"github:OWNER/REPO\")."},
	{LG_RULE_PROV_VERIFIED, "the file's provenance verifies", LG_SEV_INFO,
	 "The file's PEP 740 provenance verifies offline against the Sigstore trusted root and names the pinned publisher (or one the configuration trusts). The message names the repository and workflow that built the file. Informational."},
	{LG_RULE_RELEASE_COOLDOWN, "the locked release is younger than the cooldown",
	 LG_SEV_HIGH,
	 "A file the lock pins was uploaded to the index less than the "
	 "cooldown ago (default 2 days: --cooldown-days N or the "
	 "configuration's cooldown-days; 0 turns it off). Malicious releases, "
	 "including hijacked accounts publishing a new version of a real "
	 "project, are usually found and removed within hours or days, so "
	 "installing a release that young takes the risk nobody has looked "
	 "yet (uv's exclude-newer and pnpm's minimum release age are the same "
	 "idea). Wait for the cooldown, or exempt a package you publish "
	 "yourself with --cooldown-exempt NAME (or cooldown-exempt in the "
	 "configuration). The upload time comes from the index: PEP 691 "
	 "upload-time, the PyPI JSON API's upload_time_iso_8601."},
	{LG_RULE_RELEASE_DORMANT, "the release comes after a long dormancy",
	 LG_SEV_LOW,
	 "The locked release was uploaded more than 180 days (--dormant-days "
	 "N) after the project's release before it. Abandoned projects whose "
	 "maintainer account or name was taken over typically wake up with "
	 "a release that carries the payload; with new install-time code "
	 "this is worth a look (transition.new-install-behaviour reports "
	 "that). Checked from a Simple API page (PEP 691 JSON), which lists "
	 "every release; the PyPI JSON API's release document does not."},
	{LG_RULE_RELEASE_FIRST, "the locked release is the project's first",
	 LG_SEV_LOW,
	 "No release of the project was uploaded before the locked one: the "
	 "project is brand new (or its history was deleted). Most malicious "
	 "packages are new names with one release; a first release has no "
	 "track record. Check who publishes it. Checked from a Simple API "
	 "page (PEP 691 JSON), which lists every release."},
	{LG_RULE_RELEASE_NO_TIMES, "the index gives no upload times", LG_SEV_INFO,
	 "Reported once per run: an index served a PEP 503 HTML project page, "
	 "which has no upload times, so release.cooldown, release.first and "
	 "release.dormant were not checked for the packages it serves (the "
	 "message counts them). Indexes that speak the PEP 691 JSON form "
	 "(application/vnd.pypi.simple.v1+json) give upload-time for every "
	 "file."},
	{LG_RULE_SQUAT_TYPOSQUAT, "a newly added name imitates a popular project",
	 LG_SEV_MEDIUM,
	 "A package added to the lock has a name one edit, a separator, an "
	 "affix (python-X, X-py, X2...) or a look-alike (0/o, 1/l, rn/m) "
	 "away from one of the 5,000 most downloaded PyPI projects, and is "
	 "not itself among the about 15,000 ranked ones. High for a one-edit "
	 "or look-alike copy of a top-1,000 project, medium otherwise. Check "
	 "that you meant this name; the message names the project it "
	 "imitates. Only added names are checked."},
	{LG_RULE_TRANSITION, "an upgrade adds install-time behaviour",
	 LG_SEV_HIGH,
	 "For an upgrade or downgrade, lockgate also reads the files of the "
	 "version the lock had before (from the cache, else the index) and "
	 "compares what runs at install and at interpreter start: a cmdclass "
	 "override, a process, network use, a build backend, a .pth line, "
	 "sitecustomize, or any finding of low or more in install or startup "
	 "context. A rule and context the new version has and the old one did "
	 "not is high: \"new install-time behaviour since X\". The sdist is "
	 "compared with the old sdist and a wheel with the old wheel of the "
	 "same tags; lines do not matter. "
	 "Stolen publishing credentials ship exactly this (ctx, num2words, "
	 "litellm's .pth). The old version's own findings are not reported. "
	 "Read the new install-time code before upgrading."},
	{LG_RULE_ARTIFACT_DIVERGENCE,
	 "the wheel has code that the sdist of the same release lacks",
	 LG_SEV_HIGH,
	 "Combination C15. lockgate read both the sdist and a wheel of the "
	 "changed release (the lock pins both), and a Python or .pth file of "
	 "the wheel that has a finding of medium or above is in no file of "
	 "the sdist. Wheels are built from the source release; code that only "
	 "the wheel carries was added by the build, which is how trojaned "
	 "releases were shipped while the repository and the sdist stayed "
	 "clean (ultralytics, litellm). Generated files without findings "
	 "(_version.py) are not reported, nor tests, docs and examples. "
	 "Compare the two artifacts, and the project's repository, before "
	 "installing."},
	{LG_RULE_CONSOLE_SHADOW, "the wheel installs a command named like a common tool", LG_SEV_MEDIUM,
	 "A console_scripts or gui_scripts entry point in entry_points.txt, or a file in <name>.data/scripts/, is named like a system or developer command owned by another project (aws, az, gcloud, kubectl, docker, git, npm, node, pip, python, ls, sudo, ssh, curl, ...). Depending on PATH order the fake runs instead of the real tool and sees its arguments and credentials (command-jacking). The real owners (awscli for aws, pip for pip/pip3/pip3.X, ...) are allowed. Medium; high when the entry point's module has network or credential findings."},
	{LG_RULE_DATA_SPREAD, "the wheel installs executables or startup files outside the package", LG_SEV_MEDIUM,
	 "<name>.data/scripts/ holds a native executable or a shell script (not a Python script the installer rewrites), or <name>.data/data/ puts a file where it runs at login, boot, on a schedule or at Python start (etc/profile.d, shell rc files, cron, systemd, LaunchAgents, autostart, sitecustomize, a .pth in site-packages). Medium; a shell script that downloads or pipes to a shell is high. Jupyter and share/ data files stay silent. Path traversal is archive.unsafe-member."},
	{LG_RULE_NATIVE_PURELIB, "a pure-Python wheel holds native executables", LG_SEV_MEDIUM,
	 "The WHEEL file says Root-Is-Purelib: true, yet a member starts with ELF, PE or Mach-O magic bytes (names are not trusted). The known shapes are allowed: pip's vendored distlib launchers (pip/_vendor/distlib/t32/t64/t64-arm/w32/w64/w64-arm.exe), distlib's own and setuptools' cli*/gui*.exe launchers. Anything else is medium: find out what runs the binary."},
	{LG_RULE_PTH_EXEC_LINE, "a .pth file runs code at interpreter start",
	 LG_SEV_MEDIUM,
	 "Lines of a .pth file that start with 'import ' are executed by "
	 "every Python start-up once the package is installed, before any "
	 "user code. Known templates (setuptools, virtualenv, editable "
	 "installs, coverage, pytest-cov) are allowed. Other lines are "
	 "medium, high with ';'-chained code or calls, critical with exec, "
	 "decoders, processes, network modules or lines over 200 bytes. Do "
	 "not install a package whose .pth you cannot explain."},
	{LG_RULE_RECORD_MISMATCH, "the wheel's files do not match its RECORD", LG_SEV_MEDIUM,
	 "Every member's sha256 and size are compared with .dist-info/RECORD. A member missing from RECORD, with another digest or size, a RECORD row for a file the wheel lacks, or no RECORD at all is medium (pip does not check RECORD, so a wheel edited after its build installs silently); high when the member is code that runs (a .py, a .pth, sitecustomize/usercustomize). Syntax quirks (base64 padding, odd digest lengths, weak algorithms) are low. Compare the wheel with the project's sdist or repository."},
	{LG_RULE_STARTUP_MODULE, "the package ships sitecustomize or usercustomize", LG_SEV_HIGH,
	 "site imports sitecustomize.py and usercustomize.py at every interpreter start. A wheel that puts one at the top of site-packages (its root, or <name>.data/purelib|platlib/) runs its code in every Python process: high, and the module is scanned in startup context. A top-level sitecustomize.py in an sdist (its root or src/) is medium, because whether it is installed depends on the build configuration. Libraries have no reason to ship either."},
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

/* Rules with flags, sorted by id (lg_rules__check_flags); every id is a
 * row of rule_table. Known-malware rules belong here as NO_OVERRIDE. */
static const struct {
	const char *id;
	unsigned flags;
} flag_table[] = {
	{LG_RULE_SUPPRESSION_EXPIRED, LG_RULE_NO_OVERRIDE},
	{LG_RULE_HASH_MISMATCH, LG_RULE_NO_OVERRIDE},
	{LG_RULE_MAL_KNOWN, LG_RULE_NO_OVERRIDE},
};

unsigned lg_rules_flags(const char *id)
{
	for (size_t i = 0; id && i < LG_ARRAY_SIZE(flag_table); i++)
		if (strcmp(flag_table[i].id, id) == 0)
			return flag_table[i].flags;
	return 0;
}

int lg_rules__check_flags(void)
{
	for (size_t i = 0; i < LG_ARRAY_SIZE(flag_table); i++) {
		if (!lg_rules_find(flag_table[i].id))
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"flag table names no rule '%s'",
						flag_table[i].id);
		if (i && strcmp(flag_table[i - 1].id, flag_table[i].id) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"flag table not sorted at '%s'",
						flag_table[i].id);
	}
	return 0;
}
