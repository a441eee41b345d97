#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the dependency law of core/ (core/README.md):
- each third-party I/O or crypto library is included from one module only;
- public headers (core/include/lg) include no third-party header;
- a module includes only public headers of modules at its level or below;
- cmd/ includes only public headers.
Prints the violations and a closing 'N passed, M failed' line."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Third-party headers and the one module allowed to include them.
OWNERS = {
    "git2.h": {"gitdiff"},
    "curl/curl.h": {"fetch"},
    "archive.h": {"archive"},
    "archive_entry.h": {"archive"},
    "openssl/": {"hash", "provenance"},
    "zlib.h": {"decode"},
    "bzlib.h": {"decode"},
    "lzma.h": {"decode"},
    "jansson.h": {"index", "report", "lockfile", "policy", "ci", "osv", "provenance"},
}
# Module level (lower may not include higher); header name -> module.
LEVEL = {"util": 0, "model": 1, "toml": 1, "config": 2, "lockfile": 2, "hash": 2, "pysrc": 2,
         "decode": 2, "squat": 2, "cache": 3, "gitdiff": 3, "index": 3, "fetch": 3,
         "archive": 3, "pyfold": 3, "osv": 3, "provenance": 3, "rules": 4, "policy": 5, "lockpolicy": 5, "report": 5, "ci": 5,
         "engine": 6}
HEADER_MODULE = {"common.h": "util", "errors.h": "util", "buf.h": "util",
                 "limits.h": "util", "model.h": "model", "toml.h": "toml", "config.h": "config", "lockfile.h": "lockfile",
                 "hash.h": "hash", "pysrc.h": "pysrc", "decode.h": "decode", "squat.h": "squat",
                 "cache.h": "cache", "index_cache.h": "cache", "gitdiff.h": "gitdiff", "index.h": "index",
                 "fetch.h": "fetch", "archive.h": "archive", "provenance.h": "provenance", "pyfold.h": "pyfold",
                 "rules.h": "rules", "policy.h": "policy", "report.h": "report", "ci.h": "ci",
                 "engine.h": "engine", "osv.h": "osv", "lockpolicy.h": "lockpolicy"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def check_file(path, module, problems):
    for inc in includes(path):
        for hdr, owners in OWNERS.items():
            if inc == hdr or (hdr.endswith("/") and inc.startswith(hdr)):
                if module not in owners:
                    problems.append(f"{path}: includes <{inc}> (only {sorted(owners)})")
        if inc.startswith("lg/") and module in LEVEL:
            other = HEADER_MODULE.get(inc[3:])
            if other is None:
                problems.append(f"{path}: unknown public header {inc}")
            elif LEVEL[other] > LEVEL[module]:
                problems.append(f"{path}: {module} (L{LEVEL[module]}) includes "
                                f"{inc} of {other} (L{LEVEL[other]})")


def main():
    problems, checked = [], 0
    core = os.path.join(ROOT, "core")
    for mod in sorted(os.listdir(core)):
        d = os.path.join(core, mod)
        if not os.path.isdir(d) or mod == "include":
            continue
        if mod not in LEVEL:
            problems.append(f"core/{mod}: module missing from the level table")
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                check_file(os.path.join(d, name), mod, problems)
                checked += 1
    inc = os.path.join(core, "include", "lg")
    for name in sorted(os.listdir(inc)):
        checked += 1
        for i in includes(os.path.join(inc, name)):
            if not i.startswith("lg/") and "." in i and "/" in i or i in OWNERS:
                problems.append(f"core/include/lg/{name}: includes third-party <{i}>")
    cmd = os.path.join(ROOT, "cmd")
    for name in sorted(os.listdir(cmd)):
        if name.endswith((".c", ".h")):
            checked += 1
            for i in includes(os.path.join(cmd, name)):
                if any(i == h or (h.endswith("/") and i.startswith(h)) for h in OWNERS):
                    problems.append(f"cmd/{name}: includes third-party <{i}>")
    for p in problems:
        print(p)
    print(f"{checked - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
