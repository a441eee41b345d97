# SPDX-License-Identifier: MIT
"""Throwaway Sigstore-like trust for lockgate's provenance e2e tests.

The production Sigstore root cannot sign anything offline, so a test makes
its own: a Fulcio-like CA, a Rekor-like log key and a CT log key (all
ECDSA P-256, made fresh per run), and the trusted_root.json naming them.
attest() then builds a PEP 740 provenance object for a file name and
sha256: a leaf certificate with the Fulcio extensions of a GitHub
Trusted Publisher and an embedded SCT, a DSSE envelope over the in-toto
statement, and a dsse 0.0.1 log entry in a two-leaf tree with its
inclusion proof, signed checkpoint and signed entry timestamp.

Needs the Python `cryptography` package (python3-cryptography on Debian).
Everything is test data; nothing here talks to a network.
"""

import base64
import datetime
import hashlib
import json
import struct

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

FULCIO = "1.3.6.1.4.1.57264.1."
SCT_OID = "1.3.6.1.4.1.11129.2.4.2"
PYPI_PREDICATE = "https://docs.pypi.org/attestations/publish/v1"


def b64(data):
    return base64.b64encode(data).decode()


def _spki(key):
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _sign(key, data):
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


def _der_utf8(s):
    raw = s.encode()
    assert len(raw) < 128
    return bytes([0x0C, len(raw)]) + raw


def _der_octets(raw):
    n = len(raw)
    if n < 128:
        return bytes([0x04, n]) + raw
    if n < 256:
        return bytes([0x04, 0x81, n]) + raw
    return bytes([0x04, 0x82, n >> 8, n & 0xFF]) + raw


def pae(ptype, body):
    t = ptype.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


