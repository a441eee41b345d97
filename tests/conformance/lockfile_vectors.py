#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Conformance of lockgate's lock-file parsers with the real lock files in
../shared/vectors/lockfiles: every vector of a format lockgate reads is
parsed with `lockgate deps --format json`, and its entries (name, version,
sorted sha256 set, source kind) must equal `<vector>.expected.json`; a
vector whose expected file is an error object must be rejected (exit 2)
with a one-line message naming the file.

    lockfile_vectors.py LOCKGATE VECTORS_DIR [FORMAT ...]

Exits 1 on any difference (and when the vectors are missing: CI has them).
"""
import json
import re
import os
import subprocess
import sys


def entries_of(doc):
    out = []
    for e in doc["lockfiles"][0]["entries"]:
        out.append({"name": e["name"], "version": e["version"],
                    "sha256": sorted(set(e["sha256"])),
                    "source": e["source"]})
    return out


def key(e):
    return (e["name"] or "", e["version"] or "", e["source"])


def check(binary, path):
    with open(path + ".expected.json", encoding="utf-8") as f:
        want = json.load(f)
    p = subprocess.run([binary, "deps", "--format", "json", path],
                       capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    if isinstance(want, dict):
        err = p.stderr.strip()
        # one line, naming the file and the line ("'f': line 3:" or "f:3:")
        named = re.search(re.escape(os.path.basename(path)) + r"'?(: line |:)[0-9]+:", err)
        if p.returncode != 2 or "\n" in err or not named:
            return [f"expected a one-line error naming the file and line, got "
                    f"exit {p.returncode}: {err[:200]!r}"]
        return []
    if p.returncode != 0:
        return [f"exit {p.returncode}: {p.stderr.strip()[:300]}"]
    got = sorted(entries_of(json.loads(p.stdout)), key=key)
    want = sorted(want, key=key)
    if got == want:
        return []
    problems = [f"{len(got)} entries, expected {len(want)}"]
    for e in got:
        if e not in want:
            problems.append(f"unexpected {e['name']} {e['version']} "
                            f"{e['source']} ({len(e['sha256'])} sha256)")
    for e in want:
        if e not in got:
            problems.append(f"missing    {e['name']} {e['version']} "
                            f"{e['source']} ({len(e['sha256'])} sha256)")
    return problems[:12]


def main():
    binary, root = sys.argv[1], sys.argv[2]
    formats = sys.argv[3:]
    base = os.path.join(root, "lockfiles")
    if not os.path.isdir(base):
        print(f"vectors not found at {base}", file=sys.stderr)
        return 1
    failed = total = 0
    for fmt in formats:
        for d, _, names in sorted(os.walk(os.path.join(base, fmt))):
            for n in sorted(names):
                if n.endswith(".expected.json"):
                    continue
                path = os.path.join(d, n)
                if not os.path.exists(path + ".expected.json"):
                    continue
                total += 1
                problems = check(binary, path)
                rel = os.path.relpath(path, base)
                if problems:
                    failed += 1
                    print(f"FAIL {rel}")
                    for p in problems:
                        print(f"    {p}")
                else:
                    print(f"ok   {rel}")
    print(f"{total - failed}/{total} vectors conform")
    return 1 if failed or not total else 0


if __name__ == "__main__":
    sys.exit(main())
