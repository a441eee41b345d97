#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs every case of shared/vectors/sigstore/MANIFEST.tsv through
`lockgate provenance verify` and compares the verdict (and, where the
manifest records them, the result of each step) with the expected one.
Mutations are applied to copies in a temporary directory; the shipped
files are never edited. The `tsa` scope (a raw RFC 3161 response) is
covered by the unit test test_provenance (tsa_issue1482).

usage: sigstore_vectors.py LOCKGATE VECTORS_DIR"""
import csv
import json
import os
import subprocess
import sys
import tempfile

# observed_checks key -> (step name, {observed value: expected status})
STEP_OF = {
    "digest": "statement", "sig": "signature", "dsse_sig": "signature",
    "body": "body", "merkle": "inclusion", "checkpoint": "checkpoint",
    "set": "set", "chain": "chain", "time_in_validity": "validity",
}
STATUS_OF = {"ok": "ok", "bad": "fail", "absent": "absent"}


def observed(cell):
    out = {}
    for part in cell.split():
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = "fail" if v.startswith("mismatch") else STATUS_OF.get(v, v)
    return out


def variants(row, base, tmp):
    """(label, extra argv, bundle path, trusted root path) per variant."""
    bundle = os.path.join(base, row["bundle"])
    root = os.path.join(base, row["trusted_root"])
    m = row["mutation"]
    if not m:
        return [("", [], bundle, root)]
    if m.startswith("set messageSignature.messageDigest.digest"):
        doc = json.load(open(bundle))
        doc["messageSignature"]["messageDigest"]["digest"] = ""
        p = os.path.join(tmp, "digest.json")
        json.dump(doc, open(p, "w"))
        return [("digest-emptied", [], p, root)]
    if m.startswith("delete tlogEntries[0].inclusionPromise"):
        out = []
        for also_time in (False, True):
            doc = json.load(open(bundle))
            entry = doc["verificationMaterial"]["tlogEntries"][0]
            del entry["inclusionPromise"]
            if also_time:
                entry.pop("integratedTime", None)
            p = os.path.join(tmp, "noset%d.json" % also_time)
            json.dump(doc, open(p, "w"))
            out.append(("no-set" + ("+no-time" if also_time else ""), [], p, root))
        return out
    if m.startswith("use verification time 2000-01-01"):
        return [("at-2000", ["--at", "946684800"], bundle, root)]
    if m.startswith("require 3 verified"):
        return [("min-3", ["--min-times", "3"], bundle, root)]
    if m.startswith("require 2 verified"):
        return [("min-2", ["--min-times", "2"], bundle, root)]
    if m.startswith("set timestampAuthorities[0].validFor.end"):
        doc = json.load(open(root))
        doc["timestampAuthorities"][0]["validFor"]["end"] = "2024-10-31T00:00:00Z"
        p = os.path.join(tmp, "root-tsa-end.json")
        json.dump(doc, open(p, "w"))
        return [("tsa-end", ["--min-times", "2"], bundle, p)]
    if m.startswith("trusted root with timestampAuthorities = []"):
        doc = json.load(open(root))
        doc["timestampAuthorities"] = []
        p = os.path.join(tmp, "root-no-tsa.json")
        json.dump(doc, open(p, "w"))
        return [("no-tsa", [], bundle, p)]
    raise SystemExit("unknown mutation: " + m)


def run_case(lg, base, row, tmp):
    problems = []
    if row["scope"] == "tsa":
        return problems, 0
    art = row["artifact"]
    common = []
    if art.startswith("sha256:"):
        common += ["--sha256", art[7:]]
    elif art:
        common += ["--artifact", os.path.join(base, art)]
    if row["identity_san"]:
        common += ["--identity", row["identity_san"]]
    if row["oidc_issuer"]:
        common += ["--issuer", row["oidc_issuer"]]
    runs = 0
    for label, extra, bundle, root in variants(row, base, tmp):
        if row["scope"] == "signature":
            sig, crt = [os.path.join(base, p.strip()) for p in row["bundle"].split("+")]
            what = ["--signature", sig, "--certificate", crt]
        else:
            what = ["--bundle", bundle]
        argv = [lg, "provenance", "verify", *what, "--trusted-root", root,
                "--format", "json", *common, *extra]
        p = subprocess.run(argv, capture_output=True, text=True)
        runs += 1
        name = row["id"] + (" [" + label + "]" if label else "")
        want = 0 if row["expected"] == "pass" else 1
        if p.returncode != want:
            problems.append("%s: exit %d, expected %d (%s)\n%s%s" % (
                name, p.returncode, want, row["reason"], p.stdout[-3000:], p.stderr))
            continue
        rep = json.loads(p.stdout)
        if row["scope"] == "load":
            if not rep["error"]:
                problems.append("%s: not rejected at load" % name)
            continue
        if rep["error"]:
            if want == 0:
                problems.append("%s: rejected at load: %s" % (name, rep["error"]))
            else:
                print("note: %s rejected at load: %s" % (name, rep["error"]))
            continue
        if row["mutation"] or row["scope"] == "signature":
            continue
        steps = {s["step"]: s["status"] for s in rep["attestations"][0]["steps"]}
        for key, status in observed(row["observed_checks"]).items():
            step = STEP_OF.get(key)
            if step and steps.get(step) != status:
                problems.append("%s: step %s is %s, the reference run observed %s" % (
                    name, step, steps.get(step), status))
        if row["scope"] == "policy" and steps["identity"] != "fail":
            problems.append("%s: identity policy did not fail" % name)
    return problems, runs


def pypi_cases(lg, vec):
    """The real PyPI provenance through the command line."""
    prov = os.path.join(vec, "pypi-provenance", "sampleproject-4.0.0.tar.gz.provenance.json")
    sha = "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b"
    base = [lg, "provenance", "verify", "--provenance", prov, "--format", "json"]
    cases = [
        ("pypi-ok", ["--sha256", sha, "--name", "sampleproject-4.0.0.tar.gz"], 0, None),
        ("pypi-vector-root", ["--sha256", sha, "--name", "sampleproject-4.0.0.tar.gz",
                              "--trusted-root",
                              os.path.join(vec, "pypi-provenance", "trusted_root.json")], 0, None),
        ("pypi-other-file", ["--sha256", "1" + sha[1:], "--name",
                             "sampleproject-4.0.0.tar.gz"], 1, "statement"),
        ("pypi-other-name", ["--sha256", sha, "--name", "sampleproject-4.0.1.tar.gz"], 1,
         "statement"),
        ("pypi-wrong-issuer", ["--sha256", sha, "--name", "sampleproject-4.0.0.tar.gz",
                               "--issuer", "https://gitlab.com"], 1, "identity"),
        ("pypi-staging-root", ["--sha256", sha, "--name", "sampleproject-4.0.0.tar.gz",
                               "--trusted-root", os.path.join(
                                   vec, "sigstore", "trusted_root", "staging",
                                   "trusted_root.json")], 1, "log"),
        ("pypi-no-name", ["--sha256", sha], 3, None),
        ("pypi-bad-sha", ["--sha256", "xyz", "--name", "a-1.tar.gz"], 3, None),
    ]
    problems = []
    for name, argv, want, failed in cases:
        p = subprocess.run(base + argv, capture_output=True, text=True)
        if p.returncode != want:
            problems.append("%s: exit %d, expected %d\n%s%s" % (
                name, p.returncode, want, p.stdout[-2000:], p.stderr))
            continue
        if want == 3:
            continue
        rep = json.loads(p.stdout)
        att = rep["attestations"][0]
        if want == 0 and (att["publisher"]["repository"] != "pypa/sampleproject" or
                          att["certificate"]["source_repository"] !=
                          "https://github.com/pypa/sampleproject"):
            problems.append("%s: publisher or repository not reported" % name)
        if failed and att["failed"] != failed:
            problems.append("%s: failed at %s, expected %s" % (name, att["failed"], failed))
    return problems, len(cases)


def main():
    lg, vec = sys.argv[1], sys.argv[2]
    base = os.path.join(vec, "sigstore")
    rows = list(csv.DictReader(open(os.path.join(base, "MANIFEST.tsv")), delimiter="\t"))
    if not rows:
        raise SystemExit("no vectors in " + base)
    failed, runs = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            probs, n = run_case(lg, base, row, tmp)
            failed += probs
            runs += n
    probs, n = pypi_cases(lg, vec)
    failed += probs
    runs += n
    for f in failed:
        print("FAIL", f)
    print("%d cases, %d runs, %d problems" % (len(rows), runs, len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
