#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""lockgate demo: catch a malicious dependency added in a commit.

    python3 tests/e2e/demo.py --bin build/demo/cmd/lockgate [--keep]

Builds, in a temp dir: a git repository with two commits of requirements.txt,
two inert packages, and a PyPI-like index served by nginx over TLS on
127.0.0.1. Then runs `lockgate check` on the second commit and exits with
lockgate's exit code (expected: 1, blocked).

Nothing runs the packages: demo-pkg's setup.py would, if installed, decode
and exec a payload that connects to 127.0.0.1:9 (the discard port). lockgate
only reads it.
"""

import argparse
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lgindex as L  # noqa: E402


def step(title):
    print("\n== %s" % title, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="path to the lockgate binary")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir for a look around")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)

    with L.tempdir("lockgate-demo-") as tmp:
        step("1. A throwaway certificate authority, so the index can speak HTTPS")
        ca_dir = os.path.join(tmp, "ca")
        os.makedirs(ca_dir)
        ca = L.TestCA(ca_dir, echo=True)

        step("2. Two packages, built in memory: a harmless one and demo-pkg")
        good = L.sdist("hello-greeter", "1.0")
        bad = L.demo_sdist("demo-pkg", "1.0")
        for a in (good, bad):
            print("%-28s sha256:%s" % (a.filename, a.sha256))
        print("\ndemo-pkg's setup.py (runs at install time; the base64 blob opens a socket):")
        for n, line in enumerate(L.demo_setup_py().splitlines(), 1):
            print("  %2d | %s" % (n, line))

        step("3. A git repository: commit 1 pins hello-greeter, commit 2 adds demo-pkg")
        repo = L.GitRepo(os.path.join(tmp, "repo"), echo=True)
        first = ("# our application's locked dependencies\n"
                 "hello-greeter==1.0 --hash=sha256:%s\n" % good.sha256)
        second = first + "demo-pkg==1.0 --hash=sha256:%s\n" % bad.sha256
        repo.commit({"requirements.txt": first}, "pin hello-greeter")
        repo.commit({"requirements.txt": second}, "add demo-pkg")
        print(repo.git("log", "--oneline"), end="")
        print(repo.git("diff", "HEAD~1", "HEAD", "--", "requirements.txt"), end="")

        step("4. A local package index (PyPI JSON API layout) on 127.0.0.1, over TLS")
        srv = L.IndexServer(os.path.join(tmp, "index"), ca, echo=True)
        srv.add("hello-greeter", "1.0", [good])
        srv.add("demo-pkg", "1.0", [bad])
        with srv:
            print("serving %s" % srv.index_url)

            step("5. lockgate checks what commit 2 changed")
            cmd = [binary, "check", "--repo", repo.path, "--base", "HEAD~1", "--head", "HEAD",
                   "--index-url", srv.index_url, "--ca-bundle", ca.ca_pem,
                   "--cache-dir", os.path.join(tmp, "cache"), "--format", "text",
                   "--no-osv"]  # offline demo: no OSV API to ask
            print("$ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
            rc = subprocess.run(cmd, stdin=subprocess.DEVNULL, check=False).returncode

            step("6. Result")
            print("requests the index saw:")
            for r in srv.requests():
                print("  %s %s -> %d" % (r.method, r.path, r.status))
        meaning = {0: "pass", 1: "blocked", 2: "incomplete (could not check)", 3: "usage error"}
        print("lockgate exit code: %d (%s)%s" % (
            rc, meaning.get(rc, "unexpected"),
            "" if rc == 1 else "; the demo expects 1 (blocked)"))
        if args.keep:
            kept = tmp + "-kept"
            os.rename(tmp, kept)
            os.makedirs(tmp)  # so tempdir() has something to remove
            print("kept the demo files in %s" % kept)
        return rc


if __name__ == "__main__":
    sys.exit(main())