class Sigstore:
    """A private Sigstore: CA, log and CT keys valid from a fixed past."""

    def __init__(self):
        self.now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.log_key = ec.generate_private_key(ec.SECP256R1())
        self.ct_key = ec.generate_private_key(ec.SECP256R1())
        self.log_id = hashlib.sha256(_spki(self.log_key)).digest()
        self.ct_id = hashlib.sha256(_spki(self.ct_key)).digest()
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "lockgate-test"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "fulcio.invalid")])
        self.ca_name = name
        self.ca = (x509.CertificateBuilder()
                   .subject_name(name).issuer_name(name)
                   .public_key(self.ca_key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(self.now - datetime.timedelta(days=1))
                   .not_valid_after(self.now + datetime.timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
                   .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                                False, False), critical=True)
                   .sign(self.ca_key, hashes.SHA256()))
        self.index = 1000

    def trusted_root(self):
        since = {"start": (self.now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}

        def log(url, key, key_id):
            return {"baseUrl": url, "hashAlgorithm": "SHA2_256",
                    "publicKey": {"rawBytes": b64(_spki(key)),
                                  "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                                  "validFor": since},
                    "logId": {"keyId": b64(key_id)}}
        return json.dumps({
            "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [log("https://rekor.invalid", self.log_key, self.log_id)],
            "certificateAuthorities": [{
                "subject": {"organization": "lockgate-test", "commonName": "fulcio.invalid"},
                "uri": "https://fulcio.invalid",
                "certChain": {"certificates": [
                    {"rawBytes": b64(self.ca.public_bytes(serialization.Encoding.DER))}]},
                "validFor": since}],
            "ctlogs": [log("https://ct.invalid", self.ct_key, self.ct_id)],
            "timestampAuthorities": [],
        }, indent=1)

    def _leaf(self, key, repository, workflow, when):
        ref = "refs/tags/v1"
        exts = [(8, _der_utf8("https://token.actions.githubusercontent.com")),
                (12, _der_utf8("https://github.com/" + repository)),
                (13, _der_utf8("0" * 40)),
                (14, _der_utf8(ref)),
                (18, _der_utf8("https://github.com/%s/.github/workflows/%s@%s"
                               % (repository, workflow, ref)))]
        san = "https://github.com/%s/.github/workflows/%s@%s" % (repository, workflow, ref)
        b = (x509.CertificateBuilder()
             .subject_name(x509.Name([]))
             .issuer_name(self.ca_name)
             .public_key(key.public_key())
             .serial_number(x509.random_serial_number())
             .not_valid_before(when - datetime.timedelta(minutes=5))
             .not_valid_after(when + datetime.timedelta(minutes=5))
             .add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                          False, False), critical=True)
             .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]),
                            critical=False)
             .add_extension(x509.SubjectAlternativeName(
                 [x509.UniformResourceIdentifier(san)]), critical=True))
        for n, der in exts:
            b = b.add_extension(x509.UnrecognizedExtension(
                x509.ObjectIdentifier(FULCIO + str(n)), der), critical=False)
        # The precertificate: the TBS without the SCT list is what the CT
        # log signs (RFC 6962 3.2); the leaf adds the list as last extension.
        tbs = b.sign(self.ca_key, hashes.SHA256()).tbs_certificate_bytes
        ms = int(when.timestamp() * 1000)
        issuer_hash = hashlib.sha256(_spki(self.ca_key)).digest()
        signed = (struct.pack(">BBQH", 0, 0, ms, 1) + issuer_hash
                  + struct.pack(">I", len(tbs))[1:] + tbs + struct.pack(">H", 0))
        sig = _sign(self.ct_key, signed)
        sct = (struct.pack(">B", 0) + self.ct_id + struct.pack(">QH", ms, 0)
               + struct.pack(">BBH", 4, 3, len(sig)) + sig)
        lst = struct.pack(">H", len(sct)) + sct
        lst = struct.pack(">H", len(lst)) + lst
        b = b.add_extension(x509.UnrecognizedExtension(
            x509.ObjectIdentifier(SCT_OID), _der_octets(lst)), critical=False)
        return b.sign(self.ca_key, hashes.SHA256())

    def attest(self, filename, sha256_hex, repository="example/project",
               workflow="release.yml", environment=""):
        """A PEP 740 provenance object (JSON text) for one file."""
        when = self.now - datetime.timedelta(minutes=1)
        key = ec.generate_private_key(ec.SECP256R1())
        leaf = self._leaf(key, repository, workflow, when)
        statement = json.dumps({
            "_type": "https://in-toto.io/Statement/v1",
            "subject": [{"name": filename, "digest": {"sha256": sha256_hex}}],
            "predicateType": PYPI_PREDICATE, "predicate": None},
            separators=(",", ":")).encode()
        sig = _sign(key, pae("application/vnd.in-toto+json", statement))
        pem = leaf.public_bytes(serialization.Encoding.PEM)
        body = json.dumps({
            "apiVersion": "0.0.1", "kind": "dsse",
            "spec": {"envelopeHash": {"algorithm": "sha256", "value": "0" * 64},
                     "payloadHash": {"algorithm": "sha256",
                                     "value": hashlib.sha256(statement).hexdigest()},
                     "signatures": [{"signature": b64(sig), "verifier": b64(pem)}]}},
            separators=(",", ":"), sort_keys=True).encode()
        # A two-leaf tree: this entry at index 0, another entry beside it.
        h0 = hashlib.sha256(b"\x00" + body).digest()
        h1 = hashlib.sha256(b"\x00" + b"another entry").digest()
        root = hashlib.sha256(b"\x01" + h0 + h1).digest()
        note = "rekor.invalid - 1\n2\n%s\n" % b64(root)
        csig = _sign(self.log_key, note.encode())
        checkpoint = note + "\n\u2014 rekor.invalid %s\n" % b64(self.log_id[:4] + csig)
        self.index += 1
        t = int(when.timestamp())
        set_payload = ('{"body":"%s","integratedTime":%d,"logID":"%s","logIndex":%d}'
                       % (b64(body), t, self.log_id.hex(), self.index)).encode()
        entry = {
            "logIndex": str(self.index),
            "logId": {"keyId": b64(self.log_id)},
            "kindVersion": {"kind": "dsse", "version": "0.0.1"},
            "integratedTime": str(t),
            "inclusionPromise": {"signedEntryTimestamp": b64(_sign(self.log_key, set_payload))},
            "inclusionProof": {"logIndex": "0", "rootHash": b64(root), "treeSize": "2",
                               "hashes": [b64(h1)], "checkpoint": {"envelope": checkpoint}},
            "canonicalizedBody": b64(body),
        }
        att = {"version": 1,
               "verification_material": {
                   "certificate": b64(leaf.public_bytes(serialization.Encoding.DER)),
                   "transparency_entries": [entry]},
               "envelope": {"statement": b64(statement), "signature": b64(sig)}}
        return json.dumps({"version": 1, "attestation_bundles": [{
            "publisher": {"kind": "GitHub", "repository": repository,
                          "workflow": workflow, "environment": environment,
                          "claims": None},
            "attestations": [att]}]}, indent=1)


def tamper_signature(doc):
    """The same provenance with one byte of the DSSE signature flipped."""
    d = json.loads(doc)
    env = d["attestation_bundles"][0]["attestations"][0]["envelope"]
    sig = bytearray(base64.b64decode(env["signature"]))
    sig[-1] ^= 0x01
    env["signature"] = b64(bytes(sig))
    return json.dumps(d, indent=1)
